"""The generic, config-driven spider: it only navigates (feeds, sitemaps, listings, pagination).
Chromium's pages and contexts are spiders.browser's; failures are counted by spiders.failures."""
from __future__ import annotations

import re

import scrapy

from crawler.config import parse_duration
from crawler.items import PageItem
from crawler.services import services_of
from crawler.stop_attachments import HTML_TYPES, media_type
from pipelines.canonical import canonical_url, same_site
from spiders import discovery
from spiders.browser import BrowserPages
from spiders.failures import record_failure
from spiders.feeds import XmlRefused, parse_feed, parse_sitemap, robots_sitemaps, unpack_xml

MAX_SITEMAPS_PER_SOURCE = 20
MAX_CHAIN_LINKS = 2000         # article links remembered per pagination chain (repeat detection)


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(self, services, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = services.sources
        self.archive = services.archive            # which articles are stored, or due for a re-check
        self.recorder = services.recorder
        self.cfg = services.settings.crawl         # crawler.config.CrawlConfig
        self.browser = BrowserPages(services.settings.browser, services.recorder, services.render_memory, self.logger)
        self._seen: set[str] = set()               # canonical article URLs scheduled this run
        self._budget: dict[str, int] = {}
        self._sitemaps: dict[str, int] = {}
        self._sitemap_urls: dict[str, int] = {}    # sitemap candidates taken per source (max_sitemap_urls)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        return super().from_crawler(crawler, services_of(crawler), *args, **kwargs)

    # --- entry points -------------------------------------------------------------------------
    async def start(self):
        for req in self.start_requests():
            yield req

    def start_requests(self):
        for src in self.sources.values():
            self.browser.remember(src)
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

    def _req(self, url, src, kind, callback, *, entry=False, conditional=True, refetch=False, **meta):
        m = {"source_id": src.id, "kind": kind, "entry": entry, "conditional": conditional,
             "handle_httpstatus_list": [304], **meta}
        errback = self.on_error
        if kind == "listing" and self.browser.renders(src):
            m.update(self.browser.listing_meta(src))
            m["inner_callback"] = callback.__name__
            callback, errback = self.parse_rendered, self.on_browser_error
        elif kind == "listing" and src.render == "auto":
            m["auto"] = True
        return scrapy.Request(url, callback=callback, errback=errback, meta=m, dont_filter=entry or refetch)

    async def parse_rendered(self, response):
        """A listing rendered by Chromium: settled, its page released, then read as over HTTP."""
        response = await self.browser.settled(response)
        await self.browser.release(response.meta)
        inner = getattr(self, response.meta.get("inner_callback", "parse_listing"))
        for out in inner(response):
            yield out

    async def parse_rendered_article(self, response):
        await self.browser.release(response.meta)
        for out in self.parse_article(response):
            yield out

    async def on_browser_error(self, failure):
        await self.browser.release(failure.request.meta)
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
        links, seen = discovery.listing_links(html, response.url, src.article_url_pattern,
                                              shapes=self.cfg.article_shapes, platform=src.platform)
        if response.meta.get("auto") and not response.meta.get("playwright") \
                and self.browser.needs_rendering(src, response, html, links):
            yield self._req(response.url, src, "listing", self.parse_listing, entry=True,
                            page=response.meta.get("page", 1))
            return
        self.recorder.tally(src.id).listed("listing", seen, len(links))
        yield from self._articles(links, src, "listing")
        page = response.meta.get("page", 1)
        if response.meta.get("entry") and page == 1 and discovery.is_homepage(response.url, src.homepage):
            # a homepage start URL: its sections (menu and category links, CĐS first) are listings too
            for url in discovery.section_links(html, response.url, limit=self.cfg.max_sections,
                                               shapes=self.cfg.article_shapes, platform=src.platform):
                # refetch: a section whose URL looks like an article may already have been asked for
                # as one (order-dependent); as a listing it must still be read (and rendered)
                yield self._req(url, src, "listing", self.parse_listing, page=1, section=True, refetch=True)
            if not src.sitemaps:    # and its robots.txt's sitemaps (a missing robots.txt is no failure)
                yield from self._sitemap_req(discovery.robots_url(response.url), src, section=True)
        max_pages = src.max_pages or self.cfg.default_max_pages
        chain = response.meta.get("chain", ())
        fresh = [u for u in links if u not in chain]
        if page >= max_pages or (page > 1 and not fresh):
            return      # the bound, or a page that brings nothing new (past the end, a calendar, a loop)
        zone = discovery.vgp_zone(html)
        if zone:
            url = discovery.vgp_timeline_url(response.url, zone, 2)
            yield self._req(url, src, "listing", self.parse_timeline, zone=zone, page=2, conditional=False,
                            section=response.meta.get("section", False))
            return
        nxt = discovery.next_page(html, response.url, page)
        if nxt and same_site(nxt, response.url):
            yield self._req(nxt, src, "listing", self.parse_listing, page=page + 1, conditional=False,
                            chain=(*chain, *fresh)[-MAX_CHAIN_LINKS:], section=response.meta.get("section", False))

    def parse_timeline(self, response):
        """VGP pages 2+: bare `div.box-stream-item` fragments until an empty one."""
        if not self._page_ok(response):
            return
        src = self.sources[response.meta["source_id"]]
        links, seen = discovery.listing_links(response.text, response.url, src.article_url_pattern,
                                              shapes=self.cfg.article_shapes, platform=src.platform)
        if not links:
            return
        self.recorder.tally(src.id).listed("listing", seen, len(links))
        yield from self._articles(links, src, "listing")
        page = response.meta["page"]
        if page < (src.max_pages or self.cfg.default_max_pages):
            url = discovery.vgp_timeline_url(response.url, response.meta["zone"], page + 1)
            yield self._req(url, src, "listing", self.parse_timeline, zone=response.meta["zone"], page=page + 1,
                            conditional=False, section=response.meta.get("section", False))

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
        self.recorder.tally(src.id).listed("feed", len(entries), len(links))
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
            locs = [u for u in result.locs if same_site(u, response.url)]
            links = discovery.sitemap_candidates(locs, result.news, result.lastmod, response.url, rx,
                                                 shapes=self.cfg.article_shapes, platform=src.platform)
            room = self.cfg.max_sitemap_urls - self._sitemap_urls.get(src.id, 0)
            links = links[:max(0, room)]
            self._sitemap_urls[src.id] = self._sitemap_urls.get(src.id, 0) + len(links)
            self.recorder.tally(src.id).listed("sitemap", len(result.locs), len(links))
            yield from self._articles(links, src, "sitemap")
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

    def _sitemap_req(self, url, src, **meta):
        n = self._sitemaps.get(src.id, 0)
        if n < MAX_SITEMAPS_PER_SOURCE:
            self._sitemaps[src.id] = n + 1
            yield self._req(url, src, "sitemap", self.parse_sitemap, **meta)

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
            if src.render_articles and self.browser.renders(src):
                meta.update(self.browser.article_meta())
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
        said = record_failure(self.recorder, failure, self.settings)
        if said is not None:
            self.logger.warning("source %s: %s", *said)
