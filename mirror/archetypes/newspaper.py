"""Provincial newspapers (Báo Sóc Trăng): `/<cat>/<yyyymm>/<slug>-<hex>/`, "GMT +7" dates before the
title, a canonical link on every page, listings paged by `?page=N`."""
from __future__ import annotations

from datetime import datetime

from mirror.archetypes.base import CATEGORIES, WEEKDAYS, Archetype, Layout, Request, Response, Site, page_no
from mirror.content import MirrorArticle


class Newspaper(Archetype):
    key = "newspaper"
    name = "Báo Sóc Trăng (bản mô phỏng)"
    address = "127.0.0.15"
    platform = "newspaper"
    owner = "Tỉnh ủy Sóc Trăng"
    layout = Layout("article-detail", "article-body", "div", "article-sapo", "article-info", "before",
                    "article-files tai-lieu", "Tài liệu")
    canonical_always = True
    start_urls = ("/chuyen-doi-so/", "/thoi-su/")
    sections = ('/chuyen-doi-so/', '/thoi-su/')

    def path_for(self, a: MirrorArticle) -> str:
        return f"/{a.category}/{a.published:%Y%m}/{a.slug}-{a.hexid}/"

    def date_html(self, dt: datetime) -> str:
        wd = WEEKDAYS[dt.weekday()]
        return (f'<span class="date">{dt:%d/%m/%Y %H:%M} GMT +7</span>'
                f'<span class="pub">{wd}, {dt:%d/%m/%Y} | {dt:%H:%M}</span>')

    def routes(self, site: Site, req: Request) -> Response | None:
        for cat in CATEGORIES:
            if req.path in (f"/{cat}/", f"/{cat}"):
                return self.paged(site, cat, page_no(req.query, "page"), f"/{cat}/?page={{}}")
        return None


ARCHETYPE = Newspaper()
