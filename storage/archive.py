"""The archive's write side: sources, crawl runs, fetch log, validators, articles (one transaction each)."""
from __future__ import annotations

import gzip
import json
import os
from datetime import timedelta
from dataclasses import dataclass

from sqlalchemy import Engine, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from storage import health
from storage.reconnect import reconnecting
from storage.events import store_attachments, store_events
from pipelines.stories import traits
from storage.story_index import StoryIndex
from storage.models import (
    Article, ArticleUrl, ArticleVersion, CrawlRun, CrawlRunSource, Fetch, PageValidator, Snapshot, Source, SourceHealth,
    utcnow,
)


def pid_alive(pid) -> bool:
    """Whether a process with this pid lives on this machine (runs are marked by pid)."""
    if not pid:
        return False
    try:
        os.kill(int(pid), 0)
        return True
    except PermissionError:         # it exists, owned by another user (a daemon run as a service user)
        return True
    except (ProcessLookupError, TypeError, ValueError, OverflowError):
        return False


@dataclass
class StoreOutcome:
    status: str              # "new" | "alias" | "known"
    article_id: int | None


class Archive:
    """Everything the crawl writes goes through here; each public method is one transaction."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.Session = sessionmaker(engine, expire_on_commit=False)
        self.stories = StoryIndex()

    # --- sources and runs ---------------------------------------------------------------------
    @reconnecting
    def sync_sources(self, sources) -> None:
        """Upsert the configured sources (config is the truth for their descriptive fields)."""
        with self.Session.begin() as s:
            for src in sources:
                row = s.get(Source, src.id) or Source(id=src.id)
                row.name, row.homepage, row.platform = src.name, src.homepage, src.platform
                row.scope, row.province, row.render = src.scope, src.province, src.render
                s.add(row)

    @reconnecting
    def start_run(self, pid: int | None = None, kind: str = "crawl", note: str | None = None) -> int:
        with self.Session.begin() as s:
            run = CrawlRun(status="running", pid=pid, kind=kind, note=note)
            s.add(run)
            s.flush()
            return run.id

    @reconnecting
    def finish_run(self, run_id: int, status: str, tallies: dict, note: str | None = None) -> None:
        """Close a run: per-source rows and source health, in one transaction."""
        with self.Session.begin() as s:
            self._close_run(s, run_id, status, tallies, note)

    @reconnecting
    def finish_job(self, run_id: int, status: str, tallies: dict, *, fetches: list[dict],
                   validators: dict, render_decisions: dict, then=None) -> None:
        """A cluster job's end, all in one transaction: its fetch log, ETags, render decisions, run
        record and source health, and `then(session)` (the schedule's next due time). Its articles
        are already stored, each in its own transaction and idempotent by URL, so a job that dies
        before this commit is run again harmlessly (at least once)."""
        with self.Session.begin() as s:
            s.add_all(Fetch(**r) for r in fetches)
            self._merge_validators(s, validators)
            self._merge_render_decisions(s, render_decisions)
            self._close_run(s, run_id, status, tallies, None)
            if then is not None:
                then(s)

    def _close_run(self, s: Session, run_id: int, status: str, tallies: dict, note: str | None) -> None:
        now = utcnow()
        run = s.get(CrawlRun, run_id)
        run.status, run.finished_at, run.note = status, now, note
        for source_id, t in tallies.items():
            s.merge(CrawlRunSource(run_id=run_id, source_id=source_id, pages=t.pages,
                                   not_modified=t.not_modified, articles=t.articles,
                                   new_articles=t.new_articles, skipped=t.skipped, errors=t.errors,
                                   last_error=t.last_error, status=t.status, reason=t.empty_reason))
            h = s.get(SourceHealth, source_id) or SourceHealth(source_id=source_id, consecutive_failures=0)
            h.last_attempt_at = now
            if t.status == "failed":
                h.consecutive_failures = (h.consecutive_failures or 0) + 1
                h.last_error = t.last_error
            else:
                h.consecutive_failures = 0
                h.last_success_at = now
                h.last_error = t.last_error     # None after a clean run: the source recovered
            h.blocked = bool(t.blocked)
            s.add(h)
        health.refresh(s, list(tallies), now)

    @reconnecting
    def mark_interrupted_runs_except(self, alive) -> int:
        """Runs left 'running' by a process that no longer lives become 'interrupted'."""
        with self.Session.begin() as s:
            dead = [r.id for r in s.scalars(select(CrawlRun).where(CrawlRun.status == "running")) if not alive(r.pid)]
            if dead:
                s.execute(update(CrawlRun).where(CrawlRun.id.in_(dead))
                          .values(status="interrupted", finished_at=utcnow()))
            return len(dead)

    @reconnecting
    def mark_runs_interrupted(self, notes: list[str]) -> int:
        """Runs still 'running' under these notes (a cluster job's, whose worker died) become 'interrupted'."""
        if not notes:
            return 0
        with self.Session.begin() as s:
            return s.execute(update(CrawlRun).where(CrawlRun.status == "running", CrawlRun.note.in_(notes))
                             .values(status="interrupted", finished_at=utcnow())).rowcount

    @reconnecting
    def render_decisions(self, max_age_seconds: int) -> dict[str, str]:
        """Auto-mode decisions young enough to trust (older ones are re-checked over HTTP)."""
        from datetime import timedelta
        cutoff = utcnow() - timedelta(seconds=max_age_seconds)
        with self.Session() as s:
            rows = s.scalars(select(Source).where(Source.render_detected.is_not(None),
                                                  Source.render_checked_at >= cutoff))
            return {r.id: r.render_detected for r in rows}

    @reconnecting
    def save_render_decisions(self, decisions: dict[str, str]) -> None:
        if not decisions:
            return
        with self.Session.begin() as s:
            self._merge_render_decisions(s, decisions)

    @staticmethod
    def _merge_render_decisions(s: Session, decisions: dict[str, str]) -> None:
        for source_id, mode in decisions.items():
            row = s.get(Source, source_id)
            if row is not None and (row.render_detected != mode or row.render_checked_at is None
                                    or mode == "http"):
                row.render_detected, row.render_checked_at = mode, utcnow()

    # --- fetch log and validators -------------------------------------------------------------
    @reconnecting
    def log_fetches(self, rows: list[dict]) -> None:
        if not rows:
            return
        with self.Session.begin() as s:
            s.add_all(Fetch(**r) for r in rows)

    @reconnecting
    def validators(self, netlocs: list[str] | None = None) -> dict[str, tuple[str | None, str | None]]:
        """ETag and Last-Modified by URL: those of URLs on these hosts ("host" or "host:port", over
        http and https), or all of them. A crawl of a few sources reads its own, not the whole
        archive's. Prefix LIKE, not a range: PostgreSQL's default collations do not compare bytes."""
        q = select(PageValidator)
        if netlocs is not None:
            prefixes = [f"{scheme}://{n.lower()}/" for n in sorted(set(netlocs)) for scheme in ("http", "https")]
            if not prefixes:
                return {}
            q = q.where(or_(*(PageValidator.url.startswith(p, autoescape=True) for p in prefixes)))
        with self.Session() as s:
            return {v.url: (v.etag, v.last_modified) for v in s.scalars(q)}

    @reconnecting
    def save_validators(self, items: dict[str, tuple[str | None, str | None]]) -> None:
        if not items:
            return
        with self.Session.begin() as s:
            self._merge_validators(s, items)

    @staticmethod
    def _merge_validators(s: Session, items: dict[str, tuple[str | None, str | None]]) -> None:
        for url, (etag, lm) in items.items():
            s.merge(PageValidator(url=url[:1000], etag=etag, last_modified=lm, updated_at=utcnow()))

    # --- articles -----------------------------------------------------------------------------
    @reconnecting
    def due_for_recheck(self, source_id: str, within: int, every: int, limit: int = 500) -> list[str]:
        """URLs (as last fetched) of this source's young articles whose last check is older than
        `every` seconds: portals edit articles after publishing, and listings do not show it."""
        now = utcnow()
        with self.Session() as s:
            rows = s.execute(
                select(Article.id, Snapshot.url).join(Snapshot, Snapshot.article_id == Article.id)
                .where(Article.source_id == source_id, Article.first_seen_at >= now - timedelta(seconds=within),
                       (Article.last_checked_at.is_(None)) | (Article.last_checked_at <= now - timedelta(seconds=every)))
                .order_by(Article.id, Snapshot.id.desc())).all()
        latest: dict[int, str] = {}
        for article_id, url in rows:
            latest.setdefault(article_id, url)
        return list(latest.values())[:limit]

    @reconnecting
    def url_state(self, canonical: str, recheck_within: int | None = None, recheck_every: int = 86400) -> str:
        """'new' (never stored), 'recheck' (stored, young, not checked for `recheck_every` seconds)
        or 'known'."""
        with self.Session() as s:
            known = s.get(ArticleUrl, canonical[:1000])
            if known is None:
                return "new"
            if not recheck_within:
                return "known"
            art = s.get(Article, known.article_id)
            now = utcnow()
            young = art.first_seen_at >= now - timedelta(seconds=recheck_within)
            due = art.last_checked_at is None or art.last_checked_at <= now - timedelta(seconds=recheck_every)
            return "recheck" if young and due else "known"

    @reconnecting
    def store_article(self, ex, *, source_id: str, fetched_url: str, body: bytes, headers: dict,
                      status: int = 200) -> StoreOutcome:
        """Store one extracted article with its URLs, snapshot, story, meetings and metrics, in one
        transaction. Outcomes:
        - 'known': the canonical URL is stored with the same content (a re-check found no change);
        - 'updated': same canonical URL, new content: the old version is kept, the new one stored;
        - 'alias': the same body under another URL (an exact copy or a variant): one more URL;
        - 'new': a new article, joined to the story of its closest near-duplicate if it has one.
        """
        urls = {ex.canonical_url[:1000], fetched_url[:1000]}
        snapshot = dict(url=fetched_url, status=status, content_hash=ex.content_hash,
                        headers=json.dumps(headers, ensure_ascii=False), html_gz=gzip.compress(body, 6))
        with self.Session.begin() as s:
            existing = s.get(ArticleUrl, ex.canonical_url[:1000])
            if existing is not None:
                art = s.get(Article, existing.article_id)
                self._add_urls(s, urls, art.id, source_id)
                art.last_checked_at = utcnow()
                if art.content_hash == ex.content_hash:
                    if store_attachments(s, art.id, ex.attachments):  # a file added under an unchanged text:
                        s.add(Snapshot(article_id=art.id, version=art.version, **snapshot))  # reprocess keeps it
                    return StoreOutcome("known", art.id)
                s.add(ArticleVersion(article_id=art.id, version=art.version, title=art.title, text=art.text,
                                     content_hash=art.content_hash))
                self._fill(art, ex)
                art.version, art.updated_at = art.version + 1, utcnow()
                self._events_and_snapshot(s, art, ex, snapshot, replace=True)
                return StoreOutcome("updated", art.id)
            same_body = s.scalars(select(Article).where(Article.content_hash == ex.content_hash).limit(1)).first()
            if same_body is not None:
                self._add_urls(s, urls, same_body.id, source_id)
                return StoreOutcome("alias", same_body.id)
            art = Article(source_id=source_id, url=ex.canonical_url[:1000], last_checked_at=utcnow())
            self._fill(art, ex)
            s.add(art)
            s.flush()
            art.story_id = self.stories.story_for(s, art.id, ex.title, ex.signature,
                                                   traits(ex.title, ex.lead, ex.text))
            self._add_urls(s, urls, art.id, source_id)
            self._events_and_snapshot(s, art, ex, snapshot)
            outcome = StoreOutcome("new", art.id)
        self.stories.indexed(outcome.article_id, ex.signature)      # only once committed
        return outcome

    @staticmethod
    def _fill(art: Article, ex) -> None:
        art.title, art.lead, art.text, art.author, art.source_credit = ex.title, ex.lead, ex.text, ex.author, ex.source_credit
        art.published_at, art.date_source, art.encoding = ex.published_at, ex.date_source, ex.encoding
        art.relevant, art.relevance_score, art.content_hash = ex.relevant, ex.relevance_score, ex.content_hash
        art.matched_terms = json.dumps(ex.matched_terms, ensure_ascii=False)

    @staticmethod
    def _events_and_snapshot(s: Session, art: Article, ex, snapshot: dict, replace: bool = False) -> None:
        store_events(s, art.id, ex, replace=replace)
        s.add(Snapshot(article_id=art.id, version=art.version, **snapshot))

    @staticmethod
    def _add_urls(s: Session, urls: set[str], article_id: int, source_id: str) -> None:
        for u in urls:
            if s.get(ArticleUrl, u) is None:
                s.add(ArticleUrl(url=u, article_id=article_id, source_id=source_id))
        s.flush()
