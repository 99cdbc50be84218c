"""The near-duplicate index behind stories: MinHash LSH over recent articles, rebuilt from the
database when a process starts, bounded by age and size."""
from __future__ import annotations

from collections import deque
from datetime import timedelta

from datasketch import MinHashLSH
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipelines.stories import NUM_PERM, THRESHOLD, Traits, from_bytes, same_story, to_bytes, traits
from storage.models import Article, ArticleSignature, Story, utcnow

WINDOW_DAYS = 60            # syndication happens within days; older stories are closed
MAX_ITEMS = 200_000         # and the index never holds more than this (~4.5 KB each: about 0.9 GB)


class StoryIndex:
    def __init__(self, window_days: int = WINDOW_DAYS, max_items: int = MAX_ITEMS):
        self.window_days, self.max_items = window_days, max_items
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self.order: deque[int] = deque()
        self.loaded = False

    def load(self, session: Session) -> None:
        """Rebuild from the stored signatures of recent articles (survives restarts)."""
        since = utcnow() - timedelta(days=self.window_days)
        rows = session.execute(
            select(ArticleSignature.article_id, ArticleSignature.minhash)
            .join(Article, Article.id == ArticleSignature.article_id)
            .where(Article.first_seen_at >= since).order_by(Article.id.desc()).limit(self.max_items))
        for article_id, raw in reversed(rows.all()):
            self._insert(article_id, from_bytes(raw))
        self.loaded = True

    def _insert(self, article_id: int, sig) -> None:
        if article_id in self.lsh:
            return
        self.lsh.insert(article_id, sig)
        self.order.append(article_id)
        while len(self.order) > self.max_items:
            self.lsh.remove(self.order.popleft())

    def story_for(self, session: Session, article_id: int, title: str, sig, facts: Traits | None = None) -> int:
        """The story of a new article: the story of its closest near-duplicate at or above the
        threshold that can be the same story (`same_story`: same provinces, the figures kept),
        else a new story. The article's signature is stored and indexed."""
        if not self.loaded:
            self.load(session)
        story_id = None
        if sig is not None:
            best = 0.0
            candidates = [c for c in self.lsh.query(sig) if c != article_id]
            if candidates:
                stored = dict(session.execute(select(ArticleSignature.article_id, ArticleSignature.minhash)
                                              .where(ArticleSignature.article_id.in_(candidates))).all())
                rows = session.execute(select(Article.id, Article.story_id, Article.title, Article.lead, Article.text)
                                       .where(Article.id.in_(candidates))).all()
                stories = {r.id: r.story_id for r in rows}
                kept = {r.id: traits(r.title or "", r.lead or "", r.text or "") for r in rows} if facts else {}
                for cid, raw in stored.items():
                    score = sig.jaccard(from_bytes(raw))
                    if score >= THRESHOLD and score > best and stories.get(cid) \
                            and (facts is None or same_story(facts, kept[cid])):
                        best, story_id = score, stories[cid]
            session.add(ArticleSignature(article_id=article_id, minhash=to_bytes(sig)))
        if story_id is None:
            story = Story(title=title)
            session.add(story)
            session.flush()
            story_id = story.id
        return story_id

    def indexed(self, article_id: int, sig) -> None:
        """Call after the article's transaction committed (a rolled-back article stays out)."""
        if sig is not None:
            self._insert(article_id, sig)
