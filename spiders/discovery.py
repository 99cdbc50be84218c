"""Pure link discovery on listing pages: article links, next pages, the VGP timeline zone."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import html as lxml_html

from common import platforms
from pipelines.canonical import TRACKING_PARAM, same_site
from spiders import linkscore

# Article URL shapes seen on Vietnamese government portals and newspapers (DOMAIN.md).
ARTICLE_SHAPES = [re.compile(p, re.I) for p in (
    r"-10[0-9]\d{12,16}\.htm$",                       # VGP family (baochinhphu, vpcp, xaydungchinhsach 119…)
    r"-1\d{2}\d{9,16}\.htm$",                          # same CMS family with other site prefixes (mst 197…)
    r"-4\d{6,}\.htm$",                                 # hanoi.gov.vn
    r"/-/[^/?#]{8,}$",                                 # Liferay asset publisher
    r"/ChiTietTinTuc\.aspx\?(?:.*&)?nid=\d+",          # SharePoint detail page
    r"/Pages/\d{4}-\d{1,2}-\d{1,2}/[^/]+\.aspx$",       # SharePoint dated page
    r"/(?:vi/)?news/[^/]+/[^/]+-\d+\.html?$",          # NukeViet
    r"^/\d+/\d+/\d+/\d+/[^/]+/[^/]{8,}$",              # numeric-path portals (Trà Vinh…)
    r"/\d{6}/[^/]+-[0-9a-f]{6,}/?$",                   # provincial newspaper CMS
    r"-\d{5,}\.s?html?$",                              # generic news CMS (vnexpress, vietnamnet, nld…)
    r"/\d{4}/\d{1,2}/\d{1,2}/[^/]{12,}",               # dated paths
    r"[?&](?:docid|newsid|id)=\d+",                    # query-id detail pages (chinhphu.vn documents)
)]
_NOT_ARTICLE = re.compile(
    r"^(?:javascript|mailto|tel):|#comment|#binh-?luan|/tag/|/tags/|/tim-kiem|/search|/video/|/media/|"
    r"/rss|\.rss$|\.xml$|\.(?:jpe?g|png|gif|webp|svg|css|js|ico|mp4|mp3|zip|docx?|xlsx?|pdf)(?:\?|$)|"
    r"/(?:dang-nhap|login|lien-he|gioi-thieu)(?:/|$)|/page-\d+$|[?&](?:page|cur|Page)=\d+$", re.I)
SHAPE_WEIGHT = 1.0         # the twelve shapes: one signal among others, not a verdict
_NEXT_TEXT = re.compile(r"^\s*(?:(?:trang sau|trang tiếp|tiếp theo|tiếp|sau|next)\s*(?:»|›|>>|>)?|»|›|>>|>)\s*$", re.I)


def _tree(html: str, base_url: str):
    if not html or not html.strip():
        return None
    try:
        tree = lxml_html.document_fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return None
    tree.make_links_absolute(base_url, resolve_base_href=True, handle_failures="discard")
    return tree


def _shape_hint(shapes: bool, platform: str | None):
    """Per-URL knowledge beyond structure: the twelve shapes (one signal, switchable) and the
    platform's own article and listing URL hints (common/platforms.toml)."""
    art = platforms.article_url_hints(platform) if platform else []
    lst = platforms.listing_url_hints(platform) if platform else []

    def hint(url: str) -> tuple[float, list[str]]:
        parts = urlsplit(url)
        tail = parts.path + (("?" + parts.query) if parts.query else "")
        s, why = 0.0, []
        if shapes and any(rx.search(tail) for rx in ARTICLE_SHAPES):
            s, why = s + SHAPE_WEIGHT, why + ["known article shape"]
        if art and any(rx.search(tail) for rx in art):
            s, why = s + 1.5, why + [f"{platform} article URL"]
        if lst and any(rx.search(tail) for rx in lst):
            s, why = s - 3.0, why + [f"{platform} listing URL"]
        return s, why
    return hint


def is_article_url(url: str, pattern: re.Pattern | None = None, *, shapes: bool = True,
                   platform: str | None = None) -> bool:
    """Is this URL, seen alone (a sitemap or feed entry), a candidate article? A source's pattern
    decides; otherwise everything but the obvious non-articles (home, categories, tags, paging,
    static pages, files) whose URL says "article" (a slug of words, an id, a date and a slug)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    if pattern is not None:
        return bool(pattern.search(url))
    tail = parts.path + (("?" + parts.query) if parts.query else "")
    if _NOT_ARTICLE.search(tail) or _NOT_ARTICLE.search(url):
        return False
    u_s, _ = linkscore.url_features(url)
    h_s, _ = _shape_hint(shapes, platform)(url)
    return u_s + h_s >= linkscore.URL_ACCEPT


def strip_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def _anchors(tree, base_url: str, same_site_only: bool):
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.lower().startswith(("javascript:", "mailto:", "tel:")):
            continue
        if "#" in href and re.search(r"#(comment|binh|box-comment|box_comment)", href, re.I):
            continue
        url = strip_tracking(href)
        if not url.startswith(("http://", "https://")) or (same_site_only and not same_site(url, base_url)):
            continue
        yield url, a


def scored_links(html: str, base_url: str, *, same_site_only: bool = True, shapes: bool = True,
                 platform: str | None = None) -> list[linkscore.ScoredLink]:
    """Every link of a page with its score and reasons (what `article_links` keeps, and why)."""
    tree = _tree(html, base_url)
    if tree is None:
        return []
    if platform not in platforms.known():
        platform = platforms.detect(html, base_url)
    return linkscore.score_anchors(_anchors(tree, base_url, same_site_only), strip_tracking(base_url),
                                   _shape_hint(shapes, platform))


def listing_links(html: str, base_url: str, pattern: str | None = None, *, same_site_only: bool = True,
                  shapes: bool = True, platform: str | None = None) -> tuple[list[str], int]:
    """(article links, how many distinct links the page had): the crawl says "none of N links
    looked like articles" instead of a silent zero."""
    if pattern:
        tree = _tree(html, base_url)
        if tree is None:
            return [], 0
        rx = re.compile(pattern)
        seen: set[str] = set()
        out = []
        for url, _a in _anchors(tree, base_url, same_site_only):
            if url not in seen:
                seen.add(url)
                if is_article_url(url, rx):
                    out.append(url)
        return out, len(seen)
    scored = scored_links(html, base_url, same_site_only=same_site_only, shapes=shapes, platform=platform)
    return [x.url for x in scored if x.accepted], len(scored)


def article_links(html: str, base_url: str, pattern: str | None = None, *, same_site_only: bool = True,
                  shapes: bool = True, platform: str | None = None) -> list[str]:
    """Article links on a listing page, in page order, without duplicates or fragments: by the
    link scorer (spiders/linkscore.py), or only those matching the source's pattern when it has one."""
    return listing_links(html, base_url, pattern, same_site_only=same_site_only, shapes=shapes,
                         platform=platform)[0]


def section_links(html: str, base_url: str, *, limit: int = 30, shapes: bool = True,
                  platform: str | None = None) -> list[str]:
    """Listing pages a homepage leads to (menu and category links, its own next pages), those whose
    text or URL says CĐS first: how a crawl from the homepage alone reaches every section."""
    out = []
    for x in scored_links(html, base_url, shapes=shapes, platform=platform):
        if x.accepted or set(x.reasons) & linkscore.NOT_SECTION:
            continue
        out.append((not linkscore.says_cds(x.text + " " + x.url), x.order, x.url))
    return [u for _, _, u in sorted(out)[:limit]]


def is_homepage(url: str, homepage: str | None = None) -> bool:
    """The site's homepage (its root, an alias such as /index.php, or the source's homepage)."""
    if homepage and strip_fragment(url).rstrip("/") == strip_fragment(homepage).rstrip("/"):
        return True
    return "home" in linkscore.url_features(url)[1]


def sitemap_candidates(locs: list[str], news: set[str], lastmod: dict[str, str], sitemap_url: str,
                       pattern: re.Pattern | None = None, *, shapes: bool = True,
                       platform: str | None = None) -> list[str]:
    """The URLs of a sitemap worth fetching, best first: news entries, then by newest lastmod. Every
    URL is a candidate but the obvious non-articles (home, categories, tags, static pages, files),
    and a sitemap whose name says it lists pages, categories, tags or authors gives none."""
    name = urlsplit(sitemap_url).path.rsplit("/", 1)[-1].lower()
    listing_map = re.search(r"(?:^|[-_.])(?:pages?|categor(?:y|ies)|tags?|authors?|topics?)(?:[-_.]|$)", name)
    keep = [u for u in locs if u in news or (not listing_map and is_article_url(u, pattern, shapes=shapes,
                                                                                  platform=platform))]
    return sorted(keep, key=lambda u: (u not in news, _neg_date(lastmod.get(u))))


def _neg_date(value: str | None) -> str:
    """A sort key putting newer ISO dates first and missing ones last."""
    if not value:
        return "~"
    return "".join(chr(0x7e - (ord(c) - 0x20)) if " " <= c <= "~" else c for c in value.strip()[:25])


def next_page(html: str, url: str, page: int = 1) -> str | None:
    """The next listing page: rel=next, a "Trang sau"/"»" link, a numbered pager's `page + 1`, or nothing."""
    tree = _tree(html, url)
    if tree is None:
        return None
    for link in tree.xpath('//link[@rel="next"][@href] | //a[@rel="next"][@href]'):
        return strip_fragment(link.get("href"))
    numbered = None
    for a in tree.iter("a"):
        href = a.get("href") or ""
        if not href.startswith(("http://", "https://")) or strip_fragment(href) == strip_fragment(url):
            continue
        text = a.text_content() or ""
        if _NEXT_TEXT.match(text):
            return strip_fragment(href)
        if numbered is None and text.strip() == str(page + 1):
            numbered = strip_fragment(href)
    return numbered


def vgp_zone(html: str) -> str | None:
    """The timeline zone id on a category page 1 (VGP: `<input id="hdZoneId" value="1021119">`);
    the schemes are data (common/platforms.toml, paging.scheme = "timeline")."""
    found = platforms.timeline_zone(html)
    return found[0] if found else None


def vgp_timeline_url(page_url: str, zone: str, n: int) -> str:
    """Page n of a timeline zone (`/timelinelist/<zone>/<n>.htm` for VGP)."""
    found = platforms.timeline_schemes()
    template = found[0].url if found else "/timelinelist/{zone}/{n}.htm"
    parts = urlsplit(page_url)
    return urlunsplit((parts.scheme, parts.netloc, template.format(zone=zone, n=n), "", ""))


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


def strip_tracking(url: str) -> str:
    """The URL to fetch: tracking parameters and fragment removed, everything else as found."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAM.match(k)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
