"""End to end: `dxwatch crawl` over the offline mirror (real HTTP on loopback, real Chromium,
SQLite and PostgreSQL), cheap re-polls, and sources that fail without stopping the others."""

import tomllib

import pytest

from mirror.archetypes import TEMPLATES, load_articles
from pipelines.canonical import canonical_url
from tests.conftest import free_port, query as rows, run_cli, write_mirror_config
from mirror.faults import FaultServer


def expected_urls(mirror, sites=None):
    return {canonical_url(u) for u in mirror.article_urls(sorted(sites) if sites else None)}




@pytest.fixture(scope="module")
def crawled(mirror, tmp_path_factory):
    """One full crawl of every mirror site into SQLite, then a second, unchanged one."""
    tmp = tmp_path_factory.mktemp("crawl")
    cfg = write_mirror_config(mirror, tmp)
    mirror.log.clear()
    first = run_cli("crawl", config=cfg)
    first_log = list(mirror.log.entries)
    mirror.log.clear()
    second = run_cli("crawl", config=cfg)
    second_log = list(mirror.log.entries)
    return {"db": f"sqlite:///{tmp / 'dx.db'}", "first": first, "second": second,
            "first_log": first_log, "second_log": second_log, "cfg": cfg}


def test_first_crawl_finds_every_mirror_article(crawled, mirror):
    assert crawled["first"].returncode == 0, crawled["first"].stderr[-2000:]
    stored = {r[0] for r in rows(crawled["db"], "SELECT url FROM article_urls")}
    missing = expected_urls(mirror) - stored
    assert not missing, f"not found: {sorted(missing)[:5]}"
    n_articles = rows(crawled["db"], "SELECT COUNT(*) FROM v_articles")[0][0]
    assert 0 < n_articles <= len(mirror.article_urls())
    assert "Traceback" not in crawled["first"].stderr


def test_articles_are_clean_dated_and_snapshotted(crawled):
    bad = rows(crawled["db"], "SELECT url FROM v_articles WHERE published_at IS NULL OR length(text) < 200")
    assert not bad
    leaks = rows(crawled["db"], "SELECT url FROM v_articles WHERE text LIKE '%Lượt xem%' OR text LIKE '%Giọng Nữ%' "
                                "OR text LIKE '%cấp ngày 14/05/2010%' OR text LIKE '%Tin cùng chuyên mục%' OR text LIKE '%Đang online%'")
    assert not leaks
    snaps = rows(crawled["db"], "SELECT COUNT(*), MIN(length(html_gz)) FROM snapshots")[0]
    assert snaps[0] == rows(crawled["db"], "SELECT COUNT(*) FROM articles")[0][0] and snaps[1] > 100


def test_attachments_are_recorded_as_links_of_their_article_and_never_fetched(crawled, mirror):
    expected = {(canonical_url(mirror.base(a.site) + a.path), mirror.base(a.site) + "/uploads/" + f["file"])
                for a in load_articles() for f in a.attachments if a.site != "jsportal"}
    assert len(expected) >= 6
    templates = tuple(mirror.base(k) for k in TEMPLATES)        # the static sites' attachments are theirs
    got = {r for r in map(tuple, rows(crawled["db"], "SELECT article_url, url FROM v_attachments"))
           if r[0].startswith(templates)}
    assert got == expected                 # every box and inline link; no "Văn bản mới" sidebar file
    kinds = dict(rows(crawled["db"], "SELECT url, kind FROM v_attachments"))
    assert {k for u, k in kinds.items() if u.endswith(".pdf")} == {"pdf"} and "xls" in kinds.values()
    assert not [t for _, _, t, _ in crawled["first_log"] + crawled["second_log"] if t.startswith("/uploads/")]


def test_crawl_run_and_fetch_log_are_recorded(crawled, mirror):
    runs = rows(crawled["db"], "SELECT id, status FROM crawl_runs ORDER BY id")
    assert [r[1] for r in runs] == ["ok", "ok"]
    per_source = rows(crawled["db"], f"SELECT source_id, new_articles, status FROM crawl_run_sources WHERE run_id = {runs[0][0]}")
    assert len(per_source) == len(mirror.keys) and all(r[2] == "ok" for r in per_source) and all(r[1] > 0 for r in per_source)
    fetched = rows(crawled["db"], "SELECT COUNT(*), COUNT(etag), SUM(bytes) FROM fetches WHERE status = 200")[0]
    assert fetched[0] > 20 and fetched[1] > 0 and fetched[2] > 10_000


def test_recrawl_downloads_no_article_and_gets_304s(crawled):
    assert crawled["second"].returncode == 0, crawled["second"].stderr[-2000:]
    article_paths = {a.path for a in load_articles()}
    article_gets = [e for e in crawled["second_log"] if e[1] == "GET" and e[2].split("?utm")[0] in article_paths]
    assert article_gets == []
    run2 = rows(crawled["db"], "SELECT MAX(id) FROM crawl_runs")[0][0]
    # Listings drawn by Chromium are rendered every time (their shell says nothing of the AJAX data
    # behind it), so only the sources fetched over plain HTTP are held to conditional GET.
    with open(crawled["cfg"], "rb") as f:
        browser = {s["id"] for s in tomllib.load(f)["sources"] if s.get("render") == "browser"}
    assert browser, "the mirror config lost its browser sources"
    polls = rows(crawled["db"], f"SELECT source_id, status, url FROM fetches WHERE run_id = {run2} "
                                "AND kind IN ('listing','feed','sitemap') AND status IS NOT NULL")
    http_polls = [(s, u) for src, s, u in polls if src not in browser]
    share_304 = sum(1 for s, _ in http_polls if s == 304) / len(http_polls)
    assert len(http_polls) >= 20 and share_304 >= 0.9, (share_304, [p for p in http_polls if p[0] != 304])
    assert rows(crawled["db"], f"SELECT SUM(new_articles) FROM crawl_run_sources WHERE run_id = {run2}")[0][0] == 0


def test_browser_source_found_script_filled_listing(crawled, mirror):
    stored = {r[0] for r in rows(crawled["db"], "SELECT url FROM article_urls WHERE source_id = 'mirror-jsportal'")}
    assert expected_urls(mirror, {"jsportal"}) <= stored
    assert any(e[0] == "jsportal" and e[1] == "POST" for e in crawled["first_log"])   # the AJAX API was called




def test_failing_sources_are_reported_and_the_rest_goes_on(mirror, tmp_path):
    with FaultServer(["http500", "broken-pages", "redirect-loop"]) as faults:
        extra = "\n".join([
            "[[sources]]", 'id = "dead"', 'name = "Dead portal"', f'start_urls = ["http://127.0.0.1:{free_port()}/tin"]', "",
            faults.config_blocks(),
        ])
        cfg = write_mirror_config(mirror, tmp_path, only=["vgp"], extra="")
        cfg.write_text(cfg.read_text().replace("per_host_concurrency = 4", "per_host_concurrency = 4\nretry_times = 0") + "\n" + extra)
        res = run_cli("crawl", config=cfg)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "Traceback" not in res.stderr + res.stdout
    db = f"sqlite:///{tmp_path / 'dx.db'}"
    report = {r[0]: r[1:] for r in rows(db, "SELECT source_id, status, last_error, new_articles, skipped FROM crawl_run_sources")}
    assert report["dead"][0] == "failed" and "connection refused" in report["dead"][1]
    assert report["fault-http500"][0] == "failed" and "HTTP 500" in report["fault-http500"][1]
    assert report["fault-broken-pages"][2] == 1            # only the good article is stored
    assert report["fault-broken-pages"][3] >= 3            # binary, PDF, empty: skipped with a reason, no crash
    assert report["mirror-vgp"][0] == "ok" and report["mirror-vgp"][2] > 0
    loops = report["fault-redirect-loop"]
    assert loops[0] == "failed" and "redirects" in loops[1]   # loops and long chains are cut
    health = {r[0]: r[1] for r in rows(db, "SELECT source_id, consecutive_failures FROM v_source_health")}
    assert health["dead"] == 1 and health["mirror-vgp"] == 0
    assert "dead" in res.stdout and "failed" in res.stdout


def test_crawl_into_postgresql(mirror, tmp_path, pg_url):
    cfg = write_mirror_config(mirror, tmp_path, db_url=pg_url, only=["vgp", "newspaper", "sitemap"])
    res = run_cli("crawl", config=cfg)
    assert res.returncode == 0, res.stderr[-2000:]
    stored = {r[0] for r in rows(pg_url, "SELECT url FROM article_urls")}
    assert expected_urls(mirror, {"vgp", "newspaper", "sitemap"}) <= stored
    assert rows(pg_url, "SELECT COUNT(*) FROM v_articles WHERE relevant = 1")[0][0] > 0


def test_a_slow_portal_gets_its_own_download_timeout(tmp_path):
    import time as _time
    from mirror.fault_pages import article_page, listing_page
    from tests.loopback import LoopbackSite

    def route(path, headers):
        if path == "/robots.txt":                              # slow too, and asked for by no source
            _time.sleep(2.5)
            return 200, b"User-agent: *\nDisallow: /rieng/\n", {"Content-Type": "text/plain"}
        if path.startswith("/cham/"):                          # a portal that takes 2.5 s for each page
            _time.sleep(2.5)
            path = path[len("/cham"):]
        if path.split("?")[0] == "/tin-tuc":
            return 200, listing_page([("/cham/tin/bai-1-7100001.html", "Bài 1")]), {}
        if path.startswith("/tin/bai-1-"):
            return 200, article_page("cham", 7_100_001), {}
        return None

    site = LoopbackSite(route)
    try:
        cfg = tmp_path / "dxwatch.toml"
        common = 'article_url_pattern = "/tin/"\n'
        cfg.write_text(f'[storage]\nurl = "sqlite:///{tmp_path / "dx.db"}"\n\n[crawl]\nallow_private_networks = true\n'
                       f'sources_dir = ""\ndownload_delay = 0\nautothrottle = false\nretry_times = 0\ndownload_timeout = 1\n\n'
                       f'[[sources]]\nid = "kien-nhan"\nname = "Cổng chậm, chờ được"\ndownload_timeout = 6\n'
                       f'start_urls = ["{site.base}/cham/tin-tuc"]\n{common}\n'
                       f'[[sources]]\nid = "mac-dinh"\nname = "Cổng chậm, mặc định"\n'
                       f'start_urls = ["{site.base}/cham/tin-tuc?b"]\n{common}', encoding="utf-8")
        res = run_cli("crawl", config=cfg, timeout=120)
    finally:
        site.close()
    report = dict((r[0], r[1:]) for r in rows(f"sqlite:///{tmp_path / 'dx.db'}",
                                              "SELECT source_id, status, new_articles, last_error FROM crawl_run_sources"))
    robots = rows(f"sqlite:///{tmp_path / 'dx.db'}", "SELECT status, error FROM fetches WHERE url LIKE '%/robots.txt'")
    assert robots == [(200, None)], robots              # read, not timed out at the crawl-wide 1 s
    assert report["kien-nhan"][:2] == ("ok", 1), report
    assert report["mac-dinh"][0] == "failed" and "no complete answer within 1 s" in report["mac-dinh"][2]
    assert "Traceback" not in res.stderr
