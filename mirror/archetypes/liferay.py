"""Liferay provincial portals (Đắk Lắk): asset-publisher URLs `/-/slug`, the date before the title,
listings paged by `?cur=N`."""
from __future__ import annotations

from datetime import datetime

from mirror.archetypes.base import CATEGORIES, Archetype, Layout, Request, Response, Site, page_no
from mirror.content import MirrorArticle


class Liferay(Archetype):
    key = "liferay"
    name = "Cổng TTĐT tỉnh Đắk Lắk (bản mô phỏng)"
    address = "127.0.0.12"
    platform = "liferay"
    owner = "UBND tỉnh Đắk Lắk"
    layout = Layout("journal-content-article", "journal-content-article-body", "div", "summary", "meta-info",
                    "before", "file-dinh-kem", "File đính kèm:")
    start_urls = ("/web/guest/chuyen-doi-so", "/web/guest/thoi-su")
    sections = ('/web/guest/chuyen-doi-so', '/web/guest/thoi-su')

    def path_for(self, a: MirrorArticle) -> str:
        return f"/-/{a.slug}"

    def date_html(self, dt: datetime) -> str:
        return f'<span class="asset-publish-date">{dt:%d/%m/%Y - %H:%M}</span>'

    def routes(self, site: Site, req: Request) -> Response | None:
        for cat in CATEGORIES:
            if req.path == f"/web/guest/{cat}":
                return self.paged(site, cat, page_no(req.query, "cur"), f"/web/guest/{cat}?cur={{}}")
        return None


ARCHETYPE = Liferay()
