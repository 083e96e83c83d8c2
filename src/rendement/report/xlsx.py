"""An Excel workbook of a case with live formulas (architecture.md, report).

Three sheets: the inputs as plain editable cells, the calculation per outcome, investment and
year (method.md §3–§5) as formulas of those cells, and the results per stakeholder as formulas
of the calculation. Nothing the engine computes is written as a number: change a quantity or
switch the convention cell between ``mkba`` and ``svi`` and the spreadsheet recomputes.

The years are the columns ``t = 0 … H−1`` of the evaluation's horizon; a change that would need
more years (a longer duration without a fixed horizon) needs a new workbook.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from rendement.engine import Evaluation, Structure, scenario_row
from rendement.engine.parameters import FloatArray
from rendement.engine.scenarios import BUILT_IN
from rendement.report.alternatives import AlternativesView
from rendement.report.neutral import FORMULA_START, neutralise
from rendement.report.xlsx_workshop import workshop_sheet_name, write_workshop_sheet
from rendement.texts import text

if TYPE_CHECKING:
    from rendement.report.context import ForecastSection

RATIO = "0.00"
SHARE = "0.0%"
RATE = "0.00%"
FACTOR = "0.000000"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
INPUT = PatternFill("solid", fgColor="FFF2CC")  # editable cells stand out
NONE = "–"  # a ratio with nothing to divide by

# columns of the outcome and investment tables on the inputs sheet
OUTCOME_COLUMNS = (
    "id",
    "stakeholder_id",
    "quantity",
    "proxy",
    "proxy_price_year",
    "price_factor",
    "deadweight",
    "attribution",
    "displacement",
    "drop_off",
    "duration",
    "start",
    "description",
)
INVESTMENT_COLUMNS = (
    "id",
    "stakeholder_id",
    "input_kind",
    "amount",
    "hours",
    "rate",
    "years",
    "start",
)
FIRST_YEAR_COLUMN = len(INVESTMENT_COLUMNS) + 1
CALC_FIRST_YEAR = 4  # calculation sheet: id, stakeholder, present value, then the years


def _col(name: str) -> str:
    return str(get_column_letter(OUTCOME_COLUMNS.index(name) + 1))


def _clip(x: str) -> str:
    # method.md §7: shares are clipped to [0, 1]
    return f"MIN(1,MAX(0,{x}))"


def _quote(s: str) -> str:
    return '"' + neutralise(s).replace('"', '""') + '"'


def _money_format(currency: str) -> tuple[str, str]:
    symbol = "€" if currency == "EUR" else currency
    whole = f'"{symbol}" #,##0;"{symbol}" -#,##0'
    cents = f'"{symbol}" #,##0.00;"{symbol}" -#,##0.00'
    return whole, cents


@dataclass(frozen=True)
class _Inputs:
    """Where the calculation finds the inputs."""

    name: str
    rate: str
    convention: str
    stakeholder_rows: tuple[int, ...]
    outcome_rows: tuple[int, ...]
    investment_rows: tuple[int, ...]


def _put(ws: Worksheet, row: int, col: int, value: object, fmt: str | None = None) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    if fmt is not None:
        cell.number_format = fmt


def _text(ws: Worksheet, row: int, col: int, value: str, editable: bool = False) -> Cell:
    """Write user text as a text cell: never a formula, never a control character.

    openpyxl reads a string starting with ``=`` as a formula; a title such as
    ``=HYPERLINK("http://…")`` must stay the words it is. The quote prefix keeps it text
    when someone edits the cell in Excel or LibreOffice.
    """
    cell = ws.cell(row=row, column=col, value=neutralise(value))
    cell.data_type = "s"
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True
    if editable:
        cell.fill = INPUT
    return cell


def _header(ws: Worksheet, row: int, labels: list[str], start: int = 1) -> None:
    for k, label in enumerate(labels):
        ws.cell(row=row, column=start + k, value=label).font = BOLD


def _input(ws: Worksheet, row: int, col: int, value: object, fmt: str | None = None) -> None:
    _put(ws, row, col, value, fmt)
    ws.cell(row=row, column=col).fill = INPUT


def _widths(ws: Worksheet, widths: dict[int, float]) -> None:
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width


def _year_format(lang: str) -> str:
    return f'"{text("year", lang)} "0'


def _proxy_price_year(structure: Structure, outcome_id: str) -> int:
    spec = next(o for o in structure.outcomes if o.id == outcome_id)
    if spec.catalogue is not None:
        return spec.catalogue.price_year
    outcome = next(o for o in structure.case.outcomes if o.id == outcome_id)
    assert outcome.proxy is not None
    return outcome.proxy.price_year or structure.case.case.price_year


def _write_inputs(
    ws: Worksheet, structure: Structure, ev: Evaluation, row_values: FloatArray, lang: str
) -> _Inputs:
    X = row_values[0]
    c = ev.conventions
    money, cents = _money_format(c.currency)
    years = c.horizon
    _text(ws, 1, 1, ev.title).font = TITLE
    ws.cell(row=2, column=1, value=text("xlsx.inputs_note", lang))

    ws.cell(row=4, column=1, value=text("xlsx.settings", lang)).font = BOLD
    settings: list[tuple[str, object, str | None, bool]] = [
        ("xlsx.case_id", ev.case_id, None, False),
        ("xlsx.scenario", c.scenario, None, False),
        ("xlsx.price_year", c.price_year, "0", False),
        ("xlsx.currency", c.currency, None, False),
        ("xlsx.discount_rate", float(X[structure.discount_rate]), RATE, True),
        ("xlsx.discounting", c.discounting, None, True),
        ("xlsx.horizon", years, "0", False),
    ]
    refs: dict[str, str] = {}
    for k, (key, value, fmt, editable) in enumerate(settings):
        r = 5 + k
        ws.cell(row=r, column=1, value=text(key, lang))
        if isinstance(value, str):
            _text(ws, r, 2, value, editable)
        else:
            (_input if editable else _put)(ws, r, 2, value, fmt)
        refs[key] = f"{ws.title}!$B${r}"
        if key == "xlsx.discounting":
            choice = DataValidation(type="list", formula1='"mkba,svi"', allow_blank=False)
            ws.add_data_validation(choice)
            choice.add(f"B{r}")
            ws.cell(row=r, column=3, value=text("xlsx.discounting_note", lang))
        if key == "xlsx.horizon":
            ws.cell(row=r, column=3, value=text("xlsx.horizon_note", lang))
    r = 5 + len(settings) + 1

    ws.cell(row=r, column=1, value=text("xlsx.stakeholders", lang)).font = BOLD
    _header(ws, r + 1, [text(f"xlsx.{k}", lang) for k in ("id", "name", "kind")])
    stakeholder_rows = []
    r += 2
    for s in structure.case.stakeholders:
        for col, value in enumerate((s.id, s.name, s.kind), start=1):
            _text(ws, r, col, str(value), editable=True)
        stakeholder_rows.append(r)
        r += 1
    r += 1

    ws.cell(row=r, column=1, value=text("xlsx.outcomes", lang)).font = BOLD
    _header(ws, r + 1, [text(f"xlsx.{k}", lang) for k in OUTCOME_COLUMNS])
    outcome_rows = []
    r += 2
    descriptions = {o.id: o.description or "" for o in structure.case.outcomes}
    for o in structure.outcomes:
        proxy_year = _proxy_price_year(structure, o.id)
        cells: dict[str, tuple[object, str | None]] = {
            "id": (o.id, None),
            "stakeholder_id": (o.stakeholder, None),
            "quantity": (float(X[o.quantity]), "General"),
            "proxy": (float(X[o.proxy]), cents),
            "proxy_price_year": (proxy_year, "0"),
            "price_factor": (o.price_factor, FACTOR),
            "deadweight": (float(X[o.deadweight]), SHARE),
            "attribution": (float(X[o.attribution]), SHARE),
            "displacement": (float(X[o.displacement]), SHARE),
            "drop_off": (float(X[o.drop_off]), SHARE),
            "duration": (float(X[o.duration]), "General"),
            "start": (o.start, "0"),
        }
        for col, name in enumerate(OUTCOME_COLUMNS, start=1):
            if name == "description":
                _text(ws, r, col, descriptions[o.id])
            elif name in ("id", "stakeholder_id"):
                _text(ws, r, col, str(cells[name][0]), editable=True)
            else:
                value, fmt = cells[name]
                _input(ws, r, col, value, fmt)
        if proxy_year != c.price_year:
            note = text("xlsx.price_factor_note", lang, source=proxy_year, target=c.price_year)
            ws[f"{_col('price_factor')}{r}"].comment = Comment(note, "rendement")
        outcome_rows.append(r)
        r += 1
    r += 1

    ws.cell(row=r, column=1, value=text("xlsx.investments", lang)).font = BOLD
    header = r + 1
    _header(ws, header, [text(f"xlsx.{k}", lang) for k in INVESTMENT_COLUMNS])
    for t in range(years):
        _put(ws, header, FIRST_YEAR_COLUMN + t, t, _year_format(lang))
        ws.cell(row=header, column=FIRST_YEAR_COLUMN + t).font = BOLD
    investment_rows = []
    r += 2
    amounts = {i.id: i for i in structure.case.investments}
    for inv in structure.investments:
        given = amounts[inv.id]
        _text(ws, r, 1, inv.id, editable=True)
        _text(ws, r, 2, inv.stakeholder, editable=True)
        start, span = f"$H{r}", f"$G{r}"
        _input(ws, r, 8, inv.start, "0")
        if given.schedule is not None:
            # method.md §2: a schedule is its own amount per year, each an input
            _put(ws, r, 3, text("xlsx.input_kind.schedule", lang))
            by_year = {inv.start + k: float(X[col]) for k, (col, _) in enumerate(inv.cells)}
            for t in range(years):
                _input(ws, r, FIRST_YEAR_COLUMN + t, by_year.get(t, 0.0), money)
        else:
            _input(ws, r, 7, len(inv.cells), "0")
            if given.amount is not None:
                _put(ws, r, 3, text("xlsx.input_kind.amount", lang))
                _input(ws, r, 4, float(X[inv.cells[0][0]]), money)
                amount = f"$D{r}"
            else:
                _put(ws, r, 3, text("xlsx.input_kind.hours", lang))
                _input(ws, r, 5, float(X[inv.cells[0][0]]), "General")
                _input(ws, r, 6, float(X[inv.cells[0][1]]), cents)
                amount = f"$E{r}*$F{r}"
            for t in range(years):
                col = FIRST_YEAR_COLUMN + t
                year = f"{get_column_letter(col)}${header}"
                formula = f"=IF(AND({year}>={start},{year}<{start}+{span}),{amount},0)"
                _put(ws, r, col, formula, money)
        investment_rows.append(r)
        r += 1

    _widths(ws, {1: 30, 2: 26, 3: 18, 4: 14, 5: 12, 6: 12, 7: 12, 8: 12, 9: 12})
    _widths(ws, {10: 12, 11: 12, 12: 10, 13: 60})
    for t in range(years):
        ws.column_dimensions[get_column_letter(FIRST_YEAR_COLUMN + t)].width = max(
            ws.column_dimensions[get_column_letter(FIRST_YEAR_COLUMN + t)].width or 0, 14
        )
    ws.freeze_panes = "B4"
    return _Inputs(
        name=ws.title,
        rate=refs["xlsx.discount_rate"],
        convention=refs["xlsx.discounting"],
        stakeholder_rows=tuple(stakeholder_rows),
        outcome_rows=tuple(outcome_rows),
        investment_rows=tuple(investment_rows),
    )


@dataclass(frozen=True)
class _Calculation:
    """Where the results find the present values: (stakeholder range, PV range) per table."""

    outcomes: tuple[str, str]
    investments: tuple[str, str]


def _write_calculation(ws: Worksheet, inp: _Inputs, ev: Evaluation, lang: str) -> _Calculation:
    years = ev.conventions.horizon
    money, _ = _money_format(ev.conventions.currency)
    inputs = inp.name
    last = get_column_letter(CALC_FIRST_YEAR + years - 1)
    first = get_column_letter(CALC_FIRST_YEAR)
    _text(ws, 1, 1, ev.title).font = TITLE
    ws.cell(row=2, column=1, value=text("xlsx.calculation_note", lang))

    ws.cell(row=4, column=1, value=text("year", lang)).font = BOLD
    for t in range(years):
        _put(ws, 4, CALC_FIRST_YEAR + t, t, _year_format(lang))
        ws.cell(row=4, column=CALC_FIRST_YEAR + t).font = BOLD
    ws.cell(row=5, column=1, value=text("xlsx.df_outcomes", lang))
    ws.cell(row=6, column=1, value=text("xlsx.df_investments", lang))
    rate, convention = inp.rate, inp.convention
    for t in range(years):
        col = get_column_letter(CALC_FIRST_YEAR + t)
        year = f"{col}$4"
        # method.md §4: svi counts an outcome at the end of its year, mkba at its start
        _put(
            ws,
            5,
            CALC_FIRST_YEAR + t,
            f'=IF({convention}="svi",POWER(1+{rate},-({year}+1)),POWER(1+{rate},-{year}))',
            FACTOR,
        )
        _put(ws, 6, CALC_FIRST_YEAR + t, f"=POWER(1+{rate},-{year})", FACTOR)

    def table(r: int, title: str, rows: tuple[int, ...], factors: int) -> tuple[int, int, int]:
        ws.cell(row=r, column=1, value=text(title, lang)).font = BOLD
        labels = [text(f"xlsx.{k}", lang) for k in ("id", "stakeholder_id", "pv")]
        _header(ws, r + 1, labels)
        for t in range(years):
            _put(ws, r + 1, CALC_FIRST_YEAR + t, f"={get_column_letter(CALC_FIRST_YEAR + t)}4")
            ws.cell(row=r + 1, column=CALC_FIRST_YEAR + t).number_format = _year_format(lang)
            ws.cell(row=r + 1, column=CALC_FIRST_YEAR + t).font = BOLD
        top = r + 2
        for k, source in enumerate(rows):
            row = top + k
            _put(ws, row, 1, f"={inputs}!A{source}")
            _put(ws, row, 2, f"={inputs}!B{source}")
            pv = f"=SUMPRODUCT({first}{row}:{last}{row},{first}${factors}:{last}${factors})"
            _put(ws, row, 3, pv, money)
        # an empty table still has one (blank) row, so the results' ranges exist
        return top, top + max(len(rows), 1) - 1, top + max(len(rows), 1) + 1

    o_top, o_end, r = table(8, "xlsx.outcome_values", inp.outcome_rows, 5)
    for k, source in enumerate(inp.outcome_rows):
        row = o_top + k

        def cell(name: str, source: int = source) -> str:
            return f"{inputs}!${_col(name)}${source}"

        q, v, f = cell("quantity"), cell("proxy"), cell("price_factor")
        s, duration, drop = cell("start"), cell("duration"), cell("drop_off")
        keep = "*".join(
            f"(1-{_clip(cell(n))})" for n in ("deadweight", "attribution", "displacement")
        )
        for t in range(years):
            col = get_column_letter(CALC_FIRST_YEAR + t)
            year = f"{col}$4"
            # method.md §3: I = q·v·(1−d)(1−a)(1−x), the proxy re-priced; a fractional duration
            # covers its last year in part, clip(s + L − t, 0, 1); drop-off from the second year
            coverage = f"MIN(1,MAX(0,{s}+{duration}-{year}))"
            decay = f"IF({year}<={s},1,POWER(1-{_clip(drop)},{year}-{s}))"
            formula = f"={q}*{v}*{f}*{keep}*IF({year}<{s},0,{coverage}*{decay})"
            _put(ws, row, CALC_FIRST_YEAR + t, formula, money)

    i_top, i_end, _ = table(r, "xlsx.investment_amounts", inp.investment_rows, 6)
    for k, source in enumerate(inp.investment_rows):
        row = i_top + k
        for t in range(years):
            amount = f"{inputs}!{get_column_letter(FIRST_YEAR_COLUMN + t)}{source}"
            # method.md §2: investments are ≥ 0
            _put(ws, row, CALC_FIRST_YEAR + t, f"=MAX(0,{amount})", money)

    _widths(ws, {1: 34, 2: 22, 3: 16})
    for t in range(years):
        ws.column_dimensions[get_column_letter(CALC_FIRST_YEAR + t)].width = 14
    ws.freeze_panes = f"{first}5"
    name = ws.title
    return _Calculation(
        outcomes=(f"{name}!$B${o_top}:$B${o_end}", f"{name}!$C${o_top}:$C${o_end}"),
        investments=(f"{name}!$B${i_top}:$B${i_end}", f"{name}!$C${i_top}:$C${i_end}"),
    )


def _conventions_formula(ev: Evaluation, inp: _Inputs, lang: str) -> str:
    """The conventions line, with the discounting convention and the rate read live."""
    c = ev.conventions
    marks = {k: f"\x00{k}\x00" for k in ("discounting", "rate")}
    line = text(
        "conventions.line",
        lang,
        price_year=c.price_year,
        currency=c.currency,
        horizon=c.horizon,
        scenario=c.scenario,
        **marks,
    )
    live = {"discounting": inp.convention, "rate": f'FIXED({inp.rate}*100,2)&"%"'}
    parts = [
        live[p] if k % 2 else _quote(p) for k, p in enumerate(line.split("\x00")) if p or k % 2
    ]
    return "=" + "&".join(parts)


def _write_results(
    ws: Worksheet, inp: _Inputs, calc: _Calculation, ev: Evaluation, lang: str
) -> None:
    money, _ = _money_format(ev.conventions.currency)
    inputs = inp.name
    _text(ws, 1, 1, ev.title).font = TITLE
    ws.cell(row=2, column=1, value=_conventions_formula(ev, inp, lang))
    keys = ("id", "name", "kind")
    labels = [text(f"xlsx.{k}", lang) for k in keys]
    labels += [text(k, lang) for k in ("investment", "value", "net")]
    _header(ws, 4, labels)
    (o_who, o_pv), (i_who, i_pv) = calc.outcomes, calc.investments
    r = 5
    for source in inp.stakeholder_rows:
        for col, letter in enumerate("ABC", start=1):
            _put(ws, r, col, f"={inputs}!{letter}{source}")
        # method.md §5: investment_k, value_k and net_k = value_k − investment_k
        _put(ws, r, 4, f"=SUMIF({i_who},$A{r},{i_pv})", money)
        _put(ws, r, 5, f"=SUMIF({o_who},$A{r},{o_pv})", money)
        _put(ws, r, 6, f"=E{r}-D{r}", money)
        r += 1
    ws.cell(row=r, column=1, value=text("total", lang)).font = BOLD
    for letter in "DEF":
        _put(ws, r, "DEF".index(letter) + 4, f"=SUM({letter}5:{letter}{r - 1})", money)
        ws[f"{letter}{r}"].font = BOLD
    total = r
    _write_compensating(ws, 5, total, money, lang)
    r += 2

    C, B = f"$B${r}", f"$B${r + 1}"
    npv = f"$B${r + 2}"
    negative = f'(-SUMIF({o_pv},"<0"))'
    figures: list[tuple[str, str, str]] = [
        ("pv_investment", f"=D{total}", money),
        ("pv_benefits", f"=E{total}", money),
        ("npv", f"={B}-{C}", money),
        ("sroi_ratio", f'=IF({C}=0,"{NONE}",{B}/{C})', RATIO),
        ("net_sroi_ratio", f'=IF({C}=0,"{NONE}",{npv}/{C})', RATIO),
        # MKBA reading: positive PVs over investment plus the negative PVs
        (
            "bcr",
            f'=IF({C}+{negative}=0,"{NONE}",SUMIF({o_pv},">0")/({C}+{negative}))',
            RATIO,
        ),
    ]
    for k, (key, formula, fmt) in enumerate(figures):
        ws.cell(row=r + k, column=1, value=text(key, lang)).font = BOLD
        _put(ws, r + k, 2, formula, fmt)
    conclusion_row = r + len(figures)
    r = conclusion_row + 2

    # method.md §6: PM items are listed beside the totals, with no value
    ws.cell(row=r, column=1, value=text("pm_items", lang)).font = BOLD
    columns = ("id", "stakeholder_id", "direction", "weight", "description")
    _header(ws, r + 1, [text(f"xlsx.{k}", lang) for k in columns])
    top = r + 2
    for k, item in enumerate(ev.pm_items):
        values = (
            item.id,
            item.stakeholder or "",
            text(f"pm.{item.direction}", lang),
            text(f"pm.{item.weight}", lang),
            item.description or "",
        )
        for col, value in enumerate(values, start=1):
            _text(ws, top + k, col, value)
    if not ev.pm_items:
        ws.cell(row=top, column=1, value=text("xlsx.no_pm_items", lang))

    def against(direction: str) -> str:
        if not ev.pm_items:
            return "0"
        end = top + len(ev.pm_items) - 1
        return (
            f"COUNTIFS($C${top}:$C${end},{_quote(text(f'pm.{direction}', lang))},"
            f"$D${top}:$D${end},{_quote(text('pm.large', lang))})"
        )

    positive, negative_, undetermined = (
        _quote(text(f"conclusion.{k}", lang)) for k in ("positive", "negative", "undetermined")
    )
    ws.cell(row=conclusion_row, column=1, value=text("conclusion", lang)).font = BOLD
    _put(
        ws,
        conclusion_row,
        2,
        f"=IF({npv}>0,IF({against('negative')}>0,{undetermined},{positive}),"
        f"IF({npv}<0,IF({against('positive')}>0,{undetermined},{negative_}),{undetermined}))",
    )
    _widths(ws, {1: 36, 2: 30, 3: 22, 4: 18, 5: 18, 6: 18, 7: 22, 8: 22})
    ws.freeze_panes = "B5"


def _write_compensating(ws: Worksheet, first: int, total: int, money: str, lang: str) -> None:
    """method.md §8, compensating: c_k = V_k − S · V_k⁺ / ΣV⁺ (S = ΣV − C) beside the rows in
    columns G and H, as formulas of the values in E and the investments in D; empty when
    S < 0 (no split leaves everyone whole)."""
    labels = [text("xlsx.compensating", lang), text("xlsx.compensating_net", lang)]
    _header(ws, first - 1, labels, 7)
    last = total - 1
    surplus = f"($E${total}-$D${total})"
    positive = f'SUMIF($E${first}:$E${last},">0")'
    for r in range(first, total):
        share = f"IF({positive}=0,0,MAX(E{r},0)/{positive})"
        _put(ws, r, 7, f'=IF({surplus}<0,"{NONE}",E{r}-{surplus}*{share})', money)
        _put(ws, r, 8, f'=IF({surplus}<0,"{NONE}",E{r}-G{r})', money)
    _put(ws, total, 7, f'=IF({surplus}<0,"{NONE}",SUM(G{first}:G{last}))', money)
    ws[f"G{total}"].font = BOLD


def sheet_names(lang: str) -> tuple[str, str, str]:
    """The names of the inputs, calculation and results sheets in ``lang``."""
    return (
        text("xlsx.sheet.inputs", lang),
        text("xlsx.sheet.calculation", lang),
        text("xlsx.sheet.results", lang),
    )


def write_workbook(
    structure: Structure,
    evaluation: Evaluation,
    path: Path,
    lang: str = "nl",
    row: FloatArray | None = None,
    forecast: ForecastSection | None = None,
    alternatives: AlternativesView | None = None,
) -> None:
    """Write the case as an .xlsx workbook whose figures are formulas of its inputs.

    ``forecast``: a ``report.context.ForecastSection``, for a sheet of forecast against
    actual (method.md §14) after the results.

    ``row`` holds the parameter values (shape ``(1, P)``); by default those of the evaluation's
    scenario (the base row for ``base``). ``alternatives`` adds their overview as a fourth
    sheet (values, not formulas: method.md §13).
    """
    if row is None:
        scenario = evaluation.conventions.scenario
        if scenario not in (*BUILT_IN, *structure.case.scenarios):
            raise ValueError(f"pass row= for an evaluation of scenario '{scenario}'")
        row = scenario_row(structure, scenario)
    wb = Workbook()
    names = sheet_names(lang)
    inputs_ws = wb.active
    assert inputs_ws is not None
    inputs_ws.title = names[0]
    calc_ws = wb.create_sheet(names[1])
    results_ws = wb.create_sheet(names[2])
    inp = _write_inputs(inputs_ws, structure, evaluation, row, lang)
    calc = _write_calculation(calc_ws, inp, evaluation, lang)
    _write_results(results_ws, inp, calc, evaluation, lang)
    write_workshop_sheet(wb.create_sheet(workshop_sheet_name(lang)), evaluation, lang)
    if alternatives is not None:
        from rendement.report.xlsx_alternatives import write_alternatives_sheet

        write_alternatives_sheet(wb, alternatives, lang)
    if forecast is not None:  # last: only a case naming its forecast has this sheet
        from rendement.report.xlsx_forecast import write_forecast_sheet

        write_forecast_sheet(wb, forecast, lang, evaluation.conventions.currency)
    # open on the results; only one sheet selected, or Excel groups them
    inputs_ws.sheet_view.tabSelected = False
    wb.active = 2
    # built in memory, then written at once: openpyxl's zip file left open by a failed write
    # (a full disk) would fail again, with a traceback, when it is garbage-collected
    buffer = BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
