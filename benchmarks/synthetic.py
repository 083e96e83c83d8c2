"""A synthetic case for benchmarks: many outcomes, a long horizon, every parameter ranged."""

from __future__ import annotations

from typing import Any

import numpy as np

from rendement.model import Case, parse_case

DISTS = ("pert", "pert", "pert", "triangular", "uniform")


def _ranged(
    rng: np.random.Generator,
    value: float,
    spread: float,
    lo: float | None = None,
    hi: float | None = None,
    k: int = 0,
) -> dict[str, Any]:
    low = value * (1 - spread)
    high = value * (1 + spread)
    if lo is not None:
        low = max(low, lo)
    if hi is not None:
        high = min(high, hi)
    return {"value": value, "low": low, "high": high, "dist": DISTS[k % len(DISTS)]}


def synthetic_case(outcomes: int = 50, years: int = 10, seed: int = 1) -> Case:
    """``outcomes`` outcomes over ``years`` years; quantities, proxies, all four shares,
    durations, investment amounts and the discount rate are all ranged."""
    rng = np.random.default_rng(seed)
    kinds = ["municipality", "health-insurer", "care-office", "welfare-organisation", "clients"]
    stakeholders = [
        {"id": f"s{k}", "name": f"Stakeholder {k}", "kind": kind} for k, kind in enumerate(kinds)
    ]
    investments = [
        {
            "id": f"i{j}",
            "stakeholder": f"s{j % 2}" if j < 4 else "s3",
            "amount": _ranged(rng, float(rng.uniform(20_000, 80_000)), 0.2, 0.0, k=j),
            "years": years,
        }
        for j in range(5)
    ]
    outs = []
    for i in range(outcomes):
        share = float(rng.uniform(0.05, 0.4))
        outs.append(
            {
                "id": f"o{i}",
                "stakeholder": f"s{i % len(kinds)}",
                "quantity": _ranged(rng, float(rng.uniform(5, 200)), 0.5, 0.0, k=i),
                "proxy": {**_ranged(rng, float(rng.uniform(50, 2_000)), 0.3, k=i + 1)},
                "deadweight": _ranged(rng, share, 0.5, 0.0, 1.0, k=i + 2),
                "attribution": _ranged(rng, share / 2, 0.5, 0.0, 1.0, k=i + 3),
                "displacement": _ranged(rng, share / 4, 0.5, 0.0, 1.0, k=i + 4),
                "drop_off": _ranged(rng, 0.1, 0.5, 0.0, 1.0, k=i),
                "duration": _ranged(rng, float(years - 2), 0.2, 1.0, float(years), k=i),
                "start": int(rng.integers(0, 2)),
            }
        )
    document = {
        "rendement": 1,
        "case": {
            "id": "synthetic",
            "title": "Synthetic benchmark case",
            "price_year": 2024,
            "horizon": years,
            "discount_rate": {"value": 0.0225, "low": 0.0, "high": 0.04},
        },
        "stakeholders": stakeholders,
        "investments": investments,
        "outcomes": outs,
    }
    return parse_case(document)
