"""People, organisations and roles; signing in with a password or an API token.

Passwords are kept as argon2 hashes. A session or token value is 32 random bytes shown once to
its holder; the database keeps its SHA-256 only, so reading the database opens no account.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from rendement.registry.accounts import ROLES, Accounts, Membership, Organisation, Owner, User
from rendement.registry.errors import RegistryError
from rendement.usecases.errors import ForbiddenError, UnauthorisedError

SESSION_DAYS = 7
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,}$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

_hasher = PasswordHasher()
# verified against when no such person exists, so a wrong address costs as long as a wrong
# password and the answer time does not tell which addresses have an account
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))

RANK = {role: i for i, role in enumerate(ROLES)}


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise RegistryError(f"password: at least {MIN_PASSWORD} characters (got {len(password)})")
    if len(password) > MAX_PASSWORD:
        raise RegistryError(f"password: at most {MAX_PASSWORD} characters")


@dataclass(frozen=True)
class Principal:
    """Who is asking, and in which organisations with which role."""

    user: User
    memberships: tuple[Membership, ...]
    csrf: str | None = None  # a browser session's CSRF token; None for an API token
    roles: dict[int, str] = field(default_factory=dict)

    @classmethod
    def of(cls, user: User, memberships: list[Membership], csrf: str | None) -> Principal:
        return cls(
            user,
            tuple(memberships),
            csrf,
            {m.organisation.id: m.role for m in memberships},
        )

    @property
    def organisation_ids(self) -> list[int]:
        return list(self.roles)

    def role_in(self, organisation_id: int) -> str | None:
        return self.roles.get(organisation_id)

    def has_role(self, organisation_id: int, role: str) -> bool:
        mine = self.roles.get(organisation_id)
        return mine is not None and RANK[mine] >= RANK[role]

    def may_see(self, owner: Owner | None) -> bool:
        """The common registry and shared cases are open to every member; a private case to
        its own organisation."""
        return owner is None or owner.shared or owner.organisation_id in self.roles

    def may_edit(self, owner: Owner | None) -> bool:
        return owner is not None and self.has_role(owner.organisation_id, "editor")

    def require_role(self, organisation_id: int, role: str) -> None:
        if not self.has_role(organisation_id, role):
            raise ForbiddenError(f"this needs the role {role} in the organisation")

    def editable_organisations(self) -> list[Organisation]:
        return [m.organisation for m in self.memberships if RANK[m.role] >= RANK["editor"]]


def add_user(
    accounts: Accounts, email: str, password: str, org_slug: str, role: str, name: str = ""
) -> tuple[User, Organisation, bool]:
    """Add a person to an organisation with a role (creating either when new); an existing
    person gets the new password. Returns the person, the organisation, and whether the
    organisation was created."""
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise RegistryError(f"{email!r}: not an e-mail address")
    if not SLUG.match(org_slug):
        raise RegistryError(
            f"--org {org_slug!r}: must be a slug (lower-case letters, digits and hyphens)"
        )
    if role not in ROLES:
        raise RegistryError(f"--role {role!r}: choose from {', '.join(ROLES)}")
    check_password_rules(password)
    org_name = org_slug.replace("-", " ").title()
    return accounts.add_member(
        email, name or email.split("@")[0], hash_password(password), org_slug, org_name, role
    )


def create_token(accounts: Accounts, email: str, label: str = "") -> str:
    """A new API token for a person: printed once, stored as its hash."""
    user = accounts.user_by_email(email.strip().lower())
    if user is None:
        raise RegistryError(f"{email}: no such account (add it with rendement users add)")
    token = "rdm_" + secrets.token_urlsafe(32)
    accounts.create_token(digest(token), user.id, label or "API token")
    return token


def revoke_tokens(accounts: Accounts, email: str) -> int:
    """Revoke every API token of a person; returns how many were still valid."""
    user = accounts.user_by_email(email.strip().lower())
    if user is None:
        raise RegistryError(f"{email}: no such account")
    return accounts.revoke_tokens(user.id)


@dataclass(frozen=True)
class SignedIn:
    session: str  # the cookie value, given to the browser only
    principal: Principal


def sign_in(accounts: Accounts, email: str, password: str, now: datetime) -> SignedIn:
    """A new session for the right e-mail and password; the same refusal for any wrong one."""
    user = accounts.user_by_email(email.strip().lower()) if len(password) <= MAX_PASSWORD else None
    stored = user.password_hash if user is not None else _DUMMY_HASH
    try:
        _hasher.verify(stored, password[:MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        user = None
    if user is None:
        raise UnauthorisedError("wrong e-mail address or password")
    session = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    accounts.create_session(digest(session), user.id, csrf, now + timedelta(days=SESSION_DAYS))
    return SignedIn(session, Principal.of(user, accounts.memberships(user.id), csrf))


def session_principal(accounts: Accounts, session: str, now: datetime) -> Principal | None:
    row = accounts.session(digest(session), now)
    if row is None:
        return None
    user = accounts.user(row.user_id)
    if user is None:
        return None
    return Principal.of(user, accounts.memberships(user.id), row.csrf)


def token_principal(accounts: Accounts, token: str) -> Principal | None:
    user_id = accounts.token_user(digest(token))
    user = None if user_id is None else accounts.user(user_id)
    if user is None:
        return None
    return Principal.of(user, accounts.memberships(user.id), None)


def sign_out(accounts: Accounts, session: str) -> None:
    accounts.end_session(digest(session))


def utc_now() -> datetime:
    return datetime.now(UTC)
