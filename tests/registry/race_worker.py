"""One of two processes racing to save the same entries (run by test_concurrency.py).

Usage: python race_worker.py URL SYNC_DIR NAME ROUNDS

For round i it loads entry ``race-<i>``, prepares its change, says it is ready
(``SYNC_DIR/ready-<i>-<NAME>``), waits for ``SYNC_DIR/go-<i>`` and saves on the version it
loaded; one JSON line per round tells what happened.
"""

from __future__ import annotations

import copy
import json
import sys
import time
from pathlib import Path

from rendement.model import parse_document
from rendement.registry import ConflictError, Registry
from rendement.usecases.registry import figures_for


def wait_for(path: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {path}")
        time.sleep(0.0002)


def main() -> None:
    url, sync, name, rounds = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    registry = Registry.open(url)
    for i in range(rounds):
        current = registry.get(f"race-{i}")  # also opens the pool's connection before the race
        data = copy.deepcopy(current.data)
        data["summary"]["title"] = f"Saved by {name}"
        document = parse_document(data)
        figures = figures_for(document)
        (sync / f"ready-{i}-{name}").touch()
        wait_for(sync / f"go-{i}")
        started = time.time()
        try:
            registry.save(
                document,
                data,
                figures,
                base_version=current.number,
                author=name,
                message=f"round {i}",
            )
            outcome, message = "won", ""
        except ConflictError as error:
            outcome, message = "conflict", str(error)
        except Exception as error:  # reported to the test, which fails on it
            outcome, message = "error", f"{error.__class__.__name__}: {error}"
        print(
            json.dumps(
                {
                    "round": i,
                    "worker": name,
                    "outcome": outcome,
                    "message": message,
                    "started": started,
                    "ended": time.time(),
                }
            )
        )
        sys.stdout.flush()
        (sync / f"done-{i}-{name}").touch()
    registry.close()


if __name__ == "__main__":
    main()
