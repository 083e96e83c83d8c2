"""Monte-Carlo simulation and value of information (method.md §7, §8).

The draws are made in chunks of ``CHUNK`` rows from one seeded generator; since each chunk
continues the same stream, the numbers do not depend on the chunk size, and the same seed gives
the same result on every run and machine. Per draw only summaries are kept (NPV, both ratios,
each stakeholder's net value with and without the co-financing proposal), so memory grows with
``draws × (3 + 2 K)`` numbers, never with outcomes × years.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from rendement.engine.cofinance import proposed_contributions
from rendement.engine.distributions import Sampler
from rendement.engine.flows import horizon
from rendement.engine.parameters import FloatArray, Structure
from rendement.engine.present import investment_present_values, outcome_present_values
from rendement.engine.results import membership

CHUNK = 1024
HISTOGRAM_BINS = 40
DEFAULT_DRAWS = 10_000


@dataclass(frozen=True)
class Spread:
    mean: float | None
    sd: float | None
    p5: float | None
    p50: float | None
    p95: float | None
    p2_5: float | None = None  # the central 95% interval, for meta-analysis (method.md §10)
    p97_5: float | None = None


@dataclass(frozen=True)
class StakeholderRisk:
    id: str
    p5: float
    p50: float
    p95: float
    p_net_positive: float
    p_net_positive_cofinanced: float


@dataclass(frozen=True)
class Simulation:
    draws: int
    seed: int
    npv: Spread
    npv_mcse: float
    sroi_ratio: Spread
    bcr: Spread
    p_npv_positive: float
    evpi: float
    evppi: tuple[tuple[str, float], ...]  # (parameter path, EVPPI), largest first
    stakeholders: tuple[StakeholderRisk, ...]
    # the distribution of NPV for charts: bin edges and counts (HISTOGRAM_BINS bins)
    npv_histogram: tuple[tuple[float, ...], tuple[int, ...]] = ((), ())


def _spread(x: FloatArray) -> Spread:
    finite = x[np.isfinite(x)]
    if finite.size == 0:
        return Spread(None, None, None, None, None)
    p2_5, p5, p50, p95, p97_5 = np.percentile(finite, [2.5, 5.0, 50.0, 95.0, 97.5])
    sd = float(finite.std(ddof=1)) if finite.size > 1 else 0.0
    return Spread(
        float(finite.mean()), sd, float(p5), float(p50), float(p95), float(p2_5), float(p97_5)
    )


def _edge(bound: float | None, missing: float, inside: float) -> float:
    """A domain bound for clipping; the open bound of a discount rate (−1) is moved inside."""
    if bound is None:
        return missing
    return bound + inside if bound == -1.0 else bound


def simulation_horizon(structure: Structure) -> int:
    """A horizon long enough for every draw: the case's own, or the flows of the point values
    and of an extreme row — every ranged parameter at the end that keeps a flow alive longest
    (shares at their low end, everything else at the end of larger size)."""
    base = structure.base_row()
    extreme = base.copy()
    for p in structure.ranged:
        low, high = p.number.span
        if p.number.low is None and p.number.sd is not None:
            low, high = p.number.value - 8.0 * p.number.sd, p.number.value + 8.0 * p.number.sd
        is_share = p.domain == (0.0, 1.0)
        pick = low if is_share else (high if abs(high) >= abs(low) else low)
        extreme[0, structure.index[p.path]] = pick
    return horizon(structure, np.concatenate([base, extreme]))


def simulate(
    structure: Structure,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    *,
    chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None,
) -> Simulation:
    """Draw every ranged parameter ``draws`` times and summarise the results.

    ``progress(k)`` is called after each chunk with the number of draws it held.
    """
    if draws < 2:
        raise ValueError("a simulation needs at least 2 draws")
    ranged = structure.ranged
    columns = np.array([structure.index[p.path] for p in ranged], dtype=np.intp)
    sampler = Sampler.for_numbers(tuple(p.number for p in ranged))
    base = structure.base_row()
    years = simulation_horizon(structure)
    ids = structure.stakeholder_ids
    to_value = membership([o.stakeholder for o in structure.outcomes], ids)
    to_investment = membership([j.stakeholder for j in structure.investments], ids)
    K, R = len(ids), len(ranged)
    bins = max(1, math.isqrt(draws))

    npv = np.empty(draws)
    sroi = np.empty(draws)
    bcr = np.empty(draws)
    net = np.empty((draws, K))
    net_cofinanced = np.empty((draws, K))
    bin_sum = np.zeros(R * bins)
    bin_count = np.zeros(R * bins)
    offsets = (np.arange(R) * bins)[None, :]

    # the uniforms' columns follow the sampler's group order; ``by_column[j]`` is the
    # ranged parameter that column j drives
    by_column = [ranged[k] for k in sampler.order]
    normal = [p for p in ranged if p.number.effective_dist == "normal"]
    unbounded = np.array([structure.index[p.path] for p in normal], dtype=np.intp)
    floor = np.array([_edge(p.domain[0], -np.inf, 1e-9) for p in normal])
    ceiling = np.array([_edge(p.domain[1], np.inf, 0.0) for p in normal])
    rng = np.random.default_rng(seed)
    buffer = np.repeat(base, min(chunk, draws), axis=0)
    for first in range(0, draws, chunk):
        m = min(chunk, draws - first)
        rows = slice(first, first + m)
        X = buffer[:m]  # fixed parameters stay as they are; ranged ones are overwritten
        u = rng.random((m, R))
        if R:
            sampler.fill(u, X, columns)
            if unbounded.size:
                # a normal without low/high may stray outside the parameter's domain
                X[:, unbounded] = np.clip(X[:, unbounded], floor, ceiling)
        pv_out = outcome_present_values(structure, X, years)
        pv_in = investment_present_values(structure, X, years)
        value = pv_out @ to_value
        invest = pv_in @ to_investment
        benefits = value.sum(axis=1)
        cost = invest.sum(axis=1)
        npv[rows] = benefits - cost
        positive = np.where(pv_out > 0, pv_out, 0.0).sum(axis=1)
        negative = np.where(pv_out < 0, -pv_out, 0.0).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            sroi[rows] = np.where(cost != 0, benefits / cost, np.nan)
            denominator = cost + negative
            bcr[rows] = np.where(denominator != 0, positive / denominator, np.nan)
        net[rows] = value - invest
        # method.md §8 per draw; where nobody gains, the current split stands
        proposed = proposed_contributions(value, cost)
        net_cofinanced[rows] = value - np.where(np.isnan(proposed), invest, proposed)
        if R:
            u *= bins
            which = u.astype(np.intp)
            np.minimum(which, bins - 1, out=which)
            which += offsets
            flat = which.ravel()
            bin_sum += np.bincount(
                flat, weights=np.broadcast_to(npv[rows, None], (m, R)).ravel(), minlength=R * bins
            )
            bin_count += np.bincount(flat, minlength=R * bins)
        if progress is not None:
            progress(m)

    mean = float(npv.mean())
    baseline = max(mean, 0.0)
    evpi = float(np.maximum(npv, 0.0).mean()) - baseline
    evppi: list[tuple[str, float]] = []
    if R:
        sums = bin_sum.reshape(R, bins)
        counts = bin_count.reshape(R, bins)
        with np.errstate(divide="ignore", invalid="ignore"):
            bin_mean = np.where(counts > 0, sums / counts, 0.0)
        # E_θ[max(E[NPV | θ], 0)], each bin weighted by its share of the draws
        expected = (np.maximum(bin_mean, 0.0) * counts).sum(axis=1) / draws
        values = np.maximum(expected - baseline, 0.0)
        evppi = sorted(
            ((p.path, float(v)) for p, v in zip(by_column, values, strict=True)),
            key=lambda item: -item[1],
        )
    npv_spread = _spread(npv)
    assert npv_spread.sd is not None
    stakeholders = tuple(
        StakeholderRisk(
            id=ids[k],
            p5=float(np.percentile(net[:, k], 5.0)),
            p50=float(np.percentile(net[:, k], 50.0)),
            p95=float(np.percentile(net[:, k], 95.0)),
            p_net_positive=float((net[:, k] > 0).mean()),
            p_net_positive_cofinanced=float((net_cofinanced[:, k] > 0).mean()),
        )
        for k in range(K)
    )
    return Simulation(
        draws=draws,
        seed=seed,
        npv=npv_spread,
        npv_mcse=npv_spread.sd / math.sqrt(draws),
        sroi_ratio=_spread(sroi),
        bcr=_spread(bcr),
        p_npv_positive=float((npv > 0).mean()),
        evpi=max(evpi, 0.0),
        evppi=tuple(evppi),
        stakeholders=stakeholders,
        npv_histogram=_histogram(npv),
    )


def _histogram(x: FloatArray) -> tuple[tuple[float, ...], tuple[int, ...]]:
    counts, edges = np.histogram(x[np.isfinite(x)], bins=HISTOGRAM_BINS)
    return tuple(float(e) for e in edges), tuple(int(c) for c in counts)
