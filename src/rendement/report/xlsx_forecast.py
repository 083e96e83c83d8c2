"""The "forecast against actual" sheet of the case workbook (method.md §14).

Its figures are values, not formulas: the PITs come from the forecast's simulation, which a
spreadsheet does not redo. Texts go through the workbook's own text cell (never a formula).
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from rendement.report.context import ForecastSection
from rendement.report.xlsx import BOLD, RATIO, TITLE, _money_format, _put, _text
from rendement.texts import text

PIT = "0.000"


def write_forecast_sheet(
    wb: Workbook, section: ForecastSection, lang: str, currency: str = "EUR"
) -> Worksheet:
    """Append the sheet; returns it."""
    c = section.comparison
    ws = wb.create_sheet(text("xlsx.sheet.forecast", lang))
    whole, _ = _money_format(currency)
    _text(ws, 1, 1, text("forecast.title", lang)).font = TITLE
    if section.forecast_version is None:
        heading = text(
            "forecast.against_file",
            lang,
            actual=c.actual_id,
            forecast=section.forecast_id,
            file=section.forecast_file or section.forecast_id,
        )
    else:
        heading = text(
            "forecast.against",
            lang,
            actual=c.actual_id,
            forecast=section.forecast_id,
            version=section.forecast_version,
        )
    _text(ws, 2, 1, heading)
    row = 4
    for label, forecast, actual, fmt in (
        (text("forecast.npv", lang), c.forecast_npv, c.actual_npv, whole),
        (text("forecast.case_ratio", lang), c.forecast_ratio, c.actual_ratio, RATIO),
    ):
        _text(ws, row, 1, label)
        _put(ws, row, 2, forecast, fmt)
        _put(ws, row, 3, actual, fmt)
        row += 1
    _text(ws, row, 1, text("forecast.npv_pit", lang, draws=c.draws))
    _put(ws, row, 2, c.npv_pit, PIT)
    row += 1
    _text(ws, row, 1, text("forecast.ratio_pit", lang))
    _put(ws, row, 2, c.ratio_pit, PIT)
    row += 2

    _text(ws, row, 1, text("forecast.items", lang)).font = BOLD
    row += 1
    for col, key in enumerate(
        (
            "forecast.item",
            "forecast.kind",
            "forecast.forecast_pv",
            "forecast.actual_pv",
            "forecast.difference",
            "forecast.ratio",
        ),
        start=1,
    ):
        _text(ws, row, col, text(key, lang)).font = BOLD
    for item in c.items:
        row += 1
        _text(ws, row, 1, item.id)
        _text(ws, row, 2, text(f"forecast.kind.{item.kind}", lang))
        _put(ws, row, 3, item.forecast_pv, whole)
        _put(ws, row, 4, item.actual_pv, whole)
        _put(ws, row, 5, item.difference, whole)
        if item.ratio is None:
            _text(ws, row, 6, text("forecast.zero", lang))
        else:
            _put(ws, row, 6, item.ratio, RATIO)
    row += 2

    _text(ws, row, 1, text("forecast.parameters", lang)).font = BOLD
    row += 1
    for col, label in enumerate(
        (
            text("forecast.parameter", lang),
            text("forecast.forecast_pv", lang),
            text("forecast.low", lang),
            text("forecast.high", lang),
            text("forecast.actual_pv", lang),
            text("forecast.pit", lang),
        ),
        start=1,
    ):
        _text(ws, row, col, label).font = BOLD
    for p in c.parameters:
        row += 1
        _text(ws, row, 1, p.parameter)
        _put(ws, row, 2, p.forecast)
        _put(ws, row, 3, p.low)
        _put(ws, row, 4, p.high)
        _put(ws, row, 5, p.actual)
        _put(ws, row, 6, p.pit, PIT)
    row += 2
    for key, found in (("forecast.new", c.new), ("forecast.dropped", c.dropped)):
        listed = ", ".join(f"{u.id} ({text(f'forecast.kind.{u.kind}', lang)})" for u in found)
        _text(ws, row, 1, text(key, lang)).font = BOLD
        _text(ws, row, 2, listed or text("forecast.none", lang))
        row += 1
    _text(ws, row + 1, 1, text("forecast.pit_note", lang))
    ws.column_dimensions["A"].width = 44
    for letter in "BCDEF":
        ws.column_dimensions[letter].width = 16
    return ws
