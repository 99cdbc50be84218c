"""Article links by structure: every link of a listing page is scored by where it sits (main region,
repeated item blocks with a headline and a date or image, not the page's frame), its text (headline
length and shape) and its URL (slug words, ids, a date in the path; category, tag, pagination,
search, login, static and file links score low). Pure functions of (html, url); no Scrapy.

The words are data (spiders/linkwords.toml, read by spiders/linkurl.py, which also scores URLs); URL shapes of known platforms are one signal among
others (spiders.discovery.ARTICLE_SHAPES, common/platforms.toml)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from pipelines.textnorm import fold
from spiders.linkurl import (  # noqa: F401 - url_features, says_cds and NOT_SECTION are read through here
    _DIGITS, _EXT, _HEX_TAIL, _SLUG_SPLIT, NOT_SECTION, _sets, says_cds, url_features,
)

ACCEPT = 3.0                  # a link is an article link from this score up
UNDATED = 3.5                 # the doubt on an undated link of a page whose news items carry dates
URL_ACCEPT = 1.5              # a URL alone (sitemap entry) is a candidate from this score up
_DATE = re.compile(r"(?<!\d)\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:19|20)\d{2}(?!\d)|(?<!\d)\d{1,2}:\d{2}(?!\d)"
                   r"|(?:19|20)\d{2}-\d{2}-\d{2}|\b\d+\s+(?:phút|giờ|ngày)\s+trước", re.I)
_TOKEN_SPLIT = re.compile(r"[\s_]+")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


# --- the anchor in its page ------------------------------------------------------------------
def _tokens(el) -> set[str]:
    raw = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("role"))))
    toks = {t.lower() for t in _TOKEN_SPLIT.split(raw) if t}
    return toks | {p for t in toks for p in t.split("-") if p}


def _region(a) -> tuple[float, list[str]]:
    """Where the anchor sits: the page's frame (nav, header, footer, menus), a side column, the main
    region. The nearest marked ancestor decides, nested menus included."""
    S = _sets()
    score, why = 0.0, []
    el = a.getparent()
    depth = 0
    while el is not None and el.tag not in ("body", "html") and depth < 14:
        tag = el.tag if isinstance(el.tag, str) else ""
        toks = _tokens(el)
        if tag in S["region.frame_tags"] or toks & S["region.frame"] or any(
                "menu" in t or t.startswith("nav") for t in toks):
            return -5.0, [f"frame <{tag}>"]
        if tag in S["region.side_tags"] or toks & S["region.side"]:
            score, why = min(score, -0.5), ["side column"]
        elif (tag in S["region.main_tags"] or toks & S["region.main"]) and not why:
            score, why = 0.5, ["main region"]
        el = el.getparent()
        depth += 1
    return score, why


def _is_label(el) -> bool:
    """A class naming a section, tag or author label: a whole class token, or one ending in it
    ("box-stream-category"; not "box-category-link")."""
    labels = _sets()["region.label_classes"]
    for t in (el.get("class") or "").lower().split():
        if t in labels or any(t.endswith(("-" + w, "_" + w)) for w in labels):
            return True
    return False


def _signature(el) -> tuple:
    cls = (el.get("class") or "").split()
    return el.tag, cls[0] if cls else ""


class _Page:
    """What several anchors of one page ask alike, computed once (the scorer's cost is here)."""

    def __init__(self):
        self.sigs: dict = {}        # parent -> Counter of its children's signatures (children with a link)
        self.boxes: dict = {}       # block -> (primary href, primary text length, text, date, picture)

    def repeated(self, el) -> bool:
        parent = el.getparent()
        if parent is None:
            return False
        counts = self.sigs.get(parent)
        if counts is None:
            counts = self.sigs[parent] = Counter(_signature(c) for c in parent
                                                 if isinstance(c.tag, str) and c.find(".//a") is not None)
        return counts[_signature(el)] >= 2

    def box(self, box):
        got = self.boxes.get(box)
        if got is None:
            primary = max(box.iter("a"), key=lambda x: len((x.text_content() or "").strip()), default=None)
            text = box.text_content() or ""
            got = self.boxes[box] = (
                primary.get("href") if primary is not None else None,
                len((primary.text_content() or "").strip()) if primary is not None else 0, len(text.strip()),
                bool(_DATE.search(text) or box.xpath(".//time") or box.xpath(".//*[@title and contains(@title, '/')]")),
                bool(box.xpath(".//img")))
        return got


def _item(a, page: _Page) -> tuple[float, list[str]]:
    """A repeated item block around the anchor (siblings of the same tag and class, each with a
    link): a date, a picture, a headline element and a lead in it are what news items have."""
    S = _sets()
    el, block = a.getparent(), None
    for _ in range(5):
        if el is None or el.tag in ("body", "html"):
            break
        if isinstance(el.tag, str) and page.repeated(el):
            block = el
            break
        el = el.getparent()
    score, why = 0.0, []
    up, heading = a, False
    for _ in range(3):
        up = up.getparent()
        if up is None:
            break
        if up.tag in _HEADINGS or _tokens(up) & S["region.headline_classes"]:
            heading = True
            break
    parent = a.getparent()
    if _is_label(a) or (parent is not None and parent.tag in ("span", "div", "p") and _is_label(parent)):
        return -4.0, ["section or tag label"]
    if heading or a.get("data-type") == "title" or _tokens(a) & S["region.headline_classes"]:
        score += 1.0
        why.append("headline element")
    box = block
    if box is None:             # a lone item: its own block (li, article, div) within three levels
        box = next((e for e in a.iterancestors() if e.tag in ("li", "article", "div", "tr", "section")), None) \
            if a.getparent() is not None else None
        if box is not None and (box.tag in ("html", "body") or len(box) > 12):
            box = None
    if box is None:
        return score, why
    primary, primary_len, text_len, dated, picture = page.box(box)
    own = len((a.text_content() or "").strip())
    if block is not None:       # the item's own link is the one with the longest text (its headline)
        if primary != a.get("href") and primary_len > own + 10:
            return score - 1.0, why + ["secondary link of an item"]
        score += 0.5
        why.append("repeated item")
    if dated:
        score += 1.5
        why.append("date in item")
    if picture:
        score += 0.5
        why.append("picture in item")
    if text_len - own >= 80:
        score += 0.5
        why.append("lead in item")
    return score, why


def text_features(text: str) -> tuple[float, list[str]]:
    S = _sets()
    f = fold(text).strip(" »›>«‹<.:-|")
    if not f:
        return 0.0, []
    if f in S["text.navigation"] or f.startswith(("xem ", "doc ")) or f.isdigit():
        return -4.0, ["navigation text"]
    n = len(f.split())
    if n >= 8:
        score, why = 2.5, ["headline length"]
    elif n >= 6:
        score, why = 1.5, ["headline length"]
    elif n >= 4:
        score, why = 0.0, []
    else:
        score, why = -2.0, ["short text"]
    if n >= 4 and any(f.startswith(c) or f" {c} " in f" {f} " for c in S["text.headline_cues"]):
        score += 0.5
        why.append("headline cue")
    if text.isupper() and n <= 5:
        score -= 1.0
        why.append("upper-case label")
    return score, why


@dataclass
class ScoredLink:
    url: str
    score: float
    text: str = ""
    reasons: list[str] = field(default_factory=list)
    order: int = 0

    @property
    def accepted(self) -> bool:
        return self.score >= ACCEPT


def shape_key(url: str) -> tuple:
    """A URL's template: what links of one kind (the articles of a site) have in common."""
    parts = urlsplit(url)
    segs = [s for s in parts.path.split("/") if s]
    last = segs[-1] if segs else ""
    kind = ("id" if _DIGITS.search(last) else "hex" if _HEX_TAIL.search(last) else
            "slug" if len(_SLUG_SPLIT.split(last)) >= 4 else "word")
    ext = _EXT.search(last)
    return (len(segs), segs[0] if len(segs) > 1 else "", kind, ext.group(1).lower() if ext else "",
            parts.path.endswith("/"), tuple(sorted(k.lower() for k, _ in parse_qsl(parts.query))))


def score_anchors(anchors, page_url: str, url_hint=None) -> list[ScoredLink]:
    """Score (url, anchor element) pairs of one page; the best anchor of a URL counts for it.
    `url_hint(url) -> (score, reasons)` adds per-source URL knowledge (shapes, platform)."""
    best: dict[str, ScoredLink] = {}
    page = page_url.split("#", 1)[0]
    cache = _Page()
    for i, (url, a) in enumerate(anchors):
        text = " ".join((a.text_content() or "").split()) or a.get("title") or \
            " ".join(img.get("alt") or "" for img in a.iter("img")).strip()
        r_s, r_w = _region(a)
        i_s, i_w = _item(a, cache)
        t_s, t_w = text_features(text)
        s = r_s + i_s + t_s
        old = best.get(url)
        if old is None:
            best[url] = ScoredLink(url, s, text, r_w + i_w + t_w, i)
        elif s > old.score:
            old.score, old.reasons = s, r_w + i_w + t_w
            if len(text) > len(old.text):
                old.text = text
        elif len(text) > len(old.text) and t_s > 0 and old.score + t_s > old.score:
            old.text = text
    links = list(best.values())
    for link in links:
        u_s, u_w = url_features(link.url)
        if link.url == page:
            u_s, u_w = -20.0, ["the page itself"]
        h_s, h_w = url_hint(link.url) if url_hint else (0.0, [])
        link.score += u_s + h_s
        link.reasons += u_w + h_w
    # links of another host of the site (sso., video., en.) are rarely the page's news
    host = urlsplit(page).netloc.lower()
    for link in links:
        if urlsplit(link.url).netloc.lower() != host:
            link.score -= 1.0
            link.reasons.append("other host")
    # a page whose news sits in dated items: a link outside any dated item needs more evidence
    dated = [x for x in links if x.score >= ACCEPT and "date in item" in x.reasons]
    if len(dated) >= 2:
        for link in links:
            if link.score > -5 and "date in item" not in link.reasons:
                link.score -= UNDATED
                link.reasons.append("undated among dated items")
    # the site's article template: an item link shaped like several strong links is likelier one of them
    strong = Counter(shape_key(x.url) for x in links if x.score >= ACCEPT + 1)
    for link in links:
        if link.score > -5 and "repeated item" in link.reasons and "undated among dated items" not in link.reasons and \
                strong[shape_key(link.url)] - (link.score >= ACCEPT + 1) >= 2:
            link.score += 1.0
            link.reasons.append("shaped like the articles")
    # when nearly all strong links carry an id, a link without one is likelier a section
    kinds = Counter(shape_key(x.url)[2] for x in links if x.score >= ACCEPT + 1)
    total = sum(kinds.values())
    for kind in ("id", "hex"):
        if total >= 4 and kinds[kind] >= 0.8 * total:
            for link in links:
                if link.score > -5 and shape_key(link.url)[2] in ("slug", "word") and "query id" not in link.reasons:
                    link.score -= 1.5
                    link.reasons.append(f"no {kind} unlike the site's articles")
    return sorted(links, key=lambda x: x.order)
