"""run kind: crawl_runs also records reprocess runs, so an interrupted one is marked too

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs") as t:
        t.add_column(sa.Column("kind", sa.String(length=16), nullable=False, server_default="crawl"))


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs") as t:
        t.drop_column("kind")
