"""`dxwatch demo`: the offline mirror on loopback, crawled into a local archive, summarised."""
from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from crawler.config import load_config
from crawler.mirror.server import MirrorServer


def run_demo(*, port: int, workdir: Path, serve: bool, console: Console) -> None:
    from crawler.runner import run_crawl
    from storage.query import run_query
    workdir.mkdir(parents=True, exist_ok=True)
    db = (workdir / "dxwatch.db").resolve()
    with MirrorServer(port=port) as mirror:
        cfg_path = workdir / "dxwatch.toml"
        cfg_path.write_text(mirror.config_toml(f"sqlite:///{db}"), encoding="utf-8")
        console.print(f"mirror: {len(mirror.keys)} portal archetypes on "
                      + ", ".join(mirror.base(k) for k in mirror.keys), highlight=False)
        loaded = load_config(cfg_path, environ={})
        started = time.monotonic()
        report = run_crawl(loaded)
        elapsed = time.monotonic() - started
        t = Table(title=f"demo crawl (run {report.run_id}, {elapsed:.1f} s)")
        for col in ("source", "pages", "articles", "new", "errors", "last error"):
            t.add_column(col, overflow="fold")
        for sid, x in sorted(report.tallies.items()):
            t.add_row(sid, str(x.pages), str(x.articles), str(x.new_articles), str(x.errors), (x.last_error or "")[:100])
        console.print(t)
        url = f"sqlite:///{db}"
        _, rows, _ = run_query(url, "SELECT COUNT(*), SUM(relevant) FROM v_articles")
        total, relevant = rows[0]
        console.print(f"archive: {db}  ({total} articles, {relevant or 0} about chuyển đổi số)", highlight=False)
        _, latest, _ = run_query(url, "SELECT published_at, source_id, title FROM v_articles WHERE relevant = 1 "
                                      "ORDER BY published_at DESC LIMIT 5")
        for p, s, title in latest:
            console.print(f"  {(p or '')[:10]}  [{s}] {title}", highlight=False)
        console.print(f"next: dxwatch --config {cfg_path} sql \"SELECT * FROM v_articles LIMIT 5\"", highlight=False)
        if serve:
            console.print("serving the mirror; Ctrl-C to stop")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
