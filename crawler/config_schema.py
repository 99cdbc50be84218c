"""The configuration's schema: strict pydantic models of every section and key (crawler.config
loads them: defaults < file < sources/ < environment)."""
from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

DEFAULT_CONFIG_NAME = "dxwatch.toml"
ENV_PREFIX = "DXWATCH_"
_DURATION_RE = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


class ConfigError(Exception):
    """A configuration problem, already phrased for the user: file, key, what is expected."""

    def __init__(self, file: str, key: str, expected: str):
        self.file, self.key, self.expected = file, key, expected
        super().__init__(f"{file}: {key}: {expected}")


def parse_duration(text: str) -> int:
    """'30m' -> 1800 seconds; accepts d/h/m/s parts in that order, e.g. '1h30m'."""
    m = _DURATION_RE.match(text.strip()) if isinstance(text, str) else None
    if not m or not any(m.groups()):
        raise ValueError(f"expected a duration like '30m', '2h' or '1h30m', got {text!r}")
    d, h, mi, s = (int(g or 0) for g in m.groups())
    seconds = ((d * 24 + h) * 60 + mi) * 60 + s
    if seconds <= 0:
        raise ValueError(f"expected a positive duration, got {text!r}")
    return seconds


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class StorageConfig(_Strict):
    url: str = "sqlite:///var/dxwatch.db"

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not re.match(r"^(sqlite|postgresql)(\+\w+)?://", v):
            raise ValueError("expected 'sqlite:///path.db' or 'postgresql+psycopg://user@host/db'")
        return v


class CrawlConfig(_Strict):
    allow_private_networks: bool = False
    allow_private_hosts: list[str] = []      # names that may resolve to private addresses (an intranet portal)
    resolve: dict[str, str] = {}             # pin names to addresses, like curl --resolve (still guarded)
    sources_dir: str = "sources"
    user_agent: str = "dxwatch/0.1 (+https://github.com/dxwatch/dxwatch; CĐS news monitor)"
    obey_robots: bool = True
    concurrent_requests: int = Field(16, ge=1, le=256)
    per_host_concurrency: int = Field(1, ge=1, le=32)
    download_delay: float = Field(0.5, ge=0, le=60)
    parallel_crawls: int = Field(8, ge=1, le=64)            # the daemon's crawls at once (a child process each)
    autothrottle: bool = True
    download_timeout: int = Field(30, ge=1, le=600)
    retry_times: int = Field(2, ge=0, le=10)
    retry_backoff: float = Field(1.0, ge=0, le=60)          # seconds before retry 1, doubled each time
    retry_backoff_max: float = Field(30.0, ge=0, le=600)
    retry_after_max: float = Field(120.0, ge=0, le=3600)    # a longer Retry-After is not waited for
    max_page_bytes: int = Field(20 * 1024 * 1024, ge=10_000)
    default_max_pages: int = Field(5, ge=1, le=1000)
    max_articles_per_source: int = Field(200, ge=1, le=100_000)
    article_shapes: bool = True              # the twelve known article URL shapes, one signal of the link scorer
    max_sections: int = Field(30, ge=0, le=500)          # section pages followed from a homepage start URL
    max_sitemap_urls: int = Field(1000, ge=1, le=100_000)  # sitemap candidates per source, news and newest first
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "WARNING"

    @field_validator("resolve")
    @classmethod
    def _pins(cls, v: dict[str, str]) -> dict[str, str]:
        import ipaddress
        for name, addr in v.items():
            try:
                ipaddress.ip_address(addr)
            except ValueError:
                raise ValueError(f"expected an IP address for {name!r}, got {addr!r}") from None
        return v


class RecipientConfig(_Strict):
    """A recipient with optional filters: an item passes when it matches every filter given."""
    address: str
    sources: list[str] = []          # source ids
    provinces: list[str] = []        # scopes ("national" counts as a province name here)
    keywords: list[str] = []         # any of these words in a title or metric label (diacritics ignored)


class MailConfig(_Strict):
    smtp_host: str = ""
    smtp_port: int = Field(587, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str = ""
    password_env: str = "DXWATCH_SMTP_PASSWORD"
    sender: str = "dxwatch@localhost"
    recipients: list[str | RecipientConfig] = []   # "a@b.vn" or {address = "…", provinces = ["Sóc Trăng"]}
    outbox_dir: str = "var/outbox"


class DigestConfig(_Strict):
    time: str = "07:00"
    timezone: str = "Asia/Ho_Chi_Minh"
    send_empty: bool = False            # nothing new: no email unless this is true

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"expected an IANA time zone like 'Asia/Ho_Chi_Minh', got {v!r}") from None
        return v

    @field_validator("time")
    @classmethod
    def _time(cls, v: str) -> str:
        if not re.match(r"^([01]\d|2[0-3]):[0-5]\d$", v):
            raise ValueError(f"expected a time of day 'HH:MM', got {v!r}")
        return v


class BrowserConfig(_Strict):
    page_timeout: int = Field(20, ge=1, le=300)        # seconds per page, navigation and interactions
    max_pages_per_context: int = Field(4, ge=1, le=64)
    recycle_after: int = Field(25, ge=1, le=10_000)    # pages per context before it is replaced
    block_resources: list[str] = ["image", "media", "font", "stylesheet"]
    auto_recheck: str = "7d"                           # how long an auto-mode decision is trusted

    @field_validator("auto_recheck")
    @classmethod
    def _recheck(cls, v: str) -> str:
        parse_duration(v)
        return v


class RelevanceConfig(_Strict):
    extra_terms: dict[str, float] = {}
    threshold: float = Field(0.4, ge=0, le=1)


class SourceConfig(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    homepage: str | None = None
    start_urls: list[str] = []
    feeds: list[str] = []
    sitemaps: list[str] = []
    render: Literal["http", "browser", "auto"] = "http"
    interval: str = "1h"
    platform: str | None = None
    scope: Literal["national", "province"] = "national"
    province: str | None = None
    article_url_pattern: str | None = None
    max_pages: int | None = Field(None, ge=1, le=1000)
    download_timeout: int | None = Field(None, ge=1, le=600)   # seconds; a slow portal's own ([crawl] otherwise)
    content_selector: str | None = None
    remove_selectors: list[str] = []
    # browser rendering (render = "browser", or "auto" when it decides so)
    wait_for: str | None = None              # CSS selector to wait for before reading links
    click_more: str | None = None            # a "Xem thêm" button, clicked while new links appear
    max_clicks: int = Field(5, ge=0, le=100)
    scroll: int = Field(0, ge=0, le=50)      # scroll to the bottom this many times (bounded)
    render_articles: bool = False            # fetch article pages through the browser too
    # re-checking stored articles for edits: those first seen within `recheck_within` are fetched
    # again when their last check is older than `recheck_every` ("" turns re-checking off)
    recheck_within: str = "2d"
    recheck_every: str = "1d"
    enabled: bool = True
    verified: bool = False
    notes: str | None = None
    # cluster mode: sources sharing a server name one key; never two requests in flight per key
    politeness_key: str | None = Field(None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")

    @field_validator("start_urls", "feeds", "sitemaps")
    @classmethod
    def _urls(cls, v: list[str]) -> list[str]:
        for u in v:
            if not re.match(r"^https?://[^/\s]+", u):
                raise ValueError(f"expected absolute http(s) URLs, got {u!r}")
        return v

    @field_validator("interval", "recheck_every")
    @classmethod
    def _interval(cls, v: str) -> str:
        parse_duration(v)
        return v

    @field_validator("recheck_within")
    @classmethod
    def _recheck(cls, v: str) -> str:
        if v:
            parse_duration(v)
        return v

    @field_validator("article_url_pattern")
    @classmethod
    def _regex(cls, v: str | None) -> str | None:
        if v:
            try:
                re.compile(v)
            except re.error as e:
                raise ValueError(f"expected a Python regular expression ({e})") from None
        return v or None

    @model_validator(mode="after")
    def _has_entry(self) -> "SourceConfig":
        if not (self.start_urls or self.feeds or self.sitemaps):
            raise ValueError("expected at least one of start_urls, feeds, sitemaps")
        return self

    @property
    def interval_seconds(self) -> int:
        return parse_duration(self.interval)

    @property
    def host_key(self) -> str:
        """The politeness key: the one named, else the host of the first entry URL."""
        from urllib.parse import urlsplit
        first = [*self.start_urls, *self.feeds, *self.sitemaps][0]
        return self.politeness_key or (urlsplit(first).hostname or first).lower()


class ClusterConfig(_Strict):
    """`dxwatch worker` processes on PostgreSQL (docs/cluster.md); off: the single daemon."""
    enabled: bool = False
    dispatch_every: str = "1m"              # how often the due sources are queued
    heartbeat: float = Field(10.0, ge=0.5, le=300)      # seconds between a worker's heartbeats
    stalled_after: float = Field(60.0, ge=2, le=3600)   # no heartbeat for this long: its jobs fail
    concurrency: int = Field(8, ge=1, le=256)           # crawl jobs at once per worker
    max_jobs: int = Field(500, ge=1)                    # a worker restarts itself after this many jobs
    max_memory_mb: int = Field(1500, ge=100)            # ... or above this resident memory
    shutdown_grace: float = Field(600.0, ge=1)          # SIGTERM: running jobs get this long to finish

    @field_validator("dispatch_every")
    @classmethod
    def _every(cls, v: str) -> str:
        n = parse_duration(v)
        if not (n < 60 and 60 % n == 0 or n % 60 == 0 and 60 % (n // 60) == 0 or n == 3600):
            raise ValueError(f"expected seconds dividing a minute (5s, 10s, 30s) or minutes dividing an hour, got {v!r}")
        return v


class Settings(_Strict):
    storage: StorageConfig = StorageConfig()
    crawl: CrawlConfig = CrawlConfig()
    mail: MailConfig = MailConfig()
    digest: DigestConfig = DigestConfig()
    browser: BrowserConfig = BrowserConfig()
    relevance: RelevanceConfig = RelevanceConfig()
    cluster: ClusterConfig = ClusterConfig()
    sources: list[SourceConfig] = []
