"""`dxwatch sources add URL`: onboard a portal from its homepage, through the crawler stack.

It fetches the homepage, robots.txt, the usual sitemap and feed paths and the feeds the page
advertises; it follows the menu and category links most likely to be listings (the CĐS section
first); it names the platform (common.platforms); it renders the homepage in Chromium when plain
HTTP shows no article link on a page that carries scripts; it samples articles through the
extraction pipeline. The TOML it writes has a comment per choice saying what was seen."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from crawler.checks import Article, links_of, sample, sample_article
from crawler.onboard_toml import OnboardError, Report, compose
from crawler.probe import Ask, Page
from pipelines.canonical import canonical_url, same_site
from pipelines.textnorm import fold
from spiders import discovery, linkscore

# Where feeds and sitemaps usually are (generic, then per platform): heuristics as data.
FEED_PATHS = ["/feed/", "/rss", "/rss.xml", "/feed.xml"]
PLATFORM_FEEDS = {"wordpress": ["/feed/"], "nukeviet": ["/vi/news/rss/"], "drupal": ["/rss.xml"],
                  "joomla": ["/index.php?format=feed&type=rss"]}
SITEMAP_PATHS = ["/sitemap.xml", "/sitemap_index.xml"]
# Words (folded: no tone marks, đ → d) that name the CĐS section in a menu or a URL.
CDS_WORDS = ("chuyen doi so", "cds", "chinh quyen so", "chinh phu so", "kinh te so", "xa hoi so", "de an 06",
             "khoa hoc cong nghe", "khoa hoc va cong nghe", "khcn", "cong nghe so", "chuyen-doi-so",
             "chinh-quyen-so", "chuyendoiso")
NEWS_WORDS = ("tin tuc", "tin-tuc", "tintuc", "thoi su", "thoi-su", "news", "su kien", "hoat dong", "category")
SKIP_HREF = re.compile(r"^(?:javascript|mailto|tel):|\.(?:jpe?g|png|gif|webp|svg|css|js|ico|pdf|docx?|xlsx?|zip|rar)(?:\?|$)|"
                       r"/(?:dang-nhap|login|wp-login|wp-admin|lien-he|contact|search|tim-kiem)|[?&](?:print|s)=", re.I)
MAX_CANDIDATES = 12         # listing pages looked at
MAX_SITEMAPS = 12


@dataclass
class Seen:
    home: Page | None = None
    platform: str | None = None
    candidates: dict[str, tuple[int, str]] = field(default_factory=dict)     # url -> (score, anchor text)
    listings: dict[str, list[str]] = field(default_factory=dict)             # listing url -> article links
    listing_notes: dict[str, str] = field(default_factory=dict)
    feeds: dict[str, list[str]] = field(default_factory=dict)
    sitemaps: dict[str, list[str]] = field(default_factory=dict)             # root sitemap (or robots.txt) -> links
    robots_sitemaps: list[str] = field(default_factory=list)
    rendered: dict[str, list[str]] = field(default_factory=dict)
    ready: dict[str, str | None] = field(default_factory=dict)                # rendered url -> list selector
    more_button: str | None = None
    articles: list[Article] = field(default_factory=list)
    rendered_articles: list[Article] = field(default_factory=list)              # thin ones, rendered
    tried: list[str] = field(default_factory=list)


def site_id(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "site").removeprefix("www.")
    return re.sub(r"[^a-z0-9]+", "-", f"{host}-{parts.port}" if parts.port else host).strip("-")


def _score(text: str, href: str, in_menu: bool) -> int:
    t, h = fold(text.lower()), fold(href.lower())
    score = 0
    if any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", t) for w in CDS_WORDS) or \
            any(w in h for w in CDS_WORDS if len(w) > 3):
        score += 10
    if any(w in t or w in h for w in NEWS_WORDS):
        score += 3
    return score + (2 if in_menu else 0)


def listing_candidates(html: str, base: str, articles: set[str]) -> dict[str, tuple[int, str]]:
    """Same-site links of a homepage that may be listings: not articles, not files or forms."""
    try:
        tree = lxml_html.document_fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return {}
    out: dict[str, tuple[int, str]] = {}
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith("#") or SKIP_HREF.search(href):
            continue
        url = discovery.strip_tracking(urljoin(base, href))
        if not same_site(url, base) or canonical_url(url) in articles or canonical_url(url).rstrip("/") == canonical_url(base).rstrip("/"):
            continue
        in_menu = any(p.tag in ("nav", "header") or re.search(r"menu|nav", (p.get("class") or "") + (p.get("id") or ""), re.I)
                      for p in a.iterancestors())
        text = " ".join(a.text_content().split())
        s = _score(text, url, in_menu)
        if s > 0 and s > out.get(url, (-1, ""))[0]:
            out[url] = (s, text[:80])
    return out


def ready_selector(html: str, links: list[str], base: str) -> str | None:
    """A CSS selector for an item of the rendered list (a child of the nearest ancestor with an id of the first article
    link), for `wait_for`."""
    try:
        tree = lxml_html.document_fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return None
    tree.make_links_absolute(base, handle_failures="discard")
    wanted = {canonical_url(u) for u in links}
    for a in tree.iter("a"):
        if canonical_url(a.get("href") or "") in wanted:
            for p in a.iterancestors():
                if p.get("id") and re.fullmatch(r"[A-Za-z][\w-]*", p.get("id")):
                    return f"#{p.get('id')} > *"
            return None
    return None


MORE_TEXT = re.compile(r"^\s*(?:xem thêm|tải thêm|xem tiếp|load more|more)\s*»?\s*$", re.I)


def more_button(html: str) -> str | None:
    """A "Xem thêm" control with an id in a rendered page, as a selector for `click_more`."""
    try:
        tree = lxml_html.document_fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return None
    for el in tree.xpath("//button[@id] | //a[@id]"):
        href = el.get("href") or ""
        if MORE_TEXT.match(el.text_content() or "") and (el.tag == "button" or href.startswith(("javascript", "#")) or not href):
            return f"#{el.get('id')}"
    return None


class OnboardPlan:
    """The probe plan: the homepage and what it points to, then a render if needed, then a sample."""

    def __init__(self, url: str, hints, *, browser: bool, max_size: int):
        self.url, self.hints, self.browser, self.max_size = url, hints, browser, max_size
        self.seen_ = Seen()
        self.pending = 0
        self.phase = "look"
        self.asked: set[str] = set()
        self.sources = [SimpleNamespace(start_urls=[url], feeds=[], sitemaps=[], homepage=url)]

    def _ask(self, url: str, tag: str, **kw) -> list[Ask]:
        key = f"{tag}:{canonical_url(url)}"
        if key in self.asked:
            return []
        self.asked.add(key)
        self.pending += 1
        return [Ask(url, tag, **kw)]

    def start(self) -> list[Ask]:
        return self._ask(self.url, "home")

    def seen(self, page: Page) -> list[Ask]:
        self.pending -= 1
        tag, s, more = page.ask.tag, self.seen_, []
        if tag != "article" and tag != "home":
            s.tried.append(page.ask.url)
        if tag == "home":
            s.home = page
            if not (page.ok and page.is_html):
                return []                       # nothing else is asked: the homepage decides
            more += self._look_at_home(page)
        elif tag == "listing" and page.ok and page.is_html:
            s.listings[page.ask.url] = discovery.article_links(page.text(), page.url)
        elif tag == "feed" and page.ok:
            links, _ = links_of(page, "feed", None, self.max_size)
            if links:
                s.feeds[page.ask.url] = links
        elif tag in ("robots", "sitemap") and page.ok:
            links, children = links_of(page, "sitemap", None, self.max_size)
            root = page.ask.data.get("root", page.ask.url)
            if tag == "robots":
                s.robots_sitemaps = children
            if links:
                s.sitemaps.setdefault(root, []).extend(links)
            for child in children[:MAX_SITEMAPS]:
                more += self._ask(child, "sitemap", data={"root": root})
        elif tag == "render" and page.ok:
            links = discovery.article_links(page.text(), page.url)
            if links:
                s.rendered[page.ask.url] = links
                s.ready[page.ask.url] = ready_selector(page.text(), links, page.url)
                s.more_button = s.more_button or more_button(page.text())
        elif tag == "article":
            s.articles.append(sample_article(page, self.hints))
        elif tag == "render-article" and page.ok:
            s.rendered_articles.append(sample_article(page, self.hints))
        if self.pending == 0:
            more += self._next_phase()
        return more

    def _look_at_home(self, page: Page) -> list[Ask]:
        from common.platforms import detect
        s, html, base = self.seen_, page.text(), page.url
        s.platform = detect(html, base, page.headers)
        home_links = discovery.article_links(html, base)
        s.listings[base] = home_links
        origin = f"{urlsplit(base).scheme}://{urlsplit(base).netloc}"
        asks = self._ask(origin + "/robots.txt", "robots")
        for p in SITEMAP_PATHS:
            asks += self._ask(origin + p, "sitemap")
        advertised = re.findall(r"""<link\b[^>]*type=["']application/(?:rss|atom)\+xml["'][^>]*>""", html, re.I)
        hrefs = [m.group(1) for tag in advertised for m in [re.search(r"""href=["']([^"']+)["']""", tag)] if m]
        for u in [urljoin(base, h) for h in hrefs] + [origin + p for p in FEED_PATHS + PLATFORM_FEEDS.get(s.platform or "", [])]:
            if same_site(u, base):
                asks += self._ask(u, "feed")
        labelled = listing_candidates(html, base, {canonical_url(u) for u in home_links})
        for u in discovery.section_links(html, base, limit=MAX_CANDIDATES, platform=s.platform):
            s.candidates[u] = labelled.get(u, (0, ""))
            if linkscore.says_cds(s.candidates[u][1] + " " + u):
                s.candidates[u] = (max(10, s.candidates[u][0]), s.candidates[u][1])
            asks += self._ask(u, "listing")
        return asks

    def _next_phase(self) -> list[Ask]:
        s = self.seen_
        if self.phase == "look":
            self.phase = "render"
            scripted = s.home is not None and bool(re.search(rb"<script\b", s.home.body, re.I))
            if scripted and self.browser:      # rendered and plain are compared (onboard_toml.needs_browser)
                cds = [u for u, (sc, _) in s.candidates.items() if sc >= 10][:2]
                asks = []
                for u in [s.home.url, *cds]:
                    asks += self._ask(u, "render", render=True)
                return asks
        if self.phase == "render":
            self.phase = "sample"
            groups = [*self._cds_first(s.rendered), *self._cds_first(s.listings), *s.sitemaps.values(), *s.feeds.values()]
            asks = []
            for u in sample([g for g in groups if g]):
                asks += self._ask(u, "article")
            if asks:
                return asks
        if self.phase == "sample":
            self.phase = "done"
            # an article page (a title and a date) whose body is missing over HTTP; a listing
            # mistaken for an article has no date of its own and is not a reason to render articles
            thin = [a.url for a in s.articles if a.title and a.date and not a.good and not a.error]
            if thin and self.browser and s.rendered:     # a body drawn by script? (render_articles)
                return [x for u in thin for x in self._ask(u, "render-article", render=True)]
        return []

    def _cds_first(self, by_url: dict[str, list[str]]) -> list[list[str]]:
        order = sorted(by_url, key=lambda u: -self.seen_.candidates.get(u, (0, ""))[0])
        return [by_url[u] for u in order]


def onboard(loaded, url: str, *, source_id: str | None = None, province: str | None = None) -> Report:
    """Look at the portal and compose its source file; OnboardError when nothing is usable."""
    from crawler.probe import run_probe
    from crawler.runner import BrowserMissing, find_chromium
    from pipelines.extract import SourceHints
    if not re.match(r"^https?://[^/\s]+", url or ""):
        raise OnboardError(f"{url!r}: expected an absolute http(s) URL of a homepage, e.g. https://sokhcn.tinh.gov.vn/")
    if source_id is not None and not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", source_id):
        raise OnboardError(f"--id: expected lowercase letters, digits, '-' or '_', got {source_id!r}")
    hints = SourceHints.of(None, None, loaded.settings.relevance)
    browser = find_chromium() is not None
    plan = OnboardPlan(url, hints, browser=browser, max_size=loaded.settings.crawl.max_page_bytes)
    try:
        run_probe(loaded, plan, browser=browser)
    except BrowserMissing:
        plan.browser = False
        run_probe(loaded, plan, browser=False)
    home = plan.seen_.home
    if home is None or home.error:
        raise OnboardError(f"{url}: {home.error if home else 'no answer'}; nothing written")
    if not home.ok:
        raise OnboardError(f"{url}: HTTP {home.status}; nothing written")
    if not home.is_html:
        raise OnboardError(f"{url}: not an HTML page ({home.content_type or 'no content type'}); nothing written")
    return compose(plan.seen_, url, source_id or site_id(home.url), province)
