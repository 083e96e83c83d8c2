"""Benchmark of the live editor (issue: the web instrument): the server-side time of one edit
→ validated → evaluated → results fragment rendered, as ``POST /cases/evaluate`` does it.

For each bundled example and a synthetic case of 50 outcomes × 10 years, 200 edits (each a
changed quantity, so no cache could help) are timed end to end in-process; beside them, in the
same run, the baseline: the engine's point evaluation of the same case alone (no validation,
no catalogue resolution, no rendering). Printed: p50 and p95 of both and their ratio.
Targets: p95 ≤ 100 ms for the examples, ≤ 300 ms for the synthetic case.
"""

from __future__ import annotations

import copy
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import synthetic_case

from rendement.engine import point_evaluation, prepare, scenario_row
from rendement.io.yamlio import load_document
from rendement.web.present import results_fragment

EDITS = 200
EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.yaml"))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def edits(document: dict[str, Any]) -> list[dict[str, Any]]:
    """200 documents, each with the first monetised outcome's quantity changed."""
    out = []
    index = next(i for i, o in enumerate(document["outcomes"]) if "quantity" in o)
    for k in range(EDITS):
        changed = copy.deepcopy(document)
        quantity = changed["outcomes"][index]["quantity"]
        base = quantity["value"] if isinstance(quantity, dict) else quantity
        value = float(base) * (1 + (k % 17) / 100)
        if isinstance(quantity, dict):
            quantity["value"] = min(value, quantity.get("high", value))
        else:
            changed["outcomes"][index]["quantity"] = value
        out.append(changed)
    return out


def measure(name: str, document: dict[str, Any]) -> tuple[str, list[float], list[float]]:
    documents = edits(document)
    results_fragment(documents[0], "nl")  # warm the catalogue and the templates
    edit_times = []
    for d in documents:
        started = time.perf_counter()
        html, errors = results_fragment(d, "nl")
        edit_times.append((time.perf_counter() - started) * 1000)
        assert html and not errors, errors
    from rendement.model import parse_case

    structure = prepare(parse_case(document))
    row = scenario_row(structure, None)
    engine_times = []
    for _ in range(EDITS):
        started = time.perf_counter()
        point_evaluation(structure, row, "base")
        engine_times.append((time.perf_counter() - started) * 1000)
    return name, edit_times, engine_times


def main() -> None:
    cases = [(p.stem, json.loads(json.dumps(load_document(p).data))) for p in EXAMPLES]
    synthetic = synthetic_case(50, 10).model_dump(mode="json", exclude_none=True, by_alias=True)
    cases.append(("synthetic 50 × 10", synthetic))
    heads = ("edit p50", "edit p95", "engine p50", "engine p95")
    print(f"{'case':<34} {heads[0]:>9} {heads[1]:>9} {heads[2]:>11} {heads[3]:>11} {'ratio':>6}")
    for name, document in cases:
        _, edit, engine = measure(name, document)
        p50, p95 = statistics.median(edit), percentile(edit, 0.95)
        e50, e95 = statistics.median(engine), percentile(engine, 0.95)
        print(
            f"{name:<34} {p50:>7.1f}ms {p95:>7.1f}ms {e50:>9.2f}ms {e95:>9.2f}ms {p95 / e95:>6.1f}"
        )
    print("targets: p95 ≤ 100 ms for the examples, ≤ 300 ms for the synthetic case")


if __name__ == "__main__":
    main()
