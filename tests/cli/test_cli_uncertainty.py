"""``rendement calc --draws`` and ``rendement sensitivity``: the JSON keys of case-format.md
(``simulation``, ``tornado``, ``switching_values``) and the Dutch simulation table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rendement.cli.main import app

runner = CliRunner()

# case-format.md, "The result": the simulation object and the sensitivity lists
SIMULATION_KEYS = {
    "draws", "seed", "npv", "sroi_ratio", "bcr", "p_npv_positive", "evpi", "evppi",
    "stakeholders",
}  # fmt: skip
NPV_KEYS = {"mean", "sd", "mcse", "p5", "p50", "p95"}
RATIO_KEYS = {"mean", "p5", "p50", "p95"}
EVPPI_KEYS = {"parameter", "value"}
STAKEHOLDER_KEYS = {"id", "net", "p_net_positive", "p_net_positive_cofinanced"}
NET_KEYS = {"p5", "p50", "p95"}
TORNADO_KEYS = {
    "parameter", "low", "high", "npv_low", "npv_high", "ratio_low", "ratio_high", "swing",
}  # fmt: skip
SWITCHING_KEYS = {"parameter", "value"}

CASE: dict[str, Any] = {
    "rendement": 1,
    "case": {"id": "buurtcoaches", "title": "Buurtcoaches", "price_year": 2024},
    "stakeholders": [
        {"id": "gemeente", "name": "Gemeente", "kind": "municipality"},
        {"id": "zvw", "name": "Zorgverzekeraar", "kind": "health-insurer"},
    ],
    "investments": [
        {
            "id": "coaches",
            "stakeholder": "gemeente",
            "amount": {"value": 50000, "low": 45000, "high": 60000},
            "years": 2,
        }
    ],
    "outcomes": [
        {
            "id": "minder-huisartsbezoek",
            "stakeholder": "zvw",
            "quantity": {"value": 400, "low": 200, "high": 600},
            "proxy": {"value": 150, "low": 120, "high": 180, "dist": "triangular"},
            "deadweight": {"value": 0.2, "low": 0.1, "high": 0.4},
            "duration": 3,
            "drop_off": 0.1,
        },
        {
            "id": "extra-wmo",
            "stakeholder": "gemeente",
            "quantity": 5,
            "proxy": {"value": -1800, "low": -2500, "high": -1200, "dist": "uniform"},
        },
    ],
}


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "buurtcoaches.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    return path


def _json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_calc_with_draws_adds_the_simulation_object_with_its_keys(case_file: Path) -> None:
    simulation = _json("calc", str(case_file), "--draws", "2000", "--json")["simulation"]
    assert set(simulation) == SIMULATION_KEYS
    assert (simulation["draws"], simulation["seed"]) == (2000, 0)
    assert set(simulation["npv"]) == NPV_KEYS
    assert set(simulation["sroi_ratio"]) == RATIO_KEYS
    assert set(simulation["bcr"]) == RATIO_KEYS
    assert 0.0 <= simulation["p_npv_positive"] <= 1.0
    assert simulation["evpi"] >= 0.0
    assert simulation["evppi"], "every ranged parameter has an EVPPI"
    for item in simulation["evppi"]:
        assert set(item) == EVPPI_KEYS
    assert [s["id"] for s in simulation["stakeholders"]] == ["gemeente", "zvw"]
    for row in simulation["stakeholders"]:
        assert set(row) == STAKEHOLDER_KEYS
        assert set(row["net"]) == NET_KEYS


def test_calc_without_draws_has_no_simulation(case_file: Path) -> None:
    assert "simulation" not in _json("calc", str(case_file), "--json")


def test_calc_simulation_is_reproducible_by_seed(case_file: Path) -> None:
    first = _json("calc", str(case_file), "--draws", "2000", "--seed", "7", "--json")
    again = _json("calc", str(case_file), "--draws", "2000", "--seed", "7", "--json")
    other = _json("calc", str(case_file), "--draws", "2000", "--seed", "8", "--json")
    assert first["simulation"] == again["simulation"]
    assert first["simulation"]["seed"] == 7
    assert other["simulation"]["npv"]["mean"] != first["simulation"]["npv"]["mean"]


def test_sensitivity_json_has_tornado_and_switching_values_with_their_keys(
    case_file: Path,
) -> None:
    data = _json("sensitivity", str(case_file), "--json")
    tornado = data["tornado"]
    assert {bar["parameter"] for bar in tornado} == {
        "investments.coaches.amount",
        "outcomes.minder-huisartsbezoek.quantity",
        "outcomes.minder-huisartsbezoek.proxy",
        "outcomes.minder-huisartsbezoek.deadweight",
        "outcomes.extra-wmo.proxy",
    }
    for bar in tornado:
        assert set(bar) == TORNADO_KEYS
        assert bar["swing"] == pytest.approx(abs(bar["npv_high"] - bar["npv_low"]))
    swings = [bar["swing"] for bar in tornado]
    assert swings == sorted(swings, reverse=True)
    switching = data["switching_values"]
    assert switching
    for item in switching:
        # the documented keys; more may be added (case-format.md: keys are never renamed)
        assert set(item) >= SWITCHING_KEYS
        assert item["value"] is None or isinstance(item["value"], float)


def test_sensitivity_json_gives_null_where_no_switching_value_exists(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(CASE))
    doc["outcomes"].append(
        {"id": "leeg", "stakeholder": "zvw", "quantity": 0, "proxy": 100}  # moves nothing
    )
    path = tmp_path / "leeg.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    switching = {
        s["parameter"]: s["value"]
        for s in _json("sensitivity", str(path), "--json")["switching_values"]
    }
    assert switching["outcomes.leeg.proxy"] is None


def test_calc_with_draws_prints_the_dutch_simulation_table(case_file: Path) -> None:
    result = runner.invoke(app, ["calc", str(case_file), "--draws", "2000"])
    assert result.exit_code == 0, result.output
    assert "Monte-Carlosimulatie" in result.stdout
    assert "Kans op positief saldo" in result.stdout
    assert "EVPI" in result.stdout
    assert "Saldo per belanghebbende" in result.stdout


def test_calc_with_draws_prints_the_english_table_on_request(case_file: Path) -> None:
    result = runner.invoke(app, ["calc", str(case_file), "--draws", "2000", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Probability of a positive NPV" in result.stdout


def test_calc_refuses_a_single_draw(case_file: Path) -> None:
    result = runner.invoke(app, ["calc", str(case_file), "--draws", "1"])
    assert result.exit_code == 2


def test_calc_with_draws_accepts_a_zero_width_range(tmp_path: Path) -> None:
    # low = value = high passes validation (low ≤ value ≤ high), so it must simulate too
    doc = json.loads(json.dumps(CASE))
    doc["outcomes"][1]["quantity"] = {"value": 5, "low": 5, "high": 5}
    path = tmp_path / "smal.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    simulation = _json("calc", str(path), "--draws", "2000", "--json")["simulation"]
    assert simulation["draws"] == 2000


EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_simulates_and_has_a_sensitivity(example: Path) -> None:
    simulation = _json("calc", str(example), "--draws", "2000", "--json")["simulation"]
    # a case with alternatives also gets P(best) per option (method.md §13)
    assert set(simulation) - {"p_best"} == SIMULATION_KEYS
    data = _json("sensitivity", str(example), "--json")
    assert all(set(bar) == TORNADO_KEYS for bar in data["tornado"])
    assert all(set(item) >= SWITCHING_KEYS for item in data["switching_values"])
