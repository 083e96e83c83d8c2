"""The alternatives section of a case report (method.md §13): the overview table with do
nothing as the zero reference, the increments, and P(best) as a chart (nothing computed here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt

from rendement.engine.alternatives import Overview
from rendement.engine.choice import Choice
from rendement.report.charts import GAIN, NEUTRAL, WIDTH, _svg
from rendement.texts import text

DO_NOTHING = "do-nothing"


@dataclass(frozen=True)
class AlternativesView:
    overview: Overview
    choice: Choice | None
    titles: dict[str, str]  # option id -> title, do nothing included
    chart: str  # P(best) as SVG, or "" without draws


def titles_of(overview: Overview, lang: str) -> dict[str, str]:
    titles = {DO_NOTHING: text("alternatives.do_nothing", lang)}
    titles.update({r.id: r.title for r in overview.options})
    return titles


def p_best_chart(choice: Choice, titles: dict[str, str], lang: str) -> str:
    """One bar per option, do nothing first: the share of draws in which it is best."""
    rows: list[dict[str, Any]] = [
        {"option": titles.get(k, k), "p": p, "nothing": k == DO_NOTHING} for k, p in choice.p_best
    ]
    order = [r["option"] for r in rows]
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X(
                "p:Q",
                title=text("alternatives.p_best", lang),
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            y=alt.Y("option:N", sort=order, title=None, axis=alt.Axis(labelLimit=0)),
            color=alt.Color(
                "nothing:N",
                scale=alt.Scale(domain=[True, False], range=[NEUTRAL, GAIN]),
                legend=None,
            ),
        )
    )
    labels = bars.mark_text(align="left", dx=4, color="black").encode(
        text=alt.Text("p:Q", format=".1%")
    )
    return _svg(
        (bars + labels).properties(width=WIDTH - 160, title=text("alternatives.chart_title", lang)),
        lang,
    )


def alternatives_view(overview: Overview, choice: Choice | None, lang: str) -> AlternativesView:
    titles = titles_of(overview, lang)
    chart = p_best_chart(choice, titles, lang) if choice is not None else ""
    return AlternativesView(overview, choice, titles, chart)
