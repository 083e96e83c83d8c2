"""Yearly flows of outcomes and investments for every draw (method.md §2, §3).

Shapes: ``X`` is ``(n, P)``; outcome values are ``(n, O, T)``; investments ``(n, J, T)``.
Nothing loops over draws.
"""

from __future__ import annotations

import math

import numpy as np

from rendement.engine.parameters import FloatArray, Structure


def _cols(structure: Structure, name: str) -> list[int]:
    return [getattr(o, name) for o in structure.outcomes]


def attributable(
    quantity: FloatArray, deadweight: FloatArray, attribution: FloatArray, displacement: FloatArray
) -> FloatArray:
    """q · (1 − d) · (1 − a) · (1 − x) on arrays of any one shape."""
    keep = np.ones_like(quantity)
    for share in (deadweight, attribution, displacement):
        # method.md §7: shares are clipped to [0, 1] (a drawn value may stray outside)
        keep = keep * (1.0 - np.clip(share, 0.0, 1.0))
    result: FloatArray = quantity * keep
    return result


def attributable_quantity(structure: Structure, X: FloatArray) -> FloatArray:
    """q · (1 − d) · (1 − a) · (1 − x): the units per year owed to the intervention; (n, O)."""
    return attributable(
        X[:, _cols(structure, "quantity")],
        X[:, _cols(structure, "deadweight")],
        X[:, _cols(structure, "attribution")],
        X[:, _cols(structure, "displacement")],
    )


def price_factors(structure: Structure) -> FloatArray:
    """Each outcome's re-pricing factor to the case's price year (method.md §1); (O,)."""
    return np.array([o.price_factor for o in structure.outcomes], dtype=np.float64)


def outcome_impacts(structure: Structure, X: FloatArray) -> FloatArray:
    """method.md §3: I = q · v · (1 − d) · (1 − a) · (1 − x), proxies re-priced; shape (n, O)."""
    v = X[:, _cols(structure, "proxy")] * price_factors(structure)
    result: FloatArray = attributable_quantity(structure, X) * v
    return result


def horizon(structure: Structure, X: FloatArray) -> int:
    """method.md §1: the case's horizon, else the last year in which any flow of any row of
    ``X`` is non-zero, plus one (at least 1)."""
    if structure.horizon is not None:
        return structure.horizon
    longest = 1
    if structure.outcomes:
        # method.md §3: a fractional duration's last year is covered in part, and counts
        durations = X[:, _cols(structure, "duration")].max(axis=0)
        longest = max(
            o.start + math.ceil(float(d))
            for o, d in zip(structure.outcomes, durations, strict=True)
        )
    for inv in structure.investments:
        longest = max(longest, inv.start + len(inv.cells))
    active = np.zeros(longest, dtype=bool)
    if structure.outcomes:
        active |= (outcome_flows(structure, X, longest) != 0).any(axis=(0, 1))
    if structure.investments:
        active |= (investment_flows(structure, X, longest) != 0).any(axis=(0, 1))
    years = np.nonzero(active)[0]
    return int(years[-1]) + 1 if years.size else 1


def profile(
    start: FloatArray, duration: FloatArray, drop_off: FloatArray, years: int
) -> FloatArray:
    """The share of year-1 impact each year carries, coverage × (1 − δ)^(t − s): shape
    ``duration.shape + (T,)``; ``start`` broadcasts against ``duration``."""
    since = np.arange(years, dtype=np.float64) - start[..., None]
    # method.md §3: a fractional duration covers its last year in part,
    # coverage = clip(s + L − t, 0, 1) (L = 2.5 gives 1, 1, 0.5)
    coverage = np.clip(duration[..., None] - since, 0.0, 1.0) * (since >= 0)
    # method.md §3: drop-off first bites in the outcome's second year, and compounds
    decay = (1.0 - np.clip(drop_off, 0.0, 1.0))[..., None] ** np.maximum(since, 0.0)
    result: FloatArray = coverage * decay
    return result


def outcome_profile(structure: Structure, X: FloatArray, years: int) -> FloatArray:
    """The share of year-1 impact each year carries: coverage × (1 − δ)^(t − s); (n, O, T)."""
    start = np.array([o.start for o in structure.outcomes], dtype=np.float64)
    return profile(
        start, X[:, _cols(structure, "duration")], X[:, _cols(structure, "drop_off")], years
    )


def outcome_flows(structure: Structure, X: FloatArray, years: int) -> FloatArray:
    """V[t] = I · (1 − δ)^(t − s) for s ≤ t < s + L, else 0; shape (n, O, T)."""
    n = X.shape[0]
    if not structure.outcomes:
        return np.zeros((n, 0, years))
    flows: FloatArray = outcome_impacts(structure, X)[:, :, None] * outcome_profile(
        structure, X, years
    )
    return flows


def investment_flows(structure: Structure, X: FloatArray, years: int) -> FloatArray:
    """a_j[t] from amount × years, hours × rate × years, or a schedule; shape (n, J, T)."""
    n = X.shape[0]
    flows = np.zeros((n, len(structure.investments), years))
    for j, inv in enumerate(structure.investments):
        for k, (col, rate) in enumerate(inv.cells):
            t = inv.start + k
            if t >= years:
                break
            amount = X[:, col] if rate < 0 else X[:, col] * X[:, rate]
            flows[:, j, t] = np.maximum(amount, 0.0)
    return flows
