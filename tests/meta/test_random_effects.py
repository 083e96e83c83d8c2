"""Random-effects pooling (method.md §10) against statsmodels and hand-solved examples.

statsmodels' ``combine_effects(y, var, method_re=...)`` returns a ``CombineResults`` whose
attributes are matched here:

* ``tau2`` — τ² (its DL value is *not* truncated at 0, so DL is compared on heterogeneous data);
* ``mean_effect_re`` / ``sd_eff_w_re`` — μ and SE = (Σ w*)^−½;
* ``q`` — Cochran's Q with the fixed-effect weights 1/s²;
* ``i2`` — ``1 − (k − 1)/Q`` (not truncated either; equal to ours when Q > k − 1);
* ``conf_int(use_t=False)[1]`` — the random-effects interval μ ± z·SE;
* ``conf_int(use_t=True)[3]`` (``ci_eff_re_wls``) and ``var_hksj_re`` — Hartung–Knapp:
  μ ± t_{k−1}·√var_hksj_re with ``var_hksj_re = Σ w*_rel (y − μ)² / (k − 1)``;
* ``mean_effect_fe`` / ``sd_eff_w_fe`` — the fixed-effect estimate, for τ² = 0.

It has no prediction interval; that one is built by hand from its μ, SE and τ².
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import optimize, stats

from rendement.meta import (
    random_effects,
    reml_score,
    s_from_interval,
    tau2_dl,
    tau2_pm,
    tau2_reml,
)

combine_effects = pytest.importorskip("statsmodels.stats.meta_analysis").combine_effects

TOL = 1e-9

# Log ratios of six cases and their variances: clearly heterogeneous (Q ≈ 23 on 5 df).
Y6 = np.log([1.2, 1.9, 0.9, 3.1, 1.5, 2.2])
V6 = np.array([0.02, 0.05, 0.03, 0.08, 0.01, 0.04])


def seor_sized() -> tuple[np.ndarray, np.ndarray]:
    """Fourteen cases, as many as the SEOR set, drawn once from a fixed seed."""
    rng = np.random.default_rng(14)
    s = rng.uniform(0.1, 0.35, 14)
    y = np.log(1.6) + rng.normal(0.0, 0.35, 14) + rng.normal(0.0, s)
    return y, s**2


DATASETS = {"six": (Y6, V6), "fourteen": seor_sized()}


# statsmodels stops its Paule–Mandel Newton steps once |Q − (k − 1)| is below a tolerance, and how
# it reads that tolerance changed between releases; with its default options its τ² agrees with
# the exact root to about 1e-6 relative, so PM is compared at that precision here, and exactly
# against an independent root of the generalised Q equation below.
STATSMODELS_TOL = {"dl": TOL, "pm": 1e-5}


def generalised_q_root(y: np.ndarray, v: np.ndarray) -> float:
    """τ² at which Σ w*(y − μ)² = k − 1, found by bracketing (brentq), independently of ours."""

    def excess(tau2: float) -> float:
        w = 1.0 / (v + tau2)
        mu = np.sum(w * y) / np.sum(w)
        return float(np.sum(w * (y - mu) ** 2) - (len(y) - 1))

    return float(optimize.brentq(excess, 0.0, 100.0, xtol=1e-15, rtol=1e-15))


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_pm_equals_an_independent_root_of_the_generalised_q(name: str) -> None:
    y, v = DATASETS[name]
    assert_allclose(tau2_pm(y, v), generalised_q_root(y, v), rtol=1e-12)


@pytest.mark.parametrize("name", sorted(DATASETS))
@pytest.mark.parametrize("estimator", ["dl", "pm"])
def test_matches_statsmodels(name: str, estimator: str) -> None:
    y, v = DATASETS[name]
    ref = combine_effects(y, v, method_re=estimator, use_t=True)
    tol = STATSMODELS_TOL[estimator]
    ours = random_effects(y, v, estimator)
    assert ref.tau2 > 0.0  # heterogeneous: statsmodels' untruncated DL is comparable
    assert ours.k == len(y)
    assert_allclose(ours.tau2, ref.tau2, rtol=tol, atol=tol)
    assert_allclose(ours.mu, ref.mean_effect_re, rtol=tol, atol=tol)
    assert_allclose(ours.se, ref.sd_eff_w_re, rtol=tol, atol=tol)
    assert_allclose(ours.q, ref.q, rtol=tol, atol=tol)
    assert_allclose(ours.i2, ref.i2, rtol=tol, atol=tol)
    assert_allclose(ours.ratio, math.exp(ref.mean_effect_re), rtol=tol)
    assert_allclose(ours.ci, np.exp(ref.conf_int(use_t=False)[1]), rtol=tol)
    # Hartung–Knapp: WLS scale, t with k − 1 df
    assert ours.hartung_knapp_se is not None and ours.hartung_knapp_ci is not None
    assert ours.prediction_interval is not None
    assert_allclose(ours.hartung_knapp_se**2, ref.var_hksj_re, rtol=tol)
    assert_allclose(ours.hartung_knapp_ci, np.exp(ref.conf_int(use_t=True)[3]), rtol=tol)
    # prediction interval by hand from statsmodels' figures: t with k − 2 df
    k = len(y)
    half = stats.t.ppf(0.975, k - 2) * math.sqrt(ref.tau2 + ref.sd_eff_w_re**2)
    expected = np.exp([ref.mean_effect_re - half, ref.mean_effect_re + half])
    assert_allclose(ours.prediction_interval, expected, rtol=tol)


def test_dl_formula_by_hand() -> None:
    # method.md §10 written out: w = 1/s², Q = Σw(y − ȳ_w)², τ² = (Q − (k−1)) / (Σw − Σw²/Σw)
    w = 1 / V6
    y_w = np.sum(w * Y6) / np.sum(w)
    q = np.sum(w * (Y6 - y_w) ** 2)
    tau2 = (q - 5) / (np.sum(w) - np.sum(w**2) / np.sum(w))
    assert_allclose(tau2_dl(Y6, V6), tau2, rtol=1e-12)


def test_pm_sets_generalised_q_to_k_minus_1() -> None:
    tau2 = tau2_pm(Y6, V6)
    w = 1 / (V6 + tau2)
    mu = np.sum(w * Y6) / np.sum(w)
    assert_allclose(np.sum(w * (Y6 - mu) ** 2), len(Y6) - 1, rtol=1e-12)


def test_all_estimators_agree_with_equal_variances() -> None:
    # With s_i² = v for all i every estimator is Σ(y − ȳ)²/(k − 1) − v:
    # y = 0, 0.5, 1: Σ(y − ȳ)² = 0.25 + 0 + 0.25 = 0.5; 0.5 / 2 − 0.04 = 0.21
    y = np.array([0.0, 0.5, 1.0])
    v = np.full(3, 0.04)
    for fit in (tau2_dl, tau2_pm, tau2_reml):
        assert fit(y, v) == pytest.approx(0.21, abs=1e-12)


def test_reml_two_cases_closed_form() -> None:
    # k = 2: with d = y2 − y1 the REML equation reduces to w1 w2 d² / (w1 + w2) = 1, i.e.
    # d² = 1/w1 + 1/w2 = v1 + v2 + 2τ², so τ² = (d² − v1 − v2) / 2 = (1 − 0.1 − 0.3) / 2 = 0.3
    assert tau2_reml([0.0, 1.0], [0.1, 0.3]) == pytest.approx(0.3, abs=1e-12)


def test_reml_solves_its_equation_by_fixed_point_iteration() -> None:
    # Unequal variances: iterate τ² ← Σw²((y − μ)² − v)/Σw² + 1/Σw (Viechtbauer 2005, eq. 10)
    # to its fixed point, written out here independently of the implementation.
    y = np.array([0.1, 0.9, 0.4, 1.3])
    v = np.array([0.02, 0.09, 0.05, 0.2])
    tau2 = 0.0
    for _ in range(10_000):
        w = 1 / (v + tau2)
        mu = np.sum(w * y) / np.sum(w)
        updated = max(0.0, np.sum(w**2 * ((y - mu) ** 2 - v)) / np.sum(w**2) + 1 / np.sum(w))
        if abs(updated - tau2) < 1e-15:
            break
        tau2 = updated
    assert tau2 > 0.0
    assert tau2_reml(y, v) == pytest.approx(tau2, rel=1e-9)
    assert reml_score(y, v, tau2_reml(y, v)) == pytest.approx(0.0, abs=1e-9)
    # and REML differs from DL here (it is a different estimator, not a relabelling)
    assert abs(tau2_reml(y, v) - tau2_dl(y, v)) > 1e-3


def test_reml_maximises_the_restricted_likelihood() -> None:
    def minus_log_likelihood(tau2: float) -> float:
        w = 1 / (V6 + tau2)
        mu = np.sum(w * Y6) / np.sum(w)
        return 0.5 * float(
            np.sum(np.log(V6 + tau2)) + math.log(np.sum(w)) + np.sum(w * (Y6 - mu) ** 2)
        )

    best = optimize.minimize_scalar(
        minus_log_likelihood, bounds=(0, 5), method="bounded", options={"xatol": 1e-12}
    )
    assert tau2_reml(Y6, V6) == pytest.approx(best.x, abs=1e-6)


@pytest.mark.parametrize("fit", [tau2_dl, tau2_pm, tau2_reml])
def test_estimators_are_never_negative(fit) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(3)
    for _ in range(50):
        k = int(rng.integers(2, 12))
        y = rng.normal(0.4, rng.uniform(0, 0.5), k)
        v = rng.uniform(0.005, 0.3, k)
        assert fit(y, v) >= 0.0


# statsmodels' DL τ² is negative here, and it takes a square root of it: not our concern
@pytest.mark.filterwarnings("ignore:invalid value encountered in sqrt:RuntimeWarning")
@pytest.mark.parametrize("estimator", ["dl", "pm", "reml"])
def test_homogeneous_cases_give_tau2_zero_and_the_fixed_effect(estimator: str) -> None:
    y = np.log([1.50, 1.52, 1.49, 1.55, 1.47])
    v = np.array([0.04, 0.09, 0.0625, 0.05, 0.08])
    ref = combine_effects(y, v, method_re="dl")
    assert ref.q < len(y) - 1  # homogeneous: Q below its expectation
    fit = random_effects(y, v, estimator)
    assert fit.tau2 == 0.0
    assert fit.i2 == 0.0
    assert_allclose(fit.mu, ref.mean_effect_fe, rtol=TOL)
    assert_allclose(fit.se, ref.sd_eff_w_fe, rtol=TOL)


def test_identical_ratios_have_no_heterogeneity() -> None:
    fit = random_effects(np.zeros(4), np.full(4, 0.1), "pm")
    assert (fit.q, fit.i2, fit.tau2, fit.ratio) == (0.0, 0.0, 0.0, 1.0)
    assert fit.hartung_knapp_ci == (1.0, 1.0)  # no residual spread at all


def test_two_cases_have_no_prediction_or_hartung_knapp_interval() -> None:
    fit = random_effects([0.0, 1.0], [0.1, 0.3])
    assert fit.prediction_interval is None
    assert fit.hartung_knapp_ci is None
    assert fit.hartung_knapp_se is None


def test_unknown_estimator_names_the_choices() -> None:
    with pytest.raises(ValueError, match="dl, pm, reml"):
        random_effects(Y6, V6, "hedges")


@pytest.mark.parametrize(
    ("y", "s2"),
    [([0.1], [0.1]), ([0.1, 0.2], [0.1, 0.0]), ([0.1, 0.2], [0.1]), ([0.1, np.nan], [0.1, 0.1])],
)
def test_bad_input_is_refused(y: list[float], s2: list[float]) -> None:
    with pytest.raises(ValueError):
        random_effects(y, s2)


def test_s_from_interval() -> None:
    # (ln 2.8 − ln 1.3) / (2 · 1.959964) = (1.029619 − 0.262364) / 3.919928 = 0.195732
    assert s_from_interval(1.3, 2.8) == pytest.approx(0.195732, abs=1e-6)
    assert_allclose(
        s_from_interval(np.array([1.3, 1.0]), np.array([2.8, math.e**2])),
        [0.195732, 2 / (2 * 1.959964)],
        atol=1e-6,
    )
    with pytest.raises(ValueError):
        s_from_interval(2.0, 1.0)
    with pytest.raises(ValueError):
        s_from_interval(0.0, 1.0)


def test_interval_round_trip() -> None:
    # a case whose interval is exp(ln r ± 1.959964 s) gives back its s
    s = 0.3
    low, high = (
        math.exp(math.log(1.6) - 1.959963984540054 * s),
        math.exp(math.log(1.6) + 1.959963984540054 * s),
    )
    assert s_from_interval(low, high) == pytest.approx(s, rel=1e-12)
