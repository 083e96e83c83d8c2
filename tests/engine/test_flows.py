"""Yearly flows of outcomes and investments, and the horizon (method.md §1, §2, §3).

Every case here uses a discount rate of 0 and the mkba convention (the builders' defaults), so
an outcome's ``by_year`` is its undiscounted V[t] and a PV is the plain sum.
"""

from __future__ import annotations

import pytest

from rendement.model import CaseError

from .builders import inv, out, run

# CPI levels of the bundled index (2015 = 100), used for re-pricing by hand below.
CPI_2014 = 99.36
CPI_2022 = 121.43
CPI_2024 = 130.31


# ---- impact: q · v · (1 − d) · (1 − a) · (1 − x) -------------------------------------------


def test_impact_is_quantity_times_proxy() -> None:
    ev = run(outcomes=[out(quantity=12, proxy=250)])
    # 12 × 250 = 3000
    assert ev.outcomes[0].by_year == pytest.approx((3000.0,))


def test_impact_applies_deadweight_attribution_and_displacement() -> None:
    ev = run(
        outcomes=[out(quantity=10, proxy=200, deadweight=0.2, attribution=0.25, displacement=0.1)]
    )
    # 10 × 200 × (1 − 0.2) × (1 − 0.25) × (1 − 0.1) = 2000 × 0.8 × 0.75 × 0.9 = 1080
    assert ev.outcomes[0].by_year == pytest.approx((1080.0,))


def test_deadweight_alone_scales_the_impact() -> None:
    ev = run(outcomes=[out(quantity=4, proxy=500, deadweight=0.35)])
    # 4 × 500 × (1 − 0.35) = 2000 × 0.65 = 1300
    assert ev.outcomes[0].pv == pytest.approx(1300.0)


def test_attribution_alone_scales_the_impact() -> None:
    ev = run(outcomes=[out(quantity=4, proxy=500, attribution=0.6)])
    # 2000 × (1 − 0.6) = 800
    assert ev.outcomes[0].pv == pytest.approx(800.0)


def test_displacement_alone_scales_the_impact() -> None:
    ev = run(outcomes=[out(quantity=4, proxy=500, displacement=0.15)])
    # 2000 × (1 − 0.15) = 1700
    assert ev.outcomes[0].pv == pytest.approx(1700.0)


def test_full_deadweight_leaves_no_value() -> None:
    ev = run(outcomes=[out(quantity=4, proxy=500, deadweight=1.0, duration=3)])
    # (1 − 1) = 0 in every year
    assert ev.outcomes[0].by_year == (0.0,)
    assert ev.pv_benefits == 0.0


def test_negative_proxy_is_a_cost_for_its_stakeholder() -> None:
    ev = run(outcomes=[out(stakeholder="gemeente", quantity=10, proxy=-1800, deadweight=0.5)])
    # 10 × −1800 × (1 − 0.5) = −9000, borne by the municipality
    assert ev.outcomes[0].pv == pytest.approx(-9000.0)
    gemeente = next(s for s in ev.stakeholders if s.id == "gemeente")
    assert gemeente.value == pytest.approx(-9000.0)


def test_pm_item_has_no_flow() -> None:
    ev = run(
        outcomes=[
            out(quantity=1, proxy=100),
            {"id": "welbevinden", "stakeholder": "bewoners", "pm": "positive"},
        ]
    )
    assert [o.id for o in ev.outcomes] == ["out"]
    assert ev.pv_benefits == pytest.approx(100.0)


# ---- drop-off, duration, start ----------------------------------------------------------------


def test_drop_off_starts_in_second_year() -> None:
    ev = run(outcomes=[out(quantity=1, proxy=1000, drop_off=0.1, duration=2)])
    # V[0] = 1000 × 0.9⁰ = 1000 (no drop-off in the first year); V[1] = 1000 × 0.9¹ = 900
    assert ev.outcomes[0].by_year == pytest.approx((1000.0, 900.0))


def test_drop_off_compounds() -> None:
    ev = run(outcomes=[out(quantity=1, proxy=1000, drop_off=0.1, duration=4)])
    # 1000 × 0.9^t for t = 0..3: 1000, 900, 810, 729
    assert ev.outcomes[0].by_year == pytest.approx((1000.0, 900.0, 810.0, 729.0))


def test_duration_sets_the_number_of_years() -> None:
    ev = run(outcomes=[out(quantity=1, proxy=250, duration=3)])
    # three full years of 250; PV = 3 × 250 = 750 at rate 0
    assert ev.outcomes[0].by_year == pytest.approx((250.0, 250.0, 250.0))
    assert ev.outcomes[0].pv == pytest.approx(750.0)


def test_start_offset_delays_the_outcome() -> None:
    ev = run(outcomes=[out(quantity=1, proxy=100, start=2, duration=2)])
    # nothing in years 0 and 1; 100 in years 2 and 3
    assert ev.outcomes[0].by_year == pytest.approx((0.0, 0.0, 100.0, 100.0))


def test_drop_off_counts_from_the_outcome_start_not_from_year_zero() -> None:
    ev = run(outcomes=[out(quantity=1, proxy=100, start=2, duration=2, drop_off=0.5)])
    # V[2] = 100 × 0.5^(2−2) = 100; V[3] = 100 × 0.5^(3−2) = 50
    assert ev.outcomes[0].by_year == pytest.approx((0.0, 0.0, 100.0, 50.0))


def test_fractional_duration_covers_part_of_the_last_year() -> None:
    ev = run(outcomes=[out(quantity=1, proxy=100, duration=2.5)])
    # method.md §3: years 0 and 1 in full, year 2 pro rata for half: 100, 100, 100 × 0.5 = 50
    assert ev.outcomes[0].by_year == pytest.approx((100.0, 100.0, 50.0))


def test_fractional_duration_takes_drop_off_in_the_partial_year() -> None:
    ev = run(outcomes=[out(quantity=1, proxy=60, duration=2.5, drop_off=0.5)])
    # V[0] = 60; V[1] = 60 × 0.5 = 30; V[2] = 60 × 0.5² × 0.5 (half a year) = 7.5
    assert ev.outcomes[0].by_year == pytest.approx((60.0, 30.0, 7.5))


def test_fractional_duration_with_start() -> None:
    ev = run(outcomes=[out(quantity=1, proxy=60, start=1, duration=2.25)])
    # years 1, 2 in full (60 each), year 3 for a quarter: 60 × 0.25 = 15
    assert ev.outcomes[0].by_year == pytest.approx((0.0, 60.0, 60.0, 15.0))


# ---- horizon -----------------------------------------------------------------------------------


def test_derived_horizon_is_last_non_zero_year_plus_one() -> None:
    ev = run(
        investments=[inv(amount=100, years=2)],
        outcomes=[out(start=1, duration=3)],
    )
    # investment in years 0–1, outcome in years 1–3: last non-zero year 3, H = 3 + 1 = 4
    assert ev.conventions.horizon == 4
    assert len(ev.years) == 4


def test_derived_horizon_counts_a_late_investment() -> None:
    ev = run(investments=[inv(amount=100, start=4)], outcomes=[out(duration=2)])
    # investment in year 4 only: H = 4 + 1 = 5
    assert ev.conventions.horizon == 5


def test_derived_horizon_rounds_a_fractional_duration_up() -> None:
    ev = run(outcomes=[out(start=1, duration=2.5)])
    # the outcome runs in years 1, 2 and half of 3: last non-zero year 3, H = 4
    assert ev.conventions.horizon == 4


def test_derived_horizon_ignores_an_outcome_without_impact() -> None:
    ev = run(
        investments=[inv(amount=100)],
        outcomes=[out(quantity=0, duration=6)],
    )
    # q = 0 makes the outcome zero in every year; only the year-0 investment is non-zero: H = 1
    assert ev.conventions.horizon == 1


def test_derived_horizon_ignores_trailing_zero_years_of_a_schedule() -> None:
    ev = run(investments=[inv(schedule=[100, 0, 0])])
    # method.md §1: H = last year in which any flow is non-zero, plus one = 0 + 1 = 1
    # (the two zero years at the end of the schedule are no flow)
    assert ev.conventions.horizon == 1


def test_given_horizon_cuts_outcome_years_beyond_it() -> None:
    ev = run(horizon=2, outcomes=[out(quantity=1, proxy=60, duration=5)])
    # years 2, 3, 4 fall outside H = 2: V = (60, 60), PV = 120
    assert ev.outcomes[0].by_year == pytest.approx((60.0, 60.0))
    assert ev.outcomes[0].pv == pytest.approx(120.0)


def test_given_horizon_cuts_investment_years_beyond_it() -> None:
    ev = run(horizon=2, investments=[inv(amount=100, years=3)])
    # the third year (t = 2) falls outside H = 2: PV = 2 × 100 = 200
    assert ev.investments[0].by_year == pytest.approx((100.0, 100.0))
    assert ev.pv_investment == pytest.approx(200.0)


def test_given_horizon_beyond_the_flows_adds_empty_years() -> None:
    ev = run(horizon=4, investments=[inv(amount=100)], outcomes=[out(proxy=300)])
    assert ev.conventions.horizon == 4
    assert ev.outcomes[0].by_year == pytest.approx((300.0, 0.0, 0.0, 0.0))
    assert ev.npv == pytest.approx(200.0)  # 300 − 100


# ---- investments: amount × years, hours × rate, schedule -------------------------------------


def test_amount_defaults_to_one_year_from_year_zero() -> None:
    ev = run(investments=[inv(amount=5000)])
    assert ev.investments[0].by_year == (5000.0,)


def test_amount_repeats_for_its_years() -> None:
    ev = run(investments=[inv(amount=500, years=3)])
    # 500 in each of 3 years: PV = 3 × 500 = 1500 at rate 0
    assert ev.investments[0].by_year == pytest.approx((500.0, 500.0, 500.0))
    assert ev.investments[0].pv == pytest.approx(1500.0)


def test_investment_start_delays_the_amount() -> None:
    ev = run(investments=[inv(amount=500, years=2, start=2)])
    assert ev.investments[0].by_year == pytest.approx((0.0, 0.0, 500.0, 500.0))


def test_in_kind_time_is_hours_times_rate() -> None:
    ev = run(investments=[inv(stakeholder="welzijn", hours=400, rate=35, years=2)])
    # 400 h × 35 = 14 000 per year, for 2 years: PV = 28 000
    assert ev.investments[0].by_year == pytest.approx((14000.0, 14000.0))
    assert ev.pv_investment == pytest.approx(28000.0)


def test_schedule_lists_amounts_by_year() -> None:
    ev = run(investments=[inv(schedule=[100, 250, 50])])
    assert ev.investments[0].by_year == pytest.approx((100.0, 250.0, 50.0))
    assert ev.pv_investment == pytest.approx(400.0)  # 100 + 250 + 50


def test_schedule_starts_at_its_start_year() -> None:
    ev = run(investments=[inv(schedule=[100, 250, 50], start=1)])
    assert ev.investments[0].by_year == pytest.approx((0.0, 100.0, 250.0, 50.0))


# ---- proxies in another price year -------------------------------------------------------------


def test_proxy_in_other_price_year_is_repriced_with_the_cpi() -> None:
    ev = run(outcomes=[out(quantity=1, proxy={"value": 1000, "price_year": 2022})])
    # 1000 × CPI[2024] / CPI[2022] = 1000 × 130.31 / 121.43 = 1073.1286…
    assert ev.outcomes[0].pv == pytest.approx(1000 * CPI_2024 / CPI_2022)
    assert ev.outcomes[0].pv == pytest.approx(1073.1286, abs=1e-4)


def test_proxy_in_the_case_price_year_is_not_repriced() -> None:
    ev = run(outcomes=[out(quantity=1, proxy={"value": 1000, "price_year": 2024})])
    assert ev.outcomes[0].pv == 1000.0


def test_catalogue_proxy_is_repriced_to_the_case_year() -> None:
    ev = run(outcomes=[out(quantity=100, proxy={"ref": "care/gp-consult"})])
    # care/gp-consult is 30.87 in 2022 prices: 100 × 30.87 × 130.31 / 121.43 = 3312.7478
    assert ev.outcomes[0].pv == pytest.approx(100 * 30.87 * CPI_2024 / CPI_2022)
    assert ev.outcomes[0].pv == pytest.approx(3312.7478, abs=1e-4)


def test_catalogue_proxy_defaults_to_its_payer() -> None:
    # social/eviction: 7500 in 2014, paid by the housing corporation; with no stakeholder given
    # the first stakeholder of that kind receives it. 2 × 7500 × 130.31 / 99.36 = 19 672.40
    stakeholders = [
        {"id": "corporatie", "name": "Woningcorporatie", "kind": "housing-corporation"},
        {"id": "gemeente", "name": "Gemeente", "kind": "municipality"},
    ]
    ev = run(
        stakeholders=stakeholders,
        outcomes=[out(stakeholder=None, quantity=2, proxy={"ref": "social/eviction"})],
    )
    assert ev.outcomes[0].stakeholder == "corporatie"
    assert ev.outcomes[0].pv == pytest.approx(2 * 7500 * CPI_2024 / CPI_2014)


def test_price_year_outside_the_index_is_an_error() -> None:
    with pytest.raises(CaseError) as caught:
        run(outcomes=[out(proxy={"value": 1000, "price_year": 1990})])
    assert "1990" in str(caught.value)


def test_catalogue_proxy_without_a_stakeholder_of_its_payer_kind_is_an_error() -> None:
    # the default stakeholders have no housing corporation to receive social/eviction
    with pytest.raises(CaseError) as caught:
        run(outcomes=[out(stakeholder=None, proxy={"ref": "social/eviction"})])
    assert "housing-corporation" in str(caught.value)
