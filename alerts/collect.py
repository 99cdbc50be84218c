"""What a recipient has not been sent yet: rows from the archive, checked against the ledger."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts.digest import MeetingItem, MetricItem, Report, StoryItem
from storage.models import (
    Article, DigestItem, DigestRecord, Meeting, MeetingArticle, Metric, Source, SourceHealth,
)

LOOKBACK_DAYS = 7        # items first seen longer ago than this are history, not news


def _sent(s: Session, recipient: str, kind: str) -> set[str]:
    """Item keys already in a digest that was sent, or written and possibly sent (status ready):
    a digest interrupted after sending must not be repeated with other items."""
    rows = s.execute(select(DigestItem.item_key).join(DigestRecord, DigestRecord.id == DigestItem.digest_id)
                     .where(DigestItem.recipient == recipient, DigestItem.kind == kind,
                            DigestRecord.status.in_(("sent", "ready"))))
    return {r[0] for r in rows}


def collect(s: Session, recipient: str, *, start: datetime, end: datetime, pending_only: bool = True):
    """(meetings, metrics, stories, degraded) first seen in [start, end), minus what the ledger says
    this recipient already got (unless pending_only is False: a rebuild of a past day)."""
    names = dict(s.execute(select(Source.id, Source.name)).all())
    sent = {k: _sent(s, recipient, k) for k in ("meeting", "metric", "story")} if pending_only else \
        {k: set() for k in ("meeting", "metric", "story")}

    meetings, meeting_articles = [], set()
    for m in s.scalars(select(Meeting).where(Meeting.first_seen_at >= start, Meeting.first_seen_at < end)
                       .order_by(Meeting.held_on, Meeting.id)):
        reports = s.execute(select(Article.id, Article.title, Article.url, Article.source_id)
                            .join(MeetingArticle, MeetingArticle.article_id == Article.id)
                            .where(MeetingArticle.meeting_id == m.id).order_by(Article.id)).all()
        meeting_articles |= {r[0] for r in reports}     # reported through their meeting, sent or not
        if m.key in sent["meeting"]:
            continue
        meetings.append(MeetingItem(key=m.key, kind=m.kind, body=m.body, ordinal=m.ordinal, held_on=m.held_on,
                                    chair=m.chair, scope=m.scope,
                                    reports=[Report(r[1], r[2], names.get(r[3], r[3]), r[3]) for r in reports]))
    metrics, series_cache = [], {}
    for x, url, source_id in s.execute(
            select(Metric, Article.url, Article.source_id).join(Article, Article.id == Metric.article_id)
            .where(Metric.first_seen_at >= start, Metric.first_seen_at < end, Metric.is_new)
            .order_by(Metric.indicator, Metric.scope, Metric.period_end, Metric.id)):
        if str(x.id) not in sent["metric"]:
            if (x.indicator, x.scope, x.unit) not in series_cache:
                series_cache[(x.indicator, x.scope, x.unit)] = series_of(s, x.indicator, x.scope, x.unit)
            series = series_cache[(x.indicator, x.scope, x.unit)]
            metrics.append(MetricItem(series=series if len(series) >= 2 else [], id=x.id, label=x.label, scope=x.scope,
                                      period=x.period, value=x.value, unit=x.unit, previous_value=x.previous_value,
                                      sentence=x.sentence, url=url, source=names.get(source_id, source_id),
                                      source_id=source_id, indicator=x.indicator, out_of=x.out_of,
                                      period_end=x.period_end.isoformat() if x.period_end else None))
    stories: dict[int, StoryItem] = {}
    for a in s.scalars(select(Article).where(Article.relevant, Article.first_seen_at >= start,
                                             Article.first_seen_at < end).order_by(Article.id)):
        if a.id in meeting_articles or a.story_id is None or str(a.story_id) in sent["story"]:
            continue
        item = stories.get(a.story_id)
        if item is None:
            stories[a.story_id] = StoryItem(id=a.story_id, title=a.title, url=a.url, source=names.get(a.source_id, a.source_id),
                                            source_id=a.source_id)
        elif names.get(a.source_id, a.source_id) not in item.also + [item.source]:
            item.also.append(names.get(a.source_id, a.source_id))
    degraded = [f"{names.get(h.source_id, h.source_id)}: {why_vi(h)}"
                for h in s.scalars(select(SourceHealth).where(SourceHealth.degraded).order_by(SourceHealth.source_id))]
    return meetings, metrics, list(stories.values()), degraded


def series_of(s: Session, indicator: str, scope: str, unit: str) -> list[tuple[str, float, date]]:
    """One point per period of an indicator in one scope, in time order (by the period's end; a
    figure with no period stands at its article's publication day, else the day it was first
    seen). Where a period was reported more than once, its latest report wins (a revision)."""
    rows = s.execute(select(Metric.period, Metric.period_end, Metric.value, Metric.first_seen_at)
                     .where(Metric.indicator == indicator, Metric.scope == scope, Metric.unit == unit)
                     .order_by(Metric.first_seen_at, Metric.id)).all()
    points: dict[tuple, tuple[str, float, date]] = {}
    for period, end, value, first_seen in rows:
        end = end or first_seen.date()
        label = period or f"{end.day:02d}/{end.month:02d}/{end.year}"
        points[(label, end)] = (label, value, end)
    return sorted(points.values(), key=lambda p: (p[2], p[0]))


def why_vi(h: SourceHealth) -> str:
    """The reader's line for a degraded source (storage/health.py says why in English)."""
    kind = (h.reason or "").split(":", 1)[0]
    pct = lambda v: f"{round(100 * (v or 0))}%"      # noqa: E731
    line = {
        "blocked": "bị chặn (robots.txt hoặc trang kiểm tra chống bot)",
        "failing": f"không truy cập được {h.consecutive_failures} lần liên tiếp",
        "no articles": f"lần thu thập gần nhất không lấy được bài nào ({(h.reason or '').split(':', 1)[-1].strip()})",
        "quiet": f"không có bài mới trong 7 ngày (thường {h.usual_7d or 0:.1f} bài/tuần), có thể trang đã đổi giao diện",
        "empty": f"{pct(h.empty_share)} trang bài trong 7 ngày không lấy được nội dung",
        "undated": f"{pct(h.undated_share)} bài mới trong 7 ngày không có ngày đăng",
    }.get(kind, "cần kiểm tra")
    return f"{line}; lỗi gần nhất: {h.last_error}" if h.last_error and kind in ("failing", "blocked") else line


def window_for(day_start_utc: datetime, lookback_days: int = LOOKBACK_DAYS) -> tuple[datetime, datetime]:
    return day_start_utc - timedelta(days=lookback_days), day_start_utc + timedelta(days=1)


def apply_filters(rcpt, meetings, metrics, stories):
    """Keep what a recipient with filters asked for (a plain address gets everything)."""
    from pipelines.textnorm import fold
    if isinstance(rcpt, str) or not (rcpt.sources or rcpt.provinces or rcpt.keywords):
        return meetings, metrics, stories
    provinces = {fold(p) for p in rcpt.provinces}
    words = [fold(k) for k in rcpt.keywords]

    def ok(source_ids, scope, text):
        return ((not rcpt.sources or any(s in rcpt.sources for s in source_ids))
                and (not provinces or fold(scope) in provinces)
                and (not words or any(w in fold(text) for w in words)))
    return ([m for m in meetings if ok([r.source_id for r in m.reports], m.scope, m.body + " " + " ".join(r.title for r in m.reports))],
            [x for x in metrics if ok([x.source_id], x.scope, x.label + " " + x.sentence)],
            [s for s in stories if ok([s.source_id], "national", s.title)])
