"""Scrapy settings for dxwatch; crawler.runner overlays the values from the user's config."""
from pipelines.stages import item_pipelines

BOT_NAME = "dxwatch"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

ROBOTSTXT_OBEY = True
ROBOTSTXT_PARSER = "scrapy.robotstxt.ProtegoRobotParser"
USER_AGENT = "dxwatch/0.1 (CĐS news monitor)"
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_GIVE_UP_LOG_LEVEL = "INFO"          # the spider reports the failure in one line of its own
# crawler.http_retry.BackoffRetryMiddleware: each retry waits Retry-After (if the server sends one and it
# is at most DXWATCH_RETRY_AFTER_MAX; a longer one is not retried), else BASE * 2^(n-1) ±25 %.
DXWATCH_RETRY_BACKOFF_BASE = 1.0
DXWATCH_RETRY_BACKOFF_MAX = 30.0
DXWATCH_RETRY_AFTER_MAX = 120.0
REDIRECT_MAX_TIMES = 10
# The cap on a response body, and (through HttpCompressionMiddleware and spiders.feeds) on its
# decompressed size too: a gzip bomb stops here. `[crawl] max_page_bytes` sets it.
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "WARNING"
LOG_FORMATTER = "crawler.logsetup.QuietLogFormatter"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
DNS_TIMEOUT = 15

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.PrivateNetworkGuard": 50,
    "crawler.browser_guard.ProxyVerdicts": 60,          # the browser's guard (a loopback proxy) said no
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.robots.Rfc9309RobotsMiddleware": 100,
    "crawler.middlewares.SourceTimeouts": 340,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.http_retry.BackoffRetryMiddleware": 550,
    "crawler.middlewares.ConditionalGetMiddleware": 560,
    "crawler.blocking.ChallengeMiddleware": 570,      # after decompression (590), before retry (550)
    "crawler.middlewares.FetchLogMiddleware": 950,
}
EXTENSIONS = {
    "crawler.stop_attachments.StopAttachments": 500,
}

# clean -> normalize -> classify -> dedupe -> events -> store: the order is defined once, in
# pipelines.extract.STAGES (which `dxwatch extract` and reprocessing run too).
ITEM_PIPELINES = item_pipelines()

# Browser rendering (used only by requests with meta["playwright"] = True).
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 20_000
