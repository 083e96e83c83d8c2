"""The PIT histogram of the registry report (method.md §14): calibrated forecasts give a flat
histogram; optimistic ones pile up near 0, cautious ones near 1."""

from __future__ import annotations

import altair as alt

from rendement.report.charts import NEUTRAL, WIDTH, _svg
from rendement.texts import text


def pit_histogram_chart(counts: list[int], lang: str) -> str:
    """Bars of ``counts`` over equal bins of [0, 1], with the flat line of calibration."""
    if not counts or not sum(counts):
        return ""
    width = 1.0 / len(counts)
    rows = [{"low": b * width, "high": (b + 1) * width, "n": n} for b, n in enumerate(counts)]
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color=NEUTRAL, stroke="white")
        .encode(
            x=alt.X("low:Q", title=text("forecast.pit", lang), scale=alt.Scale(domain=[0, 1])),
            x2="high:Q",
            y=alt.Y("n:Q", title=text("calibration.pairs_axis", lang)),
        )
    )
    flat = (
        alt.Chart(alt.Data(values=[{"n": sum(counts) / len(counts)}]))
        .mark_rule(strokeDash=[4, 3], color="black")
        .encode(y="n:Q")
    )
    return _svg(
        (bars + flat).properties(
            width=WIDTH - 100, height=180, title=text("calibration.pit_histogram", lang)
        ),
        lang,
    )
