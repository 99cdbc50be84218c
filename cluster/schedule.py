"""The cluster's schedule in PostgreSQL: which sources are due, what a finished crawl advances, and
what `dxwatch status` shows. Times are the database's (`now()`): the machines' clocks may differ."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

QUEUES = ("http", "browser", "control")


def queue_of(src) -> str:
    """Browser and auto sources run only on workers that take the `browser` queue."""
    return "http" if src.render == "http" else "browser"


def queueing_lock(source_id: str) -> str:
    return f"crawl:{source_id}"


@dataclass
class Due:
    source_id: str
    politeness_key: str
    queue: str
    due_at: datetime


def sync_schedule(engine: Engine, sources) -> None:
    """The configured, enabled sources have a row (a new one is due now); the others lose theirs.
    One statement for all rows (executemany), so 20,000 sources cost one round of the pipeline."""
    enabled = [s for s in sources if s.enabled]
    with engine.begin() as conn:
        if enabled:
            conn.execute(text(
                "INSERT INTO cluster_sources (source_id, politeness_key, queue, interval_s, next_due_at) "
                "VALUES (:id, :key, :q, :iv, now()) ON CONFLICT (source_id) DO UPDATE SET "
                "politeness_key = EXCLUDED.politeness_key, queue = EXCLUDED.queue, interval_s = EXCLUDED.interval_s, "
                "updated_at = now() WHERE (cluster_sources.politeness_key, cluster_sources.queue, "
                "cluster_sources.interval_s) IS DISTINCT FROM (EXCLUDED.politeness_key, EXCLUDED.queue, EXCLUDED.interval_s)"),
                [dict(id=s.id, key=s.host_key, q=queue_of(s), iv=s.interval_seconds) for s in enabled])
        conn.execute(text("DELETE FROM cluster_sources WHERE NOT (source_id = ANY(:ids))"),
                     dict(ids=[s.id for s in enabled]))


def due_sources(engine: Engine, limit: int = 5000) -> list[Due]:
    """Sources due now with no job of theirs queued or running. The queueing lock alone would let
    a second job in while the first runs (it only covers `todo`), so running ones count too."""
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT cs.source_id, cs.politeness_key, cs.queue, cs.next_due_at FROM cluster_sources cs "
            "WHERE cs.next_due_at <= now() AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs j "
            "  WHERE j.queueing_lock = 'crawl:' || cs.source_id AND j.status IN ('todo', 'doing')) "
            "ORDER BY cs.next_due_at LIMIT :n"), dict(n=limit)).all()
    return [Due(*r) for r in rows]


def still_due(engine: Engine, source_id: str, due_at: datetime) -> bool:
    """False when a crawl for this due time already finished (a job run twice does nothing)."""
    with engine.connect() as conn:
        nxt = conn.execute(text("SELECT next_due_at FROM cluster_sources WHERE source_id = :id"),
                           dict(id=source_id)).scalar()
    return nxt is not None and nxt <= due_at


def advance(source_id: str, due_at: datetime, started_at: datetime, worker: str, job_id: int | None,
            run_id: int, status: str):
    """What a finished crawl writes, inside its job's one transaction (storage.archive.finish_job):
    the next due time (one interval after this one, not in the past) and the crawl ledger row."""
    def then(s: Session) -> None:
        s.execute(text("UPDATE cluster_sources SET next_due_at = GREATEST(:due + make_interval(secs => interval_s), "
                       "now()), updated_at = now() WHERE source_id = :id AND next_due_at <= :due"),
                  dict(id=source_id, due=due_at))
        s.execute(text("INSERT INTO cluster_crawls (source_id, due_at, started_at, worker, job_id, run_id, status) "
                       "VALUES (:id, :due, :st, :w, :j, :r, :status)"),
                  dict(id=source_id, due=due_at, st=started_at, w=worker[:255], j=job_id, r=run_id, status=status))
    return then


def db_now(engine: Engine) -> datetime:
    with engine.connect() as conn:
        return conn.execute(text("SELECT now()")).scalar()


def cluster_status(engine: Engine, stalled_after: float) -> dict:
    """Workers alive, jobs by state (stalled: running on a worker whose heartbeat stopped), and the
    lag behind schedule (due sources now, and recent crawls' start after their due time)."""
    with engine.connect() as conn:
        alive = conn.execute(text("SELECT count(*) FROM procrastinate_workers WHERE last_heartbeat >= "
                                  "now() - make_interval(secs => :s)"), dict(s=stalled_after)).scalar()
        jobs = dict(conn.execute(text("SELECT status::text, count(*) FROM procrastinate_jobs GROUP BY status")).all())
        stalled = conn.execute(text(
            "SELECT count(*) FROM procrastinate_jobs j LEFT JOIN procrastinate_workers w ON w.id = j.worker_id "
            "WHERE j.status = 'doing' AND (w.id IS NULL OR w.last_heartbeat < now() - make_interval(secs => :s))"),
            dict(s=stalled_after)).scalar()
        lag = conn.execute(text(
            "SELECT count(*), coalesce(max(extract(epoch FROM now() - next_due_at)), 0) FROM cluster_sources "
            "WHERE next_due_at <= now()")).one()
        recent = conn.execute(text(
            "SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - due_at)), count(*) "
            "FROM cluster_crawls WHERE finished_at >= now() - interval '1 hour'")).one()
    return {"workers_alive": alive, "jobs": {k: jobs.get(k, 0) for k in ("todo", "doing", "failed", "succeeded")},
            "stalled": stalled, "due_now": lag[0], "max_lag_s": round(float(lag[1]), 1),
            "p95_start_lag_1h_s": round(float(recent[0]), 1) if recent[0] is not None else None,
            "crawls_1h": recent[1]}
