"""VGP (baochinhphu.vn, chinhphu.vn): ids that encode the creation time, JSON-LD and
article:published_time, AMP and print variants, RSS per category, and pages 2+ of a category as
bare `timelinelist` fragments fetched by zone id."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from mirror.archetypes.base import (
    CATEGORIES, PAGE_SIZE, Archetype, Layout, Request, Response, Site, article_url, rss, vn_date,
)
from mirror.content import MirrorArticle
from mirror.templates import render


class Vgp(Archetype):
    key = "vgp"
    name = "Báo Điện tử Chính phủ (bản mô phỏng)"
    address = "127.0.0.11"
    platform = "vgp"
    owner = "Văn phòng Chính phủ"
    scope = "national"
    layout = Layout("detail", "detail-content afcbc-body", "h2", "detail-sapo", "detail-time", "after",
                    "detail-attach", "Tải về")
    canonical_always = True
    list_class = "box-stream"
    zone_ids = {"chuyen-doi-so": 1021190, "thoi-su": 1021101}
    start_urls = ("/chuyen-doi-so.htm", "/thoi-su.htm")
    sections = ('/chuyen-doi-so.htm', '/thoi-su.htm')
    feeds = ("/chuyen-doi-so.rss",)

    def path_for(self, a: MirrorArticle) -> str:
        created = a.published - timedelta(minutes=47)      # the id encodes creation time, not publication
        return f"/{a.slug}-102{created:%y%m%d%H%M%S}{a.number % 1000:03d}.htm"

    def date_html(self, dt: datetime) -> str:
        return f'<div data-role="publishdate">{dt:%d/%m/%Y}\n<span>{dt:%H:%M}</span></div>'

    def head(self, a: MirrorArticle) -> tuple[str | None, str | None]:
        dt = a.published
        return dt.isoformat().replace("+", "&#x2B;"), json.dumps(
            {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title.replace("&", "&amp;"),
             "datePublished": dt.isoformat(), "publisher": {"@type": "Organization", "name": "Báo Điện tử Chính phủ"}},
            ensure_ascii=False)

    def end_comment(self, a: MirrorArticle) -> str:
        return f"<!-- {a.published:%d/%m/%Y %H:%M} -->"

    def listing_feeds(self, base: str, category: str) -> list[str]:
        return [f"{base}/{category}.rss"]

    def listing_sidebar(self, site: Site, arts: list[MirrorArticle]) -> list[dict]:
        # print variants linked from a "most read" box
        return super().listing_sidebar(site, arts) + [
            {"href": site.base + "/print" + a.path, "title": a.title, "date": vn_date(a.published)}
            for a in arts if a.print]

    def item(self, site: Site, a: MirrorArticle) -> str:
        href = site.base + "/amp" + a.path if a.amp else article_url(site.base, a, utm=True)
        return render("item_vgp", **self._item_ctx(a, href))

    def routes(self, site: Site, req: Request) -> Response | None:
        path = req.path
        for cat in CATEGORIES:
            if path == f"/{cat}.htm":
                return self.listing_page(site, cat, 1, None, zone_id=self.zone_ids[cat], more_button=True)
            if path == f"/{cat}.rss":
                return rss(site.base, site.of(cat), cat, link_amp=True)
        if path.startswith("/timelinelist/") and path.endswith(".htm"):
            try:
                zone, page = path[len("/timelinelist/"):-4].split("/")
                zone_i, page_i = int(zone), int(page)
            except ValueError:
                return None
            cat = next((c for c, z in self.zone_ids.items() if z == zone_i), None)
            if cat is None:
                return None
            arts = site.of(cat)[(page_i - 1) * PAGE_SIZE: page_i * PAGE_SIZE]
            fragment = "\n".join(self.item(site, a) for a in arts)   # bare fragment; empty past the end
            return Response(body=fragment.encode("utf-8"), last_modified=arts[0].published if arts else None)
        return None


ARCHETYPE = Vgp()
