"""Discount factors per year (method.md §4)."""

from __future__ import annotations

import numpy as np

from rendement.engine.parameters import FloatArray


def discount_factors(
    rate: FloatArray, years: int, convention: str
) -> tuple[FloatArray, FloatArray]:
    """Factors for outcomes and for investments, each of shape (n, T).

    ``mkba``: both get (1 + r)^−t, year 0 undiscounted. ``svi``: outcomes arrive at the end of
    their year, (1 + r)^−(t+1); investments at its start, (1 + r)^−t.
    """
    t = np.arange(years, dtype=np.float64)[None, :]
    base = 1.0 + rate.reshape(-1, 1)
    invest: FloatArray = base ** (-t)
    if convention == "svi":
        out: FloatArray = base ** (-(t + 1.0))
    else:
        out = invest
    return out, invest
