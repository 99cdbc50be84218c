"""A link to an article that answers with a PDF, an image or an archive: stop at the headers."""
from __future__ import annotations

import re

from scrapy import signals
from scrapy.exceptions import StopDownload

# What extraction can read; anything else under an article link is an attachment.
HTML_TYPES = re.compile(rb"text/html|application/xhtml|text/plain|^$", re.I)


def media_type(headers) -> bytes:
    return (headers.get(b"Content-Type") or b"").split(b";")[0].strip()


class StopAttachments:
    """Article requests whose Content-Type is not HTML are cut at the headers (StopDownload with
    fail=False: the spider still gets the response, flagged "download_stopped", and skips it), so a
    50 MB PDF costs one round trip, not 50 MB."""

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls()
        crawler.signals.connect(ext.headers_received, signal=signals.headers_received)
        return ext

    def headers_received(self, headers, body_length, request, spider=None):
        if request.meta.get("kind") == "article" and not HTML_TYPES.search(media_type(headers)):
            raise StopDownload(fail=False)
