"""The alternatives sheet of the case workbook (method.md §13).

The other sheets are live formulas of the case's inputs; an alternative is a case of its own
(other items, other parameters), so this sheet holds the overview as the values rendement
computed, and says so in its first lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from rendement.report.alternatives import DO_NOTHING, AlternativesView
from rendement.report.xlsx import BOLD, RATIO, SHARE, TITLE, _header, _money_format, _put, _text
from rendement.texts import text


def _or_dash(x: float | None) -> object:
    return "–" if x is None else x


def _row(ws: Worksheet, r: int, label: str, values: Sequence[object], fmt: str | None) -> None:
    _text(ws, r, 1, label)
    for k, value in enumerate(values):
        _put(ws, r, 2 + k, value, fmt if isinstance(value, int | float) else None)


def write_alternatives_sheet(wb: Workbook, view: AlternativesView, lang: str) -> Worksheet:
    """Append the overview, the increments and P(best) as a sheet of ``wb``."""
    ws = wb.create_sheet(text("alternatives.xlsx_sheet", lang))
    ov = view.overview
    evs = [r.evaluation for r in ov.options]
    money, _ = _money_format(evs[0].conventions.currency)
    _text(ws, 1, 1, text("alternatives.title", lang)).font = TITLE
    _text(ws, 2, 1, text("alternatives.xlsx_note", lang))
    _header(ws, 4, ["", view.titles[DO_NOTHING], *(r.title for r in ov.options)])
    r = 5
    _row(ws, r, text("pv_investment", lang), [0.0, *(e.pv_investment for e in evs)], money)
    _row(ws, r + 1, text("pv_benefits", lang), [0.0, *(e.pv_benefits for e in evs)], money)
    _row(ws, r + 2, text("npv", lang), [0.0, *(e.npv for e in evs)], money)
    _row(ws, r + 3, text("sroi_ratio", lang), ["–", *(_or_dash(e.sroi_ratio) for e in evs)], RATIO)
    _row(ws, r + 4, text("bcr", lang), ["–", *(_or_dash(e.bcr) for e in evs)], RATIO)
    irr: list[object] = ["–"]
    for o in ov.options:
        irr.append(
            o.irr.rate if o.irr.rate is not None else text(f"alternatives.irr.{o.irr.reason}", lang)
        )
    _row(ws, r + 5, text("alternatives.irr", lang), irr, SHARE)
    payback: list[object] = ["–", *(_or_dash(e.payback_years) for e in evs)]
    _row(ws, r + 6, text("payback_years", lang), payback, RATIO)
    _row(ws, r + 7, text("alternatives.pm", lang), ["–", *(len(e.pm_items) for e in evs)], None)
    conclusions = ["–", *(text(f"conclusion.{e.conclusion}", lang) for e in evs)]
    _row(ws, r + 8, text("conclusion", lang), conclusions, None)
    r += 9
    for k, s in enumerate(evs[0].stakeholders):
        nets = [0.0, *(e.stakeholders[k].net for e in evs)]
        _row(ws, r, f"{text('net', lang)}: {s.name}", nets, money)
        r += 1
    if ov.increments:
        r += 1
        reference = view.titles.get(ov.reference, ov.reference)
        _text(ws, r, 1, text("alternatives.increments", lang, reference=reference)).font = BOLD
        keys = ("d_investment", "d_benefits", "d_npv", "incremental_ratio")
        _header(
            ws,
            r + 1,
            [text("alternatives.option", lang)] + [text(f"alternatives.{k}", lang) for k in keys],
        )
        r += 2
        for i in ov.increments:
            _text(ws, r, 1, view.titles.get(i.id, i.id))
            for c, key in enumerate(keys[:3], start=2):
                _put(ws, r, c, getattr(i, key), money)
            ratio = i.incremental_ratio
            _put(
                ws, r, 5, ratio if ratio is not None else "–", RATIO if ratio is not None else None
            )
            r += 1
    if view.choice is not None:
        r += 1
        choice = view.choice
        title = text("alternatives.p_best_title", lang, draws=choice.draws, seed=choice.seed)
        _text(ws, r, 1, title).font = BOLD
        _header(ws, r + 1, [text("alternatives.option", lang), text("alternatives.p_best", lang)])
        r += 2
        for option_id, p in choice.p_best:
            _text(ws, r, 1, view.titles.get(option_id, option_id))
            _put(ws, r, 2, p, SHARE)
            r += 1
    ws.column_dimensions["A"].width = 40
    for k in range(len(ov.options) + 1):
        ws.column_dimensions[chr(ord("B") + k)].width = 22
    return ws
