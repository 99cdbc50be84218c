"""process locks: named locks between dxwatch processes (one digest send at a time)

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "process_locks",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("acquired_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("process_locks")
