"""PostgreSQL restarts survived: every backend of the archive's database is terminated again and
again (what a server restart does to its clients) while a crawl stores articles and while the
daemon beats; nothing is lost, no traceback, the work goes on."""
import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
import psycopg

from tests.conftest import PG_ADMIN_URL, ROOT, query, run_cli, write_mirror_config
from tests.test_crawl import expected_urls
from tests.test_daemon import start_daemon, wait_for


class Terminator:
    """Kills every connection to one database, every `every` seconds, until stopped."""
    def __init__(self, db_name: str, every: float = 0.4):
        self.db, self.every, self.killed = db_name, every, 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        with psycopg.connect(PG_ADMIN_URL.replace("+psycopg", ""), autocommit=True) as conn:
            while not self.stop.is_set():       # sleep, not Event.wait(timeout): libfaketime never wakes the latter
                time.sleep(self.every)
                rows = conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                    "WHERE datname = %s AND pid <> pg_backend_pid()", (self.db,)).fetchall()
                self.killed += len(rows)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def test_a_crawl_survives_its_connections_being_cut(mirror, tmp_path, pg_url):
    sites = {"vgp", "newspaper", "sitemap", "liferay"}
    cfg = write_mirror_config(mirror, tmp_path, db_url=pg_url, only=sorted(sites))
    cfg.write_text(cfg.read_text().replace("download_delay = 0", "download_delay = 0.25")
                   .replace("per_host_concurrency = 4", "per_host_concurrency = 1"))
    proc = subprocess.Popen([sys.executable, "-m", "crawler.cli", "--config", str(cfg), "crawl"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert wait_for(lambda: _has_run(pg_url), 60, 0.2)          # migrated, crawling: now cut, and again
    with Terminator(pg_url.rsplit("/", 1)[1]) as t:
        out, err = proc.communicate(timeout=240)
    assert t.killed >= 2, "the test never cut a connection"
    assert proc.returncode == 0, err[-2000:]
    assert "Traceback" not in err
    stored = {r[0] for r in query(pg_url, "SELECT url FROM article_urls")}
    assert expected_urls(mirror, sites) <= stored                            # nothing lost
    assert query(pg_url, "SELECT status FROM crawl_runs") == [("ok",)]
    assert query(pg_url, "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM snapshots s "
                         "WHERE s.article_id = a.id) OR a.story_id IS NULL")[0][0] == 0


@pytest.mark.timed_waits
def test_the_daemon_beats_on_after_the_database_restarts(mirror, tmp_path, pg_url):
    cfg = write_mirror_config(mirror, tmp_path, db_url=pg_url, only=["vgp"])
    cfg.write_text(cfg.read_text().replace('interval = "30m"', 'interval = "1d"'))
    daemon = start_daemon(cfg)
    try:
        assert wait_for(lambda: _state(cfg) == "running", 60)
        with Terminator(pg_url.rsplit("/", 1)[1], every=0.5) as t:
            time.sleep(4)
        assert t.killed >= 2
        before = query(pg_url, "SELECT heartbeat_at FROM daemon_state")[0][0]
        assert wait_for(lambda: query(pg_url, "SELECT heartbeat_at FROM daemon_state")[0][0] > before, 20)
        assert daemon.poll() is None                                          # still alive
    finally:
        daemon.send_signal(signal.SIGTERM)
        code = daemon.wait(timeout=60)
    assert code == 0 and query(pg_url, "SELECT status FROM daemon_state") == [("stopped",)]


def _has_run(pg_url: str) -> bool:
    try:
        return bool(query(pg_url, "SELECT COUNT(*) FROM crawl_runs")[0][0])
    except Exception:  # noqa: BLE001 - not migrated yet
        return False


def _state(cfg) -> str:
    res = run_cli("status", "--format", "json", config=cfg)
    try:
        return json.loads(res.stdout)["daemon"]["state"]
    except (ValueError, KeyError):
        return ""
