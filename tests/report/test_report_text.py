"""User text in the HTML and PDF reports is text: markup escaped, bidi and control characters
shown by name, and names in Greek, Cyrillic and CJK script printed with glyphs that exist."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from rendement.engine import point_evaluation, prepare, scenario_row
from rendement.io.yamlio import load_case
from rendement.model import parse_case
from rendement.report.context import build_context
from rendement.report.html import render_case
from rendement.report.pdf import missing_glyphs_line, write_pdf

ROOT = Path(__file__).resolve().parents[2]
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
NAMES = ("Δήμοι Ελλάδας", "Муниципалитеты", "市政府 東京都")


def _html(edit: dict[str, Any]) -> str:
    data = load_case(ROOT / "examples" / "samenoud.yaml").data
    data["case"]["title"] = edit.get("title", data["case"]["title"])
    for k, name in enumerate(edit.get("names", ())):
        data["stakeholders"][k]["name"] = name
    structure = prepare(parse_case(data))
    ev = point_evaluation(structure, scenario_row(structure, None), "base")
    return render_case(build_context(structure, ev, "nl"))


def _pdftotext(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is needed (poppler-utils); scripts/system-deps installs it"
    return subprocess.run(
        [tool, str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def test_a_script_tag_in_the_title_is_text() -> None:
    html = _html({"title": "<script>alert(1)</script>"})
    assert "<script" not in html
    # the title (h1 and <title>) reads as the characters typed
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2


def test_bidi_overrides_in_names_and_title_are_shown_by_name() -> None:
    html = _html(
        {
            "title": "Rapport \u202egnirpsel\u202c",
            "names": ["Gemeente \u2067\u202eexe.fdp\u2069", "Huis\u202aartsen\u202c\u202b"],
        }
    )
    assert not any(c in html for c in BIDI)
    assert "<h1>Rapport U+202EgnirpselU+202C</h1>" in html
    assert "<td>Gemeente U+2067U+202Eexe.fdpU+2069</td>" in html
    assert "<td>HuisU+202AartsenU+202CU+202B</td>" in html


def test_pdf_prints_greek_cyrillic_and_cjk_names(tmp_path: Path) -> None:
    pdf = tmp_path / "names.pdf"
    missing = write_pdf(_html({"names": list(NAMES), "title": "\u202eSamenOud"}), pdf)
    assert missing == ()  # every glyph found in an installed font
    text = _pdftotext(pdf)
    for name in NAMES:
        assert name in text, name
    assert "U+202ESamenOud" in text
    assert not any(c in text for c in BIDI)
    fonts = subprocess.run(
        [shutil.which("pdffonts") or "pdffonts", str(pdf)], capture_output=True, text=True
    ).stdout
    # the CJK glyphs come from an embedded CJK font, not from a missing-glyph box
    assert "WenQuanYi" in fonts or "Noto" in fonts, fonts


def test_pdf_names_the_characters_no_font_has(tmp_path: Path) -> None:
    # Tangut (U+17000…) is in neither DejaVu nor the CJK font
    pdf = tmp_path / "tangut.pdf"
    missing = write_pdf(_html({"names": ["Gemeente \U00017000\U00017001 \U00017000"]}), pdf)
    assert missing == ("\U00017000", "\U00017001")
    assert missing_glyphs_line(pdf, missing) == (
        f"{pdf}: warning: no installed font has a glyph for \U00017000 (U+17000), "
        "\U00017001 (U+17001); they print as empty boxes (install a font that covers them)"
    )
