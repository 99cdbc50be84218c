"""SharePoint provincial portals (Quảng Ninh): detail pages `ChiTietTinTuc.aspx?nid=N`, category
listings `TinTuc.aspx?Cat=N&Page=N`."""
from __future__ import annotations

from datetime import datetime

from mirror.archetypes.base import Archetype, Layout, Request, Response, Site, page_no
from mirror.content import MirrorArticle

CATEGORY_IDS = {"82": "chuyen-doi-so", "17": "thoi-su"}


class SharePoint(Archetype):
    key = "sharepoint"
    name = "Cổng TTĐT tỉnh Quảng Ninh (bản mô phỏng)"
    address = "127.0.0.13"
    platform = "sharepoint"
    owner = "UBND tỉnh Quảng Ninh"
    layout = Layout("ms-rtestate-field", "ExternalClass news-content", "p", "sapo", "news-date", "after",
                    "ms-attachments attachments", "Tệp đính kèm")
    start_urls = ("/Trang/TinTuc.aspx?Cat=82", "/Trang/TinTuc.aspx?Cat=17")
    sections = ('/Trang/TinTuc.aspx?Cat=82', '/Trang/TinTuc.aspx?Cat=17')

    def path_for(self, a: MirrorArticle) -> str:
        return f"/Trang/ChiTietTinTuc.aspx?nid={a.number}"

    def date_html(self, dt: datetime) -> str:
        return f'<span class="date-time">({dt:%d/%m/%Y, %H:%M})</span>'

    def routes(self, site: Site, req: Request) -> Response | None:
        catno = req.query.get("Cat", [""])[0]
        cat = CATEGORY_IDS.get(catno)
        if req.path == "/Trang/TinTuc.aspx" and cat:
            return self.paged(site, cat, page_no(req.query, "Page"), f"/Trang/TinTuc.aspx?Cat={catno}&Page={{}}")
        return None


ARCHETYPE = SharePoint()
