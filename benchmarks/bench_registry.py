"""Benchmark of the registry (issue: registry and meta-analysis).

Imports 10,000 synthetic summary entries from a folder of files into a fresh SQLite registry,
then runs the meta-analysis with 10,000 bootstrap resamples per typology quadrant.
Targets on a 2-core machine: import ≤ 10 s, meta ≤ 2 s. As a baseline measured in the same
run, the time to only read and validate the same files (no database) is printed beside them.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML

from rendement.io.yamlio import iter_case_files, load_document
from rendement.meta import summarise
from rendement.registry import Registry
from rendement.registry.synthetic import synthetic_summaries
from rendement.usecases.registry import import_paths, meta_inputs

N = 10_000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "cases"
        folder.mkdir()
        yaml = YAML(typ="safe")
        for doc in synthetic_summaries(N, seed=1):
            with (folder / f"{doc['summary']['id']}.yaml").open("w") as handle:
                yaml.dump(doc, handle)
        started = time.perf_counter()
        for f in iter_case_files([folder]):
            load_document(f)
        read_only = time.perf_counter() - started
        registry = Registry.open(f"sqlite:///{tmp}/registry.sqlite3")
        started = time.perf_counter()
        reports = import_paths(registry, [folder], "benchmark")
        imported = time.perf_counter() - started
        added = sum(r.action == "added" for r in reports)
        print(
            f"import of {added:,} summary entries: {imported:6.2f} s   (target ≤ 10 s; "
            f"reading and validating alone: {read_only:.2f} s, ratio {imported / read_only:.2f})"
        )
        started = time.perf_counter()
        entries = registry.entries()
        result = summarise(meta_inputs(entries), by=("quadrant",), resamples=10_000, seed=0)
        meta = time.perf_counter() - started
        print(
            f"meta over {len(entries):,} entries, bootstrap 10,000 per quadrant: {meta:6.2f} s "
            f"(target ≤ 2 s; n in the pool {result.statistics.description.n:,})"
        )
        registry.close()


if __name__ == "__main__":
    main()
