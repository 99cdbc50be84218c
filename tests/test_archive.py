"""The archive as users reach it: search (diacritic-insensitive, đ-aware, phrases, filters), the
same crawl in SQLite and PostgreSQL giving the same views, search results and health, read-only
SQL and search while the daemon holds a write lock, and Datasette browsing over HTTP."""
import json
import re
import unicodedata
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import create_engine

from pipelines.textnorm import fold
from storage.search import parse, search
from tests.conftest import ROOT, free_port, fresh_pg_database, query, run_cli, write_mirror_config

SITES = ["vgp", "liferay", "sharepoint", "nukeviet", "newspaper", "sitemap"]
QUERIES = ["de an 06", "Đề án 06", "Ðề án", '"chu ky so"', "chữ ký số", "dich vu cong truc tuyen",
           '"uy ban quoc gia" phien hop', "cap quang", "Sóc Trăng", "ha tang so"]


@pytest.fixture(scope="module")
def archives(mirror, tmp_path_factory):
    """The same mirror crawl into SQLite and into PostgreSQL."""
    tmp = tmp_path_factory.mktemp("archive")
    sq = write_mirror_config(mirror, tmp, only=SITES)
    assert run_cli("crawl", config=sq).returncode == 0
    with fresh_pg_database() as pg_url:
        (tmp / "pg").mkdir()
        pg = write_mirror_config(mirror, tmp / "pg", db_url=pg_url, only=SITES)
        res = run_cli("crawl", config=pg)
        assert res.returncode == 0, res.stderr[-1500:]
        yield {"sqlite": (f"sqlite:///{tmp / 'dx.db'}", sq), "postgresql": (pg_url, pg)}


def _marks(word: str) -> tuple[str, str]:
    """(the word without tone marks, its tone marks in any order): hoà = hòa, cáp != cấp."""
    nfd = unicodedata.normalize("NFD", word.lower())
    tones = "".join(sorted(c for c in nfd if c in "\u0300\u0301\u0303\u0309\u0323"))
    return unicodedata.normalize("NFC", "".join(c for c in nfd if c not in tones)), tones


def oracle(db_url: str, q: str) -> set[str]:
    """What a search must find, computed the slow way: every term or phrase, as whole folded words,
    somewhere in the title or the text; a word typed with tone marks only where it has them."""
    terms = parse(q)
    typed = {fold(w): _marks(w) for w in re.findall(r"\w+", q.replace("Ð", "Đ")) if fold(w) != w.lower()}
    hits = set()
    for url, title, body in query(db_url, "SELECT url, title, text FROM v_articles"):
        original = re.findall(r"\w+", f"{title} {body}")
        words = [fold(w) for w in original]
        ok = [fold(w) not in typed or _marks(w) == typed[fold(w)] for w in original]

        def present(t):
            return any(words[i:i + len(t)] == t and all(ok[i:i + len(t)]) for i in range(len(words) - len(t) + 1))
        if all(present(t) for t in terms):
            hits.add(url)
    return hits


def found(db_url: str, q: str, **kw) -> list:
    engine = create_engine(db_url)
    try:
        return search(engine, q, limit=1000, **kw)
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_search_finds_exactly_what_the_words_say_on_both_databases(archives, backend):
    db_url, _ = archives[backend]
    for q in QUERIES:
        expected = oracle(db_url, q)
        assert expected, f"the mirror should have articles for {q!r}"
        assert {h.url for h in found(db_url, q)} == expected, q


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_common_queries_take_the_newest_matches_and_still_find_them_all(archives, backend, monkeypatch):
    """With PROBE lowered, every query here is "common": the newest matches are the candidates,
    unscored by the database. On an archive smaller than CANDIDATES that is still every match."""
    import storage.search
    monkeypatch.setattr(storage.search, "PROBE", 2)
    db_url, _ = archives[backend]
    for q in QUERIES:
        assert {h.url for h in found(db_url, q)} == oracle(db_url, q), q
    hits = found(db_url, "chuyen doi so")
    assert len(hits) > 2 and hits[0].rank >= hits[-1].rank
    capped = search(create_engine(db_url), "chuyen doi so", limit=5)
    assert len(capped) == 5


def test_without_marks_eth_and_d_find_the_same_and_phrases_narrow(archives):
    db_url, _ = archives["sqlite"]
    plain, marked, eth = ({h.url for h in found(db_url, q)} for q in ("de an 06", "Đề án 06", "Ðề Án 06"))
    assert plain == marked == eth and plain
    phrase, loose = ({h.url for h in found(db_url, q)} for q in ('"chu ky so"', "chu ky so"))
    assert phrase < loose                               # every article with "chuyển đổi số" has chu… số
    top = found(db_url, "de an 06")[0]
    assert "«Đề» «án» «06»" in top.snippet or "«Đề án 06»" in top.snippet.replace("» «", " ")


def test_ranking_gives_back_what_folding_loses_on_both(archives):
    """"cap quang" folds like "cấp … Quảng Ninh": every article with the words side by side
    (cáp quang) comes before any that only holds them apart, on both databases; typed with tone
    marks, "cáp quang" never finds a "cấp" page."""
    for backend in ("sqlite", "postgresql"):
        db_url = archives[backend][0]
        for q, phrase in (("cap quang", "cap quang"), ("uy ban quoc gia", "uy ban quoc gia")):
            hits = found(db_url, q)
            adjacent = [phrase in " ".join(re.findall(r"\w+", fold(f"{h.title} {_text(db_url, h.article_id)}")))
                        for h in hits]
            assert adjacent[0] and adjacent == sorted(adjacent, reverse=True), (backend, q)   # side by side first
            assert [h.tier for h in hits] == [0 if a else 1 for a in adjacent], (backend, q)
        apart = [h for h in found(db_url, "cap quang") if h.tier == 1]
        assert apart, "the mirror should hold a page with cấp … quang apart (the trap)"
        marked = found(db_url, "cáp quang")
        assert marked and all("cáp" in f"{h.title} {_text(db_url, h.article_id)}".lower() for h in marked), backend
        assert {h.url for h in marked} == oracle(db_url, "cáp quang") < {h.url for h in found(db_url, "cap quang")}
        top = found(db_url, '"uy ban quoc gia"')[0]
        assert "uy ban quoc gia" in fold(top.title)


def test_snippets_mark_what_matched_with_the_marks_typed(archives):
    db_url, _ = archives["sqlite"]
    for h in found(db_url, "cáp quang"):
        marks = re.findall(r"«([^»]*)»", h.snippet)
        assert marks and all(fold(m) in ("cap quang", "cap", "quang") for m in marks), h.snippet
        assert all("cáp" in m.lower() or fold(m) == "quang" for m in marks), h.snippet      # never «cấp»
    side = [h for h in found(db_url, "cap quang") if h.tier == 0]
    assert side and all(any(fold(m) == "cap quang" for m in re.findall(r"«([^»]*)»", h.snippet)) for h in side)


def _text(db_url: str, article_id: int) -> str:
    return query(db_url, f"SELECT text FROM v_articles WHERE article_id = {int(article_id)}")[0][0]


def test_search_command_filters_formats_and_empty_queries(archives):
    db_url, cfg = archives["sqlite"]
    res = run_cli("search", "de an 06", "--format", "json", config=cfg)
    hits = json.loads(res.stdout)
    assert res.returncode == 0 and len(hits) >= 3 and {"title", "url", "snippet", "rank"} <= set(hits[0])
    one = json.loads(run_cli("search", "de an 06", "--source", "mirror-vgp", "--format", "json", config=cfg).stdout)
    assert one and {h["source_id"] for h in one} == {"mirror-vgp"} and len(one) < len(hits)
    recent = json.loads(run_cli("search", "de an 06", "--since", "2025-01-01", "--format", "json", config=cfg).stdout)
    assert recent and all(h["published_at"] >= "2025-01-01" for h in recent) and len(recent) < len(hits)
    blank = run_cli("search", "   ", config=cfg)                 # no words at all: a usage error
    assert blank.returncode == 2 and "no words" in blank.stderr and "Traceback" not in blank.stderr
    for nothing in ("và của", '!!! ... "" ?'):
        res = run_cli("search", nothing, config=cfg)
        assert res.returncode == 0 and "no matches" in res.stdout and "Traceback" not in res.stderr
    table = run_cli("search", '"chu ky so"', config=cfg)
    assert table.returncode == 0 and "chữ ký số" in table.stdout
    assert run_cli("search", "x", "--since", "hôm qua", config=cfg).returncode == 2


def _server_clock_agrees(pg_url: str) -> bool:
    """Is PostgreSQL's clock this process's? Not under faketime (make test-anydate), which shifts only
    the client's: then views that count "the last 7 days" against now() differ by design."""
    from datetime import datetime, timezone
    server = query(pg_url, "SELECT now()")[0][0]
    return abs((server - datetime.now(timezone.utc)).total_seconds()) < 3600


def test_views_and_health_are_the_same_on_sqlite_and_postgresql(archives):
    sq, pg = archives["sqlite"][0], archives["postgresql"][0]
    articles_7d = "articles_7d" if _server_clock_agrees(pg) else "0 AS articles_7d"
    for sql in ("SELECT source_id, url, title, published_at, relevant FROM v_articles",
                "SELECT kind, body, ordinal, held_on, chair, article_count FROM v_meetings",
                "SELECT url, source_id FROM v_meeting_articles",
                "SELECT indicator, label, value, unit, period, scope, qualifier, url FROM v_metrics",
                "SELECT article_count FROM v_stories",
                "SELECT url, label, kind, article_url, source_id FROM v_attachments",
                f"SELECT source_id, consecutive_failures, {articles_7d}, degraded, blocked, reason FROM v_source_health"):
        a, b = sorted(map(tuple, query(sq, sql)), key=repr), sorted(map(tuple, query(pg, sql)), key=repr)
        assert a == b and a, sql
    # stories group the same articles (the story's title is its first-crawled report, order-dependent)
    groups = [sorted(sorted(urls) for urls in _stories(u).values()) for u in (sq, pg)]
    assert groups[0] == groups[1] and any(len(g) > 1 for g in groups[0])


def test_every_example_query_in_the_docs_runs_on_both_databases(archives):
    docs = (ROOT / "docs" / "sql.md").read_text(encoding="utf-8")
    examples = re.findall(r"```sql\n(.*?)```", docs.split("\n## Examples", 1)[1], re.S)
    assert len(examples) >= 12
    for backend in ("sqlite", "postgresql"):
        cfg = archives[backend][1]
        for sql in examples:
            res = run_cli("sql", sql, "--format", "json", config=cfg)
            assert res.returncode == 0, f"{backend}: {res.stderr.strip()}\n{sql}"
    attached = json.loads(run_cli("sql", next(q for q in examples if "v_attachments" in q), "--format", "json",
                                  config=archives["sqlite"][1]).stdout)
    assert attached and all(r["url"].endswith(".pdf") for r in attached)


def _stories(db_url: str) -> dict:
    out: dict = {}
    for story_id, url in query(db_url, "SELECT story_id, url FROM v_articles"):
        out.setdefault(story_id, []).append(url)
    return out


def test_sql_and_search_work_while_the_daemon_holds_the_write_lock(archives):
    db_url, cfg = archives["sqlite"]
    writer = sqlite3.connect(db_url.removeprefix("sqlite:///"), timeout=1)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE articles SET title = title || ' (đang sửa)' WHERE id = 1")
        res = run_cli("sql", "SELECT COUNT(*) AS n FROM v_articles", "--format", "json", config=cfg)
        assert res.returncode == 0 and json.loads(res.stdout)[0]["n"] > 0, res.stderr
        hits = run_cli("search", "de an 06", "--format", "json", config=cfg)
        assert hits.returncode == 0 and json.loads(hits.stdout), hits.stderr
        assert "đang sửa" not in hits.stdout                  # readers see the last committed state
    finally:
        writer.rollback()
        writer.close()


def test_sql_writes_are_one_clear_line(archives):
    _, cfg = archives["sqlite"]
    for stmt in ("DELETE FROM articles", "ATTACH DATABASE '/tmp/x.db' AS x", "PRAGMA user_version = 3",
                 "SELEC 1"):
        res = run_cli("sql", stmt, config=cfg)              # refused before it runs: a usage error
        assert res.returncode == 2 and res.stderr.startswith("error: SQL:") and len(res.stderr.strip().splitlines()) == 1


def test_the_search_index_follows_edits_and_deletes(archives, tmp_path):
    import shutil
    src = archives["sqlite"][0].removeprefix("sqlite:///")
    shutil.copy(src, tmp_path / "copy.db")
    url = f"sqlite:///{tmp_path / 'copy.db'}"
    db = sqlite3.connect(tmp_path / "copy.db")
    target = found(url, '"chu ky so"')[0].article_id
    db.execute("UPDATE articles SET text = 'Bài đã được biên tập lại: thành phố thí điểm trợ lý ảo Zalo.' WHERE id = ?", (target,))
    victim = found(url, "cap quang")[0].article_id
    db.execute("DELETE FROM meeting_articles WHERE article_id = ?", (victim,))
    db.execute("DELETE FROM metrics WHERE article_id = ?", (victim,))
    db.execute("DELETE FROM article_urls WHERE article_id = ?", (victim,))
    db.execute("DELETE FROM snapshots WHERE article_id = ?", (victim,))
    db.execute("DELETE FROM article_versions WHERE article_id = ?", (victim,))
    db.execute("DELETE FROM article_signatures WHERE article_id = ?", (victim,))
    db.execute("DELETE FROM articles WHERE id = ?", (victim,))
    db.commit()
    db.close()
    assert target not in {h.article_id for h in found(url, '"chu ky so"')}
    assert [h.article_id for h in found(url, "tro ly ao zalo")] == [target]
    assert victim not in {h.article_id for h in found(url, "cap quang")}


def _page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode("utf-8")


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


def test_datasette_serves_the_archive_read_only_with_search_and_canned_queries(archives):
    db_url, cfg = archives["sqlite"]
    port = free_port()
    before = query(db_url, "SELECT COUNT(*) FROM articles")[0][0]
    proc = subprocess.Popen([sys.executable, "-m", "crawler.cli", "--config", str(cfg), "serve", "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/dx"
    try:
        for _ in range(100):
            try:
                _get(base + ".json")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        hits = _get(base + "/search.json?_shape=array&q=" + urllib.parse.quote("de an 06"))
        assert hits and {h["url"] for h in hits} == oracle(db_url, "de an 06")
        assert "«" in hits[0]["snippet"]
        for q in ("cap quang", "cáp quang", "de an 06", "uy ban quoc gia", '"chu ky so"'):       # the same order
            canned = [h["url"] for h in _get(base + "/search.json?_shape=array&q=" + urllib.parse.quote(q))]
            ours = [h.url for h in found(db_url, q)]
            assert canned == ours[:50] and set(canned) == oracle(db_url, q), q
        meetings = _get(base + "/meetings.json?_shape=array")
        assert len(meetings) == query(db_url, "SELECT COUNT(*) FROM v_meetings")[0][0] > 0
        files = _get(base + "/attachments.json?_shape=array&kind=pdf")
        assert files and {f["url"] for f in files} == {u for (u,) in query(
            db_url, "SELECT url FROM v_attachments WHERE kind = 'pdf'")}
        series = _get(base + "/metrics.json?_shape=array&indicator=dti_rank&scope=")
        assert series and all(r["unit"] for r in series)
        table_search = _get(base + "/articles.json?_shape=array&_search=" + urllib.parse.quote("chuyen doi so"))
        assert table_search
        with pytest.raises(urllib.error.HTTPError):
            _get(base + ".json?sql=" + urllib.parse.quote("DELETE FROM articles"))
        assert _get(base + "/search.json?_shape=array&q=" + urllib.parse.quote("và của")) == []
        home = _page(f"http://127.0.0.1:{port}/")
        db_page = _page(base)
        for page in (home, db_page):            # the contract views first, internal tables not on show
            assert page.index("v_meetings") < page.index("v_source_health")
            assert "alembic_version" not in page and "apscheduler_jobs" not in page
        assert "select * from alembic_version" not in db_page.lower() and "FROM v_meetings" in db_page
        assert "Mọi cuộc họp" in db_page and "Every recognised" not in db_page
        indicators = _get(base + "/indicators.json?_shape=array")
        keys = {r["indicator"] for r in indicators}
        assert {"dti_score", "dti_rank"} <= keys and all(r["label"] and r["unit"] for r in indicators)
        used = {k for (k,) in query(db_url, "SELECT DISTINCT indicator FROM v_metrics")}
        assert used <= keys | {"other"}                    # every key in the archive is listed
    finally:
        proc.terminate()
        proc.wait(10)
    assert query(db_url, "SELECT COUNT(*) FROM articles")[0][0] == before


def test_serve_refuses_postgresql_with_one_line(archives):
    _, cfg = archives["postgresql"]
    res = run_cli("serve", config=cfg)
    assert res.returncode == 3 and "SQLite only" in res.stderr and "Traceback" not in res.stderr
