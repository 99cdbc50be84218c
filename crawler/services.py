"""The crawl's services: what the spider, middlewares and pipelines need from outside Scrapy.

crawler.runner builds one CrawlServices per crawl and sets it on the crawler (`crawler.dxwatch`)
before the crawl starts; every component takes what it needs in `from_crawler`, as Scrapy's own
middlewares take `crawler.stats` and `crawler.signals`. No component reaches into the spider.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from scrapy.exceptions import NotConfigured

from crawler.config import Settings, SourceConfig
from crawler.recorder import Recorder
from pipelines.extract import SourceHints
from storage.archive import Archive

ATTRIBUTE = "dxwatch"      # the crawler attribute that holds them (pipelines.stages reads it too)


@dataclass
class CrawlServices:
    archive: Archive                     # url states, validators, render memory, the article store
    recorder: Recorder                   # this run's tallies, fetch log, validators and render decisions
    sources: dict[str, SourceConfig]     # the sources of this crawl, by id
    settings: Settings
    render_memory: dict[str, str] = field(default_factory=dict)    # auto mode: decisions still trusted
    _hints: dict[str, SourceHints] = field(default_factory=dict, repr=False)

    def hints(self, source_id: str) -> SourceHints:
        """What extraction may know of a source (its selectors, the relevance settings)."""
        if source_id not in self._hints:
            self._hints[source_id] = SourceHints.of(source_id, self.sources[source_id], self.settings.relevance)
        return self._hints[source_id]


def attach(crawler, services: CrawlServices) -> None:
    setattr(crawler, ATTRIBUTE, services)


def services_of(crawler) -> CrawlServices:
    """The crawl's services; NotConfigured when the crawler has none (a component then stays off)."""
    services = getattr(crawler, ATTRIBUTE, None)
    if services is None:
        raise NotConfigured("no crawl services on the crawler (crawler.runner sets them)")
    return services
