"""Workshops: join codes, participants, the event log pages catch up from, comments,
decisions and sign-off per stakeholder.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

AUTHOR = 200


def upgrade() -> None:
    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
        sa.Column("entry_id", sa.String(200), sa.ForeignKey("entries.id"), nullable=False),
        sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("facilitator_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("permission", sa.String(10), nullable=False),
        sa.Column("on_table", sa.String(300)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_workshops_entry", "workshops", ["entry_id"])
    op.create_table(
        "workshop_participants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("stakeholder", sa.String(100), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_participants_workshop", "workshop_participants", ["workshop_id"])
    op.create_table(
        "workshop_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_events_workshop", "workshop_events", ["workshop_id", "id"])
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("entry_id", sa.String(200), sa.ForeignKey("entries.id"), nullable=False),
        sa.Column("target", sa.String(300), nullable=False),
        sa.Column("author", sa.String(AUTHOR), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True)),
        sa.Column("resolved_by", sa.String(AUTHOR)),
    )
    op.create_index("ix_comments_entry", "comments", ["entry_id"])
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("entry_id", sa.String(200), sa.ForeignKey("entries.id"), nullable=False),
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id")),
        sa.Column("author", sa.String(AUTHOR), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_decisions_entry", "decisions", ["entry_id"])
    op.create_table(
        "signoffs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("entry_id", sa.String(200), sa.ForeignKey("entries.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("stakeholder", sa.String(100), nullable=False),
        sa.Column("author", sa.String(AUTHOR), nullable=False),
        sa.Column("agreed", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_signoffs_entry", "signoffs", ["entry_id"])


def downgrade() -> None:
    for index, table in (
        ("ix_signoffs_entry", "signoffs"),
        ("ix_decisions_entry", "decisions"),
        ("ix_comments_entry", "comments"),
        ("ix_events_workshop", "workshop_events"),
        ("ix_participants_workshop", "workshop_participants"),
        ("ix_workshops_entry", "workshops"),
    ):
        op.drop_index(index, table)
        op.drop_table(table)
