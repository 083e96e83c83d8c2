"""The case report: self-contained HTML, a real PDF (rendered and read back), both languages."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rendement.engine import point_evaluation, prepare, scenario_row
from rendement.engine.sensitivity import sensitivity
from rendement.engine.simulate import simulate
from rendement.io.yamlio import load_case
from rendement.report.context import build_context
from rendement.report.html import render_case
from rendement.report.pdf import write_pdf
from rendement.texts import number

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted(p for p in (ROOT / "examples").glob("*.yaml"))


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "xlink:href") and value:
                self.urls.append(value)


def report_html(path: Path, lang: str, draws: int = 500) -> tuple[str, object]:
    structure = prepare(load_case(path).case)
    ev = point_evaluation(structure, scenario_row(structure, None), "base")
    sim = simulate(structure, draws, 0) if structure.ranged else None
    ctx = build_context(structure, ev, lang, sim, sensitivity(structure))
    return render_case(ctx), ev


def visible_text(html: str) -> str:
    without_style = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", without_style))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_html_report_fetches_nothing_from_outside(path: Path) -> None:
    html, _ = report_html(path, "nl")
    parser = _Links()
    parser.feed(html)
    external = [u for u in parser.urls if not u.startswith(("#", "data:"))]
    assert external == []
    assert "<link" not in html and "@import" not in html
    assert "<svg" in html  # the charts are inline


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_html_report_states_ratio_npv_and_every_stakeholder(path: Path, lang: str) -> None:
    html, ev = report_html(path, lang)
    text = visible_text(html)
    assert number(ev.sroi_ratio, lang) in text  # e.g. 1,96 in Dutch, 1.96 in English
    for s in ev.stakeholders:
        assert s.name in text
    heading = "Wie investeert en wie wint" if lang == "nl" else "Who invests and who gains"
    assert heading in text


def test_dutch_and_english_reports_differ_only_in_words_not_figures() -> None:
    path = ROOT / "examples" / "samenoud.yaml"
    nl, _ = report_html(path, "nl")
    en, _ = report_html(path, "en")
    assert "Sociale meerwaarde" in nl and "Social surplus" in en
    assert "Sociale meerwaarde" not in en and "Social surplus" not in nl
    # € 297.975 in Dutch, €297,975 in English: the same NPV
    assert "€ 297.975" in visible_text(nl) and "€297,975" in visible_text(en)


def _require(tool: str) -> str:
    found = shutil.which(tool)
    assert found, f"{tool} is needed (poppler-utils); .ci/run installs it"
    return found


@pytest.mark.parametrize(
    "name", ["mentorproject-den-haag", "buurtcoaches-ouderen", "schuldhulp-vroegsignalering"]
)
def test_pdf_pages_render_and_carry_the_ratio_and_every_stakeholder(
    tmp_path: Path, name: str
) -> None:
    html, ev = report_html(ROOT / "examples" / f"{name}.yaml", "nl")
    pdf = tmp_path / "report.pdf"
    write_pdf(html, pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    out = subprocess.run(
        [_require("pdftotext"), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    flat = re.sub(r"\s+", " ", out)
    assert number(ev.sroi_ratio, "nl") in flat
    for s in ev.stakeholders:
        assert s.name in flat, s.name
    subprocess.run(
        [_require("pdftoppm"), "-r", "20", "-gray", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    pages = sorted(tmp_path.glob("page*.pgm"))
    assert len(pages) >= 3  # first page, tables and charts, appendix
    for page in pages:
        data = page.read_bytes()
        # binary PGM: header "P5\nW H\n255\n", then one byte per pixel
        pixels = data.split(b"\n", 3)[3]
        dark = sum(1 for b in pixels if b < 200)
        assert dark > 0.002 * len(pixels), f"{page.name} is blank"


def test_pdf_has_page_numbers_on_every_page(tmp_path: Path) -> None:
    html, _ = report_html(ROOT / "examples" / "buurtcoaches-ouderen.yaml", "en")
    pdf = tmp_path / "r.pdf"
    write_pdf(html, pdf)
    out = subprocess.run(
        [_require("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = out.split("\f")
    pages = [p for p in pages if p.strip()]
    total = len(pages)
    for k, page in enumerate(pages, start=1):
        # the footer reads "k / total"; pdftotext may drop the thin spaces around the slash
        assert re.search(rf"(?<!\d){k}\s*/\s*{total}(?!\d)", page), page[-200:]


def test_report_names_the_care_whose_freed_staff_time_is_unknown() -> None:
    # buurtcoaches-ouderen avoids nursing-home days, which the catalogue prices per day
    # without staff time: the report says so instead of letting 0 FTE stand for it
    html, ev = report_html(ROOT / "examples" / "buurtcoaches-ouderen.yaml", "nl", draws=200)
    assert [u.outcome for u in ev.labour.uncounted] == ["uitgestelde-opname"]  # type: ignore[attr-defined]
    text = visible_text(html)
    assert "Niet meegeteld in het arbeidsmarkteffect" in text
    assert "onbekend, niet nul): uitgestelde-opname" in text


def test_a_normal_quantity_prints_the_clipped_range_the_figures_use() -> None:
    from rendement.engine import point_evaluation, prepare, scenario_row
    from rendement.model import parse_case
    from rendement.report.context import outcome_lines

    data = {
        "rendement": 1,
        "case": {"id": "normaal", "title": "Normaal", "price_year": 2024},
        "stakeholders": [{"id": "g", "name": "Gemeente", "kind": "municipality"}],
        "investments": [{"id": "i", "stakeholder": "g", "amount": 1000}],
        "outcomes": [
            {
                "id": "o",
                "stakeholder": "g",
                # value ± 1.959964 sd = 10 ± 39.19928: the low end lies below the domain (≥ 0)
                "quantity": {"value": 10, "dist": "normal", "sd": 20},
                "proxy": 100,
            }
        ],
    }
    structure = prepare(parse_case(data))
    ev = point_evaluation(structure, scenario_row(structure, None), "base")
    [line] = outcome_lines(structure, ev, "nl")
    assert line.quantity_range is not None
    low, high = line.quantity_range
    assert low == 0.0 and abs(high - 49.19928) < 1e-5
