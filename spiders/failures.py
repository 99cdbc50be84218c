"""One clear line per failed request: what went wrong, in words, with the limit that applied; and
the accounting of each failure to its source (errors, entry failures, blocked)."""
from __future__ import annotations

import re

from scrapy.exceptions import (
    CannotResolveHostError, DownloadCancelledError, DownloadConnectionRefusedError, DownloadFailedError,
    DownloadTimeoutError, IgnoreRequest, ResponseDataLossError,
)
from twisted.internet.error import (
    ConnectionDone, ConnectionLost, ConnectionRefusedError, DNSLookupError, TCPTimedOutError,
    TimeoutError as TwistedTimeout,
)

from crawler.blocking import Blocked, RobotsUnavailable


def size(n: int) -> str:
    return f"{n / 1048576:g} MiB" if n >= 1048576 else f"{n:,} bytes"


def _retried(request) -> str:
    n = request.meta.get("retry_times", 0)
    return f" (after {n} {'retry' if n == 1 else 'retries'})" if n else ""


def describe(failure, settings) -> str:
    """The message for a failed request (the URL is prefixed by the caller)."""
    request, exc = failure.request, failure.value
    maxsize = request.meta.get("download_maxsize", settings.getint("DOWNLOAD_MAXSIZE"))
    if failure.check(Blocked, RobotsUnavailable):
        return str(exc)
    response = getattr(exc, "response", None)
    if response is not None and hasattr(response, "status"):
        wait = request.meta.get("retry_after_refused")
        if wait is not None:
            cap = settings.getfloat("DXWATCH_RETRY_AFTER_MAX")
            return (f"HTTP {response.status}: the server asks to wait {wait:.0f} s (Retry-After), more than the "
                    f"{cap:.0f} s dxwatch waits; not retried in this crawl")
        return f"HTTP {response.status}{_retried(request)}"
    if failure.check(CannotResolveHostError, DNSLookupError):
        return f"DNS lookup failed for {request.url.split('/')[2]}"
    if failure.check(DownloadTimeoutError, TwistedTimeout, TCPTimedOutError):
        timeout = request.meta.get("download_timeout", settings.getfloat("DOWNLOAD_TIMEOUT"))
        return f"timed out: no complete answer within {timeout:g} s{_retried(request)}"
    if failure.check(DownloadConnectionRefusedError, ConnectionRefusedError):
        return f"connection refused{_retried(request)}"
    if failure.check(ResponseDataLossError):
        return f"response truncated: the connection closed before the promised Content-Length{_retried(request)}"
    if failure.check(DownloadCancelledError) and ("max size" in str(exc) or not str(exc)):
        # Scrapy cancels without a message when the body outgrows DOWNLOAD_MAXSIZE mid-stream
        return f"larger than {size(maxsize)} (max_page_bytes): download cancelled"
    if failure.check(DownloadFailedError, ConnectionLost, ConnectionDone):
        return f"connection reset or closed by the server before a complete answer{_retried(request)}"
    if failure.check(IgnoreRequest):
        text = str(exc)
        if "DOWNLOAD_MAXSIZE" in text and "decompression" in text:
            return f"larger than {size(maxsize)} once decompressed (a compression bomb?): dropped"
        if "max redirections" in text:
            return (f"more than {settings.getint('REDIRECT_MAX_TIMES')} redirects (a loop or a long chain); "
                    f"given up at {request.url}")
        return text[:300]
    if type(exc).__module__.startswith("playwright"):
        return browser_error(exc, request, settings)
    return f"{type(exc).__name__}: {first_line(str(exc), 200)}"


def first_line(text: str, width: int) -> str:
    """The first line of text, cut at a word boundary with an ellipsis (never mid-word)."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    if len(line) <= width:
        return line
    cut = line.rfind(" ", 0, width - 1)
    return line[:cut if cut > width // 2 else width - 1].rstrip(" ,;:") + "…"


_NET_ERROR = re.compile(r"net::(ERR_[A-Z_]+)")
_NET_WORDS = {"ERR_CONNECTION_REFUSED": "connection refused", "ERR_NAME_NOT_RESOLVED": "DNS lookup failed",
              "ERR_CONNECTION_RESET": "connection reset by the server", "ERR_TIMED_OUT": "timed out",
              "ERR_CONNECTION_CLOSED": "connection closed by the server", "ERR_ABORTED": "navigation aborted",
              "ERR_TOO_MANY_REDIRECTS": "too many redirects", "ERR_CERT_AUTHORITY_INVALID": "untrusted certificate",
              "ERR_EMPTY_RESPONSE": "empty response", "ERR_ADDRESS_UNREACHABLE": "address unreachable",
              "ERR_BLOCKED_BY_CLIENT": "blocked by dxwatch (address not allowed)"}


def browser_error(exc, request, settings) -> str:
    """A Playwright error in one line like the HTTP ones: what happened, not Playwright's call log."""
    text = str(exc)
    net = _NET_ERROR.search(text)
    if net:
        code = net.group(1)
        return f"browser: {_NET_WORDS.get(code, code.lower().replace('err_', '').replace('_', ' '))} ({code})"
    if type(exc).__name__ == "TimeoutError" or "Timeout" in text.split("\n", 1)[0]:
        ms = re.search(r"Timeout (\d+)ms", text)
        limit = f"{int(ms.group(1)) / 1000:g} s" if ms else "the browser timeout"
        return f"browser: timed out: the page did not load within {limit}"
    if "has been closed" in text or "Target closed" in text:
        return "browser: the page or browser was closed before the page loaded"
    return f"browser: {first_line(re.sub(r'^[A-Za-z.]+: ', '', text.strip()), 160)}"


def record_failure(recorder, failure, settings) -> tuple[str, str] | None:
    """Count a failed request against its source: (source id, message) for the one line to log,
    or None when nothing more is to be said (an article robots.txt forbids is a skip; a blocked
    source says so once)."""
    request = failure.request
    src_id = request.meta.get("source_id", "?")
    entry = bool(request.meta.get("entry"))
    tally = recorder.tally(src_id)
    url = (request.meta.get("redirect_urls") or [request.url])[0]
    msg = f"{url}: {describe(failure, settings)}"
    if request.meta.get("section"):
        return None        # a menu link read off the homepage (a guess), dead or forbidden: not the source's failure
    if failure.check(Blocked):
        if not entry and "robots.txt" in msg:
            tally.skipped += 1                  # one article the site asks us not to fetch
            return None
        if tally.blocked:                       # already said: count the entry, say nothing more
            tally.entry_errors += int(entry)
            return None
        tally.blocked = True
    recorder.error(src_id, msg, entry=entry)
    return src_id, msg
