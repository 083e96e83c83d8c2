"""Backups of a whole registry database and their restore: entries with every version,
organisations, people, sessions and tokens (as hashes), owners, workshops with their
participants, events, comments, decisions and sign-offs, and portfolios.

Two forms:
- a SQLite registry is copied with SQLite's online backup API into a SQLite file: consistent
  while the service keeps writing, and itself a registry one can open;
- any registry (SQLite or PostgreSQL) is written as a logical export: one JSON document per
  line, the schema revision first, then every row of every table in dependency order. It is
  restored into an empty registry of either kind, so it also moves a registry between the two.

A restore goes into an empty registry only, in one transaction: a refused or failed restore
leaves the target as it was.
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, DateTime, Engine, Integer, Table, func, insert, select
from sqlalchemy import text as sql  # a statement, not the labels' text()
from sqlalchemy.exc import SQLAlchemyError

from rendement.registry import tables as t
from rendement.registry.db import known_revisions, migrate
from rendement.registry.errors import RegistryError

FORMAT = "rendement-registry-backup"
SQLITE_MAGIC = b"SQLite format 3\x00"
# the tables whose rows say the registry is in use: a restore refuses to mix into them
IN_USE = ("entries", "users", "organisations", "portfolios")
NOT_KEPT = ("derived",)  # computed again by whoever asks (registry/derived.py)


def _revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return conn.execute(sql("SELECT version_num FROM alembic_version")).scalar_one_or_none()


def is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.part")


def backup_sqlite(engine: Engine, path: Path) -> None:
    """SQLite's online backup of the registry into ``path`` (written beside it, then renamed,
    so an interrupted backup never leaves a half file under the name)."""
    if engine.dialect.name != "sqlite":
        raise RegistryError("a SQLite backup copies a SQLite registry; use the logical export")
    part = _temporary(path)
    part.unlink(missing_ok=True)
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        target = sqlite3.connect(part)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        raw.close()
    part.replace(path)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    return value


def _decode(value: Any, column: Any) -> Any:
    if isinstance(value, dict) and "$datetime" in value:
        return datetime.fromisoformat(value["$datetime"])
    if isinstance(value, dict) and "$bytes" in value:
        return base64.b64decode(value["$bytes"])
    if value is not None and isinstance(column.type, Boolean):
        return bool(value)
    if value is not None and isinstance(column.type, DateTime) and isinstance(value, str):
        return datetime.fromisoformat(value)
    return value


def export_logical(engine: Engine, path: Path) -> dict[str, int]:
    """Every row of every registry table as JSON lines, in one read transaction; returns
    the number of rows per table."""
    counts: dict[str, int] = {}
    part = _temporary(path)
    with engine.connect() as conn, conn.begin(), part.open("w", encoding="utf-8") as out:
        revision = conn.execute(sql("SELECT version_num FROM alembic_version")).scalar_one()
        out.write(json.dumps({"format": FORMAT, "version": 1, "revision": revision}) + "\n")
        for table in t.metadata.sorted_tables:
            if table.name in NOT_KEPT:
                continue
            key = [c for c in table.primary_key.columns]
            rows = conn.execute(select(table).order_by(*key)).mappings()
            n = 0
            for row in rows:
                record = {k: _encode(v) for k, v in row.items()}
                out.write(json.dumps({"table": table.name, "row": record}) + "\n")
                n += 1
            counts[table.name] = n
    part.replace(path)
    return counts


def _lines(path: Path) -> Iterator[tuple[int, Any]]:
    """The documents of a logical export with their line numbers; a line that is not JSON in
    UTF-8 is refused by its number."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            try:
                yield number, json.loads(line.decode("utf-8"))
            except ValueError:  # not UTF-8, or not JSON
                raise RegistryError(f"{path}:{number}: not a line of a registry backup") from None


def _row(path: Path, number: int, item: Any) -> tuple[Table, dict[str, Any]]:
    """The table and the decoded row of one line of a logical export, or an error naming it."""
    if not isinstance(item, dict) or not isinstance(item.get("row"), dict):
        raise RegistryError(f"{path}:{number}: not a row of a registry backup")
    name = str(item.get("table"))
    if name not in t.metadata.tables:
        raise RegistryError(f"{path}:{number}: unknown table {name!r}")
    table = t.metadata.tables[name]
    try:
        row = {k: _decode(v, table.c[k]) for k, v in item["row"].items() if k in table.c}
    except (ValueError, TypeError):  # a date or bytes that cannot be read (binascii too)
        raise RegistryError(f"{path}:{number}: a value in table {name!r} cannot be read") from None
    return table, row


def _first_line(error: SQLAlchemyError) -> str:
    cause = str(getattr(error, "orig", None) or error).strip()
    return cause.splitlines()[0] if cause else type(error).__name__


def _require_registry_file(source: sqlite3.Connection, path: Path) -> None:
    """A SQLite file is restored only when it is a sound registry: anything else would take
    the target's place before it could be refused."""
    try:
        (sound,) = source.execute("PRAGMA quick_check").fetchone()
        names = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
        if sound == "ok" and {"alembic_version", *IN_USE} <= names:
            (revision,) = source.execute("SELECT version_num FROM alembic_version").fetchone()
            if revision in known_revisions():
                return
            raise RegistryError(
                f"{path}: made at schema revision {revision}, which this version of rendement "
                "does not know; restore it with the version that made it"
            )
    except (sqlite3.DatabaseError, TypeError, ValueError):  # damaged, or no revision row
        pass
    raise RegistryError(f"{path}: a SQLite file, but not a sound rendement registry backup")


def _require_empty(engine: Engine) -> None:
    with engine.connect() as conn:
        for name in IN_USE:
            table = t.metadata.tables[name]
            if conn.execute(select(func.count()).select_from(table)).scalar_one():
                raise RegistryError(
                    f"the target registry is not empty (it has {name}); restore into a new one"
                )


def restore_logical(engine: Engine, path: Path) -> dict[str, int]:
    """A logical export into an empty registry, in one transaction."""
    lines = _lines(path)
    _, header = next(lines, (0, None))
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise RegistryError(f"{path}: not a rendement registry backup")
    own = _revision(engine)
    if header.get("revision") != own:
        raise RegistryError(
            f"{path}: made at schema revision {header.get('revision')}, this registry is at "
            f"{own}; restore it with the version of rendement that made it, then upgrade"
        )
    _require_empty(engine)
    counts: dict[str, int] = {}
    batch: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as conn, conn.begin():
        for number, item in lines:
            table, row = _row(path, number, item)
            batch.setdefault(table.name, []).append(row)
            counts[table.name] = counts.get(table.name, 0) + 1
        for table in t.metadata.sorted_tables:  # parents before children
            rows = batch.get(table.name)
            if rows:
                try:
                    conn.execute(insert(table), rows)
                except SQLAlchemyError as error:  # rolled back with the whole restore
                    raise RegistryError(
                        f"{path}: the rows of table {table.name!r} do not fit the registry "
                        f"({_first_line(error)}); nothing was restored"
                    ) from None
        if engine.dialect.name == "postgresql":  # the next ids follow the restored ones
            for table in t.metadata.sorted_tables:
                ids = [c for c in table.primary_key.columns if isinstance(c.type, Integer)]
                if len(ids) == 1 and len(table.primary_key.columns) == 1 and batch.get(table.name):
                    column = ids[0].name
                    conn.execute(
                        sql(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column}'), "
                            f"(SELECT MAX({column}) FROM {table.name}))"
                        )
                    )
    return counts


def restore_sqlite_file(engine: Engine, path: Path) -> None:
    """A SQLite backup file into an empty SQLite registry (the online backup API, the other
    way), then the schema brought to the newest revision."""
    if engine.dialect.name != "sqlite":
        raise RegistryError(
            f"{path}: a SQLite backup restores into a SQLite registry; for PostgreSQL make a "
            "logical export (rendement registry backup FILE.jsonl) and restore that"
        )
    _require_empty(engine)
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        _require_registry_file(source, path)
        raw = engine.raw_connection()
        try:
            target = raw.driver_connection
            assert isinstance(target, sqlite3.Connection)
            source.backup(target)
        finally:
            raw.close()
    finally:
        source.close()
    engine.dispose()
    migrate(engine)
