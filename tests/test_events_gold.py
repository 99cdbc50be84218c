"""The meetings/metrics quality gate on the team's annotated articles (whole extraction path on the
golden pages), and the cross-article check: a crawl of the mirror gives exactly the mirror's
meetings, each linked to every article that reports it."""
import json

import pytest

from bench.eval_events import evaluate_events
from mirror.archetypes import TEMPLATES, load_articles
from pipelines.canonical import canonical_url
from tests.conftest import query as q, run_cli, write_mirror_config


@pytest.fixture(scope="module")
def scores():
    return evaluate_events()


def test_gold_set_size():
    arts = load_articles()
    assert len(arts) >= 40
    assert sum(len(a.meetings) for a in arts) >= 15 and sum(len(a.metrics) for a in arts) >= 60
    assert sum(len(a.traps) for a in arts) >= 40


def test_meetings_floor(scores):
    assert scores.meetings[2] >= 0.95, scores.misses
    assert scores.meeting_dates_right == scores.meetings_tp          # every meeting date right


def test_metrics_floor(scores):
    assert scores.metrics[1] >= 0.90, scores.misses
    assert scores.metrics[0] >= 0.90, scores.misses


def test_no_trap_number_becomes_a_metric(scores):
    assert scores.trap_hits == []




def test_crawl_gives_exactly_the_mirror_meetings_with_all_reporters(mirror, tmp_path):
    cfg = write_mirror_config(mirror, tmp_path, only=list(TEMPLATES))   # the archetypes whose meetings are annotated
    res = run_cli("crawl", config=cfg)
    assert res.returncode == 0, res.stderr[-2000:]
    db = f"sqlite:///{tmp_path / 'dx.db'}"
    expected: dict[str, set[str]] = {}
    for a in load_articles():
        for m in a.meetings:
            key = f"{m['held_on']}|{m.get('scope', 'national')}"
            expected.setdefault(key, set()).add(canonical_url(mirror.base(a.site) + a.path))
    rows = q(db, "SELECT m.key, a.url FROM meetings m JOIN meeting_articles ma ON ma.meeting_id = m.id "
                 "JOIN article_urls a ON a.article_id = ma.article_id")
    got: dict[str, set[str]] = {}
    for key, url in rows:
        got.setdefault(key, set()).add(url)
    assert set(got) == set(expected)
    for key, urls in expected.items():
        assert urls <= got[key], key
    view = q(db, "SELECT meeting_id, kind, body, ordinal, held_on, chair, article_count FROM v_meetings")
    assert len(view) == len(expected)
    eighth = [r for r in view if r[4] == "2024-04-24" and r[2].startswith("Ủy ban Quốc gia")][0]
    assert eighth[3] == 8 and eighth[5] == "Phạm Minh Chính" and eighth[6] >= 4
    metrics = q(db, "SELECT indicator, value, unit, scope, url FROM v_metrics")
    assert ("digital_economy_gdp_share", 16.5, "%", "national") in {r[:4] for r in metrics}
    first = q(db, "SELECT COUNT(*) FROM metrics WHERE indicator = 'digital_economy_gdp_share' AND value = 16.5 AND is_new")
    assert first[0][0] == 1                 # reported by several outlets, new only once


def test_extract_fills_meetings_and_metrics(mirror, tmp_path):
    import urllib.request
    art = next(a for a in load_articles() if a.id == "vgp-ubqg-phien8")
    url = mirror.base("vgp") + art.path
    page = tmp_path / "p.html"
    page.write_bytes(urllib.request.urlopen(url).read())
    data = json.loads(run_cli("extract", str(page), "--url", url).stdout)
    assert [(m["kind"], m["ordinal"], m["held_on"], m["chair"]) for m in data["meetings"]] == \
        [("phien_hop", 8, "2024-04-24", "Phạm Minh Chính")]
    assert data["meetings"][0]["key"] and data["meetings"][0]["body"] == "Ủy ban Quốc gia về chuyển đổi số"
    got = {(m["indicator"], m["value"]) for m in data["metrics"]}
    assert {(m["indicator"], m["value"]) for m in art.metrics} <= got


def test_held_out_set_written_blind_to_the_recognisers():
    from bench.eval_events import HELDOUT, evaluate_events, heldout_pages
    assert len(list(HELDOUT.glob("*.toml"))) >= 12
    sc = evaluate_events(heldout_pages())
    assert sc.meetings[2] >= 0.9 and sc.meeting_dates_right == sc.meetings_tp, sc.misses
    assert sc.metrics[1] >= 0.9 and sc.metrics[0] >= 0.9, sc.misses
    assert sc.trap_hits == []
