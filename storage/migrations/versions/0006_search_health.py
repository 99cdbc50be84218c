"""search and health: diacritic-insensitive full-text search (SQLite FTS5, PostgreSQL tsvector)
and the source-health figures behind "degraded"

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Vietnamese letters with marks (both cases, and the eth look-alike of Đ) -> their bare letter, the
# same mapping as pipelines.textnorm.fold; lower() then handles plain ASCII.
FOLD_FROM = 'ÀÁÂÃÈÉÊÌÍÐÒÓÔÕÙÚÝàáâãèéêìíðòóôõùúýĂăĐđĨĩŨũƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ'
FOLD_TO = 'aaaaeeeiidoooouuyaaaaeeeiidoooouuyaaddiiuuoouuaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy'

_SINCE_7D = {
    "sqlite": "datetime('now', '-7 days')",
    "postgresql": "(now() AT TIME ZONE 'utc') - interval '7 days'",
}
HEALTH_VIEW = """
    SELECT s.id AS source_id, h.last_success_at, h.last_error,
           COALESCE(h.consecutive_failures, 0) AS consecutive_failures,
           (SELECT COUNT(*) FROM articles a
             WHERE a.source_id = s.id AND a.first_seen_at >= {since}) AS articles_7d,
           CASE WHEN h.degraded THEN 1 ELSE 0 END AS degraded,
           h.last_attempt_at, h.usual_7d, h.empty_share, h.undated_share,
           CASE WHEN h.blocked THEN 1 ELSE 0 END AS blocked,
           h.reason
    FROM sources s LEFT JOIN source_health h ON h.source_id = s.id"""
OLD_HEALTH_VIEW = """
    SELECT s.id AS source_id, h.last_success_at, h.last_error,
           COALESCE(h.consecutive_failures, 0) AS consecutive_failures,
           (SELECT COUNT(*) FROM articles a
             WHERE a.source_id = s.id AND a.first_seen_at >= {since}) AS articles_7d,
           CASE WHEN h.degraded THEN 1 ELSE 0 END AS degraded
    FROM sources s LEFT JOIN source_health h ON h.source_id = s.id"""

# SQLite: FTS5 tokenises with remove_diacritics 2, which leaves đ alone: the triggers map it.
_SQ_FOLD = "replace(replace(replace(replace(coalesce({col}, ''), 'đ', 'd'), 'Đ', 'd'), 'ð', 'd'), 'Ð', 'd')"


def _sq(prefix: str) -> str:
    return f"{_SQ_FOLD.format(col=prefix + '.title')}, {_SQ_FOLD.format(col=prefix + '.text')}"


SQLITE_UP = [
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='', "
    "tokenize = 'unicode61 remove_diacritics 2')",
    f"""CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, {_sq('new')}); END""",
    f"""CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, {_sq('old')}); END""",
    f"""CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, {_sq('old')});
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, {_sq('new')}); END""",
    f"INSERT INTO articles_fts (rowid, title, text) SELECT a.id, {_sq('a')} FROM articles a",
]
PG_UP = [
    f"""CREATE FUNCTION dx_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT lower(translate(t, '{FOLD_FROM}', '{FOLD_TO}')) $$""",
    """ALTER TABLE articles ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', dx_fold(coalesce(title, ''))), 'A') ||
        setweight(to_tsvector('simple', dx_fold(coalesce(text, ''))), 'B')) STORED""",
    "CREATE INDEX ix_articles_search_tsv ON articles USING gin (search_tsv)",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("source_health") as t:
        t.add_column(sa.Column("usual_7d", sa.Float(), nullable=True))
        t.add_column(sa.Column("empty_share", sa.Float(), nullable=True))
        t.add_column(sa.Column("undated_share", sa.Float(), nullable=True))
        t.add_column(sa.Column("reason", sa.Text(), nullable=True))
    op.execute("DROP VIEW IF EXISTS v_source_health")
    op.execute(f"CREATE VIEW v_source_health AS {HEALTH_VIEW.format(since=_SINCE_7D[dialect])}")
    for stmt in SQLITE_UP if dialect == "sqlite" else PG_UP:
        op.execute(stmt)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_articles_search_tsv")
        op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search_tsv")
        op.execute("DROP FUNCTION IF EXISTS dx_fold(text)")
    op.execute("DROP VIEW IF EXISTS v_source_health")
    op.execute(f"CREATE VIEW v_source_health AS {OLD_HEALTH_VIEW.format(since=_SINCE_7D[dialect])}")
    with op.batch_alter_table("source_health") as t:
        for col in ("reason", "undated_share", "empty_share", "usual_7d"):
            t.drop_column(col)
