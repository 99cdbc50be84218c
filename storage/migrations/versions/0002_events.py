"""events: first-report flag on metrics, bridge points per meeting

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


# Plain ADD COLUMN (no batch copy): SQLite supports it natively, and a batch table copy would
# break the views that read these tables.
def upgrade() -> None:
    op.add_column("metrics", sa.Column("is_new", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index("ix_metrics_article_indicator", "metrics", ["article_id", "indicator"])
    op.add_column("meetings", sa.Column("bridge_points", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("meetings", "bridge_points")
    op.drop_index("ix_metrics_article_indicator", table_name="metrics")
    op.drop_column("metrics", "is_new")
