"""What every portal archetype of the mirror shares: its data (class attributes of Archetype) and
the renderer they all use (article pages and their variants, listings, feeds, uploads, robots.txt,
404). An archetype module (mirror/archetypes/<key>.py) sets its data and overrides the few hooks
where its portal differs: URL shape, date markup, head metadata, its own listing routes."""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape as xml_escape

from mirror.content import MirrorArticle
from mirror.encoding import to_cp1258
from mirror.templates import render

PAGE_SIZE = 4
CATEGORIES = ("chuyen-doi-so", "thoi-su")
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
CATEGORY_NAMES = {"chuyen-doi-so": "Chuyển đổi số", "thoi-su": "Thời sự"}
ROBOTS = "User-agent: *\nDisallow: /admin/\nDisallow: /tim-kiem\n"
NOT_FOUND = "<html><body><h1>404 - Không tìm thấy trang</h1></body></html>".encode("utf-8")

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
SCRIPT_BODY = """<div id="article-body" class="news-content" data-id="{id}"></div>
<script>fetch('/api/Article/Detail?id={id}').then(function(r){{return r.json()}}).then(function(d){{
  var box=document.getElementById('article-body');
  d.paragraphs.forEach(function(t){{var p=document.createElement('p');p.textContent=t;box.appendChild(p);}});
}});</script>"""


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: datetime | None = None
    cacheable: bool = True


@dataclass
class Request:
    method: str
    path: str                  # without the query
    query: dict[str, list[str]]
    target: str                # path and query as requested
    headers: dict[str, str]    # lower-case names
    body: bytes = b""

    @classmethod
    def of(cls, method: str, target: str, headers: dict[str, str] | None = None, body: bytes = b"") -> "Request":
        parts = urlsplit(target)
        return cls(method, parts.path, parse_qs(parts.query), target, headers or {}, body)


@dataclass
class Site:
    """An archetype as served: its base URL, its articles (newest first) and the edits made to
    them since publication (article id -> an added paragraph: tests of re-checks and versions)."""
    archetype: "Archetype"
    base: str
    articles: list[MirrorArticle] = field(default_factory=list)
    edits: dict[str, str] = field(default_factory=dict)

    def of(self, category: str | None = None) -> list[MirrorArticle]:
        return [a for a in self.articles if category is None or a.category == category]


@dataclass(frozen=True)
class Layout:
    """Where an article page puts its parts (class names as the real platform writes them)."""
    container: str
    body: str
    lead_tag: str
    lead_class: str
    date_class: str
    date_position: str            # "before" or "after" the title
    attach_class: str             # the attachments box under the body, and its heading
    attach_heading: str


def vn_date(dt: datetime) -> str:
    return f"{dt:%d/%m/%Y}"


def upload_response(path: str) -> Response:
    ext = path.rsplit(".", 1)[-1].lower()
    return Response(body=TINY_PDF, content_type=UPLOAD_TYPES.get(ext, "application/octet-stream"))


def variant_text(a: MirrorArticle, text: str) -> str:
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


def html_response(html: str, encoding: str, last_modified: datetime | None) -> Response:
    if encoding == "windows-1258":
        return Response(body=to_cp1258(html), content_type="text/html; charset=windows-1258", last_modified=last_modified)
    return Response(body=html.encode("utf-8"), last_modified=last_modified)


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


def page_no(query: dict, key: str) -> int:
    """A listing's page number from the query (1 when absent), 0 when it is not a number."""
    try:
        return max(1, int(query.get(key, ["1"])[0]))
    except ValueError:
        return 0


class Archetype:
    """One portal archetype of the mirror: its data (these class attributes) and one renderer
    (these methods). A subclass in mirror/archetypes/<key>.py is the whole archetype; the
    registry (mirror/archetypes/__init__.py) finds it there."""

    key: str = ""
    name: str = ""                 # the site's name, shown in its pages and in the source config
    address: str = ""              # a loopback address of its own, so each site is its own host
    platform: str = ""
    owner: str = ""                # "Cơ quan chủ quản" in the footer
    scope: str = "province"        # national | province (the source config's scope)
    layout: Layout
    generator: str | None = None   # <meta name="generator">
    canonical_always: bool = False   # every article page names its canonical URL (else only AMP/print)
    list_class: str = "list-news"
    robots: str = ROBOTS           # robots.txt ({base} is the site's base URL)
    # where a crawler starts (paths; the server adds the base URL), and other source settings
    start_urls: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()     # the menu's "Chuyển đổi số" and "Thời sự" links (else "/"): from
                                       # the homepage alone a crawler reaches every category this way
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    source_extra: dict = {}
    has_articles = True            # its pages are rendered from the content articles

    # --- the hooks where archetypes differ ------------------------------------------------------
    def path_for(self, a: MirrorArticle) -> str:
        """The article's path (and query) on this site: the platform's URL shape."""
        raise NotImplementedError

    def date_html(self, dt: datetime) -> str:
        return f'<span class="date">{dt:%d/%m/%Y}</span>'

    def head(self, a: MirrorArticle) -> tuple[str | None, str | None]:
        """(article:published_time meta value, JSON-LD) of an article page, where the platform has them."""
        return None, None

    def end_comment(self, a: MirrorArticle) -> str:
        return ""

    def listing_feeds(self, base: str, category: str) -> list[str]:
        """Feeds a listing page links with <link rel=alternate>."""
        return []

    def listing_sidebar(self, site: Site, arts: list[MirrorArticle]) -> list[dict]:
        """The "Xem nhiều" box of a listing page: the site's two newest articles."""
        return [{"href": article_url(site.base, a), "title": a.title, "date": vn_date(a.published)}
                for a in site.articles[:2]]

    def listed(self, chunk: list[MirrorArticle]) -> list[MirrorArticle]:
        """The articles a listing page carries in its HTML."""
        return chunk

    def item(self, site: Site, a: MirrorArticle) -> str:
        """One article of a listing."""
        return render("item_default", **self._item_ctx(a, article_url(site.base, a, utm=True)))

    def routes(self, site: Site, req: Request) -> Response | None:
        """This archetype's own pages (listings, paging, feeds, APIs); None: not one of them."""
        return None

    def home_page(self, site: Site) -> Response:
        """The homepage: the newest CĐS news (page 1 of the category, without paging)."""
        return self.listing_page(site, "chuyen-doi-so", 1, None)

    def menu(self) -> dict[str, str]:
        cds, news = (list(self.sections) + ["/", "/"])[:2]
        return {"cds_url": cds, "news_url": news}

    # --- the renderer ---------------------------------------------------------------------------
    def serve(self, site: Site, req: Request) -> Response:
        """Answer one request; everything not known is a 404 page."""
        path, query = req.path, req.query
        if path.startswith(UPLOAD_PREFIX) and len(path) > len(UPLOAD_PREFIX):
            return upload_response(path)
        if path == "/robots.txt":
            return Response(body=self.robots.format(base=site.base).encode("utf-8"), content_type="text/plain; charset=utf-8")
        by_path = {urlsplit(a.path).path + (("?" + urlsplit(a.path).query) if "?" in a.path else ""): a
                   for a in site.articles}
        full = req.target if urlsplit(req.target).query else path
        clean_full = path + ("?nid=" + query["nid"][0] if "nid" in query else "")
        for variant, prefix in (("amp", "/amp"), ("print", "/print")):
            if path.startswith(prefix + "/") and (path[len(prefix):] in by_path):
                art = by_path[path[len(prefix):]]
                return self.article_page(site, art, variant, added=site.edits.get(art.id, ""))
        if clean_full in by_path or full in by_path:
            art = by_path.get(clean_full) or by_path[full]
            return self.article_page(site, art, added=site.edits.get(art.id, ""))
        if path in ("/", ""):
            return self.home_page(site)
        resp = self.routes(site, req)
        if resp is not None:
            return resp
        return Response(status=404, body=NOT_FOUND, cacheable=False)

    def article_page(self, site: Site, a: MirrorArticle, variant: str = "", *, scripts: bool = True,
                     added: str = "") -> Response:
        """An article page as the archetype serves it; `added` appends a paragraph (an edited article)."""
        lay, base, dt = self.layout, site.base, a.published
        rng = random.Random(a.id)
        others = [o for o in site.articles if o.id != a.id]
        related = [{"href": base + o.path, "title": o.title, "date": vn_date(o.published)}
                   for o in rng.sample(others, min(3, len(others)))]
        meta_time, jsonld = self.head(a)
        canonical = base + a.path
        paragraphs = [variant_text(a, p) for p in a.body] + ([added] if added else [])
        files = [{**f, "href": base + UPLOAD_PREFIX + f["file"]} for f in a.attachments]
        html = render(
            "article", a=a, charset="windows-1258" if a.encoding == "windows-1258" else "utf-8",
            generator=self.generator,
            page_title=f"{a.title} - {self.name}", feeds=[], site_name=self.name, owner=self.owner,
            **self.menu(), section=CATEGORY_NAMES.get(a.category, a.category), sidebar=related[:2],
            canonical=canonical if variant in ("amp", "print") or self.canonical_always else None,
            amphtml=base + "/amp" + a.path if a.amp and not variant else None,
            meta_time=meta_time, jsonld=jsonld, article_class=lay.container, body_class=lay.body,
            lead_tag=lay.lead_tag, lead_class=lay.lead_class, lead=variant_text(a, a.lead), date_class=lay.date_class,
            date_position=lay.date_position, date_html=self.date_html(dt), paragraphs=paragraphs,
            split=max(1, len(paragraphs) // 2), related=related, author=variant_text(a, a.author),
            credit=a.source_credit, files=files, attach_class=lay.attach_class, attach_heading=lay.attach_heading,
            new_documents=[{"href": base + UPLOAD_PREFIX + f, "label": t} for t, f in NEW_DOCUMENTS],
            end_comment=self.end_comment(a),
        )
        if a.eth:
            html = html.replace(f">{a.title}</h1>", f">{variant_text(a, a.title)}</h1>")
        if a.script_body and scripts:      # the body is left to a script that fetches it
            start = html.index(f'<div class="{lay.body}" data-role="content">')
            end = html.index("</article>", start)
            html = html[:start] + SCRIPT_BODY.format(id=a.number) + html[end:]
        return html_response(html, a.encoding, dt)

    def listing_page(self, site: Site, category: str, page: int, next_href: str | None, **extra) -> Response:
        arts = site.of(category)
        chunk = self.listed(arts[(page - 1) * PAGE_SIZE: page * PAGE_SIZE])
        html = render("listing", charset="utf-8", generator=self.generator,
                      page_title=f"{CATEGORY_NAMES.get(category, category)} - {self.name}",
                      feeds=self.listing_feeds(site.base, category),
                      site_name=self.name, owner=self.owner, **self.menu(),
                      section=CATEGORY_NAMES.get(category, category), sidebar=self.listing_sidebar(site, arts),
                      items=[self.item(site, a) for a in chunk], next_href=next_href,
                      list_class=self.list_class, **extra)
        newest = arts[0].published if arts else None
        return Response(body=html.encode("utf-8"), last_modified=newest)

    def paged(self, site: Site, category: str, page: int, next_href: str) -> Response | None:
        """Page `page` of a category listing, linking `next_href` (a format of the page number)
        while pages remain; None past the end (a 404)."""
        if not page or page > self.pages(site, category):
            return None
        nxt = next_href.format(page + 1) if page < self.pages(site, category) else None
        return self.listing_page(site, category, page, nxt)

    @staticmethod
    def pages(site: Site, category: str) -> int:
        return max(1, -(-len(site.of(category)) // PAGE_SIZE))

    @staticmethod
    def _item_ctx(a: MirrorArticle, href: str) -> dict:
        dt = a.published
        return dict(a=a, href=href, us_time=f"{dt.month}/{dt.day}/{dt.year} {dt:%I:%M:%S %p}",
                    vn_time=f"{dt:%d/%m/%Y %H:%M}", sapo=a.lead[:160])

    # --- what a crawler is told, and what it should find -----------------------------------------
    def source(self, base: str) -> dict:
        """The source definition (a config dict) of this site served at `base`."""
        src = {"id": f"mirror-{self.key}", "name": self.name, "homepage": base + "/",
               "start_urls": [base + p for p in self.start_urls], "feeds": [base + p for p in self.feeds],
               "sitemaps": [base + p for p in self.sitemaps], "render": "http",
               "interval": "30m", "platform": self.platform, "verified": True, "scope": self.scope}
        src.update(self.source_extra)
        return src

    def article_urls(self, site: Site) -> list[str]:
        """The ground truth: every URL of this site that is an article (as the site links it)."""
        return [site.base + a.path for a in site.articles]
