"""no silent zero: a crawl's per-source row says why it found nothing (status "empty" and its
reason, e.g. "sitemap listed 2 URLs, none looked like articles"), and v_source_health gains the
last crawl's status and reason

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_SINCE_7D = {
    "sqlite": "datetime('now', '-7 days')",
    "postgresql": "(now() AT TIME ZONE 'utc') - interval '7 days'",
}
_LAST = """(SELECT r.{col} FROM crawl_run_sources r JOIN crawl_runs c ON c.id = r.run_id
              WHERE r.source_id = s.id ORDER BY c.started_at DESC, r.run_id DESC LIMIT 1)"""
HEALTH_VIEW = f"""
    SELECT s.id AS source_id, h.last_success_at, h.last_error,
           COALESCE(h.consecutive_failures, 0) AS consecutive_failures,
           (SELECT COUNT(*) FROM articles a
             WHERE a.source_id = s.id AND a.first_seen_at >= {{since}}) AS articles_7d,
           CASE WHEN h.degraded THEN 1 ELSE 0 END AS degraded,
           h.last_attempt_at, h.usual_7d, h.empty_share, h.undated_share,
           CASE WHEN h.blocked THEN 1 ELSE 0 END AS blocked,
           h.reason,
           {_LAST.format(col="status")} AS last_status,
           {_LAST.format(col="reason")} AS last_reason
    FROM sources s LEFT JOIN source_health h ON h.source_id = s.id"""
OLD_HEALTH_VIEW = """
    SELECT s.id AS source_id, h.last_success_at, h.last_error,
           COALESCE(h.consecutive_failures, 0) AS consecutive_failures,
           (SELECT COUNT(*) FROM articles a
             WHERE a.source_id = s.id AND a.first_seen_at >= {since}) AS articles_7d,
           CASE WHEN h.degraded THEN 1 ELSE 0 END AS degraded,
           h.last_attempt_at, h.usual_7d, h.empty_share, h.undated_share,
           CASE WHEN h.blocked THEN 1 ELSE 0 END AS blocked,
           h.reason
    FROM sources s LEFT JOIN source_health h ON h.source_id = s.id"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("DROP VIEW IF EXISTS v_source_health")
    with op.batch_alter_table("crawl_run_sources") as t:
        t.add_column(sa.Column("reason", sa.Text(), nullable=True))
    op.execute(f"CREATE VIEW v_source_health AS {HEALTH_VIEW.format(since=_SINCE_7D[dialect])}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("DROP VIEW IF EXISTS v_source_health")
    with op.batch_alter_table("crawl_run_sources") as t:
        t.drop_column("reason")
    op.execute(f"CREATE VIEW v_source_health AS {OLD_HEALTH_VIEW.format(since=_SINCE_7D[dialect])}")
