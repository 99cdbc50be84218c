"""The dxwatch daemon (`dxwatch run`): APScheduler jobs for each source's crawl, the daily digest
and housekeeping; one daemon per database; each crawl in a child process with a time limit."""
from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import delete, text

from crawler.config import LoadedConfig
from storage.db import open_archive
from storage.models import Fetch, utcnow

log = logging.getLogger("dxwatch.daemon")
HEARTBEAT_SECONDS = 15
STALE_AFTER = timedelta(seconds=HEARTBEAT_SECONDS * 4)
CRAWL_TIMEOUT = 1800            # a crawl child that runs longer is killed and recorded
FETCH_LOG_DAYS = 30
_ROOT = Path(__file__).resolve().parent


class AlreadyRunning(Exception):
    pass


def _cli(config_path: str | None, workdir: str, *args: str, timeout: int) -> int:
    """Run one dxwatch command in a child process (Twisted's reactor runs once per process, and a
    child bounds the browser's memory); killed when it overruns its time."""
    cmd = [sys.executable, "-m", "crawler.cli", *(["--config", config_path] if config_path else []), *args]
    env = {**os.environ, "PYTHONPATH": str(_ROOT)}
    proc = subprocess.Popen(cmd, env=env, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    with _CHILDREN_LOCK:
        _CHILDREN.add(proc)
    try:
        _, err = proc.communicate(timeout=timeout)
        if proc.returncode not in (0, 1, -signal.SIGTERM):     # -SIGTERM: stopped with the daemon
            log.warning("dxwatch %s exited %s: %s", " ".join(args), proc.returncode, err.decode()[-300:])
        return proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        log.warning("dxwatch %s overran %ss and was killed", " ".join(args), timeout)
        return -9
    finally:
        with _CHILDREN_LOCK:
            _CHILDREN.discard(proc)


_CHILDREN: set[subprocess.Popen] = set()
_CHILDREN_LOCK = threading.Lock()


def crawl_job(config_path: str | None, workdir: str, source_id: str, timeout: int = CRAWL_TIMEOUT) -> int:
    return _cli(config_path, workdir, "crawl", "--source", source_id, timeout=timeout)


def digest_job(config_path: str | None, workdir: str) -> int:
    return _cli(config_path, workdir, "digest", "--send", timeout=600)


def housekeeping_job(db_url: str) -> None:
    engine = open_archive(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(delete(Fetch).where(Fetch.fetched_at < utcnow() - timedelta(days=FETCH_LOG_DAYS)))
    finally:
        engine.dispose()


class Daemon:
    def __init__(self, loaded: LoadedConfig, *, config_path: str | None):
        self.loaded, self.config_path, self.workdir = loaded, config_path, os.getcwd()
        self.settings = loaded.settings
        self.engine = open_archive(self.settings.storage.url)
        self.stop_event = threading.Event()
        self.scheduler: BackgroundScheduler | None = None

    # --- one daemon per database ----------------------------------------------------------------
    def acquire(self) -> None:
        host, pid, now = socket.gethostname(), os.getpid(), utcnow()
        with self.engine.begin() as conn:
            row = conn.execute(text("SELECT pid, host, heartbeat_at, status FROM daemon_state WHERE id = 1")).first()
            if row is not None and row.status == "running" and _as_dt(row.heartbeat_at) > now - STALE_AFTER \
                    and not (row.host == host and not _alive(row.pid)):
                raise AlreadyRunning(f"another dxwatch daemon (pid {row.pid} on {row.host}) is running on this "
                                     f"database; its last heartbeat was at {row.heartbeat_at} UTC")
            conn.execute(text("DELETE FROM daemon_state WHERE id = 1"))
            conn.execute(text("INSERT INTO daemon_state (id, pid, host, started_at, heartbeat_at, status) "
                              "VALUES (1, :pid, :host, :now, :now, 'running')"), dict(pid=pid, host=host, now=now))

    def heartbeat(self) -> None:
        nxt = min((j.next_run_time for j in self.scheduler.get_jobs() if j.next_run_time), default=None) \
            if self.scheduler else None
        with self.engine.begin() as conn:
            conn.execute(text("UPDATE daemon_state SET heartbeat_at = :now, next_run_at = :nxt WHERE id = 1 AND pid = :pid"),
                         dict(now=utcnow(), nxt=nxt.astimezone().replace(tzinfo=None) if nxt else None, pid=os.getpid()))

    def release(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(text("UPDATE daemon_state SET status = 'stopped', heartbeat_at = :now WHERE id = 1 AND pid = :pid"),
                         dict(now=utcnow(), pid=os.getpid()))

    # --- jobs --------------------------------------------------------------------------------------
    def schedule(self) -> BackgroundScheduler:
        sched = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=self.engine, tablename="apscheduler_jobs")},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 600},
            timezone=self.settings.digest.timezone)
        wanted = set()
        for src in self.settings.sources:
            if not src.enabled:
                continue
            seconds = src.interval_seconds
            job_id = f"crawl:{src.id}"
            wanted.add(job_id)
            sched.add_job(crawl_job, IntervalTrigger(seconds=seconds, jitter=min(300, max(1, seconds // 10))),
                          args=[self.config_path, self.workdir, src.id], id=job_id, name=f"crawl {src.id}", replace_existing=True,
                          next_run_time=datetime.now().astimezone() + timedelta(seconds=1))
        hh, mm = (int(x) for x in self.settings.digest.time.split(":"))
        sched.add_job(digest_job, CronTrigger(hour=hh, minute=mm, timezone=self.settings.digest.timezone),
                      args=[self.config_path, self.workdir], id="digest", name="daily digest", replace_existing=True)
        sched.add_job(housekeeping_job, IntervalTrigger(hours=1), args=[self.settings.storage.url],
                      id="housekeeping", name="housekeeping", replace_existing=True)
        wanted |= {"digest", "housekeeping"}
        sched.start(paused=True)
        for job in sched.get_jobs():            # sources removed from the config lose their jobs
            if job.id not in wanted:
                job.remove()
        sched.resume()
        self.scheduler = sched
        return sched

    def run(self) -> int:
        self.acquire()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.stop_event.set())
        self.schedule()
        log.info("dxwatch daemon started: %d jobs", len(self.scheduler.get_jobs()))
        try:
            while not self.stop_event.wait(HEARTBEAT_SECONDS if not os.environ.get("DXWATCH_FAST_HEARTBEAT") else 1):
                self.heartbeat()
        finally:
            self.shutdown()
        return 0

    def shutdown(self, grace: float = 30.0) -> None:
        """Stop scheduling; ask running crawls to stop (Scrapy closes cleanly on SIGTERM), kill
        what is still there after the grace period; mark the daemon stopped."""
        if self.scheduler is not None:
            self.scheduler.pause()
        with _CHILDREN_LOCK:
            children = list(_CHILDREN)
        for proc in children:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for proc in children:
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
        self.release()
        self.engine.dispose()


def _alive(pid: int | None) -> bool:
    try:
        os.kill(int(pid), 0)
        return True
    except (ProcessLookupError, PermissionError, TypeError, ValueError):
        return False


def _as_dt(v) -> datetime:
    return v if isinstance(v, datetime) else datetime.fromisoformat(str(v))
