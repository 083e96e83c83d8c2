"""The registry: entries and their immutable versions.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entries",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("current_version", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("analysis", sa.String(14), nullable=False),
        sa.Column("method", sa.String(20)),
        sa.Column("domain", sa.Text),
        sa.Column("timing", sa.String(10)),
        sa.Column("approach", sa.String(12)),
        sa.Column("problems", sa.String(10)),
        sa.Column("year", sa.Integer),
        sa.Column("evidence_level", sa.Integer),
        sa.Column("ratio", sa.Float),
        sa.Column("ratio_low", sa.Float),
        sa.Column("ratio_high", sa.Float),
        sa.Column("conservative_ratio", sa.Float),
        sa.Column("benefits", sa.Float),
        sa.Column("costs", sa.Float),
        sa.Column("conservative_benefits", sa.Float),
        sa.Column("conservative_costs", sa.Float),
        sa.Column("balance", sa.String(14)),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_entries_status", "entries", ["status"])
    op.create_table(
        "versions",
        sa.Column("entry_id", sa.String(200), sa.ForeignKey("entries.id"), primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("figures", sa.Text, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("versions")
    op.drop_index("ix_entries_status", "entries")
    op.drop_table("entries")
