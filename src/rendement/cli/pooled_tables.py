"""Rich output of the workshop's figures: per pooled parameter who said what and the pool
(method.md §12), and the assurance checklist (engine/assurance.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from rendement.cli.tables import user
from rendement.io.assurance_text import advice_text, check_title
from rendement.texts import figure, number, percent, text

if TYPE_CHECKING:
    from rendement.engine.assurance import AssuranceCheck
    from rendement.engine.pooling import PooledParameter


def pooled_table(p: PooledParameter, lang: str) -> Table:
    caption_value = text("pooled.value_agreed" if p.agreed else "pooled.value_median", lang)
    spread = (
        number(p.disagreement, lang)
        if p.disagreement is not None
        else text("pooled.disagreement_undefined", lang)
    )
    table = Table(
        title=user(text("pooled.title", lang, parameter=p.parameter)),
        title_justify="left",
        caption=f"{caption_value}: {figure(p.value, lang)} · "
        f"{text('pooled.disagreement', lang)}: {spread}",
        caption_justify="left",
        show_footer=True,
    )
    table.add_column(text("pooled.by", lang), footer=text("pooled.pool", lang))
    table.add_column(text("pooled.weight", lang), justify="right", footer=percent(1.0, lang, 0))
    for key in ("pooled.low", "pooled.likely", "pooled.high"):
        table.add_column(text(key, lang), justify="right")
    for key, total in (("stat.p5", p.p5), ("stat.p50", p.p50), ("stat.p95", p.p95)):
        table.add_column(text(key, lang), justify="right", footer=figure(total, lang))
    for e in p.estimates:
        table.add_row(
            user(e.by),
            percent(e.share, lang, 0),
            figure(e.low, lang),
            figure(e.value, lang),
            figure(e.high, lang),
            figure(e.p5, lang),
            figure(e.p50, lang),
            figure(e.p95, lang),
        )
    return table


def print_pooled(
    pooled: tuple[PooledParameter, ...], lang: str, console: Console | None = None
) -> None:
    console = console or Console(highlight=False)
    for p in pooled:
        console.print()
        console.print(pooled_table(p, lang))


def print_assurance(
    checks: tuple[AssuranceCheck, ...], lang: str, console: Console | None = None
) -> None:
    """A short checklist: ✓ or ✗ per check, and under a ✗ what to do."""
    console = console or Console(highlight=False)
    passed = sum(c.passed for c in checks)
    console.print()
    console.print(
        f"{text('assurance.title', lang)}: "
        f"{text('assurance.summary', lang, passed=passed, total=len(checks))}"
    )
    for c in checks:
        mark = "✓" if c.passed else "✗"
        console.print(user(f"  {mark} {check_title(c, lang)}"))
        advice = advice_text(c, lang)
        if advice is not None:
            console.print(user(f"      {advice}"))
