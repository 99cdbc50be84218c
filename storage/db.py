"""Engine creation (SQLite WAL pragmas, PostgreSQL pre-ping) and automatic migrations."""
from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from common.secrets import mask_url

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
MIGRATION_LOCK = 0x64787761        # PostgreSQL advisory lock key held while migrating ("dxwa")


class DatabaseError(Exception):
    """The archive cannot be opened or migrated; the message names the (masked) URL."""


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout = 10000")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.close()


def make_engine(url: str, *, readonly: bool = False) -> Engine:
    """An engine for the archive URL; SQLite files get WAL and a busy timeout."""
    try:
        u = make_url(url)
    except Exception:
        raise DatabaseError(f"invalid database URL {mask_url(url)!r}") from None
    if u.get_backend_name() == "sqlite":
        db = u.database or ""
        if db and db != ":memory:" and not readonly:
            try:
                Path(db).parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise DatabaseError(f"cannot create the directory for {mask_url(url)}: {e.strerror}") from None
        if readonly:
            if not db or not Path(db).is_file():
                raise DatabaseError(f"no archive at {mask_url(url)}: run 'dxwatch crawl' first, or name the "
                                    f"archive's configuration with --config PATH (or DXWATCH_CONFIG)")
            uri = f"file:{Path(db).resolve()}?mode=ro"
            engine = create_engine("sqlite://", creator=lambda: __import__("sqlite3").connect(
                uri, uri=True, check_same_thread=False))
        else:
            engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        if readonly:
            event.listen(engine, "connect", lambda c, r: c.execute("PRAGMA query_only = ON"))
        return engine
    return create_engine(url, pool_pre_ping=True, pool_recycle=1800)


def _alembic_config(engine: Engine):
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (runs on every start; a no-op when current)."""
    from alembic import command
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode = WAL")
        command.upgrade(_alembic_config(engine), "head")
        return
    # several cluster workers start at once on a fresh database: one migrates, the others wait
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), dict(k=MIGRATION_LOCK))
        try:
            command.upgrade(_alembic_config(engine), "head")
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), dict(k=MIGRATION_LOCK))
            conn.commit()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def open_archive(url: str) -> Engine:
    """Open (creating if needed) and migrate the archive; a clear DatabaseError on failure."""
    engine = make_engine(url)
    try:
        migrate(engine)
    except SQLAlchemyError as e:
        engine.dispose()
        reason = str(getattr(e, "orig", e)).strip().splitlines()[0]
        raise DatabaseError(f"cannot open the archive at {mask_url(url)}: {reason}") from None
    return engine
