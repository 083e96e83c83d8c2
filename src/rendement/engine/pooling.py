"""Pooled estimates of several participants: the linear opinion pool (method.md §12).

Each estimate k is a PERT(low_k, value_k, high_k) with λ = 4, a beta distribution on
``[low_k, high_k]`` with ``α_k = 1 + λ (m_k − a_k)/(b_k − a_k)`` and
``β_k = 1 + λ (b_k − m_k)/(b_k − a_k)``; an estimate with ``low_k == high_k`` is a point mass.
The pool is ``F(x) = Σ_k w_k F_k(x)`` with ``w_k = weight_k / Σ weight``.

The CDF is tabulated exactly (``betainc``) on an even grid of :data:`POOL_GRID` points over the
pool's support ``[min a_k, max b_k]``, with every estimate's low, value and high added as knots
and a point mass entered as a step (its left and right limits at the same x). A quantile is the
inverse of that table, ``inf {x : F(x) ≥ u}``, linear within a cell: the true quantile lies in
the same grid cell, so the error is at most one cell, ``range / (POOL_GRID − 1)`` < 1e-4 of the
range. In a gap between estimates, where F is flat, that is the gap's lower end.

**Disagreement** is ``(max_k value_k − min_k value_k) / (P95 − P5)``: 0 when everyone names the
same likely value, near 1 when the likely values span the pool's central 90%; it may exceed 1
when a participant of small weight names a likely value outside it. When ``P95 == P5`` (at
least 90% of the weight on one point) it is 0 if all likely values agree and ``None`` (not
defined) otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from scipy.special import betainc, betaincinv

from rendement.model.numbers import Estimate

FloatArray = npt.NDArray[np.float64]

PERT_LAMBDA = 4.0
POOL_GRID = 16_385  # cells of range / 16384 ≈ 6.1e-5 of the range
QUANTILES = (0.05, 0.5, 0.95)


def pert_shape(low: float, mode: float, high: float) -> tuple[float, float]:
    """α and β of the beta distribution behind a PERT(low, mode, high) with λ = 4."""
    width = high - low
    alpha = 1.0 + PERT_LAMBDA * (mode - low) / width
    beta = 1.0 + PERT_LAMBDA * (high - mode) / width
    return alpha, beta


def pert_quantiles(low: float, mode: float, high: float, p: Sequence[float]) -> tuple[float, ...]:
    """Exact quantiles of one PERT (a point mass when ``low == high``)."""
    if high == low:
        return tuple(low for _ in p)
    alpha, beta = pert_shape(low, mode, high)
    q = betaincinv(alpha, beta, np.asarray(p, dtype=np.float64))
    return tuple(float(low + (high - low) * x) for x in q)


@dataclass(frozen=True)
class Pool:
    """The pooled distribution of one parameter: its estimates and the tabulated CDF."""

    low: FloatArray  # (K,) each estimate's low, value (mode), high and normalised weight
    mode: FloatArray
    high: FloatArray
    weight: FloatArray
    x: FloatArray  # (G,) grid, non-decreasing (a point mass appears twice)
    cdf: FloatArray  # (G,) F at x (the left limit at a point mass's first copy)

    @classmethod
    def of(cls, estimates: Sequence[Estimate]) -> Pool:
        """The pool of validated estimates (at least one).

        The table takes some 20 ms (``betainc`` over the grid per estimate) and a page that
        recalculates as someone types asks for the same pool each time: the last pools are
        kept, by the estimates' numbers, read-only so that no caller can change a kept one.
        """
        if not estimates:
            raise ValueError("a pool needs at least one estimate")
        return _pool(tuple((e.low, e.value, e.high, e.weight) for e in estimates))

    @classmethod
    def _tabulate(cls, numbers: tuple[tuple[float, float, float, float], ...]) -> Pool:
        columns = np.array(numbers, dtype=np.float64).reshape(len(numbers), 4)
        low, mode, high, raw = (columns[:, j].copy() for j in range(4))
        weight = raw / raw.sum()
        start, end = float(low.min()), float(high.max())
        if end == start:
            x = np.array([start, start])
            return cls(low, mode, high, weight, x, np.array([0.0, 1.0]))
        knots = np.concatenate([np.linspace(start, end, POOL_GRID), low, mode, high])
        grid = np.unique(knots)
        cdf = _pool_cdf(low, mode, high, weight, grid, left=False)
        points = np.unique(low[low == high])
        if points.size:
            # a step at each point mass: the left limit, then the value at the point
            at = np.searchsorted(grid, points)
            left = _pool_cdf(low, mode, high, weight, points, left=True)
            grid = np.insert(grid, at, points)
            cdf = np.insert(cdf, at, left)
        np.maximum.accumulate(cdf, out=cdf)  # rounding must not make the table decrease
        cdf[-1] = 1.0
        return cls(low, mode, high, weight, grid, cdf)

    def cdf_at(self, x: FloatArray) -> FloatArray:
        """F(x), exact (not from the table)."""
        return _pool_cdf(self.low, self.mode, self.high, self.weight, np.asarray(x), left=False)

    def quantile(self, u: FloatArray) -> FloatArray:
        """F⁻¹(u) = inf {x : F(x) ≥ u} by the tabulated CDF, linear within a grid cell;
        ``u`` of any shape, in [0, 1]. Where F is flat at u (a gap between estimates), the
        lowest such x: the quantile is the same on every machine."""
        u = np.asarray(u, dtype=np.float64)
        j = np.searchsorted(self.cdf, u, side="left")  # the first point with F ≥ u
        np.clip(j, 1, self.cdf.size - 1, out=j)
        f0, f1 = self.cdf[j - 1], self.cdf[j]
        x0, x1 = self.x[j - 1], self.x[j]
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(f1 > f0, (u - f0) / (f1 - f0), 1.0)
        result: FloatArray = x0 + np.clip(t, 0.0, 1.0) * (x1 - x0)
        return result

    @property
    def support(self) -> tuple[float, float]:
        return float(self.x[0]), float(self.x[-1])


@lru_cache(maxsize=256)
def _pool(numbers: tuple[tuple[float, float, float, float], ...]) -> Pool:
    pool = Pool._tabulate(numbers)
    for array in (pool.low, pool.mode, pool.high, pool.weight, pool.x, pool.cdf):
        array.setflags(write=False)
    return pool


def _pool_cdf(
    low: FloatArray,
    mode: FloatArray,
    high: FloatArray,
    weight: FloatArray,
    x: FloatArray,
    *,
    left: bool,
) -> FloatArray:
    """Σ_k w_k F_k(x); with ``left`` a point mass counts only strictly below x (F(x−))."""
    total = np.zeros(x.shape, dtype=np.float64)
    for a, m, b, w in zip(low, mode, high, weight, strict=True):
        if a == b:
            total += w * ((x > a) if left else (x >= a))
            continue
        alpha, beta = pert_shape(float(a), float(m), float(b))
        # only the grid inside [a, b] needs the beta function: below it F_k = 0, above it 1
        inside = (x > a) & (x < b)
        total[x >= b] += w
        total[inside] += w * betainc(alpha, beta, (x[inside] - a) / (b - a))
    return total


@dataclass(frozen=True)
class EstimateRow:
    """One participant's estimate with its own P5/P50/P95."""

    by: str
    low: float
    value: float
    high: float
    weight: float  # as given
    share: float  # w_k, the normalised weight
    p5: float
    p50: float
    p95: float


@dataclass(frozen=True)
class PooledParameter:
    """What the table said about one parameter, and the pool of it (method.md §12)."""

    parameter: str  # its path, as in scenarios ("outcomes.<id>.quantity"); "" when unnamed
    estimates: tuple[EstimateRow, ...]
    value: float  # the point value: the agreed value, or else the pool's median
    agreed: bool  # whether ``value`` was given (agreed at the table) or is the median
    p5: float
    p50: float
    p95: float
    disagreement: float | None


def disagreement(modes: FloatArray, p5: float, p95: float) -> float | None:
    """``(max value_k − min value_k) / (P95 − P5)``; see the module docstring for P95 == P5."""
    spread = float(modes.max() - modes.min())
    if p95 > p5:
        return spread / (p95 - p5)
    return 0.0 if spread == 0 else None


def summarise(
    pool: Pool,
    estimates: Sequence[Estimate],
    *,
    parameter: str = "",
    value: float | None = None,
) -> PooledParameter:
    """The reported figures of a pool; ``value`` is the agreed one when given."""
    p5, p50, p95 = (float(q) for q in pool.quantile(np.array(QUANTILES)))
    rows = tuple(
        EstimateRow(
            e.by,
            e.low,
            e.value,
            e.high,
            e.weight,
            float(w),
            *pert_quantiles(e.low, e.value, e.high, QUANTILES),
        )
        for e, w in zip(estimates, pool.weight, strict=True)
    )
    return PooledParameter(
        parameter=parameter,
        estimates=rows,
        value=p50 if value is None else value,
        agreed=value is not None,
        p5=p5,
        p50=p50,
        p95=p95,
        disagreement=disagreement(pool.mode, p5, p95),
    )


def pool_summary(
    estimates: Sequence[Estimate], *, parameter: str = "", value: float | None = None
) -> PooledParameter:
    """The pool of validated estimates and its reported figures, in one step."""
    return summarise(Pool.of(estimates), estimates, parameter=parameter, value=value)
