"""Browser benchmark: N listing pages rendered by real Chromium through the crawler; seconds per
page and the memory of the whole process tree (crawler + Chromium), sampled through the run."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import DOC, parser, write_section
from mirror.server import MirrorServer
from crawler.procs import tree_rss

ROOT = Path(__file__).resolve().parent.parent


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (x, y)."""
    n = len(points)
    if n < 2:
        return 0.0
    mx = sum(p[0] for p in points) / n
    my = sum(p[1] for p in points) / n
    den = sum((p[0] - mx) ** 2 for p in points)
    return sum((p[0] - mx) * (p[1] - my) for p in points) / den if den else 0.0


def main(argv: list[str] | None = None) -> None:
    ap = parser(__doc__)
    ap.add_argument("--pages", type=int, default=int(os.environ.get("BENCH_PAGES", "200")))
    ap.add_argument("--concurrency", type=int, default=int(os.environ.get("BENCH_CONCURRENCY", "4")))
    args = ap.parse_args(argv)
    PAGES, CONCURRENCY = args.pages, args.concurrency        # noqa: N806
    tmp = Path(tempfile.mkdtemp(prefix="dxbrowser-"))
    with MirrorServer() as mirror:
        base = mirror.base("jsportal")
        src = {"id": "bench-browser", "name": "bench", "render": "browser", "wait_for": "#news-zone .news-item",
               "start_urls": [f"{base}/chuyen-doi-so?v={i}" for i in range(PAGES)], "max_pages": 1}
        cfg = tmp / "dxwatch.toml"
        cfg.write_text(
            f'[storage]\nurl = "sqlite:///{tmp / "b.db"}"\n[crawl]\nallow_private_networks = true\nsources_dir = ""\n'
            f'download_delay = 0\nautothrottle = false\nper_host_concurrency = {CONCURRENCY}\n[browser]\nrecycle_after = 25\n\n[[sources]]\n'
            + "\n".join(f"{k} = {json.dumps(v)}" for k, v in src.items()) + "\n", encoding="utf-8")
        t0 = time.perf_counter()
        errlog = (tmp / "stderr.log").open("w+")      # a file, not a pipe: a full pipe would block the crawl
        proc = subprocess.Popen([sys.executable, "-m", "crawler.cli", "--config", str(cfg), "crawl"], cwd=ROOT,
                                env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
                                stderr=errlog, text=True)
        samples: list[tuple[float, int, int]] = []       # (seconds, tree rss, pages rendered so far)
        while proc.poll() is None:
            rendered = sum(1 for e in mirror.log.entries if e[1] == "POST")
            samples.append((time.perf_counter() - t0, tree_rss(proc.pid), rendered))
            time.sleep(0.25)
        wall = time.perf_counter() - t0
        errlog.seek(0)
        err = errlog.read()
        rendered = sum(1 for e in mirror.log.entries if e[1] == "POST")
    if proc.returncode != 0:
        sys.exit(err[-2000:])
    peak = max(s[1] for s in samples)
    # after warm-up (30% of the pages) and before the last page (shutdown frees memory)
    warm = [s for s in samples if rendered * 0.3 <= s[2] < rendered]
    during = [s for s in samples if 0 < s[2] < rendered] or samples
    per100 = slope([(s[2], s[1] / 2**20) for s in warm]) * 100
    rows = {
        "pages rendered": str(rendered),
        "wall time": f"{wall:.1f} s",
        "seconds per page (wall, incl. start-up)": f"{wall / max(1, rendered):.3f} s",
        "peak memory, crawler + Chromium tree": f"{peak / 2**20:.0f} MB",
        "memory after warm-up / before the last page": f"{warm[0][1] / 2**20:.0f} MB / {warm[-1][1] / 2**20:.0f} MB" if warm else "-",
        "mean memory while rendering": f"{sum(s[1] for s in during) / len(during) / 2**20:.0f} MB",
        "memory slope after warm-up": f"{per100:+.1f} MB per 100 pages",
    }
    write_section("browser", rows, f"{PAGES} listing pages of the mirror's script-filled portal, contexts recycled "
                                   f"every 25 pages, {CONCURRENCY} pages at a time", doc=None if args.no_doc else DOC)


if __name__ == "__main__":
    main()
