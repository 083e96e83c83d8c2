"""Tornado and switching values of large cases (issue 11, bounded work): every one-parameter
change is evaluated on the changed item alone (``vary.py``), and gives what a whole-case
evaluation of that row gives."""

from __future__ import annotations

import time
import tracemalloc
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings

from rendement.engine import Structure, compute, prepare, scenario_row
from rendement.engine.sensitivity import sensitivity, tornado
from rendement.engine.vary import OneAtATime
from rendement.model import parse_case

from .builders import case_dict, inv, out
from .test_sensitivity import ranged_cases


def _ranged(value: float, spread: float, low: float = -np.inf, high: float = np.inf) -> Any:
    return {
        "value": value,
        "low": max(low, value * (1 - spread)),
        "high": min(high, value * (1 + spread)),
    }


def many_outcomes(outcomes: int, years: int, investment: float) -> Structure:
    """``outcomes`` outcomes over ``years`` years, every parameter ranged."""
    rng = np.random.default_rng(3)
    outs = [
        out(
            f"o{i}",
            stakeholder=("zvw", "gemeente", "bewoners")[i % 3],
            quantity=_ranged(float(rng.uniform(5, 50)), 0.5, 0.0),
            proxy=_ranged(float(rng.uniform(50, 500)), 0.3),
            deadweight=_ranged(float(rng.uniform(0.1, 0.3)), 0.5, 0.0, 1.0),
            attribution=_ranged(0.1, 0.5, 0.0, 1.0),
            displacement=_ranged(0.05, 0.5, 0.0, 1.0),
            drop_off=_ranged(0.1, 0.5, 0.0, 1.0),
            duration=_ranged(years - 2.0, 0.2, 1.0, float(years)),
            start=int(rng.integers(0, 2)),
        )
        for i in range(outcomes)
    ]
    invs = [inv(f"i{j}", amount=_ranged(investment / 3, 0.2, 0.0), years=years) for j in range(3)]
    doc = case_dict(
        outcomes=outs,
        investments=invs,
        horizon=years,
        discount_rate={"value": 0.0225, "low": 0.0, "high": 0.04},
    )
    return prepare(parse_case(doc))


def _npv_of_row(structure: Structure, path: str, value: float) -> float:
    X = structure.base_row()
    X[0, structure.index[path]] = value
    return float(compute(structure, X).npv[0])


@settings(max_examples=50, deadline=None)
@given(ranged_cases())
def test_one_parameter_changes_give_what_the_whole_case_gives(doc: dict[str, Any]) -> None:
    structure = prepare(parse_case(doc))
    varied = OneAtATime(structure)
    columns, values = [], []
    for k, p in enumerate(structure.parameters):
        # inside the domain, outside it, and a long duration that lengthens a derived horizon
        for value in (p.number.value * 1.5 + 0.25, p.number.value - 0.75, 9.5):
            columns.append(k)
            values.append(value if p.domain[0] is None or value > p.domain[0] else 0.5)
    res = varied.evaluate(np.array(columns), np.array(values))
    for m, (k, value) in enumerate(zip(columns, values, strict=True)):
        X = structure.base_row()
        X[0, k] = value
        whole = compute(structure, X)
        scale = 1e-9 * (1.0 + abs(float(whole.pv_benefits[0])) + float(whole.pv_investment[0]))
        assert res.pv_benefits[m] == pytest.approx(float(whole.pv_benefits[0]), abs=scale)
        assert res.pv_investment[m] == pytest.approx(float(whole.pv_investment[0]), abs=scale)


def test_hours_rate_and_schedule_changes_give_what_the_whole_case_gives() -> None:
    structure = prepare(
        parse_case(
            case_dict(
                discount_rate=0.05,
                discounting="svi",
                investments=[
                    inv("uren", hours=100, rate=40, years=2, start=1),
                    inv("plan", schedule=[500, 300, 200]),
                ],
                outcomes=[out(quantity=10, proxy=1000, duration=3, drop_off=0.2)],
            )
        )
    )
    varied = OneAtATime(structure)
    for path, value in [
        ("investments.uren.hours", 150.0),
        ("investments.uren.rate", 10.0),
        ("investments.plan.schedule.1", 0.0),
        ("investments.plan.schedule.2", 900.0),
        ("discount_rate", 0.1),
    ]:
        got = varied.evaluate(np.array([structure.index[path]]), np.array([value])).npv[0]
        assert got == pytest.approx(_npv_of_row(structure, path, value), rel=1e-12), path
    # by hand: uren at 150 h: 150 · 40 = 6000 in years 1 and 2, discounted at 5 % from t
    # 6000 / 1.05 + 6000 / 1.05² = 5714.29 + 5442.18 = 11156.46
    res = varied.evaluate(np.array([structure.index["investments.uren.hours"]]), np.array([150.0]))
    plan = 500 + 300 / 1.05 + 200 / 1.05**2
    assert res.pv_investment[0] == pytest.approx(6000 / 1.05 + 6000 / 1.05**2 + plan)


def test_tornado_of_many_outcomes_never_builds_the_whole_case_per_end() -> None:
    # 300 outcomes × 50 years: 2,104 ranged parameters; the whole case at each end would be
    # 4,208 × 300 × 50 numbers (505 MB); one changed outcome per end is 4,208 × 50 (1.7 MB)
    structure = many_outcomes(300, 50, investment=1e6)
    tracemalloc.start()
    try:
        bars = tornado(structure)
        conservative = scenario_row(structure, "conservative")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100 * 2**20, f"peak {peak / 2**20:.0f} MB"
    assert len(bars) == len(structure.ranged) == 2_104
    for bar in bars[:3] + bars[-3:]:
        assert bar.npv_low == pytest.approx(_npv_of_row(structure, bar.parameter, bar.low))
        assert bar.npv_high == pytest.approx(_npv_of_row(structure, bar.parameter, bar.high))
    # the conservative row takes, for each parameter, the end of its bar with the lower NPV
    col = structure.index[bars[0].parameter]
    worse = bars[0].low if bars[0].npv_low <= bars[0].npv_high else bars[0].high
    assert conservative[0, col] == worse


def test_sensitivity_of_2000_outcomes_over_50_years_is_quick_and_puts_npv_at_zero() -> None:
    # benchmarks/bench_sensitivity.py measures it (under a second); the bound here is loose
    # for a loaded test machine. Investment near the benefits: drop-off and duration of many
    # outcomes then have a switching value, found by the batched bisection.
    probe = many_outcomes(2_000, 50, investment=1.0)
    res = compute(probe, probe.base_row())
    benefits, per_unit = float(res.pv_benefits[0]), float(res.pv_investment[0])
    # NPV = 0.001 % of the benefits
    structure = many_outcomes(2_000, 50, investment=benefits * (1 - 1e-5) / per_unit)
    started = time.perf_counter()
    result = sensitivity(structure)
    elapsed = time.perf_counter() - started
    assert elapsed < 60.0, f"{elapsed:.1f} s"
    assert len(result.tornado) == 14_004
    assert len(result.switching_values) == len(structure.parameters) == 14_004
    found = [s for s in result.switching_values if s.value is not None]
    monotone = [s for s in found if s.parameter.endswith((".drop_off", ".duration"))]
    assert len(monotone) > 100
    scale = 1e-6 * benefits
    for s in found[:20] + monotone[:20] + found[-20:]:
        assert abs(_npv_of_row(structure, s.parameter, s.value)) <= scale, s  # type: ignore[arg-type]
