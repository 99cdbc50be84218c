"""Shared fixtures: the offline mirror, throwaway PostgreSQL databases, the CLI as a subprocess."""
from __future__ import annotations

import os
from contextlib import contextmanager
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PG_ADMIN_URL = os.environ.get("DXWATCH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="session")
def mirror():
    from mirror.server import MirrorServer
    with MirrorServer() as m:
        yield m


def _pg_available() -> str | None:
    try:
        import psycopg
        with psycopg.connect(PG_ADMIN_URL.replace("+psycopg", ""), connect_timeout=3):
            return None
    except Exception as e:  # noqa: BLE001 - any failure means "no server"
        return str(e).splitlines()[0]


@contextmanager
def fresh_pg_database():
    """A fresh PostgreSQL database, dropped afterwards. On CI a missing server fails."""
    problem = _pg_available()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required on CI: {problem}")
        pytest.skip(f"PostgreSQL not reachable: {problem}")
    import psycopg
    name = f"dxwatch_test_{uuid.uuid4().hex[:10]}"
    admin = PG_ADMIN_URL.replace("+psycopg", "")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url():
    """A fresh PostgreSQL database for one test."""
    with fresh_pg_database() as url:
        yield url


def run_cli(*args: str, config: Path | None = None, env: dict | None = None, timeout: int = 240,
            cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `dxwatch ARGS` in a child process (Twisted's reactor runs once per process)."""
    cmd = [sys.executable, "-m", "crawler.cli"]
    if config is not None:
        cmd += ["--config", str(config)]
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200", **(env or {})}
    full_env.pop("DXWATCH_CONFIG", None)
    return subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=timeout, env=full_env,
                          cwd=cwd or ROOT)


@pytest.fixture
def cli():
    return run_cli


def write_mirror_config(mirror, tmp_path: Path, db_url: str | None = None, extra: str = "",
                        only: list[str] | None = None) -> Path:
    db_url = db_url or f"sqlite:///{tmp_path / 'dx.db'}"
    text = mirror.config_toml(db_url)
    if only is not None:
        # keep only the [[sources]] blocks of the listed mirror sites
        head, *blocks = text.split("[[sources]]")
        text = head + "".join("[[sources]]" + b for b in blocks if any(f'"mirror-{k}"' in b for k in only))
    if extra:
        text += "\n" + extra + "\n"
    path = tmp_path / "dxwatch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def query(db_url: str, sql: str) -> list:
    """All rows of one SQL statement against a test archive (a fresh engine, disposed after)."""
    from sqlalchemy import create_engine, text
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).fetchall()
    finally:
        engine.dispose()


def free_port() -> int:
    """A loopback port with nothing listening (for dead servers) or free to bind."""
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
