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
