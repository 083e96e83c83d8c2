"""Accounts of the web instrument in the registry database: organisations, people and their
roles, sessions, API tokens, and which organisation owns a case.

Secrets never reach this layer in clear: the caller hands over password hashes (argon2) and
SHA-256 hashes of session and token values. It stores and looks up; it decides nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, and_, delete, insert, or_, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from rendement.registry import tables as t
from rendement.registry.errors import ConflictError, NotFoundError, RegistryError

ROLES = ("viewer", "editor", "admin")


@dataclass(frozen=True)
class Organisation:
    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str
    password_hash: str


@dataclass(frozen=True)
class Membership:
    organisation: Organisation
    role: str


@dataclass(frozen=True)
class SessionRow:
    user_id: int
    csrf: str
    expires_at: datetime


@dataclass(frozen=True)
class Owner:
    organisation_id: int
    shared: bool


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Accounts:
    """The account tables of one registry database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _write(self) -> Connection:
        connection = self.engine.connect()
        connection.execution_options(write=True)
        return connection

    # ---- organisations and people -----------------------------------------------------

    def organisation(self, slug: str) -> Organisation | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.organisations).where(t.organisations.c.slug == slug)
            ).first()
        return None if row is None else Organisation(row.id, row.slug, row.name)

    def organisation_by_id(self, organisation_id: int) -> Organisation:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.organisations).where(t.organisations.c.id == organisation_id)
            ).first()
        if row is None:
            raise NotFoundError(f"no organisation {organisation_id}")
        return Organisation(row.id, row.slug, row.name)

    def add_member(
        self, email: str, name: str, password_hash: str, slug: str, org_name: str, role: str
    ) -> tuple[User, Organisation, bool]:
        """Create the organisation when new, the person when new (else set the password), and
        give them ``role`` in it. Returns the person, the organisation and whether the
        organisation was created. One transaction: nothing half-written."""
        if role not in ROLES:
            raise RegistryError(f"role {role!r}: choose from {', '.join(ROLES)}")
        now = datetime.now(UTC)
        try:
            with self._write() as conn, conn.begin():
                org = conn.execute(
                    select(t.organisations).where(t.organisations.c.slug == slug)
                ).first()
                created = org is None
                if org is None:
                    org_id = conn.execute(
                        insert(t.organisations).values(slug=slug, name=org_name, created_at=now)
                    ).inserted_primary_key
                    assert org_id is not None
                    org_id = org_id[0]
                else:
                    org_id = org.id
                    org_name = org.name
                user = conn.execute(select(t.users).where(t.users.c.email == email)).first()
                if user is None:
                    user_id = conn.execute(
                        insert(t.users).values(
                            email=email, name=name, password_hash=password_hash, created_at=now
                        )
                    ).inserted_primary_key
                    assert user_id is not None
                    user_id = user_id[0]
                else:
                    user_id = user.id
                    name = user.name
                    conn.execute(
                        update(t.users)
                        .where(t.users.c.id == user_id)
                        .values(password_hash=password_hash)
                    )
                conn.execute(
                    delete(t.memberships).where(
                        and_(
                            t.memberships.c.user_id == user_id,
                            t.memberships.c.organisation_id == org_id,
                        )
                    )
                )
                conn.execute(
                    insert(t.memberships).values(user_id=user_id, organisation_id=org_id, role=role)
                )
        except DBAPIError as error:
            raise RegistryError(f"the database refused the account: {error.orig}") from None
        return (
            User(user_id, email, name, password_hash),
            Organisation(org_id, slug, org_name),
            created,
        )

    def user_by_email(self, email: str) -> User | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.users).where(t.users.c.email == email)).first()
        return None if row is None else User(row.id, row.email, row.name, row.password_hash)

    def user(self, user_id: int) -> User | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.users).where(t.users.c.id == user_id)).first()
        return None if row is None else User(row.id, row.email, row.name, row.password_hash)

    def memberships(self, user_id: int) -> list[Membership]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.organisations, t.memberships.c.role)
                .join(t.memberships, t.memberships.c.organisation_id == t.organisations.c.id)
                .where(t.memberships.c.user_id == user_id)
                .order_by(t.organisations.c.slug)
            ).all()
        return [Membership(Organisation(r.id, r.slug, r.name), r.role) for r in rows]

    # ---- sessions -----------------------------------------------------------------------

    def create_session(
        self, token_hash: str, user_id: int, csrf: str, expires_at: datetime
    ) -> None:
        with self._write() as conn, conn.begin():
            conn.execute(
                insert(t.sessions).values(
                    token_hash=token_hash,
                    user_id=user_id,
                    csrf=csrf,
                    created_at=datetime.now(UTC),
                    expires_at=expires_at,
                )
            )

    def session(self, token_hash: str, now: datetime) -> SessionRow | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.sessions).where(t.sessions.c.token_hash == token_hash)
            ).first()
        if row is None or _utc(row.expires_at) <= now:
            return None
        return SessionRow(row.user_id, row.csrf, _utc(row.expires_at))

    def end_session(self, token_hash: str) -> None:
        with self._write() as conn, conn.begin():
            conn.execute(delete(t.sessions).where(t.sessions.c.token_hash == token_hash))

    def end_expired_sessions(self, now: datetime) -> int:
        with self._write() as conn, conn.begin():
            return conn.execute(delete(t.sessions).where(t.sessions.c.expires_at <= now)).rowcount

    # ---- API tokens ---------------------------------------------------------------------

    def create_token(self, token_hash: str, user_id: int, label: str) -> None:
        with self._write() as conn, conn.begin():
            conn.execute(
                insert(t.api_tokens).values(
                    token_hash=token_hash,
                    user_id=user_id,
                    label=label,
                    created_at=datetime.now(UTC),
                )
            )

    def token_user(self, token_hash: str) -> int | None:
        with self.engine.connect() as conn:
            return conn.execute(
                select(t.api_tokens.c.user_id).where(
                    and_(
                        t.api_tokens.c.token_hash == token_hash,
                        t.api_tokens.c.revoked_at.is_(None),
                    )
                )
            ).scalar_one_or_none()

    def revoke_tokens(self, user_id: int) -> int:
        with self._write() as conn, conn.begin():
            return conn.execute(
                update(t.api_tokens)
                .where(and_(t.api_tokens.c.user_id == user_id, t.api_tokens.c.revoked_at.is_(None)))
                .values(revoked_at=datetime.now(UTC))
            ).rowcount

    # ---- who owns a case ----------------------------------------------------------------

    def owner(self, entry_id: str) -> Owner | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.entry_owners).where(t.entry_owners.c.entry_id == entry_id)
            ).first()
        return None if row is None else Owner(row.organisation_id, bool(row.shared))

    def owners(self) -> dict[str, Owner]:
        """The owner of every owned entry, in one read (a list page needs them all)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.entry_owners)).all()
        return {r.entry_id: Owner(r.organisation_id, bool(r.shared)) for r in rows}

    def set_owner_on(self, conn: Connection, entry_id: str, organisation_id: int) -> None:
        """Record the owner of a new entry, on the transaction that saves it."""
        try:
            with conn.begin_nested():
                conn.execute(
                    insert(t.entry_owners).values(
                        entry_id=entry_id, organisation_id=organisation_id, shared=False
                    )
                )
        except IntegrityError:
            raise ConflictError(f"{entry_id}: already has an owner") from None

    def set_shared(self, entry_id: str, shared: bool) -> None:
        with self._write() as conn, conn.begin():
            changed = conn.execute(
                update(t.entry_owners)
                .where(t.entry_owners.c.entry_id == entry_id)
                .values(shared=shared)
            ).rowcount
        if changed != 1:
            raise NotFoundError(f"{entry_id}: not a case of an organisation")

    def visible_entry_ids(self, organisation_ids: Sequence[int]) -> set[str]:
        """Ids of the owned entries the given organisations may see (their own and the shared
        ones); entries without an owner (the common registry) are visible to all and are not
        listed here."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.entry_owners.c.entry_id).where(
                    or_(
                        t.entry_owners.c.shared.is_(True),
                        t.entry_owners.c.organisation_id.in_(list(organisation_ids)),
                    )
                )
            ).all()
        return {r[0] for r in rows}

    def owned_entry_ids(self) -> set[str]:
        with self.engine.connect() as conn:
            return {r[0] for r in conn.execute(select(t.entry_owners.c.entry_id))}

    # ---- throttling -------------------------------------------------------------------------

    def count_attempts(self, keys: Sequence[str], since: datetime) -> dict[str, int]:
        """Failed attempts per key since a moment (keys without any are left out)."""
        from sqlalchemy import func

        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.attempts.c.key, func.count())
                .where(and_(t.attempts.c.key.in_(list(keys)), t.attempts.c.at > since))
                .group_by(t.attempts.c.key)
            ).all()
        return {r[0]: int(r[1]) for r in rows}

    def add_attempts(self, keys: Sequence[str], at: datetime, forget_before: datetime) -> None:
        """Record one failed attempt under each key; attempts older than ``forget_before``
        are let go, so the table stays small."""
        with self._write() as conn, conn.begin():
            conn.execute(delete(t.attempts).where(t.attempts.c.at <= forget_before))
            conn.execute(insert(t.attempts), [{"key": k, "at": at} for k in keys])

    def clear_attempts(self, keys: Sequence[str]) -> None:
        with self._write() as conn, conn.begin():
            conn.execute(delete(t.attempts).where(t.attempts.c.key.in_(list(keys))))
