"""cluster mode (PostgreSQL only): procrastinate's job-queue schema, the dispatcher's schedule
(`cluster_sources`: one row per source with its politeness key, queue and next due time) and the
crawl ledger (`cluster_crawls`: one row per crawl a worker finished, with its due time and lag).

Revision ID: 0014
Revises: 0013

SQLite archives get nothing: the cluster needs PostgreSQL (crawler/config.py refuses it).
procrastinate's schema is the one of the installed release (`SchemaManager.get_schema()`); a later
procrastinate release that changes it brings its migration SQL in a new revision here.
"""
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TABLES = """
CREATE TABLE cluster_sources (
    source_id      varchar(64) PRIMARY KEY,
    politeness_key varchar(255) NOT NULL,
    queue          varchar(16) NOT NULL,
    interval_s     integer NOT NULL,
    next_due_at    timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_cluster_sources_next_due_at ON cluster_sources (next_due_at);
CREATE TABLE cluster_crawls (
    id          bigserial PRIMARY KEY,
    source_id   varchar(64) NOT NULL,
    due_at      timestamptz NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL DEFAULT now(),
    worker      varchar(255) NOT NULL,
    job_id      bigint,
    run_id      integer,
    status      varchar(16) NOT NULL
);
CREATE INDEX ix_cluster_crawls_source_due ON cluster_crawls (source_id, due_at);
CREATE INDEX ix_cluster_crawls_finished_at ON cluster_crawls (finished_at);
"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from procrastinate.schema import SchemaManager
    has_queue = bind.exec_driver_sql("SELECT to_regclass('procrastinate_jobs')").scalar()
    if not has_queue:               # a database that already ran procrastinate's own `schema --apply`
        with bind.connection.dbapi_connection.cursor() as cur:     # raw: the SQL holds literal '%'
            cur.execute(SchemaManager.get_schema())
    bind.exec_driver_sql(TABLES)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    bind.exec_driver_sql("DROP TABLE IF EXISTS cluster_crawls, cluster_sources")
    for kind, sql in (("table", "SELECT tablename FROM pg_tables WHERE tablename LIKE 'procrastinate%%'"),
                      ("function", "SELECT p.oid::regprocedure::text FROM pg_proc p WHERE proname LIKE 'procrastinate%%'"),
                      ("type", "SELECT typname FROM pg_type WHERE typname LIKE 'procrastinate%%' AND typtype IN ('e', 'c')")):
        for (name,) in bind.exec_driver_sql(sql).fetchall():
            bind.exec_driver_sql(f"DROP {kind.upper()} IF EXISTS {name} CASCADE")
