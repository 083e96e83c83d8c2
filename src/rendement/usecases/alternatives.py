"""Compare a case's project alternatives (method.md §13), once for both shells.

:func:`compare` gives the overview (every option's result and IRR, the increments against a
reference) and, with draws, P(best) on common random numbers; :func:`acceptability_of` the
P(best) curve as one parameter moves over its range. The CLI calls them with a case file
read by :func:`rendement.usecases.analysis.analyse_file`; the web with the case it holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from rendement.engine import Structure
from rendement.engine.alternatives import BASE, Option, Overview, overview
from rendement.engine.alternatives import resolve_options as _resolve
from rendement.engine.choice import Acceptability, Choice, acceptability, p_best
from rendement.reference import load_catalogue, load_cpi
from rendement.usecases.analysis import MAX_DRAWS, check_draws


@dataclass(frozen=True)
class Comparison:
    """What a funder reads: the overview and, when simulated, P(best) per option."""

    overview: Overview
    choice: Choice | None = None


def options_of(structure: Structure) -> tuple[Option, ...]:
    """The case and its alternatives, resolved (already checked when the case was prepared)."""
    return _resolve(structure, load_catalogue(), load_cpi())


def compare(
    structure: Structure,
    reference: str | None = None,
    draws: int | None = None,
    seed: int = 0,
    limit: int = MAX_DRAWS,
) -> Comparison:
    """The overview against ``reference`` (default: the case itself); with ``draws``, P(best)
    of every option including do nothing. An unknown reference is a CaseError naming the
    known ones."""
    if draws is not None:
        check_draws(draws, limit)
    options = options_of(structure)
    table = overview(options, reference or BASE)  # an unknown reference fails here, first
    return Comparison(table, p_best(options, draws, seed) if draws is not None else None)


def acceptability_of(
    structure: Structure, parameter: str, draws: int, seed: int = 0, limit: int = MAX_DRAWS
) -> Acceptability:
    """P(best) of every option at 11 points of ``parameter``'s range; a parameter without a
    range, or unknown, is a CaseError that lists the ranged ones."""
    check_draws(draws, limit)
    return acceptability(options_of(structure), parameter, draws, seed)
