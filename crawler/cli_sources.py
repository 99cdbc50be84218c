"""`dxwatch sources check` and `dxwatch sources add`: sub-commands of `dxwatch sources` that look
at live sites through the crawler stack (crawler.probe), and what `sources list` and `status`
show of the stored checks."""
from __future__ import annotations

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


def check(ctx: typer.Context, ids: Optional[list[str]] = typer.Argument(None, metavar="[ID ...]",
                                                                    help="Source ids (default: every enabled source).")):
    """Live check of sources: entry points reachable, article links found, sampled articles extract
    with dates. Stores each result (ok, moved, empty, blocked, unreachable) with its evidence."""
    from crawler.checks import CheckPlan
    from crawler.probe import run_probe
    from crawler.runner import BrowserMissing
    from pipelines.extract import SourceHints
    from storage.checks import save_checks
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
    save_checks(engine, results)
    engine.dispose()
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
