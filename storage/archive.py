"""The archive's write side: sources, crawl runs, fetch log, validators, articles (one transaction each)."""
from __future__ import annotations

import gzip
import json
from dataclasses import dataclass

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from storage.events import store_meetings, store_metrics
from storage.models import (
    Article, ArticleUrl, CrawlRun, CrawlRunSource, Fetch, PageValidator, Snapshot, Source, SourceHealth,
    Story, utcnow,
)


@dataclass
class StoreOutcome:
    status: str              # "new" | "alias" | "known"
    article_id: int | None


class Archive:
    """Everything the crawl writes goes through here; each public method is one transaction."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.Session = sessionmaker(engine, expire_on_commit=False)

    # --- sources and runs ---------------------------------------------------------------------
    def sync_sources(self, sources) -> None:
        """Upsert the configured sources (config is the truth for their descriptive fields)."""
        with self.Session.begin() as s:
            for src in sources:
                row = s.get(Source, src.id) or Source(id=src.id)
                row.name, row.homepage, row.platform = src.name, src.homepage, src.platform
                row.scope, row.province, row.render = src.scope, src.province, src.render
                s.add(row)

    def start_run(self, pid: int | None = None) -> int:
        with self.Session.begin() as s:
            run = CrawlRun(status="running", pid=pid)
            s.add(run)
            s.flush()
            return run.id

    def finish_run(self, run_id: int, status: str, tallies: dict, note: str | None = None) -> None:
        """Close a run: per-source rows and source health, in one transaction."""
        now = utcnow()
        with self.Session.begin() as s:
            run = s.get(CrawlRun, run_id)
            run.status, run.finished_at, run.note = status, now, note
            for source_id, t in tallies.items():
                s.merge(CrawlRunSource(run_id=run_id, source_id=source_id, pages=t.pages,
                                       not_modified=t.not_modified, articles=t.articles,
                                       new_articles=t.new_articles, skipped=t.skipped, errors=t.errors,
                                       last_error=t.last_error, status=t.status))
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
                h.degraded = (h.consecutive_failures or 0) >= 3 or bool(t.blocked)
                s.add(h)

    def mark_interrupted_runs_except(self, alive) -> int:
        """Runs left 'running' by a process that no longer lives become 'interrupted'."""
        with self.Session.begin() as s:
            dead = [r.id for r in s.scalars(select(CrawlRun).where(CrawlRun.status == "running")) if not alive(r.pid)]
            if dead:
                s.execute(update(CrawlRun).where(CrawlRun.id.in_(dead))
                          .values(status="interrupted", finished_at=utcnow()))
            return len(dead)

    def render_decisions(self, max_age_seconds: int) -> dict[str, str]:
        """Auto-mode decisions young enough to trust (older ones are re-checked over HTTP)."""
        from datetime import timedelta
        cutoff = utcnow() - timedelta(seconds=max_age_seconds)
        with self.Session() as s:
            rows = s.scalars(select(Source).where(Source.render_detected.is_not(None),
                                                  Source.render_checked_at >= cutoff))
            return {r.id: r.render_detected for r in rows}

    def save_render_decisions(self, decisions: dict[str, str]) -> None:
        if not decisions:
            return
        with self.Session.begin() as s:
            for source_id, mode in decisions.items():
                row = s.get(Source, source_id)
                if row is not None and (row.render_detected != mode or row.render_checked_at is None
                                        or mode == "http"):
                    row.render_detected, row.render_checked_at = mode, utcnow()

    # --- fetch log and validators -------------------------------------------------------------
    def log_fetches(self, rows: list[dict]) -> None:
        if not rows:
            return
        with self.Session.begin() as s:
            s.add_all(Fetch(**r) for r in rows)

    def validators(self) -> dict[str, tuple[str | None, str | None]]:
        with self.Session() as s:
            return {v.url: (v.etag, v.last_modified) for v in s.scalars(select(PageValidator))}

    def save_validators(self, items: dict[str, tuple[str | None, str | None]]) -> None:
        if not items:
            return
        with self.Session.begin() as s:
            for url, (etag, lm) in items.items():
                s.merge(PageValidator(url=url[:1000], etag=etag, last_modified=lm, updated_at=utcnow()))

    # --- articles -----------------------------------------------------------------------------
    def known_url(self, canonical: str) -> bool:
        with self.Session() as s:
            return s.get(ArticleUrl, canonical[:1000]) is not None

    def store_article(self, ex, *, source_id: str, fetched_url: str, body: bytes, headers: dict,
                      status: int = 200) -> StoreOutcome:
        """Store one extracted article, its URLs, snapshot and story in one transaction.

        The same canonical URL already stored: 'known'. The same body under another URL (an exact
        syndicated copy or a variant): recorded as another URL of the stored article, 'alias'.
        """
        urls = {ex.canonical_url[:1000], fetched_url[:1000]}
        with self.Session.begin() as s:
            existing = s.get(ArticleUrl, ex.canonical_url[:1000])
            if existing is not None:
                self._add_urls(s, urls, existing.article_id, source_id)
                return StoreOutcome("known", existing.article_id)
            same_body = s.scalars(select(Article).where(Article.content_hash == ex.content_hash).limit(1)).first()
            if same_body is not None:
                self._add_urls(s, urls, same_body.id, source_id)
                return StoreOutcome("alias", same_body.id)
            story = Story(title=ex.title)
            s.add(story)
            s.flush()
            art = Article(
                source_id=source_id, url=ex.canonical_url[:1000], title=ex.title, lead=ex.lead, text=ex.text,
                author=ex.author, source_credit=ex.source_credit, published_at=ex.published_at,
                date_source=ex.date_source, relevant=ex.relevant, relevance_score=ex.relevance_score,
                matched_terms=json.dumps(ex.matched_terms, ensure_ascii=False), content_hash=ex.content_hash,
                story_id=story.id, encoding=ex.encoding,
            )
            s.add(art)
            s.flush()
            self._add_urls(s, urls, art.id, source_id)
            store_meetings(s, art.id, ex.meetings)
            store_metrics(s, art.id, ex.metrics)
            s.add(Snapshot(article_id=art.id, url=fetched_url, status=status, content_hash=ex.content_hash,
                           headers=json.dumps(headers, ensure_ascii=False), html_gz=gzip.compress(body, 6)))
            return StoreOutcome("new", art.id)

    @staticmethod
    def _add_urls(s: Session, urls: set[str], article_id: int, source_id: str) -> None:
        for u in urls:
            if s.get(ArticleUrl, u) is None:
                s.add(ArticleUrl(url=u, article_id=article_id, source_id=source_id))
        s.flush()

    def article_count(self) -> int:
        from sqlalchemy import func
        with self.Session() as s:
            return s.scalar(select(func.count()).select_from(Article)) or 0
