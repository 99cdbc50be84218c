"""storage.query: read-only by construction on PostgreSQL too (read-only transaction, one statement)."""
import pytest

from storage.db import open_archive
from storage.query import QueryError, run_query


@pytest.mark.parametrize("stmt", [
    "SELECT 1; COMMIT; BEGIN READ WRITE; CREATE TABLE escaped(i int)",
    "CREATE TABLE escaped(i int)",
    "DELETE FROM articles",
    "SET default_transaction_read_only = off",
])
def test_postgresql_refuses_writes_and_multiple_statements(pg_url, stmt):
    open_archive(pg_url).dispose()
    try:
        run_query(pg_url, stmt)
    except QueryError as e:
        assert str(e) and "\n" not in str(e)
    _, rows, _ = run_query(pg_url, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'escaped'")
    assert rows == [(0,)]


def test_postgresql_select_works(pg_url):
    open_archive(pg_url).dispose()
    cols, rows, truncated = run_query(pg_url, "SELECT source_id, degraded FROM v_source_health")
    assert cols == ["source_id", "degraded"] and rows == [] and truncated is False


def test_missing_sqlite_archive_is_not_created(tmp_path):
    from storage.db import DatabaseError
    with pytest.raises(DatabaseError, match="no archive"):
        run_query(f"sqlite:///{tmp_path / 'none.db'}", "SELECT 1")
    assert not (tmp_path / "none.db").exists()
