"""mirror.faults and what dxwatch does about each fault (docs/reliability.md): one crawl of
the whole offline mirror plus every fault site, over real HTTP on loopback, then what the archive
recorded and what each fault server saw. Pure checks of the parsers and header readers first."""
import gzip
import os
import signal
import subprocess
import sys
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from lxml import etree
from scrapy.http import Headers

from crawler.blocking import challenge_reason
from mirror.archetypes import load_articles
from mirror.fault_pages import CHALLENGE, entity_bomb_feed, entity_bomb_sitemap, gzip_bomb
from mirror.fault_sites import FAULTS, HUGE_PAGE_BYTES, HUGE_SITEMAP_BYTES, PDF_BYTES
from mirror.faults import FaultServer
from crawler.http_retry import retry_after_seconds
from pipelines.canonical import canonical_url
from spiders.feeds import XmlRefused, _parser, parse_feed, parse_sitemap, unpack_xml
from tests.conftest import ROOT, query, run_cli, write_mirror_config

MAX = 20 * 1024 * 1024
MAX_PAGES = 10                      # default_max_pages of the mirror config


# --- pure checks -----------------------------------------------------------------------------------

def test_retry_after_reads_seconds_and_http_dates():
    assert retry_after_seconds(b"120") == 120
    assert 89 <= retry_after_seconds(formatdate(time.time() + 90, usegmt=True)) <= 90
    assert retry_after_seconds(formatdate(time.time() - 90, usegmt=True)) == 0     # a date past: no wait
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None


def test_challenge_pages_are_recognised_and_news_pages_are_not():
    assert challenge_reason(503, Headers({"cf-mitigated": "challenge"}), b"") is not None
    assert challenge_reason(403, Headers(), CHALLENGE) is not None                # by its markup alone
    news = "<html><head><title>Tin tức</title></head><body><p>Just a moment of silence…</p></body></html>"
    assert challenge_reason(200, Headers(), news.encode()) is None
    assert challenge_reason(403, Headers(), b"<h1>403 Forbidden</h1>") is None


def test_entity_bombs_are_refused_and_never_expanded():
    feed = entity_bomb_feed("http://a.vn", ["/tin/bai-1234567.html"])
    sitemap = entity_bomb_sitemap("http://a.vn", ["/tin/bai-1234567.html"])
    for doc in (feed, sitemap):
        with pytest.raises(XmlRefused, match="declares XML entities"):
            unpack_xml(doc, MAX)
    started = time.monotonic()
    assert parse_feed(feed) == [] and parse_sitemap(sitemap).locs == []      # refused here too
    root = etree.fromstring(feed, parser=_parser())       # and the parser itself never expands them
    assert time.monotonic() - started < 1 and len(etree.tostring(root)) < 10_000


def test_gzip_sitemaps_are_inflated_up_to_the_cap_only():
    xml = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           b"<url><loc>http://a.vn/tin/bai-1234567.html</loc></url></urlset>")
    assert parse_sitemap(unpack_xml(gzip.compress(xml), MAX)).locs == ["http://a.vn/tin/bai-1234567.html"]
    with pytest.raises(XmlRefused, match="once decompressed"):
        unpack_xml(gzip_bomb(), MAX)


def test_fault_server_names_unknown_faults():
    with pytest.raises(ValueError, match="no-such-fault.*known: http500"):
        FaultServer(["no-such-fault"])


# --- one crawl: the mirror and every fault --------------------------------------------------------

@pytest.fixture(scope="module")
def crawl(mirror, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    # `dxwatch demo --faults` (its own mirror and fault servers) runs meanwhile, to save wall time
    demo = subprocess.Popen([sys.executable, "-m", "crawler.cli", "demo", "--faults", "--workdir", str(tmp / "demo")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"})
    with FaultServer() as faults:
        cfg = write_mirror_config(mirror, tmp, extra=faults.config_blocks())
        # every fault site shares 127.0.0.18: as many per-host slots as real hosts would have;
        # a short timeout for the sites that hang and drip
        cfg.write_text(cfg.read_text().replace("per_host_concurrency = 4", "per_host_concurrency = 16\ndownload_timeout = 2"))
        started = time.monotonic()
        res = run_cli("crawl", config=cfg, timeout=120)
        elapsed = time.monotonic() - started
        time.sleep(0.5)                    # hanging handlers notice the client left and log
        served = list(faults.log.entries)
        bases = {k: faults.base(k) for k in faults.keys}
    demo_out, demo_err = demo.communicate(timeout=180)
    db = f"sqlite:///{tmp / 'dx.db'}"
    report = {r[0]: r[1:] for r in query(db, "SELECT source_id, status, last_error, new_articles, skipped, errors "
                                             "FROM crawl_run_sources")}
    return {"res": res, "db": db, "served": served, "bases": bases, "elapsed": elapsed, "report": report,
            "demo": subprocess.CompletedProcess(demo.args, demo.returncode, demo_out, demo_err)}


def served(crawl, key, prefix=""):
    return [e for e in crawl["served"] if e.site == key and e.path.startswith(prefix)]


def stored(crawl, key) -> set[str]:
    return {u for (u,) in query(crawl["db"], f"SELECT url FROM article_urls WHERE source_id = 'fault-{key}'")}


def error(crawl, key) -> str:
    return crawl["report"][f"fault-{key}"][1] or ""


def log_lines(crawl, key) -> list[str]:
    return [line for line in crawl["res"].stderr.splitlines() if f"source fault-{key}:" in line]


def test_every_mirror_article_is_stored_despite_the_faults(crawl, mirror):
    res = crawl["res"]
    assert res.returncode == 0, res.stderr[-2000:]
    assert "Traceback" not in res.stderr + res.stdout
    urls = {u for (u,) in query(crawl["db"], "SELECT url FROM article_urls")}
    missing = {canonical_url(mirror.base(a.site) + a.path) for a in load_articles()} - urls
    assert not missing, sorted(missing)[:5]
    assert all(r[0] == "ok" for s, r in crawl["report"].items() if s.startswith("mirror-"))
    assert query(crawl["db"], "SELECT status FROM crawl_runs")[0][0] == "ok"
    assert crawl["elapsed"] < 60


@pytest.mark.parametrize("key", list(FAULTS))
def test_each_fault_source_ends_as_designed(crawl, key):
    status, last_error, new, *_ = crawl["report"][f"fault-{key}"]
    blocked, degraded = query(crawl["db"], f"SELECT blocked, degraded FROM source_health WHERE source_id = 'fault-{key}'")[0]
    assert (status, bool(blocked)) == (FAULTS[key].status, FAULTS[key].blocked), last_error
    if status == "ok" or status == "partial":
        assert new >= 1                                 # its sound pages were stored
    if blocked:
        assert degraded
    assert len(log_lines(crawl, key)) <= 2              # one line per failed entry, never a storm


def gaps(entries) -> list[float]:
    return [b.at - a.at for a, b in zip(entries, entries[1:])]


def test_retries_back_off_and_honour_retry_after(crawl):
    e500 = served(crawl, "http500", "/tin-tuc")
    assert [e.status for e in e500] == [500, 500, 500]          # 1 + retry_times
    g = gaps(e500)
    assert g[0] >= 0.7 and g[1] >= 1.4                          # at least ~1 s, then ~2 s (±25 %)
    e503 = served(crawl, "http503", "/tin-tuc")
    # Retry-After: 2, and an HTTP-date 3 s ahead (2-3 s): longer than a first backoff (at most 1.25 s)
    assert [e.status for e in e503] == [503, 503, 200] and min(gaps(e503)) >= 1.9
    waited = served(crawl, "http429", "/tin/cho-doi")
    assert [e.status for e in waited] == [429, 200] and gaps(waited)[0] >= 1.9
    # the 429 paused the host: the second listing, answered a second after the 429, links an
    # article that waited for the pause to end (at least 2 s: Retry-After is an HTTP-date 3 s
    # ahead, in whole seconds)
    late = served(crawl, "http429", "/tin/thong-bao-")
    assert [e.status for e in late] == [200] and late[0].at - waited[0].at >= 1.9
    assert len(served(crawl, "http429", "/tin/qua-tai")) == 1   # Retry-After: 3600 is beyond the cap: not retried
    assert "Retry-After" in error(crawl, "http429") and "3600" in error(crawl, "http429")
    assert "HTTP 500 (after 2 retries)" in error(crawl, "http500")


def test_resets_hangs_and_drips_fail_cleanly_within_the_timeout(crawl):
    # 1 + retry_times attempts; Twisted itself resends once when a reused keep-alive connection dies
    assert 3 <= len(served(crawl, "reset", "/tin-tuc")) <= 4 and "connection reset" in error(crawl, "reset")
    assert len(served(crawl, "never-starts", "/tin-tuc")) == 3 and "timed out" in error(crawl, "never-starts")
    drip = served(crawl, "drip", "/tin/nho-giot")
    assert len(drip) == 3 and all(e.sent < 50 for e in drip)   # ~2 of its ~1,400 bytes before each 2 s timeout
    assert "within 2 s" in error(crawl, "drip")


def test_truncated_and_lying_pages_are_not_stored_but_their_neighbours_are(crawl):
    for key, bad in (("drip", "nho-giot"), ("truncated", "cat-cut"), ("lying-length", "do-dai-sai")):
        urls = stored(crawl, key)
        assert any("/tin/bai-tot-" in u for u in urls) and not any(bad in u for u in urls), (key, urls)
    assert "truncated" in error(crawl, "truncated")
    assert crawl["report"]["fault-lying-length"][3] == 1          # 64 bytes of it: no article body, skipped


def test_size_caps_stop_bombs_huge_pages_and_huge_sitemaps(crawl):
    assert "once decompressed" in error(crawl, "gzip-bomb") and "20 MiB" in error(crawl, "gzip-bomb")
    big = served(crawl, "huge-page", "/tin/trang-khong-lo")
    assert big and all(e.sent < HUGE_PAGE_BYTES * 0.7 for e in big)        # the client hung up at the cap
    assert "larger than 20 MiB" in error(crawl, "huge-page")
    plain, packed = served(crawl, "huge-sitemap", "/sitemap.xml"), served(crawl, "huge-sitemap", "/sitemap.xml.gz")
    assert all(e.sent < HUGE_SITEMAP_BYTES / 4 for e in plain if e.path == "/sitemap.xml")
    assert packed and all(e.sent < HUGE_SITEMAP_BYTES / 10 for e in packed)
    said = log_lines(crawl, "huge-sitemap")
    assert any("/sitemap.xml: larger than 20 MiB (max_page_bytes): download cancelled" in line for line in said)
    assert any("/sitemap.xml.gz: larger than 20 MiB once decompressed" in line for line in said)


def test_attachments_are_cut_at_the_headers(crawl):
    pdf = served(crawl, "pdf", "/tin/bao-cao-tong-ket")
    assert len(pdf) == 1 and pdf[0].sent < PDF_BYTES / 2         # kernel buffers at most, not 16 MB
    fetched = query(crawl["db"], "SELECT bytes FROM fetches WHERE url LIKE '%/tin/bao-cao-tong-ket-%'")
    assert fetched and fetched[0][0] < 1_000_000
    assert "not an HTML page (application/pdf)" in error(crawl, "pdf") and crawl["report"]["fault-pdf"][3] == 1
    assert not any("bao-cao" in u for u in stored(crawl, "pdf"))


def test_redirects_and_paging_are_bounded(crawl):
    assert len(served(crawl, "redirect-loop", "/loop")) == 11          # the request and 10 redirects
    hops = [int(e.path[5:]) for e in served(crawl, "redirect-loop", "/hop/")]
    assert max(hops) == 11 and len(hops) == 11                        # /hop/30 never reached
    assert "more than 10 redirects" in error(crawl, "redirect-loop")
    pages = served(crawl, "endless-pages", "/tin-tuc")
    assert len(pages) == 4 <= MAX_PAGES                                 # page 4 repeats page 3: stop there
    months = served(crawl, "calendar", "/lich-cong-tac")
    assert len(months) == 2 and not any("ngay=" in e.path for e in months)


def test_blocked_sources_are_one_line_and_never_retried(crawl):
    pages = [e for e in served(crawl, "challenge") if e.path != "/robots.txt"]
    assert pages and len(pages) == len({e.path for e in pages}) <= 3     # no page asked twice
    assert len(log_lines(crawl, "challenge")) == 1 and "challenge" in error(crawl, "challenge")
    assert [e.path for e in served(crawl, "robots-disallow")] == ["/robots.txt"]
    assert len(log_lines(crawl, "robots-disallow")) == 1 and "robots.txt" in error(crawl, "robots-disallow")


def test_robots_txt_server_error_means_disallow_all_for_this_crawl(crawl):
    seen = served(crawl, "robots-500")
    assert [e.path for e in seen] == ["/robots.txt"] * 3                # asked (and retried), nothing else
    assert "RFC 9309" in error(crawl, "robots-500")


def test_a_cookie_gate_is_passed_with_its_cookie(crawl):
    first, *rest = served(crawl, "cookie-gate")          # robots.txt is gated too
    assert first.status == 302 and "cookie" not in first.headers
    assert rest and all(e.status == 200 and "dx_gate=ok" in e.headers.get("cookie", "") for e in rest)
    assert any("/tin/bai-tot-" in u for u in stored(crawl, "cookie-gate"))


def test_entity_bomb_feed_and_sitemap_are_refused_in_the_crawl(crawl):
    assert {e.path for e in served(crawl, "xml-bomb")} <= {"/robots.txt", "/rss.xml", "/sitemap.xml"}
    assert "declares XML entities" in error(crawl, "xml-bomb")
    assert crawl["report"]["fault-xml-bomb"][4] == 2                    # both entries: two errors


def test_demo_with_faults_crawls_everything_and_summarises(crawl):
    res = crawl["demo"]
    assert res.returncode == 0, res.stderr[-2000:]
    assert f"faults: {len(FAULTS)}/{len(FAULTS)} handled as designed; mirror sources all ok" in res.stdout
    assert "Traceback" not in res.stderr + res.stdout


def test_a_crawl_stopped_during_a_retry_wait_ends_at_once(tmp_path):
    """SIGTERM while a retry waits out a long (but honoured) Retry-After, with a second request to
    the same host queued behind the host's pause: neither is waited out."""
    asked = threading.Event()

    class Busy(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            body = b"User-agent: *\nAllow: /\n" if self.path == "/robots.txt" else b"busy"
            self.send_response(200 if self.path == "/robots.txt" else 503)
            if self.path != "/robots.txt":
                self.send_header("Retry-After", "100")
                asked.set()
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    srv = ThreadingHTTPServer(("127.0.0.18", 0), Busy)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    cfg = tmp_path / "dx.toml"
    cfg.write_text(f'[storage]\nurl = "sqlite:///{tmp_path}/dx.db"\n[crawl]\nallow_private_networks = true\nsources_dir = ""\n'
                   f'[[sources]]\nid = "busy"\nname = "Busy"\nstart_urls = ["http://127.0.0.18:{srv.server_address[1]}/tin", '
                   f'"http://127.0.0.18:{srv.server_address[1]}/thong-bao"]\n')
    proc = subprocess.Popen([sys.executable, "-m", "crawler.cli", "--config", str(cfg), "crawl"], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert asked.wait(60)
        time.sleep(1)                                   # now inside the 100 s wait
        stopped = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=30)
        assert time.monotonic() - stopped < 10
    finally:
        proc.kill()
        srv.shutdown()
        srv.server_close()
    db = f"sqlite:///{tmp_path / 'dx.db'}"
    assert query(db, "SELECT status FROM crawl_runs") == [("interrupted",)]
    assert "HTTP 503" in query(db, "SELECT last_error FROM crawl_run_sources")[0][0]
