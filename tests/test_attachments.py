"""An article's attachments: the documents it links to are recorded as its links (pure extraction
from the page), never those of sidebars or navigation, and the files are never parsed as HTML."""
import pytest

from mirror.archetypes import ARCHETYPES, load_articles, render_article
from pipelines.attachments import attachment_kind, find_attachments
from pipelines.clean import parse_tree
from pipelines.extract import SourceHints, extract_html, extract_page

URL = "https://sotttt.example.gov.vn/tin-tuc/ke-hoach-chuyen-doi-so-2025.html"
BODY = "<p>" + "Ủy ban nhân dân tỉnh ban hành Kế hoạch chuyển đổi số năm 2025 với nhiều chỉ tiêu cụ thể. " * 4 + "</p>"


def page(article: str, around: str = "") -> str:
    return f"""<html><head><title>t</title></head><body>
<nav class="menu"><a href="/files/huong-dan-su-dung.pdf">Hướng dẫn sử dụng cổng</a></nav>
<div class="col-main"><article class="news-detail"><h1>Kế hoạch chuyển đổi số năm 2025</h1>{BODY}{article}</article></div>
<div class="sidebar"><h3>Văn bản mới</h3><a href="/files/qd-99.pdf">QĐ 99</a></div>{around}
<footer><a href="/files/quy-che.doc">Quy chế</a></footer></body></html>"""


def found(html: str, selector: str | None = None) -> list[tuple[str, str, str]]:
    return [(a["url"], a["label"], a["kind"]) for a in find_attachments(parse_tree(html), URL, selector)]


@pytest.mark.parametrize("href,kind", [
    ("/a/b/KH-204.PDF", "pdf"), ("/a/Ke%20hoach.docx", "doc"), ("x.xlsx", "xls"), ("bieu-mau.ods", "xls"),
    ("/tai-lieu.rar", "archive"), ("slides.pptx", "ppt"),
    ("/Handlers/DownloadFile.aspx?file=QD-749.pdf&id=3", "pdf"), ("/download?name=bao-cao.doc", "doc"),
    ("/tin-tuc/bai-viet.html", None), ("/images/anh.jpg", None), ("/pdf-news/", None), ("/page?id=3", None),
])
def test_attachment_kind_by_path_or_named_in_the_query(href, kind):
    assert attachment_kind("https://x.gov.vn" + href if href.startswith("/") else "https://x.gov.vn/" + href) == kind


def test_links_in_the_article_and_its_box_count_navigation_sidebar_and_footer_do_not():
    html = page('<p>Xem toàn văn <a href="../van-ban/KH-204.pdf">tại đây</a>.</p>'
                '<div class="file-dinh-kem"><a href="/upload/phu-luc.xlsx">Phụ lục chỉ tiêu</a>'
                '<a href="/upload/phu-luc.xlsx">Phụ lục (bản sao)</a></div>')
    assert found(html) == [
        ("https://sotttt.example.gov.vn/van-ban/KH-204.pdf", "KH-204.pdf", "pdf"),    # "tại đây": the file's name
        ("https://sotttt.example.gov.vn/upload/phu-luc.xlsx", "Phụ lục chỉ tiêu", "xls"),
    ]


def test_an_attachment_box_inside_a_sidebar_is_still_the_sidebar():
    around = '<aside><div class="attachments"><a href="/files/mau-bao-cao.docx">Mẫu báo cáo</a></div></aside>'
    assert found(page("", around)) == []


def test_with_a_content_selector_the_body_and_attachment_boxes_count():
    html = page('<div class="noi-dung"><p><a href="/f/a.pdf">Báo cáo</a></p></div>',
                '<div class="tep-tin-dinh-kem"><a href="/f/b.zip">Hồ sơ</a></div>'
                '<aside><div class="dinh-kem"><a href="/f/c.pdf">Of another page</a></div></aside>')
    assert [u for u, _, _ in found(html, ".noi-dung")] == ["https://sotttt.example.gov.vn/f/a.pdf",
                                                          "https://sotttt.example.gov.vn/f/b.zip"]


def test_relative_links_follow_the_base_element():
    html = page('<p><a href="files/kh.pdf">Kế hoạch</a></p>').replace(
        "<head>", '<head><base href="https://cdn.example.gov.vn/uploads/">')
    assert [u for u, _, _ in found(html)] == ["https://cdn.example.gov.vn/uploads/files/kh.pdf"]


def test_bad_links_are_ignored_and_the_count_is_bounded():
    junk = ('<a href="javascript:open(\'/x.pdf\')">x</a><a href="mailto:a@b.vn?subject=x.pdf">m</a>'
            '<a href="ftp://host/x.pdf">f</a><a href="#x.pdf">h</a><a>no href</a><a href="http://[::1">broken</a>')
    many = "".join(f'<a href="/f/{i}.pdf">Tệp {i}</a>' for i in range(80))
    assert found(page(junk)) == []
    assert len(found(page(many))) == 50
    assert find_attachments(None, URL) == []


def test_extract_json_lists_attachments_and_a_pdf_body_is_never_parsed_as_html():
    ex = extract_html(page('<p><a href="/f/kh.pdf">Kế hoạch</a></p>'), URL)
    assert ex.to_contract()["attachments"] == [{"url": "https://sotttt.example.gov.vn/f/kh.pdf",
                                                "label": "Kế hoạch", "kind": "pdf"}]
    pdf = b"%PDF-1.4\n" + bytes(range(256)) * 40
    got = extract_page(pdf, "https://x.gov.vn/f/kh.pdf", SourceHints(), content_type="application/pdf")
    assert got.skipped and got.attachments == [] and got.text == ""


def test_every_mirror_article_gives_exactly_its_annotated_attachments():
    base = "http://127.0.0.1:9"
    with_files = 0
    for a in load_articles():
        r = render_article(ARCHETYPES[a.site], base, a)
        ex = extract_page(r.body, base + a.path, SourceHints())
        expected = [base + "/uploads/" + f["file"] for f in a.attachments]
        assert [x["url"] for x in ex.attachments] == expected, a.id
        with_files += bool(expected)
    assert with_files >= 4


def test_remove_selectors_layout_wrappers_fragments_and_long_vietnamese_names():
    html = page('<p><a href="/f/kh.pdf#page=2">Kế hoạch</a> <a href="/f/kh.pdf">Kế hoạch (lặp)</a></p>'
                '<div class="box-van-ban"><a href="/f/qd-moi.pdf">QĐ mới</a></div>'
                '<p><a href="/f/Kế hoạch chuyển đổi số.pdf">Toàn văn</a></p>')
    html = html.replace('<div class="col-main">', '<div class="container has-sidebar"><main>').replace(
        '</article></div>', '</article></main></div>')
    got = find_attachments(parse_tree(html), URL, remove_selectors=[".box-van-ban"])
    assert [a["url"] for a in got] == [
        "https://sotttt.example.gov.vn/f/kh.pdf",                               # one row, no #fragment
        "https://sotttt.example.gov.vn/f/K%E1%BA%BF%20ho%E1%BA%A1ch%20chuy%E1%BB%83n%20%C4%91%E1%BB%95i%20s%E1%BB%91.pdf",
    ]
    assert got[1]["label"] == "Toàn văn"


def test_the_content_element_bounds_the_walk_and_a_sidebar_inside_it_still_does_not_count():
    html = page('<div class="noi-dung"><p><a href="/f/a.pdf">Báo cáo</a></p>'
                '<div class="tin-lien-quan"><a href="/f/b.pdf">Bài khác</a></div></div>')
    html = html.replace('<div class="col-main">', '<div class="layout related-zone">')
    assert [u for u, _, _ in found(html, ".noi-dung")] == ["https://sotttt.example.gov.vn/f/a.pdf"]


def test_a_file_added_under_unchanged_text_is_stored_and_survives_reprocess(tmp_path):
    from storage.archive import Archive
    from storage.db import open_archive
    from storage.reprocess import reprocess
    from tests.conftest import query
    art = next(a for a in load_articles() if a.id == "liferay-daklak-dti-2022")
    base = "http://127.0.0.1:9"
    url = base + art.path
    without = render_article(ARCHETYPES[art.site], base, art.model_copy(update={"attachments": []})).body
    with_files = render_article(ARCHETYPES[art.site], base, art).body
    db = f"sqlite:///{tmp_path / 'x.db'}"
    archive = Archive(open_archive(db))
    archive.sync_sources([type("S", (), dict(id="dl", name="Đắk Lắk", homepage=None, platform=None, scope="province",
                                             province="Đắk Lắk", render="http"))()])
    first = archive.store_article(extract_page(without, url), source_id="dl", fetched_url=url, body=without, headers={})
    assert first.status == "new" and query(db, "SELECT COUNT(*) FROM v_attachments")[0][0] == 0
    again = archive.store_article(extract_page(with_files, url), source_id="dl", fetched_url=url, body=with_files, headers={})
    assert again.status == "known"                                   # the text did not change...
    files = sorted(u for (u,) in query(db, "SELECT url FROM v_attachments"))
    assert files == sorted(base + "/uploads/" + f["file"] for f in art.attachments)   # ...the files did
    assert query(db, "SELECT COUNT(*) FROM snapshots")[0][0] == 2
    report = reprocess(archive, lambda _: SourceHints())
    assert report.changed == 0 and sorted(u for (u,) in query(db, "SELECT url FROM v_attachments")) == files
