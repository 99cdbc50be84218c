"""Sites that refuse us: challenge pages ("Just a moment…") are recognised once per host, and
every later request to that host is refused locally, so a blocked source is one line, not a storm."""
from __future__ import annotations

import re

from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

# Anti-bot interstitials: Cloudflare's managed/JS challenge and the generic "checking your browser".
_MARKERS = [re.compile(p, re.I) for p in (
    rb"<title>\s*Just a moment\.{3}|<title>\s*Just a moment\xe2\x80\xa6",
    rb"/cdn-cgi/challenge-platform/",
    rb"<title>\s*Attention Required! \| Cloudflare",
    rb"Checking (?:if the site connection is secure|your browser before accessing)",
    rb"id=[\"']cf-browser-verification",
)]
_SNIFF = 16_384


class Blocked(IgnoreRequest):
    """The site refuses automated clients (a challenge page, or robots.txt forbids the URL)."""


class RobotsUnavailable(IgnoreRequest):
    """robots.txt answered a server error: RFC 9309 says to assume complete disallow."""


def challenge_reason(status: int, headers, body: bytes) -> str | None:
    """Why this response is an anti-bot challenge rather than the page, or None."""
    if (headers.get(b"cf-mitigated") or b"").lower() == b"challenge":
        return "a Cloudflare challenge (cf-mitigated: challenge)"
    if status in (403, 429, 503) or len(body) < _SNIFF:
        head = body[:_SNIFF]
        for rx in _MARKERS:
            if rx.search(head):
                return "a 'Just a moment…' challenge page"
    return None


class ChallengeMiddleware:
    """A challenge response raises Blocked (no retry, no parsing); the host is remembered for the
    rest of the crawl. Sits between HttpCompression (590: the body is decoded) and Retry (550)."""

    def __init__(self):
        self.blocked_hosts: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls()

    def process_request(self, request, spider=None):
        reason = self.blocked_hosts.get(urlparse_cached(request).netloc)
        if reason:
            raise Blocked(reason)
        return None

    def process_response(self, request, response, spider=None):
        why = challenge_reason(response.status, response.headers, response.body)
        if why is None:
            return response
        netloc = urlparse_cached(request).netloc
        reason = f"blocked: {netloc} answers {why} (HTTP {response.status}); automated clients are refused"
        self.blocked_hosts[netloc] = reason
        raise Blocked(reason)
