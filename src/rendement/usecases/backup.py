"""Back up a whole registry and restore it (see :mod:`rendement.registry.backup`): a
``.sqlite3`` file by SQLite's online backup, anything else as a logical export (JSON lines)
that restores into SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from rendement.registry import Registry
from rendement.registry.backup import (
    backup_sqlite,
    export_logical,
    is_sqlite_file,
    restore_logical,
    restore_sqlite_file,
)
from rendement.registry.errors import RegistryError

SQLITE_SUFFIXES = (".sqlite3", ".sqlite", ".db")


def backup(registry: Registry, path: Path, *, force: bool = False) -> str:
    """Write the backup; returns what kind it is. An existing file is kept unless ``force``."""
    if path.exists() and not force:
        raise RegistryError(f"{path}: exists already; give another name, or --force to replace it")
    if path.exists() and not path.is_file():
        raise RegistryError(f"{path}: not a regular file")
    if path.suffix in SQLITE_SUFFIXES:
        backup_sqlite(registry.engine, path)
        return "sqlite"
    counts = export_logical(registry.engine, path)
    return f"logical ({sum(counts.values())} rows)"


def restore_backup(registry: Registry, path: Path) -> str:
    """A backup into an empty registry; returns what was restored."""
    if not path.is_file():
        raise RegistryError(f"{path}: no such file")
    if is_sqlite_file(path):
        restore_sqlite_file(registry.engine, path)
        return "sqlite"
    counts = restore_logical(registry.engine, path)
    return f"logical ({sum(counts.values())} rows)"
