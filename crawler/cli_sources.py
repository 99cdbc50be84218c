"""`dxwatch sources check` and `dxwatch sources add`: sub-commands of `dxwatch sources` that look
at live sites through the crawler stack (crawler.probe), and what `sources list` and `status`
show of the stored checks."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from crawler.config import ConfigError, LoadedConfig, load_config

out = Console()
err = Console(stderr=True)


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code)


def _config(ctx: typer.Context) -> LoadedConfig:
    """The invocation's configuration (the global --config is on the root context's object)."""
    inv = ctx.find_root().obj
    try:
        loaded = load_config(getattr(inv, "config_path", None))
    except ConfigError as e:
        _fail(str(e))
    for w in loaded.warnings:
        err.print(f"[yellow]warning:[/] {escape(w)}", highlight=False)
    return loaded


def _archive(loaded: LoadedConfig):
    from storage.db import DatabaseError, open_archive
    try:
        return open_archive(loaded.settings.storage.url)
    except DatabaseError as e:
        _fail(str(e), 3)


def sources_list(ctx: typer.Context, fmt: str = typer.Option("table", "--format", "-f", help="table | json")):
    """The configured sources: entry points, render mode, verified or not."""
    loaded = _config(ctx)
    detected = _render_decisions(loaded)
    checks = stored_checks(loaded)
    rows = [{"id": s.id, "name": s.name, "render": s.render, "render_detected": detected.get(s.id), "platform": s.platform, "scope": s.scope,
             "province": s.province, "interval": s.interval, "entries": len(s.start_urls) + len(s.feeds) + len(s.sitemaps),
             "verified": s.verified or bool(checks.get(s.id, {}).get("last_passed_at")),
             "verified_on": str(checks.get(s.id, {}).get("last_passed_at") or "")[:10] or None,
             "check": checks.get(s.id, {}).get("result"), "check_evidence": checks.get(s.id, {}).get("evidence"),
             "enabled": s.enabled} for s in loaded.settings.sources]
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    t = Table(title=f"{len(rows)} sources")
    for col in ("id", "name", "render", "platform", "province", "interval", "entries", "verified", "last check"):
        t.add_column(col, overflow="fold")
    for r in rows:
        render = r["render"] + (f" → {r['render_detected']}" if r["render"] == "auto" and r["render_detected"] else "")
        t.add_row(r["id"], r["name"], render, r["platform"] or "", r["province"] or "", r["interval"],
                  str(r["entries"]), r["verified_on"] or ("yes" if r["verified"] else "no"),
                  escape(check_label(checks.get(r["id"]))))
    out.print(t)


def _render_decisions(loaded: LoadedConfig) -> dict[str, str]:
    """Auto mode's remembered decisions, when an archive exists (listing needs no database)."""
    from storage.db import DatabaseError
    from storage.query import QueryError, run_query
    try:
        _, rows, _ = run_query(loaded.settings.storage.url,
                               "SELECT id, render_detected FROM sources WHERE render_detected IS NOT NULL", 100000)
    except (DatabaseError, QueryError):
        return {}
    return dict(rows)


def check(ctx: typer.Context, ids: Optional[list[str]] = typer.Argument(None, metavar="[ID ...]",
                                                                    help="Source ids (default: every enabled source)."),
          fmt: str = typer.Option("table", "--format", "-f", help="table | json")):
    """Live check of sources: entry points reachable, article links found, sampled articles extract
    with dates. Stores each result (ok, moved, empty, blocked, unreachable) with its evidence."""
    from crawler.checks import CheckPlan
    from crawler.probe import run_probe
    from crawler.runner import BrowserMissing
    from pipelines.extract import SourceHints
    from storage.checks import save_checks
    if fmt not in ("table", "json"):
        _fail(f"--format: expected table or json, got {fmt!r}")
    loaded = _config(ctx)
    try:
        sources = [loaded.source(i) for i in ids] if ids else [s for s in loaded.settings.sources if s.enabled]
    except ConfigError as e:
        _fail(str(e))
    if not sources:
        _fail(f"{loaded.path or 'config'}: sources: no sources configured")
    engine = _archive(loaded)
    relevance = loaded.settings.relevance
    known = {s.id: s for s in sources}
    plan = CheckPlan(sources, lambda sid: SourceHints.of(sid, known[sid], relevance), loaded.settings.crawl.max_page_bytes)
    try:
        run_probe(loaded, plan, browser=any(s.render == "browser" for s in sources))
    except BrowserMissing as e:
        _fail(str(e))
    results = plan.results()
    from storage.archive import Archive
    Archive(engine).sync_sources(sources)          # so that `status` lists a source checked but never crawled
    save_checks(engine, results)
    engine.dispose()
    if fmt == "json":
        sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
        if any(r["result"] != "ok" for r in results):
            raise typer.Exit(1)
        return
    t = Table("source", "result", "links", "extract", "evidence", title=f"sources check: {len(results)} sources")
    for r in results:
        colour = "green" if r["result"] == "ok" else "red"
        t.add_row(r["source_id"], f"[{colour}]{r['result']}[/]", str(r["links"]), f"{r['extracted']}/{r['sampled']}",
                  escape("\n".join([r["evidence"][0]] + [e for e in r["evidence"][1:]
                                                          if not e.endswith(")") or "title, date and body" not in e][:3])))
    out.print(t)
    if any(r["result"] != "ok" for r in results):
        raise typer.Exit(1)


def add(ctx: typer.Context, url: str = typer.Argument(..., metavar="URL", help="The portal's homepage."),
        source_id: Optional[str] = typer.Option(None, "--id", metavar="ID", help="The new source's id (default: from the host)."),
        province: Optional[str] = typer.Option(None, "--province", metavar="P", help="The province it reports on (after 2025)."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Print the TOML, write nothing.")):
    """From a portal's homepage: finds feeds, sitemaps, the CĐS section and the platform, decides
    whether a browser is needed, samples articles, and writes sources/<id>.toml."""
    from crawler.onboard import onboard
    from crawler.onboard_toml import OnboardError
    loaded = _config(ctx)
    try:
        report = onboard(loaded, url, source_id=source_id, province=province)
    except OnboardError as e:
        _fail(str(e), 1)
    if dry_run:
        sys.stdout.write(report.toml)
        return
    target = _sources_dir(loaded) / f"{report.source_id}.toml"
    if any(s.id == report.source_id for s in loaded.settings.sources):
        _fail(f"--id: a source {report.source_id!r} is already configured; choose another --id")
    if target.exists():
        _fail(f"{target}: already exists; choose another --id or remove it first")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(report.toml, encoding="utf-8")
    for line in report.summary:
        out.print(escape(line), highlight=False)
    out.print(f"wrote {target}", highlight=False)


def _sources_dir(loaded: LoadedConfig) -> Path:
    d = loaded.settings.crawl.sources_dir
    if not d:
        _fail(f"{loaded.path or 'config'}: crawl.sources_dir: is empty, so there is no folder to write the source to")
    return loaded.resolve(d)


def stored_checks(loaded: LoadedConfig) -> dict[str, dict]:
    """The latest check per source, when an archive exists (listing needs no database)."""
    from storage.checks import latest_checks
    from storage.db import DatabaseError, make_engine
    try:
        engine = make_engine(loaded.settings.storage.url, readonly=True)
    except DatabaseError:
        return {}
    try:
        return latest_checks(engine)
    except Exception:         # an archive from before checks existed, or none at all
        return {}
    finally:
        engine.dispose()


def check_label(c: dict | None) -> str:
    """'ok 2026-11-26' / 'moved 2026-11-26 (passed 2026-11-20)' / '' for a table cell."""
    if not c:
        return ""
    label = f"{c['result']} {str(c['checked_at'])[:10]}"
    if c["result"] != "ok" and c["last_passed_at"]:
        label += f" (passed {str(c['last_passed_at'])[:10]})"
    return label
