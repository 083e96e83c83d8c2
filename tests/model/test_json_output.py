"""`calc --json` and `sensitivity --json` print strict JSON: never NaN or Infinity (issue 11,
item 2). A strict parser refuses those constants; every example and edge case must parse."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rendement.cli.main import app
from rendement.io.jsonio import finite_json

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
runner = CliRunner()


def strict_loads(text: str) -> Any:
    def refuse(constant: str) -> None:
        raise ValueError(f"not strict JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


EDGE = """\
rendement: 1
case: {id: rand, title: Randgeval, price_year: 2024}
stakeholders:
  - {id: zvw, name: Zorgverzekeraar, kind: health-insurer}
outcomes:
  - id: niets-geinvesteerd
    stakeholder: zvw
    quantity: {value: 1000000, low: 0, high: 1000000000}
    proxy: {value: 1000000000, low: -1000000000000000, high: 1000000000000000}
    duration: 200
  - {id: welbevinden, stakeholder: zvw, pm: negative}
"""


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_calc_json_of_every_example_is_strict_json(path: Path) -> None:
    result = runner.invoke(app, ["calc", str(path), "--json", "--draws", "200"])
    assert result.exit_code == 0, result.output
    data = strict_loads(result.stdout)
    assert data["simulation"]["draws"] == 200


@pytest.mark.parametrize("path", EXAMPLES[:2], ids=lambda p: p.name)
def test_sensitivity_json_of_an_example_is_strict_json(path: Path) -> None:
    result = runner.invoke(app, ["sensitivity", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert "tornado" in strict_loads(result.stdout)


def test_an_edge_case_without_investment_and_with_extreme_figures_is_strict_json(
    tmp_path: Path,
) -> None:
    path = tmp_path / "rand.yaml"
    path.write_text(EDGE, encoding="utf-8")
    result = runner.invoke(app, ["calc", str(path), "--json", "--draws", "200"])
    assert result.exit_code == 0, result.output
    data = strict_loads(result.stdout)
    # no investment: the ratios are undefined, given as null (method.md §5), never NaN
    assert (data["sroi_ratio"], data["bcr"], data["payback_years"]) == (None, None, None)
    # 1e6 × 1e9 = 1e15 a year for 200 years, undiscounted sum 2e17: large but finite
    assert data["pv_benefits"] > 1e16
    assert math.isfinite(data["simulation"]["npv"]["mean"])


def test_a_non_finite_figure_becomes_null_with_a_reason() -> None:
    text = finite_json(
        {"npv": float("nan"), "years": [{"t": 0, "benefits": float("inf")}], "warnings": ["w"]}
    )
    assert strict_loads(text) == {
        "npv": None,
        "years": [{"t": 0, "benefits": None}],
        "warnings": [
            "w",
            "npv: not a finite number (nan); given as null",
            "years[0].benefits: not a finite number (inf); given as null",
        ],
    }


def test_finite_json_keeps_text_as_written() -> None:
    assert finite_json({"title": "Zorg € 5"}) == '{\n  "title": "Zorg € 5"\n}'
