"""Benchmark of the fund engine (issue 15, method.md §16).

A synthetic portfolio of 100 member cases, each of 15 years with 5 ranged outcomes and 2
investments (one outcome in three carries one of 4 shared causes), mapped into 6 parties, under
the shared-savings rule. Prints:
(a) the point fund; (b) the joint simulation of 10,000 draws, its time and peak memory (numpy's
allocations, traced); (c) the baseline — the same draws one member and one draw at a time
(each member's flows through the same engine, looped in Python over members and draws), on a
subset of draws, scaled — and the speed-up of (b) over (c).
Targets on a 2-core machine: (b) ≤ 10 s and ≤ 2 GB.
"""

from __future__ import annotations

import time
import tracemalloc
from typing import Any

import numpy as np

from rendement.engine import prepare
from rendement.engine.fund import (
    FundRule,
    FundSpec,
    MemberSpec,
    fund_arrays,
    fund_result,
    party_flows,
)
from rendement.engine.fund_simulate import _member_draws, simulate_fund, uniform_layout
from rendement.model import parse_case

MEMBERS = 100
YEARS = 15
DRAWS = 10_000
BASELINE_DRAWS = 20
PARTIES = ("gemeente", "zvw", "zorgkantoor", "corporatie", "welzijn", "bewoners")
KINDS = (
    "municipality",
    "health-insurer",
    "care-office",
    "housing-corporation",
    "welfare-organisation",
    "clients",
)


def member_case(i: int) -> dict[str, Any]:
    rng = np.random.default_rng(i)
    outcomes = []
    for k in range(5):
        value = float(rng.integers(5, 50))
        quantity: dict[str, Any] = {"value": value, "low": value * 0.5, "high": value * 1.5}
        if k % 3 == 0:
            quantity["shared"] = f"oorzaak-{k % 4}"
        outcomes.append(
            {
                "id": f"o{k}",
                "stakeholder": PARTIES[1 + k % 5],
                "quantity": quantity,
                "proxy": {"value": 1000.0, "low": 600.0, "high": 1500.0},
                "deadweight": {"value": 0.2, "low": 0.1, "high": 0.4},
                "drop_off": 0.05,
                "duration": YEARS - 1 - k,
                "start": 1 + k % 3,
            }
        )
    return {
        "rendement": 1,
        "case": {"id": f"m{i}", "title": f"Member {i}", "price_year": 2024, "horizon": YEARS},
        "stakeholders": [
            {"id": p, "name": p, "kind": kind} for p, kind in zip(PARTIES, KINDS, strict=True)
        ],
        "investments": [
            {
                "id": "team",
                "stakeholder": "gemeente",
                "amount": {"value": 60000, "low": 50000, "high": 80000},
                "years": 10,
            },
            {"id": "inzet", "stakeholder": "welzijn", "hours": 400, "rate": 60, "years": 10},
        ],
        "outcomes": outcomes,
    }


def portfolio() -> FundSpec:
    members = tuple(
        MemberSpec(prepare(parse_case(member_case(i))), 1.0 + i % 3, 0, 1.0, tuple(range(6)))
        for i in range(MEMBERS)
    )
    return FundSpec(
        id="bench",
        title="Bench",
        currency="EUR",
        price_year=2024,
        discount_rate=0.0225,
        discounting="mkba",
        horizon=YEARS,
        members=members,
        parties=PARTIES,
        party_names=PARTIES,
        party_kinds=KINDS,
        rule=FundRule("shared-savings", share=0.5, seed=(1e6, 1e6, 0, 0, 0, 0)),
    )


def baseline(spec: FundSpec, draws: int) -> float:
    """One member and one draw at a time: per draw, each member's row is drawn and its flows
    computed alone, then summed into the parties and the fund rules applied."""
    layout, names = uniform_layout(spec)
    member_draws = _member_draws(spec, layout)
    rng = np.random.default_rng(0)
    started = time.perf_counter()
    for _ in range(draws):
        u = rng.random((1, len(names)))
        total = None
        for m, d in zip(spec.members, member_draws, strict=True):
            X = d.base.copy()
            d.sampler.fill(np.ascontiguousarray(u[:, d.gather]), X, d.columns)
            alone = FundSpec(**{**spec.__dict__, "members": (m,)})
            flows = party_flows(alone, [X])
            if total is None:
                total = flows
            else:
                total.investment[...] += flows.investment
                total.cashable[...] += flows.cashable
                total.non_cashable[...] += flows.non_cashable
        assert total is not None
        fund_arrays(spec, total)
    return time.perf_counter() - started


def main() -> None:
    spec = portfolio()
    started = time.perf_counter()
    point = fund_result(spec)
    point_time = time.perf_counter() - started
    ranged = sum(len(m.structure.ranged) for m in spec.members)
    print(
        f"portfolio: {MEMBERS} members × {YEARS} years, {ranged} ranged parameters, "
        f"{len(uniform_layout(spec)[1])} independent draws per row"
    )
    print(
        f"(a) point fund: {point_time * 1000:.1f} ms; bridging capital "
        f"{point.bridging_capital:,.0f}, first year short {point.first_shortfall_year}"
    )

    tracemalloc.start()
    started = time.perf_counter()
    sim = simulate_fund(spec, DRAWS, seed=0)
    sim_time = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"(b) joint simulation, {DRAWS:,} draws: {sim_time:.2f} s, peak memory "
        f"{peak / 2**20:.0f} MB (targets ≤ 10 s, ≤ 2048 MB); bridging capital P50 "
        f"{sim.bridging_capital.p50:,.0f}, P(short) {sim.p_shortfall:.1%}"
    )

    base = baseline(spec, BASELINE_DRAWS)
    scaled = base * DRAWS / BASELINE_DRAWS
    print(
        f"(c) per-member loop: {BASELINE_DRAWS} draws in {base:.2f} s, scaled to "
        f"{DRAWS:,}: {scaled:.0f} s; speed-up of (b): {scaled / sim_time:.0f}×"
    )


if __name__ == "__main__":
    main()
