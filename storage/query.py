"""Read-only SQL over the archive: read-only by construction (SQLite mode=ro, PG read-only tx)."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from common.secrets import mask_url
from storage.db import DatabaseError, make_engine

DEFAULT_LIMIT = 1000


class QueryError(Exception):
    """One clear line for the user: what the database said."""


def psycopg_errors() -> tuple:
    try:
        import psycopg
        return (psycopg.Error,)
    except ImportError:   # pragma: no cover - psycopg is a dependency
        return ()


def _plain(v):
    if isinstance(v, datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, (bytes, memoryview)):
        return f"<{len(bytes(v))} bytes>"
    return v


_NO_ROWS = "the statement returned no rows (dxwatch sql is read-only: SELECT, WITH, EXPLAIN)"
QUERY_KEYWORDS = ("select", "with", "values", "explain")
_LEADING_COMMENTS = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.S)


class QueryRefused(QueryError):
    """Not a query (PRAGMA, ATTACH, INSERT, …) or no statement at all: refused before it runs."""


def check_statement(sql: str) -> str:
    """The statement without leading comments, if it is a query; else QueryRefused in one line.
    Only SELECT, WITH, VALUES and EXPLAIN start a query: PRAGMA, ATTACH and every other
    statement are refused here, before the database sees them (an ATTACH would create a file)."""
    body = _LEADING_COMMENTS.sub("", sql or "", count=1).strip()
    if not body.rstrip(";").strip():
        raise QueryRefused("empty query: give one SELECT statement, e.g. \"SELECT * FROM v_meetings\"")
    first = re.match(r"[A-Za-z_]+", body)
    word = first.group(0).lower() if first else body[:20]
    if word not in QUERY_KEYWORDS:
        raise QueryRefused(f"{word.upper()}: not a query; dxwatch sql runs one read-only query "
                           f"(SELECT, WITH, VALUES or EXPLAIN), nothing else")
    return body


# What SQLite may do while running a user's query: read and compute, nothing else. The authorizer
# is the engine's own guard (PRAGMA, ATTACH, writes, temp tables… denied at prepare time), on top
# of mode=ro and query_only, so a refused statement never touches the file system.
_SQLITE_ALLOWED = {21, 20, 31, 33}          # SQLITE_SELECT, SQLITE_READ, SQLITE_FUNCTION, SQLITE_RECURSIVE
_SQLITE_INFO_PRAGMAS = {"table_info", "table_xinfo", "index_list", "index_info", "foreign_key_list"}


def _sqlite_authorizer(action, arg1, arg2, dbname, source):
    import sqlite3
    if action in _SQLITE_ALLOWED:
        return sqlite3.SQLITE_OK
    if action == 19 and arg1 in _SQLITE_INFO_PRAGMAS:      # SQLITE_PRAGMA, as pragma_table_info(…)
        return sqlite3.SQLITE_OK
    if action == 23 and arg1 in ("sqlite_master", "sqlite_schema"):    # SQLite reading its own schema
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def _pg_read_only(conn, sql: str, limit: int):
    """One statement in a READ ONLY transaction, sent as a prepared statement: PostgreSQL refuses
    several commands in one prepared statement, so "…; COMMIT; BEGIN READ WRITE; …" cannot escape."""
    driver = conn.connection.driver_connection
    with driver.cursor() as cur:
        cur.execute("BEGIN READ ONLY")
        try:
            cur.execute(sql, prepare=True)
            if cur.description is None:
                raise QueryError(_NO_ROWS)
            cols = [d.name for d in cur.description]
            rows = cur.fetchmany(limit + 1)
        finally:
            cur.execute("ROLLBACK")
    return cols, rows


def read_only_engine(db_url: str):
    """SQLite opened with mode=ro and query_only; PostgreSQL sessions read-only by default. A
    server that cannot be reached is a DatabaseError naming the (masked) URL, like open_archive."""
    if make_url(db_url).get_backend_name() == "sqlite":
        return make_engine(db_url, readonly=True)
    from sqlalchemy import create_engine
    engine = create_engine(db_url, pool_pre_ping=True,
                           connect_args={"options": "-c default_transaction_read_only=on"})
    try:
        engine.connect().close()
    except SQLAlchemyError as e:
        engine.dispose()
        reason = str(getattr(e, "orig", e)).strip().splitlines()[0]
        raise DatabaseError(f"cannot open the archive at {mask_url(db_url)}: {reason}") from None
    return engine


def run_query(db_url: str, sql: str, limit: int = DEFAULT_LIMIT) -> tuple[list[str], list[tuple], bool]:
    """Run one statement read-only; returns (columns, rows, truncated)."""
    if limit < 0:
        raise QueryRefused(f"--limit: expected 0 or more rows, got {limit}")
    sql = check_statement(sql)
    backend = make_url(db_url).get_backend_name()
    engine = read_only_engine(db_url)
    try:
        with engine.connect() as conn:
            if backend == "sqlite":
                raw = conn.connection.driver_connection
                raw.set_authorizer(_sqlite_authorizer)
                try:
                    result = conn.execute(text(sql))      # sqlite3 runs one statement per call
                    if not result.returns_rows:
                        raise QueryError(_NO_ROWS)
                    cols = list(result.keys())
                    rows = result.fetchmany(limit + 1)
                finally:
                    raw.set_authorizer(None)
            else:
                cols, rows = _pg_read_only(conn, sql, limit)
            truncated = len(rows) > limit
            return cols, [tuple(_plain(v) for v in r) for r in rows[:limit]], truncated
    except psycopg_errors() as e:
        raise QueryError(str(e).strip().splitlines()[0]) from None
    except DBAPIError as e:
        msg = str(e.orig).strip().splitlines()[0] if e.orig is not None else str(e)
        if msg == "not authorized":
            msg = "not allowed in dxwatch sql: it reads and computes only (no PRAGMA, ATTACH or writes)"
        if "readonly" in msg.replace("-", "").replace(" ", "").lower() or "read-only" in msg.lower() \
                or "query_only" in msg.lower():
            msg = f"the archive is read-only here ({msg})"
        raise QueryError(msg) from None
    except SQLAlchemyError as e:
        raise QueryError(str(e).strip().splitlines()[0]) from None
    except DatabaseError:
        raise
    except Exception as e:  # sqlite3.Warning for multiple statements, etc.
        raise QueryError(f"{type(e).__name__}: {e}") from None
    finally:
        engine.dispose()


def format_rows(cols: list[str], rows: list[tuple], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(cols, r)) for r in rows], ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        w.writerows(rows)
        return buf.getvalue()
    raise ValueError(fmt)
