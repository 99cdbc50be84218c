"""mirror/archetypes/static.py: the static sites of mirror/sites/ served as they are ({host}
filled in, .xml.gz as a file, 404 for the missing, ETag/304), read strictly, and the example site
crawled into exactly its article routes with their dates, titles and CĐS verdicts."""
import gzip
import urllib.error
import urllib.request

import pytest

from common.strict import FixtureError
from mirror.archetypes import STATIC
from mirror.archetypes.static import StaticSite
from pipelines.canonical import canonical_url
from tests.conftest import query, run_cli, write_mirror_config

EXAMPLE = "aspx-query-id"


def get(url, headers=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {})) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


@pytest.mark.parametrize("key", sorted(STATIC))
def test_every_route_is_served_as_its_file_and_the_missing_answer_404(mirror, key):
    site, base = STATIC[key], mirror.base(key)
    host = base.split("://")[1]
    for r in site.manifest.routes:
        status, headers, body = get(base + r.path)
        assert status == 200, r.path
        assert headers["Content-Type"] == (r.content_type or site_type(r.file)), r.path
        assert headers.get("Content-Encoding") is None
        if r.file.endswith(".gz"):
            body = gzip.decompress(body)
        raw = (site.folder / r.file).read_bytes()
        raw = gzip.decompress(raw) if r.file.endswith(".gz") else raw
        assert body == raw.replace(b"{host}", host.encode()), r.path
    for path in site.manifest.missing:
        assert get(base + path)[0] == 404


def site_type(file):
    from mirror.archetypes.static import content_type
    return content_type(file)


def test_static_pages_carry_validators_and_answer_304(mirror):
    base = mirror.base(EXAMPLE)
    status, headers, _ = get(base + "/news.aspx?id=101")
    assert status == 200 and headers["ETag"] and headers["Last-Modified"]
    assert get(base + "/news.aspx?id=101", {"If-None-Match": headers["ETag"]})[0] == 304
    assert get(base + "/", {"If-Modified-Since": headers["Last-Modified"]})[0] == 304


def test_a_manifest_is_read_strictly(tmp_path):
    folder = tmp_path / "bad-site"
    folder.mkdir()
    (folder / "index.html").write_text("<html></html>")
    good = ('name = "bad-site"\ntitle = "x"\nplatform = "x"\n[provenance]\nauthor = "t"\nwritten_on = "2026-11-26"\n'
            '[[routes]]\npath = "/"\nfile = "index.html"\ntype = "home"\n')
    (folder / "site.toml").write_text(good)
    assert StaticSite(folder, "127.0.0.99").article_urls(None) == []
    for broken, key in [(good.replace('type = "home"', 'type = "home"\ncolour = "red"'), "routes[0].colour"),
                        (good.replace("[[routes]]", "[[route]]"), "route"),
                        (good.replace('file = "index.html"', 'file = "none.html"'), "routes[0].file"),
                        (good.replace('type = "home"', 'type = "homepage"'), "routes[0].type")]:
        (folder / "site.toml").write_text(broken)
        with pytest.raises(FixtureError) as e:
            StaticSite(folder, "127.0.0.99")
        assert e.value.file == str(folder / "site.toml") and e.value.key == key, str(e.value)


def test_the_example_site_is_crawled_into_exactly_its_article_routes(mirror, tmp_path):
    cfg = write_mirror_config(mirror, tmp_path, only=[EXAMPLE])
    res = run_cli("crawl", config=cfg)
    assert res.returncode == 0, res.stderr[-2000:]
    db = f"sqlite:///{tmp_path / 'dx.db'}"
    got = {r[0]: r[1:] for r in query(db, "SELECT url, title, published_at, relevant FROM v_articles")}
    site, base = STATIC[EXAMPLE], mirror.base(EXAMPLE)
    truth = {canonical_url(base + r.path): r for r in site.articles(None)}
    assert set(got) == set(truth)
    for url, r in truth.items():
        title, published, relevant = got[url]
        assert (title, published, bool(relevant)) == (r.title, r.published.isoformat(), r.cds), url
    assert query(db, "SELECT status FROM crawl_run_sources")[0][0] == "ok"
