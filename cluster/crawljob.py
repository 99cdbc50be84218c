"""One source's crawl inside a worker's reactor (Scrapy's AsyncCrawlerRunner), polite across the
cluster: every request of the job shares one downloader slot named by the source's politeness key
(one request in flight, DOWNLOAD_DELAY between them, never randomised shorter), the job's
procrastinate `lock` is that key (one job per key in the whole cluster), and the job keeps its lock
for one delay after its last response."""
from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from dataclasses import dataclass, field
from datetime import datetime

from scrapy.crawler import AsyncCrawlerRunner

from cluster.schedule import advance, still_due
from crawler.config import LoadedConfig, parse_duration
from crawler.recorder import Recorder
from crawler.runner import BrowserMissing, scrapy_settings
from crawler.services import CrawlServices, attach
from storage.archive import Archive

log = logging.getLogger("dxwatch.cluster")
SLOT_SETTING = "DXWATCH_POLITENESS_SLOT"


class PolitenessSlot:
    """Downloader middleware, last before the wire: every request of this job in the slot of the
    politeness key (sites sharing a server, a source's several hosts count as one), and sent no
    sooner than one delay after the previous response ended (Scrapy's own delay counts from the
    previous request's start, which a slow response eats into)."""

    def __init__(self, key: str, delay: float):
        self.key, self.delay = key, delay
        self.last_end = 0.0

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy.exceptions import NotConfigured
        key = crawler.settings.get(SLOT_SETTING)
        if not key:
            raise NotConfigured
        return cls(key, crawler.settings.getfloat("DOWNLOAD_DELAY"))

    async def process_request(self, request, spider=None):
        request.meta["download_slot"] = self.key
        wait = self.last_end + self.delay - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    def process_response(self, request, response, spider=None):
        self.last_end = time.monotonic()
        return response

    def process_exception(self, request, exception, spider=None):
        self.last_end = time.monotonic()


@dataclass
class JobOutcome:
    source_id: str
    status: str                 # ok | partial | failed | skipped
    run_id: int | None = None
    articles_new: int = 0
    extra: dict = field(default_factory=dict)


def job_settings(loaded: LoadedConfig, src, *, browser: bool):
    """The crawl's Scrapy settings with the cluster's politeness on top of the user's."""
    s = scrapy_settings(loaded, browser=browser, sources=[src])
    delay = loaded.settings.crawl.download_delay
    s.setdict({"CONCURRENT_REQUESTS_PER_DOMAIN": 1, "CONCURRENT_REQUESTS": 1, "DOWNLOAD_DELAY_JITTER": 0,
               "DOWNLOAD_DELAY": delay, SLOT_SETTING: src.host_key, "LOG_ENABLED": True,
               "DOWNLOAD_SLOTS": {src.host_key: {"concurrency": 1, "delay": delay, "jitter": 0}}},
              priority="cmdline")
    mws = dict(s.getdict("DOWNLOADER_MIDDLEWARES"))
    mws["cluster.crawljob.PolitenessSlot"] = 900      # after robots.txt (100) and retries (550)
    s.set("DOWNLOADER_MIDDLEWARES", mws, priority="cmdline")
    return s


async def crawl_source(loaded: LoadedConfig, archive: Archive, source_id: str, due_at: datetime,
                       job_id: int | None, worker_name: str) -> JobOutcome:
    """Crawl one source for one due time; a due time already crawled is skipped (at least once,
    run twice harmlessly). The job's bookkeeping and next due time are one transaction."""
    from spiders.portal import PortalSpider
    src = loaded.source(source_id)
    engine = archive.engine
    if not await asyncio.to_thread(still_due, engine, source_id, due_at):
        return JobOutcome(source_id, "skipped")
    started = datetime.now().astimezone()
    archive.sync_sources([src])
    run_id = archive.start_run(pid=os.getpid(), note=job_note(job_id))
    recorder = Recorder(run_id=run_id)
    browser = src.render in ("browser", "auto")
    try:
        settings = job_settings(loaded, src, browser=browser)
    except BrowserMissing as e:
        recorder.tally(src.id).entries = 1
        recorder.error(src.id, str(e), entry=True)
        settings = None
    if settings is not None:
        render_memory = archive.render_decisions(parse_duration(loaded.settings.browser.auto_recheck))
        runner = AsyncCrawlerRunner(settings)
        crawler = runner.create_crawler(PortalSpider)
        attach(crawler, CrawlServices(archive=archive, recorder=recorder, sources={src.id: src},
                                      settings=loaded.settings, render_memory=render_memory))
        try:
            await runner.crawl(crawler)         # scrapy-playwright closes its browser with the crawl
        except Exception as e:  # noqa: BLE001 - recorded as the source's failure; its due time moves on
            log.warning("source %s: crawl failed: %s: %s", src.id, type(e).__name__, e)
            recorder.tally(src.id).entries = max(1, recorder.tally(src.id).entries)
            recorder.error(src.id, f"crawl failed: {type(e).__name__}: {e}", entry=True)
        finally:
            # the lock is held one delay past the last response: the next job for this key, on
            # any worker, cannot start sooner
            await asyncio.sleep(loaded.settings.crawl.download_delay)
    tally = recorder.tally(src.id)
    status = tally.status
    await asyncio.to_thread(
        archive.finish_job, run_id, "failed" if status == "failed" else "ok", recorder.tallies,
        fetches=recorder.drain_fetches(), validators=recorder.validators_seen,
        render_decisions=recorder.render_decisions,
        then=advance(src.id, due_at, started, worker_name, job_id, run_id, status))
    return JobOutcome(source_id, status, run_id, tally.new_articles)


def job_note(job_id: int | None) -> str | None:
    """The crawl run's note naming its cluster job: a job failed as stalled marks its run interrupted."""
    return None if job_id is None else f"cluster job {job_id}"


def worker_name(queues) -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{','.join(queues)}"
