"""The daemon: scheduled crawls in child processes, one daemon per database, heartbeat and
status, clean exit on SIGTERM, and a crawl killed mid-way is marked interrupted, nothing lost."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, query, run_cli, write_mirror_config


def start_daemon(cfg: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DXWATCH_FAST_HEARTBEAT": "1"}
    env.pop("DXWATCH_CONFIG", None)
    return subprocess.Popen([sys.executable, "-m", "crawler.cli", "--config", str(cfg), "run"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(predicate, timeout=60.0, step=0.5):
    """Poll until true. A database the daemon is still creating (file there, tables not yet
    migrated) counts as "not yet", not as a failure."""
    from sqlalchemy.exc import OperationalError
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if predicate():
                return True
        except OperationalError:
            pass
        time.sleep(step)
    return False


def daemon_config(mirror, tmp_path):
    cfg = write_mirror_config(mirror, tmp_path, only=["vgp", "liferay"])
    cfg.write_text(cfg.read_text().replace('interval = "30m"', 'interval = "20s"'))
    return cfg, f"sqlite:///{tmp_path / 'dx.db'}"


@pytest.mark.timed_waits
def test_daemon_crawls_on_schedule_refuses_a_second_and_stops_on_sigterm(mirror, tmp_path):
    cfg, db = daemon_config(mirror, tmp_path)
    daemon = start_daemon(cfg)
    try:
        assert wait_for(lambda: Path(tmp_path / "dx.db").exists() and
                        query(db, "SELECT COUNT(*) FROM crawl_runs WHERE status = 'ok'")[0][0] >= 2, 90), \
            "no scheduled crawl finished"
        status = run_cli("status", "--format", "json", config=cfg)
        state = json.loads(status.stdout)["daemon"]
        assert state["state"] == "running" and state["pid"] == daemon.pid and status.returncode == 0
        nxt = {j["job"]: j["at"] for j in state["next_runs"]}
        assert {"digest", "housekeeping", "crawl:mirror-vgp"} <= set(nxt)
        assert nxt["digest"].endswith("T07:00+07:00")                       # [digest] time in Hà Nội time
        assert "next runs: " in run_cli("status", config=cfg).stdout
        second = run_cli("run", config=cfg, timeout=30)
        assert second.returncode == 4 and "another dxwatch daemon" in second.stderr
        jobs = {r[0] for r in query(db, "SELECT id FROM apscheduler_jobs")}
        assert {"crawl:mirror-vgp", "crawl:mirror-liferay", "digest", "housekeeping"} <= jobs
    finally:
        daemon.send_signal(signal.SIGTERM)
        code = daemon.wait(timeout=60)
    assert code == 0
    assert query(db, "SELECT status FROM daemon_state")[0][0] == "stopped"
    assert query(db, "SELECT COUNT(*) FROM crawl_runs WHERE status = 'running'")[0][0] == 0


def test_restart_drops_removed_sources_and_dead_daemon_is_reported(mirror, tmp_path):
    cfg, db = daemon_config(mirror, tmp_path)
    daemon = start_daemon(cfg)
    assert wait_for(lambda: Path(tmp_path / "dx.db").exists() and
                    query(db, "SELECT COUNT(*) FROM daemon_state WHERE status = 'running'")[0][0] == 1, 60)
    daemon.kill()                                   # SIGKILL: no goodbye, the heartbeat just stops
    daemon.wait()
    time.sleep(1)
    text = cfg.read_text()
    head, *blocks = text.split("[[sources]]")
    cfg.write_text(head + "".join("[[sources]]" + b for b in blocks if "mirror-liferay" not in b))
    again = start_daemon(cfg)                       # same host, dead pid: it takes over
    try:
        assert wait_for(lambda: "crawl:mirror-liferay" not in {r[0] for r in query(db, "SELECT id FROM apscheduler_jobs")}
                        and query(db, "SELECT pid FROM daemon_state")[0][0] == again.pid, 60)
    finally:
        again.send_signal(signal.SIGTERM)
        assert again.wait(timeout=60) == 0
    # a daemon that says "running" but has no heartbeat any more is dead for monitoring
    query_write = __import__("sqlite3").connect(tmp_path / "dx.db")
    query_write.execute("UPDATE daemon_state SET status = 'running', heartbeat_at = '2020-01-01 00:00:00'")
    query_write.commit()
    query_write.close()
    status = run_cli("status", config=cfg)
    assert status.returncode == 1 and "daemon: dead" in status.stdout


def test_crawl_killed_midway_is_marked_interrupted_and_nothing_is_lost(mirror, tmp_path):
    cfg, db = daemon_config(mirror, tmp_path)
    assert run_cli("crawl", "--source", "mirror-liferay", config=cfg).returncode == 0
    stored = query(db, "SELECT COUNT(*) FROM articles")[0][0]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    crawl = subprocess.Popen([sys.executable, "-m", "crawler.cli", "--config", str(cfg), "crawl"], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert wait_for(lambda: query(db, "SELECT COUNT(*) FROM crawl_runs WHERE status = 'running'")[0][0] == 1, 30, 0.05)
    crawl.kill()
    crawl.wait()
    assert query(db, "SELECT COUNT(*) FROM articles")[0][0] >= stored          # nothing lost
    assert run_cli("crawl", "--source", "mirror-vgp", config=cfg).returncode == 0
    statuses = [r[0] for r in query(db, "SELECT status FROM crawl_runs ORDER BY id")]
    assert statuses == ["ok", "interrupted", "ok"]
    # every stored article is whole: its URL, snapshot and story are there
    assert query(db, "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.article_id = a.id) "
                     "OR NOT EXISTS (SELECT 1 FROM article_urls u WHERE u.article_id = a.id) OR a.story_id IS NULL")[0][0] == 0


def crawl_children(cfg: Path) -> list[int]:
    """Live (not zombie) `dxwatch crawl` processes started with this config."""
    pids = []
    for d in Path("/proc").iterdir():
        try:
            cmd = (d / "cmdline").read_bytes().split(b"\0")
            state = (d / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if str(cfg).encode() in cmd and b"crawl" in cmd and state != "Z":
            pids.append(int(d.name))
    return pids


@pytest.mark.timed_waits
def test_daemon_killed_during_a_crawl_takes_its_crawl_with_it(mirror, tmp_path):
    cfg, db = daemon_config(mirror, tmp_path)
    daemon = start_daemon(cfg)
    assert wait_for(lambda: Path(tmp_path / "dx.db").exists() and crawl_children(cfg)
                    and query(db, "SELECT COUNT(*) FROM crawl_runs WHERE status = 'running'")[0][0] >= 1, 60, 0.1)
    daemon.kill()                                   # SIGKILL: the crawl child must not run on, orphaned
    daemon.wait()
    assert wait_for(lambda: not crawl_children(cfg), 30, 0.2), "an orphan crawl outlived its daemon"
    again = start_daemon(cfg)
    try:
        assert wait_for(lambda: query(db, "SELECT COUNT(*) FROM crawl_runs WHERE status = 'ok'")[0][0] >= 2, 90)
    finally:
        again.send_signal(signal.SIGTERM)
        assert again.wait(timeout=60) == 0
    assert query(db, "SELECT COUNT(*) FROM crawl_runs WHERE status = 'running'")[0][0] == 0
    assert query(db, "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM snapshots s WHERE "
                     "s.article_id = a.id) OR a.story_id IS NULL")[0][0] == 0


@pytest.mark.timed_waits
def test_sources_on_one_host_take_turns_and_other_hosts_go_on(mirror, tmp_path):
    """Each crawl is its own process, so Scrapy's per-host slot cannot see the others: the daemon
    runs the sources that share a host one at a time (and a source on another host meanwhile)."""
    cfg, db = daemon_config(mirror, tmp_path)
    head, *blocks = cfg.read_text().split("[[sources]]")
    vgp = next(b for b in blocks if '"mirror-vgp"' in b)
    twins = [vgp.replace('"mirror-vgp"', f'"vgp-twin-{n}"') for n in "ab"]     # same portal, other sections
    cfg.write_text(head + "".join("[[sources]]" + b for b in [*blocks, *twins]).replace('interval = "20s"', 'interval = "1h"'))
    daemon = start_daemon(cfg)
    try:
        assert wait_for(lambda: Path(tmp_path / "dx.db").exists() and
                        query(db, "SELECT COUNT(*) FROM crawl_runs WHERE status = 'ok'")[0][0] >= 4, 120)
    finally:
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(timeout=60) == 0
    runs = query(db, "SELECT s.source_id, r.started_at, r.finished_at FROM crawl_runs r "
                     "JOIN crawl_run_sources s ON s.run_id = r.id WHERE r.status = 'ok' ORDER BY r.started_at")
    same_host = [(str(a), str(b)) for sid, a, b in runs if sid in ("mirror-vgp", "vgp-twin-a", "vgp-twin-b")]
    assert len(same_host) == 3
    for (_, end), (start, _) in zip(same_host, same_host[1:]):
        assert start >= end, f"two crawls of one host at once: {same_host}"
    other = next((str(a), str(b)) for sid, a, b in runs if sid == "mirror-liferay")
    assert other[0] < same_host[-1][0], "a source on another host waited for this host's crawls"
