"""The "forecast against actual" section of the case report (method.md §14): HTML in both
languages, a real PDF read back with pdftotext, and the workbook's sheet opened with openpyxl."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rendement.engine import point_evaluation, prepare, scenario_row
from rendement.engine.forecast import compare_forecast
from rendement.io.yamlio import load_case
from rendement.report.context import ForecastSection, build_context
from rendement.report.html import render_case
from rendement.report.pdf import write_pdf
from rendement.report.xlsx import write_workbook
from rendement.texts import text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _section() -> tuple[object, object, ForecastSection]:
    forecast = prepare(load_case(EXAMPLES / "buurtcoaches-ouderen.yaml").case)
    actual = prepare(load_case(EXAMPLES / "buurtcoaches-ouderen-realisatie.yaml").case)
    ev = point_evaluation(actual, scenario_row(actual, None), "base")
    comparison = compare_forecast(forecast, actual, draws=1000)
    return actual, ev, ForecastSection(comparison, "buurtcoaches-ouderen", 3)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_report_has_the_forecast_section(lang: str) -> None:
    structure, ev, section = _section()
    html = render_case(build_context(structure, ev, lang, forecast=section))  # type: ignore[arg-type]
    assert text("forecast.title", lang) in html
    assert text("forecast.against", lang, actual="buurtcoaches-ouderen-realisatie",
                forecast="buurtcoaches-ouderen", version=3) in html  # fmt: skip
    assert "outcomes.minder-huisartsbezoek.quantity" in html
    assert "minder-seh-bezoek" in html and "voorkomen-huisuitzetting" in html


def test_html_report_without_a_comparison_has_no_such_section() -> None:
    structure, ev, _ = _section()
    html = render_case(build_context(structure, ev, "en"))  # type: ignore[arg-type]
    assert text("forecast.title", "en") not in html


def test_pdf_report_shows_the_section(tmp_path: Path) -> None:
    structure, ev, section = _section()
    pdf = tmp_path / "r.pdf"
    write_pdf(render_case(build_context(structure, ev, "en", forecast=section)), pdf)  # type: ignore[arg-type]
    tool = shutil.which("pdftotext")
    assert tool is not None, "pdftotext (poppler-utils) is needed"
    out = subprocess.run(
        [tool, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    assert "Forecast against actual" in out.stdout
    assert "PIT of the actual NPV" in out.stdout


def test_workbook_has_a_forecast_sheet(tmp_path: Path) -> None:
    structure, ev, section = _section()
    path = tmp_path / "r.xlsx"
    write_workbook(structure, ev, path, lang="nl", forecast=section)  # type: ignore[arg-type]
    wb = load_workbook(path)
    assert wb.sheetnames[-1] == "Prognose"
    ws = wb["Prognose"]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "Prognose tegenover realisatie" in values
    # the waived rent: forecast and actual 9,000 a year for five years, the same PV
    rows = {r[0].value: [c.value for c in r] for r in ws.iter_rows() if r[0].value}
    assert rows["ruimte"][2] == pytest.approx(rows["ruimte"][3])
    assert rows["ruimte"][5] == pytest.approx(1.0)


def test_registry_report_draws_the_pit_histogram() -> None:
    from rendement.io.jsonio import calibration_to_dict
    from rendement.meta.calibration import ForecastPair, calibration
    from rendement.meta.result import meta_to_dict
    from rendement.meta.summary import summarise
    from rendement.report.registry import render_registry
    from rendement.usecases.forecast import CalibrationView

    pairs = [ForecastPair(f"p{i}", "f", 2.0, 1.5, 1.0, 3.0, (i + 0.5) / 10) for i in range(10)]
    calibrated = calibration_to_dict(CalibrationView(calibration(pairs, resamples=200), ()))
    meta = meta_to_dict(summarise([], resamples=200))
    html = render_registry(meta, [], ("quadrant",), "en", (), calibrated)
    assert "Calibration of forecasts" in html
    assert "PIT histogram" in html  # the chart's title, inside its SVG
    assert calibrated["pit_histogram"] == [1] * 10  # 0.05, 0.15, …, 0.95: one per bin
    assert "Calibration of forecasts" not in render_registry(meta, [], ("quadrant",), "en")
