"""`dxwatch serve`: the archive in Datasette, read-only, with search and canned queries.

Datasette opens a mutable SQLite file with `mode=ro`, so browsing never writes and never blocks
the daemon (WAL readers). It serves SQLite only; a PostgreSQL archive is refused with a clear line.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

PLUGINS = Path(__file__).resolve().parent / "datasette_plugins"

CANNED = {
    "search": {
        "title": "Tìm kiếm (không dấu cũng được)",
        "description": 'Diacritic-insensitive full-text search: "de an 06" finds "Đề án 06"; "a phrase" in quotes.',
        "sql": """SELECT a.id AS article_id, a.title, a.source_id, substr(a.published_at, 1, 10) AS published,
       dx_snippet(a.text, :q) AS snippet, a.url
FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
WHERE articles_fts MATCH dx_match(:q) AND dx_tier(:q, a.title, a.text) IS NOT NULL
ORDER BY dx_tier(:q, a.title, a.text), bm25(articles_fts, 4.0, 1.0), a.id DESC LIMIT 50""",
    },
    "meetings": {
        "title": "Cuộc họp về chuyển đổi số",
        "description": "Every recognised meeting, newest first, with how many articles reported it.",
        "sql": """SELECT held_on, kind, body, ordinal, chair, article_count, meeting_id
FROM v_meetings ORDER BY held_on DESC, meeting_id DESC""",
    },
    "meeting_reports": {
        "title": "Ai đưa tin cuộc họp nào",
        "description": "Each meeting with every article that reported it.",
        "sql": """SELECT m.held_on, m.body, m.ordinal, ma.source_id, a.title, ma.url
FROM v_meetings m JOIN v_meeting_articles ma ON ma.meeting_id = m.meeting_id
JOIN v_articles a ON a.article_id = ma.article_id
ORDER BY m.held_on DESC, m.meeting_id, ma.source_id""",
    },
    "metrics": {
        "title": "Số liệu theo chỉ tiêu",
        "description": "Reported figures of one indicator (e.g. dti_rank, fiber_households_pct), optionally one scope.",
        "sql": """SELECT scope, period, value, unit, label, url, first_seen_at
FROM v_metrics WHERE indicator = :indicator AND (:scope = '' OR scope = :scope)
ORDER BY scope, period, first_seen_at""",
    },
    "attachments": {
        "title": "Văn bản đính kèm",
        "description": "Files (PDF, Word, Excel) that articles link to, newest first; kind: pdf, doc, xls, ppt, archive or empty for all.",
        "sql": """SELECT published_at, source_id, kind, label, url, article_title, article_url
FROM v_attachments WHERE (:kind = '' OR kind = :kind)
ORDER BY COALESCE(published_at, '') DESC, attachment_id""",
    },
    "source_health": {
        "title": "Sức khỏe nguồn tin",
        "description": "Degraded sources first, with the reason.",
        "sql": "SELECT * FROM v_source_health ORDER BY degraded DESC, source_id",
    },
}


class ServeError(Exception):
    pass


def metadata(db_name: str) -> dict:
    return {
        "title": "dxwatch archive",
        "description": "Vietnamese government news on digital transformation (chuyển đổi số): articles, "
                       "meetings, metrics. Read-only. Query the v_* views; see docs/sql.md.",
        "databases": {db_name: {
            "tables": {"articles": {"fts_table": "articles_fts", "fts_pk": "id"}},
            "queries": CANNED,
        }},
    }


def datasette_args(db_url: str, host: str, port: int, workdir: Path | None = None) -> list[str]:
    """The `python -m datasette …` command line for this archive (writes the metadata file)."""
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite":
        raise ServeError("dxwatch serve needs a SQLite archive (Datasette serves SQLite only); for "
                         "PostgreSQL use dxwatch sql / dxwatch search, or any PostgreSQL client")
    path = Path(url.database or "")
    if not path.is_file():
        raise ServeError(f"no archive at {path} (run 'dxwatch crawl' first)")
    try:
        import datasette  # noqa: F401
    except ImportError:
        raise ServeError("Datasette is not installed: pip install 'dxwatch[serve]'") from None
    workdir = workdir or Path(tempfile.mkdtemp(prefix="dxwatch-serve-"))
    meta = workdir / "metadata.json"
    meta.write_text(json.dumps(metadata(path.stem), ensure_ascii=False, indent=2), encoding="utf-8")
    return [sys.executable, "-m", "datasette", "serve", str(path), "--metadata", str(meta),
            "--plugins-dir", str(PLUGINS), "--host", host, "--port", str(port),
            "--setting", "sql_time_limit_ms", "5000", "--setting", "default_page_size", "50"]
