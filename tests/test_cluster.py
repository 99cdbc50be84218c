"""Cluster mode on the real PostgreSQL (cluster/): worker processes crawl the offline mirror, one is
SIGKILLed mid-crawl and PostgreSQL drops every connection, and still every source is crawled once
per due time, one request at a time per host, and the digest goes out once for the cluster."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest
from aiosmtpd.controller import Controller

from mirror.server import MirrorServer
from tests.conftest import ROOT, free_port, run_cli, write_mirror_config

HTTP_SITES = ["vgp", "nukeviet", "newspaper", "sitemap"]
DELAY = 0.2
TZ = "Asia/Ho_Chi_Minh"


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def cluster_config(mirror, tmp: Path, url: str, smtp_port: int, digest_at: str, sites: list[str]) -> Path:
    extra = (f'[cluster]\nenabled = true\ndispatch_every = "5s"\nheartbeat = 1\nstalled_after = 6\n'
             f'shutdown_grace = 60\n\n[digest]\ntime = "{digest_at}"\ntimezone = "{TZ}"\nsend_empty = true\n\n'
             f'[mail]\nsmtp_host = "127.0.0.1"\nsmtp_port = {smtp_port}\nsecurity = "none"\n'
             f'sender = "dxwatch@example.org"\nrecipients = ["an@example.org"]\noutbox_dir = "{tmp / "outbox"}"\n')
    cfg = write_mirror_config(mirror, tmp, url, extra=extra, only=sites)
    text = cfg.read_text().replace('interval = "30m"', 'interval = "20s"').replace("download_delay = 0\n",
                                                                                 f"download_delay = {DELAY}\n")
    cfg.write_text(text, encoding="utf-8")
    return cfg


def start_worker(cfg: Path, tmp: Path, name: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DXWATCH_CONFIG", None)
    return subprocess.Popen([sys.executable, "-m", "crawler.cli", "--config", str(cfg), "worker", *args],
                            cwd=ROOT, env=env, stdout=open(tmp / f"{name}.log", "w"), stderr=subprocess.STDOUT)


def rows(url: str, sql: str, **params) -> list:
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        cur = conn.execute(sql, params)
        return cur.fetchall() if cur.description else []


def wait_for(cond, timeout: float, step: float = 0.5) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(step)
    return False


def politeness(spans, delay: float) -> list[str]:
    """Requests to one host that overlap, or that start less than the delay after the previous one
    ended (30 ms of slack: the server notes a request's end after the client may have read it)."""
    bad, by_site = [], {}
    for site, began, ended in spans:
        by_site.setdefault(site, []).append((began, ended))
    for site, xs in by_site.items():
        xs.sort()
        for (_, e0), (b1, _) in zip(xs, xs[1:]):
            if b1 < e0 - 0.01:
                bad.append(f"{site}: two requests in flight at {b1:.3f}")
            elif b1 - e0 < delay - 0.03:
                bad.append(f"{site}: {b1 - e0:.3f} s after the previous response")
    return bad


def test_workers_crawl_the_mirror_through_a_kill_and_a_database_drop(pg_url, tmp_path):
    sink = Sink()
    smtp_port = free_port()
    ctl = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    ctl.start()
    procs: list[subprocess.Popen] = []
    now = datetime.now(ZoneInfo(TZ))
    digest_local = (now + timedelta(seconds=95)).replace(second=0, microsecond=0)
    try:
        with MirrorServer(sites=HTTP_SITES + ["jsportal"]) as mirror:
            cfg = cluster_config(mirror, tmp_path, pg_url, smtp_port, digest_local.strftime("%H:%M"),
                                 HTTP_SITES + ["jsportal"])
            a = start_worker(cfg, tmp_path, "a", "--concurrency", "2", "--max-jobs", "3")
            procs.append(a)
            assert wait_for(lambda: rows(pg_url, "SELECT to_regclass('procrastinate_workers')")[0][0] and
                            rows(pg_url, "SELECT count(*) FROM procrastinate_workers")[0][0] >= 1, 90), \
                (tmp_path / "a.log").read_text()[-2000:]
            first = rows(pg_url, "SELECT max(id) FROM procrastinate_workers")[0][0]
            b = start_worker(cfg, tmp_path, "b", "--concurrency", "2")
            procs.append(b)
            assert wait_for(lambda: rows(pg_url, "SELECT max(id) FROM procrastinate_workers")[0][0] > first, 60)
            b_id = rows(pg_url, "SELECT max(id) FROM procrastinate_workers")[0][0]

            # B dies by SIGKILL while it crawls
            assert wait_for(lambda: rows(pg_url, "SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing' "
                                         "AND task_name = 'dxwatch.crawl' AND worker_id = %(w)s", w=b_id)[0][0], 90)
            killed_job = rows(pg_url, "SELECT id FROM procrastinate_jobs WHERE status = 'doing' AND worker_id = %(w)s "
                              "AND task_name = 'dxwatch.crawl'", w=b_id)[0][0]
            b.kill()
            b.wait()
            c = start_worker(cfg, tmp_path, "c", "--concurrency", "2")
            procs.append(c)

            # the status shows the cluster
            assert wait_for(lambda: json.loads(run_cli("status", "--format", "json", config=cfg).stdout)
                            ["cluster"]["workers_alive"] >= 2, 60)

            # B's job is found stalled and failed, not retried; its source is crawled again
            assert wait_for(lambda: rows(pg_url, "SELECT status::text FROM procrastinate_jobs WHERE id = %(j)s",
                                         j=killed_job)[0][0] == "failed", 40)
            # and a crawl run it left 'running' is marked interrupted
            assert wait_for(lambda: rows(pg_url, "SELECT count(*) FROM crawl_runs WHERE note = %(n)s AND status = 'running'",
                                         n=f"cluster job {killed_job}")[0][0] == 0, 20)

            # PostgreSQL drops every connection of the workers
            time.sleep(3)
            rows(pg_url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                         "AND pid <> pg_backend_pid()")
            dropped = rows(pg_url, "SELECT now()")[0][0]
            sources = [f"mirror-{k}" for k in HTTP_SITES]
            crawled_after = ("SELECT count(DISTINCT source_id) FROM cluster_crawls WHERE status <> 'skipped' "
                             "AND started_at > %(t)s")
            assert wait_for(lambda: rows(pg_url, crawled_after, t=dropped)[0][0] == len(sources), 120), \
                (tmp_path / "a.log").read_text()[-3000:]
            assert wait_for(lambda: len(sink.messages) >= 1, 150)
            time.sleep(4)                                      # a second send would show by now

            # SIGTERM while crawls run: they finish (succeeded, not aborted), then the workers exit 0
            running_sql = "SELECT id FROM procrastinate_jobs WHERE status = 'doing' AND task_name = 'dxwatch.crawl'"
            wait_for(lambda: rows(pg_url, running_sql), 30, step=0.2)
            running = [r[0] for r in rows(pg_url, running_sql)]
            for p in (a, c):
                p.send_signal(signal.SIGTERM)
            assert [p.wait(90) for p in (a, c)] == [0, 0]
            assert all(rows(pg_url, "SELECT status::text FROM procrastinate_jobs WHERE id = %(i)s", i=j)[0][0]
                       == "succeeded" for j in running)
            spans = list(mirror.log.spans)
            assert len(spans) > 50

        logs = {n: (tmp_path / f"{n}.log").read_text() for n in "abc"}
        assert "worker restarting after 3 jobs" in logs["a"]
        assert len(sink.messages) == 1, "the digest is sent once for the cluster"
        assert politeness(spans, DELAY) == []
        dups = rows(pg_url, "SELECT source_id, due_at, count(*) FROM cluster_crawls GROUP BY 1, 2 HAVING count(*) > 1")
        assert dups == [], "every source is crawled once per due time"
        per_source = dict(rows(pg_url, "SELECT source_id, count(*) FROM cluster_crawls GROUP BY 1"))
        assert all(per_source.get(s, 0) >= 2 for s in sources), per_source
        assert "mirror-jsportal" not in per_source, "browser sources run only on workers of the browser queue"
        assert rows(pg_url, "SELECT queue_name, status::text FROM procrastinate_jobs WHERE queueing_lock = "
                            "'crawl:mirror-jsportal'") == [("browser", "todo")]
        assert rows(pg_url, "SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'") == [(0,)]
        assert rows(pg_url, "SELECT count(*) FROM crawl_runs WHERE status = 'running'") == [(0,)], \
            "a crawl run of the killed worker is still 'running'"
        stored = rows(pg_url, "SELECT count(*), count(DISTINCT url) FROM articles")[0]
        assert stored[0] == stored[1] > 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        ctl.stop()


def test_retrying_a_stalled_job_collides_with_its_queueing_lock_failing_it_does_not(pg_url, tmp_path):
    """procrastinate #1446/#1518/#1543: a job left `doing` by a dead worker, its source queued again
    meanwhile (the queueing lock covers only `todo`): retrying the stalled job breaks the unique
    queueing lock and the job stays `doing`, holding its host's lock for good. Failing it works."""
    import asyncio
    from procrastinate.exceptions import UniqueViolation
    from cluster.tasks import Runtime, build_app
    from crawler.config import load_config
    from storage.db import open_archive
    cfg = tmp_path / "dx.toml"
    cfg.write_text(f'[storage]\nurl = "{pg_url}"\n[crawl]\nsources_dir = ""\n'
                   '[cluster]\nenabled = true\nstalled_after = 2\n', encoding="utf-8")
    engine = open_archive(pg_url)

    async def scenario():
        app = build_app(Runtime(load_config(cfg), engine, "test"))
        crawl = app.tasks["dxwatch.crawl"]
        async with app.open_async():
            jm = app.job_manager
            opts = dict(queue="http", lock="example.gov.vn", queueing_lock="crawl:x")
            await crawl.configure(**opts).defer_async(source_id="x", due_at="2000-01-01T00:00:00+00:00")
            dead = await jm.register_worker()
            stalled = await jm.fetch_job(["http"], dead)                 # running on a worker that dies
            await crawl.configure(**opts).defer_async(source_id="x", due_at="2000-01-01T00:00:00+00:00")
            rows(pg_url, "UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 hour'")
            with pytest.raises(UniqueViolation):
                await jm.retry_job(stalled)
            assert rows(pg_url, "SELECT status::text FROM procrastinate_jobs WHERE id = %(i)s", i=stalled.id) \
                == [("doing",)]
            assert await app.dx_fail_stalled() == 1
            states = rows(pg_url, "SELECT status::text FROM procrastinate_jobs ORDER BY id")
            assert states == [("failed",), ("todo",)]
            runnable = await jm.fetch_job(["http"], await jm.register_worker())
            assert runnable is not None and runnable.lock == "example.gov.vn"    # the host's lock is free

    try:
        asyncio.run(scenario())
    finally:
        engine.dispose()


def test_cluster_needs_postgresql_and_the_worker_needs_the_cluster(tmp_path):
    cfg = tmp_path / "dx.toml"
    cfg.write_text(f'[storage]\nurl = "sqlite:///{tmp_path / "dx.db"}"\n[crawl]\nsources_dir = ""\n'
                   '[cluster]\nenabled = true\n', encoding="utf-8")
    res = run_cli("worker", config=cfg)
    assert res.returncode == 2 and "cluster.enabled: the cluster needs PostgreSQL" in res.stderr
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) <= 2
    cfg.write_text(f'[storage]\nurl = "sqlite:///{tmp_path / "dx.db"}"\n[crawl]\nsources_dir = ""\n', encoding="utf-8")
    res = run_cli("worker", config=cfg)
    assert res.returncode == 2 and "needs [cluster] enabled = true" in res.stderr
    cfg.write_text('[cluster]\ndispatch_every = "7s"\n', encoding="utf-8")
    res = run_cli("worker", config=cfg)
    assert res.returncode == 2 and "cluster.dispatch_every" in res.stderr and "Traceback" not in res.stderr


def test_a_shared_politeness_key_and_the_host_by_default():
    from crawler.config import SourceConfig
    a = SourceConfig(id="a", name="A", start_urls=["https://Sotttt.Example.gov.vn/tin-tuc"])
    b = SourceConfig(id="b", name="B", feeds=["https://x.example.gov.vn/rss"], politeness_key="shared-server-1")
    assert a.host_key == "sotttt.example.gov.vn" and b.host_key == "shared-server-1"
