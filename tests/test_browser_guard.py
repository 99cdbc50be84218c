"""crawler.browser_guard: Chromium's requests (pages, redirects, images, XHR, frames) meet the same
private-network check as Scrapy's, through the loopback proxy the crawl owns.

Loopback only, by construction: every name is pinned to 127.0.0.1 through `[crawl] resolve`, so
even a broken guard could only ever reach this machine. A control run with the guard open shows
that the page really asks for the private names, so the guarded run's silence means something."""
import os
import socket

import pytest

from crawler.browser_guard import AddressPolicy, BrowserGuard
from tests.conftest import query, run_cli
from tests.loopback import ARTICLE, LoopbackSite

needs_chromium = pytest.mark.skipif(not os.path.exists("/usr/bin/chromium") and not os.environ.get("DXWATCH_CHROMIUM"),
                                    reason="no Chromium (run make install)")


class Portal(LoopbackSite):
    """One loopback server for every name (`hosts` notes the Host of each request)."""

    def __init__(self):
        super().__init__(self.route)

    def route(self, path: str, headers: dict):
        p = self.port
        if path == "/tin-tuc":
            return 200, (f'<html><head><meta charset="utf-8"></head><body>'
                         f'<img src="http://cloud.tinh.test:{p}/pixel.png">'
                         f'<iframe src="http://tinh.test:{p}/khung"></iframe>'
                         f'<script>fetch("http://cloud.tinh.test:{p}/api/tin").catch(() => 0);</script>'
                         f'<a href="http://tinh.test:{p}/tin/bai-viet-so-1.html">Bài viết số 1 về chuyển đổi số</a>'
                         f'</body></html>').encode(), {}
        if path == "/khung":            # a frame that redirects into the intranet
            return 302, b"", {"Location": f"http://db.tinh.test:{p}/noi-bo"}
        if path == "/chuyen-trang":     # an entry page that redirects into the intranet
            return 302, b"", {"Location": f"http://db.tinh.test:{p}/tin-tuc"}
        if path.startswith("/tin/"):
            return 200, ARTICLE.format(t=f"Bài {path}").encode(), {}
        if path in ("/pixel.png", "/api/tin", "/noi-bo"):
            return 200, b"secret", {"Content-Type": "text/plain"}
        return None


@pytest.fixture
def portal():
    srv = Portal()
    yield srv
    srv.close()


def config(tmp_path, srv, *, allow_all: str = "false") -> object:
    p = srv.port
    cfg = tmp_path / "dxwatch.toml"
    cfg.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path / "dx.db"}"\n\n'
        f'[crawl]\nallow_private_networks = {allow_all}\nallow_private_hosts = ["tinh.test"]\nsources_dir = ""\n'
        f'download_delay = 0\nautothrottle = false\nretry_times = 0\n'
        f'[crawl.resolve]\n"tinh.test" = "127.0.0.1"\n"cloud.tinh.test" = "127.0.0.1"\n"db.tinh.test" = "127.0.0.1"\n\n'
        f'[browser]\nblock_resources = []\npage_timeout = 10\n\n'
        f'[[sources]]\nid = "rendered"\nname = "Cổng có script"\nstart_urls = ["http://tinh.test:{p}/tin-tuc"]\n'
        f'render = "browser"\narticle_url_pattern = "/tin/"\n\n'
        f'[[sources]]\nid = "moved"\nname = "Cổng chuyển hướng"\nstart_urls = ["http://tinh.test:{p}/chuyen-trang"]\n'
        f'render = "browser"\narticle_url_pattern = "/tin/"\n', encoding="utf-8")
    return cfg


@needs_chromium
def test_control_the_page_really_asks_for_private_names_when_the_guard_is_open(tmp_path, portal):
    res = run_cli("crawl", config=config(tmp_path, portal, allow_all="true"))
    assert res.returncode == 0, res.stderr[-2000:]
    assert {"cloud.tinh.test", "db.tinh.test"} <= set(portal.hosts)


@needs_chromium
def test_browser_subresources_frames_and_redirects_to_private_names_are_refused(tmp_path, portal):
    res = run_cli("crawl", config=config(tmp_path, portal))
    assert "Traceback" not in res.stderr
    assert set(portal.hosts) == {"tinh.test"}, portal.hosts          # nothing else was ever connected to
    db = f"sqlite:///{tmp_path / 'dx.db'}"
    urls = {r[0] for r in query(db, "SELECT url FROM article_urls")}
    assert any("bai-viet-so-1" in u for u in urls)                   # the allowed page still renders and yields
    report = dict(query(db, "SELECT source_id, last_error FROM crawl_run_sources"))
    assert "refused in the browser" in report["moved"] and "db.tinh.test" in report["moved"]
    assert "cloud.tinh.test" in res.stderr                            # the refusals are said


def _ask(port: int, raw: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(raw)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
        return out


def test_the_proxy_checks_the_address_it_connects_to(portal):
    policy = AddressPolicy(allowed_hosts=["tinh.test"], pinned={"tinh.test": "127.0.0.1", "cloud.tinh.test": "127.0.0.1"})
    with BrowserGuard(policy) as g:
        p = portal.port
        ok = _ask(g.port, f"GET http://tinh.test:{p}/tin/a.html HTTP/1.1\r\nHost: tinh.test:{p}\r\n"
                          f"Proxy-Connection: keep-alive\r\n\r\n".encode())
        assert ok.startswith(b"HTTP/1.0 200") or ok.startswith(b"HTTP/1.1 200")
        assert b"Connection: close" in ok and "chuyển đổi số".encode() in ok
        for raw in (f"GET http://cloud.tinh.test:{p}/api/tin HTTP/1.1\r\nHost: cloud.tinh.test\r\n\r\n",
                    f"GET http://127.0.0.1:{p}/api/tin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                    f"CONNECT cloud.tinh.test:{p} HTTP/1.1\r\nHost: cloud.tinh.test:{p}\r\n\r\n",
                    "GET http://169.254.169.254/latest/meta-data/ HTTP/1.1\r\nHost: 169.254.169.254\r\n\r\n"):
            answer = _ask(g.port, raw.encode())
            assert answer.startswith(b"HTTP/1.1 403") and b"X-Dxwatch-Refused:" in answer, answer[:200]
        assert {h for h, _ in g.refused} == {"cloud.tinh.test", "127.0.0.1", "169.254.169.254"}
    assert portal.hosts == ["tinh.test"]
