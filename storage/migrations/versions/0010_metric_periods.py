"""metric periods as dates: period_start, period_end (series order), period_source; v_metrics shows
them next to period, with out_of

Revision ID: 0010
Revises: 0009

Stored rows are filled here from their period label (pipelines.periods, the same reader the
extraction uses) or, for a figure that names no period, from its article's publication date
(else the day it was first seen). `dxwatch reprocess` recomputes them from the text.
"""
from datetime import date, datetime

from alembic import op
import sqlalchemy as sa

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

V_METRICS = """
    SELECT x.id AS metric_id, x.indicator, x.label, x.value, x.unit, x.out_of, x.period,
           x.period_start, x.period_end, x.scope, x.qualifier, x.article_id, a.url, x.first_seen_at
    FROM metrics x JOIN articles a ON a.id = x.article_id"""
OLD_V_METRICS = """
    SELECT x.id AS metric_id, x.indicator, x.label, x.value, x.unit, x.period, x.scope,
           x.qualifier, x.article_id, a.url, x.first_seen_at
    FROM metrics x JOIN articles a ON a.id = x.article_id"""


def _day(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def upgrade() -> None:
    from pipelines.periods import period_fields
    op.add_column("metrics", sa.Column("period_start", sa.Date(), nullable=True))
    op.add_column("metrics", sa.Column("period_end", sa.Date(), nullable=True))
    op.add_column("metrics", sa.Column("period_source", sa.String(16), nullable=True))
    op.create_index("ix_metrics_period_end", "metrics", ["period_end"])
    conn = op.get_bind()
    metrics = sa.table("metrics", sa.column("id"), sa.column("period"), sa.column("period_start", sa.Date),
                       sa.column("period_end", sa.Date), sa.column("period_source"))
    rows = conn.execute(sa.text("SELECT x.id, x.period, a.published_at, x.first_seen_at FROM metrics x "
                                "JOIN articles a ON a.id = x.article_id")).fetchall()
    for mid, period, published, first_seen in rows:
        f = period_fields(period, _day(published) or _day(first_seen))
        conn.execute(metrics.update().where(metrics.c.id == mid).values(
            period=f["period"], period_start=_day(f["period_start"]), period_end=_day(f["period_end"]),
            period_source=f["period_source"]))
    op.execute("DROP VIEW IF EXISTS v_metrics")
    op.execute(f"CREATE VIEW v_metrics AS {V_METRICS}")


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_metrics")
    op.execute(f"CREATE VIEW v_metrics AS {OLD_V_METRICS}")
    op.drop_index("ix_metrics_period_end", table_name="metrics")
    op.drop_column("metrics", "period_source")
    op.drop_column("metrics", "period_end")
    op.drop_column("metrics", "period_start")
