"""The internal rate of return (method.md §13): hand-solved rates, and null with its reason."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rendement.engine.irr import (
    NO_FLOWS,
    NO_SIGN_CHANGE,
    SEVERAL_SIGN_CHANGES,
    irr,
    net_flows,
    sign_changes,
)


def _npv(flows: list[float], r: float) -> float:
    return sum(f / (1.0 + r) ** t for t, f in enumerate(flows))


def test_one_year_payback_of_110_for_100_is_ten_percent() -> None:
    # −100 + 110 / (1 + r) = 0  →  r = 110 / 100 − 1 = 0.10
    assert irr(np.array([-100.0, 110.0])).rate == pytest.approx(0.10, abs=1e-12)


def test_two_returns_of_60_solve_the_quadratic_and_substitute_back_to_zero() -> None:
    # with x = 1/(1+r): 60 x² + 60 x − 100 = 0  →  x = (−60 + √(3600 + 24000)) / 120
    x = (-60.0 + math.sqrt(3600.0 + 24000.0)) / 120.0  # 0.884436…
    expected = 1.0 / x - 1.0  # 0.130662…
    result = irr(np.array([-100.0, 60.0, 60.0]))
    assert result.rate == pytest.approx(expected, rel=1e-12)
    assert result.reason is None
    # substituting r* back: NPV(r*) = 0
    assert _npv([-100.0, 60.0, 60.0], result.rate) == pytest.approx(0.0, abs=1e-9)


def test_leading_zero_years_do_not_change_the_rate() -> None:
    # nothing happens in year 0: the same project one year later has the same rate
    assert irr(np.array([0.0, -100.0, 110.0])).rate == pytest.approx(0.10, abs=1e-12)


def test_a_project_that_loses_money_has_a_negative_rate() -> None:
    # −100 + 50 / (1 + r) = 0  →  r = −0.5
    assert irr(np.array([-100.0, 50.0])).rate == pytest.approx(-0.5, abs=1e-12)


def test_flows_that_never_change_sign_have_no_rate() -> None:
    result = irr(np.array([100.0, 50.0, 20.0]))
    assert (result.rate, result.reason) == (None, NO_SIGN_CHANGE)
    assert irr(np.array([-100.0, 0.0, -5.0])).reason == NO_SIGN_CHANGE


def test_two_sign_changes_have_no_single_rate() -> None:
    # −100 + 230 x − 132 x² = 0 has two roots: x = 1/1.1 and x = 1/1.2 (r = 10 % and 20 %)
    assert _npv([-100.0, 230.0, -132.0], 0.10) == pytest.approx(0.0, abs=1e-9)
    assert _npv([-100.0, 230.0, -132.0], 0.20) == pytest.approx(0.0, abs=1e-9)
    result = irr(np.array([-100.0, 230.0, -132.0]))
    assert (result.rate, result.reason) == (None, SEVERAL_SIGN_CHANGES)


def test_no_flows_at_all_have_no_rate() -> None:
    assert irr(np.zeros(4)).reason == NO_FLOWS
    assert irr(np.zeros(0)).reason == NO_FLOWS


def test_svi_flows_put_a_years_outcomes_at_its_end() -> None:
    # svi: investments at the start of their year, outcomes at its end (method.md §4)
    benefits = np.array([110.0, 0.0])
    investment = np.array([100.0, 0.0])
    assert net_flows(benefits, investment, "mkba").tolist() == [10.0, 0.0]
    assert net_flows(benefits, investment, "svi").tolist() == [-100.0, 110.0, 0.0]
    # under svi: −100 + 110/(1+r) = 0 → 10 %; under mkba the same year nets to +10: no rate
    assert irr(net_flows(benefits, investment, "svi")).rate == pytest.approx(0.10, abs=1e-12)
    assert irr(net_flows(benefits, investment, "mkba")).reason == NO_SIGN_CHANGE


def test_sign_changes_skip_zeros() -> None:
    assert sign_changes(np.array([-1.0, 0.0, 0.0, 2.0, 0.0, 3.0])) == 1


@given(
    st.floats(1.0, 1e6),
    st.lists(st.floats(0.0, 1e6), min_size=1, max_size=30).filter(lambda xs: max(xs) > 1e-3),
)
def test_one_investment_then_returns_has_a_rate_with_npv_zero(
    cost: float, returns: list[float]
) -> None:
    flows = np.array([-cost, *returns])
    result = irr(flows)
    assert result.rate is not None and result.rate > -1.0
    scale = cost + sum(returns)
    assert abs(_npv(flows.tolist(), result.rate)) <= 1e-6 * scale
