"""Monte-Carlo simulation and value of information (method.md §7, §8).

The draws are made in chunks of ``CHUNK`` rows from one seeded generator; since each chunk
continues the same stream, the numbers do not depend on the chunk size, and the same seed gives
the same result on every run and machine. Per draw only summaries are kept (NPV, both ratios,
each stakeholder's net value with and without the co-financing proposal), so memory grows with
``draws × (3 + 2 K)`` numbers, never with outcomes × years.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
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


@dataclass(frozen=True)
class _Chunk:
    values: FloatArray  # (m, 3 + K): npv, sroi ratio, bcr, each stakeholder's net value
    cofinanced: FloatArray  # (m, K): each stakeholder's net value under the proposal
    bin_sum: FloatArray | None  # (R · B,) Σ NPV per value-of-information bin, this chunk
    bin_count: FloatArray | None  # (R · B,) draws per bin, this chunk


class _ChunkWork:
    """Everything a worker needs to turn a chunk of uniforms into results."""

    def __init__(self, structure: Structure, draws: int, chunk: int, bins: int) -> None:
        ranged = structure.ranged
        self.structure = structure
        self.columns = np.array([structure.index[p.path] for p in ranged], dtype=np.intp)
        self.sampler = Sampler.for_numbers(
            tuple(p.number for p in ranged), tuple(p.pool for p in ranged)
        )
        self.years = simulation_horizon(structure)
        ids = structure.stakeholder_ids
        self.to_value = membership([o.stakeholder for o in structure.outcomes], ids)
        self.to_investment = membership([j.stakeholder for j in structure.investments], ids)
        normal = [p for p in ranged if p.number.effective_dist == "normal"]
        self.unbounded = np.array([structure.index[p.path] for p in normal], dtype=np.intp)
        self.floor = np.array([p.floor for p in normal])
        self.ceiling = np.array([p.ceiling for p in normal])
        self.base = structure.base_row()
        self.size = min(chunk, draws)
        self.bins = bins
        self.R = len(ranged)
        self.offsets = (np.arange(self.R) * bins)[None, :]
        self.local = threading.local()

    def __call__(self, u: FloatArray) -> _Chunk:
        m = u.shape[0]
        buffer = getattr(self.local, "buffer", None)
        if buffer is None:  # one parameter matrix per thread, reused chunk after chunk
            buffer = self.local.buffer = np.repeat(self.base, self.size, axis=0)
        X = buffer[:m]  # fixed parameters stay as they are; ranged ones are overwritten
        if self.R:
            self.sampler.fill(u, X, self.columns)
            if self.unbounded.size:
                # a normal without low/high may stray outside the parameter's domain
                X[:, self.unbounded] = np.clip(X[:, self.unbounded], self.floor, self.ceiling)
        structure = self.structure
        pv_out = outcome_present_values(structure, X, self.years)
        pv_in = investment_present_values(structure, X, self.years)
        value = pv_out @ self.to_value
        invest = pv_in @ self.to_investment
        benefits = value.sum(axis=1)
        cost = invest.sum(axis=1)
        out = np.empty((m, 3 + value.shape[1]))
        out[:, 0] = benefits - cost
        positive = np.where(pv_out > 0, pv_out, 0.0).sum(axis=1)
        negative = np.where(pv_out < 0, -pv_out, 0.0).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[:, 1] = np.where(cost != 0, benefits / cost, np.nan)
            denominator = cost + negative
            out[:, 2] = np.where(denominator != 0, positive / denominator, np.nan)
        out[:, 3:] = value - invest
        # method.md §8 per draw; where nobody gains, the current split stands
        proposed = proposed_contributions(value, cost)
        bin_sum: FloatArray | None = None
        bin_count: FloatArray | None = None
        if self.R:
            # method.md §7, EVPPI: a bin of u is a quantile bin of the parameter
            u *= self.bins
            which = u.astype(np.intp)
            np.minimum(which, self.bins - 1, out=which)
            which += self.offsets
            flat = which.ravel()
            size = self.R * self.bins
            weights = np.broadcast_to(out[:, 0, None], (m, self.R)).ravel()
            bin_sum = np.bincount(flat, weights=weights, minlength=size).astype(
                np.float64, copy=False
            )
            bin_count = np.bincount(flat, minlength=size).astype(np.float64)
        return _Chunk(
            out, value - np.where(np.isnan(proposed), invest, proposed), bin_sum, bin_count
        )


WORKERS = 2  # chunks computed at once; the random stream itself is drawn in order


def _chunks(
    structure: Structure, draws: int, seed: int, chunk: int, bins: int = 1
) -> Iterator[_Chunk]:
    """The draws in order, chunk by chunk, from one seeded stream (method.md §7).

    The uniforms are drawn here, in order, so the stream does not depend on the chunk size
    or the threads; the work on each chunk runs on ``WORKERS`` threads (numpy releases the
    interpreter lock in its loops) and the results come back in order.
    """
    work = _ChunkWork(structure, draws, chunk, bins)
    rng = np.random.default_rng(seed)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        pending: deque[Future[_Chunk]] = deque()
        for first in range(0, draws, chunk):
            m = min(chunk, draws - first)
            pending.append(pool.submit(work, rng.random((m, work.R))))
            if len(pending) > WORKERS:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


# Up to this many draws every figure is kept and percentiles are read off directly; beyond
# it two passes over the same seeded stream keep memory constant: the first keeps running
# sums, the value-of-information bins and an even subsample that brackets each percentile,
# the second keeps only the values inside the brackets and finds the exact order statistics.
STORE_LIMIT = 1_000_000
_SUBSAMPLE = 200_000
PERCENTILES = (2.5, 5.0, 50.0, 95.0, 97.5)


class _Running:
    """Counts, sums and squares of every column, shifted for accuracy; NaN ignored."""

    def __init__(self, columns: int) -> None:
        self.n = np.zeros(columns)
        self.shift: FloatArray | None = None
        self.sum = np.zeros(columns)
        self.squares = np.zeros(columns)
        self.positive = np.zeros(columns)

    def add(self, x: FloatArray) -> None:
        finite = np.isfinite(x)
        if self.shift is None:
            counts = finite.sum(axis=0)
            totals = np.where(finite, x, 0.0).sum(axis=0)
            self.shift = np.where(counts > 0, totals / np.maximum(counts, 1), 0.0)
        d = np.where(finite, x - self.shift, 0.0)
        self.n += finite.sum(axis=0)
        self.sum += d.sum(axis=0)
        self.squares += (d * d).sum(axis=0)
        self.positive += (np.where(finite, x, 0.0) > 0).sum(axis=0)

    def mean(self, k: int) -> float | None:
        assert self.shift is not None
        return None if self.n[k] == 0 else float(self.shift[k] + self.sum[k] / self.n[k])

    def sd(self, k: int) -> float | None:
        n = self.n[k]
        if n == 0:
            return None
        if n == 1:
            return 0.0
        centred = self.squares[k] - self.sum[k] ** 2 / n
        return float(math.sqrt(max(centred, 0.0) / (n - 1)))


def _linear_rank(count: int, q: float) -> tuple[int, float]:
    """numpy's default percentile: position (count − 1)·q split in whole and fraction."""
    h = (count - 1) * (q / 100.0)  # in numpy's order of operations
    whole = math.floor(h)
    return whole, h - whole


def _two_pass_percentiles(
    structure: Structure,
    draws: int,
    seed: int,
    chunk: int,
    sample: FloatArray,
    running: _Running,
    npv_range: tuple[float, float],
    progress: Callable[[int], None] | None,
) -> tuple[dict[tuple[int, float], float], tuple[tuple[float, ...], tuple[int, ...]]]:
    """Exact percentiles of every column and the NPV histogram, in a second pass."""
    brackets: dict[tuple[int, float], tuple[float, float]] = {}
    for k in range(sample.shape[1]):
        finite = np.sort(sample[np.isfinite(sample[:, k]), k])
        if finite.size == 0:
            continue
        width = 6.0 * math.sqrt(0.25 / finite.size) + 2.0 / finite.size
        for q in PERCENTILES:
            p = q / 100.0
            lo = float(np.quantile(finite, max(0.0, p - width)))
            hi = float(np.quantile(finite, min(1.0, p + width)))
            brackets[(k, q)] = (lo, hi)
    # per bracket: how many values lie below it, on each end, and the values strictly inside;
    # the ends are counted, not kept, so a column of many equal values costs nothing
    below = dict.fromkeys(brackets, 0)
    at_low = dict.fromkeys(brackets, 0)
    at_high = dict.fromkeys(brackets, 0)
    inside: dict[tuple[int, float], list[FloatArray]] = {key: [] for key in brackets}
    edges = np.linspace(npv_range[0], npv_range[1], HISTOGRAM_BINS + 1)
    counts = np.zeros(HISTOGRAM_BINS, dtype=np.int64)
    for part in _chunks(structure, draws, seed, chunk):
        x = part.values
        for key, (lo, hi) in brackets.items():
            column = x[:, key[0]]
            below[key] += int((column < lo).sum())
            at_low[key] += int((column == lo).sum())
            if hi > lo:
                at_high[key] += int((column == hi).sum())
                inside[key].append(column[(column > lo) & (column < hi)])
        counts += np.histogram(x[np.isfinite(x[:, 0]), 0], bins=edges)[0]
        if progress is not None:
            progress(x.shape[0])
    found: dict[tuple[int, float], float] = {}
    for key, (lo, hi) in brackets.items():
        k, q = key
        inner = np.sort(np.concatenate(inside[key])) if inside[key] else np.zeros(0)
        held = at_low[key] + inner.size + at_high[key]

        def order(
            j: int,
            key: tuple[int, float] = key,
            lo: float = lo,
            hi: float = hi,
            inner: FloatArray = inner,
        ) -> float:
            """The j-th smallest value held in the bracket (0-based)."""
            if j < at_low[key]:
                return lo
            if j < at_low[key] + inner.size:
                return float(inner[j - at_low[key]])
            return hi

        whole, frac = _linear_rank(int(running.n[k]), q)
        i = whole - below[key]
        if i >= 0 and i + 1 < held:
            a, b = order(i), order(i + 1)
            # numpy's own interpolation, so both paths give the same bits
            found[key] = b - (b - a) * (1.0 - frac) if frac >= 0.5 else a + (b - a) * frac
        elif 0 <= i < held and frac == 0.0:
            found[key] = order(i)
        else:  # the bracket missed (very unlikely): the subsample's estimate stands in
            column = sample[np.isfinite(sample[:, k]), k]
            found[key] = float(np.percentile(column, q))
    return found, (tuple(float(e) for e in edges), tuple(int(c) for c in counts))


def simulate(
    structure: Structure,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    *,
    chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None,
    store_limit: int = STORE_LIMIT,
) -> Simulation:
    """Draw every ranged parameter ``draws`` times and summarise the results.

    ``progress(k)`` is called after each chunk with the number of draws it held (twice over
    for runs above ``store_limit``, which take a second pass to stay in constant memory).
    """
    if draws < 2:
        raise ValueError("a simulation needs at least 2 draws")
    ranged = structure.ranged
    sampler = Sampler.for_numbers(tuple(p.number for p in ranged), tuple(p.pool for p in ranged))
    # the uniforms' columns follow the sampler's group order; ``by_column[j]`` is the
    # ranged parameter that column j drives
    by_column = [ranged[k] for k in sampler.order]
    ids = structure.stakeholder_ids
    K, R = len(ids), len(ranged)
    bins = max(1, math.isqrt(draws))
    keep = draws <= store_limit
    stored = np.empty((draws, 3 + K)) if keep else None
    step = max(1, draws // _SUBSAMPLE)
    sample: list[FloatArray] = []
    running = _Running(3 + K)
    cofinanced_positive = np.zeros(K)
    positive_part = 0.0  # Σ max(NPV, 0), for the EVPI
    lowest = np.full(3 + K, np.inf)
    highest = np.full(3 + K, -np.inf)
    bin_sum = np.zeros(R * bins)
    bin_count = np.zeros(R * bins)
    first = 0
    for part in _chunks(structure, draws, seed, chunk, bins):
        x = part.values
        m = x.shape[0]
        if stored is not None:
            stored[first : first + m] = x
        else:
            # every step-th draw, counted over the whole run
            sample.append(x[(np.arange(first, first + m) % step) == 0])
            with np.errstate(invalid="ignore"):
                lowest = np.fmin(lowest, np.nanmin(x, axis=0))
                highest = np.fmax(highest, np.nanmax(x, axis=0))
        running.add(x)
        positive_part += float(np.maximum(np.nan_to_num(x[:, 0]), 0.0).sum())
        cofinanced_positive += (part.cofinanced > 0).sum(axis=0)
        if part.bin_sum is not None and part.bin_count is not None:
            bin_sum += part.bin_sum
            bin_count += part.bin_count
        first += m
        if progress is not None:
            progress(m)

    if stored is not None:
        percentiles: dict[tuple[int, float], float] = {}
        for k in range(3 + K):
            column = stored[np.isfinite(stored[:, k]), k]
            if column.size:
                for q, v in zip(PERCENTILES, np.percentile(column, PERCENTILES), strict=True):
                    percentiles[(k, q)] = float(v)
        histogram = _histogram(stored[:, 0])
    else:
        percentiles, histogram = _two_pass_percentiles(
            structure,
            draws,
            seed,
            chunk,
            np.concatenate(sample),
            running,
            (float(lowest[0]), float(highest[0])),
            progress,
        )

    def spread(k: int) -> Spread:
        if running.n[k] == 0:
            return Spread(None, None, None, None, None)
        return Spread(
            running.mean(k),
            running.sd(k),
            percentiles[(k, 5.0)],
            percentiles[(k, 50.0)],
            percentiles[(k, 95.0)],
            percentiles[(k, 2.5)],
            percentiles[(k, 97.5)],
        )

    npv_spread = spread(0)
    assert npv_spread.mean is not None and npv_spread.sd is not None
    baseline = max(npv_spread.mean, 0.0)
    evpi = positive_part / draws - baseline
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
    stakeholders = tuple(
        StakeholderRisk(
            id=ids[k],
            p5=percentiles[(3 + k, 5.0)],
            p50=percentiles[(3 + k, 50.0)],
            p95=percentiles[(3 + k, 95.0)],
            p_net_positive=float(running.positive[3 + k] / draws),
            p_net_positive_cofinanced=float(cofinanced_positive[k] / draws),
        )
        for k in range(K)
    )
    return Simulation(
        draws=draws,
        seed=seed,
        npv=npv_spread,
        npv_mcse=npv_spread.sd / math.sqrt(draws),
        sroi_ratio=spread(1),
        bcr=spread(2),
        p_npv_positive=float(running.positive[0] / draws),
        evpi=max(evpi, 0.0),
        evppi=tuple(evppi),
        stakeholders=stakeholders,
        npv_histogram=histogram,
    )


def _histogram(x: FloatArray) -> tuple[tuple[float, ...], tuple[int, ...]]:
    counts, edges = np.histogram(x[np.isfinite(x)], bins=HISTOGRAM_BINS)
    return tuple(float(e) for e in edges), tuple(int(c) for c in counts)
