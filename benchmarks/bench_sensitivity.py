"""Benchmark of the tornado and switching values (issue 11, bounded work).

Prints, for synthetic cases of N outcomes × 50 years with every parameter ranged:
(a) the per-parameter path (the baseline, written below as the engine had it before: every
tornado end and every switching-value search evaluates the whole case, all outcomes and
years) at sizes it can still do, measured in this run; (b) the batched engine at the same
sizes, the speed-up, and the largest difference between the two results; (c) the batched
engine at 2,000 outcomes × 50 years, on the synthetic case and on a balanced variant (NPV near
0, so that drop-off and duration of many outcomes have a switching value to search for).
Target on a 2-core machine: (c) ≤ 10 s.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import brentq

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import synthetic_case

from rendement.engine import Structure, compute, prepare
from rendement.engine.flows import horizon
from rendement.engine.parameters import in_domain
from rendement.engine.results import npv_only
from rendement.engine.sensitivity import Sensitivity, sensitivity
from rendement.engine.simulate import simulation_horizon
from rendement.model import parse_case

YEARS = 50
BASELINE_SIZES = (25, 50)
TARGET = 2_000


def _npv_at(structure: Structure, col: int, values: np.ndarray, years: int) -> np.ndarray:
    X = np.repeat(structure.base_row(), values.size, axis=0)
    X[:, col] = values
    return npv_only(structure, X, max(years, horizon(structure, X)))


def _search_range(structure: Structure, k: int) -> tuple[float, float]:
    p = structure.parameters[k]
    if p.path == "discount_rate":
        return (-0.99, 10.0)
    if p.path.endswith(".duration"):
        return (1.0, 200.0)
    low, high = p.domain
    return (low if low is not None else -1e12, high if high is not None else 1e12)


def per_parameter(structure: Structure) -> tuple[dict[str, tuple[float, float]], list[Any]]:
    """The baseline: tornado ends and switching values, one whole-case evaluation at a time."""
    tornado = {}
    for p in structure.ranged:
        X = np.repeat(structure.base_row(), 2, axis=0)
        X[:, structure.index[p.path]] = p.number.span
        npv = compute(structure, X).npv
        tornado[p.path] = (float(npv[0]), float(npv[1]))
    years = simulation_horizon(structure)
    switching = []
    for k, p in enumerate(structure.parameters):
        base = p.number.value
        if p.path.rsplit(".", 1)[-1] not in ("drop_off", "duration", "discount_rate"):
            low, high = p.domain
            step = 0.5 if high is not None and low is not None else max(abs(base), 1.0)
            other = base + step if high is None or base + step <= high else base - step
            at = _npv_at(structure, k, np.array([base, other]), years)
            slope = (at[1] - at[0]) / (other - base)
            root = base - at[0] / slope if slope != 0 else None
            switching.append(root if root is not None and in_domain(p, root) else None)
            continue
        low, high = _search_range(structure, k)
        offsets = np.geomspace(1e-6, high - low, 401)
        near = np.concatenate([base - offsets, base + offsets])
        grid = np.unique(
            np.concatenate([np.linspace(low, high, 401), near[(near >= low) & (near <= high)]])
        )
        npv = _npv_at(structure, k, grid, years)
        roots = list(grid[npv == 0])
        for i in np.nonzero(np.sign(npv[:-1]) * np.sign(npv[1:]) < 0)[0]:
            roots.append(
                brentq(
                    lambda x, k=k: float(_npv_at(structure, k, np.array([x]), years)[0]),
                    grid[i],
                    grid[i + 1],
                    xtol=1e-12,
                )
            )
        roots = [r for r in roots if in_domain(p, r)]
        switching.append(min(roots, key=lambda r: abs(r - base)) if roots else None)
    return tornado, switching


def difference(structure: Structure, batched: Sensitivity, baseline: Any) -> float:
    """The largest difference between the two results, relative to the figure's size."""
    tornado, switching = baseline
    worst = 0.0
    for bar in batched.tornado:
        low, high = tornado[bar.parameter]
        worst = max(worst, abs(bar.npv_low - low) / (1 + abs(low)))
        worst = max(worst, abs(bar.npv_high - high) / (1 + abs(high)))
    for s, old in zip(batched.switching_values, switching, strict=True):
        if (s.value is None) != (old is None):
            return float("inf")
        if old is not None and s.value is not None:
            worst = max(worst, abs(s.value - old) / (1 + abs(old)))
    return worst


def balanced(outcomes: int) -> Structure:
    """The synthetic case with investments scaled so that NPV is 0.002 % of the investment."""
    structure = prepare(synthetic_case(outcomes, YEARS))
    res = compute(structure, structure.base_row())
    scale = float(res.pv_benefits[0] / res.pv_investment[0]) / 1.00002
    document = structure.case.model_dump(mode="json", exclude_none=True)
    for investment in document["investments"]:
        amount = investment["amount"]
        for key in ("value", "low", "high"):
            amount[key] *= scale
    return prepare(parse_case(document))


def timed(fn: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main() -> None:
    for n in BASELINE_SIZES:
        structure = prepare(synthetic_case(n, YEARS))
        old_time, old = timed(lambda s=structure: per_parameter(s))
        new_time, new = timed(lambda s=structure: sensitivity(s))
        print(
            f"{n:5} outcomes × {YEARS} years, {len(structure.parameters):6,} parameters: "
            f"(a) per parameter {old_time:7.2f} s   (b) batched {new_time:6.3f} s   "
            f"speed-up {old_time / new_time:6.0f}×   largest difference "
            f"{difference(structure, new, old):.1e}"
        )
    for name, structure in (
        ("synthetic", prepare(synthetic_case(TARGET, YEARS))),
        ("balanced", balanced(TARGET)),
    ):
        new_time, new = timed(lambda s=structure: sensitivity(s))
        found = sum(s.value is not None for s in new.switching_values)
        print(
            f"(c) {TARGET:,} outcomes × {YEARS} years, {name}: batched {new_time:6.2f} s "
            f"({len(new.tornado):,} tornado bars, {found:,} of "
            f"{len(new.switching_values):,} switching values found; target ≤ 10 s)"
        )


if __name__ == "__main__":
    main()
