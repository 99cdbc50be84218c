"""The extraction quality gate: the golden set (tests/golden, the team's mirror pages with their
annotations) with pinned floors, and the real captured pages in ../shared/realpages (their true
URLs and capture dates in tests/real/article_pages.json)."""
from pathlib import Path

import pytest

from bench.eval import evaluate, summary
from bench.golden import golden_cases
from common.strict import Strict, read_json, validate
from mirror.archetypes import TEMPLATES
from pipelines.extract import extract_page

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "realpages"
REAL_FACTS = Path(__file__).resolve().parent / "real" / "article_pages.json"


class RealPage(Strict):
    page_url: str
    published_at: str
    captured: str
    source_repo: str


@pytest.fixture(scope="module")
def results():
    return evaluate()


def test_golden_set_covers_every_archetype():
    cases = golden_cases()
    assert len(cases) >= 30
    assert {c["site"] for c in cases} == set(TEMPLATES)
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


REAL_PAGES = {name: validate(RealPage, page, REAL_FACTS, f"pages.{name}.")     # file: its true URL, date, capture
              for name, page in read_json(REAL_FACTS)["pages"].items()}
REAL_BOILERPLATE = ["Bình luận", "Tin liên quan", "Đọc thêm", "Xem thêm", "Chia sẻ", "Tải ứng dụng", "Giấy phép",
                    "Tổng biên tập", "Tổng Biên tập", "Bản quyền", "Theo dõi", "Hotline", "Liên hệ quảng cáo"]


@pytest.mark.parametrize("name", sorted(REAL_PAGES))
def test_real_pages_clean_dated_and_not_cds(name):
    path = REAL / name
    if not path.exists():
        pytest.skip("shared/realpages not present")
    page = REAL_PAGES[name]
    ex = extract_page(path.read_bytes(), page.page_url)
    assert ex.published_at == page.published_at
    assert ex.relevant is False                    # tax, stocks, business: not CĐS news
    assert len(ex.text) > 1000 and ex.title
    assert not [b for b in REAL_BOILERPLATE if b in ex.text]
