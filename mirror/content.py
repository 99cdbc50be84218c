"""The mirror's articles: loaded from content/articles/*.toml, each given its site's URL shape."""
from __future__ import annotations

import hashlib
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

CONTENT_DIR = Path(__file__).with_name("content") / "articles"


@dataclass
class MirrorArticle:
    id: str
    site: str
    category: str
    slug: str
    title: str
    lead: str
    body: list[str]
    published: datetime
    author: str = ""
    source_credit: str = ""
    relevant: bool = False
    encoding: str = "utf-8"
    nfd: bool = False
    eth: bool = False
    zero_width: bool = False
    amp: bool = False
    print: bool = False
    utm: bool = False
    syndicated_from: str = ""
    script_body: bool = False  # the page ships an empty body that a script fills (needs a browser)
    must_contain: list[str] = field(default_factory=list)
    traps: list[str] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    metrics: list[dict[str, Any]] = field(default_factory=list)
    # documents the article links to: {label, file, inline?}; served under /uploads/<file>
    attachments: list[dict[str, Any]] = field(default_factory=list)
    path: str = ""            # the article's path on its site (set by assign_paths)

    @property
    def number(self) -> int:
        """A stable numeric id derived from the article id (for nid=, -<id>.html, hex ids)."""
        return int(hashlib.sha1(self.id.encode()).hexdigest()[:8], 16) % 900_000 + 100_000

    @property
    def hexid(self) -> str:
        return hashlib.sha1(self.id.encode()).hexdigest()[:10]


def _path_for(a: MirrorArticle) -> str:
    p = a.published
    if a.site == "vgp":
        created = p - timedelta(minutes=47)      # the id encodes creation time, not publication
        return f"/{a.slug}-102{created:%y%m%d%H%M%S}{a.number % 1000:03d}.htm"
    if a.site == "liferay":
        return f"/-/{a.slug}"
    if a.site == "sharepoint":
        return f"/Trang/ChiTietTinTuc.aspx?nid={a.number}"
    if a.site == "nukeviet":
        return f"/vi/news/{a.category}/{a.slug}-{a.number}.html"
    if a.site == "newspaper":
        return f"/{a.category}/{p:%Y%m}/{a.slug}-{a.hexid}/"
    if a.site == "sitemap":
        return f"/1426/37932/73050/{a.number}/{a.category}/{a.slug}"
    if a.site == "jsportal":
        return f"/{a.category}/{a.slug}-4{int(p.timestamp())}.htm"
    raise ValueError(f"unknown site {a.site!r}")


def _load_one(f: Path) -> MirrorArticle:
    with f.open("rb") as fh:
        raw = tomllib.load(fh)
    raw["published"] = datetime.fromisoformat(raw["published"])
    known = set(MirrorArticle.__dataclass_fields__)
    art = MirrorArticle(**{k: v for k, v in raw.items() if k in known})
    for name in ("title", "lead", "author", "source_credit"):
        setattr(art, name, unicodedata.normalize("NFC", getattr(art, name)))
    art.body = [unicodedata.normalize("NFC", b) for b in art.body]
    art.attachments = [{**f, "label": unicodedata.normalize("NFC", f.get("label", ""))} for f in art.attachments]
    art.path = _path_for(art)
    return art


@lru_cache(maxsize=4)
def load_articles(directory: str | None = None) -> tuple[MirrorArticle, ...]:
    d = Path(directory) if directory else CONTENT_DIR
    arts = tuple(sorted((_load_one(f) for f in sorted(d.glob("*.toml"))), key=lambda a: a.published, reverse=True))
    return arts


def articles_of(site: str, category: str | None = None) -> list[MirrorArticle]:
    """A site's articles, newest first (optionally one category)."""
    return [a for a in load_articles() if a.site == site and (category is None or a.category == category)]
