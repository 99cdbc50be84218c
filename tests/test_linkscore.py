"""spiders/linkscore.py and spiders/linkurl.py: links scored by where they sit, their text and their
URL; the words file read strictly; sitemap candidates, sections of a homepage, the "empty" verdict."""
from __future__ import annotations

import pytest

from common.strict import FixtureError
from crawler.recorder import SourceTally
from spiders import linkurl
from spiders.discovery import article_links, is_article_url, next_page, section_links, sitemap_candidates

BASE = "http://127.0.0.1:8001/tin-tuc"


def page(items: str, nav: str = "", footer: str = "", aside: str = "") -> str:
    return (f"<html><body><header><nav class='menu'>{nav}</nav></header><main><div class='list-news'>{items}"
            f"</div></main><aside class='sidebar'>{aside}</aside><footer>{footer}</footer></body></html>")


def item(href: str, title: str, date: str = "20/11/2026 08:30") -> str:
    return (f"<div class='news-item'><a href='{href}'><img src='/i.png' alt=''></a><h3><a href='{href}'>{title}</a></h3>"
            f"<span class='date'>{date}</span><p>Một đoạn tóm tắt đủ dài để là phần mở đầu của một bài tin tức "
            f"trên cổng thông tin điện tử của tỉnh.</p></div>")


HEADLINES = ["Hội nghị sơ kết 9 tháng thực hiện Đề án 06 trên địa bàn tỉnh",
             "Chỉ số chuyển đổi số năm 2025 của tỉnh đạt 0,6044 điểm, xếp thứ 10/34",
             "Nâng cao chất lượng dịch vụ công trực tuyến toàn trình tại tỉnh"]


def test_items_with_headlines_are_articles_and_the_frame_is_not():
    slugs = ["/tin-tuc/hoi-nghi-so-ket-9-thang-thuc-hien-de-an-06", "/tin-tuc/chi-so-chuyen-doi-so-nam-2025-dat-0-6044",
             "/tin-tuc/nang-cao-chat-luong-dich-vu-cong-truc-tuyen-toan-trinh"]
    html = page("".join(item(s, t) for s, t in zip(slugs, HEADLINES)),
                nav="<a href='/'>Trang chủ</a><a href='/tin-tuc/chuyen-doi-so'>Chuyển đổi số</a>"
                    "<a href='/gioi-thieu/lich-su-hinh-thanh-va-phat-trien-cua-tinh'>Lịch sử hình thành và phát triển của tỉnh</a>",
                footer="<a href='/lien-he'>Liên hệ</a><a href='/dang-nhap'>Đăng nhập</a>",
                aside="<a href='/uploads/ke-hoach-chuyen-doi-so-nam-2027.pdf'>Kế hoạch chuyển đổi số năm 2027 của UBND tỉnh</a>"
                      "<a href='/tag/chuyen-doi-so'>chuyển đổi số</a><a href='/tin-tuc?page=2'>Trang sau »</a>")
    for shapes in (True, False):
        assert article_links(html, BASE, shapes=shapes) == ["http://127.0.0.1:8001" + s for s in slugs]


@pytest.mark.parametrize("url, ok", [
    ("http://x.vn/tin-tuc/hoi-nghi-so-ket-cong-tac-chuyen-doi-so-nam-2026", True),        # a slug of words
    ("http://x.vn/news.aspx?id=1291", True),                                              # a query id
    ("http://x.vn/2026/11/20/tinh-ra-mat-trung-tam-dieu-hanh-thong-minh/", True),        # a date and a slug
    ("http://x.vn/chuyen-doi-so/202611/ban-chi-dao-hop-phien-thu-5-3a41f/", True),       # a hex id
    ("http://x.vn/", False), ("http://x.vn/index.php", False),                            # home
    ("http://x.vn/chuyen-doi-so/", False), ("http://x.vn/category/chuyen-doi-so/", False),
    ("http://x.vn/tag/chuyen-doi-so-quoc-gia-nam-2026", False),                           # a tag, however long
    ("http://x.vn/chuyen-de/ngay-chuyen-doi-so-quoc-gia/", False),                        # a topic hub
    ("http://x.vn/gioi-thieu/lich-su-hinh-thanh-va-phat-trien", False),                   # a static page
    ("http://x.vn/2026/11/", False),                                                      # a month archive
    ("http://x.vn/tin-tuc?page=2", False), ("http://x.vn/vi/news/cds/page-3", False),
    ("http://x.vn/tim-kiem?q=chuyen-doi-so", False), ("http://x.vn/files/bao-cao-2024.pdf", False),
    ("http://x.vn/chung-khoan-tag15031130559739907049.html", False),                      # a hub id
])
def test_a_url_alone(url, ok):
    assert is_article_url(url, shapes=False) is ok


def test_sitemap_candidates_news_and_newest_first_and_page_sitemaps_give_none():
    locs = ["http://x.vn/", "http://x.vn/tin-tuc/bai-cu-ve-chuyen-doi-so-cua-tinh-nam-ngoai",
            "http://x.vn/tin-tuc/bai-moi-ve-chuyen-doi-so-cua-tinh-hom-nay", "http://x.vn/gioi-thieu.html",
            "http://x.vn/tin-nhanh-ve-phien-hop-post510677.amp"]
    lastmod = {locs[1]: "2026-01-02T08:00:00+07:00", locs[2]: "2026-11-20T08:00:00+07:00"}
    got = sitemap_candidates(locs, {locs[4]}, lastmod, "http://x.vn/sitemap.xml", shapes=False)
    assert got == [locs[4], locs[2], locs[1]]
    assert sitemap_candidates(locs[1:3], set(), {}, "http://x.vn/sitemaps/pages.xml.gz") == []


def test_homepage_sections_cds_first_without_static_pages():
    nav = ("<a href='/gioi-thieu'>Giới thiệu</a><a href='/tin-tuc/kinh-te'>Kinh tế</a>"
           "<a href='/Trang/TinTuc.aspx?Cat=82'>Chuyển đổi số</a><a href='/lien-he'>Liên hệ</a>"
           "<a href='/dang-nhap'>Đăng nhập</a><a href='/tag/dti'>DTI</a>")
    got = section_links(page("", nav=nav), "http://127.0.0.1:8001/")
    assert got == ["http://127.0.0.1:8001/Trang/TinTuc.aspx?Cat=82", "http://127.0.0.1:8001/tin-tuc/kinh-te"]


def test_next_page_by_text_and_by_number():
    html = "<html><body><a href='/tin?page=2'>Trang sau »</a></body></html>"
    assert next_page(html, "http://x.vn/tin") == "http://x.vn/tin?page=2"
    numbered = "<html><body><a href='/tin?p=1'>1</a><a href='/tin?p=3'>3</a><a href='/tin?p=2'>2</a></body></html>"
    assert next_page(numbered, "http://x.vn/tin", 1) == "http://x.vn/tin?p=2"
    assert next_page(numbered, "http://x.vn/tin?p=2", 2) == "http://x.vn/tin?p=3"


def test_no_silent_zero_reasons():
    t = SourceTally(pages=2)
    t.listed("sitemap", 2, 0)
    assert (t.status, t.empty_reason) == ("empty", "sitemap listed 2 URLs, none looked like articles")
    t = SourceTally(pages=3, articles=2)
    t.listed("listing", 30, 2)
    assert t.status == "empty" and t.empty_reason.startswith("2 article pages fetched from 2 links, none stored")
    t = SourceTally(pages=3, articles=2, new_articles=2)
    t.listed("listing", 30, 2)
    assert t.status == "ok"
    t = SourceTally(pages=2, not_modified=2)         # nothing read: a 304 is not a zero
    assert t.status == "ok"


def test_the_words_file_is_read_strictly(tmp_path):
    good = linkurl.WORDS_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "linkwords.toml"
    bad.write_text(good.replace("[region]", "[region]\ncolour = ['red']"), encoding="utf-8")
    with pytest.raises(FixtureError) as e:
        linkurl.words(bad)
    assert e.value.key == "region.colour" and str(bad) in str(e.value)


def test_the_digest_says_why_a_source_is_empty():
    from alerts.collect import why_vi
    from storage.models import SourceHealth
    h = SourceHealth(source_id="x", reason="no articles: sitemap listed 2 URLs, none looked like articles",
                     consecutive_failures=0)
    assert why_vi(h) == ("lần thu thập gần nhất không lấy được bài nào "
                         "(sitemap listed 2 URLs, none looked like articles)")
