"""The EffectenArena picture: boxes as tall as their euros, bands that fill their boxes, an
outcome that links to the editor, PM items dashed, and names written as text only."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from rendement.engine import evaluate
from rendement.model import parse_case
from rendement.report.arena import MIN_BOX, arena_svg

SVG = "{http://www.w3.org/2000/svg}"


def _draw(document: dict[str, Any], link: bool = True) -> ET.Element:
    case = parse_case(document)
    svg = arena_svg(
        case, evaluate(case), "nl", (lambda oid: f"/cases/x/y#outcome-{oid}") if link else None
    )
    return ET.fromstring(svg)


def _boxes(root: ET.Element) -> dict[str, float]:
    """Label text → box height, for every box with a title."""
    out_: dict[str, float] = {}
    for group in root.iter():
        title = group.find(f"{SVG}title")
        rect = group.find(f"{SVG}rect")
        if title is not None and rect is not None and title.text:
            out_[title.text] = float(rect.get("height", "0"))
    return out_


STAKEHOLDERS = [
    {"id": "gemeente", "name": "Gemeente", "kind": "municipality"},
    {"id": "zvw", "name": "Zorgverzekeraar", "kind": "health-insurer"},
    {"id": "welzijn", "name": "Welzijnsorganisatie", "kind": "welfare-organisation"},
    {"id": "bewoners", "name": "Bewoners", "kind": "clients"},
]


def _outcome(id: str, stakeholder: str, proxy: float, description: str) -> dict[str, Any]:
    return {
        "id": id,
        "stakeholder": stakeholder,
        "quantity": 1,
        "proxy": proxy,
        "description": description,
    }


DOC: dict[str, Any] = {
    "rendement": 1,
    "case": {"id": "test", "title": "Test", "price_year": 2024, "discount_rate": 0.0},
    "stakeholders": STAKEHOLDERS,
    "investments": [
        {"id": "coaches", "stakeholder": "gemeente", "amount": 400_000, "description": "Coaches"},
        {"id": "ruimte", "stakeholder": "welzijn", "amount": 200_000, "description": "Ruimte"},
    ],
    "outcomes": [
        _outcome("zorg", "zvw", 900_000, "Minder zorg"),
        _outcome("wmo", "gemeente", -100_000, "Meer Wmo"),
        {"id": "eenzaam", "stakeholder": "bewoners", "pm": "positive"},
    ],
}


def test_boxes_are_as_tall_as_their_euros() -> None:
    boxes = _boxes(_draw(DOC))
    coaches = boxes["Gemeente: € 400.000"]
    ruimte = boxes["Welzijnsorganisatie: € 200.000"]
    assert coaches > MIN_BOX and ruimte > MIN_BOX
    # 400,000 against 200,000 on one scale: twice as tall
    assert coaches / ruimte == pytest.approx(2.0, rel=1e-3)
    # the outcome of 900,000 against the investment of 400,000: 9/4 as tall
    assert boxes["Minder zorg: € 900.000"] / coaches == pytest.approx(900 / 400, rel=1e-3)
    # the cost shift is drawn by its size, in the column of outcomes
    assert boxes["Meer Wmo: € 100.000"] / coaches == pytest.approx(100 / 400, rel=1e-3)


def test_each_outcome_opens_in_the_editor_and_pm_items_are_dashed() -> None:
    root = _draw(DOC)
    links = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert links == ["/cases/x/y#outcome-zorg", "/cases/x/y#outcome-wmo"]
    dashed = [r for r in root.iter(f"{SVG}rect") if r.get("stroke-dasharray")]
    assert len(dashed) == 1
    assert not list(_draw(DOC, link=False).iter(f"{SVG}a"))


def test_the_bands_out_of_an_activity_fill_its_edge() -> None:
    root = _draw(DOC)
    # bands are closed paths; an activity's outgoing bands together are as thick as its box
    paths = [p.get("d", "") for p in root.iter(f"{SVG}path")]
    assert len(paths) == 2 + 2 * 2 + 2  # investors→activities, activities×outcomes, →gainers
    boxes = _boxes(root)
    coaches_box = boxes["Coaches: € 400.000"]
    thickness = 0.0
    for d in (paths[2], paths[4]):  # out of the first activity, to each outcome in turn
        parts = d.replace("M", "").replace("C", " ").replace("L", " ").replace("Z", "").split()
        points = [tuple(map(float, p.split(","))) for p in parts]
        thickness += points[-1][1] - points[0][1]  # bottom minus top at the source edge
    assert thickness == pytest.approx(coaches_box, rel=1e-3)


def test_names_are_written_as_text_never_as_markup() -> None:
    people = [dict(s) for s in STAKEHOLDERS]
    people[0]["name"] = '<script>alert("x")</script>'
    doc = {**DOC, "stakeholders": people}
    case = parse_case(doc)
    svg = arena_svg(case, evaluate(case), "en")
    assert "<script>" not in svg
    root = ET.fromstring(svg)
    assert not list(root.iter(f"{SVG}script"))
    assert any('<script>alert("x")</script>' in (t.text or "") for t in root.iter(f"{SVG}title"))
