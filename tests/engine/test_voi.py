"""Value of information (method.md §7): EVPI and the binned EVPPI of each ranged parameter.

The decision is *fund* (payoff NPV) or *don't* (payoff 0). With one uniform quantity the NPV
is uniform on an interval, so EVPI = E[max(NPV, 0)] − max(E[NPV], 0) is a triangle's area.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings

from rendement.engine import Structure, prepare
from rendement.engine.simulate import simulate
from rendement.model import parse_case

from .builders import case_dict, inv, out
from .test_sensitivity import ranged_cases

N = 20_000
UNIFORM_Q = {"value": 5, "low": 0, "high": 10, "dist": "uniform"}


def structure_of(**kwargs: Any) -> Structure:
    return prepare(parse_case(case_dict(**kwargs)))


def _uniform_npv_case(investment: float, *extra: dict[str, Any]) -> Structure:
    """NPV = 100 q − investment with q ~ U[0, 10]: uniform on [−investment, 1000 − investment]."""
    return structure_of(
        investments=[inv(amount=investment)],
        outcomes=[out("zorg", quantity=UNIFORM_Q, proxy=100), *extra],
    )


# the sd of max(NPV, 0) (or of max(−NPV, 0)) below is at most 125, so its standard error on
# N = 20,000 draws is under 0.9 and 4 SE is 3.6
TOLERANCE = 4 * 125 / math.sqrt(N)


def test_evpi_of_a_uniform_npv_that_is_negative_on_average() -> None:
    sim = simulate(_uniform_npv_case(600), N, seed=0)
    # NPV ~ U[−600, 400]: E[NPV] = −100, so the decision without information is "don't" (0).
    # E[max(NPV, 0)] = ∫₀⁴⁰⁰ x dx / 1000 = 400² / 2000 = 80; EVPI = 80 − max(−100, 0) = 80
    # (sd of max(NPV, 0): E[max²] = 400³ / 3000 = 21,333.3; 21,333.3 − 80² = 14,933; sd 122.2)
    assert sim.evpi == pytest.approx(80.0, abs=TOLERANCE)


def test_evpi_of_a_uniform_npv_that_is_positive_on_average() -> None:
    sim = simulate(_uniform_npv_case(400), N, seed=1)
    # NPV ~ U[−400, 600]: E[NPV] = 100, so the decision is "fund".
    # E[max(NPV, 0)] = 600² / 2000 = 180; EVPI = 180 − 100 = 80 (= E[max(−NPV, 0)] = 400²/2000)
    assert sim.evpi == pytest.approx(80.0, abs=TOLERANCE)


def test_evpi_of_a_two_point_npv() -> None:
    # a deadweight drawn from a normal with mean 0.5 and sd 1000 is clipped to [0, 1]
    # (method.md §7): it is 0 or 1, each with probability 0.5 (in between: 0.0004).
    # NPV = 1000 (1 − d) − 600 is then +400 or −600, each with probability 1/2:
    # E[NPV] = (400 − 600)/2 = −100 → "don't"; E[max(NPV, 0)] = 400/2 = 200; EVPI = 200 − 0 = 200
    structure = structure_of(
        investments=[inv(amount=600)],
        outcomes=[
            out(quantity=10, proxy=100, deadweight={"value": 0.5, "sd": 1000, "dist": "normal"})
        ],
    )
    sim = simulate(structure, N, seed=2)
    assert sim.npv.p5 == pytest.approx(-600) and sim.npv.p95 == pytest.approx(400)
    # max(NPV, 0) is 0 or 400 with probability 1/2: sd 200, SE 200/√N = 1.41
    assert sim.evpi == pytest.approx(200.0, abs=4 * 200 / math.sqrt(N))


def test_evpi_is_zero_when_every_draw_funds() -> None:
    structure = structure_of(
        investments=[inv(amount={"value": 500, "low": 400, "high": 600})],
        outcomes=[out(quantity={"value": 10, "low": 7, "high": 12}, proxy=100)],
    )
    sim = simulate(structure, 5_000, seed=0)
    assert sim.p_npv_positive == 1.0  # worst draw 7 · 100 − 600 = 100 > 0
    assert sim.evpi == pytest.approx(0.0, abs=1e-9 * 1000)
    for _, value in sim.evppi:
        assert value == pytest.approx(0.0, abs=1e-9 * 1000)


def test_evpi_is_zero_when_no_draw_funds() -> None:
    structure = structure_of(
        investments=[inv(amount={"value": 500, "low": 400, "high": 600})],
        outcomes=[out(quantity={"value": 2, "low": 1, "high": 3}, proxy=100)],
    )
    sim = simulate(structure, 5_000, seed=0)
    assert sim.p_npv_positive == 0.0  # best draw 3 · 100 − 400 = −100 < 0
    assert sim.evpi == 0.0
    assert all(value == 0.0 for _, value in sim.evppi)


@pytest.mark.parametrize("investment", [600, 400])
def test_with_a_single_ranged_parameter_evppi_is_evpi(investment: float) -> None:
    sim = simulate(_uniform_npv_case(investment), N, seed=3)
    (path, value), *_ = sim.evppi
    assert path == "outcomes.zorg.quantity"
    assert len(sim.evppi) == 1
    # within one bin of width 1/141 the sign of NPV is mixed only in the bin around q = 6;
    # what is lost there is at most 1/141 · 1000/141 ≈ 0.05
    assert value == pytest.approx(sim.evpi, abs=0.1)
    assert value == pytest.approx(80.0, abs=TOLERANCE)


@pytest.mark.parametrize("investment", [600, 400])
def test_a_parameter_that_does_not_move_npv_has_no_evppi(investment: float) -> None:
    sim = simulate(
        _uniform_npv_case(
            investment,
            # nothing of it: quantity 0
            out("leeg", quantity=0, proxy={"value": 100, "low": 0, "high": 500}),
            # one year, and drop-off only bites from the second year on
            out("kort", quantity=1, proxy=10, drop_off={"value": 0.3, "low": 0.0, "high": 0.9}),
        ),
        N,
        seed=4,
    )
    evppi = dict(sim.evppi)
    assert set(evppi) == {
        "outcomes.zorg.quantity",
        "outcomes.leeg.proxy",
        "outcomes.kort.drop_off",
    }
    # bin means of NPV for an irrelevant θ scatter by sd/√(N/B) ≈ 289/√141 ≈ 24 around ±90:
    # (almost) never across 0, so the binned estimate is 0
    assert evppi["outcomes.leeg.proxy"] <= 0.01 * sim.evpi
    assert evppi["outcomes.kort.drop_off"] <= 0.01 * sim.evpi
    assert sim.evppi[0][0] == "outcomes.zorg.quantity"


def test_evppi_ranks_the_parameter_that_decides_first() -> None:
    structure = structure_of(
        investments=[inv(amount={"value": 600, "low": 590, "high": 610, "dist": "uniform"})],
        outcomes=[
            out(
                quantity=UNIFORM_Q,
                proxy={"value": 100, "low": 98, "high": 102, "dist": "uniform"},
            )
        ],
    )
    sim = simulate(structure, N, seed=5)
    paths = [path for path, _ in sim.evppi]
    assert paths[0] == "outcomes.out.quantity"
    values = [value for _, value in sim.evppi]
    assert values == sorted(values, reverse=True)


@settings(max_examples=30, deadline=None)
@given(ranged_cases())
def test_evppi_lies_between_zero_and_evpi(doc: dict[str, Any]) -> None:
    structure = prepare(parse_case(doc))
    sim = simulate(structure, 1_000, seed=0)
    assert sim.npv.mean is not None and sim.npv.sd is not None
    noise = 1e-9 * (1.0 + abs(sim.npv.mean) + sim.npv.sd)
    assert sim.evpi >= 0.0
    assert {path for path, _ in sim.evppi} == {p.path for p in structure.ranged}
    for path, value in sim.evppi:
        assert -noise <= value <= sim.evpi + noise, path
