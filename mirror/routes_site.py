"""Per-archetype listing routes: VGP timelines, Liferay/SharePoint/NukeViet/newspaper paging, AJAX zone API."""
from __future__ import annotations

import json

from mirror.archetypes import (
    PAGE_SIZE, Response, SiteSpec, _items, _listing_page, _pages, article_url, articles_of, rss,
)

CATEGORIES = ("chuyen-doi-so", "thoi-su")
JS_PAGE_SIZE = 2       # the zone API pages by two, so a full listing needs "Xem thêm" clicks

# Pages that misbehave in a browser (used by the browser tests and `demo --faults` later).
BROWSER_FAULTS = {
    "/never-settles": "<html><body><h1>Tin tức</h1><div id='news-zone'></div><script>"
                      "setInterval(function(){fetch('/api/ping?'+Date.now())},50);</script></body></html>",
    "/script-error": "<html><body><h1>Tin tức</h1><div id='news-zone'></div><script>"
                     "undefinedFunction(); document.getElementById('news-zone').innerHTML='x';</script></body></html>",
    "/infinite-scroll": "<html><body><h1>Tin tức</h1><div id='news-zone'></div><script>var n=0;function more(){"
                        "for(var i=0;i<5;i++){n++;var a=document.createElement('a');a.href='/vo-tan/bai-'+n+'-4'+(1700000000+n)+'.htm';"
                        "a.textContent='Bài '+n;var d=document.createElement('div');d.style.height='400px';d.appendChild(a);"
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


def _page_no(query: dict, key: str) -> int:
    try:
        return max(1, int(query.get(key, ["1"])[0]))
    except ValueError:
        return 0


def site_route(spec: SiteSpec, base: str, method: str, path: str, query: dict, headers: dict, body: bytes):
    key = spec.key
    if path in ("/", ""):
        return _listing_page(spec, base, "chuyen-doi-so", 1, None)
    if key == "vgp":
        for cat in CATEGORIES:
            if path == f"/{cat}.htm":
                return _listing_page(spec, base, cat, 1, None, zone_id=spec.zone_ids[cat], more_button=True)
            if path == f"/{cat}.rss":
                return rss(base, articles_of(key, cat), cat, link_amp=True)
        if path.startswith("/timelinelist/") and path.endswith(".htm"):
            try:
                zone, page = path[len("/timelinelist/"):-4].split("/")
                zone_i, page_i = int(zone), int(page)
            except ValueError:
                return None
            cat = next((c for c, z in spec.zone_ids.items() if z == zone_i), None)
            if cat is None:
                return None
            arts = articles_of(key, cat)[(page_i - 1) * PAGE_SIZE: page_i * PAGE_SIZE]
            fragment = "\n".join(_items(spec, base, arts))   # bare fragment; empty past the end
            return Response(body=fragment.encode("utf-8"), last_modified=arts[0].published if arts else None)
        return None
    if key == "liferay":
        for cat in CATEGORIES:
            if path == f"/web/guest/{cat}":
                page = _page_no(query, "cur")
                if not page or page > _pages(spec, cat):
                    return None
                nxt = f"/web/guest/{cat}?cur={page + 1}" if page < _pages(spec, cat) else None
                return _listing_page(spec, base, cat, page, nxt)
        return None
    if key == "sharepoint":
        cat = {"82": "chuyen-doi-so", "17": "thoi-su"}.get(query.get("Cat", [""])[0])
        if path == "/Trang/TinTuc.aspx" and cat:
            page = _page_no(query, "Page")
            if not page or page > _pages(spec, cat):
                return None
            catno = query["Cat"][0]
            nxt = f"/Trang/TinTuc.aspx?Cat={catno}&Page={page + 1}" if page < _pages(spec, cat) else None
            return _listing_page(spec, base, cat, page, nxt)
        return None
    if key == "nukeviet":
        for cat in CATEGORIES:
            if path == f"/vi/news/rss/{cat}/":
                return rss(base, articles_of(key, cat), cat)
            prefix = f"/vi/news/{cat}/"
            if path == prefix or (path.startswith(prefix + "page-") and path[len(prefix) + 5:].isdigit()):
                page = int(path[len(prefix) + 5:]) if path != prefix else 1
                if page > _pages(spec, cat):
                    return None
                nxt = f"{prefix}page-{page + 1}" if page < _pages(spec, cat) else None
                return _listing_page(spec, base, cat, page, nxt)
        return None
    if key == "newspaper":
        for cat in CATEGORIES:
            if path in (f"/{cat}/", f"/{cat}"):
                page = _page_no(query, "page")
                if not page or page > _pages(spec, cat):
                    return None
                nxt = f"/{cat}/?page={page + 1}" if page < _pages(spec, cat) else None
                return _listing_page(spec, base, cat, page, nxt)
        return None
    if key == "jsportal":
        if path in BROWSER_FAULTS:
            return Response(body=BROWSER_FAULTS[path].encode("utf-8"), cacheable=False)
        if path == "/api/ping":
            return Response(body=b"{}", content_type="application/json", cacheable=False)
        if path.startswith("/vo-tan/"):
            return Response(body=b"<html><body><h1>Trang</h1><p>ngan</p></body></html>", cacheable=False)
        if path == "/api/Article/Detail":
            wanted = query.get("id", [""])[0]
            art = next((a for a in articles_of(key) if str(a.number) == wanted), None)
            if art is None:
                return Response(status=404, body=b'{"error":"not found"}', content_type="application/json", cacheable=False)
            return Response(body=json.dumps({"paragraphs": art.body}, ensure_ascii=False).encode("utf-8"),
                            content_type="application/json; charset=utf-8", cacheable=False)
        if path == "/static/zone.js":
            return Response(body=ZONE_JS.encode("utf-8"), content_type="application/javascript")
        for cat in CATEGORIES:
            if path == f"/{cat}":
                return _listing_page(spec, base, cat, 1, None, js_listing=cat)
        if path == "/api/NewsZone/NewsZone":
            if method != "POST" or headers.get("x-requested-with", "").lower() != "xmlhttprequest":
                return Response(status=403, body=b'{"error":"forbidden"}', content_type="application/json", cacheable=False)
            try:
                req = json.loads(body or b"{}")
                cat, page = str(req.get("zone")), int(req.get("page", 1))
            except (ValueError, TypeError):
                return Response(status=400, body=b'{"error":"bad request"}', content_type="application/json", cacheable=False)
            arts = articles_of(key, cat)
            chunk = arts[(page - 1) * JS_PAGE_SIZE: page * JS_PAGE_SIZE]
            data = {"items": [{"url": article_url(base, a), "title": a.title} for a in chunk],
                    "more": page * JS_PAGE_SIZE < len(arts)}
            return Response(body=json.dumps(data, ensure_ascii=False).encode("utf-8"),
                            content_type="application/json; charset=utf-8", cacheable=False)
        return None
    return None


def entry_points(key: str) -> dict[str, list[str]]:
    """Where a crawler starts on each archetype (paths; the server adds its base URL)."""
    return {
        "vgp": {"start_urls": ["/chuyen-doi-so.htm", "/thoi-su.htm"], "feeds": ["/chuyen-doi-so.rss"], "sitemaps": []},
        "liferay": {"start_urls": ["/web/guest/chuyen-doi-so", "/web/guest/thoi-su"], "feeds": [], "sitemaps": []},
        "sharepoint": {"start_urls": ["/Trang/TinTuc.aspx?Cat=82", "/Trang/TinTuc.aspx?Cat=17"], "feeds": [], "sitemaps": []},
        "nukeviet": {"start_urls": ["/vi/news/thoi-su/"], "feeds": ["/vi/news/rss/chuyen-doi-so/"], "sitemaps": []},
        "newspaper": {"start_urls": ["/chuyen-doi-so/", "/thoi-su/"], "feeds": [], "sitemaps": []},
        "sitemap": {"start_urls": [], "feeds": [], "sitemaps": ["/robots.txt"]},
        "jsportal": {"start_urls": ["/chuyen-doi-so", "/thoi-su"], "feeds": [], "sitemaps": []},
    }[key]
