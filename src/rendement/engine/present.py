"""Present values without the year axis: the lean path for many draws.

With ``b = 1/(1 + r)`` and ``g = (1 − δ) · b``, an outcome starting in year ``s`` with duration
``L`` inside horizon ``T`` has (method.md §3–§5)

    PV = I · b^s · S(g, L')        L' = min(L, T − s)
    S(g, L') = Σ_{k < ⌊L'⌋} g^k + (L' − ⌊L'⌋) · g^⌊L'⌋

times a further ``b`` under the ``svi`` convention (outcomes at the end of their year). This is
the sum over years of ``flows.outcome_flows × discount factors``, without building the
``(n, O, T)`` array; a test checks the two agree.
"""

from __future__ import annotations

import numpy as np

from rendement.engine.flows import outcome_impacts
from rendement.engine.parameters import FloatArray, Structure


def outcome_present_values(structure: Structure, X: FloatArray, years: int) -> FloatArray:
    """PV of every outcome for every draw, shape (n, O)."""
    n = X.shape[0]
    if not structure.outcomes:
        return np.zeros((n, 0))
    b = 1.0 / (1.0 + X[:, structure.discount_rate])
    starts = np.array([o.start for o in structure.outcomes], dtype=np.intp)
    # b^s for the few distinct starts, then spread over the outcomes
    b_start = (b[:, None] ** np.arange(starts.max() + 1, dtype=np.float64))[:, starts]
    duration = X[:, [o.duration for o in structure.outcomes]]
    drop_off = np.clip(X[:, [o.drop_off for o in structure.outcomes]], 0.0, 1.0)
    effective = np.clip(np.minimum(duration, years - starts.astype(np.float64)), 0.0, None)
    whole = np.floor(effective)
    g = (1.0 - drop_off) * b[:, None]
    g_whole = g**whole
    near_one = np.abs(1.0 - g) < 1e-12
    with np.errstate(divide="ignore", invalid="ignore"):
        # Σ_{k < m} g^k = (1 − g^m) / (1 − g), or m when g = 1
        series = np.where(near_one, whole, (1.0 - g_whole) / (1.0 - g))
    # method.md §3: a fractional duration covers its last year pro rata
    series += (effective - whole) * g_whole
    factor = b_start * series
    if structure.discounting == "svi":
        factor *= b[:, None]
    pv: FloatArray = outcome_impacts(structure, X) * factor
    return pv


def investment_present_values(structure: Structure, X: FloatArray, years: int) -> FloatArray:
    """PV of every investment for every draw, shape (n, J)."""
    n = X.shape[0]
    b = 1.0 / (1.0 + X[:, structure.discount_rate])
    powers = b[:, None] ** np.arange(years, dtype=np.float64)  # (n, T): b^t, once
    pv = np.zeros((n, len(structure.investments)))
    for j, inv in enumerate(structure.investments):
        total = np.zeros(n)
        for k, (col, rate) in enumerate(inv.cells):
            t = inv.start + k
            if t >= years:
                break
            amount = X[:, col] if rate < 0 else X[:, col] * X[:, rate]
            total += np.maximum(amount, 0.0) * powers[:, t]
        pv[:, j] = total
    return pv
