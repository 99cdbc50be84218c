"""Crawl logging: foreseeable network faults are one line each, never a traceback."""
from __future__ import annotations

import logging

from scrapy import logformatter

_QUIET_TRACEBACKS = ("scrapy.downloadermiddlewares", "scrapy.core.downloader", "scrapy_playwright")
# Scrapy replaces the root handler when a crawler starts, so the filter sits on the loggers.
_LOGGERS = ("scrapy.downloadermiddlewares.robotstxt", "scrapy.downloadermiddlewares.retry",
            "scrapy.core.downloader.handlers.http11", "scrapy.core.downloader.tls", "scrapy.core.scraper",
            "scrapy_playwright.handler", "scrapy_playwright.page")


class _NoNetworkTracebacks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.name.startswith(_QUIET_TRACEBACKS) and _foreseeable(record.exc_info[1]):
            exc = record.exc_info[1]
            record.msg = f"{record.getMessage()}" if exc is None else f"{record.getMessage()} [{type(exc).__name__}]"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def _foreseeable(exc: BaseException | None) -> bool:
    """Network and HTTP faults; a bug of ours (any other exception) keeps its traceback."""
    from scrapy.exceptions import IgnoreRequest
    from twisted.internet import error as terror
    if exc is None:
        return True
    mod = type(exc).__module__
    return isinstance(exc, (IgnoreRequest, terror.ConnectError, terror.TimeoutError, terror.DNSLookupError,
                            ConnectionError, TimeoutError, OSError)) or mod.startswith(("scrapy.exceptions",
                            "twisted.internet.error", "twisted.web._newclient", "playwright"))


def quiet_network_tracebacks() -> None:
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _NoNetworkTracebacks) for f in logger.filters):
            logger.addFilter(_NoNetworkTracebacks())


class QuietLogFormatter(logformatter.LogFormatter):
    """A skipped page is one short line at INFO, not the whole item (with its body) at WARNING."""

    def dropped(self, item, exception, response, spider=None):
        return {"level": logging.INFO, "msg": "skipped: %(reason)s", "args": {"reason": str(exception)}}
