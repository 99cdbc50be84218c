"""The cluster's procrastinate app and its tasks: `crawl` (one source, one due time), and three
periodic tasks that procrastinate defers once per tick for the whole cluster (deduplicated in the
database): `dispatch` (fail stalled jobs, queue the due sources), `digest` and `housekeeping`."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable
from zoneinfo import ZoneInfo

from procrastinate import App, PsycopgConnector
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.jobs import Status
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from cluster import schedule
from cluster.crawljob import crawl_source, job_note
from crawler.config import LoadedConfig, parse_duration
from storage.archive import Archive

log = logging.getLogger("dxwatch.cluster")
FETCH_LOG_DAYS = 30
JOB_HISTORY_HOURS = 72


def conninfo(storage_url: str) -> str:
    """SQLAlchemy's postgresql+psycopg://… as libpq understands it."""
    return make_url(storage_url).set(drivername="postgresql").render_as_string(hide_password=False)


def dispatch_cron(every: str) -> str:
    """'10s' -> every 10 seconds (croniter's sixth field), '5m' -> every 5 minutes, '1h' hourly."""
    n = parse_duration(every)
    if n < 60:
        return f"* * * * * */{n}"
    return "0 * * * *" if n == 3600 else f"*/{n // 60} * * * *"


def digest_cron(hhmm: str, tz: str) -> str:
    """The digest's local time as a UTC cron (procrastinate's crons are UTC); the offset of today
    (Việt Nam has no daylight saving time; elsewhere it follows the offset at worker start)."""
    hh, mm = (int(x) for x in hhmm.split(":"))
    now = datetime.now(ZoneInfo(tz))
    local = now.replace(hour=hh, minute=mm, second=0, microsecond=0)
    utc = local.astimezone(timezone.utc)
    return f"{utc.minute} {utc.hour} * * *"


@dataclass
class Runtime:
    """What a worker's tasks share: the config, the archive, the job count (restart policy)."""
    loaded: LoadedConfig
    engine: Engine
    worker_name: str
    on_job_done: Callable[[], None] = lambda: None
    archive: Archive = field(init=False)
    synced: bool = False            # this process's config is in cluster_sources (once per process)

    def __post_init__(self):
        self.archive = Archive(self.engine)


def build_app(rt: Runtime) -> App:
    cfg = rt.loaded.settings
    app = App(connector=PsycopgConnector(conninfo=conninfo(cfg.storage.url), min_size=1, max_size=4))
    stalled_after = cfg.cluster.stalled_after

    @app.task(name="dxwatch.crawl", queue="http", pass_context=True)
    async def crawl(context, source_id: str, due_at: str) -> str:
        due = datetime.fromisoformat(due_at)
        try:
            outcome = await crawl_source(rt.loaded, rt.archive, source_id, due, context.job.id, rt.worker_name)
        finally:
            rt.on_job_done()
        return outcome.status

    async def fail_stalled() -> int:
        """Jobs left `doing` by a worker whose heartbeat stopped (SIGKILL, power loss) are marked
        failed, never retried: retrying one can collide with the queueing lock of a job queued
        meanwhile and leave it `doing` for good (procrastinate #1446, #1518, #1543). The next
        dispatch queues its source again: its next due time did not move."""
        jobs = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after)
        for job in jobs:
            await app.job_manager.finish_job(job, status=Status.FAILED, delete_job=False)
            log.warning("job %s (%s %s) stalled on a dead worker: marked failed", job.id, job.task_name,
                        job.task_kwargs.get("source_id", ""))
        if jobs:                      # and the crawl runs they left 'running' are interrupted
            await asyncio.to_thread(rt.archive.mark_runs_interrupted, [job_note(j.id) for j in jobs])
        await app.job_manager.prune_stalled_workers(stalled_after)
        return len(jobs)

    @app.periodic(cron=dispatch_cron(cfg.cluster.dispatch_every), periodic_id="dispatch")
    @app.task(name="dxwatch.dispatch", queue="control")
    async def dispatch(timestamp: int) -> int:
        await fail_stalled()
        if not rt.synced:             # a worker started with a changed config brings it in
            await asyncio.to_thread(schedule.sync_schedule, rt.engine, cfg.sources)
            rt.synced = True
        queued = 0
        for d in await asyncio.to_thread(schedule.due_sources, rt.engine):
            try:
                await crawl.configure(queue=d.queue, lock=d.politeness_key,
                                      queueing_lock=schedule.queueing_lock(d.source_id)) \
                    .defer_async(source_id=d.source_id, due_at=d.due_at.isoformat())
                queued += 1
            except AlreadyEnqueued:
                pass
        return queued

    @app.periodic(cron=digest_cron(cfg.digest.time, cfg.digest.timezone), periodic_id="digest")
    @app.task(name="dxwatch.digest", queue="control")
    async def digest(timestamp: int) -> str:
        return await asyncio.to_thread(send_digest, rt, timestamp)

    @app.periodic(cron="7 * * * *", periodic_id="housekeeping")
    @app.task(name="dxwatch.housekeeping", queue="control")
    async def housekeeping(timestamp: int) -> None:
        await asyncio.to_thread(keep_house, rt.engine)
        await app.job_manager.delete_old_jobs(nb_hours=JOB_HISTORY_HOURS, include_failed=True,
                                              include_cancelled=True, include_aborted=True)

    app.dx_fail_stalled = fail_stalled          # for `dxwatch status --cleanup` and the tests
    return app


def send_digest(rt: Runtime, timestamp: int) -> str:
    """The day's digest, sent once for the cluster: the periodic tick is deduplicated by
    procrastinate, and the `digest` lock and the ledger keep a manual `dxwatch digest --send`
    from sending it again."""
    from sqlalchemy.orm import sessionmaker
    from alerts.deliver import run_digests
    from storage import locks
    cfg = rt.loaded.settings
    day = datetime.fromtimestamp(timestamp, ZoneInfo(cfg.digest.timezone)).date()
    try:
        with locks.held(rt.engine, "digest"):
            results = run_digests(sessionmaker(rt.engine, expire_on_commit=False), cfg, day, send=True,
                                  rebuild=False, outbox=rt.loaded.resolve(cfg.mail.outbox_dir))
    except (locks.LockHeld, locks.ArchiveBusy) as e:
        log.warning("digest not sent by this worker: %s", e)
        return "locked"
    return ",".join(f"{r.recipient}:{r.status}" for r in results) or "none"


def keep_house(engine: Engine) -> None:
    """Prune old fetch logs and crawl ledger rows, refresh source health."""
    from sqlalchemy.orm import Session
    from storage import health
    cutoff = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(days=FETCH_LOG_DAYS)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM fetches WHERE fetched_at < :c"), dict(c=cutoff))
        conn.execute(text("DELETE FROM cluster_crawls WHERE finished_at < now() - interval '30 days'"))
    with Session(engine) as s, s.begin():
        health.refresh(s)
