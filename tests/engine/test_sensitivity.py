"""Scenarios, tornado and switching values (method.md §7), checked by brute force.

Every figure is recomputed here with ``compute`` on a parameter row built by hand: the
tornado at each end of each ranged parameter, the switching value by putting the reported
value back into the case, and the conservative and optimistic scenarios by their definition.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rendement.engine import Structure, compute, point_evaluation, prepare, scenario_row
from rendement.engine.sensitivity import sensitivity, tornado
from rendement.model import parse_case

from .builders import case_dict, inv, out

SETTINGS = settings(max_examples=50, deadline=None)


def structure_of(**kwargs: Any) -> Structure:
    return prepare(parse_case(case_dict(**kwargs)))


def npv_with(structure: Structure, **values: float) -> float:
    """NPV with some parameters (by path, dots as ``__``) set, the others at their values."""
    X = structure.base_row()
    for path, value in values.items():
        X[0, structure.index[path.replace("__", ".")]] = value
    return float(compute(structure, X).npv[0])


def npv_at_ends(structure: Structure) -> list[tuple[str, float, float, float, float]]:
    """(path, low, high, NPV at low, NPV at high) of each ranged parameter, others at value."""
    rows, ends = [], []
    for p in structure.ranged:
        low, high = p.number.span
        for value in (low, high):
            X = structure.base_row()
            X[0, structure.index[p.path]] = value
            rows.append(X)
        ends.append((p.path, low, high))
    if not rows:
        return []
    npv = compute(structure, np.concatenate(rows)).npv
    return [(*e, float(npv[2 * k]), float(npv[2 * k + 1])) for k, e in enumerate(ends)]


def switching(structure: Structure) -> dict[str, float | None]:
    return {s.parameter: s.value for s in sensitivity(structure).switching_values}


# ---- random ranged cases ------------------------------------------------------------------------


@st.composite
def ranged(draw: st.DrawFn, low: int, high: int, scale: float = 1.0, share: float = 0.6) -> Any:
    """A number on the grid k / scale for k in [low, high]: plain, or with a range of positive
    width inside [low, high] and a distribution."""
    value = draw(st.integers(low, high))
    if value == low == high or not draw(st.floats(0, 1).map(lambda x: x < share)):
        return value / scale
    lo = draw(st.integers(low, value))
    hi = draw(st.integers(value, high))
    if lo == hi:
        return value / scale
    number: dict[str, Any] = {"value": value / scale, "low": lo / scale, "high": hi / scale}
    dist = draw(st.sampled_from([None, "pert", "triangular", "uniform"]))
    if dist is not None:
        number["dist"] = dist
    return number


@st.composite
def ranged_cases(draw: st.DrawFn) -> dict[str, Any]:
    """1–3 outcomes (positive or negative proxies) and 0–2 investments, any parameter ranged."""
    outcomes = [
        out(
            f"o{i}",
            stakeholder=draw(st.sampled_from(["zvw", "gemeente", "bewoners"])),
            quantity=draw(ranged(0, 40)),
            proxy=draw(ranged(-2000, 3000)),
            deadweight=draw(ranged(0, 100, 100, share=0.3)),
            attribution=draw(ranged(0, 100, 100, share=0.3)),
            drop_off=draw(ranged(0, 100, 100, share=0.3)),
            duration=draw(ranged(100, 500, 100, share=0.3)),
            start=draw(st.integers(0, 2)),
        )
        for i in range(draw(st.integers(1, 3)))
    ]
    investments = [
        inv(
            f"i{j}",
            stakeholder=draw(st.sampled_from(["gemeente", "welzijn"])),
            amount=draw(ranged(0, 20_000)),
            years=draw(st.integers(1, 3)),
            start=draw(st.integers(0, 1)),
        )
        for j in range(draw(st.integers(0, 2)))
    ]
    info: dict[str, Any] = {
        "discount_rate": draw(ranged(0, 80, 1000, share=0.3)),
        "discounting": draw(st.sampled_from(["mkba", "svi"])),
    }
    if draw(st.booleans()):
        info["horizon"] = draw(st.integers(1, 8))
        for item in (*outcomes, *investments):  # a flow starting after the horizon is an error
            if "start" in item:
                item["start"] = min(item["start"], info["horizon"] - 1)
    return case_dict(outcomes=outcomes, investments=investments, **info)


# ---- scenarios ----------------------------------------------------------------------------------


def _scenario_npv(structure: Structure, name: str) -> float:
    return point_evaluation(structure, scenario_row(structure, name), name).npv


@SETTINGS
@given(ranged_cases())
def test_conservative_is_no_better_and_optimistic_no_worse_than_the_point(
    doc: dict[str, Any],
) -> None:
    structure = prepare(parse_case(doc))
    point = point_evaluation(structure, structure.base_row(), "base").npv
    tolerance = 1e-9 * (1.0 + abs(point))
    assert _scenario_npv(structure, "conservative") <= point + tolerance
    assert _scenario_npv(structure, "optimistic") >= point - tolerance


@SETTINGS
@given(ranged_cases())
def test_each_parameter_takes_the_end_that_lowers_npv_in_the_conservative_scenario(
    doc: dict[str, Any],
) -> None:
    structure = prepare(parse_case(doc))
    conservative = scenario_row(structure, "conservative")[0]
    optimistic = scenario_row(structure, "optimistic")[0]
    for path, low, high, at_low, at_high in npv_at_ends(structure):
        col = structure.index[path]
        if abs(at_low - at_high) <= 1e-9 * (1 + abs(at_low)):
            continue  # no preference between the ends
        worse, better = (low, high) if at_low < at_high else (high, low)
        assert conservative[col] == worse, path
        assert optimistic[col] == better, path


def test_conservative_takes_the_high_end_of_an_investment_amount() -> None:
    structure = structure_of(
        investments=[inv(amount={"value": 500, "low": 400, "high": 700})],
        outcomes=[out(quantity=10, proxy=100)],
    )
    col = structure.index["investments.inv.amount"]
    assert scenario_row(structure, "conservative")[0, col] == 700
    assert scenario_row(structure, "optimistic")[0, col] == 400
    # 1000 − 700 = 300 ≤ 1000 − 500 = 500 ≤ 1000 − 400 = 600
    assert _scenario_npv(structure, "conservative") == pytest.approx(300.0)
    assert _scenario_npv(structure, "optimistic") == pytest.approx(600.0)


def test_conservative_takes_the_low_deadweight_of_a_cost_shift() -> None:
    # a negative proxy: less deadweight leaves more of the cost, so low is the worse end
    structure = structure_of(
        investments=[inv(amount=100)],
        outcomes=[
            out("zorg", quantity=10, proxy=100),
            out(
                "wmo",
                stakeholder="gemeente",
                quantity=5,
                proxy={"value": -60, "low": -90, "high": -40},
                deadweight={"value": 0.5, "low": 0.2, "high": 0.8},
            ),
        ],
    )
    row = scenario_row(structure, "conservative")[0]
    assert row[structure.index["outcomes.wmo.deadweight"]] == 0.2
    assert row[structure.index["outcomes.wmo.proxy"]] == -90
    # 1000 − 5 · 90 · 0.8 − 100 = 1000 − 360 − 100 = 540
    assert _scenario_npv(structure, "conservative") == pytest.approx(540.0)


# ---- tornado -----------------------------------------------------------------------------------


def _brute_force_tornado(structure: Structure) -> list[tuple[str, float, float, float, float]]:
    return sorted(npv_at_ends(structure), key=lambda b: -abs(b[4] - b[3]))


@SETTINGS
@given(ranged_cases())
def test_tornado_matches_brute_force_evaluation(doc: dict[str, Any]) -> None:
    structure = prepare(parse_case(doc))
    bars = tornado(structure)
    expected = _brute_force_tornado(structure)
    assert len(bars) == len(expected)
    scale = 1e-9 * (1.0 + max((abs(b[3]) + abs(b[4]) for b in expected), default=0.0))
    by_path = {b[0]: b for b in expected}
    for bar in bars:
        _, low, high, npv_low, npv_high = by_path[bar.parameter]
        assert (bar.low, bar.high) == (low, high)
        assert bar.npv_low == pytest.approx(npv_low, abs=scale)
        assert bar.npv_high == pytest.approx(npv_high, abs=scale)
        assert bar.swing == pytest.approx(abs(bar.npv_high - bar.npv_low))
    # sorted by swing: the same sequence of swings as the brute-force order
    swings = [bar.swing for bar in bars]
    assert swings == pytest.approx([abs(b[4] - b[3]) for b in expected], abs=scale)
    assert all(a >= b - scale for a, b in itertools.pairwise(swings))


def test_tornado_orders_by_swing_with_hand_computed_values() -> None:
    structure = structure_of(
        investments=[inv(amount={"value": 500, "low": 450, "high": 600})],
        outcomes=[
            out("a", quantity={"value": 10, "low": 5, "high": 12}, proxy=100),
            out("b", quantity=1, proxy={"value": 300, "low": 100, "high": 400}),
        ],
    )
    bars = tornado(structure)
    # base NPV = 1000 + 300 − 500 = 800
    # quantity a: 500 + 300 − 500 = 300 | 1200 + 300 − 500 = 1000; swing 700
    # proxy b:    1000 + 100 − 500 = 600 | 1000 + 400 − 500 = 900;  swing 300
    # amount:     1300 − 450 = 850       | 1300 − 600 = 700;        swing 150
    assert [b.parameter for b in bars] == [
        "outcomes.a.quantity",
        "outcomes.b.proxy",
        "investments.inv.amount",
    ]
    figures = [x for b in bars for x in (b.npv_low, b.npv_high, b.swing)]
    assert figures == pytest.approx([300, 1000, 700, 600, 900, 300, 850, 700, 150])
    assert bars[0].ratio_low == pytest.approx(800 / 500)  # (500 + 300) / 500


# ---- switching values ---------------------------------------------------------------------------


def _scale(structure: Structure, X: np.ndarray) -> float:
    """The size of the amounts the NPV is summed from (every outcome and investment taken
    absolutely): near a discount rate of −1 they are huge and cancel at the root, so a root
    found to 1e-12 in r leaves an NPV that is small only against them, not against the net."""
    res = compute(structure, X)
    gross = np.abs(res.pv_outcomes).sum(axis=1) + np.abs(res.pv_investments).sum(axis=1)
    return float(max(gross.max(), np.abs(res.pv_benefits).max(), 1.0))


def _grid(p_path: str) -> np.ndarray | None:
    """A fine grid over the part of a nonlinear or bounded domain where we look for roots."""
    name = p_path.rsplit(".", 1)[-1]
    if name in ("deadweight", "attribution", "displacement", "drop_off"):
        return np.linspace(0.0, 1.0, 501)
    if name == "duration":
        return np.linspace(1.0, 12.0, 1101)
    if p_path == "discount_rate":
        return np.linspace(-0.5, 1.0, 1501)
    return None


@settings(max_examples=25, deadline=None, report_multiple_bugs=False)
@given(ranged_cases())
def test_npv_is_zero_at_every_switching_value(doc: dict[str, Any]) -> None:
    structure = prepare(parse_case(doc))
    base_scale = _scale(structure, structure.base_row())
    for s in sensitivity(structure).switching_values:
        if s.value is None:
            continue
        X = structure.base_row()
        X[0, structure.index[s.parameter]] = s.value
        scale = max(base_scale, _scale(structure, X))
        npv = float(compute(structure, X).npv[0])
        assert abs(npv) <= 1e-6 * scale, (s.parameter, s.base, s.value, npv)


@settings(max_examples=25, deadline=None, report_multiple_bugs=False)
@given(ranged_cases())
def test_switching_value_is_the_root_nearest_the_base_on_a_fine_grid(doc: dict[str, Any]) -> None:
    structure = prepare(parse_case(doc))
    for s in sensitivity(structure).switching_values:
        grid = _grid(s.parameter)
        if grid is None:
            continue
        X = np.repeat(structure.base_row(), grid.size, axis=0)
        X[:, structure.index[s.parameter]] = grid
        npv = compute(structure, X).npv
        change = np.nonzero(np.sign(npv[:-1]) * np.sign(npv[1:]) < 0)[0]
        if change.size == 0:
            continue
        step = float(grid[1] - grid[0])
        nearest = float(np.min(np.abs((grid[change] + grid[change + 1]) / 2 - s.base)))
        assert s.value is not None, (s.parameter, s.base, "NPV changes sign in the domain")
        assert abs(s.value - s.base) <= nearest + step, (s.parameter, s.base, s.value)


def test_switching_value_of_a_quantity_is_exact() -> None:
    structure = structure_of(investments=[inv(amount=750)], outcomes=[out(quantity=10, proxy=100)])
    # q · 100 = 750 at q = 7.5
    assert switching(structure)["outcomes.out.quantity"] == pytest.approx(7.5)


def test_switching_value_of_an_investment_amount_is_exact() -> None:
    structure = structure_of(
        investments=[inv(amount=750, years=2)], outcomes=[out(quantity=10, proxy=100)]
    )
    # 1000 = 2 · a at a = 500
    assert switching(structure)["investments.inv.amount"] == pytest.approx(500.0)


@pytest.mark.parametrize("share", ["deadweight", "attribution", "displacement"])
def test_switching_value_of_a_share_is_where_npv_is_zero(share: str) -> None:
    structure = structure_of(
        investments=[inv(amount=500)], outcomes=[out(quantity=10, proxy=100, **{share: 0.3})]
    )
    # NPV = 1000 (1 − s) − 500 = 0 at s = 0.5 (NPV at the base 0.3 is 200)
    value = switching(structure)[f"outcomes.out.{share}"]
    assert value == pytest.approx(0.5)


def test_switching_value_of_a_share_is_found_when_the_root_is_far_from_the_base() -> None:
    structure = structure_of(
        investments=[inv(amount=100)], outcomes=[out(quantity=10, proxy=100, deadweight=0.5)]
    )
    # NPV = 1000 (1 − d) − 100 = 0 at d = 0.9, inside [0, 1]
    assert switching(structure)["outcomes.out.deadweight"] == pytest.approx(0.9)


def test_no_switching_value_when_npv_stays_positive_at_full_deadweight() -> None:
    structure = structure_of(
        investments=[inv(amount=500)],
        outcomes=[
            out("a", quantity=10, proxy=100, deadweight=0.3),
            out("b", quantity=6, proxy=100),
        ],
    )
    # NPV = 1000 (1 − d) + 600 − 500 ≥ 100 > 0 for every d in [0, 1]
    assert npv_with(structure, outcomes__a__deadweight=1.0) == pytest.approx(100.0)
    assert switching(structure)["outcomes.a.deadweight"] is None


def test_no_switching_value_when_npv_stays_negative_at_zero_deadweight() -> None:
    structure = structure_of(
        investments=[inv(amount=1500)], outcomes=[out(quantity=10, proxy=100, deadweight=0.3)]
    )
    # NPV = 1000 (1 − d) − 1500 ≤ −500 < 0 for every d in [0, 1]
    assert switching(structure)["outcomes.out.deadweight"] is None


def test_no_switching_value_when_the_root_quantity_would_be_negative() -> None:
    structure = structure_of(
        investments=[inv(amount=100)],
        outcomes=[out("a", quantity=10, proxy=100), out("b", quantity=5, proxy=-10)],
    )
    # NPV = 1000 − 10 q_b − 100 = 0 at q_b = 90 (fine); for q_a: 100 q_a − 50 − 100 = 0 at 1.5
    values = switching(structure)
    assert values["outcomes.b.quantity"] == pytest.approx(90.0)
    assert values["outcomes.a.quantity"] == pytest.approx(1.5)
    # an outcome that does not move NPV has none
    flat = structure_of(investments=[inv(amount=100)], outcomes=[out(quantity=0, proxy=100)])
    assert switching(flat)["outcomes.out.proxy"] is None


def test_switching_value_of_drop_off() -> None:
    structure = structure_of(
        investments=[inv(amount=1500)],
        outcomes=[out(quantity=10, proxy=100, duration=2, drop_off=0.1)],
    )
    # 1000 + 1000 (1 − δ) = 1500 at δ = 0.5
    assert switching(structure)["outcomes.out.drop_off"] == pytest.approx(0.5, abs=1e-9)


def test_switching_value_of_a_duration_may_be_fractional() -> None:
    structure = structure_of(
        investments=[inv(amount=350)], outcomes=[out(quantity=1, proxy=100, duration=5)]
    )
    # 100 per year, no discounting: 100 · L = 350 at L = 3.5
    assert switching(structure)["outcomes.out.duration"] == pytest.approx(3.5, abs=1e-9)


def test_switching_value_of_the_discount_rate_is_the_internal_rate_of_return() -> None:
    structure = structure_of(
        discount_rate=0.03,
        investments=[inv(amount=1000)],
        outcomes=[out(quantity=1, proxy=1210, start=2)],
    )
    # −1000 + 1210 / (1 + r)² = 0 at (1 + r)² = 1.21, r = 0.1
    assert switching(structure)["discount_rate"] == pytest.approx(0.1, abs=1e-9)


def _two_root_case(rate: float, r1: float, r2: float) -> Structure:
    """NPV(r) = −K x₁x₂ + K (x₁ + x₂) x − K x² with x = 1/(1 + r): zero at r₁ and r₂."""
    x1, x2, k = 1 / (1 + r1), 1 / (1 + r2), 1000.0
    return structure_of(
        discount_rate=rate,
        investments=[inv(amount=k * x1 * x2)],
        outcomes=[
            out("a", quantity=1, proxy=k * (x1 + x2), start=1),
            out("b", quantity=1, proxy=-k, start=2),  # a later cost shift: two sign changes
        ],
    )


@pytest.mark.parametrize(("base", "nearest"), [(0.12, 0.1), (0.18, 0.2), (0.02, 0.1), (0.5, 0.2)])
def test_switching_value_is_the_root_nearest_the_base(base: float, nearest: float) -> None:
    structure = _two_root_case(base, 0.1, 0.2)
    assert npv_with(structure, discount_rate=0.1) == pytest.approx(0.0, abs=1e-9)
    assert npv_with(structure, discount_rate=0.2) == pytest.approx(0.0, abs=1e-9)
    assert switching(structure)["discount_rate"] == pytest.approx(nearest, abs=1e-9)


def test_switching_value_finds_two_close_roots_of_the_discount_rate() -> None:
    # roots at 8.5 % and 10.5 %, closer together than the scan's grid step (11/400 ≈ 2.7 %):
    # NPV(0.0225) < 0, NPV(0.095) > 0, and NPV(0.085) = 0, so a switching value exists
    structure = _two_root_case(0.0225, 0.085, 0.105)
    assert npv_with(structure) < 0
    assert npv_with(structure, discount_rate=0.095) > 0
    assert npv_with(structure, discount_rate=0.085) == pytest.approx(0.0, abs=1e-9)
    assert switching(structure)["discount_rate"] == pytest.approx(0.085, abs=1e-9)


def test_switching_values_cover_every_parameter_with_its_base() -> None:
    structure = structure_of(investments=[inv(amount=500)], outcomes=[out(quantity=10, proxy=100)])
    values = sensitivity(structure).switching_values
    assert [s.parameter for s in values] == [p.path for p in structure.parameters]
    assert [s.base for s in values] == [p.number.value for p in structure.parameters]
