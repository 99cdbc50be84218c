"""Static sites: a folder mirror/sites/<name>/ whose site.toml lists every route and the file that
answers it, served as they are. One generic renderer serves them all, so a site modelled on a real
portal is added as data (HTML files and a manifest), without code.

```toml
name = "wp-style"                       # the folder's name
title = "..."                           # the site's name (the source's name)
platform = "wordpress"
needs_browser = false                   # true: the source renders its listings in Chromium
missing = ["/some/404/path"]            # optional: linked on purpose, but answering 404

[provenance]
author = "..."                          # who wrote it (the team, or written blind)
written_on = "2026-11-26"
modelled_on = "https://..."             # the real page or portal it imitates
exercises = "..."                       # what it is there to test

[[routes]]
path = "/news.aspx?id=12"               # path and query exactly as requested
file = "news_12.html"                   # a file of the site's folder, served as it is
type = "article"                        # home | listing | article | category | tag | static | sitemap
                                        # | feed | robots | data | other
content_type = "..."                    # optional; by default from the file's extension (.xml.gz is
                                        # application/gzip, without Content-Encoding)
title = "..."                           # articles: the ground truth of what extraction should find
published = "2025-03-14T08:30:00+07:00"
cds = true                              # is it CĐS news?
```

`{host}` anywhere in a served file becomes the server's own `host:port` (inside a .gz file too).
Each site gets its own loopback address (127.0.0.31 and up, by name). The source that crawls it
starts at its homepage; robots.txt's Sitemap lines and its feeds are followed as on any portal.
"""
from __future__ import annotations

import gzip
import mimetypes
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import field_validator, model_validator

from common.strict import FixtureError, Strict, read_toml, validate
from mirror.archetypes.base import NOT_FOUND, Archetype, Request, Response, Site

SITES_DIR = Path(__file__).resolve().parent.parent / "sites"
FIRST_ADDRESS = 31            # 127.0.0.31, .32, … in name order (.11-.17 archetypes, .18 faults)
RouteType = Literal["home", "listing", "article", "category", "tag", "static", "sitemap", "feed", "robots",
                    "data", "other"]
_TYPES = {".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
          ".xml": "application/xml; charset=utf-8", ".rss": "application/rss+xml; charset=utf-8",
          ".atom": "application/atom+xml; charset=utf-8", ".txt": "text/plain; charset=utf-8",
          ".json": "application/json; charset=utf-8", ".js": "application/javascript; charset=utf-8",
          ".css": "text/css; charset=utf-8", ".gz": "application/gzip", ".pdf": "application/pdf"}
_DATED = {"home", "listing", "category", "tag", "sitemap", "feed"}     # Last-Modified: the newest article


class Provenance(Strict):
    author: str
    written_on: str
    modelled_on: str | None = None
    exercises: str | None = None


class Route(Strict):
    path: str
    file: str
    type: RouteType
    content_type: str | None = None
    title: str | None = None
    published: datetime | None = None
    cds: bool | None = None

    @field_validator("path")
    @classmethod
    def _path(cls, v: str) -> str:
        if not v.startswith("/"):
            raise ValueError(f"expected a path starting with '/', got {v!r}")
        return v

    @field_validator("published", mode="before")
    @classmethod
    def _iso(cls, v):
        return datetime.fromisoformat(v) if isinstance(v, str) else v


class Manifest(Strict):
    name: str
    title: str
    platform: str
    needs_browser: bool = False
    missing: list[str] = []
    provenance: Provenance
    routes: list[Route]

    @model_validator(mode="after")
    def _consistent(self) -> "Manifest":
        seen: set[str] = set()
        for r in self.routes:
            if r.path in seen:
                raise ValueError(f"route {r.path!r} is listed twice")
            seen.add(r.path)
        both = seen & set(self.missing)
        if both:
            raise ValueError(f"{sorted(both)[0]!r} is both a route and missing")
        if not any(r.type == "home" for r in self.routes):
            raise ValueError('expected a route of type "home" (where the crawl starts)')
        return self


def content_type(file: str) -> str:
    name = file.lower()
    if name.endswith(".gz"):
        return "application/gzip"          # a .xml.gz file as it is, not a compressed transfer
    ext = Path(name).suffix
    return _TYPES.get(ext) or mimetypes.guess_type(name)[0] or "application/octet-stream"


class StaticSite(Archetype):
    """A site of mirror/sites/: its manifest is its data, and this class its one renderer."""
    has_articles = False

    def __init__(self, folder: Path, address: str):
        manifest_path = folder / "site.toml"
        self.manifest = validate(Manifest, read_toml(manifest_path), manifest_path)
        if self.manifest.name != folder.name:
            raise FixtureError(str(manifest_path), "name", f"expected the folder's name {folder.name!r}")
        for i, r in enumerate(self.manifest.routes):
            if not (folder / r.file).is_file():
                raise FixtureError(str(manifest_path), f"routes[{i}].file", f"no such file in {folder}: {r.file!r}")
        self.folder = folder
        self.key = self.manifest.name
        self.name = self.manifest.title
        self.address = address
        self.platform = self.manifest.platform
        self.routes_by_path = {r.path: r for r in self.manifest.routes}

    @cached_property
    def newest(self) -> datetime | None:
        dates = [r.published for r in self.manifest.routes if r.type == "article" and r.published]
        return max(dates) if dates else None

    def serve(self, site: Site, req: Request) -> Response:
        route = self.routes_by_path.get(req.target)
        if route is None or req.target in self.manifest.missing:
            return Response(status=404, body=NOT_FOUND, cacheable=False)
        body = (self.folder / route.file).read_bytes()
        host = site.base.split("://", 1)[1].encode()
        if route.file.endswith(".gz"):
            raw = gzip.decompress(body)
            if b"{host}" in raw:
                body = gzip.compress(raw.replace(b"{host}", host), mtime=0)
        else:
            body = body.replace(b"{host}", host)
        when = route.published if route.type == "article" else self.newest if route.type in _DATED else None
        return Response(body=body, content_type=route.content_type or content_type(route.file), last_modified=when)

    def source(self, base: str) -> dict:
        home = next(r.path for r in self.manifest.routes if r.type == "home")
        src = {"id": f"mirror-{self.key}", "name": self.name, "homepage": base + "/", "start_urls": [base + home],
               "feeds": [base + r.path for r in self.manifest.routes if r.type == "feed"],
               "sitemaps": [base + "/robots.txt"] if "/robots.txt" in self.routes_by_path else [],
               "render": "browser" if self.manifest.needs_browser else "http", "interval": "30m",
               "platform": self.platform, "verified": True}
        return src

    def article_urls(self, site: Site) -> list[str]:
        return [site.base + r.path for r in self.manifest.routes if r.type == "article"]

    def articles(self, site: Site) -> list[Route]:
        """The article routes: what extraction should find on each (title, published, cds)."""
        return [r for r in self.manifest.routes if r.type == "article"]


def static_sites(directory: Path = SITES_DIR) -> list[StaticSite]:
    folders = sorted(p for p in directory.iterdir() if (p / "site.toml").is_file()) if directory.is_dir() else []
    return [StaticSite(f, f"127.0.0.{FIRST_ADDRESS + i}") for i, f in enumerate(folders)]
