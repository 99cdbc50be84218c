"""Downloader middlewares: private-network guard, per-source timeouts, conditional GET, fetch log.
Each takes what it needs from the crawl's services in `from_crawler` (crawler/services.py)."""
from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache
from urllib.parse import urlparse, urlsplit

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from common.clock import utcnow
from crawler.netguard import is_private_address
from crawler.services import services_of


@lru_cache(maxsize=4096)
def _resolve(host: str) -> tuple[str, ...]:
    try:
        return tuple({info[4][0] for info in socket.getaddrinfo(host, None)})
    except (socket.gaierror, UnicodeError):
        return ()


class PrivateNetworkGuard:
    """The early, readable half of the private-network guard: a request whose host is a private
    address, or resolves to one, is refused with one clear line before it is queued. The
    enforcement is at connect time (crawler/netguard.py), where what is checked is what is used."""

    def __init__(self, allow: bool, allowed_hosts=()):
        if allow:
            raise NotConfigured
        self.allowed_hosts = {h.lower() for h in allowed_hosts}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getbool("DXWATCH_ALLOW_PRIVATE_NETWORKS"),
                   crawler.settings.getlist("DXWATCH_ALLOW_PRIVATE_HOSTS"))

    def process_request(self, request, spider=None):
        host = urlsplit(request.url).hostname or ""
        if host.lower() in self.allowed_hosts:
            return None
        try:
            addrs = (str(ipaddress.ip_address(host)),)
        except ValueError:
            addrs = _resolve(host)
        bad = [a for a in addrs if is_private_address(a)]
        if bad:
            raise IgnoreRequest(f"refused: {host} resolves to a private or loopback address ({bad[0]}); "
                                f"set [crawl] allow_private_networks = true only for a local mirror")
        return None


class SourceTimeouts:
    """A source's own `download_timeout` (a slow provincial portal) on every HTTP request made for
    it, and on requests made for no source (robots.txt) to a host of such a source (the largest
    there); set before Scrapy's DownloadTimeoutMiddleware (350) fills in the crawl-wide one."""

    def __init__(self, sources: dict):
        self.sources = sources
        self.by_host: dict[str, int] = {}
        for src in sources.values():
            for u in [*src.start_urls, *src.feeds, *src.sitemaps, src.homepage or ""]:
                host = urlparse(u).hostname if src.download_timeout and u else None
                if host:
                    self.by_host[host] = max(self.by_host.get(host, 0), src.download_timeout)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(services_of(crawler).sources)

    def process_request(self, request, spider=None):
        if "download_timeout" in request.meta:
            return
        src = self.sources.get(request.meta.get("source_id"))
        timeout = src.download_timeout if src is not None else \
            self.by_host.get(urlparse_cached(request).hostname or "")
        if timeout:
            request.meta["download_timeout"] = timeout


class ConditionalGetMiddleware:
    """Listing, feed and sitemap requests carry If-None-Match / If-Modified-Since from the last fetch."""

    def __init__(self, archive, recorder, netlocs: list[str] | None = None):
        self.archive, self.recorder, self.netlocs = archive, recorder, netlocs
        self.validators: dict[str, tuple[str | None, str | None]] | None = None

    @classmethod
    def from_crawler(cls, crawler):
        services = services_of(crawler)
        return cls(services.archive, services.recorder, entry_netlocs(services.sources.values()))

    def _load(self) -> dict[str, tuple[str | None, str | None]]:
        if self.validators is None:          # read once, at the first conditional request
            self.validators = self.archive.validators(self.netlocs)
        return self.validators

    def process_request(self, request, spider=None):
        if not request.meta.get("conditional"):
            return None
        etag, lm = self._load().get(request.url, (None, None))
        if etag:
            request.headers.setdefault(b"If-None-Match", etag.encode("latin-1", "ignore"))
        if lm:
            request.headers.setdefault(b"If-Modified-Since", lm.encode("latin-1", "ignore"))
        return None

    def process_response(self, request, response, spider=None):
        if request.meta.get("conditional") and response.status == 200:
            etag = response.headers.get(b"ETag")
            lm = response.headers.get(b"Last-Modified")
            if etag or lm:
                self.recorder.validators_seen[request.url] = (etag.decode("latin-1") if etag else None,
                                                    lm.decode("latin-1") if lm else None)
        return response


def entry_netlocs(sources) -> list[str] | None:
    """The hosts (with their ports) of the crawl's entry URLs, with and without "www." (portals
    redirect one to the other): the validators it reads are theirs. None (read all) when the crawl
    has no sources to go by."""
    urls = [u for src in sources for u in (*src.start_urls, *src.feeds, *src.sitemaps, src.homepage or "")]
    netlocs = {n for n in (urlsplit(u).netloc.lower() for u in urls) if n}
    netlocs |= {n[4:] if n.startswith("www.") else "www." + n for n in netlocs}
    return sorted(netlocs) or None


class FetchLogMiddleware:
    """Every HTTP exchange (including redirect hops and failures) becomes a row of `fetches`."""

    def __init__(self, recorder):
        self.recorder = recorder

    @classmethod
    def from_crawler(cls, crawler):
        return cls(services_of(crawler).recorder)

    def _row(self, request, **kw) -> dict:
        latency = request.meta.get("download_latency")
        return dict(source_id=request.meta.get("source_id"), url=request.url[:4000], fetched_at=utcnow(),
                    kind=request.meta.get("kind", "other"),
                    elapsed_ms=int(latency * 1000) if latency is not None else None, **kw)

    def process_response(self, request, response, spider=None):
        h = response.headers
        self.recorder.fetch(**self._row(request, status=response.status,
                                        etag=(h.get(b"ETag") or b"").decode("latin-1")[:300] or None,
                                        last_modified=(h.get(b"Last-Modified") or b"").decode("latin-1")[:64] or None,
                                        bytes=len(response.body)))
        return response

    def process_exception(self, request, exception, spider=None):
        self.recorder.fetch(**self._row(request, status=None, bytes=0,
                                        error=f"{type(exception).__name__}: {exception}"[:500]))
        return None
