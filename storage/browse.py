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
TEMPLATES = Path(__file__).resolve().parent / "datasette_templates"

# The public contract first (docs/sql.md), each with what a reader finds there.
VIEWS = {
    "v_meetings": "Cuộc họp, hội nghị về chuyển đổi số: mỗi cuộc họp một dòng (ngày, cơ quan, lần thứ, chủ trì, số bài đưa tin).",
    "v_metrics": "Số liệu chuyển đổi số: giá trị, đơn vị, kỳ số liệu (có ngày bắt đầu, kết thúc), phạm vi, câu gốc và bài báo.",
    "v_articles": "Bài viết đã thu thập: nguồn, tiêu đề, ngày đăng, có phải tin chuyển đổi số không, nội dung.",
    "v_stories": "Câu chuyện: các bài cùng một tin trên nhiều cổng, gộp làm một.",
    "v_meeting_articles": "Bài nào đưa tin cuộc họp nào.",
    "v_attachments": "Văn bản đính kèm (PDF, Word, Excel) mà bài viết dẫn tới; không tải về.",
    "v_source_health": "Tình trạng từng nguồn tin: lần thu thập thành công gần nhất, lỗi, số bài 7 ngày, có cần kiểm tra không.",
}

CANNED = {
    "search": {
        "title": "Tìm kiếm (không dấu cũng được)",
        "description": 'Tìm toàn văn, gõ không dấu cũng được: "de an 06" tìm ra "Đề án 06"; gõ có dấu thì đúng dấu '
                       '("cáp quang" không lẫn "cấp"); các từ gõ liền nhau đứng liền nhau được xếp trước; '
                       '"cụm từ" trong ngoặc kép. Cùng thứ tự với dxwatch search.',
        "sql": """SELECT a.id AS article_id, a.title, a.source_id, substr(a.published_at, 1, 10) AS published,
       dx_snippet(a.text, :q) AS snippet, a.url
FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
WHERE articles_fts MATCH dx_match(:q) AND dx_tier(:q, a.title, a.text) IS NOT NULL
ORDER BY dx_tier(:q, a.title, a.text), bm25(articles_fts, 4.0, 1.0), a.id DESC LIMIT 50""",
    },
    "meetings": {
        "title": "Cuộc họp về chuyển đổi số",
        "description": "Mọi cuộc họp nhận diện được, mới nhất trước, kèm số bài đưa tin.",
        "sql": """SELECT held_on, kind, body, ordinal, chair, article_count, meeting_id
FROM v_meetings ORDER BY held_on DESC, meeting_id DESC""",
    },
    "meeting_reports": {
        "title": "Ai đưa tin cuộc họp nào",
        "description": "Mỗi cuộc họp với từng bài viết đã đưa tin.",
        "sql": """SELECT m.held_on, m.body, m.ordinal, ma.source_id, a.title, ma.url
FROM v_meetings m JOIN v_meeting_articles ma ON ma.meeting_id = m.meeting_id
JOIN v_articles a ON a.article_id = ma.article_id
ORDER BY m.held_on DESC, m.meeting_id, ma.source_id""",
    },
    "metrics": {
        "title": "Số liệu theo chỉ tiêu",
        "description": "Số liệu của một chỉ tiêu theo thời gian (ví dụ dti_rank, fibre_household_share; "
                       "xem danh sách chỉ tiêu), có thể lọc một tỉnh.",
        "sql": """SELECT scope, period, period_end, value, unit, out_of, label, url, first_seen_at
FROM v_metrics WHERE indicator = :indicator AND (:scope = '' OR scope = :scope)
ORDER BY scope, period_end, first_seen_at""",
    },
    "attachments": {
        "title": "Văn bản đính kèm",
        "description": "Tệp (PDF, Word, Excel) mà bài viết dẫn tới, mới nhất trước; kind: pdf, doc, xls, ppt, archive, để trống là tất cả.",
        "sql": """SELECT published_at, source_id, kind, label, url, article_title, article_url
FROM v_attachments WHERE (:kind = '' OR kind = :kind)
ORDER BY COALESCE(published_at, '') DESC, attachment_id""",
    },
    "source_health": {
        "title": "Sức khỏe nguồn tin",
        "description": "Nguồn cần kiểm tra lên trước, kèm lý do.",
        "sql": "SELECT * FROM v_source_health ORDER BY degraded DESC, source_id",
    },
}


class ServeError(Exception):
    pass


def indicators_query() -> dict:
    """The indicator list (key, Vietnamese label, unit) as a canned query, from the registry."""
    from pipelines.metrics import indicator_list
    rows = ",\n".join("(" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in row) + ")"
                       for row in indicator_list())
    return {"title": "Danh sách chỉ tiêu",
            "description": "Các chỉ tiêu dxwatch nhận diện: mã (dùng trong v_metrics.indicator), tên tiếng Việt, đơn vị; "
                           "'other' là số liệu ngoài danh sách, nhãn của nó nói nó đo gì.",
            "sql": f"SELECT column1 AS indicator, column2 AS label, column3 AS unit FROM (VALUES\n{rows})"}


def metadata(db_name: str, tables: list[str] = ()) -> dict:
    """Datasette metadata: the contract views first with Vietnamese descriptions, internal tables
    hidden (still reachable under "bảng nội bộ"), canned queries and the indicator list."""
    table_meta = {t: {"hidden": True} for t in tables if t not in VIEWS}
    table_meta["articles"] = {"hidden": True, "fts_table": "articles_fts", "fts_pk": "id"}
    table_meta.update({v: {"description": d} for v, d in VIEWS.items()})
    return {
        "title": "Kho tin chuyển đổi số (dxwatch)",
        "description": "Tin tức của các cổng thông tin chính phủ về chuyển đổi số: bài viết, cuộc họp, số liệu. "
                       "Chỉ đọc. Truy vấn các view v_*; xem docs/sql.md.",
        "databases": {db_name: {
            "tables": table_meta,
            "queries": {**CANNED, "indicators": indicators_query()},
            "dx_views": [{"name": v, "description": d} for v, d in VIEWS.items()],
            "dx_default_sql": "SELECT held_on, body, ordinal, chair, article_count FROM v_meetings ORDER BY held_on DESC",
        }},
    }


def _table_names(path: Path) -> list[str]:
    import sqlite3
    con = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    finally:
        con.close()


def datasette_args(db_url: str, host: str, port: int, workdir: Path | None = None) -> list[str]:
    """The `python -m datasette …` command line for this archive (writes the metadata file)."""
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite":
        raise ServeError("dxwatch serve needs a SQLite archive (Datasette serves SQLite only); for "
                         "PostgreSQL use dxwatch sql / dxwatch search, or any PostgreSQL client")
    path = Path(url.database or "")
    if not path.is_file():
        raise ServeError(f"no archive at {path}: run 'dxwatch crawl' first, or point at the archive's "
                         f"configuration with --config PATH (or DXWATCH_CONFIG)")
    try:
        import datasette  # noqa: F401
    except ImportError:
        raise ServeError("Datasette is not installed: pip install 'dxwatch[serve]'") from None
    workdir = workdir or Path(tempfile.mkdtemp(prefix="dxwatch-serve-"))
    meta = workdir / "metadata.json"
    meta.write_text(json.dumps(metadata(path.stem, _table_names(path)), ensure_ascii=False, indent=2), encoding="utf-8")
    return [sys.executable, "-m", "datasette", "serve", str(path), "--metadata", str(meta),
            "--plugins-dir", str(PLUGINS), "--template-dir", str(TEMPLATES), "--host", host, "--port", str(port),
            "--setting", "sql_time_limit_ms", "5000", "--setting", "default_page_size", "50"]
