"""Percentile bootstrap confidence interval of the mean ratio (method.md §10).

Resamples are drawn as blocks of indices from one ``numpy.random.default_rng(seed)``: a block
holds about ``CHUNK`` indices (``max(1, CHUNK // n)`` resamples of ``n``), so memory stays
bounded whatever the number of cases and resamples, and no Python loop runs per resample.
The block size is a constant of the method, so the same values, resamples and seed give the
same interval on every run and machine.

The values are put in ascending order before resampling: which case sits at which index then
no longer depends on the order in which the caller listed them, and the interval is a function
of the set of ratios alone.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from rendement.meta._arrays import FloatArray, Interval, as_vector

CHUNK = 1 << 18
DEFAULT_RESAMPLES = 10_000
PERCENTILES = (2.5, 97.5)


def bootstrap_means(columns: npt.ArrayLike, resamples: int, seed: int) -> FloatArray:
    """Means of ``resamples`` bootstrap resamples of the ``n`` cases, for each column.

    Parameters
    ----------
    columns : array_like, shape (m, n)
        ``m`` figures per case (for instance a case's ratio and its conservative ratio); one
        resample draws ``n`` cases with replacement and takes all ``m`` figures of each, so the
        columns are resampled jointly (paired).
    resamples : int
        Number of resamples, at least 1.
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    ndarray, shape (m, resamples)
        The mean of each column in each resample, in the order the resamples were drawn.
    """
    values = np.asarray(columns, dtype=np.float64)
    if values.ndim != 2 or values.shape[1] == 0:
        raise ValueError(f"columns: expected shape (m, n) with n ≥ 1 (got {values.shape})")
    check_resamples(resamples)
    m, n = values.shape
    rng = np.random.default_rng(seed)
    rows = max(1, CHUNK // n)
    means = np.empty((m, resamples), dtype=np.float64)
    for start in range(0, resamples, rows):
        stop = min(resamples, start + rows)
        # np.intp indices and np.take: the fastest draw-and-gather numpy offers here
        picks = rng.integers(0, n, size=(stop - start, n), dtype=np.intp)
        for column in range(m):
            means[column, start:stop] = np.take(values[column], picks).sum(axis=1)
    means /= n
    return means


def bootstrap_mean_ci(
    ratios: npt.ArrayLike, resamples: int = DEFAULT_RESAMPLES, seed: int = 0
) -> Interval | None:
    """Percentile bootstrap 95 % confidence interval of the mean.

    Parameters
    ----------
    ratios : array_like, shape (n,)
        The values whose mean is bootstrapped.
    resamples : int, default 10,000
        Number of resamples.
    seed : int, default 0
        Seed of ``numpy.random.default_rng``; the same seed gives the same interval.

    Returns
    -------
    (low, high) or None
        The 2.5 and 97.5 percentiles (linear interpolation) of the resampled means; None when
        ``n < 2``, where resampling cannot say anything about spread.

    References
    ----------
    Efron, B. and Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*, ch. 13 (the
    percentile interval). Chapman & Hall.

    Examples
    --------
    >>> low, high = bootstrap_mean_ci([0.8, 1.2, 1.6, 2.0, 3.1], resamples=2000, seed=1)
    >>> low < 1.74 < high
    True
    """
    r = as_vector(ratios, "ratios")
    check_resamples(resamples)
    if r.size < 2:
        return None
    return _percentile_interval(bootstrap_means(np.sort(r)[np.newaxis, :], resamples, seed)[0])


def paired_bootstrap_mean_cis(
    columns: npt.ArrayLike, resamples: int = DEFAULT_RESAMPLES, seed: int = 0
) -> tuple[Interval, ...] | None:
    """Percentile 95 % intervals of the mean of each column, from the same resamples of cases.

    The cases are put in ascending order of the first column (ties by the next columns), so the
    first interval equals ``bootstrap_mean_ci(columns[0], resamples, seed)`` exactly; the others
    come from the same resampled cases (common random numbers), which costs one extra gather
    per column instead of a new set of draws.

    Parameters
    ----------
    columns : array_like, shape (m, n)
        ``m`` figures per case, for instance the ratio and the conservative ratio.
    resamples, seed : int
        As in :func:`bootstrap_mean_ci`.

    Returns
    -------
    tuple of (low, high), one per column, or None when ``n < 2``.
    """
    values = np.asarray(columns, dtype=np.float64)
    if values.ndim != 2:
        raise ValueError(f"columns: expected shape (m, n) (got {values.shape})")
    check_resamples(resamples)
    if values.shape[1] < 2:
        return None
    order = np.lexsort(values[::-1])  # np.lexsort sorts by its last key first
    means = bootstrap_means(values[:, order], resamples, seed)
    return tuple(_percentile_interval(row) for row in means)


def _percentile_interval(means: FloatArray) -> Interval:
    low, high = np.percentile(means, PERCENTILES)
    return float(low), float(high)


def check_resamples(resamples: int) -> None:
    if isinstance(resamples, bool) or not isinstance(resamples, int | np.integer) or resamples < 1:
        raise ValueError(f"resamples must be a whole number of at least 1 (got {resamples!r})")
