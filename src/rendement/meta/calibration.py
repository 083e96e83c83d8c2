"""Calibration of a registry's forecasts against their realisations (method.md §14).

Each pair is an ex-post case and the ex-ante case it realises: the forecast's point ratio, its
simulated P5 and P95, the actual ratio and the actual ratio's percentile rank (PIT) among the
forecast's simulated ratios. Calibrated forecasts have a mean log ratio near 0, 90 % of
actual ratios inside P5–P95 and PIT values spread evenly over [0, 1].
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rendement.meta._arrays import Interval
from rendement.meta.bootstrap import DEFAULT_RESAMPLES, bootstrap_mean_ci, check_resamples

PIT_BINS = 10


@dataclass(frozen=True)
class ForecastPair:
    id: str  # the ex-post case
    forecast_id: str
    forecast_ratio: float | None
    actual_ratio: float | None
    p5: float | None  # of the forecast's simulated ratio
    p95: float | None
    pit: float | None  # of the actual ratio among the forecast's simulated ratios


@dataclass(frozen=True)
class Calibration:
    """``mean_log_ratio`` is the mean of ``ln(actual / forecast)`` over the pairs where both
    ratios are > 0 (> 0: realisations beat their forecasts; < 0: forecasts were optimistic),
    ``ci`` its percentile bootstrap 95 % interval; ``coverage_p5_p95`` the share of pairs
    with an actual ratio and a forecast P5–P95 whose actual ratio lies inside it (bounds
    included); ``pit`` the PIT values, in the order of the pairs."""

    n_pairs: int
    n_log_ratios: int
    mean_log_ratio: float | None
    ci: Interval | None
    coverage_p5_p95: float | None
    pit: tuple[float, ...]
    pairs: tuple[ForecastPair, ...]

    @property
    def pit_histogram(self) -> tuple[int, ...]:
        """Counts of the PIT values in ``PIT_BINS`` equal bins of [0, 1] (1 in the last)."""
        counts, _ = np.histogram(np.asarray(self.pit), bins=PIT_BINS, range=(0.0, 1.0))
        return tuple(int(c) for c in counts)


def _positive(x: float | None) -> bool:
    return x is not None and math.isfinite(x) and x > 0


def calibration(
    pairs: Sequence[ForecastPair], *, resamples: int = DEFAULT_RESAMPLES, seed: int = 0
) -> Calibration:
    """method.md §14, calibration over pairs; the pairs are taken in the order given."""
    check_resamples(resamples)
    logs = [
        math.log(p.actual_ratio / p.forecast_ratio)  # type: ignore[operator]
        for p in pairs
        if _positive(p.actual_ratio) and _positive(p.forecast_ratio)
    ]
    inside = [
        p.p5 <= p.actual_ratio <= p.p95
        for p in pairs
        if p.actual_ratio is not None and p.p5 is not None and p.p95 is not None
    ]
    return Calibration(
        n_pairs=len(pairs),
        n_log_ratios=len(logs),
        mean_log_ratio=float(np.mean(logs)) if logs else None,
        ci=bootstrap_mean_ci(logs, resamples, seed) if len(logs) >= 2 else None,
        coverage_p5_p95=float(np.mean(inside)) if inside else None,
        pit=tuple(p.pit for p in pairs if p.pit is not None),
        pairs=tuple(pairs),
    )
