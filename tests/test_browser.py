"""Portals that need a browser: real Chromium through scrapy-playwright, interactions, auto mode,
bounded failures, and no Chromium left behind."""
import os
import subprocess
import time

import pytest

from mirror.archetypes import load_articles
from pipelines.canonical import canonical_url
from tests.conftest import query as q, run_cli, write_mirror_config

pytestmark = pytest.mark.skipif(not os.path.exists("/usr/bin/chromium") and not os.environ.get("DXWATCH_CHROMIUM"),
                                reason="no Chromium (run make install)")




def chromium_pids() -> dict[int, int]:
    """Live Chromium processes, pid -> parent pid (zombies left to a non-reaping PID 1 hold nothing)."""
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid=,stat=,args="], capture_output=True, text=True).stdout
    rows = [line.split(None, 3) for line in out.splitlines()]
    # crashpad handlers detach to PID 1 by design and end with the browser that started them: not counted
    return {int(r[0]): int(r[1]) for r in rows if len(r) == 4 and "chrom" in r[3] and not r[2].startswith("Z")
            and "crashpad" not in r[3].split()[0]}


def leftover_chromium(before: set[int]) -> list[int]:
    """Chromium processes started since `before` that this test left behind: orphaned (parent 1) or
    still under this process. Other programs' browsers on the machine are not ours to count."""
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True).stdout
    parent = {int(a): int(b) for a, b in (line.split() for line in out.splitlines() if line.strip())}

    def ours(pid: int) -> bool:
        while pid > 1:
            if pid == os.getpid():
                return True
            pid = parent.get(pid, 1)
        return False
    return [pid for pid, ppid in chromium_pids().items() if pid not in before and (ppid == 1 or ours(pid))]


def source_block(**kw) -> str:
    import json
    return "[[sources]]\n" + "\n".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in kw.items()) + "\n"


def test_browser_source_clicks_more_and_renders_script_bodies(mirror, tmp_path):
    before = set(chromium_pids())
    cfg = write_mirror_config(mirror, tmp_path, only=["jsportal"])
    res = run_cli("crawl", config=cfg)
    assert res.returncode == 0, res.stderr[-2000:]
    db = f"sqlite:///{tmp_path / 'dx.db'}"
    js = [a for a in load_articles() if a.site == "jsportal"]
    stored = {r[0] for r in q(db, "SELECT url FROM article_urls")}
    assert {canonical_url(mirror.base("jsportal") + a.path) for a in js} <= stored   # needs "Xem thêm" clicks
    for a in js:
        if a.script_body:       # the body exists only after its script ran
            body = q(db, f"SELECT text FROM articles WHERE url = '{canonical_url(mirror.base('jsportal') + a.path)}'")[0][0]
            assert a.must_contain[-1] in body
    clicks = [e for e in mirror.log.entries if e[1] == "POST" and e[0] == "jsportal"]
    assert len(clicks) >= 3
    time.sleep(0.5)
    assert leftover_chromium(before) == []             # every browser process ended with the crawl


def test_auto_mode_decides_remembers_and_shows_it(mirror, tmp_path):
    js, lf = mirror.base("jsportal"), mirror.base("liferay")
    extra = (source_block(id="auto-js", name="Auto JS", start_urls=[js + "/chuyen-doi-so"], render="auto",
                          wait_for="#news-zone .news-item", click_more="#more")
             + source_block(id="auto-html", name="Auto HTML", start_urls=[lf + "/web/guest/chuyen-doi-so"], render="auto"))
    cfg = write_mirror_config(mirror, tmp_path, only=[], extra=extra)
    db = f"sqlite:///{tmp_path / 'dx.db'}"
    assert run_cli("crawl", config=cfg).returncode == 0
    assert dict(q(db, "SELECT id, render_detected FROM sources")) == {"auto-js": "browser", "auto-html": "http"}
    listed = run_cli("sources", "list", "--format", "json", config=cfg)
    modes = {d["id"]: d["render_detected"] for d in __import__("json").loads(listed.stdout)}
    assert modes == {"auto-js": "browser", "auto-html": "http"}
    assert q(db, "SELECT COUNT(*) FROM articles WHERE source_id = 'auto-js'")[0][0] >= 3
    first = q(db, "SELECT COUNT(*) FROM fetches WHERE source_id = 'auto-js' AND kind = 'listing' AND run_id = 1")[0][0]
    assert run_cli("crawl", config=cfg).returncode == 0
    second = q(db, "SELECT COUNT(*) FROM fetches WHERE source_id = 'auto-js' AND kind = 'listing' AND run_id = 2")[0][0]
    assert first == 2 and second == 1          # the remembered decision skips the HTTP probe


def test_misbehaving_pages_are_bounded_and_reported(mirror, tmp_path):
    js, lf = mirror.base("jsportal"), mirror.base("liferay")
    extra = ("[browser]\npage_timeout = 4\n\n"
             + source_block(id="never-settles", name="A", start_urls=[js + "/never-settles"], render="browser", wait_for=".news-item")
             + source_block(id="script-error", name="B", start_urls=[js + "/script-error"], render="browser", wait_for=".news-item")
             + source_block(id="infinite", name="C", start_urls=[js + "/infinite-scroll"], render="browser", scroll=3)
             + source_block(id="no-button", name="D", start_urls=[js + "/thoi-su"], render="browser",
                            wait_for="#news-zone .news-item", click_more="#khong-co-nut")
             + source_block(id="plain", name="E", start_urls=[lf + "/web/guest/chuyen-doi-so"]))
    cfg = write_mirror_config(mirror, tmp_path, only=[], extra=extra)
    t0 = time.monotonic()
    res = run_cli("crawl", config=cfg)
    assert res.returncode == 0 and "Traceback" not in res.stderr
    assert time.monotonic() - t0 < 120
    db = f"sqlite:///{tmp_path / 'dx.db'}"
    report = {r[0]: r[1:] for r in q(db, "SELECT source_id, status, last_error, articles FROM crawl_run_sources")}
    for sid in ("never-settles", "script-error"):
        assert report[sid][0] == "failed" and "timed out" in report[sid][1]      # one line, no Playwright call log
    assert 5 <= report["infinite"][2] <= 20            # scrolled a bounded number of times
    assert report["no-button"][0] != "failed" and report["no-button"][2] >= 1
    assert report["plain"][0] == "ok" and report["plain"][2] > 0


@pytest.mark.parametrize("fake", ["missing", "crashing"])
def test_no_or_broken_browser_is_reported_and_http_sources_go_on(mirror, tmp_path, fake):
    exe = tmp_path / "chromium"
    if fake == "crashing":
        exe.write_text("#!/bin/sh\necho 'chromium: fatal error' >&2\nexit 1\n")
        exe.chmod(0o755)
    cfg = write_mirror_config(mirror, tmp_path, only=["jsportal", "liferay"])
    res = run_cli("crawl", config=cfg, env={"DXWATCH_CHROMIUM": str(exe)})
    assert res.returncode == 0 and "Traceback" not in res.stderr
    db = f"sqlite:///{tmp_path / 'dx.db'}"
    report = {r[0]: r[1:] for r in q(db, "SELECT source_id, status, last_error FROM crawl_run_sources")}
    assert report["mirror-jsportal"][0] == "failed"
    if fake == "missing":
        assert "make install" in report["mirror-jsportal"][1]
    assert report["mirror-liferay"][0] == "ok"


def test_contexts_are_recycled_without_starving_the_crawl(mirror, tmp_path):
    js = mirror.base("jsportal")
    extra = ("[browser]\nrecycle_after = 2\nmax_pages_per_context = 2\npage_timeout = 10\n\n"
             + source_block(id="many", name="Many pages", render="browser", wait_for="#news-zone .news-item",
                            start_urls=[f"{js}/chuyen-doi-so?v={i}" for i in range(9)], max_pages=1))
    cfg = write_mirror_config(mirror, tmp_path, only=[], extra=extra)
    t0 = time.monotonic()
    res = run_cli("crawl", config=cfg, timeout=180)
    assert res.returncode == 0, res.stderr[-1500:]
    assert time.monotonic() - t0 < 120
    db = f"sqlite:///{tmp_path / 'dx.db'}"
    assert q(db, "SELECT pages, status FROM crawl_run_sources WHERE source_id = 'many'")[0] == (9, "ok")
