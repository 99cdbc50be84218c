"""The platform registry (common/platforms.toml): per-platform detection markers, discovery hints,
paging schemes, body and date knowledge, validated on load; and `detect()`, which names the
platform of a page from its generator meta, asset paths, markers and URL shapes.

Everything here is optional knowledge: the generic path (no platform) must work on its own."""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Literal

from pydantic import field_validator, model_validator

from common.strict import FixtureError, Strict, read_toml, validate

REGISTRY = Path(__file__).with_name("platforms.toml")
_GENERATOR = re.compile(r"""<meta\s[^>]*name=["']generator["'][^>]*>""", re.I)
_CONTENT = re.compile(r"""content=["']([^"']*)["']""", re.I)
_LINK = re.compile(r"""<a\s[^>]*href=["']([^"'#]+)["']""", re.I)
MIN_SCORE = 2.0                 # a platform is named only on this much evidence (one generator is 10)


def _regex(v: str) -> str:
    try:
        re.compile(v)
    except re.error as e:
        raise ValueError(f"not a valid regular expression {v!r}: {e}") from None
    return v


class Paging(Strict):
    scheme: Literal["timeline", "path", "query", "postback"]
    zone: str | None = None          # timeline: where page 1 names its zone (group 1 or 2)
    url: str | None = None           # timeline: "/timelinelist/{zone}/{n}.htm"; path: "{listing}/page-{n}"

    @model_validator(mode="after")
    def _complete(self) -> "Paging":
        if self.scheme == "timeline" and not (self.zone and self.url):
            raise ValueError("a timeline scheme needs both zone and url")
        if self.zone:
            _regex(self.zone)
        return self


class UrlDate(Strict):
    pattern: str
    kind: Literal["yymmddHHMMSS", "ymd"]

    @field_validator("pattern")
    @classmethod
    def _pattern(cls, v: str) -> str:
        return _regex(v)


class Platform(Strict):
    name: str
    generator: list[str] = []
    assets: list[str] = []
    markers: list[str] = []
    url_shapes: list[str] = []
    article_urls: list[str] = []
    listing_urls: list[str] = []
    paging: Paging | None = None
    body_keep: list[str] = []
    url_dates: list[UrlDate] = []
    examples: list[str]
    traps: list[str] = []

    @field_validator("generator", "url_shapes", "article_urls", "listing_urls")
    @classmethod
    def _regexes(cls, v: list[str]) -> list[str]:
        return [_regex(x) for x in v]

    @field_validator("examples")
    @classmethod
    def _some(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("expected at least one example the platform is detected on")
        return v


class Registry(Strict):
    platforms: dict[str, Platform]


@lru_cache(maxsize=2)
def load(path: Path = REGISTRY) -> dict[str, Platform]:
    """The registry, validated; FixtureError names the file and the entry (`platforms.vgp.paging`)."""
    data = read_toml(path)
    if not isinstance(data.get("platforms"), dict):
        raise FixtureError(str(path), "platforms", "expected a table of platforms")
    out = {}
    for key, entry in data["platforms"].items():
        out[key] = validate(Platform, entry, path, prefix=f"platforms.{key}.")
    if set(data) - {"platforms"}:
        raise FixtureError(str(path), sorted(set(data) - {"platforms"})[0], "unknown key")
    return out


def get(key: str | None) -> Platform | None:
    return load().get(key) if key else None


def known() -> list[str]:
    return list(load())


# --- detection ---------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _compiled() -> dict[str, tuple]:
    return {k: ([re.compile(g) for g in p.generator], [re.compile(u) for u in p.url_shapes])
            for k, p in load().items()}


def _path(url: str) -> str:
    m = re.match(r"^[a-z][a-z0-9+.-]*://[^/?#]*", url, re.I)
    rest = url[m.end():] if m else url
    return rest.split("#", 1)[0] or "/"


def scores(html: str, url: str, headers: dict | None = None) -> dict[str, float]:
    """The evidence for each platform on this page (generator 10, header 5, asset 3, marker 1.5,
    URL shape 2 for the page's own, 1 each for up to 3 of its links)."""
    html = html or ""
    gens = [(_CONTENT.search(m.group(0)) or [None, ""])[1] for m in _GENERATOR.finditer(html)]
    hdr = " ".join(f"{k}: {v}" for k, v in (headers or {}).items()
                   if str(k).lower() in ("x-powered-by", "x-generator", "microsoftsharepointteamservices",
                                         "x-sharepointhealthscore", "liferay-portal", "server"))
    links = [_path(m.group(1).replace("&amp;", "&")) for m in islice(_LINK.finditer(html), 400)]
    page = _path(url or "")
    out: dict[str, float] = {}
    for key, p in load().items():
        gen_rx, shape_rx = _compiled()[key]
        s = 10.0 * any(rx.search(g) for rx in gen_rx for g in gens)
        s += 5.0 * bool(hdr and any(rx.search(hdr) for rx in gen_rx))
        s += 3.0 * min(2, sum(a in html for a in p.assets))      # asset paths: a substring is as good
        s += 1.5 * min(2, sum(m in html for m in p.markers))
        s += 2.0 * any(rx.search(page) for rx in shape_rx)
        s += 1.0 * min(3, sum(any(rx.search(x) for rx in shape_rx) for x in links))
        if s:
            out[key] = s
    return out


def detect(html: str, url: str, headers: dict | None = None) -> str | None:
    """The platform key of a page (vgp, liferay, sharepoint, nukeviet, wordpress, …), or None when
    the evidence is too thin: a generator meta decides; else asset paths, markers and URL shapes."""
    found = scores(html, url, headers)
    if not found:
        return None
    key, best = max(found.items(), key=lambda kv: kv[1])
    return key if best >= MIN_SCORE else None


# --- what the rest of the code asks ------------------------------------------------------------
def body_keep() -> list[str]:
    """Class/id substrings of article bodies over all platforms (clean.py never removes them)."""
    return [k for p in load().values() for k in p.body_keep]


def url_date_patterns() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(d.pattern), d.kind) for p in load().values() for d in p.url_dates]


def article_url_hints(key: str | None = None) -> list[re.Pattern]:
    """Article URL regexes of one platform, or of all (a signal for the link scorer)."""
    chosen = [load()[key]] if key in load() else list(load().values()) if key is None else []
    return [re.compile(r, re.I) for p in chosen for r in p.article_urls]


def listing_url_hints(key: str | None = None) -> list[re.Pattern]:
    chosen = [load()[key]] if key in load() else list(load().values()) if key is None else []
    return [re.compile(r, re.I) for p in chosen for r in p.listing_urls]


def timeline_schemes() -> list[Paging]:
    """The timeline paging schemes (VGP's `/timelinelist/<zone>/<n>.htm`)."""
    return [p.paging for p in load().values() if p.paging and p.paging.scheme == "timeline"]


def timeline_zone(html: str) -> tuple[str, Paging] | None:
    """(zone id, its scheme) when a listing page 1 names a timeline zone."""
    for scheme in timeline_schemes():
        m = re.search(scheme.zone, html or "")
        if m:
            return next(g for g in m.groups() if g), scheme
    return None
