"""Extraction never crashes: every bad page gets a clear per-page outcome in bounded time."""
import os
import time

import pytest

from mirror.encoding import to_cp1258
from pipelines.extract import extract_html, extract_page

ARTICLE = ("<html><head><title>Chuyển đổi số ở xã</title></head><body><h1>Chuyển đổi số ở xã</h1>"
           "<div class='detail-time'>24/04/2024 14:32</div><div class='content'>"
           + "<p>Người dân xã đã quen dùng dịch vụ công trực tuyến trong chuyển đổi số địa phương.</p>" * 6
           + "</div></body></html>")


@pytest.mark.parametrize("body,reason", [
    (b"", "empty page"),
    (b"   \n  ", "empty page"),
    (b"<html><body><nav><a href='/'>Trang chu</a></nav></body></html>", "no article body"),
    (os.urandom(20000), "binary content"),
])
def test_bad_pages_are_skipped_with_a_reason(body, reason):
    ex = extract_page(body, "http://x.vn/a-12345.html", content_type="text/html")
    assert ex.skipped and reason in ex.skipped


def test_deeply_nested_markup_is_an_outcome_not_a_crash():
    html = "<html><body>" + "<div>" * 50_000 + "Chuyển đổi số" + "</div>" * 50_000 + "</body></html>"
    ex = extract_html(html, "http://x.vn/a-12345.html")
    assert ex.skipped or ex.text is not None


def test_five_megabyte_page_is_bounded():
    filler = "<div class='sidebar'><a href='/x'>liên kết</a></div>" * 100_000
    html = ARTICLE.replace("</body>", filler + "</body>")
    assert len(html) > 5_000_000
    t0 = time.perf_counter()
    ex = extract_html(html, "http://x.vn/a-12345.html")
    assert time.perf_counter() - t0 < 30
    assert ex.skipped or "dịch vụ công trực tuyến" in ex.text


def test_time_limit_skips_a_page_that_takes_too_long():
    html = ARTICLE.replace("</div></body>", "<p>x</p>" * 200_000 + "</div></body>")
    ex = extract_html(html, "http://x.vn/a-12345.html", timeout=0.01)
    assert ex.skipped and "longer than" in ex.skipped


def test_declared_charset_that_lies_is_sniffed():
    body = to_cp1258(ARTICLE)
    ex = extract_page(body, "http://x.vn/a-12345.html", content_type="text/html; charset=utf-8")
    assert not ex.skipped and "dịch vụ công trực tuyến" in ex.text and ex.encoding == "cp1258"


def test_a_good_page_still_extracts():
    ex = extract_html(ARTICLE, "http://x.vn/a-12345.html")
    assert not ex.skipped and ex.published_at == "2024-04-24T14:32:00+07:00" and ex.relevant
