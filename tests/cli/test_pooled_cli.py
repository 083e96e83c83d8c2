"""``rendement calc`` shows pooled estimates (the ``pooled`` key of ``--json`` and a table per
pooled parameter naming who said what, method.md §12) and the assurance checklist."""

from __future__ import annotations

import json
from pathlib import Path

from cli_process import run_main

CASE = """\
rendement: 1
case: {id: pool, title: Pool, price_year: 2024, discount_rate: 0}
stakeholders:
  - {id: zvw, name: Zorgverzekeraar, kind: health-insurer}
  - {id: gemeente, name: Gemeente, kind: municipality}
investments:
  - {id: coaches, stakeholder: gemeente, amount: 1000}
outcomes:
  - id: zorg
    stakeholder: zvw
    quantity:
      estimates:
        - {by: Zorgverzekeraar, low: 0, value: 0, high: 1}
        - {by: Gemeente, low: 0, value: 1, high: 1}
    proxy: 2000
"""


def test_calc_json_gives_the_pooled_key(tmp_path: Path) -> None:
    path = tmp_path / "pool.yaml"
    path.write_text(CASE, encoding="utf-8")
    result = run_main("calc", str(path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    (pooled,) = data["pooled"]
    assert set(pooled) >= {"parameter", "estimates", "value", "p5", "p50", "p95", "disagreement"}
    assert pooled["parameter"] == "outcomes.zorg.quantity"
    assert [e["by"] for e in pooled["estimates"]] == ["Zorgverzekeraar", "Gemeente"]
    assert set(pooled["estimates"][0]) >= {"by", "low", "value", "high", "weight"}
    # Beta(1, 5) and Beta(5, 1) mixed half and half: symmetric, median ½; NPV = 2000 × ½ − 1000
    assert abs(pooled["value"] - 0.5) < 1e-4
    assert abs(data["npv"]) < 1.0


def test_calc_prints_who_said_what(tmp_path: Path) -> None:
    path = tmp_path / "pool.yaml"
    path.write_text(CASE, encoding="utf-8")
    result = run_main("calc", str(path), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "Estimates per participant: outcomes.zorg.quantity" in result.stdout
    assert "Zorgverzekeraar" in result.stdout and "Disagreement: 1.04" in result.stdout


def test_calc_json_gives_the_assurance_checklist(tmp_path: Path) -> None:
    path = tmp_path / "pool.yaml"
    path.write_text(CASE, encoding="utf-8")
    data = json.loads(run_main("calc", str(path), "--json").stdout)
    checks = {c["check"]: c for c in data["assurance"]}
    assert list(checks) == [
        "stakeholders-engaged",
        "deadweight-attribution",
        "proxy-source",
        "duration-drop-off",
        "sensitivity",
        "double-counting",
        "negative-outcomes",
    ]
    assert checks["stakeholders-engaged"]["passed"] is True  # the estimates were given
    # the outcome states neither deadweight nor attribution, and its proxy is a bare number
    assert checks["deadweight-attribution"]["items"] == [
        {
            "outcomes": ["zorg"],
            "fields": ["deadweight", "attribution"],
            "ref": None,
            "stakeholder": None,
        }
    ]
    assert checks["proxy-source"]["advice"].startswith("Give a source for the proxy of zorg ")
    assert checks["sensitivity"] == {
        "check": "sensitivity",
        "principle": 7,
        "passed": True,
        "items": [],
        "advice": None,
    }


def test_calc_prints_the_checklist(tmp_path: Path) -> None:
    path = tmp_path / "pool.yaml"
    path.write_text(CASE, encoding="utf-8")
    out = run_main("calc", str(path)).stdout
    assert "4 van 7 punten in orde" in out  # deadweight/attribution, proxy, negatives fail
    assert "✗ Elke financiële proxy heeft een bron" in out
