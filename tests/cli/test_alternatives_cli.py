"""``rendement calc`` and ``rendement sensitivity --alternatives`` on a case with project
alternatives (method.md §13), run as a person runs them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from cli_process import ROOT, run_main

from rendement.engine import prepare
from rendement.io.yamlio import load_case
from rendement.texts import money, percent
from rendement.usecases.alternatives import Comparison, compare

EXAMPLE = ROOT / "examples" / "buurtcoaches-varianten.yaml"
WIDE = {"COLUMNS": "200"}  # a terminal wide enough that no title is wrapped

SMALL = """\
rendement: 1
case: {id: klein, title: Klein, price_year: 2024, discount_rate: 0}
stakeholders:
  - {id: gemeente, name: Gemeente, kind: municipality}
  - {id: zvw, name: Zorgverzekeraar, kind: health-insurer}
investments:
  - {id: coaches, stakeholder: gemeente, amount: 100, years: 2}
outcomes:
  - {id: gp, stakeholder: zvw, quantity: {value: 10, low: 5, high: 15}, proxy: 15, duration: 3}
alternatives:
  intensief:
    title: Intensief
    set: {outcomes.gp.quantity: 20}
    add:
      investments: [{id: extra, stakeholder: gemeente, amount: 50, years: 2}]
  licht:
    title: Licht
    set: {investments.coaches.amount: 60}
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "klein.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_calc_json_gives_every_option_and_the_increments_by_hand(small: Path) -> None:
    result = run_main("calc", str(small), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    options = {a["id"]: a for a in data["alternatives"]}
    assert [a["id"] for a in data["alternatives"]] == ["base", "intensief", "licht"]
    # base: C = 2 × 100 = 200, B = 3 × 10 × 15 = 450; intensief: C = 200 + 2 × 50 = 300,
    # B = 3 × 20 × 15 = 900; licht: C = 2 × 60 = 120, B = 450
    assert (options["base"]["pv_investment"], options["base"]["pv_benefits"]) == (200, 450)
    assert (options["intensief"]["npv"], options["intensief"]["sroi_ratio"]) == (600, 3)
    assert (options["licht"]["npv"], options["licht"]["title"]) == (330, "Licht")
    # every year's net flow is positive (benefits from year 0): no rate, and why
    assert options["base"]["irr"] is None
    assert options["base"]["irr_reason"] == "no-sign-change"
    increments = {i["id"]: i for i in data["increments"]}
    # intensief − base: ΔC 100, ΔB 450, ΔNPV 350, ΔB/ΔC 4.5; licht saves 80: no ratio
    assert increments["intensief"] == {
        "id": "intensief",
        "reference": "base",
        "d_investment": 100,
        "d_benefits": 450,
        "d_npv": 350,
        "incremental_ratio": 4.5,
    }
    assert increments["licht"]["incremental_ratio"] is None
    assert data["npv"] == 250  # the case's own result is still at the top level


def test_calc_draws_add_p_best_summing_to_one(small: Path) -> None:
    result = run_main("calc", str(small), "--json", "--draws", "2000")
    assert result.returncode == 0, result.stderr
    p_best = json.loads(result.stdout)["simulation"]["p_best"]
    assert list(p_best) == ["do-nothing", "base", "intensief", "licht"]
    assert sum(p_best.values()) == pytest.approx(1.0)
    # intensief's NPV 20 q·15·3/… is above the others' in every draw of q in [5, 15]:
    # 90 q − 300 > 45 q − 200 ⇔ q > 2.2, and > 45 q − 120 ⇔ q > 4
    assert p_best["intensief"] == 1.0


def test_calc_reference_do_nothing_gives_each_options_own_totals(small: Path) -> None:
    result = run_main("calc", str(small), "--json", "--reference", "do-nothing")
    increments = {i["id"]: i for i in json.loads(result.stdout)["increments"]}
    assert set(increments) == {"base", "intensief", "licht"}
    assert increments["base"]["d_npv"] == 250 and increments["base"]["reference"] == "do-nothing"


def test_calc_unknown_reference_lists_the_known_ones(small: Path) -> None:
    result = run_main("calc", str(small), "--reference", "intensive")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "no alternative 'intensive' to compare with (did you mean 'intensief'? "
        "known: do-nothing, base, intensief, licht)"
    )


def test_calc_prints_the_overview_table_with_do_nothing(small: Path) -> None:
    result = run_main("calc", str(small), "--lang", "en", "--draws", "500", env=WIDE)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Overview of the alternatives" in out
    assert "Do nothing" in out and "Intensief" in out and "Licht" in out
    assert "Increments against Klein" in out
    assert "P(best) per option (500 draws, seed 0)" in out
    assert "€600" in out  # intensief's NPV


def test_calc_of_the_bundled_example_in_dutch() -> None:
    result = run_main("calc", str(EXAMPLE), env=WIDE)
    assert result.returncode == 0, result.stderr
    assert "Overzichtstabel van de alternatieven" in result.stdout
    assert "Nulalternatief" in result.stdout


def test_calc_without_alternatives_prints_no_overview() -> None:
    result = run_main("calc", str(ROOT / "examples" / "samenoud.yaml"), "--json")
    data = json.loads(result.stdout)
    assert "alternatives" not in data and "increments" not in data


def test_scenario_and_reference_do_not_go_together(small: Path) -> None:
    result = run_main("calc", str(small), "--scenario", "conservative", "--reference", "licht")
    assert result.returncode == 2
    assert "leave out --scenario" in result.stderr


def test_sensitivity_acceptability_curve_as_json(small: Path) -> None:
    result = run_main(
        "sensitivity",
        str(small),
        "--alternatives",
        "--parameter",
        "outcomes.gp.quantity",
        "--draws",
        "200",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    curve = json.loads(result.stdout)["acceptability"]
    assert curve["parameter"] == "outcomes.gp.quantity"
    assert [p["value"] for p in curve["points"]] == pytest.approx([5 + k for k in range(11)])
    for point in curve["points"]:
        assert sum(point["p_best"].values()) == pytest.approx(1.0)
    # intensief sets q itself (20): NPV 600 at every point, the best throughout
    assert all(p["p_best"]["intensief"] == 1.0 for p in curve["points"])


def test_sensitivity_acceptability_table(small: Path) -> None:
    result = run_main(
        "sensitivity",
        str(EXAMPLE),
        "--alternatives",
        "--parameter",
        "outcomes.minder-huisartsbezoek.attribution",
        "--draws",
        "500",
        "--lang",
        "en",
    )
    assert result.returncode == 0, result.stderr
    assert "Probability each option is best as" in result.stdout
    assert result.stdout.count("%") >= 11 * 4  # 11 points × 4 options


def test_sensitivity_alternatives_needs_a_parameter(small: Path) -> None:
    result = run_main("sensitivity", str(small), "--alternatives")
    assert result.returncode == 2
    assert "--alternatives needs --parameter PATH" in result.stderr
    result = run_main("sensitivity", str(small), "--parameter", "outcomes.gp.quantity")
    assert result.returncode == 2
    assert "--parameter goes with --alternatives" in result.stderr


def test_sensitivity_unknown_parameter_is_one_line(small: Path) -> None:
    result = run_main(
        "sensitivity", str(small), "--alternatives", "--parameter", "outcomes.gp.quantty"
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "no parameter 'outcomes.gp.quantty' in this case (did you mean "
        "'outcomes.gp.quantity'?); ranged: outcomes.gp.quantity"
    )


def test_calc_with_a_scenario_says_the_alternatives_are_left_out(small: Path) -> None:
    result = run_main("calc", str(small), "--scenario", "conservative", "--lang", "en", env=WIDE)
    assert result.returncode == 0, result.stderr
    assert "Overview of the alternatives" not in result.stdout
    assert "leave out --scenario for the overview table" in result.stdout
    data = json.loads(run_main("calc", str(small), "--scenario", "conservative", "--json").stdout)
    assert "alternatives" not in data


# ---- the reports, read back ------------------------------------------------------------------


def _comparison() -> Comparison:
    """The example's comparison as rendement report computes it (1,000 draws, seed 0)."""
    return compare(prepare(load_case(EXAMPLE).case), None, 1000, 0)


def test_pdf_report_carries_the_overview_table(tmp_path: Path) -> None:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is needed (poppler-utils)"
    pdf = tmp_path / "varianten.pdf"
    result = run_main("report", str(EXAMPLE), "-o", str(pdf), "--lang", "en", "--draws", "1000")
    assert result.returncode == 0, result.stderr
    out = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", " ", out)
    assert "Overview of the alternatives (against doing nothing)" in flat
    comparison = _comparison()
    for r in comparison.overview.options:
        assert money(r.evaluation.npv, "en") in flat, r.id
    assert "P(best) per option (1,000 draws, seed 0)" in flat
    for _, p in comparison.choice.p_best:
        assert percent(p, "en") in flat


def test_xlsx_report_has_the_alternatives_sheet_with_the_engines_figures(tmp_path: Path) -> None:
    book = tmp_path / "varianten.xlsx"
    result = run_main("report", str(EXAMPLE), "-o", str(book), "--draws", "1000")
    assert result.returncode == 0, result.stderr
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[-1] == "Alternatieven"
    # by the first column; an option's title heads its increment row and then its P(best)
    # row, so the P(best) row (the last) is the one kept
    rows = {row[0]: row[1:] for row in wb["Alternatieven"].iter_rows(values_only=True) if row[0]}
    comparison = _comparison()
    npv = rows["Netto contante waarde"]
    assert npv[0] == 0  # do nothing
    assert list(npv[1:4]) == pytest.approx([r.evaluation.npv for r in comparison.overview.options])
    assert rows["Nulalternatief"][0] == 0  # P(best) of doing nothing
    p_best = dict(comparison.choice.p_best)
    assert rows["Licht, één coach"][0] == pytest.approx(p_best["licht"])
