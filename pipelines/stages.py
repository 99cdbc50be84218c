"""Scrapy item pipelines: clean -> normalise -> classify -> dedupe -> extract events -> store.

Each stage is a thin adapter over one pure function of pipelines.extract, so the crawler,
`dxwatch extract` and re-processing run the very same code.
"""
from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from pipelines.decode import decode_html
from pipelines.extract import (
    SourceHints, classify_stage, clean_stage_bounded, events_stage, hash_stage, normalise_stage,
)

log = logging.getLogger(__name__)


class _Stage:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def spider(self):
        return self.crawler.spider

    def hints(self, source_id: str) -> SourceHints:
        cache = self.spider.__dict__.setdefault("_hints", {})
        if source_id not in cache:
            cache[source_id] = SourceHints.of(source_id, self.spider.sources[source_id], self.spider.relevance_cfg)
        return cache[source_id]

    def skip(self, item, reason: str):
        tally = self.spider.recorder.tally(item.source_id)
        tally.skipped += 1
        item.outcome = "skipped"
        raise DropItem(f"{item.url}: {reason}")


class CleanPipeline(_Stage):
    def process_item(self, item):
        html, encoding = decode_html(item.body, item.headers.get("Content-Type"))
        item.extraction = clean_stage_bounded(html, item.url, self.hints(item.source_id), encoding=encoding)
        if item.extraction.skipped:
            self.skip(item, item.extraction.skipped)
        return item


class NormalisePipeline(_Stage):
    def process_item(self, item):
        normalise_stage(item.extraction)
        return item


class ClassifyPipeline(_Stage):
    def process_item(self, item):
        classify_stage(item.extraction, self.hints(item.source_id))
        return item


class DedupePipeline(_Stage):
    """Content hash here; the canonical-URL and same-body checks run inside the store transaction."""

    def process_item(self, item):
        hash_stage(item.extraction)
        return item


class ExtractEventsPipeline(_Stage):
    def process_item(self, item):
        events_stage(item.extraction)
        return item


class StorePipeline(_Stage):
    def process_item(self, item):
        outcome = self.spider.archive.store_article(
            item.extraction, source_id=item.source_id, fetched_url=item.url, body=item.body,
            headers=item.headers, status=item.status)
        item.outcome = outcome.status
        tally = self.spider.recorder.tally(item.source_id)
        if outcome.status == "new":
            tally.new_articles += 1
        elif outcome.status == "updated":
            tally.updated += 1
        else:
            tally.known += 1
        return item
