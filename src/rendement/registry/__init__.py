"""Persistence of business cases: entries, immutable versions, screening (SQLite or PostgreSQL).

The database layer (SQLAlchemy, Alembic) is imported on first use, so a command that never
touches the registry does not pay for it at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rendement.registry.errors import ConflictError, NotFoundError, RegistryError

if TYPE_CHECKING:
    from rendement.registry.repo import Entry, Figures, Registry, SaveResult, Version

__all__ = [
    "ConflictError",
    "Entry",
    "Figures",
    "NotFoundError",
    "Registry",
    "RegistryError",
    "SaveResult",
    "Version",
]

_LAZY = {"Entry", "Figures", "Registry", "SaveResult", "Version"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from rendement.registry import repo

        return getattr(repo, name)
    raise AttributeError(f"module 'rendement.registry' has no attribute {name!r}")
