"""Scale-out benchmark (`make bench-scale`): the cluster (1, 2, 4 workers) and today's daemon (one
child process per crawl) on the same loopback load (bench/scale_load.py), each on a fresh
PostgreSQL database. The interval is compressed so every source is due several times. The run
with the most workers also has its faults: a worker SIGKILLed mid-crawl, and every PostgreSQL
connection dropped. Writes var/bench/scale.json (docs/performance.md quotes it)."""
from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
ADMIN = os.environ.get("DXWATCH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
OUT = ROOT / "var" / "bench" / "scale.json"


def child_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def sql(url: str, query: str, **params) -> list:
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        cur = conn.execute(query, params)
        return cur.fetchall() if cur.description else []


class Database:
    def __init__(self):
        self.name = f"dxwatch_bench_{uuid.uuid4().hex[:10]}"
        self.url = ADMIN.rsplit("/", 1)[0] + "/" + self.name

    def __enter__(self):
        sql(ADMIN, f'CREATE DATABASE "{self.name}"')
        return self

    def __exit__(self, *exc):
        sql(ADMIN, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Load:
    """bench/scale_load.py in its own process (its CPU is not the crawlers')."""

    def __init__(self, args, tmp: Path):
        self.ready, self.spans_file = tmp / f"ready-{uuid.uuid4().hex[:6]}.json", tmp / f"spans-{uuid.uuid4().hex[:6]}.json"
        self.proc = subprocess.Popen([sys.executable, "-m", "bench.scale_load", str(args.hosts), str(args.per_host),
                                      str(args.new_every), str(args.timeout), str(self.ready), str(self.spans_file)],
                                     cwd=ROOT)
        deadline = time.monotonic() + 60
        while not self.ready.exists() or not self.ready.stat().st_size:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise SystemExit("the load server did not start")
            time.sleep(0.2)
        time.sleep(0.2)
        self.info = json.loads(self.ready.read_text())

    def stop(self) -> dict:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(60)
        return json.loads(self.spans_file.read_text())


def write_config(path: Path, url: str, load: Load, args, *, cluster: bool, concurrency: int) -> Path:
    lines = ["[storage]", f'url = "{url}"', "[crawl]", "allow_private_networks = true", 'sources_dir = ""',
             f"download_delay = {args.delay}", "autothrottle = false", f"download_timeout = {int(args.timeout)}",
             "retry_times = 1", "retry_backoff = 0.5", "default_max_pages = 1", "",
             "[digest]", 'time = "03:17"', "", "[cluster]", f"enabled = {'true' if cluster else 'false'}",
             'dispatch_every = "5s"', "heartbeat = 2", "stalled_after = 30", f"concurrency = {concurrency}",
             "shutdown_grace = 60", ""]
    for addr, port in sorted(load.info["ports"].items()):
        h = addr.replace(".", "-")
        for j in range(args.per_host):
            lines += ["[[sources]]", f'id = "h{h}-s{j}"', f'name = "Portal {addr} #{j}"',
                      f'start_urls = ["http://{addr}:{port}/s{j}/"]', r'article_url_pattern = "/a\\d+\\.html$"',
                      f'interval = "{args.interval}s"', 'recheck_within = ""', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def start(cfg: Path, log: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DXWATCH_CONFIG", None)
    return subprocess.Popen([sys.executable, "-m", "crawler.cli", "--config", str(cfg), *args], cwd=ROOT, env=env,
                            stdout=open(log, "a"), stderr=subprocess.STDOUT)


def overlaps(spans: dict) -> int:
    """Requests sent to a host while another request to it was in flight."""
    bad = 0
    for xs in spans.values():
        xs = sorted(xs)
        for (_, e0), (b1, _) in zip(xs, xs[1:]):
            bad += b1 < e0 - 0.01
    return bad


def politeness(spans: dict, delay: float) -> int:
    """The cluster's rule: one request in flight per host, and the next no sooner than one delay
    after the previous response ended (Scrapy's own delay counts from the previous request's start)."""
    bad = 0
    for xs in spans.values():
        xs = sorted(xs)
        for (_, e0), (b1, _) in zip(xs, xs[1:]):
            if b1 < e0 - 0.01 or b1 - e0 < delay - 0.03:
                bad += 1
    return bad


def p95(xs: list[float]) -> float | None:
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(0.95 * len(xs)))], 2) if xs else None


def fault(db, procs, fault_at: dict, el: float, window: float, restart) -> None:
    """A third into the run, the last worker is SIGKILLed while it holds running crawl jobs (and
    started again); half-way, PostgreSQL drops every connection of the workers."""
    try:
        if "kill" not in fault_at and el > window / 3 and sql(
                db.url, "SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing' AND task_name = 'dxwatch.crawl'")[0][0]:
            procs[-1].kill()
            procs[-1].wait()
            procs[-1] = restart()
            fault_at["kill"] = round(el, 1)
        if "kill" in fault_at and "db" not in fault_at and el > window / 2:
            sql(db.url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND pid <> pg_backend_pid()")
            fault_at["db"] = round(el, 1)
    except psycopg.Error:          # the workers have not created the schema yet
        pass


def cleanup(url: str, cfg: Path) -> int:
    """With every worker stopped, a job still `doing` is a dead worker's: the clean-up the next
    dispatch would do (cluster.tasks fail_stalled), run now, with no heartbeat to wait for."""
    import asyncio
    from procrastinate.jobs import Status
    from cluster.tasks import Runtime, build_app
    from crawler.config import load_config
    from storage.db import make_engine

    async def go() -> int:
        engine = make_engine(url)
        try:
            app = build_app(Runtime(load_config(cfg), engine, "bench-cleanup"))
            async with app.open_async():
                jobs = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=0)
                for job in jobs:
                    await app.job_manager.finish_job(job, status=Status.FAILED, delete_job=False)
                return len(jobs)
        finally:
            engine.dispose()
    return asyncio.run(go())


def run_cluster(n: int, args, tmp: Path, faults: bool) -> dict:
    with Database() as db:
        load = Load(args, tmp)
        cfg = write_config(tmp / f"c{n}.toml", db.url, load, args, cluster=True, concurrency=args.concurrency)
        cpu0, t0 = child_cpu(), time.monotonic()
        procs = [start(cfg, tmp / f"c{n}-w{i}.log", "worker", "--queues", "http,control") for i in range(n)]
        fault_at = {}
        try:
            while time.monotonic() - t0 < args.window:
                time.sleep(1)
                if faults:
                    fault(db, procs, fault_at, time.monotonic() - t0, args.window,
                          lambda: start(cfg, tmp / f"c{n}-w{n - 1}b.log", "worker", "--queues", "http,control"))
            for p in procs:
                p.send_signal(signal.SIGTERM)
            codes = [p.wait(120) for p in procs]
        finally:
            for p in procs:
                if p.poll() is None:
                    p.kill()
                    p.wait()
            cpu = child_cpu() - cpu0
            spans = load.stop()
        crawls = sql(db.url, "SELECT source_id, extract(epoch FROM due_at)::float8, extract(epoch FROM started_at)::float8, "
                             "extract(epoch FROM finished_at)::float8, status FROM cluster_crawls")
        done = [c for c in crawls if c[4] != "skipped"]
        first = {}
        for sid, due, st, fin, _ in sorted(done, key=lambda c: c[3]):
            first.setdefault(sid, fin)
        start_due = min((c[1] for c in done), default=0)
        n_sources = args.hosts * args.per_host
        firsts = sorted(first.values())
        makespan = round(float(firsts[-1] - float(start_due)), 1) if len(firsts) == n_sources else None
        steady = [float(st - due) for sid, due, st, fin, _ in done if fin > (firsts[-1] if firsts else 0)]
        killed = sql(db.url, "SELECT args->>'source_id', args->>'due_at' FROM procrastinate_jobs "
                             "WHERE task_name = 'dxwatch.crawl' AND status = 'failed'")
        # lost: a source due (for longer than two dispatch ticks) with neither a crawl for that due
        # time nor a job queued or running; not reached: still queued when the window closed
        lost = sql(db.url, "SELECT count(*) FROM cluster_sources cs WHERE cs.next_due_at < now() - interval '15 seconds' "
                           "AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs j WHERE j.queueing_lock = 'crawl:' || "
                           "cs.source_id AND j.status IN ('todo', 'doing'))")[0][0] + sum(
            1 for sid, due in killed if not sql(db.url, "SELECT 1 FROM cluster_crawls WHERE source_id = %(s)s AND "
                                                "due_at >= %(d)s::timestamptz AND status <> 'skipped' UNION ALL "
                                                "SELECT 1 FROM procrastinate_jobs WHERE queueing_lock = 'crawl:' || %(s)s "
                                                "AND status IN ('todo', 'doing')", s=sid, d=due))
        not_reached = n_sources - len(first)
        dups = sql(db.url, "SELECT count(*) FROM (SELECT 1 FROM cluster_crawls WHERE status <> 'skipped' "
                           "GROUP BY source_id, due_at HAVING count(*) > 1) d")[0][0]
        cleaned = cleanup(db.url, cfg)
        stalled = sql(db.url, "SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'")[0][0]
        window = args.window
        return {"workers": n, "crawls": len(done), "sources_per_hour": round(len(done) * 3600 / window / n, 1),
                "cpu_s_per_source": round(cpu / max(1, len(done)), 3), "cpu_s": round(cpu, 1),
                "first_round_s": makespan, "p95_lag_s": p95(steady), "p95_lag_all_s": p95([float(c[2] - c[1]) for c in done]),
                "politeness_violations": politeness(spans, args.delay), "requests": sum(len(v) for v in spans.values()),
                "lost": lost, "not_reached": not_reached, "duplicates": dups, "stalled_after_cleanup": stalled, "failed_stalled_jobs": len(killed), "failed_at_cleanup": cleaned,
                "exit_codes": codes, "faults": fault_at}


def run_daemon(args, tmp: Path) -> dict:
    with Database() as db:
        load = Load(args, tmp)
        cfg = write_config(tmp / "daemon.toml", db.url, load, args, cluster=False, concurrency=1)
        cpu0, t0 = child_cpu(), time.time()
        proc = start(cfg, tmp / "daemon.log", "run")
        try:
            time.sleep(args.window)
            proc.send_signal(signal.SIGTERM)
            try:
                code = proc.wait(120)
            except subprocess.TimeoutExpired:          # recorded: the daemon did not stop in 2 min
                code = "killed after 120 s"
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            cpu = child_cpu() - cpu0
            spans = load.stop()
        runs = sql(db.url, "SELECT s.source_id, extract(epoch FROM r.finished_at)::float8 FROM crawl_run_sources s "
                           "JOIN crawl_runs r ON r.id = s.run_id WHERE r.finished_at IS NOT NULL")
        first = {}
        for sid, fin in sorted(runs, key=lambda r: r[1]):
            first.setdefault(sid, fin)
        n_sources = args.hosts * args.per_host
        return {"workers": "daemon", "crawls": len(runs), "sources_per_hour": round(len(runs) * 3600 / args.window, 1),
                "cpu_s_per_source": round(cpu / max(1, len(runs)), 3), "cpu_s": round(cpu, 1),
                "first_round_s": round(float(max(first.values())) - t0, 1) if len(first) == n_sources else None,
                "politeness_violations": politeness(spans, args.delay), "overlaps": overlaps(spans),
                "requests": sum(len(v) for v in spans.values()), "exit_codes": [code]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--hosts", type=int, default=200)
    ap.add_argument("--per-host", type=int, default=10)
    ap.add_argument("--workers", default="1,2,4", help='worker counts of the cluster runs; "0" runs the daemon alone')
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--interval", type=int, default=120, help="seconds: the compressed polling interval")
    ap.add_argument("--window", type=float, default=400, help="seconds each run lasts")
    ap.add_argument("--delay", type=float, default=0.2)
    ap.add_argument("--timeout", type=float, default=4)
    ap.add_argument("--new-every", type=float, default=90)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--recompute", action="store_true", help="recompute the derived figures of --out, no runs")
    args = ap.parse_args()
    if args.recompute:
        old = json.loads(Path(args.out).read_text(encoding="utf-8"))
        for k in ("hosts", "window_s", "interval_s", "delay_s", "concurrency_per_worker"):
            setattr(args, {"window_s": "window", "interval_s": "interval", "delay_s": "delay",
                           "concurrency_per_worker": "concurrency"}.get(k, k), old[k])
        args.per_host = old["sources"] // old["hosts"]
        print(json.dumps(save(args, old["runs"], old["baseline"]), indent=2))
        return
    counts = [int(x) for x in args.workers.split(",") if int(x) > 0]     # "0": the daemon baseline alone
    runs, base = [], None
    with tempfile.TemporaryDirectory(prefix="dx-scale-") as d:
        tmp = Path(d)
        for n in counts:
            runs.append(run_cluster(n, args, tmp, faults=(n == max(counts) and n > 1)))
            save(args, runs, base)                      # a later run's failure keeps this one
        if not args.no_baseline:
            base = run_daemon(args, tmp)
    result = save(args, runs, base)
    print(json.dumps(result, indent=2))
    bad = result["politeness_violations"] or result["lost"] or result["stalled_after_cleanup"]
    sys.exit(1 if bad else 0)


def save(args, runs: list[dict], base: dict | None) -> dict:
    by = {r["workers"]: r for r in runs}
    # T1/(n·Tn) with T the time per crawl over the window (window / crawls): crawls_n / (n · crawls_1).
    # It understates scaling once n workers keep up with the schedule (they then crawl what is due)
    c1 = by.get(1, {}).get("crawls")
    eff = {str(n): round(r["crawls"] / (n * c1), 2) for n, r in by.items() if c1 and n > 1}
    result = {"sources": args.hosts * args.per_host, "hosts": args.hosts, "interval_s": args.interval,
              "window_s": args.window, "delay_s": args.delay, "concurrency_per_worker": args.concurrency,
              "cores": os.cpu_count(), "runs": runs, "baseline": base,
              "baseline_cpu_s_per_source": base["cpu_s_per_source"] if base else None,
              "scaling_efficiency": eff,
              "politeness_violations": sum(r["politeness_violations"] for r in runs),
              "lost": sum(r["lost"] for r in runs), "duplicates": sum(r["duplicates"] for r in runs),
              "stalled_after_cleanup": sum(r["stalled_after_cleanup"] for r in runs),
              "date": time.strftime("%Y-%m-%d")}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
