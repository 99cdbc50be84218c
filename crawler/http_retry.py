"""Retries with exponential backoff that honour Retry-After (Scrapy's RetryMiddleware retries at once)."""
from __future__ import annotations

import random
import time
from time import monotonic
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.asyncio import call_later, sleep
from scrapy.utils.response import response_status_message


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date; None if absent or bad."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry policy (RETRY_TIMES, RETRY_HTTP_CODES, RETRY_EXCEPTIONS), but each retry waits:
    the server's Retry-After when it gives one (a wait beyond DXWATCH_RETRY_AFTER_MAX is not
    retried in this crawl: the server asked us to come back later), else exponential backoff
    DXWATCH_RETRY_BACKOFF_BASE * 2^(n-1), ±25 % jitter, at most DXWATCH_RETRY_BACKOFF_MAX.

    The wait holds one of CONCURRENT_REQUESTS but not the host's download slot, and ends early
    (without the retry) when the crawl is being stopped, so SIGTERM is not held up by it.

    A 429, or a 503 with Retry-After, is about the host, not the page: the host's download slot
    is paused for the same wait, so no other request goes to that host meanwhile."""

    POLL = 0.5

    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("DXWATCH_RETRY_BACKOFF_BASE")
        self.backoff_max = settings.getfloat("DXWATCH_RETRY_BACKOFF_MAX")
        self.retry_after_max = settings.getfloat("DXWATCH_RETRY_AFTER_MAX")
        self.paused_until: dict[str, float] = {}          # slot key -> monotonic end of its pause

    async def wait(self, seconds: float) -> bool:
        """Sleep `seconds`; False if the crawl began to stop meanwhile (then do not retry)."""
        end = monotonic() + seconds
        while (left := end - monotonic()) > 0:
            if not self._running():
                return False
            await sleep(min(left, self.POLL))
        return self._running()

    def _running(self) -> bool:
        engine = getattr(self.crawler, "engine", None)
        return bool(self.crawler.crawling) and (engine is None or engine.running)

    def backoff(self, attempt: int) -> float:
        return min(self.backoff_max, self.base * 2 ** (attempt - 1)) * random.uniform(0.75, 1.25)

    async def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is not None and wait > self.retry_after_max:
            request.meta["retry_after_refused"] = wait      # the spider's error message says why
            return response
        attempt = request.meta.get("retry_times", 0) + 1
        seconds = wait if wait is not None else self.backoff(attempt)
        if response.status == 429 or (response.status == 503 and wait is not None):
            self.pause_host(request, seconds)       # even when this request has no retry left
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        if not await self.wait(seconds):
            return response
        return retry

    def pause_host(self, request, seconds: float) -> None:
        """Hold the request's download slot (its host) for `seconds`. Scrapy's downloader starts
        none of a slot's queued requests while `slot.latercall` is pending (that is how it spaces
        DOWNLOAD_DELAY); the pause keeps one pending, re-armed every POLL seconds so that a crawl
        being stopped is not held up. A longer pause replaces a shorter one, never the reverse."""
        engine = getattr(self.crawler, "engine", None)
        downloader = getattr(engine, "downloader", None)
        if downloader is None or seconds <= 0:
            return
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is None:
            return
        until = monotonic() + seconds
        if slot.latercall is not None:
            if self.paused_until.get(key, 0.0) >= until:
                return                      # already paused for longer
            slot.latercall.cancel()
        self.paused_until[key] = until
        slot.lastseen = max(slot.lastseen, until)          # nor is a paused slot garbage-collected
        self._tick(downloader, slot, key)

    def _tick(self, downloader, slot, key: str) -> None:
        left = self.paused_until.get(key, 0.0) - monotonic()
        if left <= 0 or not self._running():
            self.paused_until.pop(key, None)
            self._resume(downloader, slot, key)
            return
        slot.latercall = call_later(min(left, self.POLL), self._tick, downloader, slot, key)

    @staticmethod
    def _resume(downloader, slot, key: str) -> None:
        slot.lastseen = 0.0
        downloader._latercall(slot)             # clears slot.latercall and starts its queue

    async def process_exception(self, request, exception, spider=None):
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        retry = self._retry(request, exception)
        if retry is not None and not await self.wait(self.backoff(retry.meta["retry_times"])):
            return None
        return retry
