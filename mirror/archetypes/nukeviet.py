"""NukeViet department portals (Sở KH&CN): `<meta name=generator>`, `/vi/news/<cat>/<slug>-<id>.html`,
listings paged by `/page-N`, an RSS feed per category."""
from __future__ import annotations

from datetime import datetime

from mirror.archetypes.base import CATEGORIES, WEEKDAYS, Archetype, Layout, Request, Response, Site, rss
from mirror.content import MirrorArticle


class NukeViet(Archetype):
    key = "nukeviet"
    name = "Sở Khoa học và Công nghệ (bản mô phỏng)"
    address = "127.0.0.14"
    platform = "nukeviet"
    owner = "Sở Khoa học và Công nghệ"
    layout = Layout("news_detail", "bodytext", "div", "hometext", "meta", "after", "download-files", "Tải về")
    generator = "NukeViet v4.5"
    start_urls = ("/vi/news/thoi-su/",)
    sections = ('/vi/news/chuyen-doi-so/', '/vi/news/thoi-su/')
    feeds = ("/vi/news/rss/chuyen-doi-so/",)

    def path_for(self, a: MirrorArticle) -> str:
        return f"/vi/news/{a.category}/{a.slug}-{a.number}.html"

    def date_html(self, dt: datetime) -> str:
        wd = WEEKDAYS[dt.weekday()]
        return f'<span class="post-time">{wd.lower() if dt.day % 2 else wd} - {dt:%d/%m/%Y %H:%M}</span>'

    def listing_feeds(self, base: str, category: str) -> list[str]:
        return [f"{base}/vi/news/rss/{category}/"]

    def routes(self, site: Site, req: Request) -> Response | None:
        path = req.path
        for cat in CATEGORIES:
            if path == f"/vi/news/rss/{cat}/":
                return rss(site.base, site.of(cat), cat)
            prefix = f"/vi/news/{cat}/"
            if path == prefix or (path.startswith(prefix + "page-") and path[len(prefix) + 5:].isdigit()):
                page = int(path[len(prefix) + 5:]) if path != prefix else 1
                if page > self.pages(site, cat):
                    return None
                nxt = f"{prefix}page-{page + 1}" if page < self.pages(site, cat) else None
                return self.listing_page(site, cat, page, nxt)
        return None


ARCHETYPE = NukeViet()
