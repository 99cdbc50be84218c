"""`dxwatch demo`: the offline mirror on loopback, crawled into a local archive, summarised.
With `--faults`, the fault mirror's hostile and broken portals are crawled in the same run.

The CLI layer is the only crawling-side code that imports the mirror, and only here, lazily: the
mirror (mirror/, a test server with the team's gold annotations) is part of the source tree, not
of the installed package."""
from __future__ import annotations

import sys
import time
from contextlib import ExitStack
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from crawler.config import load_config

# The fault sites hang, drip and throttle on purpose: a short timeout keeps the demo short.
FAULTS_CRAWL = "download_timeout = 3"


class MirrorMissing(Exception):
    pass


def _import_mirror() -> None:
    """Make the offline mirror importable: it sits beside crawler/ in a checkout (an editable
    install maps only the installed packages); a wheel does not carry it."""
    try:
        import mirror  # noqa: F401
        return
    except ModuleNotFoundError:
        pass
    checkout = Path(__file__).resolve().parent.parent
    if not (checkout / "mirror" / "__init__.py").is_file():
        raise MirrorMissing("the offline mirror is not installed with dxwatch: run the demo from a source "
                            "checkout (make demo)")
    sys.path.append(str(checkout))


def run_demo(*, port: int, workdir: Path, serve: bool, console: Console, faults: bool = False) -> None:
    _import_mirror()
    from mirror.faults import FaultServer
    from mirror.server import MirrorServer
    from crawler.runner import run_crawl
    from storage.query import run_query
    workdir.mkdir(parents=True, exist_ok=True)
    db = (workdir / "dxwatch.db").resolve()
    with ExitStack() as stack:
        mirror = stack.enter_context(MirrorServer(port=port))
        fault_server = stack.enter_context(FaultServer()) if faults else None
        cfg_path = workdir / "dxwatch.toml"
        mail = (f'[mail]\nrecipients = ["analyst@example.org"]\noutbox_dir = "{(workdir / "outbox").resolve()}"\n'
                f'sender = "dxwatch@demo.local"\n')         # no smtp_host: the outbox only
        text = mirror.config_toml(f"sqlite:///{db}", extra=(FAULTS_CRAWL + "\n" if faults else "") + mail)   # [crawl] keys first
        if fault_server is not None:
            text += "\n" + fault_server.config_blocks()
        cfg_path.write_text(text, encoding="utf-8")
        console.print(f"mirror: {len(mirror.keys)} portal archetypes on "
                      + ", ".join(mirror.base(k) for k in mirror.keys), highlight=False)
        if fault_server is not None:
            console.print(f"faults: {len(fault_server.keys)} broken or hostile sites on {fault_server.address}",
                          highlight=False)
        loaded = load_config(cfg_path, environ={})
        started = time.monotonic()
        report = run_crawl(loaded)
        elapsed = time.monotonic() - started
        t = Table(title=f"demo crawl (run {report.run_id}, {elapsed:.1f} s)")
        for col in ("source", "pages", "articles", "new", "skipped", "errors", "status", "last error"):
            t.add_column(col, overflow="fold")
        for sid, x in sorted(report.tallies.items()):
            status = "blocked" if x.blocked else x.status
            t.add_row(sid, str(x.pages), str(x.articles), str(x.new_articles), str(x.skipped), str(x.errors), status,
                      escape((x.last_error or "")[:140]))
        console.print(t)
        if fault_server is not None:
            _fault_summary(fault_server, report, console)
        url = f"sqlite:///{db}"
        _, rows, _ = run_query(url, "SELECT COUNT(*), SUM(relevant) FROM v_articles")
        total, relevant = rows[0]
        console.print(f"archive: {db}  ({total} articles, {relevant or 0} about chuyển đổi số)", highlight=False)
        _, latest, _ = run_query(url, "SELECT published_at, source_id, title FROM v_articles WHERE relevant = 1 "
                                      "ORDER BY published_at DESC LIMIT 5")
        for p, s, title in latest:
            console.print(f"  {(p or '')[:10]}  [{s}] {title}", highlight=False)
        outbox = _demo_digest(loaded, workdir, console)
        _next_steps(cfg_path, outbox, console)
        if serve:
            console.print("serving the mirror; Ctrl-C to stop")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass


def _demo_digest(loaded, workdir: Path, console: Console) -> Path | None:
    """Today's digest of the demo crawl into the outbox (.eml and a .html to open), for a demo
    reader of its own, so `dxwatch digest --preview` still shows the analyst's pending items."""
    from zoneinfo import ZoneInfo
    from sqlalchemy.orm import sessionmaker
    from alerts.deliver import run_digests
    from common import clock
    from storage.db import open_archive
    settings = loaded.settings.model_copy(deep=True)
    settings.mail.recipients = ["demo-reader@demo.local"]
    day = clock.now(ZoneInfo(settings.digest.timezone)).date()
    engine = open_archive(settings.storage.url)
    try:
        results = run_digests(sessionmaker(engine, expire_on_commit=False), settings, day, send=True,
                              outbox=(workdir / "outbox").resolve())
    finally:
        engine.dispose()
    for r in results:
        if r.eml_path:
            html = Path(r.eml_path).with_suffix(".html")
            console.print(f"digest: {escape(r.subject)}\n  {_rel(Path(r.eml_path))}\n  {_rel(html)} (open in a browser)",
                          highlight=False)
            return html
    console.print("digest: nothing new to send", highlight=False)
    return None


def _rel(path: Path) -> str:
    """A path as typed from the current directory (the repository root under `make demo`)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _command() -> str:
    """How to call dxwatch from here: `dxwatch` when it is on PATH, else the venv's script."""
    import shutil
    import sys
    on_path = shutil.which("dxwatch")
    mine = Path(sys.argv[0]).resolve() if Path(sys.argv[0]).name == "dxwatch" else Path(sys.executable).with_name("dxwatch")
    if on_path and Path(on_path).resolve() == mine.resolve():
        return "dxwatch"
    return _rel(mine) if mine.exists() else f"{_rel(Path(sys.executable))} -m crawler.cli"


def _next_steps(cfg_path: Path, outbox: Path | None, console: Console) -> None:
    """Commands that work when pasted from this directory (the repository root under `make demo`)."""
    dx = f"{_command()} --config {_rel(cfg_path)}"
    steps = [
        ("the meetings", f'{dx} sql "SELECT held_on, ordinal, body, article_count FROM v_meetings ORDER BY held_on DESC"'),
        ("the figures", f'{dx} sql "SELECT indicator, scope, period, value, unit FROM v_metrics ORDER BY indicator, scope, period_end LIMIT 20"'),
        ("a search", f'{dx} search "cáp quang"'),
        ("browse in Datasette", f"{dx} serve"),
        ("the digest, as text", f"{dx} digest --preview"),
    ]
    console.print("next steps (paste from here):", highlight=False)
    for what, cmd in steps:
        console.print(f"  # {what}\n  {cmd}", highlight=False, soft_wrap=True)
    if outbox is not None:
        console.print(f"  # the digest as the analyst gets it\n  open {_rel(outbox)}", highlight=False, soft_wrap=True)


def _fault_summary(fault_server, report, console: Console) -> None:
    """One line per fault: what was injected, what dxwatch was meant to do, and whether it did."""
    from mirror.fault_sites import FAULTS
    survived = 0
    for key in fault_server.keys:
        site, tally = FAULTS[key], report.tallies.get(fault_server.source_id(key))
        ok = tally is not None and tally.status == site.status and tally.blocked == site.blocked
        survived += ok
        got = "not crawled" if tally is None else ("blocked" if tally.blocked else tally.status)
        console.print(f"  {'✓' if ok else '✗'} {key:16} {escape(site.what)} → {got}: {escape(site.expect)}",
                      highlight=False)
    mirror_ok = all(t.status == "ok" for s, t in report.tallies.items() if s.startswith("mirror-"))
    console.print(f"faults: {survived}/{len(fault_server.keys)} handled as designed; mirror sources "
                  f"{'all ok' if mirror_ok else 'NOT all ok'}", highlight=False)
