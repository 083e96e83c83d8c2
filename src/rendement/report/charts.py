"""Charts as inline SVG: Altair specifications rendered by vl-convert, no browser, no network.

Each function takes figures already computed by the engine and returns an SVG string. Labels
come from the message catalogue; numbers are only arranged, never computed here.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import vl_convert

from rendement.engine import Evaluation
from rendement.engine.sensitivity import Sensitivity
from rendement.engine.simulate import Simulation
from rendement.texts import text

INVEST = "#c0504d"  # who pays
GAIN = "#2e7d5b"  # who gains
NEUTRAL = "#4f6d8f"
WIDTH = 520
_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


def _svg(chart: alt.TopLevelMixin) -> str:
    spec = chart.configure(font=_FONT).configure_view(stroke=None).to_dict()
    svg: str = vl_convert.vegalite_to_svg(spec)
    # the page supplies the background; a fixed white rectangle would hide print margins
    return svg.replace('<rect width="', '<rect data-background="1" width="', 1)


def stakeholder_chart(ev: Evaluation, lang: str) -> str:
    """Who invests (left, red) and who gains (right, green), per stakeholder."""
    rows: list[dict[str, Any]] = []
    for s in ev.stakeholders:
        if s.investment:
            rows.append({"who": s.name, "amount": -s.investment, "kind": text("investment", lang)})
        if s.value:
            rows.append({"who": s.name, "amount": s.value, "kind": text("value", lang)})
    if not rows:
        return ""
    order = [s.name for s in ev.stakeholders]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("amount:Q", title=f"{ev.conventions.currency} ({ev.conventions.price_year})"),
            y=alt.Y("who:N", sort=order, title=None),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(
                    domain=[text("investment", lang), text("value", lang)], range=[INVEST, GAIN]
                ),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
        )
        .properties(width=WIDTH, title=text("chart.stakeholders", lang))
    )
    return _svg(chart)


def flows_chart(ev: Evaluation, lang: str) -> str:
    """Benefits and investment per year (present values) and the cumulative balance."""
    rows: list[dict[str, Any]] = []
    cumulative: list[dict[str, Any]] = []
    running = 0.0
    for y in ev.years:
        rows.append({"year": y.t, "amount": y.pv_benefits, "kind": text("benefits", lang)})
        rows.append({"year": y.t, "amount": -y.pv_investment, "kind": text("investment", lang)})
        running += y.pv_benefits - y.pv_investment
        cumulative.append({"year": y.t, "balance": running})
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=text("year", lang)),
            y=alt.Y("amount:Q", title=text("chart.pv", lang)),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(
                    domain=[text("benefits", lang), text("investment", lang)], range=[GAIN, INVEST]
                ),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
        )
    )
    line = (
        alt.Chart(alt.Data(values=cumulative))
        .mark_line(point=True, color=NEUTRAL)
        .encode(x="year:O", y="balance:Q")
    )
    return _svg((bars + line).properties(width=WIDTH, title=text("chart.flows", lang)))


def tornado_chart(sens: Sensitivity, lang: str, limit: int = 12) -> str:
    bars = sens.tornado[:limit]
    if not bars:
        return ""
    rows = [
        {
            "parameter": b.parameter,
            "from": min(b.npv_low, b.npv_high),
            "to": max(b.npv_low, b.npv_high),
        }
        for b in bars
    ]
    order = [b.parameter for b in bars]
    ranges = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color=NEUTRAL)
        .encode(
            x=alt.X("from:Q", title=text("npv", lang)),
            x2="to:Q",
            y=alt.Y("parameter:N", sort=order, title=None),
        )
    )
    base = (
        alt.Chart(alt.Data(values=[{"npv": sens.base_npv}]))
        .mark_rule(color="black")
        .encode(x="npv:Q")
    )
    return _svg((ranges + base).properties(width=WIDTH - 120, title=text("tornado.title", lang)))


def distribution_chart(sim: Simulation, lang: str) -> str:
    edges, counts = sim.npv_histogram
    if not counts:
        return ""
    rows = [
        {"from": edges[k], "to": edges[k + 1], "count": counts[k], "positive": edges[k] >= 0}
        for k in range(len(counts))
    ]
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("from:Q", bin="binned", title=text("npv", lang)),
            x2="to:Q",
            y=alt.Y("count:Q", title=text("chart.draws", lang)),
            color=alt.Color(
                "positive:N",
                scale=alt.Scale(domain=[False, True], range=[INVEST, GAIN]),
                legend=None,
            ),
        )
    )
    zero = alt.Chart(alt.Data(values=[{"x": 0}])).mark_rule(color="black").encode(x="x:Q")
    return _svg((bars + zero).properties(width=WIDTH, title=text("chart.distribution", lang)))
