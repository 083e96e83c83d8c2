"""Monte-Carlo simulation (method.md §7) and co-financed risk per stakeholder (§8).

Expectations are analytic: a case whose NPV is linear in independent parameters with symmetric
ranges has E[NPV] = NPV at the point values, and a uniform quantity makes every probability a
length on the line. Monte-Carlo tolerances are 4 standard errors.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest
from hypothesis import given, settings

from rendement.engine import Structure, compute, prepare
from rendement.engine.simulate import Simulation, simulate
from rendement.model import parse_case

from .builders import case_dict, inv, out
from .test_sensitivity import ranged_cases

SETTINGS = settings(max_examples=30, deadline=None)


def structure_of(**kwargs: Any) -> Structure:
    return prepare(parse_case(case_dict(**kwargs)))


def point_npv(structure: Structure) -> float:
    return float(compute(structure, structure.base_row()).npv[0])


def _linear_case(**info: Any) -> Structure:
    """NPV multilinear in independent parameters, each symmetric about its value."""
    return structure_of(
        investments=[
            inv("coaches", amount={"value": 500, "low": 400, "high": 600}, years=2),  # PERT
            inv(
                "vrijwilligers",
                stakeholder="welzijn",
                hours={"value": 10, "low": 6, "high": 14, "dist": "uniform"},
                rate=35,
            ),
        ],
        outcomes=[
            out(
                "zorg",
                quantity={"value": 10, "low": 5, "high": 15, "dist": "uniform"},
                proxy={"value": 100, "low": 60, "high": 140, "dist": "triangular"},
                deadweight={"value": 0.2, "low": 0.1, "high": 0.3},
                duration=3,
                drop_off=0.1,
            ),
            out(
                "wmo",
                stakeholder="gemeente",
                quantity=2,
                proxy={"value": -150, "low": -200, "high": -100, "dist": "triangular"},
                start=1,
            ),
        ],
        **info,
    )


@pytest.mark.parametrize("discounting", ["mkba", "svi"])
def test_mean_npv_converges_to_the_point_npv_for_linear_parameters(discounting: str) -> None:
    structure = _linear_case(discount_rate=0.03, discounting=discounting)
    sim = simulate(structure, 20_000, seed=1)
    assert sim.npv.mean is not None
    # E[q · v · (1 − d)] = E[q] · E[v] · (1 − E[d]) for independent q, v, d
    assert abs(sim.npv.mean - point_npv(structure)) <= 4 * sim.npv_mcse


def test_mcse_is_the_sd_over_the_square_root_of_the_draws() -> None:
    sim = simulate(_linear_case(), 5_000, seed=0)
    assert sim.npv.sd is not None
    assert sim.npv_mcse == pytest.approx(sim.npv.sd / math.sqrt(5_000))


def test_the_same_seed_gives_identical_output() -> None:
    structure = _linear_case()
    assert simulate(structure, 3_000, seed=42) == simulate(structure, 3_000, seed=42)


def test_a_different_seed_gives_different_draws() -> None:
    structure = _linear_case()
    a, b = simulate(structure, 3_000, seed=1), simulate(structure, 3_000, seed=2)
    assert (a.seed, b.seed) == (1, 2)
    assert a.npv.mean != b.npv.mean
    assert a.npv.p50 != b.npv.p50


def _flat(sim: Simulation) -> list[Any]:
    """Every figure of a simulation in a fixed order, EVPPI by parameter name."""
    data = dataclasses.asdict(sim)
    evppi = sorted(data.pop("evppi"))
    values: list[Any] = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for key in sorted(x):
                walk(x[key])
        elif isinstance(x, list | tuple):
            for item in x:
                walk(item)
        else:
            values.append(x)

    walk(data)
    walk(evppi)
    return values


@pytest.mark.parametrize("chunk", [7, 500, 2048, 10_000])
def test_the_result_does_not_depend_on_the_chunk_size(chunk: int) -> None:
    structure = _linear_case(discount_rate=0.02)
    reference = _flat(simulate(structure, 2_001, seed=3, chunk=2_001))
    other = _flat(simulate(structure, 2_001, seed=3, chunk=chunk))
    assert len(other) == len(reference)
    for a, b in zip(other, reference, strict=True):
        if isinstance(a, float) and isinstance(b, float):
            assert a == pytest.approx(b, rel=1e-12, abs=1e-9)
        else:
            assert a == b


def test_progress_reports_every_draw_once() -> None:
    seen: list[int] = []
    simulate(_linear_case(), 5_000, seed=0, chunk=2_048, progress=seen.append)
    assert seen == [2_048, 2_048, 904]


def test_probability_of_a_positive_npv_is_one_when_every_draw_is_positive() -> None:
    structure = structure_of(
        investments=[inv(amount={"value": 500, "low": 400, "high": 600})],
        outcomes=[out(quantity={"value": 10, "low": 7, "high": 12}, proxy=100)],
    )
    # the worst draw: 7 · 100 − 600 = 100 > 0
    sim = simulate(structure, 2_000, seed=0)
    assert sim.p_npv_positive == 1.0
    assert sim.npv.p5 is not None and sim.npv.p5 > 0


def test_probability_of_a_positive_npv_is_zero_when_every_draw_is_negative() -> None:
    structure = structure_of(
        investments=[inv(amount={"value": 500, "low": 400, "high": 600})],
        outcomes=[out(quantity={"value": 2, "low": 1, "high": 3}, proxy=100)],
    )
    # the best draw: 3 · 100 − 400 = −100 < 0
    assert simulate(structure, 2_000, seed=0).p_npv_positive == 0.0


def test_probability_of_a_positive_npv_is_the_share_of_the_range_above_break_even() -> None:
    structure = structure_of(
        investments=[inv(amount=600)],
        outcomes=[out(quantity={"value": 5, "low": 0, "high": 10, "dist": "uniform"}, proxy=100)],
    )
    # NPV = 100 q − 600 > 0 for q > 6: P = (10 − 6)/10 = 0.4
    n = 20_000
    sim = simulate(structure, n, seed=5)
    assert abs(sim.p_npv_positive - 0.4) <= 4 * math.sqrt(0.4 * 0.6 / n)


@SETTINGS
@given(ranged_cases())
def test_summaries_are_ordered_and_probabilities_are_probabilities(doc: dict[str, Any]) -> None:
    structure = prepare(parse_case(doc))
    sim = simulate(structure, 400, seed=0)
    assert sim.draws == 400
    assert 0.0 <= sim.p_npv_positive <= 1.0
    assert sim.npv_mcse >= 0
    assert sim.npv.p5 is not None and sim.npv.p50 is not None and sim.npv.p95 is not None
    assert sim.npv.p5 <= sim.npv.p50 <= sim.npv.p95
    for spread in (sim.sroi_ratio, sim.bcr):
        if spread.mean is not None:
            assert spread.p5 is not None and spread.p50 is not None and spread.p95 is not None
            assert spread.p5 <= spread.p50 <= spread.p95
    assert [s.id for s in sim.stakeholders] == list(structure.stakeholder_ids)
    for s in sim.stakeholders:
        assert s.p5 <= s.p50 <= s.p95
        assert 0.0 <= s.p_net_positive <= 1.0
        assert 0.0 <= s.p_net_positive_cofinanced <= 1.0


def test_a_case_without_ranges_is_its_point_value_in_every_draw() -> None:
    structure = structure_of(investments=[inv(amount=500)], outcomes=[out(quantity=10, proxy=100)])
    sim = simulate(structure, 100, seed=0)
    assert (sim.npv.mean, sim.npv.p5, sim.npv.p50, sim.npv.p95) == pytest.approx((500,) * 4)
    assert sim.npv.sd == pytest.approx(0.0, abs=1e-9)
    assert sim.p_npv_positive == 1.0
    assert sim.evpi == 0.0
    assert sim.evppi == ()


def test_ratios_are_missing_when_nothing_is_invested() -> None:
    structure = structure_of(
        outcomes=[out(quantity={"value": 10, "low": 5, "high": 15}, proxy=100)]
    )
    sim = simulate(structure, 100, seed=0)
    assert sim.sroi_ratio.mean is None
    assert sim.p_npv_positive == 1.0


def test_fewer_than_two_draws_is_refused() -> None:
    with pytest.raises(ValueError):
        simulate(_linear_case(), 1)


def test_draws_longer_than_the_point_duration_are_not_cut_by_the_horizon() -> None:
    # a cost shift (negative proxy range) whose duration is uncertain, 2 to 5 years:
    # E[NPV] = 10 · E[v] · E[L] = 10 · (−100) · 3.5 = −3500 (v and L independent, r = 0)
    structure = structure_of(
        outcomes=[
            out(
                quantity=10,
                proxy={"value": -100, "low": -150, "high": -50, "dist": "uniform"},
                duration={"value": 2, "low": 2, "high": 5, "dist": "uniform"},
            )
        ],
    )
    sim = simulate(structure, 20_000, seed=0)
    assert sim.npv.mean is not None
    assert abs(sim.npv.mean - (-3500.0)) <= 4 * sim.npv_mcse
    # two years can cost at most 10 · 150 · 2 = 3000; P5 of 10 · v · L is about −6050
    assert sim.npv.p5 is not None and sim.npv.p5 < -3000


def test_draws_longer_than_the_point_duration_count_when_deadweight_may_reach_one() -> None:
    # deadweight PERT(0, 0.2, 1) has mean (0 + 4 · 0.2 + 1)/6 = 0.3; duration U[2, 5] mean 3.5:
    # E[NPV] = 10 · 100 · (1 − 0.3) · 3.5 = 2450 (d and L independent, r = 0)
    structure = structure_of(
        outcomes=[
            out(
                quantity=10,
                proxy=100,
                deadweight={"value": 0.2, "low": 0, "high": 1},
                duration={"value": 2, "low": 2, "high": 5, "dist": "uniform"},
            )
        ],
    )
    sim = simulate(structure, 20_000, seed=0)
    assert sim.npv.mean is not None
    assert abs(sim.npv.mean - 2450.0) <= 4 * sim.npv_mcse


def test_a_longer_ranged_duration_is_counted_for_a_positive_outcome() -> None:
    # E[NPV] = 10 · 100 · E[L] − 2000 = 1000 · 3.5 − 2000 = 1500
    structure = structure_of(
        investments=[inv(amount=2000)],
        outcomes=[
            out(
                quantity=10,
                proxy=100,
                duration={"value": 2, "low": 2, "high": 5, "dist": "uniform"},
            )
        ],
    )
    sim = simulate(structure, 20_000, seed=0)
    assert sim.npv.mean is not None
    assert abs(sim.npv.mean - 1500.0) <= 4 * sim.npv_mcse


# ---- co-financing (method.md §8) -----------------------------------------------------------------


def _cofinancing_case(cost_shift: float = 0.0) -> Structure:
    """zvw gains 100 q with q ~ U[0, 10]; bewoners gain 500; gemeente invests 1000."""
    outcomes = [
        out(
            "zorg",
            stakeholder="zvw",
            quantity={"value": 5, "low": 0, "high": 10, "dist": "uniform"},
            proxy=100,
        ),
        out("welzijn", stakeholder="bewoners", quantity=5, proxy=100),
    ]
    if cost_shift:
        outcomes.append(out("wmo", stakeholder="gemeente", quantity=1, proxy=-cost_shift))
    return structure_of(investments=[inv(amount=1000)], outcomes=outcomes)


def _risk(sim: Simulation) -> dict[str, Any]:
    return {s.id: s for s in sim.stakeholders}


def test_an_always_gaining_stakeholder_is_positive_after_cofinancing_when_gains_cover_cost() -> (
    None
):
    n = 20_000
    sim = simulate(_cofinancing_case(), n, seed=2)
    risk = _risk(sim)
    # bewoners gain 500 in every draw and pay nothing now
    assert risk["bewoners"].p_net_positive == 1.0
    # under co-financing each beneficiary keeps V_k (1 − C/ΣV⁺), > 0 exactly when ΣV⁺ > C:
    # 100 q + 500 > 1000, i.e. q > 5, P = 0.5. With no negative values ΣV⁺ − C is the NPV,
    # so the event is the same as NPV > 0 in every draw
    assert risk["bewoners"].p_net_positive_cofinanced == sim.p_npv_positive
    assert risk["zvw"].p_net_positive_cofinanced == sim.p_npv_positive
    assert abs(sim.p_npv_positive - 0.5) <= 4 * math.sqrt(0.25 / n)
    # the municipality gains nothing: under co-financing it pays nothing and nets 0 (not > 0)
    assert risk["gemeente"].p_net_positive == 0.0
    assert risk["gemeente"].p_net_positive_cofinanced == 0.0


def test_cofinancing_shares_the_cost_by_positive_values_only() -> None:
    n = 20_000
    sim = simulate(_cofinancing_case(cost_shift=200), n, seed=4)
    risk = _risk(sim)
    # ΣV⁺ = 100 q + 500 (the municipality's −200 is not a gain): > C = 1000 when q > 5, P = 0.5;
    # but NPV = 100 q + 500 − 200 − 1000 > 0 only when q > 7, P = 0.3
    assert abs(risk["bewoners"].p_net_positive_cofinanced - 0.5) <= 4 * math.sqrt(0.25 / n)
    assert abs(sim.p_npv_positive - 0.3) <= 4 * math.sqrt(0.21 / n)
    # both beneficiaries gain in every draw, so they cross together
    assert risk["zvw"].p_net_positive_cofinanced == risk["bewoners"].p_net_positive_cofinanced
    # the municipality bears its −200 and is asked for nothing: never positive
    assert risk["gemeente"].p_net_positive_cofinanced == 0.0


def test_per_stakeholder_percentiles_of_a_uniform_gain() -> None:
    n = 20_000
    risk = _risk(simulate(_cofinancing_case(), n, seed=6))
    # zvw's net value is 100 q, q ~ U[0, 10]: P5 = 50, P50 = 500, P95 = 950
    assert (risk["zvw"].p5, risk["zvw"].p50, risk["zvw"].p95) == pytest.approx(
        (50, 500, 950), abs=15
    )
    assert (risk["gemeente"].p5, risk["gemeente"].p95) == pytest.approx((-1000, -1000))


def test_simulated_npv_percentiles_bracket_the_point_case() -> None:
    structure = _linear_case()
    sim = simulate(structure, 5_000, seed=0)
    assert sim.npv.p5 is not None and sim.npv.p95 is not None
    assert sim.npv.p5 < point_npv(structure) < sim.npv.p95
