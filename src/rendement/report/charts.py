"""Charts as inline SVG: Altair specifications rendered by vl-convert, no browser, no network.

Each function takes figures already computed by the engine and returns an SVG string. Labels
come from the message catalogue; numbers are only arranged, never computed here.
"""

from __future__ import annotations

import math
import re
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
_FONT = "DejaVu Sans, WenQuanYi Zen Hei, Helvetica, Arial, sans-serif"


# d3-format locales (in _svg): axis numbers read 600.000 in Dutch, 600,000 in English
_HIDDEN_TEXT = re.compile(r'<text[^>]*\sopacity="0"[^>]*>[^<]*</text>')


def _svg(chart: alt.TopLevelMixin, lang: str) -> str:
    spec = (
        chart.configure(font=_FONT)
        .configure_view(stroke=None)
        # labels that would touch are left out, with room to spare for the real font's widths
        .configure_axis(labelOverlap="greedy", labelSeparation=6)
        .to_dict()
    )
    svg: str = vl_convert.vegalite_to_svg(
        spec, format_locale="en-GB" if lang == "en" else "nl-NL", allowed_base_urls=[]
    )
    # labels Vega hid to avoid overlap stay in the SVG at opacity 0: in a PDF they would still
    # be text (copied, searched, read aloud) lying on top of the labels shown
    svg = _HIDDEN_TEXT.sub("", svg)
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
    return _svg(chart, lang)


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
    return _svg((bars + line).properties(width=WIDTH, title=text("chart.flows", lang)), lang)


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
            # every bar keeps its whole name: cut at 180 px, two paths of one outcome looked alike
            y=alt.Y("parameter:N", sort=order, title=None, axis=alt.Axis(labelLimit=0)),
        )
    )
    base = (
        alt.Chart(alt.Data(values=[{"npv": sens.base_npv}]))
        .mark_rule(color="black")
        .encode(x="npv:Q")
    )
    return _svg(
        (ranges + base).properties(width=WIDTH - 120, title=text("tornado.title", lang)), lang
    )


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
    return _svg((bars + zero).properties(width=WIDTH, title=text("chart.distribution", lang)), lang)


def funnel_chart(funnel: dict[str, int], lang: str) -> str:
    steps = [
        {"step": text("funnel.longlist", lang), "n": funnel["longlist"], "k": 0},
        {"step": text("funnel.included", lang), "n": funnel["included"], "k": 1},
        {"step": text("funnel.quantitative", lang), "n": funnel["quantitative"], "k": 2},
    ]
    bars = (
        alt.Chart(alt.Data(values=steps))
        .mark_bar(color=NEUTRAL)
        .encode(
            x=alt.X("n:Q", title=text("funnel.cases", lang)),
            y=alt.Y("step:N", sort=[s["step"] for s in steps], title=None),
        )
    )
    labels = bars.mark_text(align="left", dx=4, color="black").encode(text="n:Q")
    return _svg(
        (bars + labels).properties(width=WIDTH - 100, title=text("funnel.title", lang)), lang
    )


def quadrant_chart(cases: list[dict[str, Any]], lang: str) -> str:
    """One mark per case on the two typology axes; size by investment, colour by ratio.

    ``cases`` hold ``approach``, ``problems``, ``ratio``, ``investment``, ``label`` and a
    small ``dx``/``dy`` offset so marks in one quadrant do not hide each other.
    """
    placed = [c for c in cases if c.get("approach") and c.get("problems")]
    if not placed:
        return ""
    rows = [
        {
            "x": (0.0 if c["approach"] == "preventive" else 1.0) + c["dx"],
            "y": (0.0 if c["problems"] == "single" else 1.0) + c["dy"],
            "ratio": c.get("ratio"),
            "investment": c.get("investment") or 0.0,
            "label": c["label"],
        }
        for c in placed
    ]
    axis_x = alt.Axis(
        values=[0, 1],
        labelExpr=f"datum.value == 0 ? '{text('quadrant.preventive', lang)}' : "
        f"'{text('quadrant.curative', lang)}'",
        grid=False,
    )
    axis_y = alt.Axis(
        values=[0, 1],
        labelExpr=f"datum.value == 0 ? '{text('quadrant.single', lang)}' : "
        f"'{text('quadrant.multiple', lang)}'",
        grid=False,
    )
    points = (
        alt.Chart(alt.Data(values=rows))
        .mark_circle(opacity=0.8, stroke="black", strokeWidth=0.5)
        .encode(
            x=alt.X("x:Q", scale=alt.Scale(domain=[-0.5, 1.5]), axis=axis_x, title=None),
            y=alt.Y("y:Q", scale=alt.Scale(domain=[-0.5, 1.5]), axis=axis_y, title=None),
            size=alt.Size(
                "investment:Q", title=text("investment", lang), scale=alt.Scale(range=[40, 900])
            ),
            color=alt.Color(
                "ratio:Q",
                title=text("ratio", lang),
                scale=alt.Scale(scheme="redyellowgreen", domainMid=1),
            ),
            tooltip=["label:N", "ratio:Q"],
        )
    )
    cross = alt.Chart(alt.Data(values=[{"v": 0.5}])).mark_rule(color="#999")
    lines = cross.encode(x="v:Q") + cross.encode(y="v:Q")
    return _svg(
        (lines + points).properties(width=360, height=300, title=text("quadrant.title", lang)),
        lang,
    )


def forest_rows(cases: list[dict[str, Any]], limit: int | None = None) -> list[dict[str, Any]]:
    """The cases a forest plot draws: those with a ratio and an interval; with ``limit``, the
    ``limit`` with the narrowest interval on the log scale (the largest weights), in their
    order. A plot of hundreds of rows is read by nobody; the pooled estimate uses them all."""
    rows = [c for c in cases if c.get("low") and c.get("high") and c.get("ratio")]
    if limit is None or len(rows) <= limit:
        return rows
    width = {id(c): math.log(c["high"]) - math.log(c["low"]) for c in rows}
    keep = {id(c) for c in sorted(rows, key=lambda c: width[id(c)])[:limit]}
    return [c for c in rows if id(c) in keep]


def forest_chart(
    cases: list[dict[str, Any]], pooled: dict[str, Any] | None, lang: str, limit: int | None = None
) -> str:
    """Each case's ratio with its 95% interval on a log axis, and the pooled estimate."""
    rows = forest_rows(cases, limit)
    if not rows:
        return ""
    label_all = text("forest.pooled", lang)
    order = [c["label"] for c in rows] + ([label_all] if pooled else [])
    data = [
        {"label": c["label"], "ratio": c["ratio"], "low": c["low"], "high": c["high"]} for c in rows
    ]
    scale = alt.Scale(type="log")
    lines = (
        alt.Chart(alt.Data(values=data))
        .mark_rule(color=NEUTRAL)
        .encode(
            x=alt.X("low:Q", scale=scale, title=text("ratio", lang)),
            x2="high:Q",
            y=alt.Y("label:N", sort=order, title=None),
        )
    )
    dots = (
        alt.Chart(alt.Data(values=data))
        .mark_square(color=NEUTRAL, size=60)
        .encode(x=alt.X("ratio:Q", scale=scale), y=alt.Y("label:N", sort=order))
    )
    layers = lines + dots
    if pooled and pooled.get("ratio") and pooled.get("ci"):
        summary = [
            {
                "label": label_all,
                "ratio": pooled["ratio"],
                "low": pooled["ci"][0],
                "high": pooled["ci"][1],
            }
        ]
        layers = (
            layers
            + (
                alt.Chart(alt.Data(values=summary))
                .mark_rule(color=GAIN, strokeWidth=4)
                .encode(x=alt.X("low:Q", scale=scale), x2="high:Q", y=alt.Y("label:N", sort=order))
            )
            + (
                alt.Chart(alt.Data(values=summary))
                .mark_point(shape="diamond", color=GAIN, filled=True, size=160)
                .encode(x=alt.X("ratio:Q", scale=scale), y=alt.Y("label:N", sort=order))
            )
        )
    one = (
        alt.Chart(alt.Data(values=[{"x": 1}]))
        .mark_rule(color="black", strokeDash=[4, 3])
        .encode(x="x:Q")
    )
    return _svg(
        (layers + one).properties(width=WIDTH - 160, title=text("forest.title", lang)), lang
    )
