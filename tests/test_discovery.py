"""spiders.discovery and spiders.feeds: article links, paging, VGP zones, feeds, sitemaps, robots."""
import json
from pathlib import Path

import pytest

from spiders.discovery import article_links, is_article_url, next_page, vgp_zone
from spiders.feeds import parse_feed, parse_sitemap, robots_sitemaps

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "realpages"
# the pages' true URLs, capture dates and source: tests/real/listing_links.json
LISTING_FACTS = json.loads((Path(__file__).resolve().parent / "real" / "listing_links.json").read_text("utf-8"))["pages"]
REAL_LISTINGS = {   # file: (its true URL, at least this many article links)
    "baochinhphu_list.html": (LISTING_FACTS["baochinhphu_list.html"]["page_url"], 15),
    "vnexpress_list.html": (LISTING_FACTS["vnexpress_list.html"]["page_url"], 20),
    "dantri_list.html": (LISTING_FACTS["dantri_list.html"]["page_url"], 20),
    "tuoitre_list.html": (LISTING_FACTS["tuoitre_list.html"]["page_url"], 10),
    "vietnamnet_list.html": (LISTING_FACTS["vietnamnet_list.html"]["page_url"], 15),
}


@pytest.mark.parametrize("name", sorted(REAL_LISTINGS))
def test_real_listing_pages_yield_article_links(name):
    path = REAL / name
    if not path.exists():
        pytest.skip("shared/realpages not present")
    base, minimum = REAL_LISTINGS[name]
    html = path.read_text("utf-8", "replace")
    truth = set(LISTING_FACTS[name]["articles"])
    for shapes in (True, False):       # the structure finds them with or without the twelve shapes
        links = article_links(html, base, shapes=shapes)
        assert len(links) >= minimum
        assert all("#" not in u for u in links) and len(links) == len(set(links))
        found = truth & set(links)
        assert len(found) >= 0.95 * len(truth), sorted(truth - found)[:5]
        assert len(found) >= 0.95 * len(links), sorted(set(links) - truth)[:5]


def test_real_vgp_listing_has_its_zone():
    path = REAL / "baochinhphu_list.html"
    if not path.exists():
        pytest.skip("shared/realpages not present")
    assert vgp_zone(path.read_text("utf-8")) == "1021119"


@pytest.mark.parametrize("url,ok", [
    ("https://baochinhphu.vn/a-b-c-102240424143200123.htm", True),
    ("https://daklak.gov.vn/-/hoi-nghi-chuyen-doi-so-tinh", True),
    ("https://quangninh.gov.vn/Trang/ChiTietTinTuc.aspx?nid=168658", True),
    ("https://sokhcn.vn/vi/news/chuyen-doi-so/hoi-thao-ve-du-lieu-so-1234.html", True),
    ("https://travinh.gov.vn/1426/37932/73050/691291/chuyen-doi-so/bai-viet-ve-cds", True),
    ("https://baosoctrang.org.vn/chuyen-doi-so/202404/phien-hop-thu-8-1f2e3d4c/", True),
    ("https://hanoi.gov.vn/tin-tuc/bai-viet-4240424143200.htm", True),
    ("https://baochinhphu.vn/chuyen-doi-so.htm", False),
    ("https://baochinhphu.vn/a-102240424143200123.htm#binh-luan", False),
    ("https://x.vn/vi/news/chuyen-doi-so/page-2", False),
    ("https://x.vn/files/bao-cao-2024.pdf", False),
    ("javascript:;", False),
])
def test_article_url_shapes(url, ok):
    assert is_article_url(url) is ok


def test_next_page_and_guesses():
    html = '<html><body><a href="/tin?page=2">Trang sau</a></body></html>'
    assert next_page(html, "https://x.vn/tin") == "https://x.vn/tin?page=2"
    assert next_page("<html><body><a href='/a'>Trang chủ</a></body></html>", "https://x.vn/") is None
    assert next_page('<html><head><link rel="next" href="/vi/news/cds/page-3"></head></html>',
                     "https://x.vn/vi/news/cds/page-2") == "https://x.vn/vi/news/cds/page-3"


def test_feeds_rss_and_atom_and_garbage():
    rss = b'<?xml version="1.0"?><rss><channel><item><title>A</title><link>https://x.vn/a-1.htm</link></item></channel></rss>'
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>B</title>'
            b'<link rel="alternate" href="https://x.vn/b-2.htm"/><published>2024-04-24T14:32:00+07:00</published></entry></feed>')
    assert [e.url for e in parse_feed(rss)] == ["https://x.vn/a-1.htm"]
    assert [e.url for e in parse_feed(atom)] == ["https://x.vn/b-2.htm"]
    assert parse_feed(b"<html>not a feed") == [] and parse_feed(b"") == []


def test_feed_with_entity_expansion_is_not_expanded():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<rss><channel><item><title>&b;</title><link>https://x.vn/a-1.htm</link></item></channel></rss>')
    entries = parse_feed(bomb)
    assert all("aaaaaaaaaa" not in (e.title or "") for e in entries)


def test_sitemaps_index_news_and_robots_with_bom():
    idx = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://x.vn/s1.xml</loc></sitemap></sitemapindex>'
    assert parse_sitemap(idx).kind == "sitemapindex" and parse_sitemap(idx).locs == ["https://x.vn/s1.xml"]
    news = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            b'<url><loc>https://x.vn/a</loc><news:news><news:title>T</news:title></news:news></url>'
            b'<url><loc>https://x.vn/lien-he</loc></url></urlset>')
    res = parse_sitemap(news)
    assert res.kind == "urlset" and res.news == {"https://x.vn/a"} and len(res.locs) == 2
    robots = "\ufeffSitemap: https://x.vn/sitemap.xml\nUser-agent: *\nDisallow: /admin/\n".encode()
    assert robots_sitemaps(robots, "https://x.vn/robots.txt") == ["https://x.vn/sitemap.xml"]
