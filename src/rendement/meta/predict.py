"""The predictive distribution of a new comparable case (method.md §15).

The random-effects model of §10 over the comparable cases gives
``ln r_new = μ + √(τ² + SE²) · T`` with ``T ~ t_{k−2}``: its median ``exp(μ)``, its 80 % and 95 %
intervals, ``P(r_new > 1) = F_{t,k−2}(μ / √(τ² + SE²))``; with an investment ``C`` the value
``C · r_new`` has the same quantiles times ``C``. With fewer than 3 cases with an interval there
is no prediction (the t distribution needs k − 2 ≥ 1 degrees of freedom), and the result says so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats

from rendement.meta._arrays import Interval
from rendement.meta.random_effects import random_effects, s_from_interval
from rendement.meta.summary import CaseSummary

MIN_CASES = 3


@dataclass(frozen=True)
class PredictedValue:
    median: float
    interval_80: Interval
    interval_95: Interval


@dataclass(frozen=True)
class Prediction:
    """``reason`` is None when there is a prediction, else ``too-few-cases`` (fewer than 3
    comparable cases with a ratio and an interval); the figures are then None."""

    k: int
    cases: tuple[str, ...]
    estimator: str
    mu: float | None
    scale: float | None  # √(τ² + SE²), on the log scale
    median: float | None
    interval_80: Interval | None
    interval_95: Interval | None
    p_ratio_above_1: float | None
    investment: float | None
    value: PredictedValue | None
    reason: str | None = None


def usable(entry: CaseSummary) -> bool:
    """An entry the model can use: included, quantitative, a ratio > 0 inside an interval
    ``0 < low < high`` (as in the random-effects model of the meta-analysis)."""
    return (
        entry.status == "included"
        and entry.analysis == "quantitative"
        and entry.ratio is not None
        and entry.ratio > 0
        and entry.low is not None
        and entry.high is not None
        and 0 < entry.low < entry.high
    )


def _interval(mu: float, scale: float, level: float, df: int, times: float = 1.0) -> Interval:
    half = float(stats.t.ppf(0.5 + level / 2, df)) * scale
    return times * math.exp(mu - half), times * math.exp(mu + half)


def predict(
    entries: Sequence[CaseSummary], investment: float | None = None, estimator: str = "dl"
) -> Prediction:
    """method.md §15 over the comparable ``entries`` (already filtered by the caller)."""
    used = sorted((e for e in entries if usable(e)), key=lambda e: e.id)
    ids = tuple(e.id for e in used)
    k = len(used)
    if k < MIN_CASES:
        return Prediction(
            k, ids, estimator, None, None, None, None, None, None, investment, None,
            reason="too-few-cases",
        )  # fmt: skip
    y = [math.log(e.ratio) for e in used]  # type: ignore[arg-type]
    s2 = [s_from_interval(e.low, e.high) ** 2 for e in used]  # type: ignore[arg-type]
    fit = random_effects(y, s2, estimator)
    df = k - 2
    scale = math.sqrt(fit.tau2 + fit.se**2)
    value = None
    if investment is not None:
        value = PredictedValue(
            investment * math.exp(fit.mu),
            _interval(fit.mu, scale, 0.80, df, investment),
            _interval(fit.mu, scale, 0.95, df, investment),
        )
    return Prediction(
        k=k,
        cases=ids,
        estimator=estimator,
        mu=fit.mu,
        scale=scale,
        median=math.exp(fit.mu),
        interval_80=_interval(fit.mu, scale, 0.80, df),
        interval_95=_interval(fit.mu, scale, 0.95, df),
        p_ratio_above_1=float(stats.t.cdf(fit.mu / scale, df)),
        investment=investment,
        value=value,
    )
