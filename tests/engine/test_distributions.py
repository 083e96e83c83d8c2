"""Distributions of ranged parameters (method.md §7), checked against scipy.stats.

Every distribution is drawn by its inverse CDF from uniforms, once through the vectorised
``Sampler`` (all distributions in one block, as the simulation draws them) and once through
``inverse_cdf``. On N = 200,000 draws the sample mean and variance must lie within 5 Monte-Carlo
standard errors of scipy's exact moments, the Kolmogorov–Smirnov distance to scipy's CDF must
be below 0.01 (its 1 % critical value at this N is 1.63/√N ≈ 0.0036), and no draw may leave
[low, high].
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from rendement.engine.distributions import Sampler, inverse_cdf, pert_shape
from rendement.model import Uncertain

N = 200_000
SE_TOLERANCE = 5.0
KS_MAX = 0.01


def _pert(low: float, mode: float, high: float) -> stats.rv_continuous:
    # α = 1 + 4 (m − a)/(b − a), β = 1 + 4 (b − m)/(b − a), on [a, b]
    alpha = 1.0 + 4.0 * (mode - low) / (high - low)
    beta = 1.0 + 4.0 * (high - mode) / (high - low)
    return stats.beta(alpha, beta, loc=low, scale=high - low)


def _triangular(low: float, mode: float, high: float) -> stats.rv_continuous:
    return stats.triang((mode - low) / (high - low), loc=low, scale=high - low)


def _truncnorm(mean: float, sd: float, low: float, high: float) -> stats.rv_continuous:
    return stats.truncnorm((low - mean) / sd, (high - mean) / sd, loc=mean, scale=sd)


# (id, the number as a case file gives it, the same distribution in scipy)
CASES: list[tuple[str, Uncertain, stats.rv_continuous]] = [
    ("pert-symmetric", Uncertain(value=50, low=0, high=100), _pert(0, 50, 100)),
    ("pert-skewed", Uncertain(value=0.2, low=0.1, high=0.9, dist="pert"), _pert(0.1, 0.2, 0.9)),
    ("pert-mode-at-low", Uncertain(value=10, low=10, high=40), _pert(10, 10, 40)),
    ("pert-mode-at-high", Uncertain(value=40, low=10, high=40), _pert(10, 40, 40)),
    ("pert-negative", Uncertain(value=-1500, low=-2500, high=-1200), _pert(-2500, -1500, -1200)),
    (
        "triangular",
        Uncertain(value=3, low=1, high=10, dist="triangular"),
        _triangular(1, 3, 10),
    ),
    (
        "triangular-mode-at-low",
        Uncertain(value=1, low=1, high=10, dist="triangular"),
        _triangular(1, 1, 10),
    ),
    (
        "triangular-mode-at-high",
        Uncertain(value=10, low=1, high=10, dist="triangular"),
        _triangular(1, 10, 10),
    ),
    (
        "uniform",
        Uncertain(value=120, low=90, high=240, dist="uniform"),
        stats.uniform(90, 150),
    ),
    ("normal", Uncertain(value=100, sd=15, dist="normal"), stats.norm(100, 15)),
    (
        "normal-truncated",
        Uncertain(value=100, low=80, high=150, sd=30, dist="normal"),
        _truncnorm(100, 30, 80, 150),
    ),
    (
        "normal-truncated-near-its-mean",
        Uncertain(value=0.45, low=0.4, high=0.9, sd=0.05, dist="normal"),
        _truncnorm(0.45, 0.05, 0.4, 0.9),
    ),
]
IDS = [c[0] for c in CASES]


def _uniforms(columns: int, seed: int = 20240312) -> np.ndarray:
    return np.random.default_rng(seed).random((N, columns))


@pytest.fixture(scope="module")
def sampled() -> np.ndarray:
    """All distributions drawn in one block through the Sampler, one column each."""
    sampler = Sampler.for_numbers(tuple(c[1] for c in CASES))
    return sampler.transform(_uniforms(len(CASES)))


def _check_moments(x: np.ndarray, dist: stats.rv_continuous) -> None:
    mean, var = float(dist.mean()), float(dist.var())
    excess_kurtosis = float(dist.stats(moments="k"))
    se_mean = math.sqrt(var / x.size)
    # Var(s²) ≈ (μ₄ − σ⁴)/N = σ⁴ (κ + 2)/N with κ the excess kurtosis
    se_var = var * math.sqrt((excess_kurtosis + 2.0) / x.size)
    assert abs(x.mean() - mean) <= SE_TOLERANCE * se_mean, (x.mean(), mean, se_mean)
    assert abs(x.var(ddof=1) - var) <= SE_TOLERANCE * se_var, (x.var(ddof=1), var, se_var)


def _check_ks(x: np.ndarray, dist: stats.rv_continuous) -> None:
    statistic = stats.kstest(x, dist.cdf).statistic
    assert statistic < KS_MAX, statistic


def _check_bounds(x: np.ndarray, number: Uncertain) -> None:
    assert np.all(np.isfinite(x))
    if number.low is not None and number.high is not None:
        assert x.min() >= number.low
        assert x.max() <= number.high


@pytest.mark.parametrize(("name", "number", "dist"), CASES, ids=IDS)
def test_sampler_moments_match_scipy(
    sampled: np.ndarray, name: str, number: Uncertain, dist: stats.rv_continuous
) -> None:
    _check_moments(sampled[:, IDS.index(name)], dist)


@pytest.mark.parametrize(("name", "number", "dist"), CASES, ids=IDS)
def test_sampler_distribution_matches_scipy_by_kolmogorov_smirnov(
    sampled: np.ndarray, name: str, number: Uncertain, dist: stats.rv_continuous
) -> None:
    _check_ks(sampled[:, IDS.index(name)], dist)


@pytest.mark.parametrize(("name", "number", "dist"), CASES, ids=IDS)
def test_sampler_draws_stay_within_low_and_high(
    sampled: np.ndarray, name: str, number: Uncertain, dist: stats.rv_continuous
) -> None:
    _check_bounds(sampled[:, IDS.index(name)], number)


@pytest.mark.parametrize(("name", "number", "dist"), CASES, ids=IDS)
def test_inverse_cdf_moments_and_shape_match_scipy(
    name: str, number: Uncertain, dist: stats.rv_continuous
) -> None:
    x = inverse_cdf(number, _uniforms(1, seed=7)[:, 0])
    _check_moments(x, dist)
    _check_ks(x, dist)
    _check_bounds(x, number)


@pytest.mark.parametrize(("name", "number", "dist"), CASES, ids=IDS)
def test_inverse_cdf_is_close_to_the_exact_quantile_function(
    name: str, number: Uncertain, dist: stats.rv_continuous
) -> None:
    # exact for uniform, triangular and normal; PERT is a tabulated inverse, so allow a
    # thousandth of the range
    u = np.linspace(0.0005, 0.9995, 1999)
    low, high = number.span
    tolerance = 1e-3 * (high - low) if number.effective_dist == "pert" else 1e-9 * (high - low)
    assert np.max(np.abs(inverse_cdf(number, u) - dist.ppf(u))) <= tolerance


@pytest.mark.parametrize(("name", "number", "dist"), CASES, ids=IDS)
def test_sampler_and_inverse_cdf_agree(
    name: str, number: Uncertain, dist: stats.rv_continuous
) -> None:
    u = _uniforms(1, seed=3)[:10_000]
    one = Sampler.for_numbers((number,)).transform(u)[:, 0]
    low, high = number.span
    np.testing.assert_allclose(one, inverse_cdf(number, u[:, 0]), rtol=0, atol=1e-9 * (high - low))


@pytest.mark.parametrize(("name", "number", "dist"), CASES, ids=IDS)
def test_inverse_cdf_is_non_decreasing(
    name: str, number: Uncertain, dist: stats.rv_continuous
) -> None:
    # the value-of-information bins rely on it: a bin of u is a quantile bin of θ
    x = inverse_cdf(number, np.linspace(0.0, 1.0, 100_001))
    assert np.all(np.diff(x) >= 0)


def test_inverse_cdf_reaches_low_and_high_at_the_ends() -> None:
    for number in (
        Uncertain(value=3, low=1, high=10),
        Uncertain(value=3, low=1, high=10, dist="triangular"),
        Uncertain(value=3, low=1, high=10, dist="uniform"),
        Uncertain(value=3, low=1, high=10, sd=2, dist="normal"),
    ):
        ends = inverse_cdf(number, np.array([0.0, 1.0]))
        # the PERT table is single precision: its ends are exact to about 1e-7 of the range
        tolerance = 1e-6 * 9 if number.effective_dist == "pert" else 1e-9
        assert ends == pytest.approx([1.0, 10.0], abs=tolerance), number


def test_fixed_number_is_always_its_value() -> None:
    x = inverse_cdf(Uncertain(value=42), np.array([0.0, 0.3, 0.999]))
    assert list(x) == [42.0, 42.0, 42.0]


def test_pert_shape_is_the_lambda_four_beta() -> None:
    # a = 0, m = 25, b = 100: α = 1 + 4 · 25/100 = 2, β = 1 + 4 · 75/100 = 4
    assert pert_shape(0.0, 25.0, 100.0) == pytest.approx((2.0, 4.0))


def test_sampler_keeps_columns_apart_when_distributions_are_interleaved() -> None:
    # two PERTs with different shapes around a uniform: each column keeps its own table
    numbers = (
        Uncertain(value=1, low=0, high=10),
        Uncertain(value=5, low=0, high=10, dist="uniform"),
        Uncertain(value=9, low=0, high=10),
    )
    x = Sampler.for_numbers(numbers).transform(_uniforms(3, seed=11)[:50_000])
    # PERT(0, 1, 10) has mean (0 + 4 + 10)/6 = 2.333…; uniform 5; PERT(0, 9, 10) 7.666…
    assert x.mean(axis=0) == pytest.approx([14 / 6, 5.0, 46 / 6], abs=0.05)


@pytest.mark.parametrize("dist", ["pert", "triangular", "uniform"])
def test_zero_width_range_is_drawn_as_its_value(dist: str) -> None:
    # low = value = high is a valid number (low ≤ value ≤ high); every draw is that value
    number = Uncertain(value=5, low=5, high=5, dist=dist)  # type: ignore[arg-type]
    u = _uniforms(1, seed=1)[:100]
    assert np.all(Sampler.for_numbers((number,)).transform(u) == 5.0)
    assert np.all(inverse_cdf(number, u[:, 0]) == 5.0)
