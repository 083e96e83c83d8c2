"""The alternatives in the case report (method.md §13): the overview table and P(best) in the
HTML, in Dutch and English. The PDF and the workbook, written through the CLI as a person
writes them, are read back in tests/cli/test_alternatives_cli.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rendement.engine import point_evaluation, prepare, scenario_row
from rendement.io.yamlio import load_case
from rendement.report.alternatives import alternatives_view
from rendement.report.context import build_context
from rendement.report.html import render_case
from rendement.texts import money, percent
from rendement.usecases.alternatives import compare

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "buurtcoaches-varianten.yaml"


def _html(lang: str, draws: int | None = 1000) -> tuple[str, object]:
    structure = prepare(load_case(EXAMPLE).case)
    ev = point_evaluation(structure, scenario_row(structure, None), "base")
    comparison = compare(structure, None, draws, 0)
    view = alternatives_view(comparison.overview, comparison.choice, lang)
    return render_case(build_context(structure, ev, lang, alternatives=view)), comparison


def _flat(html: str) -> str:
    without_style = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", without_style))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_report_shows_the_overview_with_do_nothing_and_p_best(lang: str) -> None:
    html, comparison = _html(lang)
    text = _flat(html)
    heading = (
        "Overzichtstabel van de alternatieven" if lang == "nl" else "Overview of the alternatives"
    )
    assert heading in text
    assert ("Nulalternatief" if lang == "nl" else "Do nothing") in text
    for r in comparison.overview.options:
        assert r.title in text
        assert money(r.evaluation.npv, lang) in text
    for _, p in comparison.choice.p_best:
        assert percent(p, lang) in text
    chart = alternatives_view(comparison.overview, comparison.choice, lang).chart
    assert chart.startswith("<svg") and chart in html  # the P(best) chart, inline


def test_html_report_without_draws_has_no_p_best() -> None:
    html, _ = _html("en", draws=None)
    assert "Overview of the alternatives" in _flat(html)
    assert "P(best) per option" not in _flat(html)


def test_a_case_without_alternatives_has_no_section() -> None:
    structure = prepare(load_case(ROOT / "examples" / "samenoud.yaml").case)
    ev = point_evaluation(structure, scenario_row(structure, None), "base")
    html = render_case(build_context(structure, ev, "en"))
    assert "Overview of the alternatives" not in html
