"""`dxwatch worker`: one long-lived process, one asyncio reactor (Twisted's AsyncioSelectorReactor
over asyncio's loop), procrastinate's worker and Scrapy's crawls in it. SIGTERM/SIGINT: no new
jobs, running ones finish (up to `[cluster] shutdown_grace`). After `max_jobs` jobs or above
`max_memory_mb` it stops the same way and starts itself again (exec). A lost PostgreSQL connection
stops procrastinate's worker; this loop reconnects and starts it again."""
from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from dataclasses import dataclass

from crawler.config import LoadedConfig

log = logging.getLogger("dxwatch.cluster")
RESTART = 75                  # the worker loop's answer: exec a fresh process
REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"


@dataclass
class Options:
    queues: list[str]
    concurrency: int
    max_jobs: int
    max_memory_mb: int


def rss_mb() -> float:
    """The worker's memory with its Chromium processes (PSS: shared pages counted once)."""
    from crawler.procs import tree_rss
    return tree_rss(os.getpid()) / 2**20


class WorkerLoop:
    def __init__(self, loaded: LoadedConfig, opts: Options):
        self.loaded, self.opts = loaded, opts
        self.stopping = False           # SIGTERM: finish and exit
        self.restart = False            # job count or memory: finish and exec again
        self.jobs_done = 0
        self.worker = None

    def _job_done(self) -> None:
        self.jobs_done += 1
        mem = rss_mb()
        if not self.restart and (self.jobs_done >= self.opts.max_jobs or mem > self.opts.max_memory_mb):
            log.warning("worker restarting after %d jobs at %.0f MB (limits %d jobs, %d MB)", self.jobs_done, mem,
                        self.opts.max_jobs, self.opts.max_memory_mb)
            self.restart = True
            if self.worker is not None:
                self.worker.stop()

    def _signal(self, signame: str) -> None:
        log.warning("%s: no new jobs; the running ones finish", signame)
        self.stopping = True
        if self.worker is not None:
            self.worker.stop()

    async def serve(self) -> int:
        from procrastinate.worker import Worker
        from cluster.crawljob import worker_name
        from cluster.tasks import Runtime, build_app
        from storage.db import open_archive
        cfg = self.loaded.settings
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self._signal, sig.name)
        engine = open_archive(cfg.storage.url)
        rt = Runtime(self.loaded, engine, worker_name(self.opts.queues), on_job_done=self._job_done)
        app = build_app(rt)
        backoff = 1.0
        try:
            while not (self.stopping or self.restart):
                try:
                    async with app.open_async():
                        self.worker = Worker(app, queues=self.opts.queues, name=rt.worker_name,
                                             concurrency=self.opts.concurrency, install_signal_handlers=False,
                                             shutdown_graceful_timeout=cfg.cluster.shutdown_grace,
                                             update_heartbeat_interval=cfg.cluster.heartbeat,
                                             stalled_worker_timeout=cfg.cluster.stalled_after,
                                             fetch_job_polling_interval=min(5.0, cfg.cluster.heartbeat))
                        if self.stopping or self.restart:
                            break
                        await self.worker.run()
                        backoff = 1.0
                except Exception as e:  # noqa: BLE001 - the database went away: reconnect
                    log.warning("worker lost its database (%s); reconnecting in %.0f s",
                                str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__, backoff)
                if not (self.stopping or self.restart):
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, 30.0)
        finally:
            self.worker = None
            engine.dispose()
        return RESTART if self.restart and not self.stopping else 0


def run_worker(loaded: LoadedConfig, opts: Options) -> int:
    """Install the asyncio reactor, run the worker loop in it; exec a fresh process on RESTART."""
    from scrapy.utils.log import configure_logging
    from scrapy.utils.reactor import install_reactor
    from crawler.logsetup import quiet_network_tracebacks
    from crawler.runner import offline_public_suffixes
    install_reactor(REACTOR)
    from twisted.internet import reactor
    configure_logging({"LOG_LEVEL": loaded.settings.crawl.log_level,
                       "LOG_FORMATTER": "crawler.logsetup.QuietLogFormatter", "LOG_INSTALL_ROOT_HANDLER": True})
    logging.getLogger("dxwatch").setLevel(logging.INFO)
    offline_public_suffixes()
    quiet_network_tracebacks()
    result: dict = {}
    wl = WorkerLoop(loaded, opts)

    def start() -> None:
        task = asyncio.ensure_future(wl.serve())
        task.add_done_callback(lambda t: (result.update(task=t), reactor.stop()))

    reactor.callWhenRunning(start)
    reactor.run(installSignalHandlers=False)
    task = result.get("task")
    code = task.result() if task is not None and not task.cancelled() else 1
    if code == RESTART:
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, [sys.executable, "-m", "crawler.cli", *sys.argv[1:]])
    return code
