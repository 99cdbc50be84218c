"""Chromium, in one place: which sources are rendered (render = "browser", and "auto" deciding by
itself), what a browser request carries (page methods for a source's interactions, a recycled
context), closing pages and contexts, and the request filter that keeps Chromium from fetching
images, fonts and trackers. The crawl's one BrowserPages (owned by the spider) is the only code that
touches Playwright pages and contexts."""
from __future__ import annotations

import asyncio
import logging
import re
from urllib.parse import urlsplit

from pipelines.canonical import site_of

# Clicks a "Xem thêm" button while new links keep appearing; bounded by count and time.
CLICK_MORE_JS = """async ({selector, maxClicks, waitMs}) => {
  let clicks = 0;
  for (; clicks < maxClicks; clicks++) {
    const button = document.querySelector(selector);
    if (!button) break;
    const before = document.querySelectorAll('a[href]').length;
    button.click();
    let waited = 0;
    while (document.querySelectorAll('a[href]').length === before && waited < waitMs) {
      await new Promise(r => setTimeout(r, 100)); waited += 100;
    }
    if (document.querySelectorAll('a[href]').length === before) break;
  }
  return clicks;
}"""
# Scrolls to the bottom a bounded number of times (infinite scroll stops at the bound).
SCROLL_JS = """async ({times, waitMs}) => {
  for (let i = 0; i < times; i++) {
    window.scrollTo(0, document.body.scrollHeight);
    await new Promise(r => setTimeout(r, waitMs));
  }
  return times;
}"""
TRACKERS = ("google-analytics.com", "googletagmanager.com", "doubleclick.net", "facebook.net", "facebook.com",
            "zalo.me", "sp.zalo.me", "connect.facebook", "analytics", "adservice", "adsystem", "hotjar",
            "histats", "statcounter", "yandex", "tiktok", "ants.vn", "admicro", "eclick")


SETTLE_MS = 5000          # how long a listing without a ready-selector may take to go quiet after "load"


def page_methods(src, timeout_ms: int) -> list:
    from scrapy_playwright.page import PageMethod
    methods = []
    if src.wait_for:
        methods.append(PageMethod("wait_for_selector", src.wait_for, timeout=timeout_ms))
    else:
        methods.append(PageMethod("wait_for_load_state", "load", timeout=timeout_ms))
    if src.click_more and src.max_clicks:
        methods.append(PageMethod("evaluate", CLICK_MORE_JS,
                                  {"selector": src.click_more, "maxClicks": src.max_clicks, "waitMs": 3000}))
    if src.scroll:
        methods.append(PageMethod("evaluate", SCROLL_JS, {"times": src.scroll, "waitMs": 300}))
    return methods


def article_methods(timeout_ms: int) -> list:
    from scrapy_playwright.page import PageMethod
    return [PageMethod("wait_for_load_state", "networkidle", timeout=timeout_ms)]


def make_abort_predicate(allowed_sites: set[str], blocked_types: list[str]):
    """PLAYWRIGHT_ABORT_REQUEST: block heavy resource types, trackers and third-party hosts."""
    blocked = set(blocked_types)

    def abort(request) -> bool:
        if request.resource_type in blocked:
            return True
        host = (urlsplit(request.url).hostname or "").lower()
        if any(t in host for t in TRACKERS):
            return True
        if request.url.startswith(("data:", "blob:")):
            return False
        site = site_of(request.url)
        return not any(site == a or site.endswith("." + a) or a.endswith("." + site) for a in allowed_sites)
    return abort


class BrowserPages:
    """The browser side of one crawl. Every `recycle_after` rendered pages move to a fresh
    context; a context whose turn has passed is closed once no request of it is in flight and no
    page of it is open (so none is handed a closing context, and none holds a
    PLAYWRIGHT_MAX_CONTEXTS slot). This rotation bounds the open contexts: the current one plus
    those still finishing."""

    def __init__(self, browser_cfg, recorder, render_memory: dict[str, str] | None = None,
                 logger: logging.Logger | logging.LoggerAdapter | None = None):
        self.cfg = browser_cfg                     # crawler.config.BrowserConfig
        self.recorder = recorder                   # render decisions are recorded for the archive
        self.render_memory = render_memory or {}   # auto mode: decisions still trusted
        self.log = logger or logging.getLogger(__name__)
        self.pages = 0                             # browser requests made
        self._contexts: dict = {}                  # context name -> BrowserContext, once seen
        self._inflight: dict[str, int] = {}        # context name -> browser requests not yet answered

    # --- which sources are rendered ------------------------------------------------------------
    def remember(self, src) -> None:
        """At the start: an auto source whose last decision ("browser") is still trusted."""
        if src.render == "auto" and self.render_memory.get(src.id) == "browser":
            self.recorder.render_decisions[src.id] = "browser"

    def renders(self, src) -> bool:
        return src.render == "browser" or self.recorder.render_decisions.get(src.id) == "browser"

    def needs_rendering(self, src, response, html: str, links: list[str]) -> bool:
        """Auto mode, on a listing fetched over HTTP: True (and the decision recorded) when it is
        filled by script, i.e. the source's ready-selector is absent over HTTP, or no article
        link at all is found on a page that carries scripts; else the source stays on HTTP."""
        has_scripts = bool(re.search(r"<script\b", html, re.I))
        unrendered = bool(src.wait_for) and not response.css(src.wait_for)
        if has_scripts and (not links or unrendered):
            self.recorder.render_decisions[src.id] = "browser"
            return True
        self.recorder.render_decisions.setdefault(src.id, "http")
        return False

    # --- what a browser request carries --------------------------------------------------------
    def listing_meta(self, src) -> dict:
        return {**self._meta(page_methods(src, self.cfg.page_timeout * 1000)), "settle": not src.wait_for}

    async def settled(self, response):
        """A listing without a ready-selector is read once its scripts are done: after "load" a
        script may still be fetching its links (an AJAX listing), so the page is given until the
        network is quiet, at most SETTLE_MS, and read again. A page that never goes quiet (polling)
        is read as it is then."""
        page = response.meta.get("playwright_page")
        if page is None or not response.meta.get("settle"):
            return response
        try:
            await page.wait_for_load_state("networkidle", timeout=min(SETTLE_MS, self.cfg.page_timeout * 1000))
        except Exception as e:  # noqa: BLE001 - a timeout (never quiet) or a closed page: read what is there
            self.log.debug("%s did not go quiet: %s", response.url, e)
        try:
            return response.replace(body=await page.content(), encoding="utf-8")
        except Exception as e:  # noqa: BLE001 - a crashed page: the response as first read
            self.log.debug("re-reading %s: %s", response.url, e)
            return response

    def article_meta(self) -> dict:
        return self._meta(article_methods(self.cfg.page_timeout * 1000))

    def _meta(self, methods) -> dict:
        """Browser request meta: a recycled context name, page methods, the per-page time limit."""
        self.pages += 1
        context = self._context_name()
        self._inflight[context] = self._inflight.get(context, 0) + 1
        timeout = self.cfg.page_timeout * 1000
        return {"playwright": True, "playwright_include_page": True, "playwright_context": context,
                "playwright_page_methods": methods, "conditional": False,
                "playwright_page_goto_kwargs": {"wait_until": "domcontentloaded", "timeout": timeout}}

    def _context_name(self) -> str:
        return f"dx-{self.pages // self.cfg.recycle_after}"

    # --- closing --------------------------------------------------------------------------------
    async def release(self, meta) -> None:
        """Close the page before its context; then close every context whose turn has passed and
        that has no page open."""
        name = meta.get("playwright_context", "default")
        self._inflight[name] = self._inflight.get(name, 0) - 1
        page = meta.pop("playwright_page", None)
        if page is not None:
            self._contexts[name] = page.context
            try:
                await page.close()
            except Exception as e:  # a crashed page or browser: nothing left to close
                self.log.debug("closing page: %s", e)
        self._close_idle_contexts(self._context_name())

    def _close_idle_contexts(self, current: str) -> None:
        for name, ctx in list(self._contexts.items()):
            if name != current and self._inflight.get(name, 0) <= 0 and not ctx.pages:
                del self._contexts[name]
                asyncio.ensure_future(self._close_context(ctx))

    async def _close_context(self, ctx) -> None:
        try:
            await ctx.close()
        except Exception as e:
            self.log.debug("closing context: %s", e)
