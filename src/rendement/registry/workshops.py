"""Workshops in the registry database: join codes, participants, the event log, comments,
decisions and sign-offs.

It stores and looks up; it decides nothing (who may do what is :mod:`rendement.usecases.workshops`).
Every event is written with its id, and on PostgreSQL announced with ``pg_notify`` in the same
transaction, so a listener in any worker hears of it exactly when it is committed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from rendement.registry import tables as t
from rendement.registry.errors import ConflictError, NotFoundError

PERMISSIONS = ("view", "estimate", "edit")
NOTIFY_LIMIT = 7000  # bytes; PostgreSQL refuses a payload of 8000 or more


@dataclass(frozen=True)
class Workshop:
    id: int
    code: str
    entry_id: str
    organisation_id: int
    facilitator_id: int
    permission: str
    on_table: str | None
    created_at: datetime
    closed_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class Participant:
    id: int
    workshop_id: int
    csrf: str
    name: str
    stakeholder: str
    joined_at: datetime
    removed_at: datetime | None


@dataclass(frozen=True)
class Event:
    id: int
    workshop_id: int
    kind: str
    data: dict[str, Any]

    def wire(self) -> str:
        return json.dumps(
            {"w": self.workshop_id, "id": self.id, "kind": self.kind, "data": self.data}
        )


@dataclass(frozen=True)
class Comment:
    id: int
    target: str
    author: str
    body: str
    created_at: datetime
    resolved_at: datetime | None
    resolved_by: str | None


@dataclass(frozen=True)
class Decision:
    id: int
    workshop_id: int | None
    author: str
    body: str
    version: int
    created_at: datetime


@dataclass(frozen=True)
class SignOff:
    id: int
    version: int
    stakeholder: str
    author: str
    agreed: bool
    created_at: datetime


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _workshop(row: Any) -> Workshop:
    return Workshop(
        row.id,
        row.code,
        row.entry_id,
        row.organisation_id,
        row.facilitator_id,
        row.permission,
        row.on_table,
        _utc(row.created_at) or datetime.now(UTC),
        _utc(row.closed_at),
    )


def _participant(row: Any) -> Participant:
    return Participant(
        row.id,
        row.workshop_id,
        row.csrf,
        row.name,
        row.stakeholder,
        _utc(row.joined_at) or datetime.now(UTC),
        _utc(row.removed_at),
    )


def channel_name(engine: Engine) -> str:
    """The NOTIFY channel of one database (and schema): the workers that open the same URL
    share it, and test schemas on one server do not hear each other."""
    url = engine.url.render_as_string(hide_password=True)
    return "rendement_live_" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


class Workshops:
    """The workshop tables of one registry database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.channel = channel_name(engine)
        self.notifies = engine.dialect.name == "postgresql"
        # called with each committed event when the database cannot announce it (SQLite)
        self.listeners: list[Callable[[Event], None]] = []

    def _write(self) -> Connection:
        connection = self.engine.connect()
        connection.execution_options(write=True)
        return connection

    # ---- workshops -----------------------------------------------------------------------

    def create(
        self, code: str, entry_id: str, organisation_id: int, facilitator_id: int, permission: str
    ) -> Workshop:
        try:
            with self._write() as conn, conn.begin():
                new_id = conn.execute(
                    insert(t.workshops).values(
                        code=code,
                        entry_id=entry_id,
                        organisation_id=organisation_id,
                        facilitator_id=facilitator_id,
                        permission=permission,
                        created_at=datetime.now(UTC),
                    )
                ).inserted_primary_key
        except IntegrityError:
            raise ConflictError(f"join code {code} is taken") from None
        assert new_id is not None
        return self.by_id(int(new_id[0]))

    def by_id(self, workshop_id: int) -> Workshop:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.workshops).where(t.workshops.c.id == workshop_id)).first()
        if row is None:
            raise NotFoundError(f"no workshop {workshop_id}")
        return _workshop(row)

    def by_code(self, code: str) -> Workshop | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.workshops).where(t.workshops.c.code == code)).first()
        return None if row is None else _workshop(row)

    def of_entry(self, entry_id: str, open_only: bool = True) -> list[Workshop]:
        query = select(t.workshops).where(t.workshops.c.entry_id == entry_id)
        if open_only:
            query = query.where(t.workshops.c.closed_at.is_(None))
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(t.workshops.c.id)).all()
        return [_workshop(r) for r in rows]

    def change(self, workshop_id: int, **values: Any) -> None:
        allowed = {"permission", "on_table", "closed_at"}
        if not set(values) <= allowed:
            raise ValueError(f"not a workshop setting: {sorted(set(values) - allowed)}")
        with self._write() as conn, conn.begin():
            conn.execute(
                update(t.workshops).where(t.workshops.c.id == workshop_id).values(**values)
            )

    # ---- participants --------------------------------------------------------------------

    def add_participant(
        self, workshop_id: int, token_hash: str, csrf: str, name: str, stakeholder: str
    ) -> Participant:
        with self._write() as conn, conn.begin():
            new_id = conn.execute(
                insert(t.workshop_participants).values(
                    workshop_id=workshop_id,
                    token_hash=token_hash,
                    csrf=csrf,
                    name=name,
                    stakeholder=stakeholder,
                    joined_at=datetime.now(UTC),
                )
            ).inserted_primary_key
            assert new_id is not None
            row = conn.execute(
                select(t.workshop_participants).where(
                    t.workshop_participants.c.id == int(new_id[0])
                )
            ).one()
        return _participant(row)

    def participant(self, token_hash: str) -> Participant | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.workshop_participants).where(
                    t.workshop_participants.c.token_hash == token_hash
                )
            ).first()
        return None if row is None else _participant(row)

    def participants(self, workshop_id: int) -> list[Participant]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.workshop_participants)
                .where(t.workshop_participants.c.workshop_id == workshop_id)
                .order_by(t.workshop_participants.c.id)
            ).all()
        return [_participant(r) for r in rows]

    def remove_participant(self, workshop_id: int, participant_id: int) -> None:
        if not 1 <= participant_id <= t.INTEGER_LIMIT:  # no row holds it: not sent to the database
            raise NotFoundError(f"no participant {participant_id} in this workshop")
        with self._write() as conn, conn.begin():
            changed = conn.execute(
                update(t.workshop_participants)
                .where(
                    and_(
                        t.workshop_participants.c.id == participant_id,
                        t.workshop_participants.c.workshop_id == workshop_id,
                        t.workshop_participants.c.removed_at.is_(None),
                    )
                )
                .values(removed_at=datetime.now(UTC))
            ).rowcount
        if changed != 1:
            raise NotFoundError(f"no participant {participant_id} in this workshop")

    # ---- events --------------------------------------------------------------------------

    def record(self, workshop_id: int, kind: str, data: dict[str, Any]) -> Event:
        """Write one event and, on PostgreSQL, announce it to every listening worker when the
        transaction commits."""
        with self._write() as conn, conn.begin():
            event = self.record_on(conn, workshop_id, kind, data)
        if not self.notifies:  # one process: hand it on once it is committed
            for listener in self.listeners:
                listener(event)
        return event

    def record_on(
        self, conn: Connection, workshop_id: int, kind: str, data: dict[str, Any]
    ) -> Event:
        new_id = conn.execute(
            insert(t.workshop_events).values(
                workshop_id=workshop_id,
                kind=kind,
                payload=json.dumps(data),
                created_at=datetime.now(UTC),
            )
        ).inserted_primary_key
        assert new_id is not None
        event = Event(int(new_id[0]), workshop_id, kind, data)
        if self.notifies:
            wire = event.wire()
            if len(wire.encode("utf-8")) > NOTIFY_LIMIT:  # listeners then read the row itself
                wire = json.dumps({"w": workshop_id, "id": event.id, "kind": kind, "data": None})
            conn.execute(select(func.pg_notify(self.channel, wire)))
        return event

    def events_after(self, workshop_id: int, after: int, limit: int = 500) -> list[Event]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.workshop_events)
                .where(
                    and_(
                        t.workshop_events.c.workshop_id == workshop_id,
                        t.workshop_events.c.id > after,
                    )
                )
                .order_by(t.workshop_events.c.id)
                .limit(limit)
            ).all()
        return [Event(r.id, r.workshop_id, r.kind, json.loads(r.payload)) for r in rows]

    def last_event_id(self, workshop_id: int) -> int:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(func.max(t.workshop_events.c.id)).where(
                    t.workshop_events.c.workshop_id == workshop_id
                )
            ).scalar_one_or_none()
        return int(found or 0)

    def _insert(self, table: Any, **values: Any) -> int:
        """One row written in its own transaction; its new id."""
        with self._write() as conn, conn.begin():
            new_id = conn.execute(insert(table).values(**values)).inserted_primary_key
        assert new_id is not None
        return int(new_id[0])

    # ---- comments, decisions, sign-offs ----------------------------------------------------

    def add_comment(self, entry_id: str, target: str, author: str, body: str) -> Comment:
        now = datetime.now(UTC)
        values = {"entry_id": entry_id, "target": target, "author": author, "body": body}
        new_id = self._insert(t.comments, created_at=now, **values)
        return Comment(new_id, target, author, body, now, None, None)

    def resolve_comment(self, entry_id: str, comment_id: int, by: str) -> None:
        if not 1 <= comment_id <= t.INTEGER_LIMIT:  # no row holds it: not sent to the database
            raise NotFoundError(f"no comment {comment_id} on this case")
        with self._write() as conn, conn.begin():
            changed = conn.execute(
                update(t.comments)
                .where(and_(t.comments.c.id == comment_id, t.comments.c.entry_id == entry_id))
                .values(resolved_at=datetime.now(UTC), resolved_by=by)
            ).rowcount
        if changed != 1:
            raise NotFoundError(f"no comment {comment_id} on this case")

    def comments(self, entry_id: str) -> list[Comment]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.comments)
                .where(t.comments.c.entry_id == entry_id)
                .order_by(t.comments.c.id)
            ).all()
        return [
            Comment(
                r.id,
                r.target,
                r.author,
                r.body,
                _utc(r.created_at) or datetime.now(UTC),
                _utc(r.resolved_at),
                r.resolved_by,
            )
            for r in rows
        ]

    def add_decision(
        self, entry_id: str, workshop_id: int | None, author: str, body: str, version: int
    ) -> Decision:
        now = datetime.now(UTC)
        new_id = self._insert(
            t.decisions,
            entry_id=entry_id,
            workshop_id=workshop_id,
            author=author,
            body=body,
            version=version,
            created_at=now,
        )
        return Decision(new_id, workshop_id, author, body, version, now)

    def decisions(self, entry_id: str) -> list[Decision]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.decisions)
                .where(t.decisions.c.entry_id == entry_id)
                .order_by(t.decisions.c.id)
            ).all()
        return [
            Decision(
                r.id,
                r.workshop_id,
                r.author,
                r.body,
                r.version,
                _utc(r.created_at) or datetime.now(UTC),
            )
            for r in rows
        ]

    def add_signoff(
        self, entry_id: str, version: int, stakeholder: str, author: str, agreed: bool
    ) -> SignOff:
        now = datetime.now(UTC)
        new_id = self._insert(
            t.signoffs,
            entry_id=entry_id,
            version=version,
            stakeholder=stakeholder,
            author=author,
            agreed=agreed,
            created_at=now,
        )
        return SignOff(new_id, version, stakeholder, author, agreed, now)

    def signoffs(self, entry_id: str) -> list[SignOff]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.signoffs)
                .where(t.signoffs.c.entry_id == entry_id)
                .order_by(t.signoffs.c.id)
            ).all()
        return [
            SignOff(
                r.id,
                r.version,
                r.stakeholder,
                r.author,
                bool(r.agreed),
                _utc(r.created_at) or datetime.now(UTC),
            )
            for r in rows
        ]
