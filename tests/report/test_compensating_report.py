"""The compensating proposal (method.md §8) in the case report and the CLI, both languages:
its table when the surplus is ≥ 0, the shortfall stated (and no table) when it is not."""

from __future__ import annotations

import re
from typing import Any

import pytest
from tests.engine.builders import inv, make_case, out

from rendement.engine import point_evaluation, prepare, scenario_row
from rendement.report.context import build_context
from rendement.report.html import render_case
from rendement.texts import text


def _html(data: dict[str, Any], lang: str) -> str:
    structure = prepare(make_case(**data))
    ev = point_evaluation(structure, scenario_row(structure, None), "base")
    return render_case(build_context(structure, ev, lang, None, None))


def _text(html: str) -> str:
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


COST_SHIFT: dict[str, Any] = {
    # welzijn invests 200; zvw gains 300, gemeente 100, bewoners bear a cost of 50: S = 150
    "investments": [inv(stakeholder="welzijn", amount=200)],
    "outcomes": [
        out("zorg", "zvw", proxy=300),
        out("wmo", "gemeente", proxy=100),
        out("eigen-bijdrage", "bewoners", proxy=-50),
    ],
}
SHORT: dict[str, Any] = {
    # ΣV = 150 against C = 200: a shortfall of 50
    "investments": [inv(stakeholder="welzijn", amount=200)],
    "outcomes": [out("zorg", "zvw", proxy=100), out("wmo", "gemeente", proxy=50)],
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_report_shows_the_compensating_table_beside_the_proportional_one(lang: str) -> None:
    page = _text(_html(COST_SHIFT, lang))
    assert text("cofinancing", lang) in page
    assert text("cofinancing.compensating", lang) in page
    # zvw's compensating contribution: 300 − 150 · 300/400 = 187.50 → € 188 / €188
    assert ("€ 188" if lang == "nl" else "€188") in page
    assert text("cofinancing.compensating_note", lang) in page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_report_states_the_shortfall_when_the_surplus_is_negative(lang: str) -> None:
    html = _html(SHORT, lang)
    shortfall = text("cofinancing.shortfall", lang, shortfall="€ 50" if lang == "nl" else "€50")
    assert shortfall in _text(html)
    assert 'class="wide compensating"' not in html
