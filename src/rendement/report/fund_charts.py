"""The fund's chart as inline SVG (method.md §16): per year, each party's gains stacked above
zero and its payments into the fund below, with the fund balance as a line."""

from __future__ import annotations

from typing import Any

import altair as alt

from rendement.engine.fund import FundResult
from rendement.report.charts import NEUTRAL, WIDTH, _svg
from rendement.texts import text


def fund_chart(result: FundResult, lang: str) -> str:
    rows: list[dict[str, Any]] = []
    parties: list[str] = []
    gains, paid = text("value", lang), text("fund.contribution", lang)
    for p in result.parties:
        shown = False
        for y in p.by_year:
            gain = y.cashable + y.non_cashable
            if gain:
                rows.append({"year": y.t, "party": p.name, "amount": gain, "kind": gains})
                shown = True
            if y.contribution:
                rows.append({"year": y.t, "party": p.name, "amount": -y.contribution, "kind": paid})
                shown = True
        if shown:
            parties.append(p.name)
    if not rows:
        return ""
    balance = [{"year": y.t, "balance": y.balance} for y in result.years]
    unit = f"{result.currency} ({result.price_year})"
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=text("fund.year", lang)),
            y=alt.Y("amount:Q", title=unit, stack="zero"),
            color=alt.Color(
                "party:N",
                sort=parties,
                scale=alt.Scale(scheme="tableau20"),
                legend=alt.Legend(title=text("fund.party", lang), orient="bottom", columns=3),
            ),
            # payments into the fund (below zero) paler than the gains above it
            opacity=alt.Opacity(
                "kind:N",
                scale=alt.Scale(domain=[gains, paid], range=[1.0, 0.55]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
        )
    )
    line = (
        alt.Chart(alt.Data(values=balance))
        .mark_line(point=True, color=NEUTRAL, strokeWidth=2.5)
        .encode(x="year:O", y="balance:Q")
    )
    chart = (bars + line).properties(width=WIDTH, title=text("report.fund.chart", lang))
    return _svg(chart, lang)
