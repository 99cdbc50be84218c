"""The URL side of link scoring and the scorer's words: what a link's URL alone says (a slug of words,
an id, a date in the path; home, category, tag, pagination, search, login, static pages and files).
Pure; the words are data in spiders/linkwords.toml, validated on load."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from common.strict import Strict, read_toml, validate
from pipelines.textnorm import fold

WORDS_FILE = Path(__file__).with_name("linkwords.toml")
_SLUG_SPLIT = re.compile(r"[-_.+]+")
_DIGITS = re.compile(r"\d{5,}")
_HEX_TAIL = re.compile(r"-[0-9a-f]{5,}$")
_PATH_DATE = re.compile(r"/(?:19|20)\d{2}(?:/\d{1,2}(?:/\d{1,2})?|-\d{1,2}-\d{1,2}|\d{2}(?:\d{2})?)(?=/|$)")
_HUB_ID = re.compile(r"-([a-z]{1,6})[0-9a-f]*\d[0-9a-f]*$")
_EXT = re.compile(r"\.([a-z0-9]{1,5})$", re.I)
# reasons that make a link no section to follow from a homepage (static pages, tags, hubs)
NOT_SECTION = frozenset({"static", "tag", "hub id", "static-like slug", "file or feed", "login", "search", "home",
                         "the page itself", "not http"})


class _Url(Strict):
    category: list[str]
    tag: list[str]
    pagination: list[str]
    search: list[str]
    login: list[str]
    static: list[str]
    hub_id_prefixes: list[str]
    query_id: list[str]
    query_listing: list[str]
    query_search: list[str]
    query_article_values: list[str]
    query_listing_values: list[str]
    home_paths: list[str]
    files: list[str]


class _Region(Strict):
    frame: list[str]
    frame_tags: list[str]
    side: list[str]
    side_tags: list[str]
    main: list[str]
    main_tags: list[str]
    label_classes: list[str]
    headline_classes: list[str]


class _Text(Strict):
    navigation: list[str]
    headline_cues: list[str]
    cds_section: list[str]


class Words(Strict):
    url: _Url
    region: _Region
    text: _Text


@lru_cache(maxsize=2)
def words(path: Path = WORDS_FILE) -> Words:
    return validate(Words, read_toml(path), path)


@lru_cache(maxsize=1)
def _sets() -> dict[str, frozenset[str]]:
    w = words()
    out = {f"url.{k}": frozenset(x.lower() for x in v) for k, v in w.url.model_dump().items()}
    out.update({f"region.{k}": frozenset(x.lower() for x in v) for k, v in w.region.model_dump().items()})
    out.update({f"text.{k}": frozenset(v) for k, v in w.text.model_dump().items()})
    return out


# --- the URL ---------------------------------------------------------------------------------
def url_features(url: str) -> tuple[float, list[str]]:
    """The URL's own evidence: (score, reasons). -10 or less: never an article."""
    S = _sets()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return -20.0, ["not http"]
    path = parts.path or "/"
    low = path.lower()
    query = [(k.lower(), v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    qkeys = {k for k, _ in query}
    qpairs = {f"{k}={v.lower()}" for k, v in query}
    segs = [s for s in low.split("/") if s]
    last = segs[-1] if segs else ""
    ext_m = _EXT.search(last)
    ext = ext_m.group(1).lower() if ext_m else ""
    stem = last[: -len(ext) - 1] if ext else last
    score, why = 0.0, []

    if ext in S["url.files"] or any(s in ("rss", "feed", "feeds") for s in segs):
        return -20.0, ["file or feed"]
    if qkeys & S["url.query_search"] or any(s in S["url.search"] for s in segs):
        return -20.0, ["search"]
    if any(s in S["url.login"] for s in segs) or any(s.split(".")[0] in S["url.login"] for s in segs):
        return -20.0, ["login"]
    if (low.rstrip("/") or "/") in S["url.home_paths"] or low in S["url.home_paths"]:
        if not (qkeys & S["url.query_id"]) and not (qpairs & S["url.query_article_values"]):
            return -20.0, ["home"]

    # the frame words, in any segment but an article-looking last one (the last segment of a
    # category path is the category's own name: /category/chuyen-doi-so)
    heads = segs[:-1] if len(segs) > 1 else []
    for kind, weight in (("category", 4.0), ("tag", 5.0), ("static", 4.0)):
        words_ = S[f"url.{kind}"]
        if any(s in words_ for s in heads) or (stem in words_):
            score -= weight
            why.append(kind)
    if re.search(r"(?:^|/)(?:" + "|".join(map(re.escape, S["url.pagination"])) + r")[-/]?\d+/?$", low):
        score -= 5.0
        why.append("pagination")
    if len(_SLUG_SPLIT.split(stem)) >= 3:
        if any(stem.startswith(w + "-") for w in S["url.login"] if "-" in w):
            return -20.0, ["login"]
        if any(stem.startswith(w + "-") for w in S["url.static"]):
            score -= 3.0
            why.append("static-like slug")
    hub = _HUB_ID.search(stem)
    if hub and hub.group(1) in S["url.hub_id_prefixes"]:
        score -= 6.0
        why.append("hub id")

    # the query: ids say article, listing keys say listing
    if qpairs & S["url.query_listing_values"]:
        score -= 4.0
        why.append("listing query")
    elif qpairs & S["url.query_article_values"]:
        score += 2.0
        why.append("article query")
    if any(k in S["url.query_listing"] for k in qkeys) and not (qpairs & S["url.query_article_values"]):
        score -= 3.0
        why.append("listing query key")
    if any(k in S["url.query_id"] and v.isdigit() for k, v in query):
        score += 2.0
        why.append("query id")

    # the last segment: a slug of many words, an id, a date in the path
    slug_words = [w for w in _SLUG_SPLIT.split(stem) if w]
    n = len([w for w in slug_words if not w.isdigit()])
    if n >= 7:
        score += 2.5
        why.append("long slug")
    elif n >= 5:
        score += 1.5
        why.append("slug")
    elif n <= 2 and not qkeys and not _DIGITS.search(stem):
        score -= 1.0
        why.append("short last segment")
    if _DIGITS.search(stem):
        score += 1.5
        why.append("numeric id")
    elif _HEX_TAIL.search(stem) and n >= 3:
        score += 1.0
        why.append("hex id")
    if sum(1 for x in heads if x.isdigit() and len(x) >= 3) >= 2 and n >= 3:
        score += 1.0
        why.append("numeric path")      # /1426/37932/73050/691291/chuyen-doi-so/<slug>
    m = _PATH_DATE.search(low)
    if m:
        if low[m.end():].strip("/"):
            score += 1.0
            why.append("date in path")
        else:
            score -= 5.0
            why.append("date archive")
    if not segs and not qkeys:
        score -= 10.0
    return score, why




def says_cds(text: str) -> bool:
    """Does a menu text or URL name the CĐS section (chuyển đổi số, CĐS, chính quyền số, …)?"""
    f = " " + fold(text).replace("-", " ").replace("/", " ") + " "
    return any(f" {w} " in f for w in _sets()["text.cds_section"])
