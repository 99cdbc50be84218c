"""Crawl benchmark over the offline mirror (politeness off): speed, CPU per article, pipeline vs
bare trafilatura in the same process, and the cost of an unchanged re-crawl. Writes docs/performance.md."""
from __future__ import annotations

import gzip
import os
import platform
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import trafilatura

from bench.report import DOC, parser, write_section
from mirror.archetypes import load_articles
from mirror.server import MirrorServer
from pipelines.extract import extract_page

ROOT = Path(__file__).resolve().parent.parent


def child_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def crawl(cfg: Path) -> tuple[float, float, subprocess.CompletedProcess]:
    cpu0, t0 = child_cpu(), time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "crawler.cli", "--config", str(cfg), "crawl"], capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    return time.perf_counter() - t0, child_cpu() - cpu0, res


def main(argv: list[str] | None = None) -> None:
    ap = parser(__doc__)
    ap.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", "10")),
                    help="times the extraction of every page is repeated (CPU figures)")
    args = ap.parse_args(argv)
    repeat = max(1, args.repeat)
    tmp = Path(tempfile.mkdtemp(prefix="dxbench-"))
    db = tmp / "bench.db"
    article_paths = {a.path for a in load_articles()}
    with MirrorServer() as mirror:
        # the browser archetype is measured by its own benchmark; this one is plain HTTP
        text = mirror.config_toml(f"sqlite:///{db}")
        head, *blocks = text.split("[[sources]]")
        text = head.replace("per_host_concurrency = 4", "per_host_concurrency = 8") + "".join(
            "[[sources]]" + b for b in blocks if "mirror-jsportal" not in b)
        cfg = tmp / "dxwatch.toml"
        cfg.write_text(text, encoding="utf-8")
        mirror.log.clear()
        wall1, cpu1, res1 = crawl(cfg)
        if res1.returncode != 0:
            sys.exit(res1.stderr[-2000:])
        log1 = list(mirror.log.entries)
        mirror.log.clear()
        wall2, cpu2, res2 = crawl(cfg)
        log2 = list(mirror.log.entries)
    if res2.returncode != 0:
        sys.exit(res2.stderr[-2000:])
    con = sqlite3.connect(db)
    stored = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    run2 = con.execute("SELECT MAX(id) FROM crawl_runs").fetchone()[0]
    polls = [s for (s,) in con.execute("SELECT status FROM fetches WHERE run_id = ? AND kind IN ('listing','feed','sitemap')", (run2,))]
    pages = [(url, gzip.decompress(html), json_ctype(h)) for url, html, h in con.execute("SELECT url, html_gz, headers FROM snapshots")]
    con.close()
    share_304 = sum(1 for s in polls if s == 304) / max(1, len(polls))
    article_downloads_2 = sum(1 for e in log2 if e[1] == "GET" and e[2].split("?utm")[0] in article_paths)

    # same pages, same process: the whole extraction pipeline vs bare trafilatura
    def timed(fn) -> float:
        t0 = time.process_time()
        for _ in range(repeat):
            for url, body, ctype in pages:
                fn(url, body, ctype)
        return (time.process_time() - t0) / (repeat * len(pages))

    bare = timed(lambda u, b, c: trafilatura.extract(b, url=u, deduplicate=False))
    text_only = timed(lambda u, b, c: extract_page(b, u, content_type=c, events=False))
    ours = timed(lambda u, b, c: extract_page(b, u, content_type=c))
    bare2 = timed(lambda u, b, c: trafilatura.extract(b, url=u, deduplicate=False))   # drift check
    base = (bare + bare2) / 2
    rows = {
        "pages served (first crawl)": f"{len(log1)}",
        "articles stored": f"{stored}",
        "wall time, first crawl": f"{wall1:.2f} s",
        "pages per second (first crawl)": f"{len(log1) / wall1:.1f}",
        "CPU seconds per stored article (whole crawl process)": f"{cpu1 / max(1, stored):.3f} s",
        "extraction CPU per page, bare trafilatura": f"{base * 1000:.1f} ms (runs: {bare * 1000:.1f} / {bare2 * 1000:.1f})",
        "extraction CPU per page, dxwatch text extraction (clean, date, normalise, classify, hash)": f"{text_only * 1000:.1f} ms",
        "ratio text extraction / bare trafilatura": f"{text_only / base:.2f}x",
        "extraction CPU per page, whole pipeline incl. meeting/metric recognition": f"{ours * 1000:.1f} ms",
        "ratio whole pipeline / bare trafilatura": f"{ours / base:.2f}x",
        "re-crawl: article downloads": f"{article_downloads_2}",
        "re-crawl: listing/feed/sitemap polls answered 304": f"{share_304:.0%} of {len(polls)}",
        "re-crawl: wall time / CPU": f"{wall2:.2f} s / {cpu2:.2f} s",
    }
    write_section("crawl", rows, f"{len(pages)} mirror pages, extraction repeated {repeat}x; "
                                 f"{platform.python_version()} on {os.cpu_count()} cores",
                  doc=None if args.no_doc else DOC)


def json_ctype(headers: str) -> str | None:
    import json
    h = json.loads(headers or "{}")
    return h.get("Content-Type") or h.get("content-type")


if __name__ == "__main__":
    main()
