"""Named locks between dxwatch processes, on SQLite and PostgreSQL: one holder at a time, a
racing taker loses cleanly, and a holder that died (SIGKILL) or went stale never blocks the next."""
import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from sqlalchemy import text

from storage import locks
from storage.db import open_archive
from tests.conftest import ROOT, fresh_pg_database

HOLD = """
import sys, time
from storage import locks
from storage.db import open_archive
engine = open_archive(sys.argv[1])
try:
    locks.acquire(engine, "digest")
except locks.LockHeld as e:
    print("HELD", e, flush=True)
    sys.exit(4)
print("GOT", flush=True)
time.sleep(float(sys.argv[2]))
locks.release(engine, "digest")
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        eng = open_archive(f"sqlite:///{tmp_path / 'dx.db'}")
        yield eng, f"sqlite:///{tmp_path / 'dx.db'}"
    else:
        with fresh_pg_database() as url:
            eng = open_archive(url)
            yield eng, url
    eng.dispose()


def holder(url: str, seconds: float) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", HOLD, url, str(seconds)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().startswith("GOT")
    return proc


def test_one_holder_at_a_time_and_a_dead_holder_is_taken_over(engine):
    eng, url = engine
    other = holder(url, 60)
    try:
        with pytest.raises(locks.LockHeld) as held:
            locks.acquire(eng, "digest")
        assert held.value.pid == other.pid and f"pid {other.pid}" in str(held.value)
        with pytest.raises(locks.LockHeld):                  # alive on this host: never stale, however old
            locks.acquire(eng, "digest", stale_after=timedelta(0))
        with locks.held(eng, "reprocess"):                   # other names are independent
            pass
    finally:
        other.kill()                                         # dies holding it
        other.wait()
    with locks.held(eng, "digest"):
        racer = subprocess.run([sys.executable, "-c", HOLD, url, "0"], cwd=ROOT, capture_output=True, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
        assert racer.returncode == 4 and f"pid {os.getpid()}" in racer.stdout
    with eng.connect() as conn:                              # released on exit
        assert conn.execute(text("SELECT COUNT(*) FROM process_locks")).scalar_one() == 0


def test_a_stale_lock_from_another_host_is_taken_over(engine):
    eng, _ = engine
    with eng.begin() as conn:
        conn.execute(text("INSERT INTO process_locks (name, pid, host, acquired_at) VALUES "
                          "('digest', 1, 'other-host', :t)"), dict(t=locks.utcnow() - timedelta(minutes=10)))
    with pytest.raises(locks.LockHeld, match="other-host"):
        locks.acquire(eng, "digest")                        # fresh: we cannot tell it is dead
    started = time.monotonic()
    locks.acquire(eng, "digest", stale_after=timedelta(minutes=5))
    assert time.monotonic() - started < 5
    locks.release(eng, "digest")
