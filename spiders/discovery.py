"""Pure link discovery on listing pages: article links, next pages, the VGP timeline zone."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import html as lxml_html

from common import platforms
from pipelines.canonical import TRACKING_PARAM, same_site

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
_NEXT_TEXT = re.compile(r"^\s*(?:trang sau|trang tiếp|tiếp|sau|next|»|›|>>|>)\s*$", re.I)


def _tree(html: str, base_url: str):
    if not html or not html.strip():
        return None
    try:
        tree = lxml_html.document_fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return None
    tree.make_links_absolute(base_url, resolve_base_href=True, handle_failures="discard")
    return tree


def is_article_url(url: str, pattern: re.Pattern | None = None) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    tail = parts.path + (("?" + parts.query) if parts.query else "")
    if pattern is not None:
        return bool(pattern.search(url))
    if _NOT_ARTICLE.search(tail) or _NOT_ARTICLE.search(url):
        return False
    return any(rx.search(tail) for rx in ARTICLE_SHAPES)


def strip_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def article_links(html: str, base_url: str, pattern: str | None = None, *, same_site_only: bool = True) -> list[str]:
    """Article links on a listing page, in page order, without duplicates or fragments."""
    tree = _tree(html, base_url)
    if tree is None:
        return []
    rx = re.compile(pattern) if pattern else None
    seen: set[str] = set()
    out = []
    for a in tree.iter("a"):
        href = a.get("href")
        if not href:
            continue
        if "#" in href and re.search(r"#(comment|binh|box-comment)", href, re.I):
            continue
        url = strip_tracking(href.strip())
        if url in seen or (same_site_only and not same_site(url, base_url)):
            continue
        if is_article_url(url, rx):
            seen.add(url)
            out.append(url)
    return out


def next_page(html: str, url: str) -> str | None:
    """The next listing page: rel=next, a "Trang sau"/"»" link, or nothing."""
    tree = _tree(html, url)
    if tree is None:
        return None
    for link in tree.xpath('//link[@rel="next"][@href] | //a[@rel="next"][@href]'):
        return strip_fragment(link.get("href"))
    for a in tree.iter("a"):
        href = a.get("href") or ""
        if href.startswith(("http://", "https://")) and _NEXT_TEXT.match(a.text_content() or "") \
                and strip_fragment(href) != strip_fragment(url):
            return strip_fragment(href)
    return None


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


def strip_tracking(url: str) -> str:
    """The URL to fetch: tracking parameters and fragment removed, everything else as found."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAM.match(k)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
