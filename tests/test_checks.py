"""crawler.checks and crawler.onboard_toml: the pure verdicts of `sources check` and the choices of
`sources add`, on pages as the probe hands them over (no network here; test_onboard.py runs both
end to end on the mirror)."""
from types import SimpleNamespace

from crawler.checks import Article, SourceState, entry_state, sample, verdict
from crawler.onboard_toml import _province_in, choose_listings, site_name
from crawler.probe import Ask, Page


def page(url, status=200, final=None, redirects=(), error=None, blocked=False):
    return Page(Ask(url, "listing"), final or url, status, {"content-type": "text/html"}, b"<html></html>",
                list(redirects), error, blocked)


def test_entry_states_name_what_happened():
    assert entry_state(page("https://a.gov.vn/tin"))[0] == "ok"
    state, why = entry_state(page("https://a.gov.vn/tin", final="https://b.gov.vn/tin", redirects=[(302, "https://a.gov.vn/tin")]))
    assert state == "moved" and "another host" in why and "→ https://b.gov.vn/tin" in why
    assert entry_state(page("https://a.gov.vn/tin", final="https://a.gov.vn/tin-moi", redirects=[(301, "x")]))[0] == "moved"
    assert entry_state(page("https://a.gov.vn/tin", final="https://a.gov.vn/tin?s=1", redirects=[(302, "x")]))[0] == "ok"
    assert entry_state(page("https://a.gov.vn/tin", status=404)) == ("dead", "https://a.gov.vn/tin: HTTP 404")
    assert entry_state(page("https://a.gov.vn/tin", status=None, error="connection refused"))[0] == "dead"
    assert entry_state(page("https://a.gov.vn/tin", status=None, error="forbidden by robots.txt", blocked=True))[0] == "blocked"


def _state(entries, links, articles):
    st = SourceState(SimpleNamespace(id="s"))
    st.entries, st.links, st.articles = entries, links, articles
    return st


GOOD = Article("https://a.gov.vn/bai-1", "Tiêu đề", "2026-01-02", 900)


def test_verdicts_in_their_order():
    assert verdict(_state([("ok", "")], {"e": ["u1"]}, [GOOD]))["result"] == "ok"
    assert verdict(_state([("blocked", "x"), ("dead", "y")], {}, []))["result"] == "blocked"
    assert verdict(_state([("dead", "x")], {}, []))["result"] == "unreachable"
    assert verdict(_state([("ok", ""), ("dead", "x")], {"e": ["u1"]}, [GOOD]))["result"] == "moved"
    assert verdict(_state([("ok", "")], {"e": []}, []))["result"] == "empty"
    undated = Article("https://a.gov.vn/bai-2", "Tiêu đề", None, 900)
    v = verdict(_state([("ok", "")], {"e": ["u2"]}, [undated]))
    assert v["result"] == "empty" and any("no date" in e for e in v["evidence"])


def test_the_sample_takes_each_entry_in_turn():
    assert sample([["a1", "a2", "a3"], ["b1"], ["c1", "c2"]]) == ["a1", "b1", "c1"]


def test_listings_chosen_homepage_and_cds_section_first_then_only_what_adds_links():
    listings = {"h": ["1", "2"], "cds": ["2", "3"], "other": ["1"], "more": ["4"]}
    scores = {"cds": (12, "Chuyển đổi số")}
    assert [u for u, _, _ in choose_listings(listings, scores, "h")] == ["h", "cds"]
    no_home = {k: v for k, v in listings.items() if k != "h"} | {"dup": ["2", "3"]}
    assert [u for u, _, _ in choose_listings(no_home, scores, "h")] == ["cds", "other", "more"]   # "dup" adds nothing


def test_names_and_provinces_from_the_site():
    assert site_name("<title>Trang chủ - Cổng Thông tin điện tử tỉnh Lâm Đồng</title>", "x") == "Cổng Thông tin điện tử tỉnh Lâm Đồng"
    assert _province_in("Báo Sóc Trăng") == ("Sóc Trăng", "Cần Thơ")          # merged into Cần Thơ in 2025
    assert _province_in("Báo Điện tử Chính phủ") is None
