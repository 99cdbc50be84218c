"""Full-text search of the archive, diacritic-insensitive and đ-aware, on SQLite and PostgreSQL.

The database finds and ranks (SQLite: FTS5 over folded text, kept by triggers; PostgreSQL: a
generated tsvector over the IMMUTABLE `dx_fold()`, GIN-indexed; both from migration 0006); the
snippet is cut here from the stored text, the same way on both, so results read the same.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, text as sql
from sqlalchemy.engine import Engine

from pipelines.textnorm import fold, fold_aligned

# Function words that mean nothing as a search term on their own (kept inside phrases). Only words
# whose folded form is not also a content word: "đã" folds to "da" like "đa" (đa nền tảng), "để"
# to "de" like "Đề án", "trong" to "trọng", so those are searched like any other word.
STOP_WORDS = frozenset(fold(w) for w in """
    và của các những được này với là cho khi theo trên về một nhưng hoặc rằng rất ở sẽ
""".split())
_TOKEN = re.compile(r"\w+")
_PHRASE = re.compile(r'"([^"]*)"')
SNIPPET_CHARS = 180
CANDIDATES = 100        # best by the database's rank (or newest, see search()), re-ranked here (_bonus)
PROBE = 1000            # more matches than this: the query is common, its newest matches are the candidates
BONUS_CHARS = 4000


@dataclass
class Hit:
    article_id: int
    source_id: str
    title: str
    url: str
    published_at: str | None
    relevant: bool
    rank: float
    snippet: str

    def as_dict(self) -> dict:
        return asdict(self)


def parse(query: str) -> list[list[str]]:
    """Folded terms and phrases: 'Đề án 06 "chữ ký số"' -> [['de'], ['an'], ['06'], ['chu', 'ky', 'so']].
    Function words alone are dropped; a query of nothing else is empty."""
    phrases = [_TOKEN.findall(fold(p)) for p in _PHRASE.findall(query)]
    rest = _PHRASE.sub(" ", query).replace('"', " ")
    words = [[w] for w in _TOKEN.findall(fold(rest)) if w not in STOP_WORDS]
    return [p for p in phrases if p] + words


def fts5_query(terms: list[list[str]]) -> str:
    """Parsed terms as an FTS5 MATCH expression: every term a quoted phrase, all required."""
    return " AND ".join('"' + " ".join(t) + '"' for t in terms)


def tsquery(terms: list[list[str]]) -> str:
    """Parsed terms as a PostgreSQL tsquery: phrases with <->, all required."""
    return " & ".join("(" + " <-> ".join(t) + ")" for t in terms)


def search(engine: Engine, query: str, *, since: date | None = None, source: str | None = None,
           limit: int = 20) -> list[Hit]:
    """Matches of `query`, best first. A query that matches at most PROBE articles is ranked by
    the database (BM25 / ts_rank_cd) over all its matches; one that matches more (common words:
    "dịch vụ", "chuyển đổi số") takes its newest CANDIDATES matches, which the index gives without
    scoring the rest, so it stays fast on a million articles. Either way the candidates are then
    re-ranked here (_bonus)."""
    terms = parse(query)
    if not terms:
        return []
    where, params = [], {"limit": max(limit, CANDIDATES)}
    params["probe"] = max(PROBE + 1, params["limit"])
    if source:
        where.append("a.source_id = :source")
        params["source"] = source
    if since:
        where.append("(a.published_at >= :since_text OR (a.published_at IS NULL AND a.first_seen_at >= :since_ts))")
        params["since_text"], params["since_ts"] = since.isoformat(), datetime(since.year, since.month, since.day)
    extra = "".join(f" AND {w}" for w in where)
    cols = "a.id, a.source_id, a.title, a.url, a.published_at, a.relevant, a.text"
    if engine.dialect.name == "sqlite":
        src, match, newest = ("articles_fts JOIN articles a ON a.id = articles_fts.rowid", "articles_fts MATCH :q",
                              "articles_fts.rowid DESC")
        rank, params["q"] = "-bm25(articles_fts, 4.0, 1.0)", fts5_query(terms)
    else:
        src, match, newest = "articles a", "a.search_tsv @@ to_tsquery('simple', :q)", "a.id DESC"
        rank, params["q"] = "ts_rank_cd(a.search_tsv, to_tsquery('simple', :q))", tsquery(terms)
    with engine.connect() as conn:
        ids = conn.execute(sql(f"SELECT a.id FROM {src} WHERE {match}{extra} ORDER BY {newest} LIMIT :probe"),
                           params).scalars().all()
        if not ids:
            return []
        if len(ids) > PROBE:        # common words: the newest matches, unscored by the database
            rows = conn.execute(sql(f"SELECT {cols}, 1.0 FROM articles a WHERE a.id IN :ids")
                                .bindparams(bindparam("ids", expanding=True)), {"ids": ids[:params["limit"]]}).fetchall()
        else:
            rows = conn.execute(sql(f"SELECT {cols}, {rank} AS rank FROM {src} WHERE {match}{extra} "
                                    f"ORDER BY rank DESC, a.id DESC LIMIT :limit"), params).fetchall()
    best = max(float(r[7]) for r in rows)
    scored = []
    for r in rows:          # the database's rank scaled to (0, 1], times what folding lost
        base = float(r[7]) / best if best > 0 else 1.0
        scored.append((base * (1 + _bonus(query, terms, r[2] or "", r[6] or "")), r[0], r))
    scored.sort(key=lambda t: (-t[0], -t[1]))      # equal scores: the newer first
    return [Hit(r[0], r[1], r[2], r[3], r[4], bool(r[5]), round(score, 4), snippet(r[6] or "", terms))
            for score, _, r in scored[:limit]]


def _bonus(query: str, terms: list[list[str]], title: str, body: str) -> float:
    """What folding loses, given back in the ranking: the query's words side by side ("cap quang"
    is cáp quang, not "cấp … Quảng Ninh"), and, when the user typed tone marks, those exact forms.
    Reads the title and the first BONUS_CHARS of the text (the lead and the first paragraphs)."""
    bonus = 0.0
    words = [w for t in terms for w in t]
    head = body[:BONUS_CHARS]
    if len(words) > 1:
        side_by_side = re.compile(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b")
        if side_by_side.search(fold(title)):
            bonus += 1.5
        elif side_by_side.search(fold(head)):
            bonus += 1.0
    marked = [w for w in _TOKEN.findall(query.lower()) if fold(w) != w]
    if marked:
        text = f"{title} {head}".lower()
        bonus += 0.5 * sum(bool(re.search(rf"\b{re.escape(w)}\b", text)) for w in marked) / len(marked)
    return bonus


def snippet(body: str, terms: list[list[str]], width: int = SNIPPET_CHARS) -> str:
    """The stretch of `body` around the first match of the longest term (a phrase before a word),
    every match in it marked «like this»."""
    tokens = [(m.group(), m.span()) for m in _TOKEN.finditer(fold_aligned(body))]
    words = [t[0] for t in tokens]
    spans, anchor = [], None
    for term in sorted(terms, key=len, reverse=True):
        n = len(term)
        for i in range(len(words) - n + 1):
            if words[i:i + n] == term:
                spans.append((tokens[i][1][0], tokens[i + n - 1][1][1]))
                if anchor is None:
                    anchor = spans[-1]
    if anchor is None:
        return body[:width].strip() + ("…" if len(body) > width else "")
    start = max(0, anchor[0] - width // 3)
    if start:
        start = body.rfind(" ", 0, start) + 1
    end = min(len(body), start + width)
    if end < len(body):
        end = max(body.rfind(" ", start, end), anchor[1])
    out, pos = [], start
    for a, b in sorted(set(spans)):
        if a < pos or b > end:
            continue
        out += [body[pos:a], "«", body[a:b], "»"]
        pos = b
    out.append(body[pos:end])
    text = "".join(out).replace("\n", " ").strip()
    return ("…" if start else "") + text + ("…" if end < len(body) else "")
