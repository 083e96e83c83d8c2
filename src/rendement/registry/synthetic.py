"""Synthetic registries for tests and benchmarks: summary entries drawn from a seeded generator.

The entries look like real ones (a lognormal ratio around 1.6 with a 95% interval, the four
typology quadrants, three methods, both timings, evidence designs, a screening status), but
every figure is invented and every title says so.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

DOMAINS = ("ouderenwerk", "jongerenwerk", "schuldhulp", "buurtwerk", "mantelzorg")
DESIGNS = ("rct", "quasi-experimental", "pre-post", "monitoring", "expert-estimate", "literature")


def synthetic_summaries(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` summary-entry documents (plain data, as read from YAML)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        ratio = float(np.exp(rng.normal(math.log(1.6), 0.35)))
        spread = float(rng.uniform(0.1, 0.5))
        status = str(rng.choice(["longlist", "included", "included", "excluded"]))
        summary: dict[str, Any] = {
            "id": f"synthetic-{i:06d}",
            "title": f"Synthetic case {i} (invented figures)",
            "typology": {
                "approach": str(rng.choice(["preventive", "curative"])),
                "problems": str(rng.choice(["single", "multiple"])),
            },
            "domain": str(rng.choice(DOMAINS)),
            "method": str(rng.choice(["mkba", "mkba", "sroi", "business-case"])),
            "timing": str(rng.choice(["ex-ante", "ex-post"])),
            "year": int(rng.integers(2005, 2026)),
            "country": "NL",
            "source": "synthetic registry generator",
            "evidence": {
                "design": str(rng.choice(DESIGNS)),
                "control_group": bool(rng.random() < 0.3),
            },
            "status": status,
        }
        if rng.random() < 0.8:
            summary["ratio"] = {
                "value": round(ratio, 4),
                "low": round(ratio * math.exp(-1.959964 * spread), 4),
                "high": round(ratio * math.exp(1.959964 * spread), 4),
            }
            investment = float(rng.integers(20, 2000)) * 1000
            summary["investment"] = investment
            summary["value"] = round(investment * ratio, 2)
            if rng.random() < 0.5:
                summary["conservative_ratio"] = round(ratio * float(rng.uniform(0.6, 0.95)), 4)
        else:
            summary["balance"] = "undetermined"
            summary["analysis"] = "qualitative"
        if status == "excluded":
            summary["reason"] = "synthetic: outside the scope"
        out.append({"rendement": 1, "summary": summary})
    return out
