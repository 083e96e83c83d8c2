"""Benchmark of the simulation engine (issue: uncertainty and decisions).

Prints, for a synthetic case of 50 outcomes × 10 years with every parameter ranged:
(a) the point evaluation time; (b) the time for 100,000 draws; (c) the floor — the time numpy
alone needs to draw the same random inputs, measured here in the same run — and (b)/(c);
(d) the same simulation the naive way (one Python-level evaluation per draw, written below as
the baseline) on a subset, scaled, and the speed-up; (e) peak memory for 1,000,000 draws.
Targets on a 2-core machine: (b) ≤ 1 s, (b)/(c) ≤ 2, speed-up ≥ 100, (e) ≤ 1 GB.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import synthetic_case

from rendement.engine import compute, prepare
from rendement.engine.distributions import pert_shape
from rendement.engine.simulate import CHUNK, simulate

DRAWS = 100_000
NAIVE_DRAWS = 300


def best_of(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def numpy_floor(structure, draws: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """numpy drawing the same inputs: (uniforms our sampler consumes, numpy's own samplers)."""
    numbers = [p.number for p in structure.ranged]

    def uniforms() -> None:
        rng = np.random.default_rng(0)
        for first in range(0, draws, CHUNK):
            rng.random((min(CHUNK, draws - first), len(numbers)))

    def native() -> None:
        rng = np.random.default_rng(0)
        for first in range(0, draws, CHUNK):
            m = min(CHUNK, draws - first)
            for n in numbers:
                if n.effective_dist == "pert":
                    a, b = pert_shape(n.low, n.value, n.high)
                    n.low + (n.high - n.low) * rng.beta(a, b, m)
                elif n.effective_dist == "triangular":
                    rng.triangular(n.low, n.value, n.high, m)
                else:
                    rng.uniform(n.low, n.high, m)

    return best_of(uniforms, 3), best_of(native, 3)


def naive_simulation(structure, draws: int) -> list[float]:  # type: ignore[no-untyped-def]
    """The baseline: per draw, sample each parameter and walk outcomes and years in Python."""
    rng = np.random.default_rng(0)
    base = structure.base_row()[0].tolist()
    ranged = [(structure.index[p.path], p.number) for p in structure.ranged]
    T = structure.horizon
    results = []
    for _ in range(draws):
        x = list(base)
        for col, n in ranged:
            if n.effective_dist == "pert":
                a, b = pert_shape(n.low, n.value, n.high)
                x[col] = n.low + (n.high - n.low) * rng.beta(a, b)
            elif n.effective_dist == "triangular":
                x[col] = rng.triangular(n.low, n.value, n.high)
            else:
                x[col] = rng.uniform(n.low, n.high)
        r = x[structure.discount_rate]
        npv = 0.0
        for o in structure.outcomes:
            impact = x[o.quantity] * x[o.proxy] * o.price_factor
            for share in (o.deadweight, o.attribution, o.displacement):
                impact *= 1.0 - min(max(x[share], 0.0), 1.0)
            for t in range(T):
                since = t - o.start
                if since < 0:
                    continue
                coverage = min(max(x[o.duration] - since, 0.0), 1.0)
                flow = impact * coverage * (1.0 - x[o.drop_off]) ** since
                npv += flow / (1.0 + r) ** t
        for inv in structure.investments:
            for k, (col, rate) in enumerate(inv.cells):
                t = inv.start + k
                if t < T:
                    amount = x[col] if rate < 0 else x[col] * x[rate]
                    npv -= max(amount, 0.0) / (1.0 + r) ** t
        results.append(npv)
    return results


def peak_memory(draws: int) -> dict[str, float]:
    """Run the simulation in a fresh process; report its peak resident memory."""
    code = f"""
import json, resource, sys, tracemalloc
sys.path.insert(0, {str(Path(__file__).parent)!r})
from synthetic import synthetic_case
from rendement.engine import prepare
from rendement.engine.simulate import simulate
structure = prepare(synthetic_case())
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
simulate(structure, {draws}, 0)
traced = tracemalloc.get_traced_memory()[1]
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"peak_rss_mb": after / 1024, "before_mb": before / 1024,
                   "traced_peak_mb": traced / 2**20}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def constant_memory(draws: int) -> float:
    """Peak resident memory (MB) of a fresh process simulating the example
    buurtcoaches-ouderen case ``draws`` times."""
    root = Path(__file__).resolve().parents[1]
    code = f"""
import resource
from rendement.engine import prepare
from rendement.engine.simulate import simulate
from rendement.io.yamlio import load_case
structure = prepare(load_case({str(root / "examples" / "buurtcoaches-ouderen.yaml")!r}).case)
simulate(structure, {draws}, 0)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> None:
    structure = prepare(synthetic_case())
    print(
        f"synthetic case: {len(structure.outcomes)} outcomes × {structure.horizon} years, "
        f"{len(structure.ranged)} ranged parameters"
    )
    point = best_of(lambda: compute(structure, structure.base_row()), 20)
    print(f"(a) point evaluation:              {point * 1e3:8.2f} ms")
    sim = best_of(lambda: simulate(structure, DRAWS, 0), 5)
    print(f"(b) {DRAWS:,} draws:                 {sim:8.3f} s")
    uniforms, native = numpy_floor(structure, DRAWS)
    print(
        f"(c) floor, numpy's own samplers:   {native:8.3f} s   ratio (b)/(c) = {sim / native:.2f}"
    )
    print(
        f"    floor, the uniforms we consume: {uniforms:7.3f} s   ratio (b)/(c') = "
        f"{sim / uniforms:.2f}"
    )
    started = time.perf_counter()
    naive = naive_simulation(structure, NAIVE_DRAWS)
    naive_time = (time.perf_counter() - started) * DRAWS / NAIVE_DRAWS
    fast = simulate(structure, DRAWS, 0)
    print(
        f"(d) naive, scaled from {NAIVE_DRAWS} draws: {naive_time:8.1f} s   speed-up = "
        f"{naive_time / sim:.0f}×  (naive mean NPV {statistics.fmean(naive):,.0f}, "
        f"engine {fast.npv.mean:,.0f})"
    )
    memory = peak_memory(1_000_000)
    print(
        f"(e) 1,000,000 draws: peak RSS {memory['peak_rss_mb']:.0f} MB "
        f"(process before the run {memory['before_mb']:.0f} MB), "
        f"traced allocations peak {memory['traced_peak_mb']:.0f} MB"
    )
    small = constant_memory(10**6)
    large = constant_memory(10**7)
    print(
        f"(f) a small case: peak RSS {small:.0f} MB for 10^6 draws, {large:.0f} MB for 10^7 "
        f"(ratio {large / small:.2f}; above 10^6 draws two passes keep memory constant)"
    )


if __name__ == "__main__":
    main()
