"""Discount factors and present values under the mkba and svi conventions (method.md §4)."""

from __future__ import annotations

import numpy as np
import pytest

from rendement.engine.discount import discount_factors

from .builders import inv, out, run


def test_default_rate_is_the_dutch_standard_0_0225() -> None:
    ev = run(discount_rate=None, outcomes=[out()])
    assert ev.conventions.discount_rate == 0.0225


def test_default_convention_is_mkba() -> None:
    ev = run(outcomes=[out()])
    assert ev.conventions.discounting == "mkba"


def test_mkba_leaves_year_zero_undiscounted() -> None:
    ev = run(discount_rate=0.1, investments=[inv(amount=1000)], outcomes=[out(proxy=1000)])
    # DF[0] = 1.1⁰ = 1 for outcomes and investments alike
    assert ev.years[0].discount_factor == 1.0
    assert ev.years[0].discount_factor_investment == 1.0
    assert ev.npv == pytest.approx(0.0)  # 1000 − 1000


def test_mkba_discounts_year_t_by_one_plus_r_to_the_minus_t() -> None:
    ev = run(discount_rate=0.0225, outcomes=[out(duration=4)])
    # (1.0225)^−t: 1, 1/1.0225 = 0.977995, 1/1.04550625 = 0.956474, 1/1.069030 = 0.935427
    factors = [y.discount_factor for y in ev.years]
    assert factors == pytest.approx([1.0, 0.977995, 0.956474, 0.935427], abs=1e-6)


def test_mkba_discounts_investments_like_outcomes() -> None:
    ev = run(discount_rate=0.04, investments=[inv(amount=1000, years=2)], outcomes=[out()])
    # 1000 + 1000 / 1.04 = 1961.5385
    assert ev.pv_investment == pytest.approx(1000 + 1000 / 1.04)
    assert [y.discount_factor_investment for y in ev.years] == pytest.approx([1.0, 1 / 1.04])


def test_mkba_pv_of_a_three_year_outcome() -> None:
    ev = run(discount_rate=0.03, outcomes=[out(proxy=1000, duration=3)])
    # 1000 + 1000/1.03 + 1000/1.03² = 1000 + 970.8738 + 942.5959 = 2913.4697
    assert ev.outcomes[0].pv == pytest.approx(2913.4697, abs=1e-4)


def test_svi_discounts_outcomes_from_the_end_of_their_year() -> None:
    ev = run(discounting="svi", discount_rate=0.1, outcomes=[out(proxy=1000, duration=2)])
    # outcome DF[t] = 1.1^−(t+1): 1000/1.1 + 1000/1.21 = 909.0909 + 826.4463 = 1735.5372
    assert [y.discount_factor for y in ev.years] == pytest.approx([1 / 1.1, 1 / 1.21])
    assert ev.outcomes[0].pv == pytest.approx(1735.5372, abs=1e-4)


def test_svi_does_not_shift_investments() -> None:
    ev = run(discounting="svi", discount_rate=0.1, investments=[inv(amount=1000, years=2)])
    # investment DF[t] = 1.1^−t: 1000 + 1000/1.1 = 1909.0909
    assert [y.discount_factor_investment for y in ev.years] == pytest.approx([1.0, 1 / 1.1])
    assert ev.pv_investment == pytest.approx(1909.0909, abs=1e-4)


def test_svi_outcomes_are_worth_one_year_of_discount_less_than_mkba() -> None:
    outcomes = [out(proxy=1000, duration=3, drop_off=0.2, start=1)]
    mkba = run(discounting="mkba", discount_rate=0.05, outcomes=outcomes)
    svi = run(discounting="svi", discount_rate=0.05, outcomes=outcomes)
    # every outcome year carries one extra factor 1/1.05 under svi
    assert svi.pv_benefits == pytest.approx(mkba.pv_benefits / 1.05)


def test_zero_rate_means_no_discounting_in_either_convention() -> None:
    for convention in ("mkba", "svi"):
        ev = run(
            discounting=convention,
            investments=[inv(amount=500, years=3)],
            outcomes=[out(proxy=400, duration=3)],
        )
        # 3 × 400 − 3 × 500 = −300
        assert ev.npv == pytest.approx(-300.0)


def test_discount_factors_function_gives_both_conventions() -> None:
    rate = np.array([0.05])
    out_mkba, in_mkba = discount_factors(rate, 3, "mkba")
    out_svi, in_svi = discount_factors(rate, 3, "svi")
    # mkba: 1, 1/1.05, 1/1.1025 for both; svi outcomes: 1/1.05, 1/1.1025, 1/1.157625
    np.testing.assert_allclose(out_mkba, [[1.0, 1 / 1.05, 1 / 1.1025]])
    np.testing.assert_allclose(in_mkba, out_mkba)
    np.testing.assert_allclose(out_svi, [[1 / 1.05, 1 / 1.1025, 1 / 1.157625]])
    np.testing.assert_allclose(in_svi, in_mkba)


def test_discount_factors_are_computed_per_draw() -> None:
    out_df, _ = discount_factors(np.array([0.0, 0.1]), 2, "mkba")
    # one row per rate: (1, 1) at 0 and (1, 1/1.1) at 0.1
    np.testing.assert_allclose(out_df, [[1.0, 1.0], [1.0, 1 / 1.1]])
