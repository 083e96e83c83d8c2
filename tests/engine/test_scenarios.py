"""Named scenarios (overrides by path) and the built-in conservative and optimistic ends
(method.md §7, Scenarios)."""

from __future__ import annotations

from typing import Any

import pytest

from rendement.model import CaseError

from .builders import inv, out, run


def _named(**overrides: float) -> dict[str, Any]:
    # base: investment 500 (gemeente); outcome 10 × 100 × (1 − 0.2) = 800 (zvw); NPV = 300
    return {
        "investments": [inv("coaches", amount=500)],
        "outcomes": [out("zorg", quantity=10, proxy=100, deadweight=0.2)],
        "scenarios": {"variant": dict(overrides)},
    }


# ---- named scenarios ----------------------------------------------------------------------------


def test_base_ignores_named_scenarios() -> None:
    ev = run(**_named(**{"outcomes.zorg.quantity": 4}))
    assert ev.npv == pytest.approx(300.0)  # 800 − 500
    assert ev.conventions.scenario == "base"


def test_named_scenario_overrides_an_outcome_quantity() -> None:
    ev = run("variant", **_named(**{"outcomes.zorg.quantity": 4}))
    # 4 × 100 × 0.8 − 500 = 320 − 500 = −180
    assert ev.npv == pytest.approx(-180.0)
    assert ev.conventions.scenario == "variant"


def test_named_scenario_overrides_a_share() -> None:
    ev = run("variant", **_named(**{"outcomes.zorg.deadweight": 0.5}))
    # 10 × 100 × 0.5 − 500 = 0
    assert ev.npv == pytest.approx(0.0)


def test_named_scenario_overrides_an_investment_amount() -> None:
    ev = run("variant", **_named(**{"investments.coaches.amount": 650}))
    # 800 − 650 = 150
    assert ev.npv == pytest.approx(150.0)


def test_named_scenario_overrides_the_discount_rate() -> None:
    case = _named(**{"discount_rate": 0.1})
    case["outcomes"] = [out("zorg", quantity=10, proxy=100, deadweight=0.2, start=1)]
    ev = run("variant", **case)
    # the outcome arrives in year 1: 800 / 1.1 − 500 = 727.2727 − 500 = 227.2727
    assert ev.npv == pytest.approx(800 / 1.1 - 500)
    assert ev.conventions.discount_rate == 0.1


def test_named_scenario_overrides_one_year_of_a_schedule() -> None:
    ev = run(
        "variant",
        investments=[inv("opstart", schedule=[300, 200, 100])],
        outcomes=[out(proxy=1000)],
        scenarios={"variant": {"investments.opstart.schedule.1": 0}},
    )
    # investment 300 + 0 + 100 = 400; NPV = 1000 − 400 = 600
    assert ev.investments[0].by_year == pytest.approx((300.0, 0.0, 100.0))
    assert ev.npv == pytest.approx(600.0)


def test_named_scenario_overrides_in_kind_hours() -> None:
    ev = run(
        "variant",
        investments=[inv("vrijwilligers", hours=100, rate=20)],
        outcomes=[out(proxy=5000)],
        scenarios={"variant": {"investments.vrijwilligers.hours": 150}},
    )
    # 150 h × 20 = 3000; NPV = 5000 − 3000 = 2000
    assert ev.pv_investment == pytest.approx(3000.0)


def test_named_scenario_override_of_a_duration_changes_the_horizon() -> None:
    ev = run("variant", **_named(**{"outcomes.zorg.duration": 3}))
    # three years of 800 at rate 0: 2400 − 500 = 1900, over H = 3
    assert ev.conventions.horizon == 3
    assert ev.npv == pytest.approx(1900.0)


def test_proxy_override_is_in_the_proxy_price_year() -> None:
    ev = run(
        "variant",
        outcomes=[out("zorg", proxy={"value": 1000, "price_year": 2022})],
        scenarios={"variant": {"outcomes.zorg.proxy": 2000}},
    )
    # 2000 in 2022 prices × 130.31 / 121.43 = 2146.2571 in 2024 prices
    assert ev.pv_benefits == pytest.approx(2000 * 130.31 / 121.43)


def test_unknown_scenario_is_an_error_naming_the_known_ones() -> None:
    with pytest.raises(CaseError) as caught:
        run("varaint", **_named(**{"outcomes.zorg.quantity": 4}))
    message = str(caught.value)
    assert "varaint" in message
    assert "variant" in message


def test_override_of_an_unknown_parameter_is_an_error() -> None:
    with pytest.raises(CaseError) as caught:
        run(**_named(**{"outcomes.zorg.quantiy": 4}))
    # checked when the case is prepared, with a suggestion
    assert "outcomes.zorg.quantity" in str(caught.value)


def test_override_outside_the_domain_is_an_error() -> None:
    with pytest.raises(CaseError) as caught:
        run(**_named(**{"outcomes.zorg.deadweight": 1.5}))
    assert "1.5" in str(caught.value)


def test_a_discount_rate_of_minus_one_is_refused_as_outside_its_open_bound() -> None:
    # (1 + r)^−t has no meaning at r = −1: the domain is r > −1, not r ≥ −1
    with pytest.raises(CaseError) as caught:
        run(**_named(discount_rate=-1.0))
    assert "must be greater than -1 (got -1)" in str(caught.value)
    assert run("variant", **_named(discount_rate=-0.5)).conventions.discount_rate == -0.5


# ---- conservative and optimistic ---------------------------------------------------------------


def _ranged() -> dict[str, Any]:
    # base: 10 × 100 × (1 − 0.2) = 800 against 500: NPV 300
    return {
        "investments": [inv(amount=500)],
        "outcomes": [
            out(
                quantity={"value": 10, "low": 5, "high": 12},
                proxy=100,
                deadweight={"value": 0.2, "low": 0.1, "high": 0.4},
            )
        ],
    }


def test_conservative_takes_low_quantity_and_high_deadweight() -> None:
    ev = run("conservative", **_ranged())
    # 5 × 100 × (1 − 0.4) − 500 = 300 − 500 = −200
    assert ev.npv == pytest.approx(-200.0)


def test_optimistic_takes_high_quantity_and_low_deadweight() -> None:
    ev = run("optimistic", **_ranged())
    # 12 × 100 × (1 − 0.1) − 500 = 1080 − 500 = 580
    assert ev.npv == pytest.approx(580.0)


def test_conservative_takes_the_high_end_of_a_cost() -> None:
    ev = run(
        "conservative",
        investments=[inv(amount={"value": 500, "low": 400, "high": 700})],
        outcomes=[out(proxy=1000)],
    )
    # 1000 − 700 = 300
    assert ev.npv == pytest.approx(300.0)


def test_conservative_takes_the_high_quantity_of_a_cost_shift() -> None:
    ev = run(
        "conservative",
        investments=[inv(amount=100)],
        outcomes=[
            out("baat", proxy=1000),
            out(
                "wmo",
                stakeholder="gemeente",
                quantity={"value": 2, "low": 1, "high": 5},
                proxy=-100,
            ),
        ],
    )
    # 1000 − 5 × 100 − 100 = 400
    assert ev.npv == pytest.approx(400.0)


def test_conservative_takes_the_high_rate_when_benefits_come_later() -> None:
    ev = run(
        "conservative",
        discount_rate={"value": 0.03, "low": 0.0, "high": 0.08},
        investments=[inv(amount=1000)],
        outcomes=[out(proxy=600, start=1, duration=2)],
    )
    # 600/1.08 + 600/1.08² − 1000 = 555.5556 + 514.4033 − 1000 = 69.9588
    assert ev.npv == pytest.approx(69.9588, abs=1e-4)
    assert ev.conventions.discount_rate == 0.08


def test_fixed_range_stays_at_its_value() -> None:
    case = _ranged()
    case["outcomes"][0]["quantity"] = {"value": 10, "low": 5, "high": 12, "dist": "fixed"}
    ev = run("conservative", **case)
    # only the deadweight moves: 10 × 100 × 0.6 − 500 = 100
    assert ev.npv == pytest.approx(100.0)


def test_without_ranges_conservative_and_optimistic_equal_base() -> None:
    case: dict[str, Any] = {"investments": [inv(amount=500)], "outcomes": [out(proxy=800)]}
    assert run("conservative", **case).npv == run(**case).npv == run("optimistic", **case).npv


def test_conservative_npv_at_most_base_at_most_optimistic() -> None:
    case: dict[str, Any] = {
        "discount_rate": {"value": 0.0225, "low": 0.015, "high": 0.04},
        "investments": [
            inv("coaches", amount={"value": 800, "low": 700, "high": 1000}, years=3),
            inv("vrijwilligers", "welzijn", hours=100, rate={"value": 20, "low": 15, "high": 25}),
        ],
        "outcomes": [
            out(
                "zorg",
                quantity={"value": 30, "low": 10, "high": 40},
                proxy=50,
                duration=4,
                drop_off={"value": 0.1, "low": 0.0, "high": 0.3},
            ),
            out(
                "wmo",
                "gemeente",
                quantity=3,
                proxy={"value": -80, "low": -120, "high": -60},
                start=1,
                duration=2,
            ),
        ],
    }
    conservative, base, optimistic = (
        run(s, **case).npv for s in ("conservative", None, "optimistic")
    )
    assert conservative <= base <= optimistic
    assert conservative < optimistic
