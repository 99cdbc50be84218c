"""A script-driven city portal (Hà Nội): listings filled by an AJAX zone API behind a "Xem thêm"
button (a browser is needed), JSON-LD dates, some article bodies fetched by script, and pages that
misbehave in a browser (never settling, script errors, infinite scroll)."""
from __future__ import annotations

import json

from mirror.archetypes.base import CATEGORIES, Archetype, Layout, Request, Response, Site, article_url
from mirror.content import MirrorArticle

JS_PAGE_SIZE = 2       # the zone API pages by two, so a full listing needs "Xem thêm" clicks

# Pages that misbehave in a browser (used by the browser tests and `demo --faults` later).
BROWSER_FAULTS = {
    "/never-settles": "<html><body><h1>Tin tức</h1><div id='news-zone'></div><script>"
                      "setInterval(function(){fetch('/api/ping?'+Date.now())},50);</script></body></html>",
    "/script-error": "<html><body><h1>Tin tức</h1><div id='news-zone'></div><script>"
                     "undefinedFunction(); document.getElementById('news-zone').innerHTML='x';</script></body></html>",
    "/infinite-scroll": "<html><body><h1>Tin tức</h1><div id='news-zone'></div><script>var n=0;function more(){"
                        "for(var i=0;i<5;i++){n++;var a=document.createElement('a');a.href='/vo-tan/bai-'+n+'-4'+(1700000000+n)+'.htm';"
                        "a.textContent='Tin chuyển đổi số ở cơ sở, bài số '+n;var d=document.createElement('div');d.style.height='400px';d.appendChild(a);"
                        "document.getElementById('news-zone').appendChild(d);}}more();"
                        "window.addEventListener('scroll',function(){if(window.innerHeight+window.scrollY>=document.body.offsetHeight-50)more();});"
                        "</script></body></html>",
}

ZONE_JS = """(function(){
  var box = document.getElementById('news-zone'); if(!box) return;
  var page = 1;
  function load(){
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/NewsZone/NewsZone');
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    xhr.onload = function(){
      var data = JSON.parse(xhr.responseText);
      data.items.forEach(function(it){
        var d = document.createElement('div'); d.className = 'news-item';
        var a = document.createElement('a'); a.href = it.url; a.textContent = it.title;
        d.appendChild(a); box.appendChild(d);
      });
      if (data.more) { var b = document.getElementById('more') || document.createElement('button');
        b.id = 'more'; b.textContent = 'Xem thêm'; b.onclick = function(){ page += 1; load(); };
        box.parentNode.appendChild(b); } else { var m = document.getElementById('more'); if (m) m.remove(); }
    };
    xhr.send(JSON.stringify({zone: box.dataset.zone, token: box.dataset.token, page: page}));
  }
  load();
})();"""


class JsPortal(Archetype):
    key = "jsportal"
    name = "Cổng GTĐT thành phố Hà Nội (bản mô phỏng)"
    address = "127.0.0.17"
    platform = "custom"
    owner = "UBND thành phố Hà Nội"
    layout = Layout("news-detail", "news-content", "div", "lead", "date-box", "after", "attachments", "File đính kèm")
    start_urls = ("/chuyen-doi-so", "/thoi-su")
    sections = ('/chuyen-doi-so', '/thoi-su')
    source_extra = {"render": "browser", "wait_for": "#news-zone .news-item", "click_more": "#more", "max_clicks": 5,
                    "render_articles": True}

    def path_for(self, a: MirrorArticle) -> str:
        return f"/{a.category}/{a.slug}-4{int(a.published.timestamp())}.htm"

    def head(self, a: MirrorArticle) -> tuple[str | None, str | None]:
        return None, json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title,
                                 "datePublished": a.published.isoformat()}, ensure_ascii=False)

    def home_page(self, site: Site) -> Response:
        return self.listing_page(site, "chuyen-doi-so", 1, None, js_listing="chuyen-doi-so")

    def listed(self, chunk: list[MirrorArticle]) -> list[MirrorArticle]:
        return []          # filled by script from the zone API

    def routes(self, site: Site, req: Request) -> Response | None:
        path, query = req.path, req.query
        if path in BROWSER_FAULTS:
            return Response(body=BROWSER_FAULTS[path].encode("utf-8"), cacheable=False)
        if path == "/api/ping":
            return Response(body=b"{}", content_type="application/json", cacheable=False)
        if path.startswith("/vo-tan/"):
            return Response(body=b"<html><body><h1>Trang</h1><p>ngan</p></body></html>", cacheable=False)
        if path == "/api/Article/Detail":
            wanted = query.get("id", [""])[0]
            art = next((a for a in site.articles if str(a.number) == wanted), None)
            if art is None:
                return Response(status=404, body=b'{"error":"not found"}', content_type="application/json", cacheable=False)
            return Response(body=json.dumps({"paragraphs": art.body}, ensure_ascii=False).encode("utf-8"),
                            content_type="application/json; charset=utf-8", cacheable=False)
        if path == "/static/zone.js":
            return Response(body=ZONE_JS.encode("utf-8"), content_type="application/javascript")
        for cat in CATEGORIES:
            if path == f"/{cat}":
                return self.listing_page(site, cat, 1, None, js_listing=cat)
        if path == "/api/NewsZone/NewsZone":
            return self.zone_api(site, req)
        return None

    @staticmethod
    def zone_api(site: Site, req: Request) -> Response:
        if req.method != "POST" or req.headers.get("x-requested-with", "").lower() != "xmlhttprequest":
            return Response(status=403, body=b'{"error":"forbidden"}', content_type="application/json", cacheable=False)
        try:
            data = json.loads(req.body or b"{}")
            cat, page = str(data.get("zone")), int(data.get("page", 1))
        except (ValueError, TypeError):
            return Response(status=400, body=b'{"error":"bad request"}', content_type="application/json", cacheable=False)
        arts = site.of(cat)
        chunk = arts[(page - 1) * JS_PAGE_SIZE: page * JS_PAGE_SIZE]
        data = {"items": [{"url": article_url(site.base, a), "title": a.title} for a in chunk],
                "more": page * JS_PAGE_SIZE < len(arts)}
        return Response(body=json.dumps(data, ensure_ascii=False).encode("utf-8"),
                        content_type="application/json; charset=utf-8", cacheable=False)


ARCHETYPE = JsPortal()
