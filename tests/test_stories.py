"""Stories, versions and re-processing: one story however many portals carry it, edits kept as
versions, an index that survives restarts, and an idempotent `dxwatch reprocess`."""
import time

import pytest
from sqlalchemy.orm import Session

from mirror.archetypes import TEMPLATES, load_articles
from pipelines.canonical import canonical_url
from pipelines.stories import signature
from storage.db import open_archive
from storage.models import Article, Source
from storage.story_index import StoryIndex
from tests.conftest import query, run_cli, write_mirror_config


def story_of(db, mirror, art) -> int:
    url = canonical_url(mirror.base(art.site) + art.path)
    return query(db, f"SELECT a.story_id FROM v_articles a JOIN article_urls u ON u.article_id = a.article_id "
                     f"WHERE u.url = '{url}'")[0][0]


@pytest.fixture(scope="module")
def crawled(mirror, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("stories")
    # the originals first, then (another process: the index is rebuilt from the database) the rest
    cfg = write_mirror_config(mirror, tmp, only=["vgp", "newspaper"])
    assert run_cli("crawl", config=cfg).returncode == 0
    cfg = write_mirror_config(mirror, tmp, only=list(TEMPLATES))     # the annotated archetypes (syndication is theirs)
    assert run_cli("crawl", config=cfg).returncode == 0
    return f"sqlite:///{tmp / 'dx.db'}", cfg


def test_syndicated_copies_join_the_story_of_their_original(crawled, mirror):
    db, _ = crawled
    arts = {a.id: a for a in load_articles()}
    copies = [a for a in arts.values() if a.syndicated_from]
    assert len(copies) >= 3
    for a in copies:
        assert story_of(db, mirror, a) == story_of(db, mirror, arts[a.syndicated_from]), a.id
    joined = query(db, "SELECT COUNT(*) FROM v_stories WHERE article_count >= 2")[0][0]
    assert joined == len(copies)


def test_different_articles_about_one_meeting_are_different_stories(crawled, mirror):
    db, _ = crawled
    reports = [a for a in load_articles() if not a.syndicated_from and any(
        m["held_on"] == "2024-04-24" and m.get("scope", "national") == "national" for m in a.meetings)]
    assert len(reports) >= 4
    stories = [story_of(db, mirror, a) for a in reports]
    assert len(set(stories)) == len(stories)          # linked through the meeting instead
    meeting_links = query(db, "SELECT COUNT(*) FROM v_meeting_articles m JOIN v_meetings v ON v.meeting_id = m.meeting_id "
                              "WHERE v.held_on = '2024-04-24' AND v.body LIKE 'Ủy ban%'")[0][0]
    assert meeting_links >= len(reports)


def test_tiny_bodies_never_collapse_into_one_story(tmp_path):
    engine = open_archive(f"sqlite:///{tmp_path / 't.db'}")
    index = StoryIndex()
    with Session(engine) as s:
        s.add(Source(id="s", name="S"))
        s.flush()
        stories = []
        for n in range(3):
            a = Article(source_id="s", url=f"http://x/{n}", content_hash=f"h{n}")
            s.add(a)
            s.flush()
            sig = signature("Thông báo", "", "Thông báo lịch tiếp công dân.")     # too short to judge
            assert sig is None
            stories.append(index.story_for(s, a.id, "Thông báo", sig))
        assert len(set(stories)) == 3


def test_edited_article_is_rechecked_and_versioned(mirror, tmp_path):
    art = next(a for a in load_articles() if a.id == "vgp-ubqg-phien8")
    cfg = write_mirror_config(mirror, tmp_path, only=["vgp"])
    cfg.write_text(cfg.read_text().replace('interval = "30m"', 'interval = "30m"\nrecheck_every = "1s"'))
    db = f"sqlite:///{tmp_path / 'dx.db'}"
    assert run_cli("crawl", config=cfg).returncode == 0
    url = canonical_url(mirror.base("vgp") + art.path)
    added = "Cập nhật: Văn phòng Chính phủ đã ban hành thông báo kết luận của Thủ tướng tại phiên họp."
    mirror.edits[art.id] = added
    try:
        time.sleep(1.2)
        assert run_cli("crawl", config=cfg).returncode == 0
    finally:
        mirror.edits.pop(art.id)
    row = query(db, f"SELECT id, version, text, updated_at FROM articles WHERE url = '{url}'")[0]
    assert row[1] == 2 and added in row[2] and row[3] is not None
    old = query(db, f"SELECT version, text FROM article_versions WHERE article_id = {row[0]}")
    assert len(old) == 1 and old[0][0] == 1 and added not in old[0][1]
    assert query(db, f"SELECT COUNT(*) FROM snapshots WHERE article_id = {row[0]}")[0][0] == 2
    unchanged = query(db, "SELECT COUNT(*) FROM articles WHERE version = 1")[0][0]
    assert unchanged == query(db, "SELECT COUNT(*) FROM articles")[0][0] - 1      # the others were unchanged


def test_reprocess_is_idempotent_and_restores_what_an_upgrade_recognises(crawled):
    db, cfg = crawled
    snapshot = "SELECT (SELECT COUNT(*) FROM v_metrics), (SELECT COUNT(*) FROM v_meetings), " \
               "(SELECT COUNT(*) FROM v_meeting_articles), (SELECT COUNT(DISTINCT story_id) FROM v_articles), " \
               "(SELECT SUM(relevant) FROM v_articles)"
    before = query(db, snapshot)[0]
    query_write = __import__("sqlite3").connect(db.removeprefix("sqlite:///"))
    query_write.execute("DELETE FROM metrics")            # as if metric recognition were new
    query_write.commit()
    query_write.close()
    first = run_cli("reprocess", config=cfg)
    assert first.returncode == 0 and "articles reprocessed" in first.stdout, first.stderr
    assert query(db, snapshot)[0] == before
    second = run_cli("reprocess", config=cfg)
    assert "0 changed" in second.stdout and query(db, snapshot)[0] == before
    only = run_cli("reprocess", "--source", "mirror-vgp", "--since", "2024-01-01", config=cfg)
    assert only.returncode == 0 and "0 changed" in only.stdout
    bad = run_cli("reprocess", "--since", "yesterday", config=cfg)
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_same_body_under_another_url_is_one_article_with_both_urls(tmp_path, mirror):
    import urllib.request
    from storage.archive import Archive
    from pipelines.extract import extract_page
    art = next(a for a in load_articles() if a.id == "vgp-ubqg-phien3")
    url = mirror.base("vgp") + art.path
    body = urllib.request.urlopen(url).read()
    archive = Archive(open_archive(f"sqlite:///{tmp_path / 'x.db'}"))
    archive.sync_sources([type("S", (), dict(id="a", name="A", homepage=None, platform=None, scope="national",
                                             province=None, render="http"))()])
    first = archive.store_article(extract_page(body, url), source_id="a", fetched_url=url, body=body, headers={})
    copy_url = "http://republisher.example/tin/bai-dang-lai-12345.html"
    second = archive.store_article(extract_page(body, copy_url), source_id="a", fetched_url=copy_url, body=body, headers={})
    assert (first.status, second.status) == ("new", "alias") and first.article_id == second.article_id
    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert query(db, "SELECT COUNT(*) FROM articles")[0][0] == 1
    assert {r[0] for r in query(db, "SELECT url FROM article_urls")} >= {canonical_url(url), copy_url}


def _blind_site_articles():
    """Every article page of the sites written blind (mirror/sites), extracted as crawled."""
    import tomllib
    from pathlib import Path
    from pipelines.extract import extract_page
    out = []
    for site in sorted(Path(__file__).resolve().parent.parent.joinpath("mirror", "sites").iterdir()):
        manifest = tomllib.loads((site / "site.toml").read_text(encoding="utf-8"))
        for route in manifest["routes"]:
            if route.get("type") == "article":
                url = f"http://{site.name}.example{route['path']}"
                body = (site / route["file"]).read_bytes()
                out.append((url, body, extract_page(body, url)))
    return out


def test_look_alike_reports_of_other_provinces_are_not_one_story(tmp_path, mirror):
    """Provincial portals write from templates: MinHash alone scores the DTI, public-service and
    Đề án 06 reports of different provinces (and festivals of different places) above the story
    threshold. Stored together, none of them joins another's story; syndicated copies still do."""
    from pipelines.stories import THRESHOLD
    from storage.archive import Archive
    pages = _blind_site_articles()
    sigs = [ex.signature for _, _, ex in pages if ex.signature is not None]
    look_alikes = sum(1 for i, a in enumerate(sigs) for b in sigs[i + 1:] if a.jaccard(b) >= THRESHOLD)
    assert len(pages) >= 50 and look_alikes >= 10           # the guard is what keeps them apart
    db = f"sqlite:///{tmp_path / 's.db'}"
    archive = Archive(open_archive(db))
    archive.sync_sources([type("S", (), dict(id="blind", name="Blind", homepage=None, platform=None, scope="national",
                                             province=None, render="http"))()])
    for url, body, ex in pages:
        archive.store_article(ex, source_id="blind", fetched_url=url, body=body, headers={})
    joined = query(db, "SELECT story_id, COUNT(*) FROM articles WHERE story_id IS NOT NULL "
                       "GROUP BY story_id HAVING COUNT(*) > 1")
    assert joined == [], [query(db, f"SELECT title FROM articles WHERE story_id = {sid}") for sid, _ in joined]
    import urllib.request
    arts = {a.id: a for a in load_articles()}
    copies = [a for a in arts.values() if a.syndicated_from]
    for copy in copies:
        for a in (arts[copy.syndicated_from], copy):
            url = mirror.base(a.site) + a.path
            body = urllib.request.urlopen(url).read()
            from pipelines.extract import extract_page
            archive.store_article(extract_page(body, url), source_id="blind", fetched_url=url, body=body, headers={})
        assert story_in(db, mirror, copy) == story_in(db, mirror, arts[copy.syndicated_from]), copy.id


def story_in(db, mirror, art) -> int:
    return query(db, "SELECT a.story_id FROM articles a JOIN article_urls u ON u.article_id = a.id "
                     f"WHERE u.url = '{canonical_url(mirror.base(art.site) + art.path)}'")[0][0]
