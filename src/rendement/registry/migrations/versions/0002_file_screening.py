"""Versions remember the screening an imported file itself carried.

A re-import keeps a screening decision made in the registry unless the file changes its own
screening; to tell the two apart the registry keeps, per imported version, the status, reason
and evidence override as the file had them (JSON; null for versions not made by an import).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("versions") as batch:
        batch.add_column(sa.Column("file_screening", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("versions") as batch:
        batch.drop_column("file_screening")
