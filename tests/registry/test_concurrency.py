"""Two processes saving the same entry on the same base version: exactly one wins."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from rendement.registry import Registry

from .conftest import url_of
from .documents import save, summary

WORKER = Path(__file__).with_name("race_worker.py")
ROUNDS = 5
NAMES = ("left", "right")


def wait_for(paths: list[Path], workers: list[subprocess.Popen[str]], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not all(p.exists() for p in paths):
        for w in workers:
            if w.poll() is not None:
                _, err = w.communicate()
                raise AssertionError(f"a worker ended early ({w.returncode}): {err}")
        assert time.monotonic() < deadline, f"workers never reached {paths}"
        time.sleep(0.001)


def test_two_processes_saving_one_entry_at_once_exactly_one_wins(
    registry: Registry, tmp_path: Path
) -> None:
    for i in range(ROUNDS):
        save(registry, summary(f"race-{i}", year=2010))
    sync = tmp_path / "sync"
    sync.mkdir()
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), url_of(registry), str(sync), name, str(ROUNDS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in NAMES
    ]
    try:
        for i in range(ROUNDS):
            wait_for([sync / f"ready-{i}-{n}" for n in NAMES], workers)
            (sync / f"go-{i}").touch()  # both are waiting for this file: they save at once
            wait_for([sync / f"done-{i}-{n}" for n in NAMES], workers)
        outputs = [w.communicate(timeout=60) for w in workers]
    finally:
        for w in workers:
            if w.poll() is None:
                w.kill()
                w.wait()
    assert [w.returncode for w in workers] == [0, 0], [err for _, err in outputs]

    lines = [json.loads(line) for out, _ in outputs for line in out.splitlines()]
    for i in range(ROUNDS):
        results = {r["worker"]: r for r in lines if r["round"] == i}
        outcomes = sorted(r["outcome"] for r in results.values())
        assert outcomes == ["conflict", "won"], results
        [winner] = [n for n, r in results.items() if r["outcome"] == "won"]
        [loser] = [r for r in results.values() if r["outcome"] == "conflict"]
        assert "version 1 is no longer the newest" in loser["message"]
        history = registry.history(f"race-{i}")
        assert [v.number for v in history] == [1, 2]
        assert history[1].author == winner
        assert history[1].data["summary"]["title"] == f"Saved by {winner}"
        assert registry.entry(f"race-{i}").title == f"Saved by {winner}"
    # Both saves start from the same "go" file, so they normally overlap in time; whether they
    # do in a given round depends on the machine's load, so it is not asserted (it made the
    # test flaky under parallel runs). Either way exactly one of the two saves may win.
    assert registry.consistency_problems() == []
