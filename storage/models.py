"""SQLAlchemy 2.0 typed models of the archive; the SQL views (created by the migrations) are the public promise."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from common import clock

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return clock.utcnow()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Source(Base):
    __tablename__ = "sources"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    homepage: Mapped[str | None] = mapped_column(String(500))
    platform: Mapped[str | None] = mapped_column(String(32))
    scope: Mapped[str] = mapped_column(String(16), default="national")
    province: Mapped[str | None] = mapped_column(String(64))
    render: Mapped[str] = mapped_column(String(16), default="http")
    render_detected: Mapped[str | None] = mapped_column(String(16))   # auto mode's last decision
    render_checked_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CrawlRun(Base):
    __tablename__ = "crawl_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="running")  # running|ok|failed|interrupted
    pid: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default="crawl", server_default="crawl")   # crawl|reprocess


class CrawlRunSource(Base):
    """What one crawl run did for one source: the per-source report of that run."""
    __tablename__ = "crawl_run_sources"
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id", ondelete="CASCADE"), primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), primary_key=True)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    not_modified: Mapped[int] = mapped_column(Integer, default=0)
    articles: Mapped[int] = mapped_column(Integer, default=0)
    new_articles: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="ok")   # ok|failed|partial|empty
    reason: Mapped[str | None] = mapped_column(Text)               # why "empty": what was seen, nothing taken


class Fetch(Base):
    __tablename__ = "fetches"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"), index=True)
    source_id: Mapped[str | None] = mapped_column(String(64), index=True)
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))       # listing|feed|sitemap|article|robots
    status: Mapped[int | None] = mapped_column(Integer)
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(64))
    bytes: Mapped[int] = mapped_column(Integer, default=0)
    elapsed_ms: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class PageValidator(Base):
    """Latest ETag / Last-Modified per polled URL, for conditional GET."""
    __tablename__ = "page_validators"
    url: Mapped[str] = mapped_column(String(1000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Story(Base):
    __tablename__ = "stories"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Article(Base):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    url: Mapped[str] = mapped_column(String(1000), unique=True)    # canonical URL
    title: Mapped[str] = mapped_column(Text, default="")
    lead: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str | None] = mapped_column(String(200))
    source_credit: Mapped[str | None] = mapped_column(String(200))
    published_at: Mapped[str | None] = mapped_column(String(32), index=True)   # ISO 8601, +07:00
    date_source: Mapped[str | None] = mapped_column(String(32))
    first_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    relevant: Mapped[bool] = mapped_column(Boolean, default=False)
    relevance_score: Mapped[float] = mapped_column(Float, default=0.0)
    matched_terms: Mapped[str | None] = mapped_column(Text)        # JSON
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    encoding: Mapped[str | None] = mapped_column(String(32))
    last_checked_at: Mapped[datetime | None] = mapped_column(DateTime)


class ArticleVersion(Base):
    """An earlier version of an article whose content changed at the same canonical URL."""
    __tablename__ = "article_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64))
    replaced_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ArticleSignature(Base):
    """The MinHash of an article's folded text, for near-duplicate (story) matching."""
    __tablename__ = "article_signatures"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    minhash: Mapped[bytes] = mapped_column(LargeBinary)


class ArticleUrl(Base):
    """Every URL under which an article was seen (variants, syndicated exact copies)."""
    __tablename__ = "article_urls"
    url: Mapped[str] = mapped_column(String(1000), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[str | None] = mapped_column(String(64))
    first_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Snapshot(Base):
    __tablename__ = "snapshots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text)
    fetched_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[int] = mapped_column(Integer, default=200)
    headers: Mapped[str] = mapped_column(Text, default="{}")     # JSON
    html_gz: Mapped[bytes] = mapped_column(LargeBinary)
    content_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)


class Meeting(Base):
    __tablename__ = "meetings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    ordinal: Mapped[int | None] = mapped_column(Integer)
    held_on: Mapped[str | None] = mapped_column(String(10), index=True)
    held_in: Mapped[str | None] = mapped_column(String(7))          # "2023" or "2023-07" when the day is unknown
    chair: Mapped[str | None] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(String(64), default="national")
    format: Mapped[str | None] = mapped_column(String(64))
    bridge_points: Mapped[str | None] = mapped_column(Text)       # JSON list of provinces
    first_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class MeetingArticle(Base):
    __tablename__ = "meeting_articles"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    bridge_point: Mapped[str | None] = mapped_column(String(200))


class Attachment(Base):
    """A document an article links to (PDF, Word, Excel, archive): recorded, never fetched."""
    __tablename__ = "attachments"
    __table_args__ = (UniqueConstraint("article_id", "url", name="uq_attachments_article_url"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(1000), index=True)
    label: Mapped[str] = mapped_column(String(300), default="", server_default="")
    kind: Mapped[str] = mapped_column(String(16))


class Metric(Base):
    __tablename__ = "metrics"
    __table_args__ = (Index("ix_metrics_indicator_scope_period", "indicator", "scope", "period"),
                      Index("ix_metrics_article_indicator", "article_id", "indicator"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(64))
    out_of: Mapped[int | None] = mapped_column(Integer)
    period: Mapped[str | None] = mapped_column(String(64))
    period_start: Mapped[date | None] = mapped_column(Date)       # None: an "as of" figure (a running total)
    period_end: Mapped[date | None] = mapped_column(Date, index=True)   # series are ordered by this
    period_source: Mapped[str | None] = mapped_column(String(16))  # text | published (the article's date stood in)
    scope: Mapped[str] = mapped_column(String(64), default="national")
    scope_now: Mapped[str | None] = mapped_column(String(64))     # the province it belongs to after 2025
    kind: Mapped[str] = mapped_column(String(16), default="level", server_default="level")  # level|change|rank|forecast
    qualifier: Mapped[str | None] = mapped_column(String(32))
    sentence: Mapped[str] = mapped_column(Text, default="")
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    is_new: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")   # first report of this value
    is_revision: Mapped[bool] = mapped_column(Boolean, default=False)
    previous_value: Mapped[float | None] = mapped_column(Float)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SourceHealth(Base):
    __tablename__ = "source_health"
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    degraded: Mapped[bool] = mapped_column(Boolean, default=False)
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    usual_7d: Mapped[float | None] = mapped_column(Float)          # new articles a week, usually
    empty_share: Mapped[float | None] = mapped_column(Float)       # of article pages in 7 days, no body
    undated_share: Mapped[float | None] = mapped_column(Float)     # of new articles in 7 days, no date
    reason: Mapped[str | None] = mapped_column(Text)               # why degraded (storage/health.py)


class DigestRecord(Base):
    """One digest for one recipient; status building -> ready (written to the outbox) -> sent | failed."""
    __tablename__ = "digests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient: Mapped[str] = mapped_column(String(300))
    day: Mapped[str] = mapped_column(String(10))
    built_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="building")
    subject: Mapped[str] = mapped_column(Text, default="")
    message_id: Mapped[str] = mapped_column(String(300))
    eml_path: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)


class DigestItem(Base):
    """The ledger: an item (meeting key, metric id, story id) shown to a recipient in a digest."""
    __tablename__ = "digest_items"
    __table_args__ = (Index("ix_digest_items_recipient_kind_key", "recipient", "kind", "item_key"),)
    digest_id: Mapped[int] = mapped_column(ForeignKey("digests.id", ondelete="CASCADE"), primary_key=True)
    recipient: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    item_key: Mapped[str] = mapped_column(String(300), primary_key=True)


class DaemonState(Base):
    """The running daemon (one per database): pid, host, heartbeat, next scheduled run."""
    __tablename__ = "daemon_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pid: Mapped[int] = mapped_column(Integer)
    host: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime)
    next_run_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16))


class ProcessLock(Base):
    """A named lock between dxwatch processes (storage/locks.py): who holds it, since when."""
    __tablename__ = "process_locks"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    pid: Mapped[int] = mapped_column(Integer)
    host: Mapped[str] = mapped_column(String(255))
    acquired_at: Mapped[datetime] = mapped_column(DateTime)


class SourceCheck(Base):
    """One live check of a source (`dxwatch sources check`): its result and the evidence for it."""
    __tablename__ = "source_checks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(String(64), index=True)
    checked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    result: Mapped[str] = mapped_column(String(16))          # ok|moved|empty|blocked|unreachable
    evidence: Mapped[str] = mapped_column(Text, default="[]")   # JSON list of one-line facts
    links: Mapped[int] = mapped_column(Integer, default=0)      # article links the entry points gave
    sampled: Mapped[int] = mapped_column(Integer, default=0)    # article pages fetched
    extracted: Mapped[int] = mapped_column(Integer, default=0)  # of which gave a title, a date and a body


__all__ = [
    "Base", "Source", "CrawlRun", "CrawlRunSource", "Fetch", "PageValidator", "Story", "Article",
    "ArticleVersion", "ArticleSignature", "DigestRecord", "DigestItem", "DaemonState", "Attachment", "ProcessLock",
    "ArticleUrl", "Snapshot", "SourceCheck", "Meeting", "MeetingArticle", "Metric", "SourceHealth", "utcnow",
    "UniqueConstraint",
]
