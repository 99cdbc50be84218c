"""Numeric-path provincial portals found through their sitemaps (Trà Vinh): no listing to start
from; robots.txt (with a UTF-8 BOM) names a sitemap index, which names a news sitemap."""
from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape as xml_escape

from mirror.archetypes.base import Archetype, Layout, Request, Response, Site
from mirror.content import MirrorArticle


class SitemapPortal(Archetype):
    key = "sitemap"
    name = "Cổng TTĐT tỉnh Trà Vinh (bản mô phỏng)"
    address = "127.0.0.16"
    platform = "numeric"
    owner = "UBND tỉnh Trà Vinh"
    layout = Layout("noi-dung", "content-detail", "p", "tomtat", "thong-tin", "after", "tep-tin dinh-kem",
                    "Văn bản đính kèm")
    robots = "\ufeffUser-agent: *\nDisallow: /admin/\n\nSitemap: {base}/sitemap.xml\n"
    sitemaps = ("/robots.txt",)

    def path_for(self, a: MirrorArticle) -> str:
        return f"/1426/37932/73050/{a.number}/{a.category}/{a.slug}"

    def date_html(self, dt: datetime) -> str:
        return f'<span class="ngay-dang">Cập nhật lúc {dt:%H:%M} ngày {dt:%d/%m/%Y}</span>'

    def routes(self, site: Site, req: Request) -> Response | None:
        base, arts = site.base, site.articles
        if req.path == "/sitemap.xml":
            body = ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"<sitemap><loc>{base}/sitemap-news.xml</loc></sitemap>"
                    f"<sitemap><loc>{base}/sitemap-pages.xml</loc></sitemap></sitemapindex>")
        elif req.path == "/sitemap-news.xml":
            urls = "".join(
                f"<url><loc>{xml_escape(base + a.path)}</loc><news:news><news:publication><news:name>{xml_escape(self.name)}"
                f"</news:name><news:language>vi</news:language></news:publication><news:publication_date>"
                f"{a.published.isoformat()}</news:publication_date><news:title>{xml_escape(a.title)}</news:title>"
                f"</news:news></url>" for a in arts)
            body = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                    f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>')
        elif req.path == "/sitemap-pages.xml":
            body = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"<url><loc>{base}/gioi-thieu</loc></url><url><loc>{base}/lien-he</loc></url></urlset>")
        else:
            return None
        return Response(body=body.encode("utf-8"), content_type="application/xml; charset=utf-8",
                        last_modified=arts[0].published if arts else None)


ARCHETYPE = SitemapPortal()
