"""``rendement fund`` and ``rendement report PORTFOLIO`` as a person runs them (method.md §16)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import openpyxl
import pytest
from cli_process import ROOT, run_main

from rendement.report.fund_xlsx import fund_sheet_name
from rendement.usecases.fund import fund_file

EXAMPLE = "examples/portfolios/voorbeeldstad.yaml"


def test_fund_json_has_the_keys_of_case_format() -> None:
    result = run_main("fund", EXAMPLE, "--json", "--draws", "500", "--seed", "3")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"parties", "fund_balance", "first_shortfall_year", "bridging_capital"} <= set(data)
    assert "compensating_proposal" in data and "simulation" in data
    party = data["parties"][0]
    assert {"party", "by_year", "npv", "break_even_year", "p_net_nonnegative"} <= set(party)
    year = party["by_year"][0]
    assert {"t", "investment", "cashable", "non_cashable", "contribution"} <= set(year)
    # the same figures as the engine's, through the use case the CLI calls
    engine = fund_file(ROOT / EXAMPLE, draws=500, seed=3)
    assert data["fund_balance"] == pytest.approx(list(engine.fund_balance))
    assert data["bridging_capital"] == pytest.approx(engine.bridging_capital)
    assert data["simulation"]["bridging_capital"]["p50"] == pytest.approx(
        engine.simulation.bridging_capital.p50 if engine.simulation else None
    )


def test_fund_json_gives_the_same_numbers_for_the_same_seed() -> None:
    first = run_main("fund", EXAMPLE, "--json", "--draws", "300", "--seed", "5")
    second = run_main("fund", EXAMPLE, "--json", "--draws", "300", "--seed", "5")
    assert first.stdout == second.stdout


def test_rule_option_overrides_the_file() -> None:
    result = run_main("fund", EXAMPLE, "--json", "--rule", "proportional")
    data = json.loads(result.stdout)
    assert data["rule"]["rule"] == "proportional"
    # proportional pays every year's costs in full: the seed alone stays in the fund
    seed = sum(data["rule"]["seed"].values())
    assert data["fund_balance"] == pytest.approx([seed] * len(data["fund_balance"]))
    assert data["first_shortfall_year"] is None


def test_rule_fixed_without_shares_is_an_error_with_the_file_line() -> None:
    result = run_main("fund", EXAMPLE, "--rule", "fixed")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"{EXAMPLE}:23 fund: --rule fixed needs fund.shares in the file"
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_fund_tables_name_the_balance_and_the_bridging_capital(lang: str) -> None:
    result = run_main("fund", EXAMPLE, "--lang", lang)
    assert result.returncode == 0, result.stderr
    if lang == "nl":
        assert "Fondssaldo per jaar" in result.stdout
        assert "overbruggingskapitaal nodig: € 1.727.568" in result.stdout
    else:
        assert "Fund balance by year" in result.stdout
        assert "bridging capital needed: €1,727,568" in result.stdout


def test_check_validates_a_portfolio_and_its_members() -> None:
    result = run_main("check", EXAMPLE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{EXAMPLE}: ok"


def test_report_recognises_a_portfolio(tmp_path: Path) -> None:
    html, xlsx, pdf = tmp_path / "f.html", tmp_path / "f.xlsx", tmp_path / "f.pdf"
    for out in (html, xlsx, pdf):
        result = run_main("report", EXAMPLE, "-o", str(out), "--draws", "200", "--lang", "en")
        assert result.returncode == 0, result.stderr
    page = html.read_text(encoding="utf-8")
    assert "Fund balance by year" in page and "<svg" in page
    assert "Compensating proposal" in page
    wb = openpyxl.load_workbook(xlsx)
    assert fund_sheet_name("en") in wb.sheetnames
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Bridging capital" in text
