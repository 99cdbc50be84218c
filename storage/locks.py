"""Named locks between dxwatch processes on one database (portable: SQLite and PostgreSQL).

`dxwatch digest --send` from a shell and the daemon's morning digest must never run at once:
both would find the same pending items and build two digests of them. A lock is a row in
`process_locks` keyed by name, holding the owner's pid and host. Taking it is one transaction
whose INSERT conflicts with any other taker's (primary key), so two takers never both win.

A lock whose owner is dead (same host, pid gone) or that is older than `stale_after` (an owner
on another host we cannot check) is taken over: a SIGKILLed sender never blocks the next one.
"""
from __future__ import annotations

import os
import socket
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from storage.archive import pid_alive
from storage.models import utcnow


@dataclass
class LockHeld(Exception):
    name: str
    pid: int
    host: str
    since: datetime | str

    def __str__(self) -> str:
        return f"another dxwatch process (pid {self.pid} on {self.host}, since {self.since} UTC) holds the {self.name} lock"


class ArchiveBusy(Exception):
    """The lock could not be taken because the database stayed locked (SQLite), not because
    anyone holds it."""


def _alive(row, now: datetime, stale_after: timedelta) -> bool:
    """On this host the pid says (a pid of another user's process counts as alive); from another
    host, which cannot be checked, a lock older than `stale_after` is taken as abandoned."""
    if row.host == socket.gethostname():
        return pid_alive(row.pid)
    since = row.acquired_at if isinstance(row.acquired_at, datetime) else datetime.fromisoformat(str(row.acquired_at))
    return since >= now - stale_after


def acquire(engine: Engine, name: str, *, stale_after: timedelta = timedelta(hours=1)) -> None:
    """Take the lock or raise LockHeld (with who holds it)."""
    pid, host, now = os.getpid(), socket.gethostname(), utcnow()
    try:
        with engine.begin() as conn:
            row = conn.execute(text("SELECT pid, host, acquired_at FROM process_locks WHERE name = :n"),
                               dict(n=name)).first()
            if row is not None:
                if _alive(row, now, stale_after):
                    raise LockHeld(name, row.pid, row.host, row.acquired_at)
                conn.execute(text("DELETE FROM process_locks WHERE name = :n AND pid = :p AND host = :h"),
                             dict(n=name, p=row.pid, h=row.host))
            conn.execute(text("INSERT INTO process_locks (name, pid, host, acquired_at) VALUES (:n, :p, :h, :t)"),
                         dict(n=name, p=pid, h=host, t=now))
    except (IntegrityError, OperationalError) as e:
        if isinstance(e, OperationalError) and "locked" not in str(e.orig):
            raise
        # another taker won the race (or holds SQLite's write lock for it): report who
        with engine.connect() as conn:
            row = conn.execute(text("SELECT pid, host, acquired_at FROM process_locks WHERE name = :n"),
                               dict(n=name)).first()
        if row is None:
            raise ArchiveBusy(f"the archive stayed busy (another process writing) while taking the {name} lock; "
                              f"try again") from None
        raise LockHeld(name, row.pid, row.host, row.acquired_at) from None


def release(engine: Engine, name: str) -> None:
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM process_locks WHERE name = :n AND pid = :p AND host = :h"),
                     dict(n=name, p=os.getpid(), h=socket.gethostname()))


@contextmanager
def held(engine: Engine, name: str, **kw):
    acquire(engine, name, **kw)
    try:
        yield
    finally:
        release(engine, name)
