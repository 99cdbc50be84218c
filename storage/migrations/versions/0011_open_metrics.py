"""open recognition: a figure's kind (level, change, rank, forecast) and the province its scope
belongs to after the 2025 reorganisation (scope_now); a meeting's month or year when its day is
unknown (held_in). v_metrics gains kind and scope_now, v_meetings held_in.

Revision ID: 0011
Revises: 0010

Stored rows: kind from the unit (a rank is "rank", a rank move "change", else "level") and
scope_now from the province table (pipelines/places.py); `dxwatch reprocess` recomputes both
from the text.
"""
from alembic import op
import sqlalchemy as sa

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

V_METRICS = """
    SELECT x.id AS metric_id, x.indicator, x.label, x.value, x.unit, x.out_of, x.kind, x.period,
           x.period_start, x.period_end, x.scope, x.scope_now, x.qualifier, x.article_id, a.url, x.first_seen_at
    FROM metrics x JOIN articles a ON a.id = x.article_id"""
OLD_V_METRICS = """
    SELECT x.id AS metric_id, x.indicator, x.label, x.value, x.unit, x.out_of, x.period,
           x.period_start, x.period_end, x.scope, x.qualifier, x.article_id, a.url, x.first_seen_at
    FROM metrics x JOIN articles a ON a.id = x.article_id"""
V_MEETINGS = """
    SELECT m.id AS meeting_id, m.kind, m.body, m.ordinal, m.held_on, m.chair,
           (SELECT COUNT(*) FROM meeting_articles ma WHERE ma.meeting_id = m.id) AS article_count,
           m.first_seen_at, m.held_in
    FROM meetings m"""
OLD_V_MEETINGS = """
    SELECT m.id AS meeting_id, m.kind, m.body, m.ordinal, m.held_on, m.chair,
           (SELECT COUNT(*) FROM meeting_articles ma WHERE ma.meeting_id = m.id) AS article_count,
           m.first_seen_at
    FROM meetings m"""


def upgrade() -> None:
    from pipelines.places import scope_now
    op.add_column("metrics", sa.Column("kind", sa.String(16), nullable=False, server_default="level"))
    op.add_column("metrics", sa.Column("scope_now", sa.String(64), nullable=True))
    op.add_column("meetings", sa.Column("held_in", sa.String(7), nullable=True))
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE metrics SET kind = 'rank' WHERE unit = 'rank'"))
    conn.execute(sa.text("UPDATE metrics SET kind = 'change' WHERE unit = 'bậc'"))
    metrics = sa.table("metrics", sa.column("scope"), sa.column("scope_now"))
    for (scope,) in conn.execute(sa.text("SELECT DISTINCT scope FROM metrics")).fetchall():
        conn.execute(metrics.update().where(metrics.c.scope == scope).values(scope_now=scope_now(scope)))
    op.execute("DROP VIEW IF EXISTS v_metrics")
    op.execute(f"CREATE VIEW v_metrics AS {V_METRICS}")
    op.execute("DROP VIEW IF EXISTS v_meetings")
    op.execute(f"CREATE VIEW v_meetings AS {V_MEETINGS}")


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_meetings")
    op.execute(f"CREATE VIEW v_meetings AS {OLD_V_MEETINGS}")
    op.execute("DROP VIEW IF EXISTS v_metrics")
    op.execute(f"CREATE VIEW v_metrics AS {OLD_V_METRICS}")
    op.drop_column("meetings", "held_in")
    op.drop_column("metrics", "scope_now")
    op.drop_column("metrics", "kind")
