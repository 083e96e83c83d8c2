"""Tables for project alternatives (method.md §13): the overview with one column per option
(do nothing as the zero reference), the increments, P(best) and the acceptability curve."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from rendement.cli.limits import MAX_DRAWS, MIN_DRAWS, check_count
from rendement.cli.tables import user
from rendement.texts import figure, money, number, percent, text

if TYPE_CHECKING:  # the results it presents
    from rendement.engine import Evaluation
    from rendement.engine.alternatives import OptionResult, Overview
    from rendement.engine.choice import Acceptability, Choice

DO_NOTHING = "do-nothing"


def option_title(option_id: str, titles: dict[str, str], lang: str) -> str:
    if option_id == DO_NOTHING:
        return text("alternatives.do_nothing", lang)
    return titles.get(option_id, option_id)


def irr_text(r: OptionResult, lang: str) -> str:
    if r.irr.rate is None:
        return text(f"alternatives.irr.{r.irr.reason}", lang)
    return percent(r.irr.rate, lang, 1)


def _payback(ev: Evaluation, lang: str) -> str:
    if ev.payback_years is None:
        return "–"
    return f"{number(ev.payback_years, lang, 1)} {text('years_unit', lang)}"


def _pm(ev: Evaluation) -> str:
    if not ev.pm_items:
        return "–"
    plus = sum(1 for p in ev.pm_items if p.direction == "positive")
    return f"{plus}+ {len(ev.pm_items) - plus}−"


def overview_table(overview: Overview, lang: str, currency: str) -> Table:
    """One column per option, do nothing first; rows as an MKBA overview table has them."""
    options = overview.options
    table = Table(title=text("alternatives.title", lang), title_justify="left")
    table.add_column("")
    table.add_column(text("alternatives.do_nothing", lang), justify="right")
    for r in options:
        table.add_column(user(r.title), justify="right")
    zero = money(0.0, lang, currency)

    def row(label: str | Text, nothing: str, cells: list[str]) -> None:
        table.add_row(label, nothing, *cells)

    evs = [r.evaluation for r in options]
    row(text("pv_investment", lang), zero, [money(e.pv_investment, lang, currency) for e in evs])
    row(text("pv_benefits", lang), zero, [money(e.pv_benefits, lang, currency) for e in evs])
    row(text("npv", lang), zero, [money(e.npv, lang, currency) for e in evs])
    row(text("sroi_ratio", lang), "–", [number(e.sroi_ratio, lang) for e in evs])
    row(text("bcr", lang), "–", [number(e.bcr, lang) for e in evs])
    row(text("alternatives.irr", lang), "–", [irr_text(r, lang) for r in options])
    row(text("payback_years", lang), "–", [_payback(e, lang) for e in evs])
    row(text("alternatives.pm", lang), "–", [_pm(e) for e in evs])
    row(text("conclusion", lang), "–", [text(f"conclusion.{e.conclusion}", lang) for e in evs])
    for k, s in enumerate(evs[0].stakeholders):
        row(
            user(f"{text('net', lang)}: {s.name}"),
            zero,
            [money(e.stakeholders[k].net, lang, currency) for e in evs],
        )
    return table


def increments_table(overview: Overview, lang: str, currency: str) -> Table:
    titles = {r.id: r.title for r in overview.options}
    reference = option_title(overview.reference, titles, lang)
    table = Table(
        title=user(text("alternatives.increments", lang, reference=reference)),
        title_justify="left",
    )
    table.add_column(text("alternatives.option", lang))
    for key in ("d_investment", "d_benefits", "d_npv", "incremental_ratio"):
        table.add_column(text(f"alternatives.{key}", lang), justify="right")
    for i in overview.increments:
        table.add_row(
            user(option_title(i.id, titles, lang)),
            money(i.d_investment, lang, currency),
            money(i.d_benefits, lang, currency),
            money(i.d_npv, lang, currency),
            number(i.incremental_ratio, lang) if i.incremental_ratio is not None else "–",
        )
    return table


def print_comparison(
    overview: Overview,
    choice: Choice | None,
    lang: str,
    currency: str,
    console: Console | None = None,
) -> None:
    console = console or Console(highlight=False)
    console.print()
    console.print(overview_table(overview, lang, currency))
    console.print(text("alternatives.irr_note", lang))
    if overview.increments:
        console.print()
        console.print(increments_table(overview, lang, currency))
    if choice is not None:
        titles = {r.id: r.title for r in overview.options}
        # the title as a line of its own: a narrow table would wrap it
        console.print()
        console.print(
            text(
                "alternatives.p_best_title",
                lang,
                draws=number(choice.draws, lang, 0),
                seed=choice.seed,
            )
        )
        table = Table()
        table.add_column(text("alternatives.option", lang))
        table.add_column(text("alternatives.p_best", lang), justify="right")
        for option_id, p in choice.p_best:
            table.add_row(user(option_title(option_id, titles, lang)), percent(p, lang))
        console.print(table)
        console.print(text("alternatives.tie_note", lang))


def print_acceptability(
    curve: Acceptability, titles: dict[str, str], lang: str, console: Console | None = None
) -> None:
    console = console or Console(highlight=False)
    table = Table(
        title=user(
            text(
                "alternatives.curve_title",
                lang,
                parameter=curve.parameter,
                draws=number(curve.draws, lang, 0),
                seed=curve.seed,
            )
        ),
        title_justify="left",
    )
    table.add_column(user(curve.parameter))
    for option_id, _ in curve.points[0].p_best:
        table.add_column(user(option_title(option_id, titles, lang)), justify="right")
    for point in curve.points:
        table.add_row(figure(point.value, lang), *(percent(p, lang) for _, p in point.p_best))
    console.print(table)
    console.print(text("alternatives.curve_note", lang))


def acceptability_command(
    file: Path,
    alternatives: bool,
    parameter: str | None,
    draws: int,
    seed: int,
    as_json: bool,
    lang: str,
    max_bytes: int,
) -> None:
    """``rendement sensitivity FILE --alternatives --parameter PATH``."""
    if not alternatives:
        typer.echo("--parameter goes with --alternatives (the P(best) curve)", err=True)
        raise typer.Exit(code=2)
    if parameter is None:
        typer.echo(
            "--alternatives needs --parameter PATH, a ranged parameter such as "
            "outcomes.<id>.quantity",
            err=True,
        )
        raise typer.Exit(code=2)
    check_count("--draws", draws, MIN_DRAWS, MAX_DRAWS)
    from rendement.usecases.alternatives import acceptability_of
    from rendement.usecases.analysis import analyse_file

    analysis = analyse_file(file, None, max_bytes)
    curve = acceptability_of(analysis.structure, parameter, draws, seed)
    if as_json:
        from rendement.io.jsonio import acceptability_to_dict, finite_json

        typer.echo(finite_json(acceptability_to_dict(curve)))
        return
    titles = {"base": analysis.case.case.title}
    titles.update({k: a.title for k, a in analysis.case.alternatives.items()})
    print_acceptability(curve, titles, lang)
