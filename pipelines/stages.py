"""Scrapy item pipelines: clean -> normalize -> classify -> dedupe -> extract events -> store.

Each stage is a thin adapter over one pure function of pipelines.extract, so the crawler,
`dxwatch extract` and re-processing run the very same code, in the order pipelines.extract.STAGES
defines. A stage takes what it needs from the crawl's services in `from_crawler` (the object
crawler.runner sets on the crawler as `crawler.dxwatch`: see crawler/services.py); it never
reaches into the spider.
"""
from __future__ import annotations

import logging

from scrapy.exceptions import DropItem, NotConfigured

from pipelines.decode import decode_html
from pipelines.extract import STAGES, clean_stage_bounded

log = logging.getLogger(__name__)


class _Stage:
    def __init__(self, services):
        self.services = services
        self.recorder = services.recorder

    @classmethod
    def from_crawler(cls, crawler):
        services = getattr(crawler, "dxwatch", None)
        if services is None:
            raise NotConfigured("no crawl services on the crawler (crawler.runner sets them)")
        return cls(services)

    def skip(self, item, reason: str):
        tally = self.recorder.tally(item.source_id)
        tally.skipped += 1
        item.outcome = "skipped"
        raise DropItem(f"{item.url}: {reason}")


class CleanPipeline(_Stage):
    def process_item(self, item):
        html, encoding = decode_html(item.body, item.headers.get("Content-Type"))
        item.extraction = clean_stage_bounded(html, item.url, self.services.hints(item.source_id), encoding=encoding)
        if item.extraction.skipped:
            self.skip(item, item.extraction.skipped)
        return item


class _PureStage(_Stage):
    """One of pipelines.extract.STAGES, named by `stage`."""
    stage = ""

    def __init__(self, services):
        super().__init__(services)
        self.run = dict(STAGES)[self.stage]

    def process_item(self, item):
        self.run(item.extraction, self.services.hints(item.source_id))
        return item


class NormalizePipeline(_PureStage):
    stage = "normalize"


class ClassifyPipeline(_PureStage):
    stage = "classify"


class DedupePipeline(_PureStage):
    """Content hash here; the canonical-URL and same-body checks run inside the store transaction."""
    stage = "dedupe"


class ExtractEventsPipeline(_PureStage):
    stage = "events"


class StorePipeline(_Stage):
    def __init__(self, services):
        super().__init__(services)
        self.archive = services.archive

    def process_item(self, item):
        outcome = self.archive.store_article(
            item.extraction, source_id=item.source_id, fetched_url=item.url, body=item.body,
            headers=item.headers, status=item.status)
        item.outcome = outcome.status
        tally = self.recorder.tally(item.source_id)
        if outcome.status == "new":
            tally.new_articles += 1
        elif outcome.status == "updated":
            tally.updated += 1
        else:
            tally.known += 1
        return item


def item_pipelines() -> dict[str, int]:
    """ITEM_PIPELINES: clean, then pipelines.extract.STAGES in their order, then store."""
    by_stage = {cls.stage: cls for cls in _PureStage.__subclasses__()}
    order = [CleanPipeline, *(by_stage[name] for name, _ in STAGES), StorePipeline]
    return {f"{__name__}.{cls.__name__}": 100 * (i + 1) for i, cls in enumerate(order[:-1])} | \
        {f"{__name__}.{StorePipeline.__name__}": 900}
