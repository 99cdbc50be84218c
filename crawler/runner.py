"""One crawl cycle in this process: Scrapy settings from the config, the spider, the run record."""
from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings as ScrapySettings

from crawler.browser_guard import AddressPolicy, BrowserGuard
from crawler.config import ConfigError, LoadedConfig, parse_duration
from crawler.logsetup import quiet_network_tracebacks
from crawler.procs import kill_browsers
from crawler.recorder import Recorder, SourceTally
from crawler.services import CrawlServices, attach
from pipelines.canonical import site_of
from spiders.browser import make_abort_predicate
from storage.archive import Archive, pid_alive
from storage.db import open_archive

log = logging.getLogger(__name__)
DEBIAN_CHROMIUM = "/usr/bin/chromium"


class BrowserMissing(Exception):
    pass


@dataclass
class CrawlReport:
    run_id: int
    status: str
    tallies: dict[str, SourceTally] = field(default_factory=dict)
    db_url: str = ""

    @property
    def new_articles(self) -> int:
        return sum(t.new_articles for t in self.tallies.values())


def find_chromium() -> str | None:
    """$DXWATCH_CHROMIUM when set (and only it), else Debian's chromium, else Playwright's own."""
    explicit = os.environ.get("DXWATCH_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() and os.access(explicit, os.X_OK) else None
    for cand in (DEBIAN_CHROMIUM, shutil.which("chromium"), shutil.which("chromium-browser")):
        if cand and Path(cand).is_file() and os.access(cand, os.X_OK):
            return cand
    base = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH", Path.home() / ".cache" / "ms-playwright"))
    for exe in sorted(base.glob("chromium*/chrome-linux*/chrome"), reverse=True):
        return str(exe)
    return None


def chromium_args() -> list[str]:
    args = ["--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            "--disable-extensions", "--mute-audio", "--disable-default-apps",
            "--disable-breakpad", "--disable-crash-reporter", "--no-zygote"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    return args


def scrapy_settings(loaded: LoadedConfig, *, browser: bool, sources=(), guard: BrowserGuard | None = None) -> ScrapySettings:
    """Scrapy's settings for a crawl; a browser crawl needs the running BrowserGuard its Chromium
    is sent through (crawler/browser_guard.py)."""
    c = loaded.settings.crawl
    s = ScrapySettings()
    s.setmodule("crawler.settings", priority="project")
    s.setdict({
        "USER_AGENT": c.user_agent, "ROBOTSTXT_OBEY": c.obey_robots,
        "CONCURRENT_REQUESTS": c.concurrent_requests, "CONCURRENT_REQUESTS_PER_DOMAIN": c.per_host_concurrency,
        "DOWNLOAD_DELAY": c.download_delay, "AUTOTHROTTLE_ENABLED": c.autothrottle,
        "DOWNLOAD_TIMEOUT": c.download_timeout, "RETRY_TIMES": c.retry_times,
        "DXWATCH_RETRY_BACKOFF_BASE": c.retry_backoff, "DXWATCH_RETRY_BACKOFF_MAX": c.retry_backoff_max,
        "DXWATCH_RETRY_AFTER_MAX": c.retry_after_max,
        "DOWNLOAD_MAXSIZE": c.max_page_bytes, "LOG_LEVEL": c.log_level,
        "DXWATCH_ALLOW_PRIVATE_NETWORKS": c.allow_private_networks,
        "DXWATCH_ALLOW_PRIVATE_HOSTS": c.allow_private_hosts, "DXWATCH_RESOLVE": c.resolve,
        "TWISTED_DNS_RESOLVER": "crawler.netguard.GuardedResolver",
    }, priority="cmdline")
    if browser:
        exe = find_chromium()
        if exe is None:
            raise BrowserMissing("no Chromium found for browser sources: run 'make install' "
                                 "(installs Debian's chromium, or Playwright's own browser)")
        s.set("DOWNLOAD_HANDLERS", {
            "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
            "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
        }, priority="cmdline")
        if guard is None:
            raise ValueError("a browser crawl needs its BrowserGuard (every Chromium request goes through it)")
        b = loaded.settings.browser
        args = chromium_args() + guard.chromium_args()
        s.set("PLAYWRIGHT_LAUNCH_OPTIONS", {"executable_path": exe, "headless": True, "args": args,
                                            "timeout": 30_000}, priority="cmdline")
        s.set("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT", b.max_pages_per_context, priority="cmdline")
        s.set("PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT", b.page_timeout * 1000, priority="cmdline")
        allowed = {site_of(u) for src in sources for u in [*src.start_urls, *src.feeds, *src.sitemaps, src.homepage or ""] if u}
        s.set("PLAYWRIGHT_ABORT_REQUEST", make_abort_predicate(allowed, b.block_resources), priority="cmdline")
    return s


def offline_public_suffixes() -> None:
    """Scrapy's cookie middleware asks tldextract for the public-suffix list, which by default is
    downloaded from publicsuffix.org on first use: a request to no source of ours, and a logged
    traceback where there is no network. Use the snapshot bundled with tldextract instead."""
    import scrapy.downloadermiddlewares.cookies as cookies
    from tldextract import TLDExtract
    cookies._split_domain = TLDExtract(suffix_list_urls=(), include_psl_private_domains=True)


def run_crawl(loaded: LoadedConfig, source_ids: list[str] | None = None) -> CrawlReport:
    """Crawl the selected (default: all enabled) sources once. One call per process (Twisted)."""
    offline_public_suffixes()
    settings = loaded.settings
    sources = [s for s in settings.sources if s.enabled]
    if source_ids:
        sources = [loaded.source(i) for i in source_ids]
    if not sources:
        raise ConfigError(str(loaded.path or "config"), "sources", "no sources configured (add [[sources]] or files under sources/)")
    engine = open_archive(settings.storage.url)
    archive = Archive(engine)
    archive.mark_interrupted_runs_except(pid_alive)
    archive.sync_sources(sources)
    run_id = archive.start_run(pid=os.getpid())
    recorder = Recorder(run_id=run_id)
    browser_sources = [s for s in sources if s.render in ("browser", "auto")]
    guard = BrowserGuard(AddressPolicy.of(settings.crawl)).start() if browser_sources else None
    try:
        scrapy_cfg = scrapy_settings(loaded, browser=bool(browser_sources), sources=sources, guard=guard)
    except BrowserMissing as e:
        for s in browser_sources:
            if s.render == "browser":
                recorder.tally(s.id).entries = 1
                recorder.error(s.id, str(e), entry=True)
        sources = [s for s in sources if s.render != "browser"]
        scrapy_cfg = scrapy_settings(loaded, browser=False)
    render_memory = archive.render_decisions(parse_duration(settings.browser.auto_recheck))
    from spiders.portal import PortalSpider
    process = CrawlerProcess(scrapy_cfg)          # LOG_INSTALL_ROOT_HANDLER (default True) installs the handler
    quiet_network_tracebacks()
    crawler = process.create_crawler(PortalSpider)
    attach(crawler, CrawlServices(archive=archive, recorder=recorder, sources={s.id: s for s in sources},
                                  settings=settings, render_memory=render_memory))
    status = "ok"
    if guard is not None and not sources:
        guard.stop()
    if sources:
        process.crawl(crawler)
        try:
            process.start()
        finally:
            kill_browsers()                 # nothing of Chromium outlives the crawl
            if guard is not None:
                guard.stop()
        reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
        if reason == "shutdown":
            status = "interrupted"
    for s in sources:
        recorder.tally(s.id)
    if status == "ok" and recorder.tallies and all(t.status == "failed" for t in recorder.tallies.values()):
        status = "failed"
    archive.log_fetches(recorder.drain_fetches())
    archive.save_validators(recorder.validators_seen)
    archive.save_render_decisions(recorder.render_decisions)
    archive.finish_run(run_id, status, recorder.tallies)
    engine.dispose()
    return CrawlReport(run_id=run_id, status=status, tallies=recorder.tallies, db_url=settings.storage.url)
