"""The linear opinion pool of participants' PERT estimates (method.md §12): its CDF, its
quantiles, the disagreement figure, and how the simulation, scenarios and tornado use it."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy.special import betainc, betaincinv

from rendement.engine import prepare, scenario_row
from rendement.engine.distributions import Sampler
from rendement.engine.pooling import Pool, disagreement, pool_summary
from rendement.engine.sensitivity import sensitivity
from rendement.engine.simulate import simulate
from rendement.model.numbers import Estimate

from .builders import inv, make_case, out


def est(by: str, low: float, value: float, high: float, weight: float = 1.0) -> Estimate:
    return Estimate(by=by, low=low, value=value, high=high, weight=weight)


# two PERTs with closed-form CDFs: PERT(0, 0, 1) is Beta(1, 5), F = 1 − (1 − x)^5, and
# PERT(0, 1, 1) is Beta(5, 1), F = x^5 (α = 1 + 4 (m − a)/(b − a), β = 1 + 4 (b − m)/(b − a))
EDGES = [est("zvw", 0, 0, 1), est("gemeente", 0, 1, 1)]


def test_pooled_cdf_is_the_weighted_mix_of_the_closed_forms() -> None:
    pool = Pool.of(EDGES)
    # F(0.2) = ½ (1 − 0.8^5) + ½ 0.2^5 = ½ (1 − 0.32768) + ½ 0.00032 = 0.33616 + 0.00016
    assert pool.cdf_at(np.array([0.2]))[0] == pytest.approx(0.33632, abs=1e-12)
    # F(0.5) = ½ (1 − 1/32) + ½ (1/32) = 0.5
    assert pool.cdf_at(np.array([0.5]))[0] == pytest.approx(0.5, abs=1e-12)


def test_pooled_quantiles_invert_the_cdf_within_1e_4_of_the_range() -> None:
    pool = Pool.of(EDGES)
    # F(0.2) = 0.33632 (above), so the 0.33632-quantile is 0.2; the range is 1
    assert pool.quantile(np.array([0.33632]))[0] == pytest.approx(0.2, abs=1e-4)
    # P5: ½ (1 − (1 − x)^5) = 0.05 with x^5 negligible (~4e-9): x = 1 − 0.9^(1/5) = 0.0208516
    p5, p50, p95 = pool.quantile(np.array([0.05, 0.5, 0.95]))
    assert p5 == pytest.approx(1 - 0.9**0.2, abs=1e-4)
    assert p50 == pytest.approx(0.5, abs=1e-4)  # the mix is symmetric about ½
    assert p95 == pytest.approx(0.9**0.2, abs=1e-4)  # P95 = 1 − P5 by symmetry


def test_disagreement_of_opposite_edges() -> None:
    summary = pool_summary(EDGES)
    # (max value − min value) / (P95 − P5) = (1 − 0) / (0.9791484 − 0.0208516) = 1.043518
    assert summary.disagreement == pytest.approx(1.0 / (2 * 0.9**0.2 - 1), rel=1e-3)
    assert summary.value == summary.p50  # no agreed value: the median
    assert summary.agreed is False


def test_weights_and_a_gap_between_the_estimates() -> None:
    # weight 1: PERT(0, ½, 1) = Beta(3, 3) on [0, 1]; weight 3: PERT(2, 2.5, 3) on [2, 3]
    pool = Pool.of([est("a", 0, 0.5, 1, 1), est("b", 2, 2.5, 3, 3)])
    # w = ¼, ¾. F(0.5) = ¼ · ½ = 0.125; F(1.5) = ¼ (the gap); F(2.5) = ¼ + ¾ · ½ = 0.625
    assert_allclose(pool.cdf_at(np.array([0.5, 1.5, 2.5])), [0.125, 0.25, 0.625], atol=1e-12)
    # the range is 3: within 3e-4
    assert_allclose(pool.quantile(np.array([0.125, 0.625])), [0.5, 2.5], atol=3e-4)
    # F = ¼ all through the gap (1, 2): the ¼-quantile is its lower end, 1
    assert pool.quantile(np.array([0.25]))[0] == pytest.approx(1.0, abs=3e-4)
    summary = pool_summary([est("a", 0, 0.5, 1, 1), est("b", 2, 2.5, 3, 3)])
    assert [e.share for e in summary.estimates] == [0.25, 0.75]
    # each estimate's own median is its mode (symmetric PERTs)
    assert [e.p50 for e in summary.estimates] == pytest.approx([0.5, 2.5])


def test_a_point_estimate_is_a_point_mass() -> None:
    # PERT(0, ½, 1) and the point ½, equal weights: F(½−) = ½ · ½ = ¼, F(½) = ¼ + ½ = ¾
    pool = Pool.of([est("a", 0, 0.5, 1), est("b", 0.5, 0.5, 0.5)])
    assert_allclose(pool.quantile(np.array([0.26, 0.5, 0.74])), [0.5, 0.5, 0.5], atol=1e-12)
    # P5: ½ I(x; 3, 3) = 0.05, so x = B⁻¹(0.1; 3, 3)
    assert pool.quantile(np.array([0.05]))[0] == pytest.approx(betaincinv(3, 3, 0.1), abs=1e-4)
    summary = pool_summary([est("a", 0, 0.5, 1), est("b", 0.5, 0.5, 0.5)])
    assert summary.disagreement == 0.0  # both say ½
    assert summary.estimates[1].p5 == summary.estimates[1].p95 == 0.5


def test_disagreement_when_p95_equals_p5() -> None:
    # weight 19 on the point 0 and 0.5 on PERT(0, 1, 1): 97.4% of the weight at 0, so
    # P5 = P95 = 0 while the likely values are 0 and 1: undefined (None)
    summary = pool_summary([est("a", 0, 0, 0, 19), est("b", 0, 1, 1, 0.5)])
    assert summary.p5 == summary.p95 == 0.0
    assert summary.disagreement is None
    # everyone on one point: nobody disagrees
    assert pool_summary([est("a", 3, 3, 3), est("b", 3, 3, 3)]).disagreement == 0.0
    assert disagreement(np.array([2.0, 2.0]), 1.0, 1.0) == 0.0


def test_an_agreed_value_is_the_point_value() -> None:
    summary = pool_summary(EDGES, value=0.3)
    assert summary.value == 0.3 and summary.agreed is True


# ---- properties ---------------------------------------------------------------------------------


@st.composite
def pert(draw: st.DrawFn) -> tuple[float, float, float]:
    low = draw(st.floats(-1e3, 1e3))
    width = draw(st.floats(1e-2, 1e3))
    share = draw(st.floats(0, 1))
    return low, low + share * width, low + width


@settings(max_examples=40, deadline=None)
@given(pert(), st.integers(1, 5))
def test_a_pool_of_identical_estimates_is_that_pert(
    shape: tuple[float, float, float], k: int
) -> None:
    a, m, b = shape
    pool = Pool.of([est(f"p{i}", a, m, b) for i in range(k)])
    alpha, beta = 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
    x = np.linspace(a, b, 33)
    assert_allclose(pool.cdf_at(x), betainc(alpha, beta, (x - a) / (b - a)), atol=1e-12)
    u = np.linspace(0.01, 0.99, 33)
    exact = a + (b - a) * betaincinv(alpha, beta, u)
    assert_allclose(pool.quantile(u), exact, atol=1e-4 * (b - a))


@settings(max_examples=40, deadline=None)
@given(st.lists(pert(), min_size=1, max_size=4), st.floats(1e-3, 1e3), st.data())
def test_scaling_every_weight_together_changes_nothing(
    shapes: list[tuple[float, float, float]], scale: float, data: st.DataObject
) -> None:
    weights = data.draw(st.lists(st.floats(0.1, 10), min_size=len(shapes), max_size=len(shapes)))
    one = [est(f"p{i}", *s, w) for i, (s, w) in enumerate(zip(shapes, weights, strict=True))]
    scaled = [est(e.by, e.low, e.value, e.high, e.weight * scale) for e in one]
    # inside (0, 1): at u = 1 exactly the answer hangs on F's last ulp below 1
    u = np.linspace(0.005, 0.995, 100)
    assert_allclose(Pool.of(one).quantile(u), Pool.of(scaled).quantile(u), rtol=1e-9, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.lists(pert(), min_size=1, max_size=4), st.lists(st.floats(0, 1), min_size=2))
def test_pooled_quantiles_are_monotone_and_in_the_support(
    shapes: list[tuple[float, float, float]], us: list[float]
) -> None:
    pool = Pool.of([est(f"p{i}", *s) for i, s in enumerate(shapes)])
    u = np.sort(np.array(us))
    q = pool.quantile(u)
    assert np.all(np.diff(q) >= 0)
    low, high = pool.support
    assert np.all((q >= low) & (q <= high))


# ---- in the engine ------------------------------------------------------------------------------


def _pooled_case() -> object:
    # quantity pooled: zvw PERT(60, 120, 200) and gemeente PERT(100, 200, 300) weight 2
    quantity = {
        "estimates": [
            {"by": "zvw", "low": 60, "value": 120, "high": 200},
            {"by": "gemeente", "low": 100, "value": 200, "high": 300, "weight": 2},
        ]
    }
    return make_case(
        investments=[inv("coaches", amount=1000)],
        outcomes=[out("zorg", quantity=quantity, proxy=10, deadweight=0.2)],
    )


def test_the_point_value_is_the_pools_median() -> None:
    structure = prepare(_pooled_case())  # type: ignore[arg-type]
    (pooled,) = structure.pooled
    p = structure.parameters[structure.index["outcomes.zorg.quantity"]]
    assert p.number.value == pooled.p50
    # NPV = 10 × median × (1 − 0.2) − 1000
    row = scenario_row(structure, None)
    assert row[0, structure.index["outcomes.zorg.quantity"]] == pooled.p50


def test_scenarios_and_tornado_use_p5_and_p95() -> None:
    structure = prepare(_pooled_case())  # type: ignore[arg-type]
    (pooled,) = structure.pooled
    col = structure.index["outcomes.zorg.quantity"]
    assert scenario_row(structure, "conservative")[0, col] == pooled.p5
    assert scenario_row(structure, "optimistic")[0, col] == pooled.p95
    (bar,) = [b for b in sensitivity(structure).tornado if b.parameter == "outcomes.zorg.quantity"]
    assert (bar.low, bar.high) == (pooled.p5, pooled.p95)
    # the NPV at P5: 10 × P5 × 0.8 − 1000
    assert bar.npv_low == pytest.approx(8 * pooled.p5 - 1000)


def test_the_sampler_draws_the_pool_from_the_parameters_own_uniform() -> None:
    structure = prepare(_pooled_case())  # type: ignore[arg-type]
    p = structure.parameters[structure.index["outcomes.zorg.quantity"]]
    assert p.pool is not None
    u = np.linspace(0, 1, 257).reshape(-1, 1)
    drawn = Sampler.for_numbers((p.number,)).transform(u)[:, 0]
    assert_allclose(drawn, p.pool.quantile(u[:, 0]), atol=0)


def test_a_seeded_simulation_with_a_pooled_parameter_is_reproducible() -> None:
    structure = prepare(_pooled_case())  # type: ignore[arg-type]
    one, two = simulate(structure, 2000, seed=7), simulate(structure, 2000, seed=7)
    assert one == two
    other = simulate(structure, 2000, seed=8)
    assert other.npv.mean != one.npv.mean
    # the mean NPV follows the pool's mean: 8 × (⅓ (60 + 480 + 200)/6 + ⅔ (100 + 800 + 300)/6)
    # − 1000 = 8 × (41.11 + 133.33) − 1000 = 395.56, within a few standard errors
    assert one.npv.mean == pytest.approx(8 * (740 / 18 + 2400 / 18) - 1000, abs=4 * one.npv_mcse)


def test_a_proxy_may_be_pooled_too() -> None:
    # PERT(10, 20, 30) and PERT(20, 30, 40), equal weights: symmetric about 25, the median
    proxy = {
        "source": "workshop",
        "estimates": [
            {"by": "a", "low": 10, "value": 20, "high": 30},
            {"by": "b", "low": 20, "value": 30, "high": 40},
        ],
    }
    structure = prepare(
        make_case(investments=[inv(amount=100)], outcomes=[out("zorg", quantity=3, proxy=proxy)])
    )
    (pooled,) = structure.pooled
    assert pooled.parameter == "outcomes.zorg.proxy"
    assert pooled.value == pytest.approx(25.0, abs=1e-3)  # within 1e-4 of the range 30


def test_a_kept_pool_is_the_same_pool_and_cannot_be_changed() -> None:
    first = [
        Estimate(by="a", low=0.1, value=0.2, high=0.4),
        Estimate(by="b", low=0, value=1, high=2),
    ]
    again = [
        Estimate(by="c", low=0.1, value=0.2, high=0.4),
        Estimate(by="d", low=0, value=1, high=2),
    ]
    pool = Pool.of(first)
    assert Pool.of(again) is pool  # the same numbers from other people: the same table
    with pytest.raises(ValueError, match="read-only"):
        pool.cdf[0] = 0.5
    other = Pool.of([Estimate(by="a", low=0.1, value=0.3, high=0.4)])
    assert other is not pool and other.quantile(np.array([0.5]))[0] > 0.1
