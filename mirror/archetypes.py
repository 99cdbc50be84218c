"""Portal archetypes of the mirror: URL shapes, listings, feeds, sitemaps and article pages."""
from __future__ import annotations

import json
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape as xml_escape

from mirror.content import MirrorArticle, articles_of, load_articles
from mirror.encoding import to_cp1258
from mirror.templates import render

PAGE_SIZE = 4
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
CATEGORY_NAMES = {"chuyen-doi-so": "Chuyển đổi số", "thoi-su": "Thời sự"}


@dataclass(frozen=True)
class SiteSpec:
    key: str
    name: str
    address: str               # a loopback address of its own, so each site is its own host
    platform: str
    owner: str
    zone_ids: dict = field(default_factory=dict)


SITES: dict[str, SiteSpec] = {s.key: s for s in (
    SiteSpec("vgp", "Báo Điện tử Chính phủ (bản mô phỏng)", "127.0.0.11", "vgp", "Văn phòng Chính phủ",
             {"chuyen-doi-so": 1021190, "thoi-su": 1021101}),
    SiteSpec("liferay", "Cổng TTĐT tỉnh Đắk Lắk (bản mô phỏng)", "127.0.0.12", "liferay", "UBND tỉnh Đắk Lắk"),
    SiteSpec("sharepoint", "Cổng TTĐT tỉnh Quảng Ninh (bản mô phỏng)", "127.0.0.13", "sharepoint", "UBND tỉnh Quảng Ninh"),
    SiteSpec("nukeviet", "Sở Khoa học và Công nghệ (bản mô phỏng)", "127.0.0.14", "nukeviet", "Sở Khoa học và Công nghệ"),
    SiteSpec("newspaper", "Báo Sóc Trăng (bản mô phỏng)", "127.0.0.15", "newspaper", "Tỉnh ủy Sóc Trăng"),
    SiteSpec("sitemap", "Cổng TTĐT tỉnh Trà Vinh (bản mô phỏng)", "127.0.0.16", "numeric", "UBND tỉnh Trà Vinh"),
    SiteSpec("jsportal", "Cổng GTĐT thành phố Hà Nội (bản mô phỏng)", "127.0.0.17", "custom", "UBND thành phố Hà Nội"),
)}


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: datetime | None = None
    cacheable: bool = True


# --- date formats per archetype -------------------------------------------------------------

def vn_date(dt: datetime) -> str:
    return f"{dt:%d/%m/%Y}"


def _date_html(site: str, dt: datetime) -> str:
    wd = WEEKDAYS[dt.weekday()]
    if site == "vgp":
        return f'<div data-role="publishdate">{dt:%d/%m/%Y}\n<span>{dt:%H:%M}</span></div>'
    if site == "newspaper":
        return f'<span class="date">{dt:%d/%m/%Y %H:%M} GMT +7</span><span class="pub">{wd}, {dt:%d/%m/%Y} | {dt:%H:%M}</span>'
    if site == "liferay":
        return f'<span class="asset-publish-date">{dt:%d/%m/%Y - %H:%M}</span>'
    if site == "sharepoint":
        return f'<span class="date-time">({dt:%d/%m/%Y, %H:%M})</span>'
    if site == "nukeviet":
        return f'<span class="post-time">{wd.lower() if dt.day % 2 else wd} - {dt:%d/%m/%Y %H:%M}</span>'
    if site == "sitemap":
        return f'<span class="ngay-dang">Cập nhật lúc {dt:%H:%M} ngày {dt:%d/%m/%Y}</span>'
    return f'<span class="date">{dt:%d/%m/%Y}</span>'


_LAYOUT = {   # article container, body, lead markup per archetype
    "vgp": ("detail", "detail-content afcbc-body", "h2", "detail-sapo", "detail-time", "after"),
    "liferay": ("journal-content-article", "journal-content-article-body", "div", "summary", "meta-info", "before"),
    "sharepoint": ("ms-rtestate-field", "ExternalClass news-content", "p", "sapo", "news-date", "after"),
    "nukeviet": ("news_detail", "bodytext", "div", "hometext", "meta", "after"),
    "newspaper": ("article-detail", "article-body", "div", "article-sapo", "article-info", "before"),
    "sitemap": ("noi-dung", "content-detail", "p", "tomtat", "thong-tin", "after"),
    "jsportal": ("news-detail", "news-content", "div", "lead", "date-box", "after"),
}


# Where each archetype puts an article's attachments: box class and heading.
_ATTACH_BOX = {
    "vgp": ("detail-attach", "Tải về"),
    "liferay": ("file-dinh-kem", "File đính kèm:"),
    "sharepoint": ("ms-attachments attachments", "Tệp đính kèm"),
    "nukeviet": ("download-files", "Tải về"),
    "newspaper": ("article-files tai-lieu", "Tài liệu"),
    "sitemap": ("tep-tin dinh-kem", "Văn bản đính kèm"),
    "jsportal": ("attachments", "File đính kèm"),
}
# The "Văn bản mới" sidebar box of every article page: documents that belong to no article.
NEW_DOCUMENTS = [("Quyết định số 1150/QĐ-UBND về danh mục dịch vụ công trực tuyến", "qd-1150-ubnd.pdf"),
                 ("Kế hoạch số 204/KH-UBND chuyển đổi số năm 2025", "kh-204-ubnd.docx")]
UPLOAD_PREFIX = "/uploads/"
# Enough of a PDF to be one (header, an empty page, trailer); the mirror serves it for every file.
TINY_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
UPLOAD_TYPES = {"pdf": "application/pdf", "doc": "application/msword", "xls": "application/vnd.ms-excel",
                "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "zip": "application/zip"}


def upload_response(path: str) -> Response:
    ext = path.rsplit(".", 1)[-1].lower()
    return Response(body=TINY_PDF, content_type=UPLOAD_TYPES.get(ext, "application/octet-stream"))


def _variant_text(a: MirrorArticle, text: str) -> str:
    if a.eth:
        text = text.replace("Đ", "\u00d0")
    if a.zero_width:
        words = text.split(" ")
        text = " ".join(w + ("\u200b" if i % 7 == 3 else "") for i, w in enumerate(words)).replace(", ", ",\u00a0")
    if a.nfd:
        text = unicodedata.normalize("NFD", text)
    return text


def article_url(base: str, a: MirrorArticle, utm: bool = False) -> str:
    url = base + a.path
    if utm and a.utm:
        url += ("&" if "?" in url else "?") + "utm_source=zalo&utm_medium=social&zarsrc=30"
    return url


SCRIPT_BODY = """<div id="article-body" class="news-content" data-id="{id}"></div>
<script>fetch('/api/Article/Detail?id={id}').then(function(r){{return r.json()}}).then(function(d){{
  var box=document.getElementById('article-body');
  d.paragraphs.forEach(function(t){{var p=document.createElement('p');p.textContent=t;box.appendChild(p);}});
}});</script>"""


def render_article(spec: SiteSpec, base: str, a: MirrorArticle, variant: str = "", *, scripts: bool = True,
                   added: str = "") -> Response:
    """An article page as the archetype serves it; `added` appends a paragraph (an edited article)."""
    container, body_cls, lead_tag, lead_cls, date_cls, date_pos = _LAYOUT[spec.key]
    dt = a.published
    rng = random.Random(a.id)
    others = [o for o in articles_of(spec.key) if o.id != a.id]
    related = [{"href": base + o.path, "title": o.title, "date": vn_date(o.published)} for o in rng.sample(others, min(3, len(others)))]
    meta_time = jsonld = None
    if spec.key == "vgp":
        meta_time = dt.isoformat().replace("+", "&#x2B;")
        jsonld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                             "headline": a.title.replace("&", "&amp;"), "datePublished": dt.isoformat(),
                             "publisher": {"@type": "Organization", "name": "Báo Điện tử Chính phủ"}}, ensure_ascii=False)
    elif spec.key == "jsportal":
        jsonld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title,
                             "datePublished": dt.isoformat()}, ensure_ascii=False)
    canonical = base + a.path
    paragraphs = [_variant_text(a, p) for p in a.body] + ([added] if added else [])
    files = [{**f, "href": base + UPLOAD_PREFIX + f["file"]} for f in a.attachments]
    attach_class, attach_heading = _ATTACH_BOX[spec.key]
    html = render(
        "article", a=a, charset="windows-1258" if a.encoding == "windows-1258" else "utf-8",
        generator="NukeViet v4.5" if spec.key == "nukeviet" else None,
        page_title=f"{a.title} - {spec.name}", feeds=[], site_name=spec.name, owner=spec.owner,
        cds_url="/", news_url="/", section=CATEGORY_NAMES.get(a.category, a.category), sidebar=related[:2],
        canonical=canonical if variant in ("amp", "print") or spec.key in ("vgp", "newspaper") else None,
        amphtml=base + "/amp" + a.path if a.amp and not variant else None,
        meta_time=meta_time, jsonld=jsonld, article_class=container, body_class=body_cls,
        lead_tag=lead_tag, lead_class=lead_cls, lead=_variant_text(a, a.lead), date_class=date_cls,
        date_position=date_pos, date_html=_date_html(spec.key, dt), paragraphs=paragraphs,
        split=max(1, len(paragraphs) // 2), related=related, author=_variant_text(a, a.author),
        credit=a.source_credit, files=files, attach_class=attach_class, attach_heading=attach_heading,
        new_documents=[{"href": base + UPLOAD_PREFIX + f, "label": t} for t, f in NEW_DOCUMENTS],
        end_comment=f"<!-- {dt:%d/%m/%Y %H:%M} -->" if spec.key == "vgp" else "",
    )
    if a.eth:
        html = html.replace(f">{a.title}</h1>", f">{_variant_text(a, a.title)}</h1>")
    if a.script_body and scripts:
        start = html.index(f'<div class="{body_cls}" data-role="content">')
        end = html.index("</article>", start)
        html = html[:start] + SCRIPT_BODY.format(id=a.number) + html[end:]
    return _html_response(html, a.encoding, dt)


def _html_response(html: str, encoding: str, last_modified: datetime | None) -> Response:
    if encoding == "windows-1258":
        return Response(body=to_cp1258(html), content_type="text/html; charset=windows-1258", last_modified=last_modified)
    return Response(body=html.encode("utf-8"), last_modified=last_modified)


def _items(spec: SiteSpec, base: str, arts: list[MirrorArticle]) -> list[str]:
    out = []
    for a in arts:
        dt = a.published
        us = f"{dt.month}/{dt.day}/{dt.year} {dt:%I:%M:%S %p}"
        tpl = "item_vgp" if spec.key == "vgp" else "item_default"
        href = article_url(base, a, utm=True)
        if spec.key == "vgp" and a.amp:
            href = base + "/amp" + a.path
        out.append(render(tpl, a=a, href=href, us_time=us, vn_time=f"{dt:%d/%m/%Y %H:%M}", sapo=a.lead[:160]))
    return out


def _listing_page(spec: SiteSpec, base: str, category: str, page: int, next_href: str | None, **extra) -> Response:
    arts = articles_of(spec.key, category)
    chunk = arts[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    if spec.key == "jsportal":
        chunk = []          # filled by script from the zone API
    feeds = [f"{base}/{category}.rss"] if spec.key == "vgp" else []
    if spec.key == "nukeviet":
        feeds = [f"{base}/vi/news/rss/{category}/"]
    sidebar = [{"href": article_url(base, a), "title": a.title, "date": vn_date(a.published)}
               for a in articles_of(spec.key)[:2]]
    if spec.key == "vgp":   # print variants linked from a "most read" box
        sidebar += [{"href": base + "/print" + a.path, "title": a.title, "date": vn_date(a.published)}
                    for a in arts if a.print]
    html = render("listing", charset="utf-8", generator="NukeViet v4.5" if spec.key == "nukeviet" else None,
                  page_title=f"{CATEGORY_NAMES.get(category, category)} - {spec.name}", feeds=feeds,
                  site_name=spec.name, owner=spec.owner, cds_url="/", news_url="/",
                  section=CATEGORY_NAMES.get(category, category), sidebar=sidebar,
                  items=_items(spec, base, chunk), next_href=next_href,
                  list_class="box-stream" if spec.key == "vgp" else "list-news", **extra)
    newest = arts[0].published if arts else None
    return Response(body=html.encode("utf-8"), last_modified=newest)


def _pages(spec: SiteSpec, category: str) -> int:
    n = len(articles_of(spec.key, category))
    return max(1, -(-n // PAGE_SIZE))


def rss(base: str, arts: list[MirrorArticle], title: str, link_amp: bool = False) -> Response:
    items = []
    for a in arts:
        href = base + ("/amp" + a.path if link_amp and a.amp else a.path)
        items.append(f"<item><title>{xml_escape(a.title)}</title><link>{xml_escape(href)}</link>"
                     f"<description><![CDATA[{a.lead}]]></description>"
                     f"<pubDate>{format_datetime(a.published)}</pubDate><guid>{xml_escape(href)}</guid></item>")
    body = (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{xml_escape(title)}</title>'
            f"<link>{base}/</link>{''.join(items)}</channel></rss>")
    return Response(body=body.encode("utf-8"), content_type="application/rss+xml; charset=utf-8",
                    last_modified=arts[0].published if arts else None)


def _sitemap(base: str, path: str, spec: SiteSpec) -> Response | None:
    arts = articles_of(spec.key)
    if path == "/sitemap.xml":
        body = ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<sitemap><loc>{base}/sitemap-news.xml</loc></sitemap>"
                f"<sitemap><loc>{base}/sitemap-pages.xml</loc></sitemap></sitemapindex>")
    elif path == "/sitemap-news.xml":
        urls = "".join(
            f"<url><loc>{xml_escape(base + a.path)}</loc><news:news><news:publication><news:name>{xml_escape(spec.name)}"
            f"</news:name><news:language>vi</news:language></news:publication><news:publication_date>"
            f"{a.published.isoformat()}</news:publication_date><news:title>{xml_escape(a.title)}</news:title>"
            f"</news:news></url>" for a in arts)
        body = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>')
    elif path == "/sitemap-pages.xml":
        body = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{base}/gioi-thieu</loc></url><url><loc>{base}/lien-he</loc></url></urlset>")
    else:
        return None
    return Response(body=body.encode("utf-8"), content_type="application/xml; charset=utf-8",
                    last_modified=arts[0].published if arts else None)


ROBOTS = {
    "default": "User-agent: *\nDisallow: /admin/\nDisallow: /tim-kiem\n",
    "sitemap": "\ufeffUser-agent: *\nDisallow: /admin/\n\nSitemap: {base}/sitemap.xml\n",
}


def route(spec: SiteSpec, base: str, method: str, target: str, headers: dict[str, str], body: bytes,
          edits: dict[str, str] | None = None) -> Response:
    """Answer one request for a site; everything not known is a 404 page. `edits` maps article ids
    to a paragraph the portal has since added (tests of re-checks and versions)."""
    edits = edits or {}
    parts = urlsplit(target)
    path, query = parts.path, parse_qs(parts.query)
    if path.startswith(UPLOAD_PREFIX) and len(path) > len(UPLOAD_PREFIX):
        return upload_response(path)
    if path == "/robots.txt":
        text = ROBOTS.get(spec.key, ROBOTS["default"]).format(base=base)
        return Response(body=text.encode("utf-8"), content_type="text/plain; charset=utf-8")
    by_path = {urlsplit(a.path).path + (("?" + urlsplit(a.path).query) if "?" in a.path else ""): a for a in articles_of(spec.key)}
    full = path + ("?" + parts.query if parts.query else "")
    clean_full = path + ("?nid=" + query["nid"][0] if "nid" in query else "")
    for variant, prefix in (("amp", "/amp"), ("print", "/print")):
        if path.startswith(prefix + "/") and (path[len(prefix):] in by_path):
            art = by_path[path[len(prefix):]]
            return render_article(spec, base, art, variant, added=edits.get(art.id, ""))
    if clean_full in by_path or full in by_path:
        art = by_path.get(clean_full) or by_path[full]
        return render_article(spec, base, art, added=edits.get(art.id, ""))
    from mirror import routes_site
    resp = routes_site.site_route(spec, base, method, path, query, headers, body)
    if resp is not None:
        return resp
    smap = _sitemap(base, path, spec) if spec.key == "sitemap" else None
    if smap is not None:
        return smap
    return Response(status=404, body="<html><body><h1>404 - Không tìm thấy trang</h1></body></html>".encode("utf-8"),
                    cacheable=False)


__all__ = ["SITES", "SiteSpec", "Response", "route", "render_article", "rss", "load_articles", "_listing_page",
           "_pages", "PAGE_SIZE", "article_url"]
