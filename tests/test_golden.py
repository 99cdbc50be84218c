"""The extraction quality gate: the golden set (tests/golden, the team's mirror pages with their
annotations) with pinned floors, and the real captured pages in ../shared/realpages."""
from pathlib import Path

import pytest

from bench.eval import evaluate, golden_cases, summary
from pipelines.extract import extract_page

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "realpages"


@pytest.fixture(scope="module")
def results():
    return evaluate()


def test_golden_set_covers_every_archetype():
    cases = golden_cases()
    assert len(cases) >= 30
    assert {c["site"] for c in cases} == {"vgp", "liferay", "sharepoint", "nukeviet", "newspaper", "sitemap", "jsportal"}
    assert any(not c["relevant"] for c in cases) and any(c["relevant"] for c in cases)
    assert any("windows-1258" in c["content_type"] for c in cases)


def test_floors(results):
    s = summary(results)
    failures = [(r.file, r.got_date, r.missing, r.leaks) for r in results if not r.ok]
    assert s["dates right"] == 1.0, failures
    assert s["no boilerplate leak"] == 1.0, failures
    assert s["relevance right"] == 1.0, failures
    assert s["must-contain found"] == 1.0, failures
    assert s["titles right"] == 1.0, failures
    assert s["bylines right"] >= 0.95 and s["source credits right"] >= 0.95


def test_fast_mode_loses_nothing_on_the_golden_set():
    s = summary(evaluate(fast=True))
    assert s["dates right"] == 1.0 and s["must-contain found"] == 1.0 and s["no boilerplate leak"] == 1.0


REAL_PAGES = {   # file: (url, date as published on the page)
    "nld_article.html": ("https://nld.com.vn/x-196260307080600000.htm", "2026-03-07T08:06:00+07:00"),
    "vietnamnet_article.html": ("https://vietnamnet.vn/co-phieu-flc-2495349.html", "2026-03-07T08:52:11+07:00"),
    "cafef_article.html": ("https://cafef.vn/x-188260307000100000.chn", "2026-03-07T00:01:00+07:00"),
    "baodautu_article.html": ("https://baodautu.vn/x-d538999.html", "2026-03-07T08:47:00+07:00"),
}
REAL_BOILERPLATE = ["Bình luận", "Tin liên quan", "Đọc thêm", "Xem thêm", "Chia sẻ", "Tải ứng dụng", "Giấy phép",
                    "Tổng biên tập", "Tổng Biên tập", "Bản quyền", "Theo dõi", "Hotline", "Liên hệ quảng cáo"]


@pytest.mark.parametrize("name", sorted(REAL_PAGES))
def test_real_pages_clean_dated_and_not_cds(name):
    path = REAL / name
    if not path.exists():
        pytest.skip("shared/realpages not present")
    url, date = REAL_PAGES[name]
    ex = extract_page(path.read_bytes(), url)
    assert ex.published_at == date
    assert ex.relevant is False                    # tax, stocks, business: not CĐS news
    assert len(ex.text) > 1000 and ex.title
    assert not [b for b in REAL_BOILERPLATE if b in ex.text]
