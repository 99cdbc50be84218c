"""The dxwatch CLI: extract JSON, read-only sql in three formats, sources list, clear errors."""
import csv
import io
import json
import os
import subprocess
import urllib.request

import pytest

from mirror.archetypes import load_articles
from tests.conftest import ROOT, run_cli, write_mirror_config


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
    res = run_cli("sql", "SELECT FROM WHERE nothing", config=archive)
    assert res.returncode == 1 and "syntax error" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.parametrize("stmt", ["PRAGMA journal_mode=DELETE", "pragma table_info(articles)",
                                  "ATTACH DATABASE '{dir}/y.db' AS y", "  -- a comment\n ATTACH '{dir}/z.db' AS z",
                                  "SELEC nothing", "VACUUM INTO '{dir}/copy.db'", "DETACH y", "REINDEX"])
def test_sql_refuses_what_is_not_a_query_in_one_line_and_writes_nothing(archive, tmp_path, stmt):
    before = sorted(p.name for p in archive.parent.iterdir())
    res = run_cli("sql", stmt.format(dir=tmp_path), config=archive)
    assert res.returncode == 2, res.stdout + res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "not a query" in res.stderr and "Traceback" not in res.stderr
    assert list(tmp_path.iterdir()) == [] and sorted(p.name for p in archive.parent.iterdir()) == before


def test_sql_engine_guard_refuses_what_hides_inside_a_query(archive, tmp_path):
    """The keyword check is the first line; SQLite's authorizer is the second: a SELECT cannot
    reach a pragma that changes things, and reading the table list through pragma functions works."""
    res = run_cli("sql", "SELECT * FROM pragma_journal_mode", config=archive)
    assert res.returncode == 1 and "not allowed in dxwatch sql" in res.stderr, res.stderr
    ok = run_cli("sql", "SELECT name FROM pragma_table_info('v_metrics')", "--format", "json", config=archive)
    assert ok.returncode == 0 and {"indicator", "value"} <= {r["name"] for r in json.loads(ok.stdout)}


@pytest.mark.parametrize("args,says", [
    (["sql", ""], "empty query"), (["sql", "  ;  "], "empty query"), (["sql", "/* only a comment */"], "empty query"),
    (["sql", "SELECT 1", "--limit", "-1"], "--limit"),
    (["search", "cáp quang", "--source", "nope"], "unknown source 'nope'"),
    (["search", "cáp quang", "--limit", "0"], "--limit"), (["search", "   "], "no words"),
])
def test_usage_errors_are_one_line_and_exit_2(archive, args, says):
    res = run_cli(*args, config=archive)
    assert res.returncode == 2, res.stdout + res.stderr
    assert says in res.stderr and len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr


def test_version_and_readable_help():
    from importlib.metadata import version
    res = run_cli("--version")
    assert res.returncode == 0 and res.stdout.strip() == f"dxwatch {version('dxwatch')}"
    for args in (["--help"], ["crawl", "--help"], ["search", "--help"], ["sql", "--help"], ["digest", "--help"]):
        text = run_cli(*args).stdout
        assert "<bool>" not in text and "<list" not in text and "<str>" not in text and "<int>" not in text, text
    assert "--source ID" in run_cli("crawl", "--help").stdout and "--limit N" in run_cli("sql", "--help").stdout


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
    outbox = tmp_path / "demo" / "outbox"                        # the whole job: a digest, as .eml and .html
    emls, pages = list(outbox.glob("digest-*.eml")), list(outbox.glob("digest-*.html"))
    assert len(emls) == 1 and len(pages) == 1 and "Bản tin chuyển đổi số" in pages[0].read_text("utf-8")
    assert "cid:" not in pages[0].read_text("utf-8")               # charts inlined: it opens in a browser
    # every next step printed works when pasted (serve blocks: checked elsewhere)
    lines = res.stdout.splitlines()
    steps = [ln.strip() for ln in lines[lines.index("next steps (paste from here):") + 1:]
             if ln.strip() and not ln.strip().startswith("#")]
    runnable = [c for c in steps if " serve" not in c and not c.startswith("open ")]
    assert len(runnable) == 4 and any(" search " in c for c in runnable) and any("digest --preview" in c for c in runnable)
    for cmd in runnable:
        done = subprocess.run(cmd, shell=True, cwd=ROOT, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "COLUMNS": "100"})
        assert done.returncode == 0 and done.stdout.strip() and "Traceback" not in done.stderr, (cmd, done.stderr)
        assert len(done.stdout.splitlines()) < 400, cmd                # readable at a terminal, not 1,894 lines
    preview = [c for c in runnable if "digest --preview" in c][0]
    assert "SỐ LIỆU MỚI" in subprocess.run(preview, shell=True, cwd=ROOT, capture_output=True, text=True).stdout


def test_missing_archive_names_config_and_environment(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[storage]\nurl = "sqlite:///{tmp_path / "none.db"}"\n[crawl]\nsources_dir = ""\n')
    res = run_cli("sql", "SELECT 1", config=cfg)
    assert res.returncode == 3 and "--config" in res.stderr and "DXWATCH_CONFIG" in res.stderr
    assert not (tmp_path / "none.db").exists()
