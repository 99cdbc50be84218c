"""A fetch loop through the crawler stack for commands that look at a site rather than archive it
(`sources add`, `sources check`): robots.txt, politeness, retries, challenge detection and the
private-network guard (Scrapy's resolver, and the browser guard for rendered pages) all apply.

A *plan* decides what to fetch: `start()` gives the first asks, `seen(page)` is told each answer
(or failure) and may ask for more. The plan never sees Scrapy; one probe runs per process."""
from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Protocol

import scrapy
from scrapy.crawler import CrawlerProcess

from crawler.browser_guard import AddressPolicy, BrowserGuard
from crawler.config import LoadedConfig
from crawler.logsetup import quiet_network_tracebacks
from crawler.procs import kill_browsers
from spiders.browser import article_methods, page_methods
from spiders.failures import describe

MAX_ASKS = 400             # a plan that keeps asking is cut here


@dataclass
class Ask:
    url: str
    tag: str                              # what the plan wants it for ("home", "sitemap", "article"…)
    render: bool = False                  # through Chromium (the browser guard applies)
    data: dict = field(default_factory=dict)
    wait_for: str | None = None


@dataclass
class Page:
    ask: Ask
    url: str                              # the final URL, after redirects
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    redirects: list[tuple[int, str]] = field(default_factory=list)   # (status, URL redirected from)
    error: str | None = None              # one line, as the crawl says it
    blocked: bool = False                 # robots.txt forbids it, or a challenge page

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def is_html(self) -> bool:
        return self.content_type in ("text/html", "application/xhtml+xml") or \
            (not self.content_type and b"<html" in self.body[:2048].lower())

    def text(self) -> str:
        from pipelines.decode import decode_html
        return decode_html(self.body, self.headers.get("content-type"))[0] if self.body else ""


class Plan(Protocol):
    def start(self) -> list[Ask]: ...
    def seen(self, page: Page) -> list[Ask]: ...


class ProbeSpider(scrapy.Spider):
    name = "probe"
    custom_settings = {"HTTPERROR_ALLOW_ALL": True}

    def __init__(self, plan: Plan, browser_cfg, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.browser_cfg, self.asked = plan, browser_cfg, 0

    async def start(self):
        for req in self._requests(self.plan.start()):
            yield req

    def _requests(self, asks):
        for ask in asks:
            if self.asked >= MAX_ASKS:
                return
            self.asked += 1
            meta = {"ask": ask}
            callback, errback = self.parse, self.failed
            if ask.render:
                src = SimpleNamespace(wait_for=ask.wait_for, click_more=None, max_clicks=0, scroll=0)
                timeout = self.browser_cfg.page_timeout * 1000
                methods = page_methods(src, timeout) if ask.wait_for else article_methods(timeout)   # network idle
                meta.update({"playwright": True, "playwright_include_page": True,
                             "playwright_page_methods": methods,
                             "playwright_page_goto_kwargs": {"wait_until": "domcontentloaded", "timeout": timeout}})
                callback, errback = self.parse_rendered, self.failed_rendered
            yield scrapy.Request(ask.url, callback=callback, errback=errback, meta=meta, dont_filter=True)

    def _page(self, response) -> Page:
        reasons = response.meta.get("redirect_reasons") or []
        hops = list(zip(reasons, response.meta.get("redirect_urls") or []))
        headers = {k.decode("latin-1").lower(): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        return Page(response.meta["ask"], response.url, response.status, headers, response.body,
                    [(int(s) if str(s).isdigit() else 0, u) for s, u in hops])

    def parse(self, response):
        yield from self._requests(self.plan.seen(self._page(response)))

    async def parse_rendered(self, response):
        await _close_page(response.meta)
        for req in self._requests(self.plan.seen(self._page(response))):
            yield req

    def failed(self, failure):
        from crawler.blocking import Blocked
        request = failure.request
        first = (request.meta.get("redirect_urls") or [request.url])[0]
        page = Page(request.meta["ask"], request.url, error=describe(failure, self.settings),
                    blocked=bool(failure.check(Blocked)))
        response = getattr(failure.value, "response", None)
        if response is not None and hasattr(response, "status"):
            page.status = response.status
        page.redirects = [(0, first)] if first != request.url else []
        return list(self._requests(self.plan.seen(page)))

    async def failed_rendered(self, failure):
        await _close_page(failure.request.meta)
        for req in self.failed(failure):
            yield req


async def _close_page(meta) -> None:
    page = meta.pop("playwright_page", None)
    if page is not None:
        try:
            await page.close()
        except Exception:       # a crashed page: nothing left to close
            pass


def run_probe(loaded: LoadedConfig, plan: Plan, *, browser: bool = False) -> None:
    """Run the plan to its end through the crawler stack (one call per process: Twisted)."""
    from crawler.runner import offline_public_suffixes, scrapy_settings
    offline_public_suffixes()
    guard = BrowserGuard(AddressPolicy.of(loaded.settings.crawl)).start() if browser else None
    try:
        settings = scrapy_settings(loaded, browser=browser, guard=guard, sources=getattr(plan, "sources", ()))
        settings.set("ITEM_PIPELINES", {}, priority="cmdline")
        settings.set("LOG_LEVEL", "CRITICAL", priority="cmdline")      # every failure is said by the plan
        process = CrawlerProcess(settings)
        quiet_network_tracebacks()
        process.crawl(ProbeSpider, plan=plan, browser_cfg=loaded.settings.browser)
        try:
            process.start()
        finally:
            if browser:
                kill_browsers()
    finally:
        if guard is not None:
            guard.stop()
