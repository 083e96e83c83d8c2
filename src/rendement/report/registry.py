"""The registry report: funnel, quadrant map, forest plot and the SEOR-style tables."""

from __future__ import annotations

from typing import Any

from rendement.report import charts
from rendement.report.html import _environment, helpers, stylesheet


def _spread(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Small fixed offsets so cases in one quadrant sit side by side (layout only)."""
    counts: dict[tuple[Any, Any], int] = {}
    out = []
    for c in cases:
        key = (c.get("approach"), c.get("problems"))
        k = counts.get(key, 0)
        counts[key] = k + 1
        ring, slot = divmod(k, 8)
        angle = slot / 8 * 6.283185307179586
        radius = 0.12 * (ring + 1) if k else 0.0
        from math import cos, sin

        out.append({**c, "dx": radius * cos(angle), "dy": radius * sin(angle)})
    return out


def placed_cases(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The cases with the offsets the quadrant map draws them at (for pages that draw it)."""
    return _spread(cases)


def render_registry(
    meta: dict[str, Any],
    cases: list[dict[str, Any]],
    fields: tuple[str, ...],
    lang: str,
    notices: tuple[Any, ...] = (),
    calibration: dict[str, Any] | None = None,
) -> str:
    """``meta``: the JSON of ``rendement meta``; ``cases``: the selected entries as dicts with
    id, label, approach, problems, ratio, low, high, investment, status, analysis, method;
    ``notices``: the meta-analysis's warnings with their codes, said in ``lang``;
    ``calibration``: the JSON of ``meta --calibration``, for its section and PIT histogram."""
    placed = _spread(cases)
    included = [c for c in placed if c.get("status") == "included"]
    drawn = {
        "funnel": charts.funnel_chart(meta["funnel"], lang),
        "quadrants": charts.quadrant_chart(included, lang),
        "forest": charts.forest_chart(included, meta.get("random_effects"), lang),
    }
    if calibration and calibration.get("n_pairs"):
        from rendement.report.charts_forecast import pit_histogram_chart

        drawn["pit"] = pit_histogram_chart(calibration.get("pit_histogram", []), lang)
    template = _environment().get_template("registry.html.j2")
    return template.render(
        meta=meta,
        notices=notices,
        calibration=calibration,
        cases=cases,
        fields=fields,
        charts=drawn,
        css=stylesheet(),
        **helpers(lang, "EUR"),
    )
