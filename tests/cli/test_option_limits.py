"""Bounded work (issue 11): a count option out of its bounds is refused in one line naming the
option and the limit, exit status 2, before any file is read or any draw is made."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rendement.cli.main import app

runner = CliRunner()

CASE = {
    "rendement": 1,
    "case": {"id": "limits", "title": "Limits", "price_year": 2024},
    "stakeholders": [{"id": "gemeente", "name": "Gemeente", "kind": "municipality"}],
    "investments": [{"id": "coaches", "stakeholder": "gemeente", "amount": 1000}],
    "outcomes": [
        {
            "id": "zorg",
            "stakeholder": "gemeente",
            "quantity": {"value": 10, "low": 5, "high": 20},
            "proxy": 150,
        }
    ],
}


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "buurtcoaches.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("command", "value", "line"),
    [
        ("calc", "200000000", "--draws 200000000: at most 100,000,000"),
        ("calc", "100000001", "--draws 100000001: at most 100,000,000"),
        ("calc", "1", "--draws 1: at least 2"),
        ("calc", "0", "--draws 0: at least 2"),
        ("calc", "-5", "--draws -5: at least 2"),
        ("report", "200000000", "--draws 200000000: at most 100,000,000"),
        ("report", "1", "--draws 1: at least 2 (or 0: no simulation)"),
    ],
)
def test_draws_out_of_bounds_is_one_line_naming_the_limit(
    case_file: Path, tmp_path: Path, command: str, value: str, line: str
) -> None:
    extra = ["-o", str(tmp_path / "out.html")] if command == "report" else []
    result = runner.invoke(app, [command, str(case_file), *extra, "--draws", value])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [line]
    assert result.stdout == ""
    assert not (tmp_path / "out.html").exists()


def test_resamples_out_of_bounds_is_one_line_naming_the_limit(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'none.sqlite3'}"
    for value, line in [
        ("1000001", "--resamples 1000001: at most 1,000,000"),
        ("99", "--resamples 99: at least 100"),
    ]:
        result = runner.invoke(app, ["meta", "--database", database, "--resamples", value])
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [line]
    # refused before the registry is opened
    assert not (tmp_path / "none.sqlite3").exists()


def test_draws_at_the_limits_are_accepted(case_file: Path) -> None:
    # 2 draws is the smallest simulation that has a spread
    result = runner.invoke(app, ["calc", str(case_file), "--draws", "2", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["simulation"]["draws"] == 2


def test_report_with_zero_draws_runs_no_simulation(case_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    result = runner.invoke(app, ["report", str(case_file), "-o", str(out), "--draws", "0"])
    assert result.exit_code == 0, result.output
    assert out.exists()
