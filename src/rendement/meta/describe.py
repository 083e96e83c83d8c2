"""Descriptive statistics of a set of ratios (method.md §10, first paragraph)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rendement.meta._arrays import FloatArray, as_vector


@dataclass(frozen=True)
class Description:
    """What the ratios of a set of cases look like; every figure is None when ``n`` is 0.

    ``pooled_ratio`` is ``Σ B / Σ C`` over the ``n_pooled`` cases whose present values of
    benefits and costs are both known; None when there are none (or when their costs sum to
    zero or less, where the ratio is undefined).
    """

    n: int
    mean: float | None
    median: float | None
    minimum: float | None
    maximum: float | None
    share_above_1: float | None
    geometric_mean: float | None
    pooled_ratio: float | None
    n_pooled: int


def geometric_mean(ratios: npt.ArrayLike) -> float | None:
    """``exp(mean(ln r))`` of positive ratios; None for an empty set.

    Parameters
    ----------
    ratios : array_like
        Positive, finite ratios.

    Returns
    -------
    float or None
        The geometric mean, never above the arithmetic mean (AM–GM inequality).
    """
    r = _positive(ratios)
    if r.size == 0:
        return None
    return float(np.exp(np.mean(np.log(r))))


def pooled_ratio(benefits: npt.ArrayLike, costs: npt.ArrayLike) -> tuple[float | None, int]:
    """``Σ B / Σ C`` over the cases where both are known (finite), and how many those are.

    Parameters
    ----------
    benefits, costs : array_like
        Present values per case, aligned; NaN marks an unknown value.

    Returns
    -------
    ratio : float or None
        None when no case has both, or when the costs sum to zero or less.
    n_pooled : int
        The number of cases that entered the sums.

    Notes
    -----
    The pooled ratio weights each case by its size (its costs); the mean of the ratios weights
    each case equally. They answer different questions: "what did the money spent in all these
    cases return" versus "what does a typical case return".
    """
    b = as_vector(benefits, "benefits")
    c = as_vector(costs, "costs")
    if b.shape != c.shape:
        raise ValueError(f"benefits and costs differ in length ({b.size} and {c.size})")
    known = np.isfinite(b) & np.isfinite(c)
    n_pooled = int(np.count_nonzero(known))
    total_costs = float(np.sum(c[known]))
    if n_pooled == 0 or total_costs <= 0.0:
        return None, n_pooled
    return float(np.sum(b[known])) / total_costs, n_pooled


def describe(
    ratios: npt.ArrayLike,
    benefits: npt.ArrayLike | None = None,
    costs: npt.ArrayLike | None = None,
) -> Description:
    """n, mean, median, min, max, share above 1, geometric mean and pooled ratio (method.md §10).

    Parameters
    ----------
    ratios : array_like
        The ratios ``r_i > 0`` of the selected cases (a ValueError otherwise: the caller selects,
        this function does not silently drop cases).
    benefits, costs : array_like, optional
        Present values of benefits and costs aligned with ``ratios``; NaN where unknown. Only
        cases with both enter the pooled ratio.

    Returns
    -------
    Description

    Examples
    --------
    >>> d = describe([0.5, 1.5, 2.5], [50.0, 150.0, float("nan")], [100.0, 100.0, 50.0])
    >>> d.mean, d.median, d.share_above_1, d.pooled_ratio, d.n_pooled
    (1.5, 1.5, 0.6666666666666666, 1.0, 2)
    """
    r = _positive(ratios)
    if benefits is None or costs is None:
        pooled, n_pooled = None, 0
    else:
        b = as_vector(benefits, "benefits")
        c = as_vector(costs, "costs")
        if b.shape != r.shape or c.shape != r.shape:
            raise ValueError("benefits and costs must be aligned with the ratios")
        pooled, n_pooled = pooled_ratio(b, c)
    if r.size == 0:
        return Description(0, None, None, None, None, None, None, pooled, n_pooled)
    return Description(
        n=int(r.size),
        mean=float(np.mean(r)),
        median=float(np.median(r)),
        minimum=float(np.min(r)),
        maximum=float(np.max(r)),
        share_above_1=float(np.count_nonzero(r > 1.0)) / r.size,
        geometric_mean=geometric_mean(r),
        pooled_ratio=pooled,
        n_pooled=n_pooled,
    )


def _positive(ratios: npt.ArrayLike) -> FloatArray:
    r = as_vector(ratios, "ratios")
    if not np.all(np.isfinite(r) & (r > 0.0)):
        raise ValueError("ratios must be finite and greater than 0 (method.md §10)")
    return r
