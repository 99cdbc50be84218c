"""Read-only SQL over the archive: read-only by construction (SQLite mode=ro, PG read-only tx)."""
from __future__ import annotations

import csv
import io
import json
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
    backend = make_url(db_url).get_backend_name()
    engine = read_only_engine(db_url)
    try:
        with engine.connect() as conn:
            if backend == "sqlite":
                result = conn.execute(text(sql))      # sqlite3 runs one statement per call
                if not result.returns_rows:
                    raise QueryError(_NO_ROWS)
                cols = list(result.keys())
                rows = result.fetchmany(limit + 1)
            else:
                cols, rows = _pg_read_only(conn, sql, limit)
            truncated = len(rows) > limit
            return cols, [tuple(_plain(v) for v in r) for r in rows[:limit]], truncated
    except psycopg_errors() as e:
        raise QueryError(str(e).strip().splitlines()[0]) from None
    except DBAPIError as e:
        msg = str(e.orig).strip().splitlines()[0] if e.orig is not None else str(e)
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
