"""robots.txt as RFC 9309 reads it: 4xx = no rules; 5xx (and 429) = complete disallow for this crawl."""
from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

from crawler.blocking import Blocked, RobotsUnavailable

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class Rfc9309RobotsMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware parses whatever body came back, so a 500 error page meant
    "no rules". RFC 9309 §2.3.1: unavailable (4xx) means no rules; unreachable (5xx) means assume
    complete disallow. The crawl after this one asks again (each crawl fetches robots.txt anew).
    A network failure keeps Scrapy's behaviour: no rules, and the page request then fails itself
    with the network error, which says more than 'disallowed'."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self.unreachable: dict[str, int] = {}

    async def _parse_robots(self, response, netloc, request):
        if response.status >= 500 or response.status == 429:
            self.unreachable[netloc] = response.status
            response = response.replace(body=DISALLOW_ALL)
        elif 400 <= response.status < 500:
            response = response.replace(body=b"")
        await super()._parse_robots(response, netloc, request)

    def process_request_2(self, rp, request) -> None:
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest:
            status = self.unreachable.get(urlparse_cached(request).netloc)
            if status:
                raise RobotsUnavailable(f"robots.txt answered HTTP {status}: the site is treated as disallowed "
                                        f"for this crawl (RFC 9309); it is asked again next crawl") from None
            raise Blocked("forbidden by robots.txt") from None
