"""The reports show who estimated what per pooled parameter (method.md §12) and the assurance
check: HTML and PDF (rendered and read back with poppler) and XLSX (opened with openpyxl), in
Dutch and English. buurtcoaches-ouderen carries the partners' estimates of one attribution."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from rendement.engine import point_evaluation, prepare, scenario_row
from rendement.io.yamlio import load_case
from rendement.report.context import build_context
from rendement.report.html import render_case
from rendement.report.pdf import write_pdf
from rendement.report.xlsx import write_workbook

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "examples" / "buurtcoaches-ouderen.yaml"
AUTHORS = ("Welzijnsorganisatie", "Zorgverzekeraar (Zvw)", "Gemeente Voorbeeldstad")
WORDS = {
    "nl": ("Schattingen per deelnemer", "Onenigheid", "Toets op de principes", "te doen"),
    "en": ("Estimates per participant", "Disagreement", "Assurance check", "to do"),
}


def _context(lang: str):  # type: ignore[no-untyped-def]
    structure = prepare(load_case(CASE).case)
    ev = point_evaluation(structure, scenario_row(structure, None), "base")
    return structure, ev, build_context(structure, ev, lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_report_has_the_pooled_table_and_the_checklist(lang: str) -> None:
    _, _, ctx = _context(lang)
    html = render_case(ctx)
    for word in (*WORDS[lang], *AUTHORS, "outcomes.minder-huisartsbezoek.attribution"):
        assert word in html, word
    (pooled,) = ctx.evaluation.pooled
    assert pooled.agreed and pooled.value == 0.3
    # the checklist's failing points name the outcomes to fix
    failed = [a for a in ctx.assurance if not a.passed]
    assert [a.check for a in failed] == ["deadweight-attribution", "duration-drop-off"]
    assert failed[0].advice is not None and "extra-huishoudelijke-hulp" in failed[0].advice


def test_pdf_report_reads_back_the_authors(tmp_path: Path) -> None:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is needed (poppler-utils)"
    _, _, ctx = _context("en")
    pdf = tmp_path / "case.pdf"
    write_pdf(render_case(ctx), pdf)
    words = subprocess.run(
        [tool, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(words.split())
    for word in ("Estimates per participant", "Gemeente Voorbeeldstad", "Assurance check"):
        assert word in flat, word


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_workbook_has_the_workshop_sheet(tmp_path: Path, lang: str) -> None:
    structure, ev, _ = _context(lang)
    path = tmp_path / f"{lang}.xlsx"
    write_workbook(structure, ev, path, lang=lang)
    wb = openpyxl.load_workbook(path)
    ws = wb[wb.sheetnames[3]]
    rows = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
    cells = [c for row in rows for c in row]
    assert WORDS[lang][0] + ": outcomes.minder-huisartsbezoek.attribution" in cells
    by_author = {row[0]: row for row in rows if row and row[0] in AUTHORS}
    # Zorgverzekeraar's estimate as given: share ⅓, low 0.2, likely 0.4, high 0.5
    assert by_author["Zorgverzekeraar (Zvw)"][1:5] == [pytest.approx(1 / 3), 0.2, 0.4, 0.5]
    (pooled,) = structure.pooled
    pool_row = next(row for row in rows if row and row[0] == "Pool")
    # as written (the XML keeps 15–17 significant digits)
    assert pool_row[2:] == pytest.approx([pooled.p5, pooled.p50, pooled.p95], rel=1e-12)
