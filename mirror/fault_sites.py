"""The fault sites: what each broken or hostile portal does, as a small handler per site."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
import time

from mirror.fault_pages import (
    CHALLENGE, article_page, entity_bomb_feed, entity_bomb_sitemap, gzip_bomb, huge_sitemap, huge_sitemap_gz,
    listing_page, pdf_bytes,
)

MB = 1_000_000
HUGE_PAGE_BYTES = 50 * MB
HUGE_SITEMAP_BYTES = 200 * MB
PDF_BYTES = 16 * MB          # below max_page_bytes: only the attachment stop can explain a short read
HOPS = 30
ALLOW_ALL = b"User-agent: *\nAllow: /\n"


@dataclass(frozen=True)
class FaultSite:
    key: str
    what: str                          # the fault, in a few words
    expect: str                        # what dxwatch does about it (docs/reliability.md says more)
    handler: Callable                  # (ctx, path, query) -> None
    entries: dict = field(default_factory=lambda: {"start_urls": ["/tin-tuc"]})
    source_extra: dict = field(default_factory=dict)
    status: str = "ok"                 # the source's crawl status dxwatch should report: ok | partial | failed
    blocked: bool = False              # ... and whether it should mark the source blocked


def good(n: int) -> str:
    return f"/tin/bai-tot-{n}.html"


def _common(ctx, key: str, path: str) -> None:
    """What every fault site serves normally: robots.txt, its good articles, 404 otherwise."""
    if path == "/robots.txt":
        ctx.send(200, ALLOW_ALL, "text/plain")
    elif path.startswith("/tin/bai-tot-") and path.endswith(".html") and path[13:-5].isdigit():
        ctx.send(200, article_page(key, int(path[13:-5])))
    else:
        ctx.send(404, b"<h1>404 Not Found</h1>")


def _listing(ctx, n: int, extra_links=(), extra_html: str = "") -> None:
    ctx.send(200, listing_page([(good(n), f"Bài tốt số {n}"), *extra_links], extra_html))


def article_fault(key: str, n: int, slug: str, fault: Callable, what: str, expect: str,
                  status: str = "partial") -> FaultSite:
    """A sound listing linking one good article and one article whose page carries the fault."""
    bad = f"/tin/{slug}-{n + 1}.html"

    def handler(ctx, path, query):
        if path == "/tin-tuc":
            _listing(ctx, n, [(bad, "Bài có lỗi")])
        elif path == bad:
            fault(ctx, n + 1)
        else:
            _common(ctx, key, path)
    return FaultSite(key, what, expect, handler, status=status)


def entry_fault(key: str, fault: Callable, what: str, expect: str, n: int, status: str = "failed") -> FaultSite:
    """The listing itself carries the fault (`fault` returns True when it let the request through)."""
    def handler(ctx, path, query):
        if path == "/tin-tuc":
            if not fault(ctx):
                _listing(ctx, n)
        else:
            _common(ctx, key, path)
    return FaultSite(key, what, expect, handler, status=status)


# --- entry-level faults ------------------------------------------------------------------------

def _http500(ctx) -> bool:
    ctx.send(500, b"<h1>500 Internal Server Error</h1>")
    return True


def _http503_twice(ctx) -> bool:
    if ctx.hits <= 2:
        ctx.send(503, b"<h1>503 Service Unavailable</h1>", headers={"Retry-After": "2"})
        return True
    return False


def _reset(ctx) -> bool:
    ctx.reset()
    return True


def _hang(ctx) -> bool:
    ctx.hang()
    return True


# --- article-level faults ----------------------------------------------------------------------

def _drip(ctx, n):
    ctx.drip(article_page("drip", n))


def _truncated(ctx, n):
    body = article_page("truncated", n)
    ctx.send(200, body[: len(body) // 2], length=len(body))


def _lying_length(ctx, n):
    ctx.send(200, article_page("lying-length", n), length=64)


def _gzip_bomb(ctx, n):
    ctx.send(200, gzip_bomb(), headers={"Content-Encoding": "gzip"})


def _huge_page(ctx, n):
    para = ("<p>" + "Dữ liệu mở của tỉnh được cập nhật liên tục. " * 40 + "</p>\n").encode("utf-8")
    ctx.stream((b"<html><body>" if i == 0 else para for i in range(HUGE_PAGE_BYTES // len(para) + 1)),
               "text/html; charset=utf-8")


def _pdf(ctx, n):
    ctx.stream(pdf_bytes(PDF_BYTES), "application/pdf", {"Content-Disposition": "inline; filename=bao-cao.pdf"},
               length=PDF_BYTES)


def _http429(ctx, path, query):
    if path == "/tin-tuc":
        _listing(ctx, 7_012_000, [("/tin/cho-doi-7012001.html", "Chờ đợi"), ("/tin/qua-tai-7012002.html", "Quá tải")])
    elif path == "/tin/cho-doi-7012001.html" and ctx.hits == 1:     # an HTTP-date three seconds ahead
        ctx.send(429, b"<h1>429 Too Many Requests</h1>", headers={"Retry-After": formatdate(time.time() + 3, usegmt=True)})
    elif path == "/tin/cho-doi-7012001.html":
        ctx.send(200, article_page("http429", 7_012_001))
    elif path == "/tin/qua-tai-7012002.html":
        ctx.send(429, b"<h1>429 Too Many Requests</h1>", headers={"Retry-After": "3600"})
    elif path == "/thong-bao":           # answers a second after the 429: its article is found while the pause holds
        hits, end = ctx.h.server.hits, time.monotonic() + 10    # type: ignore[attr-defined]
        while hits["/tin/cho-doi-7012001.html"] < 1 and time.monotonic() < end:
            time.sleep(0.05)
        time.sleep(1.0)
        ctx.send(200, listing_page([("/tin/thong-bao-7012003.html", "Thông báo")]))
    elif path == "/tin/thong-bao-7012003.html":
        ctx.send(200, article_page("http429", 7_012_003))
    else:
        _common(ctx, "http429", path)


# --- navigation traps --------------------------------------------------------------------------

def _redirects(ctx, path, query):
    if path == "/loop":
        ctx.send(302, headers={"Location": "/loop"})
    elif path in ("/ping", "/pong"):
        ctx.send(302, headers={"Location": "/pong" if path == "/ping" else "/ping"})
    elif path.startswith("/hop/") and path[5:].isdigit() and int(path[5:]) < HOPS:
        ctx.send(302, headers={"Location": f"/hop/{int(path[5:]) + 1}"})
    elif path == f"/hop/{HOPS}":
        _listing(ctx, 7_013_000)
    else:
        _common(ctx, "redirect-loop", path)


def _endless(ctx, path, query):
    """?page=N answers for every N; past page 3 it repeats page 3 (a CMS that ignores the end)."""
    if path != "/tin-tuc":
        return _common(ctx, "endless-pages", path)
    try:
        page = max(1, int(query.get("page", ["1"])[0]))
    except ValueError:
        page = 1
    q = min(page, 3)
    links = [(good(7_014_000 + 2 * q + i), f"Bài {q}.{i}") for i in range(2)]
    ctx.send(200, listing_page(links, f'<div class="paging"><a href="/tin-tuc?page={page + 1}">Trang sau</a></div>'))


def _calendar(ctx, path, query):
    """A month view with a link to every day and to the next and previous month, forever."""
    if path != "/lich-cong-tac":
        return _common(ctx, "calendar", path)
    try:
        year, month = (int(x) for x in query.get("thang", ["2024-05"])[0].split("-")[:2])
    except ValueError:
        year, month = 2024, 5
    nxt = f"{year + month // 12}-{month % 12 + 1:02d}"
    prv = f"{year - (month == 1)}-{(month - 2) % 12 + 1:02d}"
    days = [(f"/lich-cong-tac?ngay={year}-{month:02d}-{d:02d}", f"{d}") for d in range(1, 29)]
    extra = (f'<div class="cal-nav"><a href="/lich-cong-tac?thang={prv}">‹</a> Tháng {month}/{year} '
             f'<a href="/lich-cong-tac?thang={nxt}">›</a></div>')
    ctx.send(200, listing_page([(good(7_015_001), "Lịch công tác tuần"), *days], extra))


# --- blocking ----------------------------------------------------------------------------------

def _challenge(ctx, path, query):
    """robots.txt comes through; every page is an interstitial (503, as Cloudflare's "I'm Under Attack")."""
    if path == "/robots.txt":
        return _common(ctx, "challenge", path)
    ctx.send(503, CHALLENGE, headers={"Server": "cloudflare", "cf-mitigated": "challenge",
                                      "Cache-Control": "private, max-age=0, no-store"})


def _cookie_gate(ctx, path, query):
    """Every URL 302s to itself, setting a cookie, until the request carries that cookie."""
    if ctx.cookies.get("dx_gate") != "ok":
        target = ctx.h.path
        ctx.send(302, headers={"Location": target, "Set-Cookie": "dx_gate=ok; Path=/; HttpOnly"})
    elif path == "/tin-tuc":
        _listing(ctx, 7_016_000)
    else:
        _common(ctx, "cookie-gate", path)


def _robots(body: bytes | None, key: str, n: int):
    def handler(ctx, path, query):
        if path == "/robots.txt":
            if body is None:
                ctx.send(500, b"<h1>500 Internal Server Error</h1>")
            else:
                ctx.send(200, body, "text/plain")
        elif path == "/tin-tuc":
            _listing(ctx, n)
        else:
            _common(ctx, key, path)
    return handler


# --- feeds and sitemaps ------------------------------------------------------------------------

def _xml_bomb(ctx, path, query):
    links = [good(7_019_001), good(7_019_002)]
    if path == "/rss.xml":
        ctx.send(200, entity_bomb_feed(ctx.base, links), "application/rss+xml; charset=utf-8")
    elif path == "/sitemap.xml":
        ctx.send(200, entity_bomb_sitemap(ctx.base, links), "application/xml; charset=utf-8")
    else:
        _common(ctx, "xml-bomb", path)


def _huge_sitemap(ctx, path, query):
    if path == "/sitemap.xml":
        ctx.stream(huge_sitemap(ctx.base, HUGE_SITEMAP_BYTES), "application/xml; charset=utf-8")
    elif path == "/sitemap.xml.gz":
        ctx.stream(huge_sitemap_gz(ctx.base, HUGE_SITEMAP_BYTES), "application/x-gzip")
    else:
        _common(ctx, "huge-sitemap", path)


# --- the broken pages of issue #2 ----------------------------------------------------------------

_BROKEN = {
    "/tin/bai-hong-1234567.html": (b"<html><body><div><p>Chuy\xe1\xbb\x83n <b><i>" + b"<div>" * 300, "text/html"),
    "/tin/nhi-phan-1234568.html": (bytes(range(256)) * 40, "text/html"),
    "/tin/tai-lieu-1234569.html": (b"%PDF-1.4 fake", "application/pdf"),
    "/tin/trang-trong-1234570.html": (b"", "text/html"),
}


def _broken(ctx, path, query):
    if path == "/tin-tuc":
        _listing(ctx, 1_234_571, [(p, "Bài lỗi") for p in _BROKEN])
    elif path in _BROKEN:
        body, ctype = _BROKEN[path]
        ctx.send(200, body, ctype)
    else:
        _common(ctx, "broken-pages", path)


FAULTS: dict[str, FaultSite] = {s.key: s for s in (
    entry_fault("http500", _http500, "HTTP 500 on every request",
                "retried with growing backoff, then the source fails with 'HTTP 500'", 7_001_000),
    entry_fault("http503", _http503_twice, "HTTP 503 with Retry-After: 2, twice",
                "waits as asked, retries, then crawls the source", 7_002_000, status="ok"),
    FaultSite("http429", "HTTP 429 with Retry-After (an HTTP-date; and 3600 s)",
              "waits for a short Retry-After, and sends nothing else to that host meanwhile; "
              "a wait beyond the cap is not retried this crawl", _http429,
              {"start_urls": ["/tin-tuc", "/thong-bao"]}, status="partial"),
    entry_fault("reset", _reset, "connection reset (TCP RST)",
                "retried, then fails with 'connection reset'", 7_004_000),
    entry_fault("never-starts", _hang, "a response that never starts",
                "download timeout, retried, then fails with 'timed out'", 7_005_000),
    article_fault("drip", 7_006_000, "nho-giot", _drip, "an article dripping one byte a second",
                  "download timeout on that article; the rest of the source is crawled"),
    article_fault("truncated", 7_007_000, "cat-cut", _truncated, "an article cut before its Content-Length",
                  "the truncated article is not stored ('truncated'); the rest is"),
    article_fault("lying-length", 7_008_000, "do-dai-sai", _lying_length, "Content-Length: 64 for a 2 KB article",
                  "reads the 64 bytes it was promised: no article body, skipped", status="ok"),
    article_fault("gzip-bomb", 7_009_000, "nen-bom", _gzip_bomb, "gzip bomb (1 MB inflating to 1 GiB)",
                  "decompression stops at max_page_bytes; the page is dropped"),
    article_fault("huge-page", 7_010_000, "trang-khong-lo", _huge_page, "a 50 MB article page",
                  "download cancelled at max_page_bytes"),
    FaultSite("redirect-loop", "redirect loop and a 30-hop redirect chain",
              "cut after 10 redirects; the source fails with 'more than 10 redirects'", _redirects,
              {"start_urls": ["/loop", "/hop/1"]}, status="failed"),
    FaultSite("endless-pages", "?page=N answers for every N (repeating itself)",
              "pagination stops when a page repeats the last, and always at max_pages", _endless),
    FaultSite("calendar", "calendar trap: every month links to the next, forever",
              "day links are not articles; month paging stops when a page brings nothing new", _calendar,
              {"start_urls": ["/lich-cong-tac"]}),
    FaultSite("challenge", "'Just a moment...' challenge page (Cloudflare-like, 503)",
              "the source is marked blocked, one line; nothing retried", _challenge,
              {"start_urls": ["/tin-tuc"], "feeds": ["/rss"], "sitemaps": ["/sitemap.xml"]},
              status="failed", blocked=True),
    FaultSite("cookie-gate", "302 to itself while setting a cookie",
              "keeps the cookie and crawls the site", _cookie_gate),
    FaultSite("robots-500", "robots.txt answers 500",
              "RFC 9309: treated as disallow-all for this crawl; the source fails, asked again next crawl",
              _robots(None, "robots-500", 7_017_000), status="failed"),
    FaultSite("robots-disallow", "robots.txt disallows everything",
              "the source is marked blocked, one line; no page fetched",
              _robots(b"User-agent: *\nDisallow: /\n", "robots-disallow", 7_018_000), status="failed", blocked=True),
    article_fault("pdf", 7_020_000, "bao-cao-tong-ket", _pdf, "a 16 MB PDF where an article was linked",
                  "download stopped at the headers; skipped as 'not an HTML page'", status="ok"),
    FaultSite("xml-bomb", "feed and sitemap with a billion-laughs entity bomb",
              "refused before parsing ('declares XML entities'); the source fails", _xml_bomb,
              {"feeds": ["/rss.xml"], "sitemaps": ["/sitemap.xml"]}, status="failed"),
    FaultSite("huge-sitemap", "a 200 MB sitemap, plain and as .xml.gz",
              "download or decompression stops at max_page_bytes; the source fails", _huge_sitemap,
              {"sitemaps": ["/sitemap.xml", "/sitemap.xml.gz"]}, status="failed"),
    FaultSite("broken-pages", "broken HTML, binary, fake PDF and empty article pages",
              "each skipped with a reason; the good article is stored", _broken),
)}
