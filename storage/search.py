"""Full-text search of the archive, diacritic-insensitive and đ-aware, on SQLite and PostgreSQL.

The database finds and ranks (SQLite: FTS5 over folded text, kept by triggers; PostgreSQL: a
generated tsvector over the IMMUTABLE `dx_fold()`, GIN-indexed; both from migration 0006). What
folding loses is given back here, the same way on both:

- Words typed next to each other must stand next to each other: "cap quang" is *cáp quang*, not
  "cấp cứu … Quảng Ninh". Articles where they do come first (tier 0); articles that only hold the
  words apart come after (tier 1), however well the database scores them.
- Tone marks typed are honoured: "cáp quang" finds *cáp quang* and never *cấp*; "cap quang"
  finds both spellings. Old and new tone placement are the same word ("hoà" = "hòa").
- The snippet marks what matched, with the same rules.

Order: tier, then the database's rank, then the newer article. The Datasette canned search uses
the same tier function (`dx_tier`, storage/datasette_plugins) and the same order.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from sqlalchemy import bindparam, text as sql
from sqlalchemy.engine import Engine

from pipelines.textnorm import fold, fold_aligned, normalize_line

# Function words that mean nothing as a search term on their own (kept inside phrases). Only words
# whose folded form is not also a content word: "đã" folds to "da" like "đa" (đa nền tảng), "để"
# to "de" like "Đề án", "trong" to "trọng", so those are searched like any other word.
STOP_WORDS = frozenset(fold(w) for w in """
    và của các những được này với là cho khi theo trên về một nhưng hoặc rằng rất ở sẽ
""".split())
_TOKEN = re.compile(r"\w+")
_PHRASE = re.compile(r'"([^"]*)"')
SNIPPET_CHARS = 180
CANDIDATES = 100        # best by the database's rank (or newest, see search()), ordered here
PROBE = 1000            # more matches than this: the query is common, its newest matches are the candidates
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}      # huyền, sắc, ngã, hỏi, nặng


def tone_key(word: str) -> str:
    """A word with its tone marks, wherever they sit: "hoà" and "hòa" -> "hoa|\u0300"; "cáp" and
    "cấp" differ (â is a letter, not a tone)."""
    nfd = unicodedata.normalize("NFD", word.replace("\u00d0", "Đ").replace("\u00f0", "đ").lower())
    tones = "".join(sorted(c for c in nfd if c in _TONES))
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
    return f"{base}|{tones}"


@dataclass
class Query:
    """What the user typed: required terms (folded words, "phrases"), runs of words typed side by
    side, and, per folded word, the tone-marked forms typed (to be honoured)."""
    terms: list[list[str]]
    runs: list[list[str]] = field(default_factory=list)
    marked: dict[str, set[str]] = field(default_factory=dict)      # folded word -> tone keys typed

    def token_ok(self, folded: str, original: str) -> bool:
        keys = self.marked.get(folded)
        return not keys or tone_key(original) in keys


def parse_query(query: str) -> Query:
    query = normalize_line(query or "")
    phrases = [_TOKEN.findall(p) for p in _PHRASE.findall(query)]
    rest = _PHRASE.sub(" \x00 ", query).replace('"', " ")
    terms = [[fold(w) for w in p] for p in phrases if p]
    runs: list[list[str]] = []
    for chunk in rest.split("\x00"):
        words = _TOKEN.findall(chunk)
        terms += [[fold(w)] for w in words if fold(w) not in STOP_WORDS]
        if len(words) > 1 and any(fold(w) not in STOP_WORDS for w in words):
            runs.append([fold(w) for w in words])
    marked: dict[str, set[str]] = {}
    for w in _TOKEN.findall(query):
        if fold(w) != w.lower():                         # typed with marks (or đ)
            marked.setdefault(fold(w), set()).add(tone_key(w))
    return Query([t for t in terms if t], runs, marked)


def parse(query: str) -> list[list[str]]:
    """Folded terms and phrases: 'Đề án 06 "chữ ký số"' -> [['chu', 'ky', 'so'], ['de'], ['an'], ['06']].
    Function words alone are dropped; a query of nothing else is empty."""
    return parse_query(query).terms


def fts5_query(terms: list[list[str]]) -> str:
    """Parsed terms as an FTS5 MATCH expression: every term a quoted phrase, all required."""
    return " AND ".join('"' + " ".join(t) + '"' for t in terms)


def tsquery(terms: list[list[str]]) -> str:
    """Parsed terms as a PostgreSQL tsquery: phrases with <->, all required."""
    return " & ".join("(" + " <-> ".join(t) + ")" for t in terms)


def _tokens(text: str) -> list[tuple[str, str, int, int]]:
    """(folded, original, start, end) of every word of text."""
    folded = fold_aligned(text)
    return [(m.group(), text[m.start():m.end()], m.start(), m.end()) for m in _TOKEN.finditer(folded)]


def _occurrences(q: Query, toks, seq: list[str]) -> list[tuple[int, int]]:
    """(first token, last token) of every place where the folded words of seq stand side by side,
    each with the tone marks the user typed."""
    n, out = len(seq), []
    for i in range(len(toks) - n + 1):
        if all(toks[i + k][0] == seq[k] and q.token_ok(seq[k], toks[i + k][1]) for k in range(n)):
            out.append((i, i + n - 1))
    return out


def tier(q: Query, title: str, body: str) -> int | None:
    """0: every run typed side by side stands side by side (and every term is there with the
    tone marks typed); 1: the terms are all there, apart; None: a term is missing with its marks
    (the database matched the folded form only)."""
    toks = _tokens(f"{title}\n{body}")
    if not all(_occurrences(q, toks, t) for t in q.terms):
        return None
    return 0 if all(_occurrences(q, toks, r) for r in q.runs) else 1


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
    tier: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def search(engine: Engine, query: str, *, since: date | None = None, source: str | None = None,
           limit: int = 20) -> list[Hit]:
    """Matches of `query`, best first (tier, the database's rank, newer first). A query that
    matches at most PROBE articles is ranked by the database (BM25 / ts_rank_cd) over all its
    matches; one that matches more (common words: "dịch vụ", "chuyển đổi số") takes its newest
    CANDIDATES matches, which the index gives without scoring the rest, so it stays fast on a
    million articles. Articles whose runs stand side by side are fetched first, so they are
    never crowded out of the candidates by articles that only hold the words apart."""
    q = parse_query(query)
    if not q.terms:
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
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        src, match, newest_first = ("articles_fts JOIN articles a ON a.id = articles_fts.rowid",
                                    "articles_fts MATCH :q", "articles_fts.rowid DESC")
        rank, render = "-bm25(articles_fts, 4.0, 1.0)", fts5_query
    else:
        src, match, newest_first = "articles a", "a.search_tsv @@ to_tsquery('simple', :q)", "a.id DESC"
        rank, render = "ts_rank_cd(a.search_tsv, to_tsquery('simple', :q))", tsquery
    rows: dict[int, tuple] = {}
    p = {**params, "q": render(q.terms)}
    with engine.connect() as conn:
        def ranked(ids: list[int] | None, common: bool) -> list:
            """Rows with the database's rank for the loose query (all terms), the one rank every
            article is ordered by; `ids` restricts them (the strict pass's candidates)."""
            only = " AND a.id IN :ids" if ids is not None else ""
            if common:                  # common words: the newest matches, unscored by the database
                stmt = sql(f"SELECT {cols}, 1.0 FROM articles a WHERE a.id IN :ids")
            else:
                stmt = sql(f"SELECT {cols}, {rank} AS rank FROM {src} WHERE {match}{extra}{only} "
                           f"ORDER BY rank DESC, a.id DESC LIMIT :limit")
            if ids is not None:
                stmt = stmt.bindparams(bindparam("ids", expanding=True))
            return conn.execute(stmt, {**p, "ids": ids} if ids is not None else p).fetchall()

        def newest(terms) -> list[int]:
            return conn.execute(sql(f"SELECT a.id FROM {src} WHERE {match}{extra} ORDER BY {newest_first} LIMIT :probe"),
                                {**params, "q": render(terms)}).scalars().all()

        if q.runs:                      # the runs side by side first: never crowded out of the candidates
            strict = newest([*q.terms, *q.runs])
            if strict:
                for r in ranked(strict[:params["limit"]], len(strict) > PROBE):
                    rows[r[0]] = r
        loose = newest(q.terms)
        common = len(loose) > PROBE
        for r in ranked(loose[:params["limit"]] if common else None, common):
            rows.setdefault(r[0], r)
    scored = []
    for r in rows.values():
        t = tier(q, r[2] or "", r[6] or "")
        if t is not None:
            scored.append((t, -float(r[7]), -r[0], r))
    scored.sort(key=lambda s: s[:3])
    return [Hit(r[0], r[1], r[2], r[3], r[4], bool(r[5]), round(float(r[7]), 4), snippet(r[6] or "", q), t)
            for t, _, _, r in scored[:limit]]


def snippet(body: str, q: Query | list[list[str]], width: int = SNIPPET_CHARS) -> str:
    """The stretch of `body` around the first match of the longest run or term, every match in it
    marked «like this» (a run side by side as one mark; tone marks typed are honoured)."""
    if not isinstance(q, Query):
        q = Query(q)
    toks = _tokens(body)
    spans, anchor = [], None
    for seq in sorted([*q.runs, *q.terms], key=len, reverse=True):
        for i, j in _occurrences(q, toks, seq):
            a, b = toks[i][2], toks[j][3]
            if any(a < y and x < b for x, y in spans):
                continue                               # inside a longer mark already
            spans.append((a, b))
            if anchor is None:
                anchor = (a, b)
    if anchor is None:
        return body[:width].strip() + ("…" if len(body) > width else "")
    start = max(0, anchor[0] - width // 3)
    if start:
        start = body.rfind(" ", 0, start) + 1
    end = min(len(body), start + width)
    if end < len(body):
        end = max(body.rfind(" ", start, end), anchor[1])
    out, pos = [], start
    for a, b in sorted(spans):
        if a < pos or b > end:
            continue
        out += [body[pos:a], "«", body[a:b], "»"]
        pos = b
    out.append(body[pos:end])
    text = "".join(out).replace("\n", " ").strip()
    return ("…" if start else "") + text + ("…" if end < len(body) else "")
