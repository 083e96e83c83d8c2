"""Rich tables for a fund over a portfolio (method.md §16)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from rendement.cli.tables import proposal_table, user
from rendement.texts import money, number, percent, text

if TYPE_CHECKING:  # the results it presents; nothing of the engine runs here
    from rendement.engine.fund import FundResult, PartyRow


def _year(t: int | None, lang: str) -> str:
    return text("fund.never", lang) if t is None else str(t)


def totals_table(result: FundResult, lang: str) -> Table:
    cur = result.currency
    table = Table(title=text("fund.totals", lang), title_justify="left", show_footer=True)
    table.add_column(text("fund.party", lang), footer=text("total", lang))
    rows = result.parties
    for key, attr in (
        ("fund.investment", "investment"),
        ("fund.cashable", "cashable"),
        ("fund.non_cashable", "non_cashable"),
        ("fund.contribution", "contribution"),
        ("fund.npv", "npv"),
    ):
        total = sum(getattr(p, attr) for p in rows)
        table.add_column(text(key, lang), justify="right", footer=money(total, lang, cur))
    table.add_column(text("fund.break_even", lang), justify="right")
    simulated = result.simulation is not None
    if simulated:
        table.add_column(text("fund.p_net", lang), justify="right")
    for p in rows:
        cells: list[Text | str] = [
            user(p.name),
            money(p.investment, lang, cur),
            money(p.cashable, lang, cur),
            money(p.non_cashable, lang, cur),
            money(p.contribution, lang, cur),
            money(p.npv, lang, cur),
            _year(p.break_even_year, lang),
        ]
        if simulated:
            p_net = p.p_net_nonnegative
            cells.append(percent(p_net, lang) if p_net is not None else "–")
        table.add_row(*cells)
    return table


def _has_flows(p: PartyRow) -> bool:
    return any(y.investment or y.cashable or y.non_cashable or y.contribution for y in p.by_year)


def party_year_table(result: FundResult, p: PartyRow, lang: str) -> Table:
    cur = result.currency
    title = text("fund.by_year", lang, party=p.name)
    table = Table(title=user(title), title_justify="left")
    table.add_column(text("fund.year", lang), justify="right")
    for key in ("fund.investment", "fund.cashable", "fund.non_cashable", "fund.contribution"):
        table.add_column(text(key, lang), justify="right")
    for y in p.by_year:
        table.add_row(
            str(y.t),
            money(y.investment, lang, cur),
            money(y.cashable, lang, cur),
            money(y.non_cashable, lang, cur),
            money(y.contribution, lang, cur),
        )
    return table


def balance_table(result: FundResult, lang: str) -> Table:
    cur = result.currency
    table = Table(title=text("fund.balance_title", lang), title_justify="left")
    table.add_column(text("fund.year", lang), justify="right")
    for key in ("fund.costs", "fund.contributions", "fund.balance"):
        table.add_column(text(key, lang), justify="right")
    for y in result.years:
        table.add_row(
            str(y.t),
            money(y.costs, lang, cur),
            money(y.contributions, lang, cur),
            money(y.balance, lang, cur),
        )
    return table


def compensating_table(result: FundResult, lang: str) -> Table | None:
    comp = result.compensating
    if not comp.rows:
        return None
    title, first = text("cofinancing.compensating", lang), text("fund.party", lang)
    return proposal_table(comp.rows, title, first, lang, result.currency)


def print_fund(result: FundResult, lang: str, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    cur = result.currency
    rule = text(f"fund.rule.{result.rule.rule}", lang)
    console.print(user(f"{result.title} — {rule}"))
    console.print(
        text(
            "fund.conventions",
            lang,
            members=len(result.members),
            horizon=result.horizon,
            price_year=result.price_year,
            rate=number(result.discount_rate * 100, lang),
        )
    )
    console.print(totals_table(result, lang))
    quiet = []
    for p in result.parties:
        if _has_flows(p):
            console.print(party_year_table(result, p, lang))
        else:
            quiet.append(p.name)
    if quiet:
        console.print(user(text("fund.no_flows", lang, parties=", ".join(quiet))))
    console.print()
    console.print(balance_table(result, lang))
    if result.first_shortfall_year is None:
        console.print(text("fund.no_shortfall", lang))
    else:
        console.print(
            text(
                "fund.shortfall",
                lang,
                year=result.first_shortfall_year,
                bridging=money(result.bridging_capital, lang, cur),
            )
        )
    sim = result.simulation
    if sim is not None:
        b = sim.bridging_capital
        console.print(
            text(
                "fund.simulated",
                lang,
                draws=f"{sim.draws:,}",
                p_shortfall=percent(sim.p_shortfall, lang),
                p5=money(b.p5, lang, cur),
                p50=money(b.p50, lang, cur),
                p95=money(b.p95, lang, cur),
            )
        )
    console.print()
    table = compensating_table(result, lang)
    if table is not None:
        console.print(table)
        console.print(text("cofinancing.compensating_note", lang))
    elif result.compensating.shortfall is not None:
        shortfall = money(result.compensating.shortfall, lang, cur)
        console.print(text("cofinancing.shortfall", lang, shortfall=shortfall))
