"""Source health: is a source still doing its job? Figures from the archive, a pure verdict.

A source is **degraded** when any of these holds (the first that holds is its `reason`):

- blocked: robots.txt forbids its entry URLs, or it answers with a challenge page;
- failing: its last 3 or more crawls reached none of its entry URLs;
- no articles: its last crawl reached it but took nothing (its entry points gave links and none
  looked like an article, or what was taken stored nothing): the crawl's status "empty", with what
  was seen ("sitemap listed 2 URLs, none looked like articles");
- quiet: it used to yield (at least 1 new article a week, over the weeks after its first crawl)
  and nothing new came in the last 7 days although it was crawled successfully: a redesign that
  moved the news list, typically;
- empty: at least half of the article pages fetched in the last 7 days (5 at least) gave no body:
  the page layout changed under the extractor, or the body is now drawn by script;
- undated: at least half of its new articles of the last 7 days (5 at least) have no date.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Article, CrawlRun, CrawlRunSource, Source, SourceHealth, utcnow

FAILURES = 3
MIN_SAMPLE = 5
SHARE = 0.5
QUIET_USUAL = 1.0           # articles a week
HISTORY_DAYS = 63           # the usual rate is measured over the 8 weeks before the last 7 days
MIN_HISTORY_WEEKS = 2


@dataclass
class Figures:
    consecutive_failures: int = 0
    blocked: bool = False
    articles_7d: int = 0
    usual_7d: float | None = None        # None: not enough history to say
    pages_7d: int = 0                    # article pages fetched in the last 7 days
    empty_7d: int = 0                    # of which gave no body
    undated_7d: int = 0                  # new articles of the last 7 days without a date
    succeeded_7d: bool = False           # at least one crawl of the last 7 days reached the source
    last_status: str | None = None       # the last crawl's status for the source (ok|partial|empty|failed)
    last_reason: str | None = None       # and why it was "empty"

    @property
    def empty_share(self) -> float | None:
        return self.empty_7d / self.pages_7d if self.pages_7d else None

    @property
    def undated_share(self) -> float | None:
        return self.undated_7d / self.articles_7d if self.articles_7d else None


def assess(f: Figures) -> str | None:
    """The reason a source is degraded, or None when it is healthy."""
    if f.blocked:
        return "blocked: robots.txt forbids its entry URLs or it serves a challenge page"
    if f.consecutive_failures >= FAILURES:
        return f"failing: the last {f.consecutive_failures} crawls reached none of its entry URLs"
    if f.last_status == "empty":
        return f"no articles: {f.last_reason or 'the last crawl took nothing'}"
    if f.usual_7d is not None and f.usual_7d >= QUIET_USUAL and f.articles_7d == 0 and f.succeeded_7d:
        return f"quiet: no new article in 7 days, usually {f.usual_7d:.1f} a week (a redesign?)"
    if f.pages_7d >= MIN_SAMPLE and f.empty_7d / f.pages_7d >= SHARE:
        return f"empty: {f.empty_7d} of {f.pages_7d} article pages in 7 days gave no text"
    if f.articles_7d >= MIN_SAMPLE and f.undated_7d / f.articles_7d >= SHARE:
        return f"undated: {f.undated_7d} of {f.articles_7d} new articles in 7 days have no date"
    return None


def figures(s: Session, source_id: str, h: SourceHealth | None, now: datetime) -> Figures:
    week = now - timedelta(days=7)
    f = Figures(consecutive_failures=(h.consecutive_failures or 0) if h else 0, blocked=bool(h and h.blocked))
    f.articles_7d, f.undated_7d = s.execute(
        select(func.count(), func.count().filter(Article.published_at.is_(None)))
        .where(Article.source_id == source_id, Article.first_seen_at >= week)).one()
    first = s.scalar(select(func.min(Article.first_seen_at)).where(Article.source_id == source_id))
    if first is not None:
        # the first crawl's backfill is history, not a rate: count from the day after it
        start = max(now - timedelta(days=HISTORY_DAYS), first + timedelta(days=1))
        weeks = (week - start).total_seconds() / (7 * 86400)
        if weeks >= MIN_HISTORY_WEEKS:
            n = s.scalar(select(func.count()).where(Article.source_id == source_id,
                                                    Article.first_seen_at >= start, Article.first_seen_at < week))
            f.usual_7d = n / weeks
    pages, empty, ok = s.execute(
        select(func.coalesce(func.sum(CrawlRunSource.articles), 0), func.coalesce(func.sum(CrawlRunSource.skipped), 0),
               func.count().filter(CrawlRunSource.status != "failed"))
        .join(CrawlRun, CrawlRun.id == CrawlRunSource.run_id)
        .where(CrawlRunSource.source_id == source_id, CrawlRun.started_at >= week)).one()
    f.pages_7d, f.empty_7d, f.succeeded_7d = int(pages), int(empty), ok > 0
    last = s.execute(select(CrawlRunSource.status, CrawlRunSource.reason)
                     .join(CrawlRun, CrawlRun.id == CrawlRunSource.run_id)
                     .where(CrawlRunSource.source_id == source_id)
                     .order_by(CrawlRun.started_at.desc(), CrawlRunSource.run_id.desc()).limit(1)).first()
    if last is not None:
        f.last_status, f.last_reason = last
    return f


def refresh(s: Session, source_ids: list[str] | None = None, now: datetime | None = None) -> dict[str, str | None]:
    """Recompute the figures and the verdict of these sources (all when None); {id: reason}."""
    now = now or utcnow()
    ids = source_ids if source_ids is not None else list(s.scalars(select(Source.id)))
    out = {}
    for source_id in ids:
        h = s.get(SourceHealth, source_id) or SourceHealth(source_id=source_id, consecutive_failures=0,
                                                           degraded=False, blocked=False)
        f = figures(s, source_id, h, now)
        reason = assess(f)
        h.usual_7d = round(f.usual_7d, 2) if f.usual_7d is not None else None
        h.empty_share = round(f.empty_share, 3) if f.empty_share is not None else None
        h.undated_share = round(f.undated_share, 3) if f.undated_share is not None else None
        h.degraded, h.reason = reason is not None, reason
        s.add(h)
        out[source_id] = reason
    return out
