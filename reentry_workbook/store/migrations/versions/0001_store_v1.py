"""Store version 1: the tables as they were at commit 119469d.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from alembic import op

from reentry_workbook.store import v1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the version-1 tables (what ``create_all`` made before Alembic)."""
    bind = op.get_bind()
    v1.metadata.create_all(bind)
    bind.execute(v1.meta.insert().values(key="schema_version", value="1"))


def downgrade() -> None:
    """Drop the version-1 tables."""
    v1.metadata.drop_all(op.get_bind())
