"""The soak (`make soak`): the real daemon, fast-forwarded over simulated days, against 200
synthetic portals (bench/soak_portals.py), the fault mirror and a browser portal, all on loopback.

The daemon's APScheduler runs in this process on a simulated clock (time-machine); its crawl and
digest children get the clock offset (common/clock.py). At most --parallel children run at once,
and every digest waits for the crawls before it. Sampled at every step: this process's PSS and
open descriptors, the whole tree's PSS, live Chromium processes. The verdict: daemon memory and
descriptors flat after the first simulated day, no Chromium left, every digest sent once.

    python -m bench.soak [--sources 200] [--days 7] [--parallel 4] [--out var/soak]
"""
from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from aiosmtpd.controller import Controller
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, EVENT_JOB_SUBMITTED

import scheduler
from bench.soak_portals import SoakPortals
from crawler.config import load_config
from mirror.faults import FaultServer
from mirror.server import MirrorServer
from crawler.procs import browser_pids, pss, tree_rss
from storage.db import make_engine

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# the simulation starts at 05:30 in Hà Nội tomorrow (from the clock, so it runs on any date)
START = datetime.combine(datetime.now(VN).date() + timedelta(days=1), datetime.min.time(), VN).replace(hour=5, minute=30)
FAULTS = ["http500", "http503", "reset", "never-starts", "drip", "truncated", "gzip-bomb", "huge-page",
          "redirect-loop", "endless-pages", "challenge", "cookie-gate"]


class Sink:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def toml_value(v) -> str:
    return json.dumps(v, ensure_ascii=False)


def write_config(out: Path, sources: list[dict], smtp_port: int) -> Path:
    lines = ["[storage]", f"url = {toml_value('sqlite:///' + str(out / 'soak.db'))}", "",
             "[crawl]", "allow_private_networks = true", 'sources_dir = ""', "download_delay = 0",
             "autothrottle = false", "per_host_concurrency = 4", "download_timeout = 5", "retry_times = 1",
             "default_max_pages = 2", "",
             "[mail]", 'smtp_host = "127.0.0.1"', f"smtp_port = {smtp_port}", 'security = "none"',
             'sender = "dxwatch@example.org"', 'recipients = ["an@example.org", "binh@example.org"]',
             f"outbox_dir = {toml_value(str(out / 'outbox'))}", ""]
    for s in sources:
        lines.append("[[sources]]")
        lines += [f"{k} = {toml_value(v)}" for k, v in s.items()]
        lines.append("")
    path = out / "dxwatch.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def run(args) -> dict:
    out = Path(args.out).resolve()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
    smtp.start()
    samples, done = [], queue.Queue()
    counts = {"crawl": 0, "digest": 0, "failed_jobs": 0}
    wall0 = time.monotonic()
    with SoakPortals(START.astimezone(timezone.utc)) as portals, FaultServer(FAULTS[:args.faults]) as faults, \
            MirrorServer(sites=["jsportal"]) as mirror, time_machine.travel(START, tick=False) as clock:
        browser = [s for s in mirror.sources() if s["id"] == "mirror-jsportal"][0] | {"interval": "2d"}
        fault_sources = [s | {"interval": "1d"} for s in faults.sources()]
        cfg = write_config(out, portals.sources(args.sources) + fault_sources + [browser], smtp.port)

        def offset() -> float:
            return datetime.now(timezone.utc).timestamp() - time_machine.escape_hatch.time.time()

        daemon = scheduler.Daemon(load_config(cfg), config_path=str(cfg), clock_offset=offset)
        daemon.acquire()
        sched = daemon.schedule()
        sched.add_listener(done.put, EVENT_JOB_SUBMITTED | EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)
        running, end = 0, START + timedelta(days=args.days)

        busy: dict[str, int] = {}

        def settle(limit: int, kind_free: str | None = None) -> None:
            """Take the scheduler's events; block while more than `limit` jobs run (or one of
            `kind_free`: housekeeping is not started again while the last one still runs)."""
            nonlocal running
            while running > limit or not done.empty() or (kind_free and busy.get(kind_free)):
                ev = done.get(timeout=900)
                kind = ev.job_id.split(":")[0]
                if ev.code == EVENT_JOB_SUBMITTED:
                    running += 1
                    busy[kind] = busy.get(kind, 0) + 1
                    continue
                running -= 1
                busy[kind] -= 1
                if kind in counts:
                    counts[kind] += 1
                if ev.code != EVENT_JOB_EXECUTED:
                    counts["failed_jobs"] += 1

        last_sample = None
        while True:
            nxt = min(j.next_run_time for j in sched.get_jobs() if j.next_run_time)
            if nxt > end:
                break
            due = {j.id for j in sched.get_jobs() if j.next_run_time and j.next_run_time <= nxt}
            if "digest" in due:
                settle(0)                 # the morning's digest comes after the crawls before it
            elif "housekeeping" in due:
                settle(args.parallel, "housekeeping")
            clock.move_to(nxt)
            sched.wakeup()
            for _ in range(200):          # until the scheduler has taken what is due
                if all(j.next_run_time is None or j.next_run_time > nxt for j in sched.get_jobs()):
                    break
                time.sleep(0.01)
            settle(args.parallel - 1)
            if last_sample is None or nxt - last_sample >= timedelta(hours=1):
                last_sample = nxt
                samples.append({"sim": nxt.astimezone(VN).isoformat(timespec="minutes"),
                                "wall_s": round(time.monotonic() - wall0, 1), "daemon_pss_mb": round(pss(os.getpid()) / 2**20, 1),
                                "tree_pss_mb": round(tree_rss(os.getpid()) / 2**20, 1), "fds": fds(),
                                "chromium": len(browser_pids(os.getpid())), "running": running})
        settle(0)
        daemon.shutdown()
    smtp.stop()
    time.sleep(1)
    engine = make_engine(f"sqlite:///{out / 'soak.db'}", readonly=True)
    with engine.connect() as conn:
        q = lambda sql: conn.exec_driver_sql(sql).fetchall()      # noqa: E731
        digests = q("SELECT status, COUNT(*) FROM digests GROUP BY status")
        dup = q("SELECT COUNT(*) FROM (SELECT recipient, kind, item_key FROM digest_items "
                "GROUP BY recipient, kind, item_key HAVING COUNT(*) > 1)")[0][0]
        runs = q("SELECT status, COUNT(*) FROM crawl_runs GROUP BY status")
        articles = q("SELECT COUNT(*) FROM articles")[0][0]
        degraded = q("SELECT COUNT(*) FROM v_source_health WHERE degraded = 1")[0][0]
    engine.dispose()
    return summarize(samples, counts, dict(digests), dup, dict(runs), articles, degraded, sink.count,
                     time.monotonic() - wall0, args)


def summarize(samples, counts, digests, dup, runs, articles, degraded, emails, wall, args) -> dict:
    warm = [s for s in samples if s["sim"] >= (START + timedelta(days=1)).isoformat(timespec="minutes")] or samples
    pick = lambda key: {"start": samples[0][key], "after_day_1": warm[0][key],   # noqa: E731
                        "peak": max(s[key] for s in samples), "end": samples[-1][key]}
    result = {"sources": args.sources + args.faults + 1, "simulated_days": args.days, "wall_minutes": round(wall / 60, 1),
              "crawls": counts["crawl"], "digest_jobs": counts["digest"], "failed_jobs": counts["failed_jobs"],
              "crawl_runs": runs, "articles": articles, "degraded_sources": degraded, "emails": emails,
              "digests": digests, "items_sent_twice": dup, "daemon_pss_mb": pick("daemon_pss_mb"),
              "tree_pss_mb": pick("tree_pss_mb"), "fds": pick("fds"),
              "chromium_left": len(browser_pids(os.getpid())), "samples": samples}
    d, f = result["daemon_pss_mb"], result["fds"]
    result["verdict"] = {
        "daemon_memory_flat": d["end"] <= d["after_day_1"] * 1.10 + 5,
        "descriptors_flat": f["end"] <= f["after_day_1"] + 2,
        "no_chromium_left": result["chromium_left"] == 0,
        "digests_all_sent_once": dup == 0 and set(digests) <= {"sent"} and counts["digest"] == args.days,
        "no_failed_jobs": counts["failed_jobs"] == 0,
    }
    return result


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", type=int, default=200)
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--parallel", type=int, default=4)
    ap.add_argument("--out", default="var/soak")
    ap.add_argument("--faults", type=int, default=len(FAULTS), help="how many of the fault sites to include")
    args = ap.parse_args(argv)
    result = run(args)
    Path(args.out, "summary.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    Path(args.out, "samples.json").write_text(json.dumps(result.pop("samples"), indent=1))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    raise SystemExit(0 if all(result["verdict"].values()) else 1)


if __name__ == "__main__":
    main()
