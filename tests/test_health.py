"""Source health: the verdict from its figures, and two real crawls of a loopback portal that
changes under dxwatch: one whose article pages go empty (a script-drawn redesign) and one that
used to publish every week and falls quiet. Weeks pass through the clock offset the daemon
hands its children (common/clock.py)."""
import json

import pytest

from storage.health import Figures, assess
from tests.conftest import query, run_cli
from tests.loopback import LoopbackSite

WEEK = 7 * 86400


@pytest.mark.parametrize("figures, reason", [
    (Figures(), None),
    (Figures(blocked=True, articles_7d=9), "blocked"),
    (Figures(consecutive_failures=3), "failing"),
    (Figures(consecutive_failures=2), None),
    (Figures(usual_7d=3.5, articles_7d=0, succeeded_7d=True), "quiet"),
    (Figures(usual_7d=3.5, articles_7d=0, succeeded_7d=False), None),      # not crawled: not its fault
    (Figures(usual_7d=0.5, articles_7d=0, succeeded_7d=True), None),       # rarely publishes anyway
    (Figures(usual_7d=None, articles_7d=0, succeeded_7d=True), None),      # too young to have a rate
    (Figures(pages_7d=8, empty_7d=6, articles_7d=2), "empty"),
    (Figures(pages_7d=4, empty_7d=4), None),                               # too few pages to judge
    (Figures(articles_7d=6, undated_7d=4, pages_7d=6), "undated"),
    (Figures(articles_7d=6, undated_7d=2, pages_7d=6), None),
])
def test_verdict_from_figures(figures, reason):
    got = assess(figures)
    assert (got.split(":")[0] if got else None) == reason


class Portal(LoopbackSite):
    """A provincial portal on loopback whose listing and pages the test rewrites."""
    def __init__(self):
        self.listed: list[int] = []
        self.empty_pages = False
        super().__init__(self.route)

    def route(self, path: str, headers: dict):
        if path == "/tin-tuc":
            links = "".join(f'<li><a href="/tin-tuc/bai-viet-{n}.html">Bài {n}</a></li>' for n in self.listed)
            return 200, f"<html><body><h1>Tin tức</h1><ul>{links}</ul></body></html>".encode(), {}
        if path.startswith("/tin-tuc/bai-viet-"):
            return 200, self.page(int(path.rsplit("-", 1)[1].split(".")[0])).encode(), {}
        return None

    def page(self, n: int) -> str:
        head = (f"<html><head><meta charset='utf-8'><title>Bài {n}</title>"
                f"<meta property='article:published_time' content='2026-10-{1 + n % 28:02d}T08:00:00+07:00'></head>")
        if self.empty_pages:          # the redesign: the body now comes from a script
            return head + "<body><h1>Đang tải…</h1><div id='app'></div><script src='/app.js'></script></body></html>"
        body = " ".join(f"Huyện số {n} triển khai nhiệm vụ {k} về chuyển đổi số, tỷ lệ hồ sơ trực tuyến đạt "
                        f"{40 + (n * 7 + k) % 50}% trong đợt {k} của năm." for k in range(1, 9))
        return head + f"<body><h1>Tin chuyển đổi số số {n} của tỉnh</h1><div class='content'><p>{body}</p></div></body></html>"



@pytest.fixture
def portal():
    p = Portal()
    yield p
    p.close()


def portal_config(tmp_path, portal):
    cfg = tmp_path / "dxwatch.toml"
    cfg.write_text(f'[storage]\nurl = "sqlite:///{tmp_path / "dx.db"}"\n\n[crawl]\nallow_private_networks = true\n'
                   f'sources_dir = ""\ndownload_delay = 0\nautothrottle = false\n\n[[sources]]\nid = "tinh-x"\n'
                   f'name = "Cổng thông tin tỉnh X"\nstart_urls = ["{portal.base}/tin-tuc"]\n'
                   f'article_url_pattern = "/tin-tuc/bai-viet-"\n', encoding="utf-8")
    return cfg


def health(cfg):
    res = run_cli("status", "--format", "json", config=cfg)
    return res, {s["source_id"]: s for s in json.loads(res.stdout)["sources"]}


def test_article_pages_going_empty_make_the_source_degraded(tmp_path, portal):
    cfg = portal_config(tmp_path, portal)
    portal.listed = list(range(1, 4))
    assert run_cli("crawl", config=cfg).returncode == 0
    res, h = health(cfg)
    assert res.returncode == 0 and h["tinh-x"]["degraded"] == 0
    portal.empty_pages = True                       # redesign: new pages are script-drawn shells
    portal.listed = list(range(1, 12))
    run_cli("crawl", config=cfg)
    res, h = health(cfg)
    assert res.returncode == 1 and h["tinh-x"]["degraded"] == 1, h
    assert h["tinh-x"]["reason"].startswith("empty: 8 of 11 article pages")
    assert h["tinh-x"]["empty_share"] == pytest.approx(8 / 11, abs=0.001)
    row = query(f"sqlite:///{tmp_path / 'dx.db'}", "SELECT degraded, reason FROM v_source_health")[0]
    assert row[0] == 1 and row[1].startswith("empty")
    digest = run_cli("digest", "--preview", config=cfg)
    assert "Cổng thông tin tỉnh X: 73% trang bài trong 7 ngày không lấy được nội dung" in digest.stdout


def test_a_source_that_used_to_publish_weekly_and_stops_is_quiet(tmp_path, portal):
    cfg = portal_config(tmp_path, portal)
    clock = lambda weeks: {"DXWATCH_CLOCK_OFFSET": str(-weeks * WEEK)}   # noqa: E731
    portal.listed = list(range(1, 6))
    assert run_cli("crawl", config=cfg, env=clock(5)).returncode == 0         # the backfill, 5 weeks ago
    n = 6
    for weeks_ago in (4, 3, 2, 1):                                            # then 2 new articles a week
        portal.listed += [n, n + 1]
        n += 2
        assert run_cli("crawl", config=cfg, env=clock(weeks_ago)).returncode == 0
        assert health(cfg)[1]["tinh-x"]["degraded"] == 0
    assert run_cli("crawl", config=cfg).returncode == 0                       # this week: nothing new
    res, h = health(cfg)
    assert res.returncode == 1 and h["tinh-x"]["reason"].startswith("quiet: no new article in 7 days, usually 2.")
    assert h["tinh-x"]["usual_7d"] == pytest.approx(2.0, abs=0.35)
    portal.listed += [n]                                                       # it publishes again
    assert run_cli("crawl", config=cfg).returncode == 0
    assert health(cfg)[1]["tinh-x"]["degraded"] == 0
