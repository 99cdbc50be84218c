"""Pure parsing of RSS/Atom feeds and sitemaps (safe XML: no entities, no network, bounded)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

MAX_XML_BYTES = 50 * 1024 * 1024
# A feed or sitemap has no use for entity declarations; they are how entity-expansion bombs
# (billion laughs, quadratic blowup) start. libxml2 with resolve_entities=False would not expand
# them either, but refusing says clearly what happened instead of "unreadable".
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)


def _unsafe(body: bytes) -> bool:
    """Too large to parse, or declaring entities (checked in the prolog, where they must be)."""
    return len(body) > MAX_XML_BYTES or bool(_ENTITY_DECL.search(body[:65536]))


class XmlRefused(ValueError):
    """A feed or sitemap dxwatch will not parse; the message says why."""


def unpack_xml(body: bytes, max_size: int) -> bytes:
    """The XML of a feed or sitemap body: a gzip file (`sitemap.xml.gz`) is inflated to at most
    `max_size` bytes; entity declarations and oversize documents raise XmlRefused."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip(body, max_size=max_size)
        except ValueError:          # scrapy's _DecompressionMaxSizeExceeded
            raise XmlRefused(f"larger than {max_size / 1048576:g} MiB once decompressed (max_page_bytes)") from None
        except (OSError, EOFError):
            raise XmlRefused("not a readable gzip file") from None
    if _unsafe(body):
        raise XmlRefused(f"larger than {MAX_XML_BYTES // 1048576} MiB" if len(body) > MAX_XML_BYTES else
                         "refused: the document declares XML entities (an entity-expansion bomb?)")
    return body


@dataclass
class FeedEntry:
    url: str
    title: str | None = None
    published: str | None = None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True,
                           remove_comments=True, load_dtd=False)


def parse_feed(body: bytes) -> list[FeedEntry]:
    """Entries of an RSS 2.0 / RSS 1.0 / Atom feed; [] for anything unparseable."""
    if not body or _unsafe(body):
        return []
    try:
        root = etree.fromstring(body.lstrip(b"\xef\xbb\xbf \r\n\t"), parser=_parser())
    except (etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    out: list[FeedEntry] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        local = etree.QName(el).localname
        if local == "item":
            link = _child_text(el, "link") or _child_text(el, "guid")
            if link:
                out.append(FeedEntry(link.strip(), _child_text(el, "title"), _child_text(el, "pubDate") or _child_text(el, "date")))
        elif local == "entry":
            href = None
            for l in el:
                if isinstance(l.tag, str) and etree.QName(l).localname == "link" and l.get("rel", "alternate") == "alternate":
                    href = l.get("href")
                    break
            if href:
                out.append(FeedEntry(href.strip(), _child_text(el, "title"), _child_text(el, "published") or _child_text(el, "updated")))
    return out


def _child_text(el, name: str) -> str | None:
    for c in el:
        if isinstance(c.tag, str) and etree.QName(c).localname == name:
            return (c.text or "").strip() or None
    return None


@dataclass
class SitemapResult:
    kind: str                    # "sitemapindex" | "urlset" | "invalid"
    locs: list[str]
    news: set[str]               # locs that carry a <news:news> block (articles for sure)
    lastmod: dict[str, str] = field(default_factory=dict)   # loc -> its <lastmod>, where given


def parse_sitemap(body: bytes) -> SitemapResult:
    if not body or _unsafe(body):
        return SitemapResult("invalid", [], set())
    try:
        sm = Sitemap(body)
    except (etree.XMLSyntaxError, ValueError, AttributeError, StopIteration):
        return SitemapResult("invalid", [], set())
    locs, news, lastmod = [], set(), {}
    try:
        for entry in sm:
            loc = (entry.get("loc") or "").strip()
            if loc:
                locs.append(loc)
                if "news" in entry:
                    news.add(loc)
                when = entry.get("lastmod")
                if when:
                    lastmod[loc] = str(when).strip()
    except etree.XMLSyntaxError:     # a document broken half-way: keep what was read
        pass
    return SitemapResult(sm.type or "invalid", locs, news, lastmod)


def robots_sitemaps(body: bytes, base_url: str) -> list[str]:
    """`Sitemap:` lines of a robots.txt (a UTF-8 BOM must not hide the first line)."""
    text = body.decode("utf-8", "replace").lstrip("\ufeff")
    return list(sitemap_urls_from_robots(text.encode("utf-8"), base_url=base_url))
