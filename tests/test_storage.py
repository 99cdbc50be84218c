"""storage: migrations from empty on SQLite and PostgreSQL, the contract's views, WAL, clear errors."""
import pytest
from sqlalchemy import inspect, text

from storage.db import DatabaseError, current_revision, open_archive

VIEWS = {
    "v_articles": ["article_id", "source_id", "url", "title", "published_at", "first_seen_at", "relevant", "story_id", "text"],
    "v_stories": ["story_id", "title", "article_count", "first_seen_at"],
    # the design's columns, then held_in: the month or year of a meeting whose day is unknown
    "v_meetings": ["meeting_id", "kind", "body", "ordinal", "held_on", "chair", "article_count", "first_seen_at",
                   "held_in"],
    "v_meeting_articles": ["meeting_id", "article_id", "url", "source_id"],
    "v_metrics": ["metric_id", "indicator", "label", "value", "unit", "out_of", "kind", "period", "period_start",
                  "period_end", "scope", "scope_now", "qualifier", "article_id", "url", "first_seen_at"],
    "v_source_health": ["source_id", "last_success_at", "last_error", "consecutive_failures", "articles_7d", "degraded",
                        "last_attempt_at", "usual_7d", "empty_share", "undated_share", "blocked", "reason",
                        "last_status", "last_reason"],
}


def _check_schema(engine):
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        assert {"sources", "crawl_runs", "fetches", "snapshots", "articles", "article_urls"} <= tables
        for view, cols in VIEWS.items():
            assert list(conn.execute(text(f"SELECT * FROM {view} WHERE 1 = 0")).keys()) == cols
    assert current_revision(engine) is not None


def test_sqlite_migrates_up_from_empty_and_uses_wal(tmp_path):
    engine = open_archive(f"sqlite:///{tmp_path / 'sub' / 'a.db'}")
    _check_schema(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    rev = current_revision(engine)
    engine.dispose()
    again = open_archive(f"sqlite:///{tmp_path / 'sub' / 'a.db'}")      # second start: no-op
    assert current_revision(again) == rev


def test_postgresql_migrates_up_from_empty(pg_url):
    engine = open_archive(pg_url)
    _check_schema(engine)
    engine.dispose()


def test_unreachable_database_is_a_clear_error_with_masked_password():
    with pytest.raises(DatabaseError) as ei:
        open_archive("postgresql+psycopg://dx:topsecret@127.0.0.1:1/dx?connect_timeout=2")
    msg = str(ei.value)
    assert "topsecret" not in msg and "dx:***@127.0.0.1:1/dx" in msg


def test_sqlite_path_that_cannot_be_created_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseError, match="cannot"):
        open_archive(f"sqlite:///{blocker / 'x.db'}")


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_a_crawl_reads_the_validators_of_its_own_hosts_only(tmp_path, request, engine):
    """Conditional GET: a crawl of a few sources reads the ETags of their hosts (http and https,
    with and without www., any path), not every validator the archive holds."""
    from crawler.middlewares import entry_netlocs
    from storage.archive import Archive
    url = request.getfixturevalue("pg_url") if engine == "postgresql" else f"sqlite:///{tmp_path / 'v.db'}"
    archive = Archive(open_archive(url))
    urls = ["http://a.gov.vn/tin", "https://www.a.gov.vn/rss/cds.rss", "http://a.gov.vn:8080/x",
            "http://b.gov.vn/tin", "http://a.gov.vn.evil.example/tin", "http://ba.gov.vn/", "https://a.gov.vn0/"]
    archive.save_validators({u: (f'"{n}"', None) for n, u in enumerate(urls)})
    src = type("S", (), dict(start_urls=["https://a.gov.vn/"], feeds=[], sitemaps=[], homepage=None))()
    got = archive.validators(entry_netlocs([src]))
    assert set(got) == {"http://a.gov.vn/tin", "https://www.a.gov.vn/rss/cds.rss"}
    assert got["http://a.gov.vn/tin"] == ('"0"', None)
    assert len(archive.validators()) == len(urls) and archive.validators([]) == {}
