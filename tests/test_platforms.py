"""The platform registry (common/platforms.toml): validated on load, every entry's examples are
detected as it and its traps are not; detect() names nothing on thin evidence."""
from __future__ import annotations

import pytest

from common import platforms
from common.strict import FixtureError

REGISTRY = platforms.load()


def _page(snippet: str) -> tuple[str, str]:
    return ("", snippet[4:]) if snippet.startswith("url:") else (snippet, "http://127.0.0.1/")


@pytest.mark.parametrize("key", list(REGISTRY))
def test_every_entry_detects_its_examples_and_not_its_traps(key):
    p = REGISTRY[key]
    for ex in p.examples:
        assert platforms.detect(*_page(ex)) == key, ex
    for trap in p.traps:
        assert platforms.detect(*_page(trap)) != key, trap


def test_generic_pages_have_no_platform():
    assert platforms.detect("", "http://127.0.0.1/") is None
    assert platforms.detect("<html><body><a href='/tin-tuc/a.html'>Tin</a></body></html>", "http://x/") is None


def test_the_generator_meta_decides():
    html = '<meta name="generator" content="NukeViet v4.5"><script src="/wp-content/x.js"></script>'
    assert platforms.detect(html, "http://127.0.0.1/") == "nukeviet"


def test_headers_count():
    assert platforms.detect("<html></html>", "http://x/", {"MicrosoftSharePointTeamServices": "16.0"}) == "sharepoint"
    assert platforms.detect("<html></html>", "http://x/", {"X-Generator": "Drupal 9"}) == "drupal"


def test_vgp_timeline_paging_is_data():
    zone, scheme = platforms.timeline_zone('<input type="hidden" id="hdZoneId" value="1021119">')
    assert zone == "1021119" and scheme.url == "/timelinelist/{zone}/{n}.htm"
    assert platforms.timeline_zone("<html></html>") is None


@pytest.mark.parametrize("toml, key", [
    ('[platforms.x]\nname = "X"\nexamples = ["a"]\nmarkerz = ["a"]\n', "platforms.x.markerz"),
    ('[platforms.x]\nname = "X"\nexamples = ["a"]\narticle_urls = ["("]\n', "platforms.x.article_urls"),
    ('[platforms.x]\nname = "X"\nexamples = []\n', "platforms.x.examples"),
    ('[platforms.x]\nname = "X"\nexamples = ["a"]\npaging = { scheme = "timeline" }\n', "platforms.x.paging"),
])
def test_errors_name_the_entry(tmp_path, toml, key):
    path = tmp_path / "platforms.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(FixtureError) as e:
        platforms.load(path)
    assert key in str(e.value) and str(path) in str(e.value)
    assert "\n" not in str(e.value)
