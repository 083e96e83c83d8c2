"""A normal parameter's scenario and tornado ends (value ± 1.96 sd) lie in its domain
(method.md §7, issue 11): shares in [0, 1], quantities ≥ 0, a discount rate > −1, as the
simulation clips its draws; the ends printed are the ends used."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from rendement.cli.main import app
from rendement.engine import prepare, scenario_row
from rendement.engine.sensitivity import tornado
from rendement.model import parse_case

from .builders import case_dict, inv, out

# 1.959964 sd either side: a quantity 10 ± 19.59964, a deadweight 0.2 ± 0.979982
DOC = case_dict(
    investments=[inv(amount=500)],
    outcomes=[
        out(
            quantity={"value": 10, "dist": "normal", "sd": 10},
            proxy=100,
            deadweight={"value": 0.2, "dist": "normal", "sd": 0.5},
        )
    ],
)


def test_normal_ends_are_clipped_to_the_domain_in_the_tornado() -> None:
    bars = {b.parameter: b for b in tornado(prepare(parse_case(DOC)))}
    quantity, deadweight = bars["outcomes.out.quantity"], bars["outcomes.out.deadweight"]
    # quantity: 10 − 19.59964 < 0 is clipped to 0; 10 + 19.59964 = 29.59964 stays
    assert (quantity.low, quantity.high) == pytest.approx((0.0, 29.59964))
    # NPV = q · 100 · (1 − 0.2) − 500: at 0 it is −500, at 29.59964 it is 2367.9712 − 500
    assert quantity.npv_low == pytest.approx(-500.0)
    assert quantity.npv_high == pytest.approx(1867.9712)
    # deadweight: 0.2 − 0.979982 < 0 and 0.2 + 0.979982 > 1 are clipped to 0 and 1
    assert (deadweight.low, deadweight.high) == (0.0, 1.0)
    # NPV = 10 · 100 · (1 − d) − 500: 500 at d = 0, −500 at d = 1
    assert (deadweight.npv_low, deadweight.npv_high) == pytest.approx((500.0, -500.0))


def test_conservative_scenario_uses_the_clipped_ends() -> None:
    structure = prepare(parse_case(DOC))
    row = scenario_row(structure, "conservative")[0]
    assert row[structure.index["outcomes.out.quantity"]] == 0.0
    assert row[structure.index["outcomes.out.deadweight"]] == 1.0
    row = scenario_row(structure, "optimistic")[0]
    assert row[structure.index["outcomes.out.quantity"]] == pytest.approx(29.59964)
    assert row[structure.index["outcomes.out.deadweight"]] == 0.0


def test_a_normal_discount_rate_stays_above_minus_one() -> None:
    doc = case_dict(
        discount_rate={"value": 0.03, "dist": "normal", "sd": 1.0},
        investments=[inv(amount=500)],
        outcomes=[out(quantity=10, proxy=100, start=1)],
    )
    bar = tornado(prepare(parse_case(doc)))[0]
    # 0.03 − 1.959964 = −1.929964 would make (1 + r)^−t negative: the low end is just above −1
    assert bar.low == pytest.approx(-1.0 + 1e-9, abs=1e-15)
    assert bar.low > -1.0
    assert bar.high == pytest.approx(0.03 + 1.959964)
    assert np.isfinite(bar.npv_low)


def test_sensitivity_json_prints_the_ends_used(tmp_path: Path) -> None:
    path = tmp_path / "normaal.json"
    path.write_text(json.dumps(DOC), encoding="utf-8")
    result = CliRunner().invoke(app, ["sensitivity", str(path), "--json"])
    assert result.exit_code == 0, result.output
    bars = {b["parameter"]: b for b in json.loads(result.stdout)["tornado"]}
    assert (bars["outcomes.out.quantity"]["low"], bars["outcomes.out.deadweight"]["high"]) == (
        0.0,
        1.0,
    )
