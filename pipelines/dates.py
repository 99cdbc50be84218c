"""Publication date: JSON-LD > meta tags > the visible date by the title > the URL. +07:00."""
from __future__ import annotations

import html as htmllib
import json
import re
from datetime import date, datetime, timedelta, timezone

from common import platforms

VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")

# dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy, then an optional time within a short gap
# ("24/04/2024 14:32", "24/04/2024 | 14:32", "30/11/2021 - 20:07", "(29/12/2023, 08:12)").
_DMY = r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*((?:19|20)\d{2})(?!\d)"
_TIME = r"(?:[\s,|\-–]*?(?:lúc\s*)?(\d{1,2})\s*[:hg]\s*(\d{2})(?:\s*:\s*(\d{2}))?(?!\d))?"
DATE_TIME_RE = re.compile(_DMY + _TIME, re.I)
# time first: "09:51 01/03/2026", "14:32, 24/04/2024"
TIME_DATE_RE = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:[,|\-–]\s*)?(?:[^\d\n]{0,14})" + _DMY)
LONG_RE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d{2})", re.I)
ISO_RE = re.compile(r"((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?")

_EXCLUDED_ANCESTOR = re.compile(
    r"footer|related|relate|comment|binh-?luan|sidebar|tin-?khac|tin-?lien|other|copyright|"
    r"box-stream|stream|widget|banner|weather|thoi-?tiet|menu|nav|header-top|top-?bar|breadcrumb|"
    r"most|popular|xem-?nhieu|tin-?moi|newest|list-news|tags?\b", re.I)
_DATEISH_CLASS = re.compile(r"date|time|publish|ngay|post-?info|meta|detail-?info|article-?info|byline", re.I)


def to_iso(value: datetime | date) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=VN_TZ)
        return value.astimezone(VN_TZ).isoformat()
    return value.isoformat()


def _mk(y: int, mo: int, d: int, hh: str | None = None, mi: str | None = None, ss: str | None = None):
    try:
        if hh is not None and mi is not None:
            return datetime(y, mo, d, int(hh), int(mi), int(ss or 0), tzinfo=VN_TZ)
        return date(y, mo, d)
    except ValueError:
        return None


def parse_iso(text: str) -> datetime | date | None:
    text = htmllib.unescape(text or "").strip()
    m = ISO_RE.search(text)
    if not m:
        return None
    y, mo, d, hh, mi, ss, tz = m.groups()
    if hh is None:
        return _mk(int(y), int(mo), int(d))
    try:
        dt = datetime(int(y), int(mo), int(d), int(hh), int(mi), int(ss or 0))
    except ValueError:
        return None
    if tz:
        if tz == "Z":
            dt = dt.replace(tzinfo=timezone.utc)
        else:
            sign = 1 if tz[0] == "+" else -1
            tzd = tz[1:].replace(":", "")
            dt = dt.replace(tzinfo=timezone(sign * timedelta(hours=int(tzd[:2]), minutes=int(tzd[2:]))))
        return dt.astimezone(VN_TZ)
    return dt.replace(tzinfo=VN_TZ)


def parse_vn_datetime(text: str) -> datetime | date | None:
    """The first Vietnamese page date in text: '24/04/2024 14:32 GMT +7', 'Thứ Tư, 24/04/2024 | 14:32'."""
    if not text:
        return None
    text = htmllib.unescape(text).replace("\xa0", " ")
    best = None
    m = DATE_TIME_RE.search(text)
    if m:
        d, mo, y, hh, mi, ss = m.groups()
        best = (m.start(), _mk(int(y), int(mo), int(d), hh, mi, ss))
    m2 = TIME_DATE_RE.search(text)
    if m2 and (best is None or m2.start() <= best[0] or not isinstance(best[1], datetime)):
        hh, mi, ss, d, mo, y = m2.groups()
        cand = _mk(int(y), int(mo), int(d), hh, mi, ss)
        if cand is not None and (best is None or m2.start() < best[0] or not isinstance(best[1], datetime)):
            if best is None or best[1] is None or (isinstance(cand, datetime) and cand.date() == _as_date(best[1])):
                best = (m2.start(), cand)
    if best is None or best[1] is None:
        m3 = LONG_RE.search(text)
        if m3:
            d, mo, y = m3.groups()
            return _mk(int(y), int(mo), int(d))
    return best[1] if best else None


def _as_date(v) -> date | None:
    if isinstance(v, datetime):
        return v.date()
    return v


# --- from the page ---------------------------------------------------------------------------

def _jsonld_dates(tree) -> list[str]:
    out = []
    for node in tree.xpath('//script[@type="application/ld+json"]'):
        raw = (node.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            m = re.search(r'"datePublished"\s*:\s*"([^"]+)"', raw)
            if m:
                out.append(m.group(1))
            continue
        stack = [data]
        while stack:
            cur = stack.pop()
            if isinstance(cur, list):
                stack.extend(cur)
            elif isinstance(cur, dict):
                if isinstance(cur.get("datePublished"), str):
                    out.append(cur["datePublished"])
                stack.extend(v for k, v in cur.items() if k in ("@graph", "mainEntity", "mainEntityOfPage"))
    return out


_META_NAMES = (
    "article:published_time", "og:published_time", "datePublished", "pubdate", "publishdate",
    "dc.date.issued", "dcterms.created", "date", "publish-date", "article.published",
)


def _meta_dates(tree) -> list[str]:
    out = []
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in {n.lower() for n in _META_NAMES}:
            out.append(meta.get("content"))
    for t in tree.xpath('//*[@itemprop="datePublished"][@datetime or @content]'):
        out.append(t.get("datetime") or t.get("content"))
    return out


def _excluded(el) -> bool:
    for anc in (el, *el.iterancestors()):
        if anc.tag in ("footer", "aside", "nav"):
            return True
        attrs = " ".join(filter(None, (anc.get("class"), anc.get("id"), anc.get("type"), anc.get("data-role"))))
        if attrs and _EXCLUDED_ANCESTOR.search(attrs):
            return True
    return False


def _own_text(el) -> str:
    parts = [el.text or ""]
    for child in el:
        if child.tag in ("script", "style") or not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        parts.append(_own_text(child))
        parts.append(child.tail or "")
    return " ".join(p for p in parts if p)


def _title_anchor(tree, elements, index) -> int | None:
    """Where the title is shown: the first non-empty h1, else the element carrying og:title/<title>."""
    for h in tree.iter("h1"):
        if _own_text(h).strip():
            return index[id(h)]
    wanted = [m.get("content") for m in tree.xpath('//meta[@property="og:title"][@content]')]
    wanted += [t.text_content() for t in tree.xpath("//title")]
    keys = [re.sub(r"\s+", " ", w).strip()[:60] for w in wanted if w and len(w.strip()) > 15]
    if not keys:
        return None
    for i, el in enumerate(elements):
        if el.tag in ("title", "meta", "script", "style", "head"):
            continue
        text = re.sub(r"\s+", " ", el.text or "").strip()
        if len(text) > 15 and any(k.startswith(text[:60]) or text.startswith(k) for k in keys):
            return i
    return None


def visible_date(tree) -> datetime | date | None:
    """The date shown by the title: the nearest date-like element to the h1, outside footers,
    related boxes and comments; date-classed elements first."""
    elements = [e for e in tree.iter() if isinstance(e.tag, str)]
    index = {id(e): i for i, e in enumerate(elements)}
    anchor = _title_anchor(tree, elements, index)

    def candidates(classed: bool):
        for i, el in enumerate(elements):
            if el.tag in ("script", "style", "head", "title", "meta", "a"):
                continue
            if classed:
                attrs = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("data-role"), el.get("itemprop"))))
                if el.tag != "time" and not _DATEISH_CLASS.search(attrs):
                    continue
                text = _own_text(el)
                if el.tag == "time" and el.get("datetime"):
                    text = el.get("datetime") + " " + text
            else:
                text = " ".join(t for t in (el.text, *(c.tail for c in el)) if t)
            if len(text) > 400 or not re.search(r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}|\d{4}-\d{2}-\d{2}|tháng", text):
                continue
            value = parse_vn_datetime(text) or (parse_iso(text) if el.tag == "time" else None)
            if value is None or _excluded(el):
                continue
            yield i, value

    for classed in (True, False):
        found = list(candidates(classed))
        if not found:
            continue
        if anchor is None:
            return found[0][1]
        # distance to the title, dates after it preferred (a top bar "today" sits before it)
        best = min(found, key=lambda iv: (iv[0] - anchor) if iv[0] >= anchor else (anchor - iv[0]) * 4 + 20)
        if abs(best[0] - anchor) <= 400:
            return best[1]
    return None


# Platform URL dates first (VGP ids: common/platforms.toml, url_dates), then the generic shapes.
_URL_PATTERNS = (
    *platforms.url_date_patterns(),
    (re.compile(r"/((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})/"), "ymd"),
    (re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"), "ymd"),
    (re.compile(r"/((?:19|20)\d{2})(\d{2})/[^/]+"), "ym"),
)


def url_date(url: str) -> datetime | date | None:
    for rx, kind in _URL_PATTERNS:
        m = rx.search(url)
        if not m:
            continue
        g = m.groups()
        if kind == "yymmddHHMMSS":
            v = _mk(2000 + int(g[0]), int(g[1]), int(g[2]), g[3], g[4], g[5])
        elif kind == "ymd":
            v = _mk(int(g[0]), int(g[1]), int(g[2]))
        else:
            v = _mk(int(g[0]), int(g[1]), 1) if 1 <= int(g[1]) <= 12 else None
            continue  # a month alone is not a publication date
        if v:
            return v
    return None


def publication_date(tree, url: str) -> tuple[str | None, str | None]:
    """(ISO date, where it came from) — 'jsonld', 'meta', 'visible', 'url' or (None, None)."""
    for raw in _jsonld_dates(tree):
        v = parse_iso(raw) or parse_vn_datetime(raw)
        if v:
            return _merge_time(v, tree), "jsonld"
    for raw in _meta_dates(tree):
        v = parse_iso(raw) or parse_vn_datetime(raw)
        if v:
            return _merge_time(v, tree), "meta"
    v = visible_date(tree)
    if v:
        return to_iso(v), "visible"
    v = url_date(url)
    if v:
        return to_iso(v), "url"
    return None, None


def _merge_time(v, tree) -> str:
    """A metadata date without a time takes the time shown on the page when the day agrees."""
    if isinstance(v, datetime):
        return to_iso(v)
    shown = visible_date(tree)
    if isinstance(shown, datetime) and shown.date() == v:
        return to_iso(shown)
    return to_iso(v)
