"""The joint simulation of a portfolio (method.md §16): common causes drawn once.

A ranged parameter that carries a ``shared:`` key, or that cites a catalogue entry, takes its
uniform from one column per key, the same for every member that has it; every other ranged
parameter has a column of its own, so members are otherwise independent. Each member turns its
uniforms into values through its own distributions (``Sampler``), so a shared cause moves every
member to the same quantile of its own range. The uniforms are drawn in order from one seeded
stream, chunk by chunk: the same seed gives the same numbers on every run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rendement.engine.distributions import Sampler
from rendement.engine.fund import (
    FundSimulation,
    FundSpec,
    PartyRisk,
    Quantiles,
    fund_arrays,
    party_flows,
)
from rendement.engine.parameters import FloatArray, Parameter, Structure

# memory per chunk grows with draws × parties × years; this keeps a chunk near 16 MB an array
_CELLS_PER_CHUNK = 2_000_000


def common_cause(structure: Structure, parameter: Parameter) -> str | None:
    """The key of a parameter's common cause: its ``shared:`` text, or the catalogue entry its
    proxy cites; None when it has none of its own."""
    if parameter.number.shared is not None:
        return f"shared:{parameter.number.shared}"
    if parameter.path.endswith(".proxy"):
        outcome = parameter.path[len("outcomes.") : -len(".proxy")]
        for spec in structure.outcomes:
            if spec.id == outcome and spec.catalogue is not None:
                return f"catalogue:{spec.catalogue.id}"
    return None


@dataclass(frozen=True)
class _MemberDraws:
    sampler: Sampler
    columns: np.ndarray  # X columns of the ranged parameters, in ``sampler.numbers`` order
    gather: np.ndarray  # uniform column per sampler group column
    unbounded: np.ndarray
    floor: FloatArray
    ceiling: FloatArray
    base: FloatArray


def uniform_layout(spec: FundSpec) -> tuple[list[list[int]], list[str]]:
    """For each member the uniform column of each ranged parameter, and every column's key."""
    keys: dict[str, int] = {}
    names: list[str] = []
    layout: list[list[int]] = []
    for i, member in enumerate(spec.members):
        s = member.structure
        columns = []
        for p in s.ranged:
            key = common_cause(s, p) or f"member:{i}:{p.path}"
            if key not in keys:
                keys[key] = len(names)
                names.append(key)
            columns.append(keys[key])
        layout.append(columns)
    return layout, names


def _member_draws(spec: FundSpec, layout: list[list[int]]) -> list[_MemberDraws]:
    out = []
    for member, columns in zip(spec.members, layout, strict=True):
        s = member.structure
        ranged = s.ranged
        sampler = Sampler.for_numbers(tuple(p.number for p in ranged))
        normal = [p for p in ranged if p.number.effective_dist == "normal"]
        out.append(
            _MemberDraws(
                sampler=sampler,
                columns=np.array([s.index[p.path] for p in ranged], dtype=np.intp),
                gather=np.array(columns, dtype=np.intp)[sampler.order],
                unbounded=np.array([s.index[p.path] for p in normal], dtype=np.intp),
                floor=np.array([p.floor for p in normal]),
                ceiling=np.array([p.ceiling for p in normal]),
                base=s.base_row(),
            )
        )
    return out


def member_rows(draws: list[_MemberDraws], u: FloatArray) -> list[FloatArray]:
    """Each member's parameter matrix for the uniforms ``u`` (m, G)."""
    rows = []
    for d in draws:
        X = np.repeat(d.base, u.shape[0], axis=0)
        if d.columns.size:
            d.sampler.fill(np.ascontiguousarray(u[:, d.gather]), X, d.columns)
            if d.unbounded.size:
                X[:, d.unbounded] = np.clip(X[:, d.unbounded], d.floor, d.ceiling)
        rows.append(X)
    return rows


@dataclass(frozen=True)
class DrawTotals:
    """What the simulation keeps per draw: every party's NPV and the bridging capital."""

    npv: FloatArray  # (n, Q)
    bridging: FloatArray  # (n,)
    value: FloatArray  # (n, Q) discounted value per party (for correlation checks)


def simulate_draws(spec: FundSpec, draws: int, seed: int = 0) -> DrawTotals:
    """Per draw NPV per party and bridging capital, chunk by chunk from one seeded stream."""
    layout, names = uniform_layout(spec)
    member_draws = _member_draws(spec, layout)
    Q, H = len(spec.parties), spec.horizon
    chunk = int(max(64, min(4096, _CELLS_PER_CHUNK // max(1, Q * H))))
    rng = np.random.default_rng(seed)
    npv = np.empty((draws, Q))
    value = np.empty((draws, Q))
    bridging = np.empty(draws)
    for first in range(0, draws, chunk):
        m = min(chunk, draws - first)
        u = rng.random((m, len(names)))
        arrays = fund_arrays(spec, party_flows(spec, member_rows(member_draws, u)))
        npv[first : first + m] = arrays.npv
        f = arrays.flows
        value[first : first + m] = ((f.cashable + f.non_cashable) * arrays.discount_out).sum(axis=2)
        bridging[first : first + m] = arrays.bridging
    return DrawTotals(npv=npv, bridging=bridging, value=value)


def _quantiles(x: FloatArray) -> Quantiles:
    p5, p50, p95 = np.percentile(x, (5.0, 50.0, 95.0))
    return Quantiles(mean=float(x.mean()), p5=float(p5), p50=float(p50), p95=float(p95))


def simulate_fund(spec: FundSpec, draws: int, seed: int = 0) -> FundSimulation:
    """method.md §16 with draws: P(party net ≥ 0) and the distribution of the bridging capital."""
    if draws < 2:
        raise ValueError("a simulation needs at least 2 draws")
    totals = simulate_draws(spec, draws, seed)
    tol = 1e-9 * np.maximum(np.abs(totals.value), 1.0)
    return FundSimulation(
        draws=draws,
        seed=seed,
        bridging_capital=_quantiles(totals.bridging),
        p_shortfall=float((totals.bridging > 0).mean()),
        parties=tuple(
            PartyRisk(
                party=party,
                npv=_quantiles(totals.npv[:, q]),
                p_net_nonnegative=float((totals.npv[:, q] >= -tol[:, q]).mean()),
            )
            for q, party in enumerate(spec.parties)
        ),
    )
