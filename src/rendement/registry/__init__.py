"""Persistence of business cases: entries, immutable versions, screening (SQLite or PostgreSQL)."""

from rendement.registry.errors import ConflictError, NotFoundError, RegistryError
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
