"""Forecast against actual (method.md §14): items by id, parameters by path, PITs."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from tests.engine.builders import inv, make_case, out

from rendement.engine import prepare
from rendement.engine.forecast import compare_forecast, draw_forecast, pit
from rendement.engine.simulate import simulate

RANGED_QUANTITY = {"value": 100, "low": 50, "high": 150}  # PERT(50, 100, 150): Beta(3, 3)


def _forecast() -> Any:
    return prepare(
        make_case(
            id="plan",
            investments=[inv("coaches", amount=1000)],
            outcomes=[
                out("visits", quantity=RANGED_QUANTITY, proxy=20),
                out("uitstel", quantity=2, proxy=500),
            ],
        )
    )


def _actual(quantity: float = 80, **changes: Any) -> Any:
    outcomes = changes.pop(
        "outcomes",
        [out("visits", quantity=quantity, proxy=20), out("extra", quantity=5, proxy=10)],
    )
    return prepare(
        make_case(
            id="realised",
            investments=[inv("coaches", amount=changes.pop("amount", 1200))],
            outcomes=outcomes,
        )
    )


def test_items_matched_by_id_hand_computed() -> None:
    result = compare_forecast(_forecast(), _actual())
    rows = {(i.kind, i.id): i for i in result.items}
    # coaches: 1000 forecast, 1200 actual (rate 0: PV = amount)
    coaches = rows[("investment", "coaches")]
    assert (coaches.forecast_pv, coaches.actual_pv, coaches.difference) == (1000, 1200, 200)
    assert coaches.ratio == pytest.approx(1.2)  # 1200 / 1000
    # visits: 100 × 20 = 2000 forecast, 80 × 20 = 1600 actual
    visits = rows[("outcome", "visits")]
    assert (visits.forecast_pv, visits.actual_pv, visits.difference) == (2000, 1600, -400)
    assert visits.ratio == pytest.approx(0.8)
    # zvw's net: 2000 + 2 × 500 = 3000 forecast; 1600 + 5 × 10 = 1650 actual
    zvw = rows[("stakeholder", "zvw")]
    assert (zvw.forecast_pv, zvw.actual_pv) == (3000, 1650)
    assert zvw.ratio == pytest.approx(0.55)  # 1650 / 3000
    assert rows[("stakeholder", "gemeente")].actual_pv == -1200
    # a stakeholder with nothing forecast: no ratio, and the reason
    welzijn = rows[("stakeholder", "welzijn")]
    assert (welzijn.ratio, welzijn.ratio_reason) == (None, "forecast-zero")
    assert [(u.kind, u.id) for u in result.new] == [("outcome", "extra")]
    assert [(u.kind, u.id) for u in result.dropped] == [("outcome", "uitstel")]
    # NPV: 3000 − 1000 = 2000 forecast; 1650 − 1200 = 450 actual
    assert (result.forecast_npv, result.actual_npv) == (2000, 450)


def test_parameters_matched_by_path() -> None:
    result = compare_forecast(_forecast(), _actual())
    rows = {p.parameter: p for p in result.parameters}
    # the fixed figures that came true (proxy 20, shares 0, the rate) are left out
    assert set(rows) == {"investments.coaches.amount", "outcomes.visits.quantity"}
    amount = rows["investments.coaches.amount"]
    assert (amount.forecast, amount.actual, amount.low, amount.high, amount.pit) == (
        1000,
        1200,
        None,
        None,
        None,
    )
    quantity = rows["outcomes.visits.quantity"]
    assert (quantity.forecast, quantity.low, quantity.high, quantity.actual) == (100, 50, 150, 80)
    # PERT(50, 100, 150) is Beta(3, 3) on [50, 150]: F(80) = I_0.3(3, 3) = 0.16308;
    # 10,000 draws have a sampling sd of √(0.163 · 0.837 / 10,000) = 0.0037: 3 sd = 0.011
    assert quantity.pit == pytest.approx(stats.beta.cdf(0.3, 3, 3), abs=0.012)


def test_pit_at_the_forecast_median_is_one_half() -> None:
    same_plan = [out("visits", quantity=100, proxy=20), out("uitstel", quantity=2, proxy=500)]
    result = compare_forecast(_forecast(), _actual(outcomes=same_plan, amount=1000))
    quantity = next(p for p in result.parameters if p.parameter == "outcomes.visits.quantity")
    # the median of a symmetric PERT is its mode; sampling sd √(0.25 / 10,000) = 0.005
    assert quantity.pit == pytest.approx(0.5, abs=0.015)
    # NPV = 20 q (the 1000 of uitstel pays the 1000 of coaches): its median is 20 × 100
    assert result.npv_pit == pytest.approx(0.5, abs=0.015)
    assert result.ratio_pit == pytest.approx(0.5, abs=0.015)  # ratio (20 q + 1000) / 1000


def test_pit_below_every_draw_is_zero() -> None:
    below = [out("visits", quantity=40, proxy=20), out("uitstel", quantity=2, proxy=500)]
    result = compare_forecast(_forecast(), _actual(outcomes=below, amount=1000))
    quantity = next(p for p in result.parameters if p.parameter == "outcomes.visits.quantity")
    assert quantity.pit == 0.0  # 40 < 50, the lowest value PERT(50, 100, 150) takes
    assert result.npv_pit == 0.0  # 20 × 40 = 800 < 20 × 50, the least forecast NPV
    assert result.ratio_pit == 0.0


def test_pit_counts_ties_as_at_or_below() -> None:
    assert pit(np.array([1.0, 2.0, 2.0, 3.0]), 2.0) == 0.75  # 3 of 4 draws ≤ 2
    assert pit(np.array([np.nan, 1.0]), 0.5) == 0.0  # an undefined draw is not counted
    assert pit(np.array([np.nan]), 0.5) is None


def test_forecast_draws_are_the_simulations_draws() -> None:
    structure = _forecast()
    draws = draw_forecast(structure, 3000, 7)
    sim = simulate(structure, 3000, 7)
    assert draws.npv.mean() == pytest.approx(sim.npv.mean, rel=1e-12)
    assert np.percentile(draws.npv, 95) == pytest.approx(sim.npv.p95, rel=1e-12)


def test_forecast_money_is_repriced_to_the_actual_price_year() -> None:
    result = compare_forecast(_forecast(), _actual(), reprice=1.1)
    coaches = next(i for i in result.items if i.id == "coaches")
    assert coaches.forecast_pv == pytest.approx(1100)  # 1000 × 1.1
    amount = next(p for p in result.parameters if p.parameter == "investments.coaches.amount")
    assert amount.forecast == pytest.approx(1100)
    quantity = next(p for p in result.parameters if p.parameter == "outcomes.visits.quantity")
    assert quantity.forecast == 100  # a quantity is no money
    assert result.forecast_npv == pytest.approx(2200)  # 2000 × 1.1


@settings(max_examples=25, deadline=None)
@given(
    # 0, or a quantity whose range does not vanish in floating point (5e-324 × 0.75 is 5e-324)
    quantity=st.one_of(st.just(0.0), st.floats(min_value=0.01, max_value=1e4)),
    amount=st.floats(min_value=1, max_value=1e6),
    spread=st.floats(min_value=0.01, max_value=0.9),
)
def test_a_case_against_itself_matches_everything_and_differs_nowhere(
    quantity: float, amount: float, spread: float
) -> None:
    ranged = {"value": quantity, "low": quantity * (1 - spread), "high": quantity * (1 + spread)}
    structure = prepare(
        make_case(investments=[inv("a", amount=amount)], outcomes=[out("o", quantity=ranged)])
    )
    result = compare_forecast(structure, structure, draws=200)
    assert result.new == () and result.dropped == ()
    assert all(i.difference == 0 for i in result.items)
    assert all(i.ratio == 1 for i in result.items if i.forecast_pv != 0)
    # only the ranged quantity is listed: the fixed figures came true
    assert [p.parameter for p in result.parameters] == (
        ["outcomes.o.quantity"] if quantity > 0 else []
    )
    assert 0 <= result.npv_pit <= 1


@settings(max_examples=50, deadline=None)
@given(
    draws=st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=50),
    a=st.floats(-2e6, 2e6),
    b=st.floats(-2e6, 2e6),
)
def test_pit_is_a_share_that_grows_with_the_actual_value(
    draws: list[float], a: float, b: float
) -> None:
    low, high = sorted((a, b))
    x = np.array(draws)
    p_low, p_high = pit(x, low), pit(x, high)
    assert p_low is not None and p_high is not None
    assert 0 <= p_low <= p_high <= 1
    assert pit(x, max(draws)) == 1.0
