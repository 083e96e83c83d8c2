"""The registry's tables (SQLAlchemy Core). Migrations in ``migrations/`` create them."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

# the longest author name a version keeps (PostgreSQL enforces it; the registry checks it first)
AUTHOR_LENGTH = 200
# the largest number an Integer column holds on both databases (PostgreSQL's is 32 bits)
INTEGER_LIMIT = 2**31 - 1

# One row per entry: the current version's projection, for listing, filters and meta-analysis.
entries = Table(
    "entries",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("kind", String(10), nullable=False),  # case | summary
    Column("current_version", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("status", String(12), nullable=False),
    Column("reason", Text),
    Column("analysis", String(14), nullable=False),
    Column("method", String(20)),
    Column("domain", Text),
    Column("timing", String(10)),
    Column("approach", String(12)),
    Column("problems", String(10)),
    Column("year", Integer),
    Column("evidence_level", Integer),
    Column("ratio", Float),
    Column("ratio_low", Float),
    Column("ratio_high", Float),
    Column("conservative_ratio", Float),
    Column("benefits", Float),
    Column("costs", Float),
    Column("conservative_benefits", Float),
    Column("conservative_costs", Float),
    Column("balance", String(14)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Every save is a new, immutable version: the document as read and the figures computed from it.
versions = Table(
    "versions",
    metadata,
    Column("entry_id", String(200), ForeignKey("entries.id"), primary_key=True),
    Column("number", Integer, primary_key=True, autoincrement=False),
    Column("document", Text, nullable=False),  # JSON of the document
    Column("figures", Text, nullable=False),  # JSON of the computed figures
    Column("author", String(AUTHOR_LENGTH), nullable=False),
    Column("message", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # imports only: the screening the file itself carried (JSON), see migration 0002
    Column("file_screening", Text),
)

# ---- accounts (web instrument) -----------------------------------------------------------
# Organisations own cases; people are members with a role; sessions and API tokens are kept
# only as SHA-256 hashes of what the browser or client holds, so a copy of the database opens
# nobody's account.
organisations = Table(
    "organisations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(64), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

memberships = Table(
    "memberships",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("organisation_id", Integer, ForeignKey("organisations.id"), primary_key=True),
    Column("role", String(10), nullable=False),  # viewer | editor | admin
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("label", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

# Which organisation a case made in the web instrument belongs to, and whether it is shared to
# the common registry. An entry without a row here was imported into the common registry.
entry_owners = Table(
    "entry_owners",
    metadata,
    Column("entry_id", String(200), ForeignKey("entries.id"), primary_key=True),
    Column("organisation_id", Integer, ForeignKey("organisations.id"), nullable=False),
    Column("shared", Boolean, nullable=False),
)

# ---- workshops (issue 13) ------------------------------------------------------------------
# A workshop opens one case to people without an account, by a join code, while it is open.
# Participants hold a cookie whose SHA-256 is kept here, as for sessions. Every change a
# workshop page must see is an event with an increasing id: a page that lost its connection
# asks for the events after the last one it saw.
workshops = Table(
    "workshops",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("entry_id", String(200), ForeignKey("entries.id"), nullable=False),
    Column("organisation_id", Integer, ForeignKey("organisations.id"), nullable=False),
    Column("facilitator_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("permission", String(10), nullable=False),  # view | estimate | edit
    Column("on_table", String(300)),  # the parameter under discussion (a scenario path)
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
)

workshop_participants = Table(
    "workshop_participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("csrf", String(64), nullable=False),
    Column("name", String(80), nullable=False),
    Column("stakeholder", String(100), nullable=False),
    Column("joined_at", DateTime(timezone=True), nullable=False),
    Column("removed_at", DateTime(timezone=True)),
)

workshop_events = Table(
    "workshop_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("payload", Text, nullable=False),  # JSON
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Comments on an outcome, an investment or a parameter of a case (target: its path), decisions
# of a workshop, and each stakeholder's agreement to a version.
comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entry_id", String(200), ForeignKey("entries.id"), nullable=False),
    Column("target", String(300), nullable=False),
    Column("author", String(AUTHOR_LENGTH), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("resolved_at", DateTime(timezone=True)),
    Column("resolved_by", String(AUTHOR_LENGTH)),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entry_id", String(200), ForeignKey("entries.id"), nullable=False),
    Column("workshop_id", Integer, ForeignKey("workshops.id")),
    Column("author", String(AUTHOR_LENGTH), nullable=False),
    Column("body", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

signoffs = Table(
    "signoffs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entry_id", String(200), ForeignKey("entries.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("stakeholder", String(100), nullable=False),
    Column("author", String(AUTHOR_LENGTH), nullable=False),
    Column("agreed", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# ---- portfolios (issue 15): an organisation's regional fund over registry cases -----------
portfolios = Table(
    "portfolios",
    metadata,
    Column("key", String(200), primary_key=True),  # <organisation>/<portfolio id>
    Column("organisation_id", Integer, ForeignKey("organisations.id"), nullable=False),
    Column("title", Text, nullable=False),
    Column("data", Text, nullable=False),  # the portfolio document as JSON
    Column("version", Integer, nullable=False),
    Column("author", String(AUTHOR_LENGTH), nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
)

# ---- throttling (issue 16): failed sign-ins and join attempts, by account and by address ---
attempts = Table(
    "attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(300), nullable=False),  # "account:<e-mail>", "address:<ip>", …
    Column("at", DateTime(timezone=True), nullable=False),
)

# ---- what a web worker computed from stored data (a drawn chart), for the other workers ----
# Content-addressed: the key is a digest of everything the value follows from, so a row is
# never stale; it is not backed up (any worker can compute it again) and old rows are pruned.
derived = Table(
    "derived",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(64), nullable=False, unique=True),
    Column("value", Text, nullable=False),
)
