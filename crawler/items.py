"""The item that flows through the pipelines: a downloaded article page and what was made of it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class PageItem:
    source_id: str
    url: str                       # the URL as fetched (after redirects)
    body: bytes
    headers: dict[str, str]
    status: int = 200
    via: str = "listing"           # listing | feed | sitemap
    extraction: Any = None         # pipelines.extract.Extraction, filled by the clean stage
    outcome: str | None = None     # new | updated | alias | known | skipped, set by the store stage
