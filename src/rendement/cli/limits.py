"""Bounds on the amount of work one option may ask for (issue 11, bounded work).

Typer's own ``min=``/``max=`` print a usage block over several lines; a count out of bounds
gets one line instead, naming the option and the limit, and exit status 2.
"""

from __future__ import annotations

import typer

# 10^8 draws is ~1,000 s on the synthetic 50-outcome case; beyond it a run never ends in practice
MAX_DRAWS = 100_000_000
# a simulation summarises a spread (sd, percentiles): one draw has none
MIN_DRAWS = 2
MAX_RESAMPLES = 1_000_000
MIN_RESAMPLES = 100


def check_count(option: str, value: int, minimum: int, maximum: int, *, none: str = "") -> None:
    """Exit with one line when ``value`` is outside ``[minimum, maximum]``.

    ``none`` names a value below the minimum that is allowed anyway (``0: no simulation``).
    """
    if value > maximum:
        message = f"at most {maximum:,}"
    elif value < minimum:
        message = f"at least {minimum:,}" + (f" ({none})" if none else "")
    else:
        return
    typer.echo(f"{option} {value}: {message}", err=True)
    raise typer.Exit(code=2)
