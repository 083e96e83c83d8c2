"""Failed sign-ins and workshop joins by account and by address, for throttling.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_attempts_key_at", "attempts", ["key", "at"])


def downgrade() -> None:
    op.drop_index("ix_attempts_key_at", "attempts")
    op.drop_table("attempts")
