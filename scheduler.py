"""The dxwatch daemon (`dxwatch run`): APScheduler jobs for each source's crawl, the daily digest
and housekeeping; one daemon per database; each crawl in a child process with a time limit, one
at a time per politeness key (sources on one host share its limit)."""
from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import delete, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from common import clock
from crawler.config import LoadedConfig
from storage import health
from storage.archive import pid_alive
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


try:                                    # loaded here: nothing may be imported between fork and exec
    _PRCTL = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):
    _PRCTL = None


def _die_with_parent() -> None:
    """In the child: SIGTERM when the daemon dies, even by SIGKILL, so no crawl or send goes on
    orphaned beside the next daemon (Linux; elsewhere the child runs to its end)."""
    if _PRCTL is not None:
        _PRCTL(1, signal.SIGTERM)       # PR_SET_PDEATHSIG


def _process_offset() -> float:
    return clock.offset().total_seconds()


class HostGate:
    """Politeness across the daemon's crawl children. Each crawl is its own process, so Scrapy's
    per-host slot cannot see the others: here sources that share a politeness key (the host, or
    `politeness_key`) crawl one at a time, the next starting one download delay after the last
    ended, and at most `parallel` crawls run at once."""

    def __init__(self, parallel: int = 8):
        self._keys: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._slots = threading.BoundedSemaphore(parallel)

    @contextmanager
    def turn(self, key: str, delay: float = 0.0):
        with self._guard:
            lock = self._keys.setdefault(key, threading.Lock())
        with lock:
            try:
                with self._slots:
                    yield
            finally:
                time.sleep(delay)          # the host rests before its next crawl starts


class Children:
    """A daemon's child processes (one dxwatch command each): started with the daemon's clock
    offset, polite to shared hosts (`gate`), and stopped with the daemon."""

    def __init__(self, clock_offset: Callable[[], float] = _process_offset, parallel: int = 8):
        self.clock_offset = clock_offset       # seconds between the daemon's clock and real time
        self.gate = HostGate(parallel)
        self._procs: set[subprocess.Popen] = set()
        self._lock = threading.Lock()
        self._stopping = False

    def run_cli(self, config_path: str | None, workdir: str, *args: str, timeout: int) -> int:
        """Run one dxwatch command in a child process (Twisted's reactor runs once per process,
        and a child bounds the browser's memory); killed when it overruns its time."""
        shift = self.clock_offset()
        cmd = [sys.executable, "-m", "crawler.cli", *(["--config", config_path] if config_path else []),
               *(["--clock-offset", f"{shift:.3f}"] if shift else []), *args]
        env = {**os.environ, "PYTHONPATH": str(_ROOT)}
        env.pop(clock.OFFSET_ENV, None)        # the child's offset is the one on its command line
        with self._lock:
            if self._stopping:                 # a crawl that waited for its host's turn, after the stop
                return -signal.SIGTERM
            proc = subprocess.Popen(cmd, env=env, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    start_new_session=True, preexec_fn=_die_with_parent)
            self._procs.add(proc)
        try:
            out, _ = proc.communicate(timeout=timeout)
            if proc.returncode == -signal.SIGTERM:                 # stopped with the daemon
                log.info("dxwatch %s stopped with the daemon", " ".join(args))
            elif proc.returncode:     # 1: some sources failed or a digest was not delivered; the report says which
                log.warning("dxwatch %s exited %s: %s", " ".join(args), proc.returncode,
                            out.decode(errors="replace").strip()[-600:])
            return proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            log.warning("dxwatch %s overran %ss and was killed", " ".join(args), timeout)
            return -9
        finally:
            with self._lock:
                self._procs.discard(proc)

    def stop(self, grace: float) -> None:
        """Ask running children to stop (Scrapy closes cleanly on SIGTERM); kill what is still
        there after the grace period."""
        with self._lock:
            self._stopping = True
            children = list(self._procs)
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


# The children of the daemon that scheduled a config's jobs (its Daemon.schedule() registers
# them): jobs live in the job store as a function and pickled arguments, so they find their
# daemon's clock offset and child processes here, by the config path they carry.
_RUNNING: dict[str | None, Children] = {}


def _children(config_path: str | None) -> Children:
    return _RUNNING.get(config_path) or Children()


def crawl_job(config_path: str | None, workdir: str, source_id: str, timeout: int = CRAWL_TIMEOUT,
              key: str | None = None, delay: float = 0.0) -> int:
    """One source's crawl, in its politeness key's turn (`HostGate`)."""
    children = _children(config_path)
    with children.gate.turn(key or source_id, delay):
        return children.run_cli(config_path, workdir, "crawl", "--source", source_id, timeout=timeout)


def digest_job(config_path: str | None, workdir: str) -> int:
    return _children(config_path).run_cli(config_path, workdir, "digest", "--send", timeout=600)


_ARCHIVES: dict[str | None, object] = {}      # config path -> engine, for the daemon's lifetime


def housekeeping_job(config_path: str | None) -> None:
    """Prune old fetch logs, refresh source health. Takes the config path, not the database URL,
    so no password is pickled into the job store. The archive is opened (and its migrations
    checked) once per daemon, not every hour: config changes take effect on restart anyway."""
    engine = _ARCHIVES.get(config_path)
    if engine is None:
        from crawler.config import load_config
        engine = _ARCHIVES[config_path] = open_archive(load_config(config_path).settings.storage.url)
    with engine.begin() as conn:
        conn.execute(delete(Fetch).where(Fetch.fetched_at < utcnow() - timedelta(days=FETCH_LOG_DAYS)))
    with Session(engine) as s, s.begin():      # a source that went quiet shows even between its crawls
        health.refresh(s)


class Daemon:
    def __init__(self, loaded: LoadedConfig, *, config_path: str | None,
                 clock_offset: Callable[[], float] | None = None):
        """`clock_offset`: seconds between the daemon's clock and real time, handed to the
        children (the fast-forward tests run the daemon on a simulated clock); by default the
        offset this process was given (zero in every normal deployment)."""
        self.children = Children(clock_offset or _process_offset, parallel=loaded.settings.crawl.parallel_crawls)
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
                    and not (row.host == host and not pid_alive(row.pid)):
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
                         dict(now=utcnow(), nxt=nxt.astimezone(timezone.utc).replace(tzinfo=None) if nxt else None, pid=os.getpid()))

    def release(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(text("UPDATE daemon_state SET status = 'stopped', heartbeat_at = :now WHERE id = 1 AND pid = :pid"),
                         dict(now=utcnow(), pid=os.getpid()))

    # --- jobs --------------------------------------------------------------------------------------
    def schedule(self) -> BackgroundScheduler:
        # a thread per source that may wait for its host's turn (cheap); `parallel_crawls` bounds the children
        threads = min(256, 2 + sum(1 for s in self.settings.sources if s.enabled))
        sched = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=self.engine, tablename="apscheduler_jobs")},
            executors={"default": ThreadPoolExecutor(max_workers=max(10, threads))},
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
                          args=[self.config_path, self.workdir, src.id],
                          kwargs={"key": src.host_key, "delay": self.settings.crawl.download_delay},
                          id=job_id, name=f"crawl {src.id}", replace_existing=True,
                          next_run_time=datetime.now().astimezone() + timedelta(seconds=1))
        hh, mm = (int(x) for x in self.settings.digest.time.split(":"))
        sched.add_job(digest_job, CronTrigger(hour=hh, minute=mm, timezone=self.settings.digest.timezone),
                      args=[self.config_path, self.workdir], id="digest", name="daily digest", replace_existing=True)
        sched.add_job(housekeeping_job, IntervalTrigger(hours=1), args=[self.config_path],
                      id="housekeeping", name="housekeeping", replace_existing=True)
        wanted |= {"digest", "housekeeping"}
        sched.start(paused=True)
        for job in sched.get_jobs():            # sources removed from the config lose their jobs
            if job.id not in wanted:
                job.remove()
        if self._interrupted_digests():         # the same job, run now: never two sends at once
            log.warning("a digest was interrupted before its sending was confirmed: sending it again now")
            sched.modify_job("digest", next_run_time=datetime.now().astimezone() + timedelta(seconds=2))
        _RUNNING[self.config_path] = self.children
        sched.resume()
        self.scheduler = sched
        return sched

    def _interrupted_digests(self) -> int:
        """Digests left `ready` (built and recorded, maybe handed to SMTP, never confirmed): a
        daemon killed during the morning send. They go out again at start, not next morning."""
        with self.engine.connect() as conn:
            return conn.execute(text("SELECT COUNT(*) FROM digests WHERE status = 'ready'")).scalar_one()

    def run(self) -> int:
        self.acquire()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.stop_event.set())
        self.schedule()
        log.info("dxwatch daemon started: %d jobs", len(self.scheduler.get_jobs()))
        try:
            while not self.stop_event.wait(HEARTBEAT_SECONDS if not os.environ.get("DXWATCH_FAST_HEARTBEAT") else 1):
                try:
                    self.heartbeat()
                except DBAPIError as e:      # the database restarted: the next beat reconnects (pre-ping)
                    log.warning("heartbeat not written: %s", str(e.orig or e).strip().splitlines()[0])
        finally:
            self.shutdown()
        return 0

    def shutdown(self, grace: float = 30.0) -> None:
        """Stop scheduling; ask running crawls to stop (Scrapy closes cleanly on SIGTERM), kill
        what is still there after the grace period; mark the daemon stopped."""
        if self.scheduler is not None:
            self.scheduler.pause()
        self.children.stop(grace)
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
        if _RUNNING.get(self.config_path) is self.children:
            del _RUNNING[self.config_path]
        self.release()
        self.engine.dispose()
        while _ARCHIVES:
            _ARCHIVES.popitem()[1].dispose()


def _as_dt(v) -> datetime:
    return v if isinstance(v, datetime) else datetime.fromisoformat(str(v))
