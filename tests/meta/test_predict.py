"""The predictive distribution of a new comparable case (method.md §15)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from rendement.meta import CaseSummary
from rendement.meta.predict import predict

Z = 1.959963984540054


def _entry(id: str, ratio: float, low: float | None, high: float | None, **kw: str) -> CaseSummary:
    return CaseSummary(
        id=id,
        status=kw.get("status", "included"),
        analysis="quantitative",
        ratio=ratio,
        low=low,
        high=high,
    )


ENTRIES = [
    _entry("a", 1.4, 1.1, 1.9),
    _entry("b", 2.1, 1.2, 3.5),
    _entry("c", 0.9, 0.6, 1.4),
    _entry("d", 1.7, 1.3, 2.4),
    _entry("e", 3.0, 1.5, 6.0),
]


def _independent(entries: list[CaseSummary]) -> tuple[float, float, int]:
    """DerSimonian–Laird written out again, for μ and √(τ² + SE²)."""
    y = np.log([e.ratio for e in entries])
    s2 = ((np.log([e.high for e in entries]) - np.log([e.low for e in entries])) / (2 * Z)) ** 2
    w = 1 / s2
    ybar = np.sum(w * y) / np.sum(w)
    q = np.sum(w * (y - ybar) ** 2)
    k = len(entries)
    tau2 = max(0.0, (q - (k - 1)) / (np.sum(w) - np.sum(w**2) / np.sum(w)))
    ws = 1 / (s2 + tau2)
    mu = np.sum(ws * y) / np.sum(ws)
    se2 = 1 / np.sum(ws)
    return float(mu), float(math.sqrt(tau2 + se2)), k


def test_predictive_interval_against_scipys_t_distribution() -> None:
    result = predict(ENTRIES, investment=100_000)
    mu, scale, k = _independent(ENTRIES)
    t = stats.t(df=k - 2, loc=mu, scale=scale)  # the law of ln r_new
    assert result.k == 5 and result.cases == ("a", "b", "c", "d", "e")
    assert result.median == pytest.approx(math.exp(mu), rel=1e-12)
    assert result.interval_80 == pytest.approx(tuple(np.exp(t.interval(0.80))), rel=1e-12)
    assert result.interval_95 == pytest.approx(tuple(np.exp(t.interval(0.95))), rel=1e-12)
    assert result.p_ratio_above_1 == pytest.approx(t.sf(0.0), rel=1e-12)  # P(ln r > 0)
    assert result.value is not None
    assert result.value.median == pytest.approx(100_000 * math.exp(mu), rel=1e-12)
    assert result.value.interval_95 == pytest.approx(
        tuple(100_000 * np.exp(t.interval(0.95))), rel=1e-12
    )


def test_the_95_interval_is_the_meta_analysis_prediction_interval() -> None:
    from rendement.meta import random_effects, s_from_interval

    fit = random_effects(
        [math.log(e.ratio) for e in ENTRIES],  # type: ignore[arg-type]
        [s_from_interval(e.low, e.high) ** 2 for e in ENTRIES],  # type: ignore[arg-type]
    )
    assert predict(ENTRIES).interval_95 == pytest.approx(fit.prediction_interval, rel=1e-12)


def test_fewer_than_three_cases_with_an_interval_give_no_prediction() -> None:
    entries = [
        *ENTRIES[:2],
        _entry("no-interval", 1.5, None, None),
        _entry("excluded", 1.5, 1.0, 2.0, status="excluded"),
    ]
    result = predict(entries, investment=1000)
    assert (result.k, result.cases, result.reason) == (2, ("a", "b"), "too-few-cases")
    assert (result.median, result.interval_95, result.p_ratio_above_1, result.value) == (
        None,
        None,
        None,
        None,
    )
