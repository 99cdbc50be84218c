"""The generic, config-driven spider: it only navigates (feeds, sitemaps, listings, pagination)."""
from __future__ import annotations

import asyncio
import re

import scrapy

from crawler.attachments import HTML_TYPES, media_type
from crawler.blocking import Blocked
from crawler.config import parse_duration
from crawler.items import PageItem
from pipelines.canonical import canonical_url, same_site
from spiders import browser, discovery
from spiders.failures import describe
from spiders.feeds import XmlRefused, parse_feed, parse_sitemap, robots_sitemaps, unpack_xml

MAX_SITEMAPS_PER_SOURCE = 20
MAX_CHAIN_LINKS = 2000         # article links remembered per pagination chain (repeat detection)


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(self, sources, archive, recorder, settings, render_memory=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = {s.id: s for s in sources}
        self.archive = archive
        self.recorder = recorder
        self.cfg = settings.crawl                  # crawler.config.CrawlConfig
        self.relevance_cfg = settings.relevance
        self.browser_cfg = settings.browser
        self.render_memory = render_memory or {}        # auto mode: decisions still trusted
        self._browser_pages = 0
        self._contexts: dict = {}                  # context name -> BrowserContext, once seen
        self._inflight: dict[str, int] = {}        # context name -> browser requests not yet answered
        self._seen: set[str] = set()               # canonical article URLs scheduled this run
        self._budget: dict[str, int] = {}
        self._sitemaps: dict[str, int] = {}

    # --- entry points -------------------------------------------------------------------------
    async def start(self):
        for req in self.start_requests():
            yield req

    def start_requests(self):
        for src in self.sources.values():
            if src.render == "auto" and self.render_memory.get(src.id) == "browser":
                self.recorder.render_decisions[src.id] = "browser"
            tally = self.recorder.tally(src.id)
            for url in src.feeds:
                tally.entries += 1
                yield self._req(url, src, "feed", self.parse_feed, entry=True)
            for url in src.sitemaps:
                tally.entries += 1
                yield self._req(url, src, "sitemap", self.parse_sitemap, entry=True)
            for url in src.start_urls:
                tally.entries += 1
                yield self._req(url, src, "listing", self.parse_listing, entry=True, page=1)
            if src.recheck_within:
                due = self.archive.due_for_recheck(src.id, parse_duration(src.recheck_within),
                                                   parse_duration(src.recheck_every))
                yield from self._articles(due, src, "recheck", recheck=True)

    def _uses_browser(self, src) -> bool:
        return src.render == "browser" or self.recorder.render_decisions.get(src.id) == "browser"

    def _req(self, url, src, kind, callback, *, entry=False, conditional=True, **meta):
        m = {"source_id": src.id, "kind": kind, "entry": entry, "conditional": conditional,
             "handle_httpstatus_list": [304], **meta}
        errback = self.on_error
        if kind == "listing" and self._uses_browser(src):
            m.update(self._browser_meta(browser.page_methods(src, self.browser_cfg.page_timeout * 1000)))
            m["inner_callback"] = callback.__name__
            callback, errback = self.parse_rendered, self.on_browser_error
        elif kind == "listing" and src.render == "auto":
            m["auto"] = True
        return scrapy.Request(url, callback=callback, errback=errback, meta=m, dont_filter=entry)

    def _browser_meta(self, methods) -> dict:
        """Browser request meta: a recycled context name, page methods, the per-page time limit."""
        self._browser_pages += 1
        context = self._context_name()
        self._inflight[context] = self._inflight.get(context, 0) + 1
        timeout = self.browser_cfg.page_timeout * 1000
        return {"playwright": True, "playwright_include_page": True, "playwright_context": context,
                "playwright_page_methods": methods, "conditional": False,
                "playwright_page_goto_kwargs": {"wait_until": "domcontentloaded", "timeout": timeout}}

    async def _release(self, meta) -> None:
        """Close the page before its context; then close every context whose turn has passed and
        that has no page open (a retired context left open would hold a PLAYWRIGHT_MAX_CONTEXTS slot)."""
        name = meta.get("playwright_context", "default")
        self._inflight[name] = self._inflight.get(name, 0) - 1
        page = meta.pop("playwright_page", None)
        if page is not None:
            self._contexts[name] = page.context
            try:
                await page.close()
            except Exception as e:  # a crashed page or browser: nothing left to close
                self.logger.debug("closing page: %s", e)
        self._close_idle_contexts(self._context_name())

    def _context_name(self) -> str:
        """Every `recycle_after` pages the browser requests move to a fresh context; the old one is
        closed once no request of it is in flight (so none can be handed a closing context). This
        rotation is what bounds the open contexts: the current one plus those still finishing."""
        return f"dx-{self._browser_pages // self.browser_cfg.recycle_after}"

    def _close_idle_contexts(self, current: str) -> None:
        for name, ctx in list(self._contexts.items()):
            if name != current and self._inflight.get(name, 0) <= 0 and not ctx.pages:
                del self._contexts[name]
                asyncio.ensure_future(self._close_context(ctx))

    async def _close_context(self, ctx) -> None:
        try:
            await ctx.close()
        except Exception as e:
            self.logger.debug("closing context: %s", e)

    async def parse_rendered(self, response):
        """A listing rendered by Chromium: release the page, then read links as for HTTP."""
        await self._release(response.meta)
        inner = getattr(self, response.meta.get("inner_callback", "parse_listing"))
        for out in inner(response):
            yield out

    async def parse_rendered_article(self, response):
        await self._release(response.meta)
        for out in self.parse_article(response):
            yield out

    async def on_browser_error(self, failure):
        await self._release(failure.request.meta)
        self.on_error(failure)

    # --- callbacks: listings, feeds, sitemaps -------------------------------------------------
    def _page_ok(self, response) -> bool:
        tally = self.recorder.tally(response.meta["source_id"])
        tally.pages += 1
        if response.status == 304:
            tally.not_modified += 1
            return False
        return True

    def parse_listing(self, response):
        if not self._page_ok(response):
            return
        src = self.sources[response.meta["source_id"]]
        html = response.text if hasattr(response, "text") else ""
        links = discovery.article_links(html, response.url, src.article_url_pattern)
        if response.meta.get("auto") and not response.meta.get("playwright"):
            has_scripts = bool(re.search(r"<script\b", html, re.I))
            # the listing is filled by script when the source's ready-selector is absent over HTTP,
            # or when no article link at all is found on a page that carries scripts
            unrendered = bool(src.wait_for) and not response.css(src.wait_for)
            if has_scripts and (not links or unrendered):
                # auto mode: no links over HTTP but scripts on the page -> render it in Chromium
                self.recorder.render_decisions[src.id] = "browser"
                yield self._req(response.url, src, "listing", self.parse_listing, entry=True,
                                page=response.meta.get("page", 1))
                return
            self.recorder.render_decisions.setdefault(src.id, "http")
        yield from self._articles(links, src, "listing")
        page = response.meta.get("page", 1)
        max_pages = src.max_pages or self.cfg.default_max_pages
        chain = response.meta.get("chain", ())
        fresh = [u for u in links if u not in chain]
        if page >= max_pages or (page > 1 and not fresh):
            return      # the bound, or a page that brings nothing new (past the end, a calendar, a loop)
        zone = discovery.vgp_zone(html)
        if zone:
            url = discovery.vgp_timeline_url(response.url, zone, 2)
            yield self._req(url, src, "listing", self.parse_timeline, zone=zone, page=2, conditional=False)
            return
        nxt = discovery.next_page(html, response.url)
        if nxt and same_site(nxt, response.url):
            yield self._req(nxt, src, "listing", self.parse_listing, page=page + 1, conditional=False,
                            chain=(*chain, *fresh)[-MAX_CHAIN_LINKS:])

    def parse_timeline(self, response):
        """VGP pages 2+: bare `div.box-stream-item` fragments until an empty one."""
        if not self._page_ok(response):
            return
        src = self.sources[response.meta["source_id"]]
        links = discovery.article_links(response.text, response.url, src.article_url_pattern)
        if not links:
            return
        yield from self._articles(links, src, "listing")
        page = response.meta["page"]
        if page < (src.max_pages or self.cfg.default_max_pages):
            url = discovery.vgp_timeline_url(response.url, response.meta["zone"], page + 1)
            yield self._req(url, src, "listing", self.parse_timeline, zone=response.meta["zone"], page=page + 1,
                            conditional=False)

    def parse_feed(self, response):
        if not self._page_ok(response):
            return
        src = self.sources[response.meta["source_id"]]
        body = self._xml(response)
        if body is None:
            return
        entries = parse_feed(body)
        if not entries and response.status == 200:
            self.recorder.error(src.id, f"{response.url}: not a readable RSS/Atom feed", entry=response.meta.get("entry", False))
        links = [e.url for e in entries if e.url.startswith(("http://", "https://")) and same_site(e.url, response.url)]
        yield from self._articles(links, src, "feed")

    def parse_sitemap(self, response):
        if not self._page_ok(response):
            return
        src = self.sources[response.meta["source_id"]]
        if response.url.endswith("/robots.txt"):
            for url in robots_sitemaps(response.body, response.url):
                yield from self._sitemap_req(url, src)
            return
        body = self._xml(response)
        if body is None:
            return
        result = parse_sitemap(body)
        if result.kind == "sitemapindex":
            for url in result.locs:
                yield from self._sitemap_req(url, src)
        elif result.kind == "urlset":
            rx = re.compile(src.article_url_pattern) if src.article_url_pattern else None
            links = [u for u in result.locs if u in result.news or discovery.is_article_url(u, rx)]
            yield from self._articles([u for u in links if same_site(u, response.url)], src, "sitemap")
        else:
            self.recorder.error(src.id, f"{response.url}: not a readable sitemap", entry=response.meta.get("entry", False))

    def _xml(self, response) -> bytes | None:
        """The feed's or sitemap's XML, or None after reporting why it is refused (size, entities)."""
        try:
            return unpack_xml(response.body, response.meta.get("download_maxsize", self.settings.getint("DOWNLOAD_MAXSIZE")))
        except XmlRefused as e:
            src_id = response.meta["source_id"]
            self.recorder.error(src_id, f"{response.url}: {e}", entry=response.meta.get("entry", False))
            self.logger.warning("source %s: %s: %s", src_id, response.url, e)
            return None

    def _sitemap_req(self, url, src):
        n = self._sitemaps.get(src.id, 0)
        if n < MAX_SITEMAPS_PER_SOURCE:
            self._sitemaps[src.id] = n + 1
            yield self._req(url, src, "sitemap", self.parse_sitemap)

    # --- articles -----------------------------------------------------------------------------
    def _articles(self, links, src, via, recheck=False):
        budget = self._budget.setdefault(src.id, self.cfg.max_articles_per_source)
        for link in links:
            canon = canonical_url(link)
            if canon in self._seen:
                continue
            self._seen.add(canon)
            state = "recheck" if recheck else self.archive.url_state(
                canon, parse_duration(src.recheck_within) if src.recheck_within else None,
                parse_duration(src.recheck_every))
            if state == "known":
                self.recorder.tally(src.id).known += 1
                continue
            if budget <= 0:
                break
            budget -= 1
            meta = {"source_id": src.id, "kind": "article", "via": via}
            callback, errback = self.parse_article, self.on_error
            if src.render_articles and self._uses_browser(src):
                meta.update(self._browser_meta(browser.article_methods(self.browser_cfg.page_timeout * 1000)))
                callback, errback = self.parse_rendered_article, self.on_browser_error
            yield scrapy.Request(discovery.strip_tracking(link), callback=callback, errback=errback, meta=meta)
        self._budget[src.id] = budget

    def parse_article(self, response):
        src_id = response.meta["source_id"]
        tally = self.recorder.tally(src_id)
        ctype = media_type(response.headers)
        if not HTML_TYPES.search(ctype):
            tally.skipped += 1          # an attachment (PDF, image, archive): its download stopped at the headers
            tally.last_error = f"{response.url}: not an HTML page ({ctype.decode('latin-1')[:60]}); skipped"
            return
        tally.articles += 1
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        yield PageItem(source_id=src_id, url=response.url, body=response.body, headers=headers,
                       status=response.status, via=response.meta.get("via", "listing"))

    # --- failures -----------------------------------------------------------------------------
    def on_error(self, failure):
        """One line per failure; a blocked source (challenge page, robots.txt) is one line in all."""
        request = failure.request
        src_id = request.meta.get("source_id", "?")
        entry = bool(request.meta.get("entry"))
        tally = self.recorder.tally(src_id)
        url = (request.meta.get("redirect_urls") or [request.url])[0]
        msg = f"{url}: {describe(failure, self.settings)}"
        if failure.check(Blocked):
            if not entry and "robots.txt" in msg:
                tally.skipped += 1                  # one article the site asks us not to fetch
                return
            if tally.blocked:                       # already said: count the entry, say nothing more
                tally.entry_errors += int(entry)
                return
            tally.blocked = True
        self.recorder.error(src_id, msg, entry=entry)
        self.logger.warning("source %s: %s", src_id, msg)
