"""Crash safety of reprocessing: `dxwatch reprocess` killed with SIGKILL half-way through an
upgrade's re-run, then run again, leaves exactly the archive that one clean run gives, and the
killed run is marked interrupted."""
import os
import shutil
import signal
import subprocess
import sys

import pytest

from tests.conftest import ROOT, query, run_cli, write_mirror_config
from tests.test_daemon import wait_for

SITES = ["vgp", "liferay", "newspaper", "sitemap", "nukeviet", "sharepoint"]
COMPARE = ["SELECT url, relevant, title, published_at FROM v_articles",
           "SELECT kind, body, ordinal, held_on, chair, article_count FROM v_meetings",
           "SELECT url, source_id FROM v_meeting_articles",
           "SELECT indicator, value, unit, period, scope, url FROM v_metrics"]


@pytest.fixture(scope="module")
def crawled(mirror, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crash")
    cfg = write_mirror_config(mirror, tmp, only=SITES)
    assert run_cli("crawl", config=cfg).returncode == 0
    return tmp


def archive_copy(crawled, tmp_path, name: str, threshold: float):
    """A copy of the crawled archive, and a config that asks for a stricter relevance threshold
    (an upgrade whose reprocess changes many articles)."""
    shutil.copy(crawled / "dx.db", tmp_path / f"{name}.db")
    text = (crawled / "dxwatch.toml").read_text().replace(str(crawled / "dx.db"), str(tmp_path / f"{name}.db"))
    cfg = tmp_path / f"{name}.toml"
    cfg.write_text(f"[relevance]\nthreshold = {threshold}\n\n" + text)
    return cfg, f"sqlite:///{tmp_path / f'{name}.db'}"


def stale(db: str, threshold: float) -> int:
    return query(db, f"SELECT COUNT(*) FROM articles WHERE relevant AND relevance_score < {threshold}")[0][0]


def test_reprocess_killed_midway_then_rerun_equals_one_clean_run(crawled, tmp_path):
    threshold = 0.995
    killed_cfg, killed = archive_copy(crawled, tmp_path, "killed", threshold)
    clean_cfg, clean = archive_copy(crawled, tmp_path, "clean", threshold)
    to_change = stale(killed, threshold)
    assert to_change >= 5, "the upgrade should change several articles"

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DXWATCH_CONFIG", None)
    proc = subprocess.Popen([sys.executable, "-m", "crawler.cli", "--config", str(killed_cfg), "reprocess"], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert wait_for(lambda: 0 < stale(killed, threshold) < to_change, 60, 0.02), "reprocess never got going"
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    left = stale(killed, threshold)
    assert 0 < left < to_change, "the kill should land half-way"
    assert query(killed, "SELECT kind, status FROM crawl_runs ORDER BY id") == [("crawl", "ok"), ("reprocess", "running")]

    again = run_cli("reprocess", config=killed_cfg)
    assert again.returncode == 0 and "Traceback" not in again.stderr
    assert run_cli("reprocess", config=clean_cfg).returncode == 0
    assert query(killed, "SELECT kind, status FROM crawl_runs ORDER BY id") == \
        [("crawl", "ok"), ("reprocess", "interrupted"), ("reprocess", "ok")]
    assert stale(killed, threshold) == 0
    for sql in COMPARE:
        assert sorted(query(killed, sql), key=repr) == sorted(query(clean, sql), key=repr), sql
    # every article whole: a snapshot, a URL, a story
    assert query(killed, "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM snapshots s WHERE "
                         "s.article_id = a.id) OR NOT EXISTS (SELECT 1 FROM article_urls u WHERE u.article_id = a.id) "
                         "OR a.story_id IS NULL")[0][0] == 0
