"""The `dxwatch` command line."""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import click
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from common import clock
from common.secrets import mask_url
from crawler import cli_sources, cluster_cli
from crawler.config import ConfigError, LoadedConfig, load_config

app = typer.Typer(help="dxwatch: watch Vietnamese government portals for chuyển đổi số news.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None)
sources_app = typer.Typer(help="The monitored sources.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(sources_app, name="sources")
sources_app.command("list")(cli_sources.sources_list)
sources_app.command("check")(cli_sources.check)
sources_app.command("add")(cli_sources.add)
out = Console()
err = Console(stderr=True)


@dataclass
class Invocation:
    """What the global options said, kept on the command's Click context (not in module state)."""
    config_path: str | None
    loaded: LoadedConfig | None = None


def fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code)


def config(ctx: typer.Context) -> LoadedConfig:
    """The configuration of this invocation, loaded (and its warnings shown) once."""
    inv = ctx.find_object(Invocation)
    if inv.loaded is None:
        try:
            inv.loaded = load_config(inv.config_path)
        except ConfigError as e:
            fail(str(e))
        for w in inv.loaded.warnings:
            err.print(f"[yellow]warning:[/] {escape(w)}", highlight=False)
    return inv.loaded


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version
        try:
            v = version("dxwatch")
        except PackageNotFoundError:        # run from a checkout that was never installed
            v = "unknown (not installed)"
        out.print(f"dxwatch {v}", highlight=False)
        raise typer.Exit()


@app.callback()
def main_options(ctx: typer.Context,
                 cfg: Optional[Path] = typer.Option(None, "--config", "-c", envvar="DXWATCH_CONFIG", metavar="PATH",
                                                    help="Configuration file (default ./dxwatch.toml)."),
                 clock_offset: float = typer.Option(0.0, "--clock-offset", envvar=clock.OFFSET_ENV, hidden=True,
                                                    help="Seconds to shift the clock by (the daemon's simulation "
                                                         "hands its children the offset of its clock)."),
                 _v: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                         help="Print the version and exit.")):
    ctx.obj = Invocation(str(cfg) if cfg else None)
    clock.set_offset(clock_offset)


def _db_guard(fn, *args, **kwargs):
    from storage.db import DatabaseError
    try:
        return fn(*args, **kwargs)
    except DatabaseError as e:
        hint = ""
        inv = click.get_current_context(silent=True)
        named = inv is not None and inv.find_object(Invocation) is not None and inv.find_object(Invocation).config_path
        if str(e).startswith("no archive at") and Path("var/demo/dxwatch.toml").is_file() and not named:
            hint = "; the demo's archive: --config var/demo/dxwatch.toml"
        fail(str(e) + hint, 3)


def _print_report(report, loaded: LoadedConfig) -> None:
    from spiders.failures import first_line
    t = Table(title=f"crawl run {report.run_id}: {report.status}", show_lines=False)
    for col in ("source", "pages", "304", "articles", "new", "updated", "known", "skipped", "errors", "status",
                "last error / why empty"):
        t.add_column(col, overflow="fold")
    for sid, x in sorted(report.tallies.items()):
        t.add_row(sid, str(x.pages), str(x.not_modified), str(x.articles), str(x.new_articles), str(x.updated), str(x.known),
                  str(x.skipped), str(x.errors), x.status,
                  escape(first_line(x.empty_reason or x.last_error or "", 160)))
    out.print(t)
    out.print(f"{report.new_articles} new articles; archive: {mask_url(loaded.settings.storage.url)}", highlight=False)


@app.command()
def crawl(ctx: typer.Context, source: list[str] = typer.Option(None, "--source", "-s", help="Only these source ids (repeatable).")):
    """One crawl cycle: a failing source is reported and the others go on."""
    loaded = config(ctx)
    from crawler.runner import run_crawl
    try:
        report = _db_guard(run_crawl, loaded, source or None)
    except ConfigError as e:
        fail(str(e))
    _print_report(report, loaded)


@app.command()
def extract(ctx: typer.Context, file: Path = typer.Argument(..., help="A saved HTML page."),
            url: str = typer.Option(None, "--url", help="The page's URL (for canonical URL and dates)."),
            source: str = typer.Option(None, "--source", help="A source id whose rules apply.")):
    """Print the contract's JSON for one saved page; no database needed."""
    from pipelines.extract import SourceHints, extract_page
    try:
        body = file.read_bytes()
    except OSError as e:
        fail(f"{file}: cannot be read: {e.strerror}")
    hints = SourceHints()
    if source:
        loaded = config(ctx)
        try:
            src = loaded.source(source)
        except ConfigError as e:
            fail(str(e))
        hints = SourceHints.of(src.id, src, loaded.settings.relevance)
    ex = extract_page(body, url or file.resolve().as_uri(), hints)
    sys.stdout.write(ex.to_json() + "\n")


@app.command()
def sql(ctx: typer.Context, query: str = typer.Argument(..., help="One SELECT/WITH statement."),
        fmt: str = typer.Option("table", "--format", "-f", help="table | csv | json"),
        limit: int = typer.Option(1000, "--limit", help="At most this many rows.")):
    """Read-only SQL over the archive (views: v_articles, v_meetings, v_metrics, …)."""
    from storage.query import QueryError, QueryRefused, check_statement, format_rows, run_query
    if fmt not in ("table", "csv", "json"):
        fail(f"--format: expected table, csv or json, got {fmt!r}")
    if limit < 0:
        fail(f"--limit: expected 0 or more rows, got {limit}")
    try:
        check_statement(query)                  # refused before the archive is even opened
    except QueryRefused as e:
        fail(f"SQL: {e}")
    loaded = config(ctx)
    try:
        cols, rows, truncated = _db_guard(run_query, loaded.settings.storage.url, query, limit)
    except QueryError as e:
        fail(f"SQL: {e}", 1)
    if fmt == "table":
        t = Table(*cols)
        for r in rows:
            t.add_row(*("" if v is None else escape(str(v)) for v in r))
        out.print(t)
    else:
        sys.stdout.write(format_rows(cols, rows, fmt) + ("" if fmt == "csv" else "\n"))
    if truncated:
        err.print(f"(only the first {limit} rows; use --limit)")


@app.command()
def search(ctx: typer.Context, words: str = typer.Argument(..., help='Words, or "a phrase" in quotes; tone marks optional.'),
           since: str = typer.Option(None, "--since", help="Only articles published (or first seen) from this date, YYYY-MM-DD."),
           source: str = typer.Option(None, "--source", "-s", help="Only this source id."),
           limit: int = typer.Option(20, "--limit", help="At most this many results."),
           fmt: str = typer.Option("table", "--format", "-f", help="table | json")):
    """Full-text search of the archive: ranked, with snippets; "de an 06" finds "Đề án 06"."""
    from datetime import date
    from sqlalchemy.exc import SQLAlchemyError
    from storage.query import read_only_engine
    from storage.search import search as run_search
    if fmt not in ("table", "json"):
        fail(f"--format: expected table or json, got {fmt!r}")
    if limit < 1:
        fail(f"--limit: expected 1 or more results, got {limit}")
    if not words.strip():
        fail('search: no words given; e.g. dxwatch search "cáp quang"')
    try:
        since_day = date.fromisoformat(since) if since else None
    except ValueError:
        fail(f"--since: expected a date YYYY-MM-DD, got {since!r}")
    loaded = config(ctx)
    engine = _db_guard(read_only_engine, loaded.settings.storage.url)
    if source:
        _known_source_or_fail(engine, loaded, source)
    try:
        hits = _db_guard(run_search, engine, words, since=since_day, source=source, limit=limit)
    except SQLAlchemyError as e:
        fail(f"search: {str(getattr(e, 'orig', e) or e).strip().splitlines()[0]}", 1)
    finally:
        engine.dispose()
    if fmt == "json":
        sys.stdout.write(json.dumps([h.as_dict() for h in hits], ensure_ascii=False, indent=2) + "\n")
        return
    if not hits:
        out.print("no matches")
        return
    for i, h in enumerate(hits, 1):
        snip = escape(h.snippet).replace("«", "[bold yellow]").replace("»", "[/]")
        out.print(f"[bold]{i}. {escape(h.title)}[/]  [dim]{h.source_id} · {(h.published_at or '')[:10]} · {h.url}[/]")
        out.print(f"   {snip}")


def _known_source_or_fail(engine, loaded: LoadedConfig, source: str) -> None:
    """An unknown --source is a usage error (as in `crawl`), not an empty result: one configured
    or once crawled into this archive is known."""
    from sqlalchemy import text as sql_text
    configured = {s.id for s in loaded.settings.sources}
    with engine.connect() as conn:
        archived = set(conn.execute(sql_text("SELECT id FROM sources")).scalars())
    if source not in configured | archived:
        engine.dispose()
        known = sorted(configured | archived)
        hint = ", ".join(known[:8]) + (", …" if len(known) > 8 else "") if known else "none"
        fail(f"--source: unknown source {source!r} (known: {hint})")


@app.command()
def serve(ctx: typer.Context, host: str = typer.Option("127.0.0.1", help="Address to listen on."),
          port: int = typer.Option(8001, help="Port to listen on.")):
    """Browse the archive read-only in Datasette, with search and canned queries (extra: serve)."""
    import os
    from storage.browse import ServeError, datasette_args
    loaded = config(ctx)
    try:
        args = datasette_args(loaded.settings.storage.url, host, port)
    except ServeError as e:
        fail(str(e), 3)
    out.print(f"dxwatch archive at http://{host}:{port}/ (read-only); Ctrl-C to stop", highlight=False)
    sys.stdout.flush()
    os.execv(args[0], args)


@app.command()
def run(ctx: typer.Context):
    """The daemon: scheduled crawls per source, the daily digest and housekeeping, until SIGTERM/SIGINT."""
    from scheduler import AlreadyRunning, Daemon
    loaded = config(ctx)
    if not loaded.settings.sources:
        fail(f"{loaded.path}: sources: no sources configured")
    if loaded.settings.cluster.enabled:
        fail(f"{loaded.path}: cluster.enabled: cluster mode runs `dxwatch worker` processes, not the daemon")
    try:
        daemon = _db_guard(Daemon, loaded, config_path=str(Path(loaded.path).resolve()) if loaded.path else None)
        out.print(f"dxwatch daemon: {len(loaded.settings.sources)} sources, digest at {loaded.settings.digest.time} "
                  f"{loaded.settings.digest.timezone}; SIGTERM or Ctrl-C to stop", highlight=False)
        raise typer.Exit(daemon.run())
    except AlreadyRunning as e:
        fail(str(e), 4)


@app.command()
def digest(ctx: typer.Context, day: str = typer.Option(None, "--date", help="The digest's day, YYYY-MM-DD (default: today in [digest] timezone)."),
           send: bool = typer.Option(False, "--send", help="Deliver it (SMTP and outbox) and record it in the ledger."),
           preview: bool = typer.Option(False, "--preview", help="Print the plain-text digest (the default).")):
    """Build the digest of new meetings, metrics and stories; --date rebuilds a past day without sending."""
    from datetime import date
    from zoneinfo import ZoneInfo
    from sqlalchemy.orm import sessionmaker
    from alerts.deliver import run_digests
    from contextlib import nullcontext
    from storage import locks
    from storage.db import open_archive
    loaded = config(ctx)
    if send and preview:
        fail("--send and --preview: choose one")
    if day:
        try:
            the_day = date.fromisoformat(day)
        except ValueError:
            fail(f"--date: expected a date YYYY-MM-DD, got {day!r}")
    else:
        the_day = clock.now(ZoneInfo(loaded.settings.digest.timezone)).date()
    engine = _db_guard(open_archive, loaded.settings.storage.url)
    try:
        with locks.held(engine, "digest") if send else nullcontext():    # one send at a time per archive
            results = run_digests(sessionmaker(engine, expire_on_commit=False), loaded.settings, the_day, send=send,
                                  rebuild=bool(day) and not send,
                                  outbox=loaded.resolve(loaded.settings.mail.outbox_dir))
    except locks.LockHeld as e:
        fail(f"{e}: it is sending this archive's digest; nothing sent by this run", 4)
    except locks.ArchiveBusy as e:
        fail(f"{e}; nothing sent by this run", 4)
    finally:
        engine.dispose()
    failed = False
    for r in results:
        if r.status == "preview":
            sys.stdout.write(f"To: {r.recipient}\nSubject: {r.subject}\n\n{r.text}\n")
        elif r.status == "empty":
            out.print(f"{r.recipient}: nothing new, no email", highlight=False)
        else:
            failed |= r.status == "failed"
            where = f" ({r.eml_path})" if r.eml_path else ""
            out.print(f"{r.recipient}: {r.status}{where}" + (f": {escape(r.error)}" if r.error else ""), highlight=False)
    if failed:
        raise typer.Exit(1)


def _hints_factory(loaded: LoadedConfig):
    from pipelines.extract import SourceHints
    known = {s.id: s for s in loaded.settings.sources}
    return lambda source_id: SourceHints.of(source_id, known.get(source_id), loaded.settings.relevance)


@app.command()
def reprocess(ctx: typer.Context, since: str = typer.Option(None, "--since", help="Only articles published on or after this date (YYYY-MM-DD)."),
              source: str = typer.Option(None, "--source", help="Only this source id.")):
    """Re-run extraction, classification, dedup and event recognition over stored snapshots."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
    from storage.archive import Archive
    from storage.db import open_archive
    from storage.reprocess import reprocess as run
    loaded = config(ctx)
    if since and not __import__("re").match(r"^\d{4}-\d{2}-\d{2}$", since):
        fail(f"--since: expected a date YYYY-MM-DD, got {since!r}")
    engine = _db_guard(open_archive, loaded.settings.storage.url)
    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=err, transient=True) as bar:
        task = bar.add_task("reprocessing", total=None)
        report = run(Archive(engine), _hints_factory(loaded), since=since, source=source,
                     progress=lambda n, total: bar.update(task, completed=n, total=total))
    engine.dispose()
    out.print(f"{report.articles} articles reprocessed: {report.changed} changed, {report.skipped} skipped")


@app.command()
def status(ctx: typer.Context, fmt: str = typer.Option("table", "--format", "-f", help="table | json")):
    """Daemon state and per-source health. Exit 1 when the daemon is dead or a source is degraded."""
    from storage.query import QueryError, run_query
    loaded = config(ctx)
    cols, rows, _ = _db_guard(run_query, loaded.settings.storage.url,
                              "SELECT * FROM v_source_health ORDER BY source_id", 100000)
    data = [dict(zip(cols, r)) for r in rows]
    try:
        dcols, drows, _ = run_query(loaded.settings.storage.url,
                                    "SELECT pid, host, started_at, heartbeat_at, next_run_at, status FROM daemon_state", 1)
        daemon = dict(zip(dcols, drows[0])) if drows else None
    except QueryError:          # an archive from before the daemon existed
        daemon = None
    checks = cli_sources.stored_checks(loaded)
    for d in data:
        c = checks.get(d["source_id"])
        d["check"] = c["result"] if c else None
        d["checked_at"] = str(c["checked_at"]) if c else None
        d["verified_on"] = str(c["last_passed_at"])[:10] if c and c["last_passed_at"] else None
        d["check_evidence"] = c["evidence"] if c else None
    daemon_state = _daemon_verdict(daemon)
    jobs = _next_runs(loaded) if daemon else []
    cluster = cluster_cli.cluster_status(loaded)
    if fmt == "json":
        sys.stdout.write(json.dumps({"daemon": {**(daemon or {}), "state": daemon_state, "next_runs": jobs},
                                     **({"cluster": cluster} if cluster is not None else {}),
                                     "sources": data}, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        for cl_line in cluster_cli.cluster_lines(cluster) if cluster is not None else []:
            out.print(escape(cl_line), highlight=False)
        line = f"daemon: {daemon_state}"
        if daemon:
            line += f" (pid {daemon['pid']} on {daemon['host']}, heartbeat {daemon['heartbeat_at']} UTC)"
        out.print(escape(line), highlight=False)
        if jobs:
            out.print("next runs: " + escape(", ".join(f"{j['job']} {j['at'][:16]}" for j in jobs[:6]))
                      + f" ({loaded.settings.digest.timezone})", highlight=False)
        t = Table("source", "last success (UTC)", "failures", "new 7d / usual", "empty", "undated", "health", "last check",
                  title="source health")
        pct = lambda v: "" if v is None else f"{v:.0%}"     # noqa: E731
        for d in data:
            usual = "" if d["usual_7d"] is None else f" / {d['usual_7d']:.1f}"
            verdict = f"[red]degraded[/]: {escape(d['reason'] or '')}" if d["degraded"] else "ok"
            t.add_row(escape(d["source_id"]), str(d["last_success_at"] or "-")[:19], str(d["consecutive_failures"]),
                      f"{d['articles_7d']}{usual}", pct(d["empty_share"]), pct(d["undated_share"]), verdict,
                      escape(cli_sources.check_label(checks.get(d["source_id"]))))
        out.print(t)
    if daemon_state == "dead" or any(d["degraded"] for d in data) or (cluster is not None and not cluster.get("workers_alive")):
        raise typer.Exit(1)


def _next_runs(loaded: LoadedConfig) -> list[dict]:
    """The scheduler's jobs by next run (the digest first among equals), in the digest's time zone."""
    from datetime import datetime
    from zoneinfo import ZoneInfo
    from storage.query import QueryError, run_query
    try:
        _, rows, _ = run_query(loaded.settings.storage.url, "SELECT id, next_run_time FROM apscheduler_jobs "
                               "WHERE next_run_time IS NOT NULL ORDER BY next_run_time, id", 1000)
    except QueryError:
        return []
    tz = ZoneInfo(loaded.settings.digest.timezone)
    return [{"job": job, "at": datetime.fromtimestamp(float(ts), tz).isoformat(timespec="minutes")} for job, ts in rows]


def _daemon_verdict(daemon: dict | None) -> str:
    """running | dead (it said running but its heartbeat stopped) | stopped | never started."""
    from datetime import datetime
    from scheduler import STALE_AFTER
    if not daemon:
        return "never started"
    if daemon["status"] != "running":
        return "stopped"
    beat = daemon["heartbeat_at"]
    beat = beat if isinstance(beat, datetime) else datetime.fromisoformat(str(beat))
    from storage.models import utcnow
    return "running" if beat > utcnow() - STALE_AFTER else "dead"


@app.command()
def demo(port: int = typer.Option(0, help="Port for the mirror sites (0: any free port)."),
         workdir: Path = typer.Option(Path("var/demo"), help="Where the demo archive and config go."),
         serve: bool = typer.Option(False, help="Keep the mirror running after the crawl (Ctrl-C to stop)."),
         faults: bool = typer.Option(False, "--faults", help="Also crawl the fault mirror (127.0.0.18): broken "
                                     "and hostile portals, each its own source; see docs/reliability.md.")):
    """Serve the bundled offline mirror on loopback (127.0.0.11-17), crawl it, and show what was found."""
    from crawler.demo import MirrorMissing, run_demo
    try:
        run_demo(port=port, workdir=workdir, serve=serve, console=out, faults=faults)
    except MirrorMissing as e:
        fail(str(e))


cluster_cli.register(app, config, fail)

_METAVARS = {"source": "ID", "since": "DATE", "day": "DATE", "limit": "N", "fmt": "FORMAT", "url": "URL",
             "port": "PORT", "host": "ADDRESS", "workdir": "DIR", "cfg": "PATH", "file": "FILE", "query": "QUERY",
             "words": "WORDS", "queues": "QUEUES", "concurrency": "N", "max_jobs": "N",
             "max_memory_mb": "MB"}


def _readable_help(cmd) -> None:
    """Help shows what to type (ID, DATE, N…), not Python types (<list[str]>), and nothing after a flag."""
    for p in cmd.params:
        if getattr(p, "is_flag", False):
            p.metavar = ""
        elif p.metavar is None:
            p.metavar = _METAVARS.get(p.name, p.name.upper())
        if p.param_type_name == "argument":      # "QUERY", not "{QUERY} <str>"
            name = p.metavar
            p.display_type_rich = lambda ctx: None
            p._usage_display_name = lambda name=name: name
    for sub in getattr(cmd, "commands", {}).values():
        _readable_help(sub)


def main() -> None:
    from common.strict import FixtureError
    cmd = typer.main.get_command(app)
    _readable_help(cmd)
    try:
        cmd.main(prog_name="dxwatch")
    except FixtureError as e:        # a shipped data file edited wrong (platforms.toml, linkwords.toml, …)
        sys.stderr.write(f"dxwatch: {e}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
