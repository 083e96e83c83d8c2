"""Tornado and switching values (method.md §7).

Tornado: every ranged parameter at its low and its high end, the others at their values,
sorted by the swing of NPV. Switching value: the value of one parameter at which NPV = 0.
NPV is linear in quantities, proxies, amounts, hours, rates, deadweight, attribution and
displacement (each alone), so there the root is exact from two evaluations; in drop-off,
duration and the discount rate it is not, so the admissible domain is scanned for a sign
change and the root refined with Brent's method. Among several roots, the one nearest the
base value is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from rendement.engine.flows import horizon
from rendement.engine.parameters import FloatArray, Parameter, Structure, in_domain
from rendement.engine.results import compute, npv_only
from rendement.engine.scenarios import ends
from rendement.engine.simulate import simulation_horizon

NONLINEAR = ("drop_off", "duration", "discount_rate")
# search ranges for parameters whose domain is unbounded above
_DURATION_MAX = 200.0
_RATE_RANGE = (-0.99, 10.0)
_SCAN_POINTS = 401


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


def tornado(structure: Structure) -> tuple[TornadoBar, ...]:
    lows, highs = ends(structure)
    if lows.shape[0] == 0:
        return ()
    res = compute(structure, np.concatenate([lows, highs]))
    r = lows.shape[0]
    bars = []
    for k, p in enumerate(structure.ranged):
        col = structure.index[p.path]
        bars.append(
            TornadoBar(
                parameter=p.path,
                low=float(lows[k, col]),
                high=float(highs[k, col]),
                npv_low=float(res.npv[k]),
                npv_high=float(res.npv[r + k]),
                ratio_low=_ratio(float(res.sroi_ratio[k])),
                ratio_high=_ratio(float(res.sroi_ratio[r + k])),
            )
        )
    # stable sort: equal swings keep the order of the case file
    return tuple(sorted(bars, key=lambda b: -b.swing))


def _search_range(p: Parameter) -> tuple[float, float]:
    low, high = p.domain
    if p.path == "discount_rate":
        return _RATE_RANGE
    if p.path.endswith(".duration"):
        return (1.0, _DURATION_MAX)
    return (float(low if low is not None else -1e12), float(high if high is not None else 1e12))


def _npv_at(structure: Structure, col: int, values: FloatArray, years: int) -> FloatArray:
    X = np.repeat(structure.base_row(), values.size, axis=0)
    X[:, col] = values
    # a longer duration may lengthen a derived horizon: never cut a flow short
    return npv_only(structure, X, max(years, horizon(structure, X)))


def switching_value(structure: Structure, p: Parameter, years: int) -> float | None:
    col = structure.index[p.path]
    base = p.number.value
    nonlinear = p.path == "discount_rate" or p.path.rsplit(".", 1)[-1] in NONLINEAR
    if not nonlinear:
        # two points inside the domain: outside it a share is clipped and NPV bends
        low, high = p.domain
        step = 0.5 if high is not None and low is not None else max(abs(base), 1.0)
        other = base + step if high is None or base + step <= high else base - step
        at = _npv_at(structure, col, np.array([base, other]), years)
        slope = (at[1] - at[0]) / (other - base)
        if slope == 0 or not np.isfinite(slope):
            return None
        root = base - at[0] / slope
        return float(root) if in_domain(p, root) else None
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
    npv = _npv_at(structure, col, grid, years)
    exact = grid[npv == 0]
    roots = list(exact)
    sign = np.sign(npv)
    for i in np.nonzero(sign[:-1] * sign[1:] < 0)[0]:
        roots.append(
            brentq(
                lambda x: float(_npv_at(structure, col, np.array([x]), years)[0]),
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


def sensitivity(structure: Structure) -> Sensitivity:
    """The tornado over ranged parameters and a switching value for every parameter."""
    years = simulation_horizon(structure)
    base_npv = float(npv_only(structure, structure.base_row(), years)[0])
    switching = tuple(
        SwitchingValue(p.path, p.number.value, switching_value(structure, p, years))
        for p in structure.parameters
    )
    return Sensitivity(base_npv=base_npv, tornado=tornado(structure), switching_values=switching)
