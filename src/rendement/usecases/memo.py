"""How a use case lets whoever shows its answer keep it: ``memo(key, compute)`` returns an
answer kept under ``key`` or ``compute()``'s. The web keeps answers per worker
(:class:`rendement.web.cache.ResultCache`); the command line keeps none. A key holds everything
the answer depends on, so a kept answer is never one of other inputs."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")

Memo = Callable[[Hashable, Callable[[], T]], T]


def compute(key: Hashable, make: Callable[[], T]) -> T:
    """Keep nothing: compute every time."""
    return make()
