"""Payback period (method.md §5): investments of year t are paid at its start, its discounted
net benefits accrue evenly over it; τ = t + (C_t − cum_before) / B_t in the first year t where
cum_before + B_t ≥ C_t, with cum_before = Σ_{u<t} (B_u − C_u)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rendement.engine import evaluate, payback
from rendement.io.yamlio import load_case

from .builders import inv, out, run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_one_year_payback_is_investment_over_annual_value() -> None:
    ev = run(investments=[inv(amount=300)], outcomes=[out(proxy=1200)])
    # 300 / 1200 = 0.25 years (three months)
    assert ev.payback_years == pytest.approx(0.25)


def test_mentorproject_payback_is_investment_over_value() -> None:
    ev = evaluate(load_case(EXAMPLES / "mentorproject-den-haag.yaml").case)
    # 41 364 / 81 145 = 0.509754 years; year 0 is undiscounted in mkba
    assert ev.payback_years == pytest.approx(41364 / 81145)


def test_payback_falls_in_year_two() -> None:
    ev = run(investments=[inv(amount=100)], outcomes=[out(proxy=40, duration=4)])
    # t=0: 0 + 40 < 100 → cum = −60; t=1: −60 + 40 = −20 < 0 → cum = −20;
    # t=2: −20 + 40 ≥ 0 → τ = 2 + (0 − (−20)) / 40 = 2.5
    assert ev.payback_years == pytest.approx(2.5)


def test_payback_uses_discounted_benefits() -> None:
    ev = run(discount_rate=0.1, investments=[inv(amount=100)], outcomes=[out(proxy=60, duration=3)])
    # B = 60, 60/1.1 = 54.5455, …; t=0: 60 < 100 → cum = −40;
    # t=1: −40 + 54.5455 ≥ 0 → τ = 1 + 40 / 54.5455 = 1.7333
    assert ev.payback_years == pytest.approx(1 + 40 / (60 / 1.1))


def test_payback_reached_exactly_at_a_year_end() -> None:
    ev = run(investments=[inv(amount=100)], outcomes=[out(proxy=50, duration=3)])
    # t=0: cum = −50; t=1: −50 + 50 = 0 ≥ 0 → τ = 1 + 50 / 50 = 2.0
    assert ev.payback_years == pytest.approx(2.0)


def test_payback_is_none_when_never_reached() -> None:
    ev = run(investments=[inv(amount=100)], outcomes=[out(proxy=20, duration=3)])
    # cumulative benefits 60 < 100 at the end of the horizon
    assert ev.payback_years is None


def test_payback_is_none_when_reached_only_beyond_a_given_horizon() -> None:
    ev = run(horizon=2, investments=[inv(amount=100)], outcomes=[out(proxy=40, duration=4)])
    # within H = 2 only 40 + 40 = 80 < 100 comes back (it would be 2.5 years with H = 4)
    assert ev.payback_years is None


def test_payback_counts_a_later_investment_at_the_start_of_its_year() -> None:
    ev = run(
        investments=[inv("a", amount=100), inv("b", amount=60, start=1)],
        outcomes=[out(proxy=90, duration=3)],
    )
    # t=0: 0 + 90 < 100 → cum = −10; t=1: C_1 = 60, −10 + 90 = 80 ≥ 60
    # → τ = 1 + (60 − (−10)) / 90 = 1 + 70/90 = 1.7778
    assert ev.payback_years == pytest.approx(1 + 70 / 90)


def test_payback_is_the_investment_year_when_earlier_benefits_already_cover_it() -> None:
    ev = run(investments=[inv(amount=100, start=1)], outcomes=[out(proxy=150, duration=2)])
    # method.md §5: counting starts with the first investment, so the benefits of year 0 do not
    # make τ = 0; at the start of year 1 cum_before = 150 ≥ C_1 = 100 → τ = 1
    assert ev.payback_years == pytest.approx(1.0)


def test_payback_passes_through_a_year_of_net_cost() -> None:
    ev = run(
        investments=[inv(amount=100)],
        outcomes=[
            out("baat", proxy=40, duration=4),
            out("kosten", stakeholder="gemeente", proxy=-60, start=1),
        ],
    )
    # B = 40, −20, 40, 40; t=0: cum = −60; t=1: cum = −80; t=2: −40 < 0 → cum = −40;
    # t=3: −40 + 40 ≥ 0 → τ = 3 + 40/40 = 4.0
    assert ev.payback_years == pytest.approx(4.0)


def test_payback_is_none_without_investment() -> None:
    ev = run(outcomes=[out(proxy=100)])
    assert ev.payback_years is None


def test_svi_payback_uses_the_discounted_annual_value() -> None:
    ev = run(
        discounting="svi",
        discount_rate=0.1,
        investments=[inv(amount=100)],
        outcomes=[out(proxy=220)],
    )
    # the year's value arrives discounted, 220 / 1.1 = 200: τ = 100 / 200 = 0.5
    assert ev.payback_years == pytest.approx(0.5)


def test_payback_function_works_on_many_draws_at_once() -> None:
    benefits = np.array([[40.0, 40.0, 40.0, 40.0], [20.0, 20.0, 20.0, 20.0], [300.0, 0, 0, 0]])
    investment = np.array([[100.0, 0, 0, 0], [100.0, 0, 0, 0], [100.0, 0, 0, 0]])
    # row 0: 2.5 (see test_payback_falls_in_year_two); row 1: 80 < 100, never;
    # row 2: 100 / 300 = 0.3333
    result = payback(benefits, investment)
    assert result[0] == pytest.approx(2.5)
    assert np.isnan(result[1])
    assert result[2] == pytest.approx(1 / 3)
