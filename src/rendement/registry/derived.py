"""Values computed from stored data, kept in the database for every worker to find.

A key is a digest of everything its value follows from (the caller makes it so), which is why
a value is never stale and a second writer of one key can simply be ignored. The table keeps
about ``keep`` rows (at most ``keep + 50``): the oldest go first. Nothing here is a record: it
is not backed up, and a lost row is computed again by whoever asks for it next.
"""

from __future__ import annotations

from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from rendement.registry import tables as t

KEEP = 500  # rows; a drawn chart of the meta page is some 100 kB


class Derived:
    def __init__(self, engine: Engine, keep: int = KEEP) -> None:
        self.engine = engine
        self.keep = keep

    def get(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            found = conn.execute(select(t.derived.c.value).where(t.derived.c.key == key))
            value: str | None = found.scalar_one_or_none()
            return value

    def put(self, key: str, value: str) -> None:
        """Keep ``value`` under ``key``; when another worker was first, theirs stays."""
        try:
            with self.engine.begin() as conn:
                row = conn.execute(insert(t.derived).values(key=key, value=value))
                newest = row.inserted_primary_key[0] if row.inserted_primary_key else None
                if newest is not None and newest % 50 == 0:  # now and then, the oldest go
                    conn.execute(delete(t.derived).where(t.derived.c.id <= newest - self.keep))
        except IntegrityError:
            pass  # the same key, so the same value, is there already

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(t.derived)).scalar_one())
