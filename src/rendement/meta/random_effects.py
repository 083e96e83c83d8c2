"""Random-effects pooling of log ratios (method.md §10).

Each case ``i`` contributes ``y_i = ln r_i`` with a within-case variance ``s_i²`` taken from its
95 % interval (:func:`s_from_interval`). The between-case variance τ² is estimated by
DerSimonian–Laird (``dl``, the default), Paule–Mandel (``pm``) or restricted maximum likelihood
(``reml``); the pooled log ratio is the inverse-variance weighted mean with weights
``1 / (s_i² + τ²)``.

References
----------
DerSimonian, R. and Laird, N. (1986). Meta-analysis in clinical trials. *Controlled Clinical
Trials* 7, 177–188.
Paule, R. C. and Mandel, J. (1982). Consensus values and weighting factors. *Journal of Research
of the National Bureau of Standards* 87, 377–385.
Viechtbauer, W. (2005). Bias and efficiency of meta-analytic variance estimators in the
random-effects model. *Journal of Educational and Behavioral Statistics* 30, 261–293.
Higgins, J. P. T. and Thompson, S. G. (2002). Quantifying heterogeneity in a meta-analysis.
*Statistics in Medicine* 21, 1539–1558.
Hartung, J. and Knapp, G. (2001). On tests of the overall treatment effect in meta-analysis with
normally distributed responses. *Statistics in Medicine* 20, 1771–1782.
Higgins, J. P. T., Thompson, S. G. and Spiegelhalter, D. J. (2009). A re-evaluation of
random-effects meta-analysis. *JRSS A* 172, 137–159 (the prediction interval).
Veroniki, A. A. et al. (2016). Methods to estimate the between-study variance and its
uncertainty in meta-analysis. *Research Synthesis Methods* 7, 55–79.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import overload

import numpy as np
import numpy.typing as npt
from scipy import optimize, stats

from rendement.meta._arrays import Z_975, FloatArray, Interval, as_vector

ESTIMATORS = ("dl", "pm", "reml")

# Root finding to the last few bits: the estimates are compared with other implementations
# to 1e-9, and the bracket is cheap to evaluate (one pass over k cases).
_XTOL = 1e-15
_RTOL = 4 * np.finfo(np.float64).eps
_MAX_DOUBLINGS = 200


@dataclass(frozen=True)
class RandomEffects:
    """A random-effects pooled ratio and its heterogeneity (method.md §10).

    ``mu`` and ``se`` are on the log scale; ``ratio``, ``ci``, ``prediction_interval`` and
    ``hartung_knapp_ci`` are on the ratio scale (exponentiated). ``q`` is Cochran's Q with the
    fixed-effect weights ``1/s_i²``; ``i2 = max(0, (Q − (k − 1)) / Q)`` (0 when Q = 0).
    The prediction interval and the Hartung–Knapp interval need ``k ≥ 3`` and are None below.
    """

    k: int
    estimator: str
    mu: float
    se: float
    tau2: float
    q: float
    i2: float
    ratio: float
    ci: Interval
    prediction_interval: Interval | None
    hartung_knapp_se: float | None
    hartung_knapp_ci: Interval | None


@overload
def s_from_interval(low: float, high: float) -> float: ...
@overload
def s_from_interval(low: FloatArray, high: FloatArray) -> FloatArray: ...
def s_from_interval(low: float | FloatArray, high: float | FloatArray) -> float | FloatArray:
    """Standard error on the log scale of a ratio with 95 % interval ``[low, high]``.

    ``s = (ln high − ln low) / (2 · 1.959964)`` (method.md §10): the interval is read as
    ``exp(ln r ± 1.959964 · s)``. For a Monte-Carlo interval, pass its P2.5 and P97.5.

    Parameters
    ----------
    low, high : float or ndarray
        Interval bounds with ``0 < low < high``.

    Returns
    -------
    float or ndarray
        Same shape as the input.

    Examples
    --------
    >>> round(s_from_interval(1.0, math.exp(2 * 1.959963984540054)), 12)
    1.0
    """
    if isinstance(low, np.ndarray) or isinstance(high, np.ndarray):
        lo = np.asarray(low, dtype=np.float64)
        hi = np.asarray(high, dtype=np.float64)
        if not np.all((lo > 0.0) & (hi > lo)):
            raise ValueError("every interval needs 0 < low < high")
        s: FloatArray = (np.log(hi) - np.log(lo)) / (2.0 * Z_975)
        return s
    if not 0.0 < low < high:
        raise ValueError(f"an interval needs 0 < low < high (got [{low}, {high}])")
    return (math.log(high) - math.log(low)) / (2.0 * Z_975)


def cochran_q(y: npt.ArrayLike, s2: npt.ArrayLike, tau2: float = 0.0) -> float:
    """Generalised Q: ``Σ w_i (y_i − μ_w)²`` with ``w_i = 1/(s_i² + τ²)``.

    With ``tau2 = 0`` this is Cochran's Q. Paule–Mandel sets it equal to ``k − 1``.
    """
    yv, v = _checked(y, s2, minimum=1)
    return _generalised_q(yv, v, tau2)


def tau2_dl(y: npt.ArrayLike, s2: npt.ArrayLike) -> float:
    """DerSimonian–Laird moment estimate of τ².

    ``τ² = max(0, (Q − (k − 1)) / (Σw − Σw²/Σw))`` with ``w_i = 1/s_i²`` (method.md §10).

    Parameters
    ----------
    y : array_like
        Effect sizes (log ratios), ``k ≥ 2``.
    s2 : array_like
        Their within-case variances, all > 0.

    Returns
    -------
    float
        The estimate, ≥ 0.
    """
    yv, v = _checked(y, s2)
    w = 1.0 / v
    q = _generalised_q(yv, v, 0.0)
    scale = float(np.sum(w) - np.sum(w**2) / np.sum(w))
    return max(0.0, (q - (yv.size - 1)) / scale)


def tau2_pm(y: npt.ArrayLike, s2: npt.ArrayLike) -> float:
    """Paule–Mandel estimate of τ²: the τ² at which the generalised Q equals ``k − 1``.

    The generalised Q decreases in τ², so the root is unique. It is 0 when ``Q(0) ≤ k − 1``;
    otherwise it lies below ``Σ(y_i − ȳ)² / (k − 1)`` (where ``Q < Σ(y_i − ȳ)²/τ² = k − 1``),
    which brackets it for Brent's method.

    Parameters
    ----------
    y, s2 : array_like
        As in :func:`tau2_dl`.

    Returns
    -------
    float
        The estimate, ≥ 0.

    References
    ----------
    Paule and Mandel (1982); DerSimonian, R. and Kacker, R. (2007). Random-effects model for
    meta-analysis of clinical trials: an update. *Contemporary Clinical Trials* 28, 105–114.
    """
    yv, v = _checked(y, s2)
    target = yv.size - 1

    def excess(tau2: float) -> float:
        return _generalised_q(yv, v, tau2) - target

    if excess(0.0) <= 0.0:
        return 0.0
    return _root(excess, float(np.sum((yv - yv.mean()) ** 2)) / target)


def reml_score(y: npt.ArrayLike, s2: npt.ArrayLike, tau2: float) -> float:
    """Twice the derivative of the REML log-likelihood with respect to τ².

    ``U(τ²) = Σ w_i² (y_i − μ̂)² − Σ w_i + Σ w_i² / Σ w_i`` with ``w_i = 1/(s_i² + τ²)`` and
    ``μ̂`` the weighted mean; ``U = 0`` is the REML estimating equation, equivalently the
    fixed point ``τ² = Σ w_i² ((y_i − μ̂)² − s_i²) / Σ w_i² + 1 / Σ w_i`` (Viechtbauer 2005).
    """
    yv, v = _checked(y, s2)
    return _reml_score(yv, v, tau2)


def tau2_reml(y: npt.ArrayLike, s2: npt.ArrayLike) -> float:
    """Restricted maximum likelihood estimate of τ², truncated at 0.

    Solves :func:`reml_score` ``= 0`` by Brent's method: 0 when the score is ≤ 0 at τ² = 0
    (the restricted likelihood falls from there); otherwise the upper end of the bracket is
    doubled from ``max(Σ(y_i − ȳ)² / (k − 1), max s_i²)`` until the score is negative (it is
    for large τ², where ``U ≈ −(k − 1)/τ²``).

    Parameters
    ----------
    y, s2 : array_like
        As in :func:`tau2_dl`.

    Returns
    -------
    float
        The estimate, ≥ 0.

    References
    ----------
    Viechtbauer (2005), eq. 10; Veroniki et al. (2016), section 2.1.6.
    """
    yv, v = _checked(y, s2)

    def score(tau2: float) -> float:
        return _reml_score(yv, v, tau2)

    if score(0.0) <= 0.0:
        return 0.0
    return _root(score, max(float(np.sum((yv - yv.mean()) ** 2)) / (yv.size - 1), float(np.max(v))))


TAU2_ESTIMATORS: dict[str, Callable[[FloatArray, FloatArray], float]] = {
    "dl": tau2_dl,
    "pm": tau2_pm,
    "reml": tau2_reml,
}


def random_effects(y: npt.ArrayLike, s2: npt.ArrayLike, estimator: str = "dl") -> RandomEffects:
    """Pool log ratios under the random-effects model (method.md §10).

    Parameters
    ----------
    y : array_like
        Log ratios ``ln r_i``, ``k ≥ 2`` of them.
    s2 : array_like
        Their within-case variances ``s_i²`` (> 0).
    estimator : {"dl", "pm", "reml"}
        The τ² estimator.

    Returns
    -------
    RandomEffects
        ``μ = Σ w*_i y_i / Σ w*_i``, ``SE = (Σ w*_i)^−½`` with ``w*_i = 1/(s_i² + τ²)``; the
        95 % interval ``exp(μ ± z · SE)``; for ``k ≥ 3`` the prediction interval
        ``exp(μ ± t_{k−2} · √(τ² + SE²))`` and the Hartung–Knapp interval
        ``exp(μ ± t_{k−1} · SE_HK)``, ``SE_HK² = Σ w*_i (y_i − μ)² / ((k − 1) Σ w*_i)``.

    Raises
    ------
    ValueError
        For an unknown estimator, fewer than two cases, or a variance that is not positive.
    """
    fit = TAU2_ESTIMATORS.get(estimator)
    if fit is None:
        raise ValueError(
            f"unknown τ² estimator {estimator!r}: choose one of {', '.join(ESTIMATORS)}"
        )
    yv, v = _checked(y, s2)
    k = yv.size
    tau2 = fit(yv, v)
    q = _generalised_q(yv, v, 0.0)
    i2 = max(0.0, (q - (k - 1)) / q) if q > 0.0 else 0.0

    w = 1.0 / (v + tau2)
    w_sum = float(np.sum(w))
    mu = float(np.sum(w * yv)) / w_sum
    se = 1.0 / math.sqrt(w_sum)

    prediction: Interval | None = None
    hk_se: float | None = None
    hk_ci: Interval | None = None
    if k >= 3:
        t_pred = float(stats.t.ppf(0.975, k - 2))
        prediction = _exp_interval(mu, t_pred * math.sqrt(tau2 + se**2))
        hk_se = math.sqrt(float(np.sum(w * (yv - mu) ** 2)) / ((k - 1) * w_sum))
        hk_ci = _exp_interval(mu, float(stats.t.ppf(0.975, k - 1)) * hk_se)
    return RandomEffects(
        k=k,
        estimator=estimator,
        mu=mu,
        se=se,
        tau2=tau2,
        q=q,
        i2=i2,
        ratio=_exp(mu),
        ci=_exp_interval(mu, Z_975 * se),
        prediction_interval=prediction,
        hartung_knapp_se=hk_se,
        hartung_knapp_ci=hk_ci,
    )


def _exp(x: float) -> float:
    """e^x, infinite rather than an OverflowError for a log ratio beyond any real case (an
    entry stored before the registry bounded its figures); the JSON output makes it null."""
    return math.exp(x) if x < 709.0 else math.inf


def _exp_interval(centre: float, half_width: float) -> Interval:
    return _exp(centre - half_width), _exp(centre + half_width)


def _generalised_q(y: FloatArray, s2: FloatArray, tau2: float) -> float:
    w = 1.0 / (s2 + tau2)
    centre = np.sum(w * y) / np.sum(w)
    return float(np.sum(w * (y - centre) ** 2))


def _reml_score(y: FloatArray, s2: FloatArray, tau2: float) -> float:
    w = 1.0 / (s2 + tau2)
    w_sum = np.sum(w)
    centre = np.sum(w * y) / w_sum
    w2 = w**2
    return float(np.sum(w2 * (y - centre) ** 2) - w_sum + np.sum(w2) / w_sum)


def _root(f: Callable[[float], float], upper: float) -> float:
    """The root of ``f`` above 0, where ``f(0) > 0``: ``upper`` is doubled until ``f ≤ 0``
    there (a guard against rounding at the analytic bound), then Brent's method."""
    upper = max(upper, np.finfo(np.float64).tiny)
    for _ in range(_MAX_DOUBLINGS):
        if f(upper) <= 0.0:
            root = optimize.brentq(f, 0.0, upper, xtol=_XTOL, rtol=_RTOL, maxiter=500)
            return max(0.0, float(root))
        upper *= 2.0
    raise ArithmeticError("no sign change found for the τ² equation")  # pragma: no cover


def _checked(
    y: npt.ArrayLike, s2: npt.ArrayLike, minimum: int = 2
) -> tuple[FloatArray, FloatArray]:
    yv = as_vector(y, "y")
    v = as_vector(s2, "s2")
    if yv.shape != v.shape:
        raise ValueError(f"y and s2 differ in length ({yv.size} and {v.size})")
    if yv.size < minimum:
        raise ValueError(f"random effects need at least {minimum} cases (got {yv.size})")
    if not np.all(np.isfinite(yv)):
        raise ValueError("y must be finite")
    if not np.all(np.isfinite(v) & (v > 0.0)):
        raise ValueError("s2 must be finite and greater than 0")
    return yv, v
