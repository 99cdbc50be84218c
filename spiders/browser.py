"""What a browser request carries: page methods for a source's interactions, context recycling,
and the request filter that keeps Chromium from fetching images, fonts and trackers."""
from __future__ import annotations

from urllib.parse import urlsplit

from pipelines.canonical import site_of

# Clicks a "Xem thêm" button while new links keep appearing; bounded by count and time.
CLICK_MORE_JS = """async ({selector, maxClicks, waitMs}) => {
  let clicks = 0;
  for (; clicks < maxClicks; clicks++) {
    const button = document.querySelector(selector);
    if (!button) break;
    const before = document.querySelectorAll('a[href]').length;
    button.click();
    let waited = 0;
    while (document.querySelectorAll('a[href]').length === before && waited < waitMs) {
      await new Promise(r => setTimeout(r, 100)); waited += 100;
    }
    if (document.querySelectorAll('a[href]').length === before) break;
  }
  return clicks;
}"""
# Scrolls to the bottom a bounded number of times (infinite scroll stops at the bound).
SCROLL_JS = """async ({times, waitMs}) => {
  for (let i = 0; i < times; i++) {
    window.scrollTo(0, document.body.scrollHeight);
    await new Promise(r => setTimeout(r, waitMs));
  }
  return times;
}"""
TRACKERS = ("google-analytics.com", "googletagmanager.com", "doubleclick.net", "facebook.net", "facebook.com",
            "zalo.me", "sp.zalo.me", "connect.facebook", "analytics", "adservice", "adsystem", "hotjar",
            "histats", "statcounter", "yandex", "tiktok", "ants.vn", "admicro", "eclick")


def page_methods(src, timeout_ms: int) -> list:
    from scrapy_playwright.page import PageMethod
    methods = []
    if src.wait_for:
        methods.append(PageMethod("wait_for_selector", src.wait_for, timeout=timeout_ms))
    else:
        methods.append(PageMethod("wait_for_load_state", "load", timeout=timeout_ms))
    if src.click_more and src.max_clicks:
        methods.append(PageMethod("evaluate", CLICK_MORE_JS,
                                  {"selector": src.click_more, "maxClicks": src.max_clicks, "waitMs": 3000}))
    if src.scroll:
        methods.append(PageMethod("evaluate", SCROLL_JS, {"times": src.scroll, "waitMs": 300}))
    return methods


def article_methods(timeout_ms: int) -> list:
    from scrapy_playwright.page import PageMethod
    return [PageMethod("wait_for_load_state", "networkidle", timeout=timeout_ms)]


def make_abort_predicate(allowed_sites: set[str], blocked_types: list[str]):
    """PLAYWRIGHT_ABORT_REQUEST: block heavy resource types, trackers and third-party hosts."""
    blocked = set(blocked_types)

    def abort(request) -> bool:
        if request.resource_type in blocked:
            return True
        host = (urlsplit(request.url).hostname or "").lower()
        if any(t in host for t in TRACKERS):
            return True
        if request.url.startswith(("data:", "blob:")):
            return False
        site = site_of(request.url)
        return not any(site == a or site.endswith("." + a) or a.endswith("." + site) for a in allowed_sites)
    return abort
