"""The workbook's workshop sheet: the assurance check and, per pooled parameter, who
estimated what (method.md §12). Figures as values: the pool is not a spreadsheet formula."""

from __future__ import annotations

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rendement.engine import Evaluation
from rendement.io.assurance_text import advice_text, check_title
from rendement.report.neutral import FORMULA_START, neutralise
from rendement.texts import text

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
SHARE = "0%"
FIGURE = "0.####"


def workshop_sheet_name(lang: str) -> str:
    return text("xlsx.sheet.workshop", lang)


def _text(ws: Worksheet, row: int, col: int, value: str, font: Font | None = None) -> None:
    """User text as a text cell: never a formula (see xlsx._text)."""
    cell = ws.cell(row=row, column=col, value=neutralise(value))
    cell.data_type = "s"
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True
    if font is not None:
        cell.font = font


def _number(ws: Worksheet, row: int, col: int, value: float, fmt: str = FIGURE) -> None:
    ws.cell(row=row, column=col, value=value).number_format = fmt


def write_workshop_sheet(ws: Worksheet, evaluation: Evaluation, lang: str) -> None:
    _text(ws, 1, 1, text("assurance.title", lang), TITLE)
    _text(ws, 2, 1, text("assurance.intro", lang))
    for k, key in enumerate(
        ("assurance.check", "assurance.principle", "assurance.status", "assurance.todo")
    ):
        _text(ws, 4, 1 + k, text(key, lang), BOLD)
    r = 5
    for c in evaluation.assurance:
        _text(ws, r, 1, check_title(c, lang))
        ws.cell(row=r, column=2, value=c.principle)
        _text(ws, r, 3, text("assurance.passed" if c.passed else "assurance.failed", lang))
        _text(ws, r, 4, advice_text(c, lang) or "–")
        r += 1
    if evaluation.pooled:
        r += 1
        _text(ws, r, 1, text("pooled.heading", lang), TITLE)
        _text(ws, r + 1, 1, text("pooled.intro", lang))
        r += 3
    labels = (
        "pooled.by",
        "pooled.weight",
        "pooled.low",
        "pooled.likely",
        "pooled.high",
        "stat.p5",
        "stat.p50",
        "stat.p95",
    )
    for p in evaluation.pooled:
        _text(ws, r, 1, text("pooled.title", lang, parameter=p.parameter), BOLD)
        for k, key in enumerate(labels):
            _text(ws, r + 1, 1 + k, text(key, lang), BOLD)
        r += 2
        for e in p.estimates:
            _text(ws, r, 1, e.by)
            _number(ws, r, 2, e.share, SHARE)
            for k, x in enumerate((e.low, e.value, e.high, e.p5, e.p50, e.p95)):
                _number(ws, r, 3 + k, x)
            r += 1
        _text(ws, r, 1, text("pooled.pool", lang), BOLD)
        _number(ws, r, 2, 1.0, SHARE)
        for k, x in enumerate((p.p5, p.p50, p.p95)):
            _number(ws, r, 6 + k, x)
        value_key = "pooled.value_agreed" if p.agreed else "pooled.value_median"
        _text(ws, r + 1, 1, text(value_key, lang))
        _number(ws, r + 1, 2, p.value)
        _text(ws, r + 2, 1, text("pooled.disagreement", lang))
        if p.disagreement is None:
            _text(ws, r + 2, 2, text("pooled.disagreement_undefined", lang))
        else:
            _number(ws, r + 2, 2, p.disagreement, "0.00")
        r += 4
    for col, width in {1: 48, 2: 12, 3: 12, 4: 90}.items():
        ws.column_dimensions[get_column_letter(col)].width = width
