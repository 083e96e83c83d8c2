"""Internal rate of return of yearly net flows (method.md §13).

``r*`` solves ``NPV(r*) = 0`` on the undiscounted yearly flows under the case's convention:
under ``mkba`` the net flow of period t is ``B_t − C_t``; under ``svi`` a year's outcomes arrive
at its end and its investments at its start, so period τ holds ``B_{τ−1} − C_τ``.

With ``x = 1/(1 + r)`` the NPV is the polynomial ``P(x) = Σ_τ N_τ x^τ`` on ``x > 0``
(``r > −1``). By Descartes' rule of signs it has exactly one positive root when the
coefficients change sign exactly once; with no change it has none, and with two or more it
may have several (or none), so no single rate answers: the IRR is then null with a reason.

The bracket. Strip the leading zeros (a factor ``x^k``, no positive root) to get
``Q(x) = Σ_j a_j x^j`` with ``a_0 ≠ 0``: ``Q(0) = a_0``, and beyond the largest positive root
``Q`` has the sign of the last coefficient ``a_m``. Cauchy's bound puts every root inside
``|x| < 1 + max_j |a_j / a_m|``, so ``[0, that bound]`` is a bracket with a sign change; in
practice it is found by doubling from 1 (a handful of steps) and never beyond the bound.
To evaluate ``Q`` for large ``x`` without overflow it is divided by ``x^m`` there (same sign,
same root).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from rendement.engine.parameters import FloatArray

NO_FLOWS = "no-flows"
NO_SIGN_CHANGE = "no-sign-change"
SEVERAL_SIGN_CHANGES = "several-sign-changes"


@dataclass(frozen=True)
class Irr:
    """The rate, or null with the reason (one of the codes above)."""

    rate: float | None
    reason: str | None = None


def net_flows(benefits: FloatArray, investment: FloatArray, discounting: str) -> FloatArray:
    """The net flow of every period under the convention (method.md §4); ``(T,)`` or
    ``(T + 1,)`` under ``svi``."""
    if discounting != "svi":
        flows: FloatArray = benefits - investment
        return flows
    out = np.zeros(benefits.size + 1)
    out[1:] += benefits
    out[: investment.size] -= investment
    return out


def sign_changes(flows: FloatArray, tolerance: float = 0.0) -> int:
    """How often the sign changes along the flows, zeros (|N| ≤ tolerance) skipped."""
    signs = np.sign(flows[np.abs(flows) > tolerance])
    return int(np.count_nonzero(signs[1:] != signs[:-1]))


def _scaled(a: FloatArray, x: float) -> float:
    """``Q(x)``, divided by ``x^m`` when ``x > 1``: the same sign and root, no overflow."""
    if x <= 1.0:
        return float(np.polyval(a[::-1], x))
    # Σ a_j x^(j−m) = Σ a_j y^(m−j) with y = 1/x ≤ 1
    return float(np.polyval(a, 1.0 / x))


def irr(flows: FloatArray) -> Irr:
    """The IRR of net flows per period (period 0 undiscounted), or null with a reason."""
    scale = float(np.abs(flows).max()) if flows.size else 0.0
    if scale == 0.0:
        return Irr(None, NO_FLOWS)
    # a flow below a billionth of the largest is rounding, not a sign
    tolerance = scale * 1e-12
    changes = sign_changes(flows, tolerance)
    if changes == 0:
        return Irr(None, NO_SIGN_CHANGE)
    if changes > 1:
        return Irr(None, SEVERAL_SIGN_CHANGES)
    kept = np.where(np.abs(flows) > tolerance, flows, 0.0) / scale
    nonzero = np.nonzero(kept)[0]
    a = kept[nonzero[0] : nonzero[-1] + 1]
    bound = 1.0 + float(np.max(np.abs(a[:-1]) / abs(a[-1])))
    high = 1.0
    while np.sign(_scaled(a, high)) != np.sign(a[-1]) and high < bound:
        high = min(2.0 * high, bound)
    root = brentq(lambda x: _scaled(a, x), 0.0, high, xtol=1e-15, rtol=1e-15, maxiter=500)
    return Irr(float(1.0 / root - 1.0))
