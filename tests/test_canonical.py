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


@pytest.mark.parametrize("variant,canonical", [   # URL shapes of DOMAIN.md's site families
    ("https://xaydungchinhsach.chinhphu.vn/tin-abc-119240424143200123.htm?utm_campaign=x",
     "https://xaydungchinhsach.chinhphu.vn/tin-abc-119240424143200123.htm"),
    ("https://chinhphu.vn/?pageid=27160&docid=210876&zarsrc=10", "https://chinhphu.vn/?docid=210876&pageid=27160"),
    ("https://mst.gov.vn/bai-viet-197240424143200123.htm#top", "https://mst.gov.vn/bai-viet-197240424143200123.htm"),
    ("https://DAKLAK.gov.vn/-/hoi-nghi-chuyen-oi-so/", "https://daklak.gov.vn/-/hoi-nghi-chuyen-oi-so"),
    ("https://www.quangninh.gov.vn/Trang/ChiTietTinTuc.aspx?nid=168658&fbclid=IwAR",
     "https://www.quangninh.gov.vn/Trang/ChiTietTinTuc.aspx?nid=168658"),
    ("https://sotttt.gov.vn/vi/news/chuyen-doi-so/bai-1234.html?PHPSESSID=abc",
     "https://sotttt.gov.vn/vi/news/chuyen-doi-so/bai-1234.html"),
    ("https://travinh.gov.vn/1426/37932/73050/691291/chuyen-doi-so/bai-viet/", "https://travinh.gov.vn/1426/37932/73050/691291/chuyen-doi-so/bai-viet"),
    ("https://m.baosoctrang.org.vn/chuyen-doi-so/202404/phien-hop-1f2e3d4c/amp",
     "https://baosoctrang.org.vn/chuyen-doi-so/202404/phien-hop-1f2e3d4c"),
    ("https://hanoi.gov.vn/print/tin-tuc/bai-viet-4240424143200.htm", "https://hanoi.gov.vn/tin-tuc/bai-viet-4240424143200.htm"),
    ("https://portal.vn/tin-tuc/index.html", "https://portal.vn/tin-tuc"),
    ("https://portal.vn/Pages/default.aspx", "https://portal.vn/Pages"),
])
def test_domain_url_shapes(variant, canonical):
    assert canonical_url(variant) == canonical
    assert canonical_url(canonical_url(variant)) == canonical_url(variant)      # idempotent
