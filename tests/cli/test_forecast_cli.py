"""`rendement compare`, `predict`, `new --like`, `meta --calibration` and calc's
forecast_comparison, run as a person runs them (method.md §14, §15)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from tests.cli.cli_process import ROOT, run_main

EXAMPLES = ROOT / "examples"
FORECAST = EXAMPLES / "buurtcoaches-ouderen.yaml"
REALISED = EXAMPLES / "buurtcoaches-ouderen-realisatie.yaml"


def _database(tmp_path: Path) -> dict[str, str]:
    return {"RENDEMENT_DATABASE_URL": f"sqlite:///{tmp_path / 'registry.sqlite3'}"}


def _summary(folder: Path, entry_id: str, ratio: float, low: float, high: float) -> None:
    document = {
        "rendement": 1,
        "summary": {
            "id": entry_id,
            "title": entry_id,
            "ratio": {"value": ratio, "low": low, "high": high},
            "typology": {"approach": "preventive", "problems": "multiple"},
            "method": "mkba",
            "status": "included",
            "analysis": "quantitative",
        },
    }
    (folder / f"{entry_id}.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")


def test_compare_prints_items_parameters_and_whole_case_pits() -> None:
    result = run_main("compare", str(REALISED), "--forecast", str(FORECAST), "--lang", "en")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Forecast against actual" in out
    assert "Per parameter" in out and "PIT of the actual NPV" in out
    assert "minder-seh-bezoek (outcome)" in out  # new
    assert "voorkomen-huisuitzetting (outcome)" in out  # dropped


def test_compare_json_has_the_keys_of_case_format() -> None:
    result = run_main(
        "compare", str(REALISED), "--forecast", str(FORECAST), "--json", "--draws", "2000"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"forecast", "items", "parameters", "npv_pit", "ratio_pit", "new", "dropped"} <= set(
        data
    )
    assert data["forecast"] == {
        "id": "buurtcoaches-ouderen",
        "version": None,
        "file": str(FORECAST),
    }
    assert data["draws"] == 2000
    item = next(i for i in data["items"] if i["id"] == "ruimte")
    # the waived rent is the same on both sides: 9,000 a year for five years
    assert item["difference"] == 0 and item["ratio"] == 1
    quantity = next(
        p for p in data["parameters"] if p["parameter"] == "outcomes.minder-huisartsbezoek.quantity"
    )
    assert (quantity["forecast"], quantity["low"], quantity["high"], quantity["actual"]) == (
        900,
        450,
        1200,
        640,
    )
    assert 0 < quantity["pit"] < 0.2  # 640 is low in PERT(450, 900, 1200)
    assert data["new"] == [{"id": "minder-seh-bezoek", "kind": "outcome"}]


def test_compare_without_a_registry_entry_names_the_missing_forecast(tmp_path: Path) -> None:
    env = _database(tmp_path)
    assert run_main("registry", "import", str(EXAMPLES / "samenoud.yaml"), env=env).returncode == 0
    result = run_main("compare", str(REALISED), env=env)
    assert result.returncode == 2
    assert "no case 'buurtcoaches-ouderen' in the registry" in result.stderr
    assert "Traceback" not in result.stderr


def test_calc_says_in_one_line_why_it_did_not_compare_and_succeeds(tmp_path: Path) -> None:
    result = run_main("calc", str(REALISED), "--lang", "en", env=_database(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "Net present value" in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("case.forecast buurtcoaches-ouderen: not compared: no registry at")


def test_calc_json_carries_the_comparison_once_the_forecast_is_imported(tmp_path: Path) -> None:
    env = _database(tmp_path)
    assert run_main("registry", "import", str(FORECAST), env=env).returncode == 0
    result = run_main("calc", str(REALISED), "--json", env=env)
    assert result.returncode == 0, result.stderr
    comparison = json.loads(result.stdout)["forecast_comparison"]
    assert comparison["forecast"] == {"id": "buurtcoaches-ouderen", "version": 1}
    assert comparison["draws"] == 10_000 and comparison["seed"] == 0


def test_meta_calibration_json(tmp_path: Path) -> None:
    env = _database(tmp_path)
    imported = run_main("registry", "import", str(FORECAST), str(REALISED), env=env)
    assert imported.returncode == 0, imported.stderr
    result = run_main("meta", "--calibration", "--json", "--draws", "2000", env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"n_pairs", "mean_log_ratio", "ci", "coverage_p5_p95", "pit"} <= set(data)
    assert data["n_pairs"] == 1
    assert data["ci"] is None  # one pair: no bootstrap interval
    table = run_main("meta", "--calibration", "--lang", "en", "--draws", "2000", env=env)
    assert "Calibration of forecasts" in table.stdout and "PIT histogram" in table.stdout


def _registry_of_three(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "entries"
    folder.mkdir()
    for entry_id, ratio, low, high in (
        ("a", 1.4, 1.1, 1.9),
        ("b", 2.1, 1.2, 3.5),
        ("c", 0.9, 0.6, 1.4),
    ):
        _summary(folder, entry_id, ratio, low, high)
    env = _database(tmp_path)
    imported = run_main("registry", "import", str(folder), str(FORECAST), env=env)
    assert imported.returncode == 0, imported.stderr
    return env


def test_predict_prints_and_gives_json(tmp_path: Path) -> None:
    env = _registry_of_three(tmp_path)
    args = ("predict", "--quadrant", "preventive/multiple", "--investment", "250000")
    result = run_main(*args, "--json", env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["k"], data["cases"]) == (3, ["a", "b", "c"])
    low, high = data["interval_95"]
    assert low < data["interval_80"][0] < data["median"] < data["interval_80"][1] < high
    assert data["value"]["median"] == 250_000 * data["median"]
    assert 0 < data["p_ratio_above_1"] < 1
    table = run_main(*args, "--lang", "en", env=env)
    assert "Predictive median ratio" in table.stdout and "P(ratio > 1)" in table.stdout


def test_predict_refuses_a_bad_filter_and_explains_too_few_cases(tmp_path: Path) -> None:
    env = _registry_of_three(tmp_path)
    bad = run_main("predict", "--quadrant", "preventief", env=env)
    assert bad.returncode == 2
    assert "quadrant 'preventief': choose from preventive/single" in bad.stderr
    few = run_main("predict", "--quadrant", "curative/single", "--lang", "en", env=env)
    assert few.returncode == 0
    assert "No prediction: 0 comparable included cases" in few.stdout


def test_new_like_writes_a_starter_with_the_prediction_and_the_outcome_kinds(
    tmp_path: Path,
) -> None:
    env = _registry_of_three(tmp_path)
    target = tmp_path / "nieuw.yaml"
    result = run_main("new", str(target), "--like", "quadrant=preventive/multiple", env=env)
    assert result.returncode == 0, result.stderr
    written = target.read_text("utf-8")
    assert "# k = 3 included cases with a ratio and an interval: a, b, c" in written
    assert "#   predictive median ratio" in written
    # the outcome kinds of buurtcoaches-ouderen, the one full case among the comparable ones
    for ref in ("care/gp-consult", "care/nursing-home-day", "care/informal-care-hour"):
        assert f"proxy: {{ref: {ref}}}" in written
    data = yaml.safe_load(written)
    assert data["case"]["typology"] == {"approach": "preventive", "problems": "multiple"}
    kinds = {s["kind"] for s in data["stakeholders"]}
    assert {"municipality", "health-insurer", "care-office"} <= kinds  # the payers are declared
