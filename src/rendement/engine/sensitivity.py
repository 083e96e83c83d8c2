"""Tornado and switching values (method.md §7).

Tornado: every ranged parameter at its low and its high end, the others at their values,
sorted by the swing of NPV. Switching value: the value of one parameter at which NPV = 0.
All of it is one-parameter-at-a-time work, evaluated in batches (``vary.py``): one call for
every tornado end, one for every linear parameter, a few dozen for all monotone ones.

NPV is linear in quantities, proxies, amounts, hours, rates, deadweight, attribution and
displacement (each alone), so there the root is exact from two evaluations. In one outcome's
drop-off or duration NPV is not linear but monotone (every year's weight
coverage × (1 − δ)^(t − s) × DF[t] is ≥ 0, falls with δ and grows with L), so it has at most one
sign change in the domain: it is bracketed from the base to an end of the domain and found by
bisection, all such parameters at once. In the discount rate NPV may change sign several
times: the domain is scanned for sign changes and each root refined with Brent's method.
Among several roots, the one nearest the base value is reported.

A proxy cited from the catalogue or given in another price year is a parameter in its own
price year; its switching value (and base) are stated in the case's price year (method.md §1),
as every other amount the tool prints.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from rendement.engine.parameters import FloatArray, Parameter, Structure, in_domain
from rendement.engine.scenarios import ends
from rendement.engine.vary import OneAtATime

MONOTONE = ("drop_off", "duration")
# search ranges for parameters whose domain is unbounded above
_DURATION_MAX = 200.0
_RATE_RANGE = (-0.99, 10.0)
_SCAN_POINTS = 401
_BISECTIONS = 200  # at most; each halves every bracket, most stop after ~50


@dataclass(frozen=True)
class TornadoBar:
    parameter: str
    low: float
    high: float
    npv_low: float
    npv_high: float
    ratio_low: float | None
    ratio_high: float | None

    @property
    def swing(self) -> float:
        return abs(self.npv_high - self.npv_low)


@dataclass(frozen=True)
class SwitchingValue:
    """``base`` and ``value`` are in the case's price year, a re-priced proxy's too."""

    parameter: str
    base: float
    value: float | None  # None: NPV does not reach 0 within the admissible domain


@dataclass(frozen=True)
class Sensitivity:
    base_npv: float
    tornado: tuple[TornadoBar, ...]
    switching_values: tuple[SwitchingValue, ...]


def _ratio(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


def tornado(structure: Structure, varied: OneAtATime | None = None) -> tuple[TornadoBar, ...]:
    columns, lows, highs = ends(structure)
    if columns.size == 0:
        return ()
    res = (varied or OneAtATime(structure)).evaluate(
        np.concatenate([columns, columns]), np.concatenate([lows, highs])
    )
    npv, ratio = res.npv, res.sroi_ratio
    r = columns.size
    bars = [
        TornadoBar(
            parameter=p.path,
            low=float(lows[k]),
            high=float(highs[k]),
            npv_low=float(npv[k]),
            npv_high=float(npv[r + k]),
            ratio_low=_ratio(float(ratio[k])),
            ratio_high=_ratio(float(ratio[r + k])),
        )
        for k, p in enumerate(structure.ranged)
    ]
    # stable sort: equal swings keep the order of the case file
    return tuple(sorted(bars, key=lambda b: -b.swing))


def _search_range(p: Parameter) -> tuple[float, float]:
    low, high = p.domain
    if p.path == "discount_rate":
        return _RATE_RANGE
    if p.path.endswith(".duration"):
        return (1.0, _DURATION_MAX)
    return (float(low if low is not None else -1e12), float(high if high is not None else 1e12))


def _kind(p: Parameter) -> str:
    if p.path == "discount_rate":
        return "rate"
    return "monotone" if p.path.rsplit(".", 1)[-1] in MONOTONE else "linear"


def _linear_roots(
    structure: Structure, varied: OneAtATime, params: list[int]
) -> dict[int, float | None]:
    """Two points per parameter, all inside the domain (outside it a share is clipped and NPV
    bends): the base and one step away; the root of the line through them."""
    base = np.array([structure.parameters[k].number.value for k in params])
    other = np.empty_like(base)
    for m, k in enumerate(params):
        low, high = structure.parameters[k].domain
        step = 0.5 if high is not None and low is not None else max(abs(base[m]), 1.0)
        other[m] = base[m] + step if high is None or base[m] + step <= high else base[m] - step
    at_base = varied.npv
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (varied.evaluate(np.array(params), other).npv - at_base) / (other - base)
        root = base - at_base / slope
    result: dict[int, float | None] = {}
    for m, k in enumerate(params):
        ok = slope[m] != 0 and np.isfinite(slope[m]) and np.isfinite(root[m])
        result[k] = float(root[m]) if ok and in_domain(structure.parameters[k], root[m]) else None
    return result


def _monotone_roots(
    structure: Structure, varied: OneAtATime, params: list[int]
) -> dict[int, float | None]:
    """The one sign change of NPV between the base and either end of the search range, by
    bisection of every bracket at once; the last step is a secant through the bracket's ends,
    exact where NPV is linear (a duration between whole years)."""
    at_base = varied.npv
    result: dict[int, float | None] = {}
    if at_base == 0:
        return {k: structure.parameters[k].number.value for k in params}
    columns, near, far = [], [], []
    for k in params:
        p = structure.parameters[k]
        for end in _search_range(p):
            if end != p.number.value:
                columns.append(k)
                near.append(p.number.value)
                far.append(end)
    cols = np.array(columns, dtype=np.intp)
    a, b = np.array(near), np.array(far)
    fb = varied.evaluate(cols, b).npv if cols.size else np.empty(0)
    # a bracket: the end has the other sign, or is itself a root
    keep = np.sign(fb) != np.sign(at_base)
    cols, a, b, fb = cols[keep], a[keep], b[keep], fb[keep]
    fa = np.full(a.size, at_base)
    for _ in range(_BISECTIONS):
        wide = np.abs(b - a) > 1e-13 * np.maximum(1.0, np.abs(a))
        if not wide.any():
            break
        mid = 0.5 * (a + b)
        fm = varied.evaluate(cols, mid).npv
        # a midpoint that is a root moves the far end: the root nearest the base is kept
        same = (np.sign(fm) == np.sign(fa)) & wide
        other = ~same & wide
        a, fa = np.where(same, mid, a), np.where(same, fm, fa)
        b, fb = np.where(other, mid, b), np.where(other, fm, fb)
    with np.errstate(divide="ignore", invalid="ignore"):
        secant = np.where(fb != fa, a - fa * (b - a) / (fb - fa), 0.5 * (a + b))
    roots = np.where(fb == 0, b, np.clip(secant, np.minimum(a, b), np.maximum(a, b)))
    for k in params:
        p = structure.parameters[k]
        found = [float(x) for x in roots[cols == k] if in_domain(p, float(x))]
        result[k] = min(found, key=lambda x: abs(x - p.number.value)) if found else None
    return result


def _rate_root(structure: Structure, varied: OneAtATime, p: Parameter) -> float | None:
    col = structure.index[p.path]
    base = p.number.value

    def npv_at(values: FloatArray) -> FloatArray:
        return varied.evaluate(np.full(values.size, col), values).npv

    low, high = _search_range(p)
    # an even grid over the domain plus a geometric one around the base, dense near it:
    # two roots close to the base are not stepped over
    offsets = np.geomspace(1e-6, max(high - low, 1e-6), _SCAN_POINTS)
    near = np.concatenate([base - offsets, base + offsets])
    grid = np.unique(
        np.concatenate(
            [np.linspace(low, high, _SCAN_POINTS), near[(near >= low) & (near <= high)], [base]]
        )
    )
    npv = npv_at(grid)
    exact = grid[npv == 0]
    roots = list(exact)
    sign = np.sign(npv)
    for i in np.nonzero(sign[:-1] * sign[1:] < 0)[0]:
        roots.append(
            brentq(
                lambda x: float(npv_at(np.array([x]))[0]),
                grid[i],
                grid[i + 1],
                xtol=1e-12,
                rtol=1e-12,
            )
        )
    admissible = [r for r in roots if in_domain(p, float(r))]
    if not admissible:
        return None
    return float(min(admissible, key=lambda r: abs(r - base)))


def switching_values(
    structure: Structure, varied: OneAtATime | None = None
) -> tuple[SwitchingValue, ...]:
    """A switching value for every parameter, in the order of the parameter table."""
    varied = varied or OneAtATime(structure)
    kinds = [_kind(p) for p in structure.parameters]
    values: dict[int, float | None] = {}
    values.update(
        _linear_roots(structure, varied, [k for k, x in enumerate(kinds) if x == "linear"])
    )
    values.update(
        _monotone_roots(structure, varied, [k for k, x in enumerate(kinds) if x == "monotone"])
    )
    for k, kind in enumerate(kinds):
        if kind == "rate":
            values[k] = _rate_root(structure, varied, structure.parameters[k])
    # method.md §1: a proxy's parameter is in its own price year (a catalogue entry's, or the
    # one the case gives it); its base and switching value are stated in the case's
    factor = np.ones(len(structure.parameters))
    for o in structure.outcomes:
        factor[o.proxy] = o.price_factor
    result = []
    for k, p in enumerate(structure.parameters):
        f, value = float(factor[k]), values[k]
        result.append(
            SwitchingValue(p.path, p.number.value * f, None if value is None else value * f)
        )
    return tuple(result)


def switching_value(structure: Structure, p: Parameter) -> float | None:
    """The switching value of one parameter (all of them at once: ``switching_values``)."""
    return switching_values(structure)[structure.index[p.path]].value


def sensitivity(structure: Structure) -> Sensitivity:
    """The tornado over ranged parameters and a switching value for every parameter."""
    varied = OneAtATime(structure)
    return Sensitivity(
        base_npv=varied.npv,
        tornado=tornado(structure, varied),
        switching_values=switching_values(structure, varied),
    )
