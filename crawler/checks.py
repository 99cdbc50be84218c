"""`dxwatch sources check`: a live check of configured sources through the crawler stack.

For each source: every entry point is fetched (a listing as the source renders it, feeds,
sitemaps with their children); each is ok, moved (a permanent or cross-site redirect), dead or
blocked; the article links they give are counted; a few are sampled and run through the
extraction pipeline, which must give a title, a date and a body. The result is one of

    ok | moved | empty | blocked | unreachable

with the evidence (one line per fact). Pure verdicts; the fetching is crawler.probe's."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawler.probe import Ask, Page
from pipelines.canonical import canonical_url, same_site
from spiders import discovery
from spiders.feeds import XmlRefused, parse_feed, parse_sitemap, robots_sitemaps, unpack_xml

SAMPLE = 3                  # article pages fetched per source
MAX_CHILD_SITEMAPS = 5      # per source
MIN_BODY = 200              # characters of body text for "it extracts"
RESULTS = ("ok", "moved", "empty", "blocked", "unreachable")


def links_of(page: Page, kind: str, pattern: str | None = None, max_size: int = 20 * 1024 * 1024) -> tuple[list[str], list[str]]:
    """(article links, child sitemaps) of an answered entry page of this kind."""
    if kind == "listing":
        return discovery.article_links(page.text(), page.url, pattern), []
    if page.url.endswith("/robots.txt"):
        return [], robots_sitemaps(page.body, page.url)
    try:
        body = unpack_xml(page.body, max_size)
    except XmlRefused:
        return [], []
    if kind == "feed":
        return [e.url for e in parse_feed(body) if e.url.startswith(("http://", "https://")) and same_site(e.url, page.url)], []
    result = parse_sitemap(body)
    if result.kind == "sitemapindex":
        return [], result.locs
    rx = re.compile(pattern) if pattern else None
    locs = [u for u in result.locs if same_site(u, page.url)]
    return discovery.sitemap_candidates(locs, result.news, result.lastmod, page.url, rx), []


def entry_state(page: Page) -> tuple[str, str]:
    """ok | moved | dead | blocked, and the one-line evidence."""
    asked = page.ask.url
    if page.blocked:
        return "blocked", f"{asked}: {page.error}"
    if page.error is not None and page.status is None:
        return "dead", f"{asked}: {page.error}"
    if page.status is not None and page.status >= 400:
        return "dead", f"{asked}: HTTP {page.status}"
    if page.redirects and _differs(asked, page.url):
        code = page.redirects[0][0]
        cross = urlsplit(asked).hostname != urlsplit(page.url).hostname
        if code in (301, 308) or cross:
            return "moved", f"{asked} → {page.url} ({code or 'redirect'}{', another host' if cross else ''})"
        return "ok", f"{asked} → {page.url} ({code}, temporary)"
    return "ok", ""


def _differs(a: str, b: str) -> bool:
    norm = lambda u: canonical_url(u).rstrip("/")      # noqa: E731
    return norm(a) != norm(b)


@dataclass
class Article:
    url: str
    title: str = ""
    date: str | None = None
    chars: int = 0
    error: str | None = None

    @property
    def good(self) -> bool:
        return bool(self.title and self.date and self.chars >= MIN_BODY)

    def line(self) -> str:
        if self.error:
            return f"article {self.url}: {self.error}"
        missing = [w for w, ok in (("title", self.title), ("date", self.date), ("body", self.chars >= MIN_BODY)) if not ok]
        return f"article {self.url}: " + ("title, date and body" if not missing else "no " + ", no ".join(missing)) \
            + f" ({self.chars} characters{', ' + self.date[:10] if self.date else ''})"


def sample_article(page: Page, hints) -> Article:
    """Run one fetched article page through the extraction pipeline."""
    from pipelines.extract import extract_page
    if not page.ok:
        return Article(page.ask.url, error=page.error or f"HTTP {page.status}")
    if not page.is_html:
        return Article(page.ask.url, error=f"not an HTML page ({page.content_type or 'no content type'})")
    ex = extract_page(page.body, page.url, hints, content_type=page.headers.get("content-type"))
    return Article(page.url, ex.title or "", ex.published_at, len(ex.text or ""))


def sample(links: list[list[str]], n: int = SAMPLE) -> list[str]:
    """n links taken in turn from each entry's list (so one entry does not fill the sample)."""
    out: list[str] = []
    seen: set[str] = set()
    for i in range(max((len(x) for x in links), default=0)):
        for group in links:
            if i < len(group) and canonical_url(group[i]) not in seen and len(out) < n:
                seen.add(canonical_url(group[i]))
                out.append(group[i])
    return out


@dataclass
class SourceState:
    src: object                                       # crawler.config.SourceConfig
    pending: int = 0
    entries: list[tuple[str, str]] = field(default_factory=list)    # (state, evidence)
    links: dict[str, list[str]] = field(default_factory=dict)       # entry URL -> article links
    children: int = 0
    articles: list[Article] = field(default_factory=list)
    sampling: bool = False


def verdict(st: SourceState) -> dict:
    states = [s for s, _ in st.entries]
    evidence = [e for _, e in st.entries if e]
    n_links = len({canonical_url(u) for group in st.links.values() for u in group})
    good = sum(a.good for a in st.articles)
    evidence += [a.line() for a in st.articles]
    if states and all(s in ("blocked", "dead") for s in states) and "blocked" in states:
        result = "blocked"
    elif not states or all(s == "dead" for s in states):
        result = "unreachable"
    elif any(s in ("moved", "dead") for s in states):
        result = "moved"
    elif n_links == 0:
        result = "empty"
        evidence.append("the entry points gave no article link")
    elif good == 0:
        result = "empty"
        evidence.append(f"{len(st.articles)} sampled article(s): none gave a title, a date and a body")
    else:
        result = "ok"
    evidence.insert(0, f"{len(states)} entry point(s): " + ", ".join(f"{states.count(s)} {s}" for s in
                                                                      ("ok", "moved", "dead", "blocked") if s in states)
                    + f"; {n_links} article link(s); {good}/{len(st.articles)} sampled articles extract")
    return {"source_id": st.src.id, "result": result, "evidence": evidence, "links": n_links,
            "sampled": len(st.articles), "extracted": good}


class CheckPlan:
    """The probe plan of `sources check`: entries first, then a sample of articles per source."""

    def __init__(self, sources, hints_of, max_size: int = 20 * 1024 * 1024):
        self.sources = sources
        self.hints_of = hints_of                     # source id -> pipelines.extract.SourceHints
        self.max_size = max_size
        self.state = {s.id: SourceState(s) for s in sources}

    def start(self) -> list[Ask]:
        asks = []
        for s in self.sources:
            for kind, urls in (("feed", s.feeds), ("sitemap", s.sitemaps), ("listing", s.start_urls)):
                for u in urls:
                    asks.append(Ask(u, kind, render=kind == "listing" and s.render == "browser",
                                    wait_for=s.wait_for, data={"src": s.id, "entry": u}))
            self.state[s.id].pending += len(s.feeds) + len(s.sitemaps) + len(s.start_urls)
        return asks

    def seen(self, page: Page) -> list[Ask]:
        st = self.state[page.ask.data["src"]]
        st.pending -= 1
        more: list[Ask] = []
        if page.ask.tag == "article":
            st.articles.append(sample_article(page, self.hints_of(st.src.id)))
            return more
        entry = page.ask.data["entry"]
        if page.ask.tag != "child":
            st.entries.append(entry_state(page))       # a moved entry still shows what it gives, below
        if page.ok:
            kind = "sitemap" if page.ask.tag == "child" else page.ask.tag
            links, children = links_of(page, kind, st.src.article_url_pattern, self.max_size)
            st.links.setdefault(entry, []).extend(links)
            for child in children:
                if st.children < MAX_CHILD_SITEMAPS:
                    st.children += 1
                    st.pending += 1
                    more.append(Ask(child, "child", data={"src": st.src.id, "entry": entry}))
        if st.pending == 0 and not st.sampling:
            st.sampling = True
            for u in sample(list(st.links.values())):
                st.pending += 1
                more.append(Ask(u, "article", data={"src": st.src.id}))
        return more

    def results(self) -> list[dict]:
        return [verdict(self.state[s.id]) for s in self.sources]
