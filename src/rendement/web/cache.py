"""Results the pages show, kept per worker by what they are computed from.

A page whose figures follow from a saved version (its results, its simulation with a seed, the
meta-analysis over a set of cases, a chart) is the same each time it is asked for, so a worker
computes it once and hands the same answer to everyone who asks next. The key holds everything
the answer depends on (a digest of the document or the inputs, the language, the draws and the
seed), so an answer can never be stale: a new version or an other filter is an other key.

Thirty people in a workshop open the same page in the same second. Whoever asks first computes;
the others wait for that answer instead of computing it thirty times over (one computation per
key at a time). A computation that fails is not kept: the next caller tries again and gets the
same error.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Protocol, TypeVar

from sqlalchemy.exc import SQLAlchemyError

T = TypeVar("T")

ENTRIES = 256
log = logging.getLogger("rendement.web")


class Shared(Protocol):
    """Where the workers of one service keep answers for each other (the database)."""

    def get(self, key: str) -> str | None: ...

    def put(self, key: str, value: str) -> None: ...


def digest(content: Any) -> str:
    """A short fingerprint of JSON-like content (a document, the inputs of a meta-analysis)."""
    text = json.dumps(content, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class ResultCache:
    """At most ``entries`` answers, the least recently used dropped first; safe across the
    worker's threads."""

    def __init__(self, entries: int = ENTRIES, shared: Shared | None = None) -> None:
        self.entries = entries
        self.shared = shared
        self.found_shared = 0  # answers another worker had computed: for the tests
        self._answers: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}
        self.computed = 0  # how many answers were computed (not found): for the tests

    def __len__(self) -> int:
        return len(self._answers)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The answer kept under ``key``, or ``compute()``'s, kept for the next caller."""
        while True:
            with self._lock:
                if key in self._answers:
                    self._answers.move_to_end(key)
                    found: T = self._answers[key]
                    return found
                busy = self._computing.get(key)
                if busy is None:
                    busy = self._computing[key] = threading.Lock()
                    busy.acquire()
                    break
            # someone else is computing this answer: wait for it, then look again (if their
            # computation failed, the loop makes this caller the one who computes)
            with busy:
                pass
        try:
            value = compute()
            with self._lock:
                self.computed += 1
                self._answers[key] = value
                while len(self._answers) > self.entries:
                    self._answers.popitem(last=False)
            return value
        finally:
            with self._lock:
                del self._computing[key]
            busy.release()

    def get_shared(self, key: tuple[str, ...], compute: Callable[[], T]) -> T:
        """As :meth:`get`, and when this worker has no answer yet, first the one another
        worker computed and kept in the database; one this worker computes is kept there for
        the others. For answers that are JSON (drawn charts) and slow to make: a worker that
        starts later finds them instead of keeping its first visitors waiting. Should the
        database fail here, the answer is computed as if nobody had one."""

        def find_or_compute() -> T:
            name = hashlib.sha256(json.dumps(key).encode()).hexdigest()
            if self.shared is not None:
                try:
                    kept = self.shared.get(name)
                except SQLAlchemyError as error:
                    log.warning("kept answers cannot be read: %s", error)
                    kept = None
                if kept is not None:
                    with self._lock:
                        self.found_shared += 1
                    found: T = json.loads(kept)
                    return found
            value = compute()
            if self.shared is not None:
                try:
                    self.shared.put(name, json.dumps(value))
                except SQLAlchemyError as error:
                    log.warning("an answer cannot be kept: %s", error)
            return value

        return self.get(key, find_or_compute)
