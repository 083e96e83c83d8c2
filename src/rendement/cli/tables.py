"""Rich tables for a computed case, laid out as the source reports lay out theirs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from rendement.io.notices import notice_text
from rendement.report.neutral import neutralise
from rendement.texts import figure, money, number, percent, text

if TYPE_CHECKING:  # the results it presents; nothing of the engine runs here
    from rendement.engine import Evaluation
    from rendement.engine.cofinance import CofinancingRow
    from rendement.engine.sensitivity import Sensitivity
    from rendement.engine.simulate import Simulation


def user(value: str) -> Text:
    """User text as the terminal must show it: Rich markup (``[link=…]``, ``[red]``) printed
    as it stands, control and bidi characters shown by name (``\\x1b``, ``U+202E``).

    Every string that comes from a case file, a registry entry or the catalogue goes through
    here before a table or a line shows it; a ``Text`` is never parsed as markup.
    """
    return Text(neutralise(value))


def _payback(ev: Evaluation, lang: str) -> str:
    if ev.payback_years is None:
        return text("not_within_horizon", lang)
    return f"{number(ev.payback_years, lang)} {text('years_unit', lang)}"


def stakeholder_table(ev: Evaluation, lang: str) -> Table:
    cur = ev.conventions.currency
    table = Table(title=user(ev.title), title_justify="left", show_footer=True)
    table.add_column(text("stakeholder", lang), footer=text("total", lang))
    for key, total in (
        ("investment", ev.pv_investment),
        ("value", ev.pv_benefits),
        ("net", ev.npv),
    ):
        table.add_column(text(key, lang), justify="right", footer=money(total, lang, cur))
    for s in ev.stakeholders:
        table.add_row(
            user(s.name),
            money(s.investment, lang, cur) if s.investment else "–",
            money(s.value, lang, cur) if s.value else "–",
            money(s.net, lang, cur),
        )
    return table


def proposal_table(
    rows: Sequence[CofinancingRow], title: str, first: str, lang: str, currency: str
) -> Table:
    """Who pays what under a co-financing proposal (method.md §8): current, value, proposed,
    transfer and net after, one row per stakeholder or party."""
    table = Table(title=title, title_justify="left")
    table.add_column(first)
    for key in ("current", "value", "proposed", "transfer", "net_after"):
        table.add_column(text(key, lang), justify="right")
    for r in rows:
        table.add_row(
            user(r.name),
            *(
                money(x, lang, currency)
                for x in (r.investment, r.value, r.proposed, r.transfer, r.net_after)
            ),
        )
    return table


def cofinancing_table(ev: Evaluation, lang: str) -> Table | None:
    cof = ev.cofinancing
    if not cof.rows:
        return None
    title, first = text("cofinancing", lang), text("stakeholder", lang)
    return proposal_table(cof.rows, title, first, lang, ev.conventions.currency)


def compensating_table(ev: Evaluation, lang: str) -> Table | None:
    """method.md §8, the compensating proposal; None when there is none (see its shortfall)."""
    comp = ev.cofinancing.compensating
    if comp is None or not comp.rows:
        return None
    title, first = text("cofinancing.compensating", lang), text("stakeholder", lang)
    return proposal_table(comp.rows, title, first, lang, ev.conventions.currency)


def print_compensating(ev: Evaluation, lang: str, console: Console) -> None:
    comp = ev.cofinancing.compensating
    if comp is None:
        return
    console.print()
    table = compensating_table(ev, lang)
    if table is not None:
        console.print(table)
        console.print(text("cofinancing.compensating_note", lang))
    elif comp.shortfall is not None:
        shortfall = money(comp.shortfall, lang, ev.conventions.currency)
        console.print(text("cofinancing.shortfall", lang, shortfall=shortfall))


def labour_rows(ev: Evaluation, lang: str) -> Table | None:
    lab = ev.labour
    if not lab.professions:
        return None
    table = Table(title=text("labour.title", lang), title_justify="left", show_footer=True)
    table.add_column(text("labour.profession", lang), footer=text("labour.net", lang))
    table.add_column(text("labour.hours", lang), justify="right")
    table.add_column(text("labour.fte", lang), justify="right", footer=number(lab.freed_fte, lang))
    table.add_column(
        text("labour.staff", lang), justify="right", footer=number(lab.staff_fte, lang)
    )
    table.add_column(
        text("labour.balance", lang), justify="right", footer=number(lab.net_fte, lang)
    )
    for r in lab.professions:
        table.add_row(
            user(r.name_nl if lang == "nl" else r.name_en),
            number(r.hours, lang, 0),
            number(r.fte, lang),
            number(r.staff_fte, lang),
            number(r.fte - r.staff_fte, lang),
        )
    return table


def print_evaluation(ev: Evaluation, lang: str, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    cur = ev.conventions.currency
    console.print(stakeholder_table(ev, lang))
    figures = Table(show_header=False, box=None, padding=(0, 2))
    figures.add_column()
    figures.add_column(justify="right")
    figures.add_row(text("pv_investment", lang), money(ev.pv_investment, lang, cur))
    figures.add_row(text("pv_benefits", lang), money(ev.pv_benefits, lang, cur))
    figures.add_row(text("npv", lang), money(ev.npv, lang, cur))
    figures.add_row(text("sroi_ratio", lang), number(ev.sroi_ratio, lang))
    figures.add_row(text("net_sroi_ratio", lang), number(ev.net_sroi_ratio, lang))
    figures.add_row(text("bcr", lang), number(ev.bcr, lang))
    figures.add_row(text("payback_years", lang), _payback(ev, lang))
    figures.add_row(text("conclusion", lang), text(f"conclusion.{ev.conclusion}", lang))
    console.print(figures)
    if ev.pm_items:
        console.print(f"\n{text('pm_items', lang)}:")
        for p in ev.pm_items:
            label = p.description or p.id
            direction, weight = text(f"pm.{p.direction}", lang), text(f"pm.{p.weight}", lang)
            console.print(user(f"  • {label} ({direction}, {weight})"))
    cof = ev.cofinancing
    table = cofinancing_table(ev, lang)
    console.print()
    if table is None:
        console.print(text("cofinancing.none", lang))
    else:
        console.print(table)
        if not cof.covers_investment:
            console.print(
                text(
                    "cofinancing.short",
                    lang,
                    positive=money(cof.total_positive_value, lang, cur),
                    investment=money(cof.total_investment, lang, cur),
                )
            )
    print_compensating(ev, lang, console)
    labour_table = labour_rows(ev, lang)
    if labour_table is not None:
        console.print()
        console.print(labour_table)
    if ev.labour.uncounted:
        listed = ", ".join(f"{u.outcome} ({u.ref})" for u in ev.labour.uncounted)
        console.print(user(text("labour.uncounted", lang, outcomes=listed)))
    if ev.warnings:
        console.print(f"\n{text('warnings', lang)}:")
        for w in ev.warnings:
            console.print(user(f"  ! {notice_text(w, lang)}"))
    c = ev.conventions
    console.print(
        user(
            f"\n{text('conventions', lang)}: "
            + text(
                "conventions.line",
                lang,
                price_year=c.price_year,
                currency=c.currency,
                discounting=c.discounting,
                rate=percent(c.discount_rate, lang, 2),
                horizon=c.horizon,
                scenario=c.scenario,
            )
        )
    )


def print_simulation(
    sim: Simulation, ev: Evaluation, lang: str, console: Console | None = None
) -> None:
    console = console or Console(highlight=False)
    cur = ev.conventions.currency
    table = Table(
        title=text("simulation.title", lang, draws=number(sim.draws, lang, 0), seed=sim.seed),
        title_justify="left",
    )
    table.add_column("")
    for key in ("mean", "p5", "p50", "p95"):
        table.add_column(text(f"stat.{key}", lang), justify="right")
    table.add_row(
        text("npv", lang),
        *(money(getattr(sim.npv, k) or 0.0, lang, cur) for k in ("mean", "p5", "p50", "p95")),
    )
    for key, spread in (("sroi_ratio", sim.sroi_ratio), ("bcr", sim.bcr)):
        table.add_row(
            text(key, lang),
            *(number(getattr(spread, k), lang) for k in ("mean", "p5", "p50", "p95")),
        )
    console.print()
    console.print(table)
    facts = Table(show_header=False, box=None, padding=(0, 2))
    facts.add_column()
    facts.add_column(justify="right")
    facts.add_row(text("p_npv_positive", lang), percent(sim.p_npv_positive, lang))
    facts.add_row(text("mcse", lang), money(sim.npv_mcse, lang, cur))
    facts.add_row(text("evpi", lang), money(sim.evpi, lang, cur))
    console.print(facts)
    worth = [(path, v) for path, v in sim.evppi if v > 0][:5]
    if worth:
        console.print(f"\n{text('evppi', lang)}:")
        for path, v in worth:
            console.print(user(f"  {path}: {money(v, lang, cur)}"))
    risks = Table(title=text("risk.title", lang), title_justify="left")
    risks.add_column(text("stakeholder", lang))
    for key in ("p5", "p50", "p95"):
        risks.add_column(text(f"stat.{key}", lang), justify="right")
    risks.add_column(text("risk.p_net_positive", lang), justify="right")
    risks.add_column(text("risk.p_cofinanced", lang), justify="right")
    names = {s.id: s.name for s in ev.stakeholders}
    for r in sim.stakeholders:
        risks.add_row(
            user(names.get(r.id, r.id)),
            money(r.p5, lang, cur),
            money(r.p50, lang, cur),
            money(r.p95, lang, cur),
            percent(r.p_net_positive, lang),
            percent(r.p_net_positive_cofinanced, lang),
        )
    console.print()
    console.print(risks)


SENSITIVITY_ROWS = 40  # a terminal table past this is not read; --all or --json has the rest


def print_sensitivity(
    sens: Sensitivity,
    currency: str,
    lang: str,
    console: Console | None = None,
    limit: int | None = SENSITIVITY_ROWS,
) -> None:
    console = console or Console(highlight=False)
    console.print(f"{text('npv', lang)}: {money(sens.base_npv, lang, currency)}")
    if sens.tornado:
        table = Table(title=text("tornado.title", lang), title_justify="left")
        table.add_column(text("parameter", lang))
        for key in ("low", "high", "npv_low", "npv_high", "swing"):
            table.add_column(text(f"tornado.{key}", lang), justify="right")
        for b in sens.tornado[:limit]:
            table.add_row(
                user(b.parameter),
                figure(b.low, lang),
                figure(b.high, lang),
                money(b.npv_low, lang, currency),
                money(b.npv_high, lang, currency),
                money(b.swing, lang, currency),
            )
        console.print(table)
        _more(console, len(sens.tornado), limit, lang)
    else:
        console.print(text("tornado.none", lang))
    table = Table(title=text("switching.title", lang), title_justify="left")
    table.add_column(text("parameter", lang))
    table.add_column(text("switching.base", lang), justify="right")
    table.add_column(text("switching.value", lang), justify="right")
    found = [s for s in sens.switching_values if s.value is not None]
    for s in found[:limit]:
        table.add_row(user(s.parameter), figure(s.base, lang), figure(s.value, lang))
    console.print(table)
    _more(console, len(found), limit, lang)
    console.print(text("switching.note", lang))


def _more(console: Console, rows: int, limit: int | None, lang: str) -> None:
    if limit is not None and rows > limit:
        console.print(text("table.more", lang, n=rows - limit))
