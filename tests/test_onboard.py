"""`dxwatch sources add` and `dxwatch sources check` on the real mirror (loopback HTTP servers),
a real SQLite archive and, for the scripted portal, real Chromium: the written TOML crawls the
archetype's articles; a dead URL, a 500 and a non-HTML answer give one line and write nothing;
a check stores ok / moved / empty / unreachable with evidence and `sources list` shows it."""
import json
import re

import pytest

from pipelines.canonical import canonical_url
from tests.conftest import free_port, query, run_cli
from tests.loopback import LoopbackSite

# Every mirror archetype, the ten written blind included.
ARCHETYPES = ["vgp", "liferay", "sharepoint", "nukeviet", "newspaper", "sitemap", "jsportal", "amp-sitemap",
              "aspx-query-id", "gz-sitemap-index", "joomla-query", "liferay-portal", "menu-section", "nukeviet-dept",
              "query-id", "script-listing", "slug-noid", "wp-style"]


def workdir(tmp_path):
    (tmp_path / "sources").mkdir()
    cfg = tmp_path / "dxwatch.toml"
    cfg.write_text(f'[storage]\nurl = "sqlite:///{tmp_path / "dx.db"}"\n\n[crawl]\nallow_private_networks = true\n'
                   f'sources_dir = "sources"\ndownload_delay = 0\nautothrottle = false\nper_host_concurrency = 4\n'
                   f'default_max_pages = 10\n', encoding="utf-8")
    return cfg


@pytest.mark.parametrize("key", ARCHETYPES)
def test_sources_add_writes_a_toml_that_crawls_every_article(mirror, tmp_path, key):
    cfg = workdir(tmp_path)
    res = run_cli("sources", "add", mirror.base(key) + "/", "--id", key, "--province", "Cần Thơ", config=cfg)
    assert res.returncode == 0, res.stdout[-1500:] + res.stderr[-1500:]
    written = (tmp_path / "sources" / f"{key}.toml").read_text(encoding="utf-8")
    assert re.search(r"^# .*article link", written, re.M) and 'province = "Cần Thơ"' in written
    crawl = run_cli("crawl", config=cfg)
    assert crawl.returncode == 0 and "Traceback" not in crawl.stderr
    got = {canonical_url(r[0]) for r in query(f"sqlite:///{tmp_path / 'dx.db'}", "SELECT url FROM articles")}
    truth = {canonical_url(u) for u in mirror.article_urls([key])}
    assert truth <= got, sorted(truth - got)
    assert got - truth == set(), sorted(got - truth)        # no category, tag or static page stored
    if key == "jsportal":                                     # bodies drawn by script: render_articles was chosen
        from mirror.archetypes import load_articles
        assert "render_articles = true" in written
        texts = dict(query(f"sqlite:///{tmp_path / 'dx.db'}", "SELECT url, text FROM articles"))
        for a in load_articles():
            if a.site == "jsportal" and a.script_body:
                assert a.must_contain[-1] in texts[canonical_url(mirror.base(key) + a.path)]


def test_dry_run_prints_and_writes_nothing(mirror, tmp_path):
    cfg = workdir(tmp_path)
    res = run_cli("sources", "add", mirror.base("wp-style") + "/", "--dry-run", config=cfg)
    assert res.returncode == 0 and 'render = "http"' in res.stdout and "platform = \"wordpress\"" in res.stdout
    assert list((tmp_path / "sources").iterdir()) == []
    assert run_cli("sources", "add", mirror.base("wp-style") + "/", "--id", "wp", config=cfg).returncode == 0
    again = run_cli("sources", "add", mirror.base("wp-style") + "/", "--id", "wp", config=cfg)
    assert again.returncode == 2 and "already configured" in again.stderr     # never overwritten


def test_dead_500_and_non_html_give_one_line_and_write_nothing(tmp_path):
    site = LoopbackSite(lambda path, h: {"/loi": (500, b"<html>loi</html>", {}),
                                         "/tai-lieu": (200, b"%PDF-1.4 ...", {"Content-Type": "application/pdf"}),
                                         "/trong": (200, b"<html><body><p>Trang tr\xe1\xbb\x91ng</p></body></html>", {})
                                         }.get(path))
    cfg = workdir(tmp_path)
    try:
        for url, said in ((f"http://127.0.0.1:{free_port()}/", "connection refused"),
                          (f"{site.base}/loi", "HTTP 500"),
                          (f"{site.base}/tai-lieu", "not an HTML page (application/pdf)"),
                          (f"{site.base}/trong", "no article link found"),
                          ("ftp://example.org/", "expected an absolute http(s) URL")):
            res = run_cli("sources", "add", url, "--id", "x", config=cfg, env={"DXWATCH_CRAWL_RETRY_TIMES": "0"})
            lines = res.stderr.strip().splitlines()
            assert res.returncode != 0 and len(lines) == 1 and said in lines[0], (url, res.stderr)
            assert "Traceback" not in res.stderr and list((tmp_path / "sources").iterdir()) == []
    finally:
        site.close()


def test_sources_check_stores_results_with_evidence_and_list_shows_them(mirror, tmp_path):
    cfg = workdir(tmp_path)
    wp, dead = mirror.base("wp-style"), f"http://127.0.0.1:{free_port()}"
    moved = LoopbackSite(lambda path, h: (301, b"", {"Location": wp + "/"}) if path == "/" else None)
    blocks = {"good": {"start_urls": [wp + "/"]},
              "moved": {"start_urls": [moved.base + "/"]},
              "gone": {"start_urls": [dead + "/"]},
              "nothing": {"start_urls": [wp + "/gioi-thieu/"], "article_url_pattern": "/khong-co-gi/"}}
    for sid, keys in blocks.items():
        (tmp_path / "sources" / f"{sid}.toml").write_text(
            f'id = "{sid}"\nname = "{sid}"\n' + "".join(f"{k} = {json.dumps(v)}\n" for k, v in keys.items()), encoding="utf-8")
    try:
        res = run_cli("sources", "check", "--format", "json", config=cfg, env={"DXWATCH_CRAWL_RETRY_TIMES": "0"})
    finally:
        moved.close()
    assert res.returncode == 1 and "Traceback" not in res.stderr          # not every source is ok
    assert {r["source_id"]: r["result"] for r in json.loads(res.stdout)}["moved"] == "moved"
    rows = {r[0]: r[1:] for r in query(f"sqlite:///{tmp_path / 'dx.db'}",
                                       "SELECT source_id, result, evidence, links, extracted FROM v_source_checks")}
    assert {k: v[0] for k, v in rows.items()} == {"good": "ok", "moved": "moved", "gone": "unreachable", "nothing": "empty"}
    assert rows["good"][2] > 0 and rows["good"][3] >= 1
    assert any("→" in line and "301" in line for line in json.loads(rows["moved"][1]))
    assert any("connection refused" in line for line in json.loads(rows["gone"][1]))
    listed = {d["id"]: d for d in json.loads(run_cli("sources", "list", "--format", "json", config=cfg).stdout)}
    assert listed["good"]["check"] == "ok" and listed["good"]["verified"] is True and listed["good"]["verified_on"]
    assert listed["gone"]["check"] == "unreachable" and listed["gone"]["verified"] is False
    status = {d["source_id"]: d for d in json.loads(run_cli("status", "--format", "json", config=cfg).stdout)["sources"]}
    assert status["moved"]["check"] == "moved" and status["good"]["verified_on"] == listed["good"]["verified_on"]
    table = run_cli("status", config=cfg).stdout
    assert "unreachable" in table and "empty" in table


def test_a_private_address_is_refused_without_a_request(tmp_path):
    """`sources add` takes URLs from users: with the guard on (the default), nothing is sent."""
    asked = []
    site = LoopbackSite(lambda path, h: asked.append(path) or (200, b"<html><body>x</body></html>", {}))
    cfg = tmp_path / "dxwatch.toml"
    cfg.write_text(f'[storage]\nurl = "sqlite:///{tmp_path / "dx.db"}"\n[crawl]\nsources_dir = "sources"\n', encoding="utf-8")
    (tmp_path / "sources").mkdir()
    try:
        res = run_cli("sources", "add", site.base + "/", config=cfg)
    finally:
        site.close()
    assert res.returncode == 1 and "refused" in res.stderr and "private" in res.stderr and "Traceback" not in res.stderr
    assert asked == [] and list((tmp_path / "sources").iterdir()) == []
