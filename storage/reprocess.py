"""`dxwatch reprocess`: re-run extraction, classification, dedup and event recognition over the
stored snapshots after an upgrade. Idempotent: running it twice changes nothing the second time."""
from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import delete, func, select

from pipelines.extract import SourceHints, extract_page
from pipelines.stories import to_bytes, traits
from storage.archive import Archive, pid_alive
from storage.events import store_events
from storage.models import (
    Article, ArticleSignature, Attachment, Meeting, MeetingArticle, Metric, Snapshot, Story,
)


@dataclass
class ReprocessReport:
    articles: int = 0
    changed: int = 0
    skipped: int = 0


def _state(s, art: Article) -> tuple:
    meetings = sorted(s.scalars(select(MeetingArticle.meeting_id).where(MeetingArticle.article_id == art.id)))
    metrics = sorted((m.indicator, m.value, m.scope, m.period or "") for m in
                     s.scalars(select(Metric).where(Metric.article_id == art.id)))
    files = sorted(s.scalars(select(Attachment.url).where(Attachment.article_id == art.id)))
    return (art.title, art.text, art.published_at, art.relevant, art.relevance_score, art.content_hash,
            art.story_id, tuple(meetings), tuple(metrics), tuple(files))


def reprocess(archive: Archive, hints: Callable[[str], SourceHints], *, since: str | None = None,
              source: str | None = None, progress: Callable[[int, int], None] | None = None) -> ReprocessReport:
    """Recorded as a run (kind 'reprocess'): one killed mid-way is marked 'interrupted' by the next
    run; each article is redone in one transaction, so what it finished is whole, and running it
    again finishes the rest."""
    archive.mark_interrupted_runs_except(pid_alive)
    run_id = archive.start_run(pid=os.getpid(), kind="reprocess")
    report = _reprocess(archive, hints, since=since, source=source, progress=progress)
    archive.finish_run(run_id, "ok", {}, note=f"{report.articles} articles, {report.changed} changed")
    return report


def _reprocess(archive: Archive, hints, *, since, source, progress) -> ReprocessReport:
    report = ReprocessReport()
    with archive.Session() as s:
        q = select(Article.id).order_by(Article.id)
        if source:
            q = q.where(Article.source_id == source)
        if since:
            q = q.where(func.coalesce(Article.published_at, "") >= since)
        ids = list(s.scalars(q))
    for n, article_id in enumerate(ids, 1):
        with archive.Session.begin() as s:
            art = s.get(Article, article_id)
            snap = s.scalars(select(Snapshot).where(Snapshot.article_id == article_id)
                             .order_by(Snapshot.id.desc()).limit(1)).first()
            report.articles += 1
            if snap is None:
                report.skipped += 1
                continue
            headers = json.loads(snap.headers or "{}")
            ex = extract_page(gzip.decompress(snap.html_gz), snap.url, hints(art.source_id),
                              content_type=headers.get("Content-Type") or headers.get("content-type"))
            if ex.skipped:
                report.skipped += 1
                continue
            before = _state(s, art)
            Archive._fill(art, ex)
            store_events(s, art.id, ex, replace=True)
            _restory(archive, s, art, ex)
            if _state(s, art) != before:
                report.changed += 1
        if progress:
            progress(n, len(ids))
    with archive.Session.begin() as s:      # meetings no article reports any more, empty stories
        s.execute(delete(Meeting).where(~Meeting.id.in_(select(MeetingArticle.meeting_id))))
        s.execute(delete(Story).where(~Story.id.in_(select(Article.story_id).where(Article.story_id.is_not(None)))))
    return report


def _restory(archive: Archive, s, art: Article, ex) -> None:
    """Only an article whose signature changed is matched again, so stories stay stable."""
    stored = s.get(ArticleSignature, art.id)
    new = to_bytes(ex.signature) if ex.signature is not None else None
    if (stored.minhash if stored else None) == new:
        return
    if stored is not None:
        s.delete(stored)
        s.flush()
    art.story_id = archive.stories.story_for(s, art.id, ex.title, ex.signature,
                                             traits(ex.title, ex.lead, ex.text))
    archive.stories.indexed(art.id, ex.signature)
