"""pipelines.canonical: one canonical URL per article whatever variant was linked."""
import pytest

from pipelines.canonical import canonical_url, page_canonical

BASE = "https://baochinhphu.vn/thu-tuong-chu-tri-phien-hop-102240424143200123.htm"


@pytest.mark.parametrize("variant", [
    BASE, BASE + "?utm_source=zalo&utm_medium=social", BASE + "?zarsrc=30&fbclid=abc", BASE + "#binh-luan",
    "https://m.baochinhphu.vn/thu-tuong-chu-tri-phien-hop-102240424143200123.htm",
    "https://BAOCHINHPHU.VN/thu-tuong-chu-tri-phien-hop-102240424143200123.htm",
    "https://baochinhphu.vn/print/thu-tuong-chu-tri-phien-hop-102240424143200123.htm",
    "https://baochinhphu.vn/amp/thu-tuong-chu-tri-phien-hop-102240424143200123.htm",
    "https://baochinhphu.vn:443/thu-tuong-chu-tri-phien-hop-102240424143200123.htm",
])
def test_variants_fold_to_one(variant):
    assert canonical_url(variant) == BASE


def test_query_ids_kept_and_sessions_dropped():
    assert canonical_url("https://x.vn/Trang/ChiTietTinTuc.aspx?nid=168658&fbclid=1") == \
        "https://x.vn/Trang/ChiTietTinTuc.aspx?nid=168658"
    assert canonical_url("https://x.vn/a;jsessionid=ABC?b=2&a=1") == "https://x.vn/a?a=1&b=2"
    assert canonical_url("https://bao.vn/cds/202404/bai-viet-1f2e3d4c/") == canonical_url("https://bao.vn/cds/202404/bai-viet-1f2e3d4c")


def test_rel_canonical_used_only_when_sane():
    page = "https://a.vn/tin/bai-a-12345.html?utm_source=x"
    assert page_canonical(page, "/tin/bai-a-12345.html") == "https://a.vn/tin/bai-a-12345.html"
    assert page_canonical(page, "https://other-site.vn/x-1.html") == "https://a.vn/tin/bai-a-12345.html"
    assert page_canonical(page, "https://a.vn/") == "https://a.vn/tin/bai-a-12345.html"
