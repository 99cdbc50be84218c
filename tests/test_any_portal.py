"""Any portal, no tuning (#16): every mirror archetype, the team's and the ten written blind, crawled
from its homepage alone (the crawl reads its robots.txt by itself), with no article_url_pattern and
the twelve known URL shapes switched off (and on: the default), stores every article and nothing
else (precision 1.0); a source whose entry points give links but no article is "empty", with its
reason, never "ok"."""
from __future__ import annotations

import json

import pytest

from mirror.archetypes import ARCHETYPES, STATIC
from pipelines.canonical import canonical_url
from tests.conftest import query, run_cli

KEYS = list(ARCHETYPES)
EXTRA: list[str] = []          # more [crawl] settings (a debugging aid)


def homepage_source(mirror, key: str) -> dict:
    """The archetype's source as a user would first write it: its homepage, nothing tuned."""
    base = mirror.base(key)
    src = ARCHETYPES[key].source(base)
    home = next(r.path for r in STATIC[key].manifest.routes if r.type == "home") if key in STATIC else "/"
    src.update(start_urls=[base + home], feeds=[], sitemaps=[])     # robots.txt: the crawl reads it itself
    src.pop("article_url_pattern", None)
    return src


def config(mirror, tmp_path, sources: list[dict], shapes: bool = False) -> "Path":  # noqa: F821
    lines = ["[storage]", f'url = "sqlite:///{tmp_path / "dx.db"}"', "", "[crawl]", "allow_private_networks = true",
             'sources_dir = ""', "download_delay = 0", "autothrottle = false", "per_host_concurrency = 4",
             "default_max_pages = 10", f"article_shapes = {str(shapes).lower()}", *EXTRA, ""]
    for s in sources:
        lines.append("[[sources]]")
        lines += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in s.items()]
        lines.append("")
    path = tmp_path / "dxwatch.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=[False, True], ids=["shapes-off", "shapes-on"])
def crawled(mirror, tmp_path_factory, request):
    """One crawl of every archetype from its homepage: the twelve shapes off (structure alone, the
    measure of #16), then on (the default configuration)."""
    tmp = tmp_path_factory.mktemp("any_portal")
    cfg = config(mirror, tmp, [homepage_source(mirror, k) for k in KEYS], shapes=request.param)
    res = run_cli("crawl", config=cfg, timeout=600)
    return {"res": res, "db": f"sqlite:///{tmp / 'dx.db'}"}


def truth(mirror, key: str) -> set[str]:
    return {canonical_url(u) for u in ARCHETYPES[key].article_urls(mirror.sites[key])}


def test_the_crawl_ran(crawled):
    assert crawled["res"].returncode == 0, crawled["res"].stderr[-3000:]
    assert "Traceback" not in crawled["res"].stderr


@pytest.mark.parametrize("key", KEYS)
def test_every_article_and_nothing_else_from_the_homepage(crawled, mirror, key):
    db, sid = crawled["db"], f"mirror-{key}"
    stored = {r[0] for r in query(db, f"SELECT url FROM v_articles WHERE source_id = '{sid}'")}
    known = {r[0] for r in query(db, f"SELECT u.url FROM article_urls u JOIN articles a ON a.id = u.article_id "
                                     f"WHERE a.source_id = '{sid}'")}
    expected = truth(mirror, key)
    if expected - known:                                                   # recall 1.0; say what the crawl saw
        seen = query(db, f"SELECT kind, status, error, url FROM fetches WHERE source_id = '{sid}' ORDER BY id")
        run = query(db, f"SELECT status, reason, last_error, pages FROM crawl_run_sources WHERE source_id = '{sid}'")
        raise AssertionError(f"{key}: not found {sorted(expected - known)[:4]}; run {run}; fetches {seen[:30]}")
    assert not stored - expected, f"{key}: not articles {sorted(stored - expected)[:4]}"  # precision 1.0
    status = query(db, f"SELECT status FROM crawl_run_sources WHERE source_id = '{sid}'")
    assert status and status[0][0] == "ok", status


def test_a_source_that_finds_nothing_is_empty_with_its_reason(mirror, tmp_path):
    base = mirror.base("gz-sitemap-index")
    src = {"id": "nothing-here", "name": "pages only", "homepage": base + "/", "start_urls": [],
           "feeds": [], "sitemaps": [base + "/sitemaps/pages.xml.gz"], "render": "http", "interval": "30m"}
    static = {"id": "static-page", "name": "a static page", "homepage": base + "/",
              "start_urls": [base + "/gioi-thieu/"], "feeds": [], "sitemaps": [], "render": "http", "interval": "30m"}
    res = run_cli("crawl", config=config(mirror, tmp_path, [src, static]))
    assert res.returncode == 0, res.stderr[-2000:]
    db = f"sqlite:///{tmp_path / 'dx.db'}"
    rows = dict((r[0], r[1:]) for r in query(db, "SELECT source_id, status, reason FROM crawl_run_sources"))
    assert rows["nothing-here"][0] == "empty"
    assert rows["nothing-here"][1] == "sitemap listed 3 URLs, none looked like articles"
    assert rows["static-page"][0] == "empty" and "none looked like articles" in rows["static-page"][1]
    assert "empty" in res.stdout and "none looked like articles" in res.stdout
    health = dict((r[0], r[1:]) for r in query(db, "SELECT source_id, degraded, reason, last_status, last_reason "
                                                   "FROM v_source_health"))
    assert health["nothing-here"][:2] == (1, "no articles: sitemap listed 3 URLs, none looked like articles")
    assert health["nothing-here"][2:] == ("empty", "sitemap listed 3 URLs, none looked like articles")
    status = run_cli("status", config=tmp_path / "dxwatch.toml")
    assert "no articles" in status.stdout and status.returncode == 1      # a degraded source: exit 1


def test_sitemap_candidates_are_bounded_per_source(mirror, tmp_path):
    base = mirror.base("amp-sitemap")
    src = {"id": "bounded", "name": "sitemaps only", "homepage": base + "/", "start_urls": [], "feeds": [],
           "sitemaps": [base + "/sitemap.xml"], "render": "http", "interval": "30m"}
    cfg = config(mirror, tmp_path, [src])
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("[crawl]\n", "[crawl]\nmax_sitemap_urls = 2\n"), encoding="utf-8")
    res = run_cli("crawl", config=cfg)
    assert res.returncode == 0, res.stderr[-2000:]
    db = f"sqlite:///{tmp_path / 'dx.db'}"
    assert query(db, "SELECT COUNT(*) FROM articles")[0][0] == 2          # the sitemap lists 7 articles
    newest = max(r.published for r in STATIC["amp-sitemap"].articles(None))
    got = {r[0][:16] for r in query(db, "SELECT published_at FROM articles")}
    assert newest.isoformat()[:16] in got                                  # newest lastmod first
