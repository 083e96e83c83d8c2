"""The alternatives in the reports (method.md §13): the overview table and P(best) in the
HTML and a real PDF (read back with poppler), and as a sheet of the workbook (openpyxl), in
Dutch and English; written through the CLI as a person writes them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
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


def _comparison(draws: int | None = 1000) -> object:
    return compare(prepare(load_case(EXAMPLE).case), None, draws, 0)


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


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from rendement.cli.main import main; main()", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=300,
    )


def test_pdf_report_carries_the_overview_table(tmp_path: Path) -> None:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is needed (poppler-utils)"
    pdf = tmp_path / "varianten.pdf"
    result = _cli("report", str(EXAMPLE), "-o", str(pdf), "--lang", "en", "--draws", "1000")
    assert result.returncode == 0, result.stderr
    out = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", " ", out)
    assert "Overview of the alternatives (against doing nothing)" in flat
    comparison = _comparison(1000)
    for r in comparison.overview.options:
        assert money(r.evaluation.npv, "en") in flat, r.id
    assert "P(best) per option (1,000 draws, seed 0)" in flat
    for _, p in comparison.choice.p_best:
        assert percent(p, "en") in flat


def test_xlsx_report_has_the_alternatives_sheet_with_the_engines_figures(tmp_path: Path) -> None:
    book = tmp_path / "varianten.xlsx"
    result = _cli("report", str(EXAMPLE), "-o", str(book), "--draws", "1000")
    assert result.returncode == 0, result.stderr
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[-1] == "Alternatieven"
    # by the first column; an option's title heads its increment row and then its P(best)
    # row, so the P(best) row (the last) is the one kept
    rows = {row[0]: row[1:] for row in wb["Alternatieven"].iter_rows(values_only=True) if row[0]}
    comparison = _comparison(1000)
    npv = rows["Netto contante waarde"]
    assert npv[0] == 0  # do nothing
    assert list(npv[1:4]) == pytest.approx([r.evaluation.npv for r in comparison.overview.options])
    assert rows["Nulalternatief"][0] == 0  # P(best) of doing nothing
    p_best = dict(comparison.choice.p_best)
    assert rows["Licht, één coach"][0] == pytest.approx(p_best["licht"])
