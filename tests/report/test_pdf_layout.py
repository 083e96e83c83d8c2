"""The PDF report is laid out so it can be read: every page of every example case is read back
with poppler's word boxes (``pdftotext -bbox-layout``) and no word lies outside the page's
text area (a column cut off: "€ 172.12" for 172,122) and no two words overlap (headers
overprinting each other). The tornado names every bar in full, and under ``svi`` the year table
shows the outcomes' and the investments' discount factors."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from rendement.engine import point_evaluation, prepare, scenario_row
from rendement.engine.sensitivity import sensitivity
from rendement.engine.simulate import simulate
from rendement.io.yamlio import load_case
from rendement.report.context import build_context
from rendement.report.html import render_case
from rendement.report.pdf import write_pdf

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "examples").glob("*.yaml"))
XHTML = "{http://www.w3.org/1999/xhtml}"
MARGIN = 16 / 25.4 * 72  # base.css @page: 16 mm left and right, in points
SLACK = 0.5  # points: rounding in poppler's boxes


@cache
def _html(path: Path, lang: str) -> str:
    structure = prepare(load_case(path).case)
    ev = point_evaluation(structure, scenario_row(structure, None), "base")
    sim = simulate(structure, 500, 0) if structure.ranged else None
    return render_case(build_context(structure, ev, lang, sim, sensitivity(structure)))


Word = tuple[float, float, float, float, str]


def _pages(pdf: Path) -> list[tuple[float, list[Word]]]:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is needed (poppler-utils); scripts/system-deps installs it"
    xml = subprocess.run(
        [tool, "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in ElementTree.fromstring(xml).iter(f"{XHTML}page"):
        words = [
            (*(float(w.get(k) or 0) for k in ("xMin", "yMin", "xMax", "yMax")), w.text or "")
            for w in page.iter(f"{XHTML}word")
        ]
        pages.append((float(page.get("width") or 0), words))  # type: ignore[misc]
    return pages


def _overlap(a: Word, b: Word) -> bool:
    across = min(a[2], b[2]) - max(a[0], b[0])
    down = min(a[3], b[3]) - max(a[1], b[1])
    return across > SLACK and down > SLACK


@pytest.mark.parametrize(
    ("path", "lang"),
    [(p, "nl") for p in CASES] + [(ROOT / "examples" / "buurtcoaches-ouderen.yaml", "en")],
    ids=lambda v: v.stem if isinstance(v, Path) else v,
)
def test_no_word_leaves_the_text_area_or_overlaps_another(
    path: Path, lang: str, tmp_path: Path
) -> None:
    pdf = tmp_path / "report.pdf"
    write_pdf(_html(path, lang), pdf)
    problems = []
    for number, (width, words) in enumerate(_pages(pdf), start=1):
        for w in words:
            if w[0] < MARGIN - SLACK or w[2] > width - MARGIN + SLACK:
                problems.append(
                    f"page {number}: {w[4]!r} outside the text area ({w[0]:.0f}–{w[2]:.0f})"
                )
        for a, b in itertools.combinations(words, 2):
            if _overlap(a, b):
                problems.append(f"page {number}: {a[4]!r} overlaps {b[4]!r}")
    assert problems == []


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _walk(child)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_no_text_leaves_its_table_cell(path: Path) -> None:
    """WeasyPrint's own layout (the boxes it draws the PDF from): each line of text inside a
    table cell ends within that cell's box (a nowrap header ran into the next column)."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    problems = []
    for number, page in enumerate(HTML(string=_html(path, "nl")).render().pages, start=1):
        for cell in _walk(page._page_box):
            if not isinstance(cell, boxes.TableCellBox):
                continue
            left, right = cell.position_x, cell.position_x + cell.margin_width()
            for line in _walk(cell):
                if isinstance(line, boxes.TextBox) and (
                    line.position_x < left - SLACK or line.position_x + line.width > right + SLACK
                ):
                    problems.append(f"page {number}: {line.text!r} leaves its cell")
    assert problems == []


def _tornado_labels(html: str) -> list[str]:
    chart = html.split('<div class="chart">')
    svg = next(c for c in chart if "Tornado" in c.split("</div>")[0])
    return [
        label
        for label in re.findall(r"<text[^>]*>([^<]*)</text>", svg)
        if label.startswith(("outcomes.", "investments.", "discount_rate"))
    ]


def test_every_tornado_bar_has_its_whole_distinct_label() -> None:
    labels = _tornado_labels(_html(ROOT / "examples" / "buurtcoaches-ouderen.yaml", "nl"))
    # the two bars of one outcome were both cut to "outcomes.minder-huisartsbezoek…"
    assert labels == [
        "outcomes.minder-huisartsbezoek.quantity",
        "outcomes.minder-huisartsbezoek.attribution",
    ]


def test_svi_year_table_shows_both_discount_factors() -> None:
    html = _html(ROOT / "examples" / "buurtcoaches-ouderen.yaml", "nl")
    assert '<th class="num">Disconteringsfactor effecten</th>' in html
    assert '<th class="num">Disconteringsfactor investeringen</th>' in html
    rows = re.findall(r"<tr><td>(\d)</td>((?:<td class=\"num\">[^<]*</td>)+)</tr>", html)
    # cells: benefits, investment, the two factors, the two present values
    factors = {int(t): re.findall(r'"num">([^<]*)<', cells)[2:4] for t, cells in rows}
    # r = 3.5 %: outcomes (1.035)^-(t+1), investments (1.035)^-t
    # t = 0: 1/1.035 = 0.96618 and 1; t = 1: 1/1.035² = 0.93351 and 0.96618
    assert factors[0] == ["0,9662", "1,0000"]
    assert factors[1] == ["0,9335", "0,9662"]


def test_mkba_year_table_keeps_one_discount_factor() -> None:
    html = _html(ROOT / "examples" / "samenoud.yaml", "nl")
    assert '<th class="num">Disconteringsfactor</th>' in html
    assert "Disconteringsfactor investeringen" not in html
