"""The cluster's commands (`dxwatch worker`) and the cluster part of `dxwatch status`; registered on
the command line by crawler/cli.py, which hands over its config loader and its error printer."""
from __future__ import annotations

from typing import Callable

import typer

QUEUES = ("http", "browser", "control")


def register(app: typer.Typer, config: Callable, fail: Callable) -> None:
    @app.command()
    def worker(ctx: typer.Context,
               queues: str = typer.Option("http,control", "--queues", "-q",
                                          help="Comma-separated: http, browser (Chromium sources), control "
                                               "(dispatch, digest, housekeeping)."),
               concurrency: int = typer.Option(None, "--concurrency", "-n", help="Crawl jobs at once "
                                               "(default [cluster] concurrency)."),
               max_jobs: int = typer.Option(None, "--max-jobs", help="Restart after this many jobs "
                                            "(default [cluster] max_jobs)."),
               max_memory_mb: int = typer.Option(None, "--max-memory-mb", help="Restart above this resident "
                                                 "memory (default [cluster] max_memory_mb).")):
        """Cluster mode (PostgreSQL): a long-lived worker that runs crawl jobs in one reactor."""
        from cluster.worker import Options, run_worker
        loaded = config(ctx)
        cl = loaded.settings.cluster
        if not cl.enabled:
            fail(f"{loaded.path or 'config'}: cluster.enabled: `dxwatch worker` needs [cluster] enabled = true "
                 f"and a PostgreSQL storage.url (docs/cluster.md)")
        names = [q.strip() for q in queues.split(",") if q.strip()]
        bad = [q for q in names if q not in QUEUES]
        if bad or not names:
            fail(f"--queues: expected some of {', '.join(QUEUES)}, got {queues!r}")
        for name, v in (("--concurrency", concurrency), ("--max-jobs", max_jobs), ("--max-memory-mb", max_memory_mb)):
            if v is not None and v < 1:
                fail(f"{name}: expected 1 or more, got {v}")
        opts = Options(queues=names, concurrency=concurrency or cl.concurrency, max_jobs=max_jobs or cl.max_jobs,
                       max_memory_mb=max_memory_mb or cl.max_memory_mb)
        raise typer.Exit(_db_guarded(fail, run_worker, loaded, opts))


def _db_guarded(fail: Callable, fn, *args):
    from storage.db import DatabaseError
    try:
        return fn(*args)
    except DatabaseError as e:
        fail(str(e), 3)


def cluster_status(loaded) -> dict | None:
    """The cluster's state for `dxwatch status`, or None when cluster mode is off."""
    if not loaded.settings.cluster.enabled:
        return None
    from sqlalchemy import create_engine
    from sqlalchemy.exc import SQLAlchemyError
    from cluster.schedule import cluster_status as query
    engine = create_engine(loaded.settings.storage.url)
    try:
        return query(engine, loaded.settings.cluster.stalled_after)
    except SQLAlchemyError as e:
        return {"error": str(getattr(e, "orig", e) or e).strip().splitlines()[0]}
    finally:
        engine.dispose()


def cluster_lines(state: dict) -> list[str]:
    if "error" in state:
        return [f"cluster: unreadable ({state['error']})"]
    j = state["jobs"]
    p95 = state["p95_start_lag_1h_s"]
    return [f"cluster: {state['workers_alive']} workers alive; jobs queued {j['todo']}, running {j['doing']}, "
            f"stalled {state['stalled']}, failed {j['failed']}",
            f"schedule: {state['due_now']} sources due now, oldest {state['max_lag_s']:.0f} s behind; "
            f"{state['crawls_1h']} crawls in the last hour" + (f", p95 start lag {p95:.0f} s" if p95 is not None else "")]
