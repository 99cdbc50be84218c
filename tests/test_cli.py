"""The dxwatch CLI: extract JSON, read-only sql in three formats, sources list, clear errors."""
import csv
import io
import json
import urllib.request

import pytest

from mirror.archetypes import load_articles
from tests.conftest import run_cli, write_mirror_config


@pytest.fixture(scope="module")
def archive(mirror, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli")
    cfg = write_mirror_config(mirror, tmp, only=["vgp", "liferay"])
    res = run_cli("crawl", config=cfg)
    assert res.returncode == 0, res.stderr[-1500:]
    return cfg


def test_extract_prints_the_contract_json(mirror, tmp_path):
    art = next(a for a in load_articles() if a.site == "vgp" and a.relevant)
    url = mirror.base("vgp") + art.path
    page = tmp_path / "page.html"
    page.write_bytes(urllib.request.urlopen(url).read())
    res = run_cli("extract", str(page), "--url", url + "?utm_source=x")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    for key in ("url", "title", "published_at", "text", "relevant", "relevance_score", "meetings", "metrics"):
        assert key in data
    assert data["url"] == url                        # tracking parameter folded away
    assert data["title"] == art.title
    assert data["published_at"] == art.published.isoformat()
    assert data["relevant"] is True and data["text"].startswith(art.lead[:40])


def test_extract_of_a_missing_file_is_one_line(tmp_path):
    res = run_cli("extract", str(tmp_path / "nope.html"))
    assert res.returncode == 2 and "cannot be read" in res.stderr and "Traceback" not in res.stderr


def test_sql_json_csv_table(archive):
    res = run_cli("sql", "SELECT article_id, title, relevant FROM v_articles ORDER BY article_id", "--format", "json", config=archive)
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert len(data) > 5 and set(data[0]) == {"article_id", "title", "relevant"}
    res = run_cli("sql", "SELECT source_id, COUNT(*) AS n FROM v_articles GROUP BY source_id ORDER BY source_id", "--format", "csv", config=archive)
    rows = list(csv.reader(io.StringIO(res.stdout)))
    assert rows[0] == ["source_id", "n"] and [r[0] for r in rows[1:]] == ["mirror-liferay", "mirror-vgp"]
    res = run_cli("sql", "SELECT COUNT(*) AS n FROM v_articles", config=archive)
    assert res.returncode == 0 and "n" in res.stdout


@pytest.mark.parametrize("stmt", [
    "DELETE FROM articles", "DROP VIEW v_articles", "INSERT INTO sources(id, name, scope, render, created_at) VALUES ('x','x','national','http','2024-01-01')",
    "PRAGMA journal_mode = DELETE", "ATTACH DATABASE '/tmp/x.db' AS x",
])
def test_sql_is_read_only_by_construction(archive, stmt):
    before = json.loads(run_cli("sql", "SELECT COUNT(*) AS n FROM articles", "--format", "json", config=archive).stdout)
    res = run_cli("sql", stmt, config=archive)
    assert res.returncode != 0
    assert res.stderr.strip().startswith("error: SQL:") and len(res.stderr.strip().splitlines()) == 1
    after = json.loads(run_cli("sql", "SELECT COUNT(*) AS n FROM articles", "--format", "json", config=archive).stdout)
    assert before == after


def test_sql_syntax_error_is_one_line(archive):
    res = run_cli("sql", "SELEC nothing", config=archive)
    assert res.returncode == 1 and "syntax error" in res.stderr and "Traceback" not in res.stderr


def test_sql_row_limit(archive):
    res = run_cli("sql", "SELECT article_id FROM v_articles", "--format", "json", "--limit", "3", config=archive)
    assert len(json.loads(res.stdout)) == 3 and "only the first 3 rows" in res.stderr


def test_sources_list_shows_shipped_sources():
    res = run_cli("sources", "list", "--format", "json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    ids = {d["id"] for d in data}
    assert "baochinhphu-cds" in ids and len(data) >= 24 and all(d["verified"] is False for d in data)


def test_bad_config_exits_before_any_crawl(tmp_path):
    cfg = tmp_path / "bad.toml"
    cfg.write_text('[crawl]\nallow_private_networks = "yes please"\n')
    res = run_cli("crawl", config=cfg)
    assert res.returncode == 2
    assert f"{cfg}: crawl.allow_private_networks:" in res.stderr and "Traceback" not in res.stderr


def test_unreachable_database_is_named_with_password_masked(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[storage]\nurl = "postgresql+psycopg://dx:hunter2@127.0.0.1:1/dx?connect_timeout=2"\n'
                   '[[sources]]\nid = "a"\nname = "A"\nfeeds = ["https://a.vn/rss"]\n[crawl]\nsources_dir = ""\n')
    res = run_cli("crawl", config=cfg)
    assert res.returncode == 3
    assert "dx:***@127.0.0.1:1/dx" in res.stderr and "hunter2" not in res.stderr + res.stdout


def test_status_reports_source_health(archive):
    res = run_cli("status", "--format", "json", config=archive)
    data = json.loads(res.stdout)["sources"]
    assert {d["source_id"] for d in data} == {"mirror-vgp", "mirror-liferay"}
    assert all(d["consecutive_failures"] == 0 and d["articles_7d"] > 0 for d in data) and res.returncode == 0
    assert json.loads(res.stdout)["daemon"]["state"] == "never started"


def test_help_everywhere():
    for args in ([], ["crawl"], ["extract"], ["sql"], ["sources", "list"], ["demo"], ["status"]):
        res = run_cli(*args, "--help")
        assert res.returncode == 0 and "Usage" in res.stdout


def test_demo_serves_the_mirror_crawls_it_and_summarises(tmp_path):
    res = run_cli("demo", "--workdir", str(tmp_path / "demo"), timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    for key in ("vgp", "liferay", "sharepoint", "nukeviet", "newspaper", "sitemap", "jsportal"):
        assert f"mirror-{key}" in res.stdout
    assert "about chuyển đổi số" in res.stdout and (tmp_path / "demo" / "dxwatch.db").exists()
    assert "Traceback" not in res.stderr
