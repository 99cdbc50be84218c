"""`sources add` from each mirror homepage alone, then `sources check` and `crawl` of the written
file: articles crawled / articles in the archetype, non-articles stored, the check's result.

    python -m bench.onboard_bench [KEY ...]          # default: every mirror archetype
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mirror.server import MirrorServer
from pipelines.canonical import canonical_url

ROOT = Path(__file__).resolve().parent.parent


def dx(cfg: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    env.pop("DXWATCH_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "crawler.cli", "--config", str(cfg), *args], capture_output=True,
                          text=True, env=env, timeout=600)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("keys", nargs="*")
    args = ap.parse_args()
    rows = []
    with MirrorServer() as m, tempfile.TemporaryDirectory(prefix="dxwatch-onboard-") as tmp:
        for key in args.keys or m.keys:
            work = Path(tmp) / key
            (work / "sources").mkdir(parents=True)
            cfg = work / "dxwatch.toml"
            cfg.write_text(f'[storage]\nurl = "sqlite:///{work / "dx.db"}"\n[crawl]\nallow_private_networks = true\n'
                           f'sources_dir = "sources"\ndownload_delay = 0\nautothrottle = false\nper_host_concurrency = 4\n'
                           f'default_max_pages = 10\n', encoding="utf-8")
            t0 = time.monotonic()
            added = dx(cfg, "sources", "add", m.base(key) + "/", "--id", key)
            t_add = time.monotonic() - t0
            if added.returncode != 0:
                rows.append((key, "-", "-", "-", f"add failed: {added.stderr.strip()[-120:]}", t_add))
                continue
            dx(cfg, "sources", "check", key)
            dx(cfg, "crawl")
            con = sqlite3.connect(work / "dx.db")
            got = {canonical_url(u) for (u,) in con.execute("SELECT url FROM articles")}
            check = con.execute("SELECT result FROM v_source_checks ORDER BY checked_at DESC LIMIT 1").fetchone()
            render = "browser" if 'render = "browser"' in (work / "sources" / f"{key}.toml").read_text() else "http"
            con.close()
            truth = {canonical_url(u) for u in m.article_urls([key])}
            rows.append((key, f"{len(truth & got)}/{len(truth)}", str(len(got - truth)), render,
                         check[0] if check else "-", t_add))
    print("| archetype | articles crawled / in the archetype | non-articles stored | render | sources check | add (s) |")
    print("|---|---|---|---|---|---|")
    for key, ratio, extra, render, check, t in rows:
        print(f"| {key} | {ratio} | {extra} | {render} | {check} | {t:.1f} |")


if __name__ == "__main__":
    main()
