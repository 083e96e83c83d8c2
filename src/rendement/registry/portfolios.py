"""Portfolios in the registry database: one row per portfolio of an organisation, replaced
by each save on the version it was read at (a save on an older version is a conflict)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, and_, insert, select, update
from sqlalchemy.exc import IntegrityError

from rendement.registry import tables as t
from rendement.registry.errors import ConflictError, NotFoundError


@dataclass(frozen=True)
class StoredPortfolio:
    key: str
    organisation_id: int
    title: str
    data: dict[str, Any]
    version: int
    author: str
    saved_at: datetime


def _row(r: Any) -> StoredPortfolio:
    saved = r.saved_at if r.saved_at.tzinfo else r.saved_at.replace(tzinfo=UTC)
    return StoredPortfolio(
        r.key, r.organisation_id, r.title, json.loads(r.data), r.version, r.author, saved
    )


class Portfolios:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, key: str) -> StoredPortfolio | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.portfolios).where(t.portfolios.c.key == key)).first()
        return None if row is None else _row(row)

    def of_organisations(self, organisation_ids: list[int]) -> list[StoredPortfolio]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.portfolios)
                .where(t.portfolios.c.organisation_id.in_(organisation_ids))
                .order_by(t.portfolios.c.key)
            ).all()
        return [_row(r) for r in rows]

    def save(
        self,
        key: str,
        organisation_id: int,
        title: str,
        data: dict[str, Any],
        author: str,
        base_version: int | None,
    ) -> int:
        """A new portfolio (``base_version`` None) or the next version of one; one
        transaction, so a refused save changes nothing."""
        now = datetime.now(UTC)
        body = json.dumps(data, ensure_ascii=False, allow_nan=False)
        connection = self.engine.connect()
        connection.execution_options(write=True)
        with connection as conn, conn.begin():
            if base_version is None:
                try:
                    with conn.begin_nested():
                        conn.execute(
                            insert(t.portfolios).values(
                                key=key,
                                organisation_id=organisation_id,
                                title=title,
                                data=body,
                                version=1,
                                author=author,
                                saved_at=now,
                            )
                        )
                except IntegrityError:
                    raise ConflictError(
                        f"{key}: your organisation has a portfolio with this id already"
                    ) from None
                return 1
            changed = conn.execute(
                update(t.portfolios)
                .where(and_(t.portfolios.c.key == key, t.portfolios.c.version == base_version))
                .values(
                    title=title, data=body, version=base_version + 1, author=author, saved_at=now
                )
            ).rowcount
            if changed != 1:
                found = conn.execute(
                    select(t.portfolios.c.version).where(t.portfolios.c.key == key)
                ).scalar_one_or_none()
                if found is None:
                    raise NotFoundError(f"{key}: no such portfolio")
                raise ConflictError(
                    f"{key}: version {base_version} is no longer the newest (version {found} "
                    "was saved meanwhile); nothing was saved: reload and apply your change again"
                )
        return base_version + 1
