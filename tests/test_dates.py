"""pipelines.dates: publication date by priority, page date formats, never a footer date."""
import pytest
from lxml import html

from pipelines.dates import parse_vn_datetime, publication_date


@pytest.mark.parametrize("text,iso", [
    ("24/04/2024 14:32 GMT +7", "2024-04-24T14:32:00+07:00"),
    ("Thứ Tư, 24/04/2024 | 14:32", "2024-04-24T14:32:00+07:00"),
    ("(29/12/2023, 08:12)", "2023-12-29T08:12:00+07:00"),
    ("30/11/2021 - 20:07", "2021-11-30T20:07:00+07:00"),
    ("Thứ năm - 08/04/2021 05:04", "2021-04-08T05:04:00+07:00"),
    ("Cập nhật lúc 09:51 ngày 01/03/2026", "2026-03-01T09:51:00+07:00"),
    ("01/03/2026\n09:51", "2026-03-01T09:51:00+07:00"),
    ("ngày 24 tháng 12 năm 2025", "2025-12-24"),
])
def test_page_date_forms(text, iso):
    assert parse_vn_datetime(text).isoformat() == iso


def page(head="", body=""):
    return html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


FOOTER = '<footer><p>Giấy phép số 833/GP-BTTTT cấp ngày 14/05/2010</p></footer>'
TOPBAR = '<div class="header-top">Chủ nhật, 22/11/2026</div>'


def test_priority_jsonld_then_meta_then_visible_then_url():
    ld = '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-04-24T14:32:00+07:00"}</script>'
    meta = '<meta property="article:published_time" content="2024-04-25T08:00:00&#x2B;07:00">'
    vis = '<h1>Tiêu đề</h1><div class="detail-time">26/04/2024 09:00</div>'
    assert publication_date(page(ld + meta, vis), "http://x/a")[0] == "2024-04-24T14:32:00+07:00"
    assert publication_date(page(meta, vis), "http://x/a") == ("2024-04-25T08:00:00+07:00", "meta")
    assert publication_date(page("", TOPBAR + vis + FOOTER), "http://x/a") == ("2024-04-26T09:00:00+07:00", "visible")
    assert publication_date(page("", "<h1>T</h1>" + FOOTER), "http://x/bai-102240424143200123.htm") == \
        ("2024-04-24T14:32:00+07:00", "url")


def test_never_the_footer_licence_or_a_related_box():
    body = ('<h1>Tiêu đề</h1><div type="RelatedNewsBox"><a>Tin cũ</a> (12/01/2020)</div>'
            '<p>Nội dung không có ngày.</p>' + FOOTER)
    assert publication_date(page("", body), "http://x/a") == (None, None)
