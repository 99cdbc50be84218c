"""The own-words fixtures (tests/fixtures_prose): 45 articles written blind, reproducing every
construction of the real-prose set (tests/real/constructions.md), scored through the whole
extraction path with the same scorer as `make eval-real`. The floors sit just under what the
recognisers reach today; a change that loses a construction falls through them."""
import tomllib
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict

from bench.eval_real import evaluate, load_set

FIXTURES = Path(__file__).parent / "fixtures_prose"
REAL = Path(__file__).parent / "real"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="allow")


class Provenance(BaseModel):
    model_config = ConfigDict(extra="forbid")
    author: str
    written_on: str
    style_of: str
    constructions: list[str]
    same_event_as: list[str] = []
    mimics: list[str] = []
    note: str = ""


class Metric(_Strict):
    value: float
    unit: Literal["%", "điểm", "hạng", "bậc", "count", "đồng", "Mbps", "other"]
    kind: Literal["level", "change", "rank", "forecast"]
    label: str
    construction: str


class Meeting(_Strict):
    kind: Literal["phien_hop", "hoi_nghi", "hop_ban_chi_dao", "other"]
    body: str
    held_on: str


class Fixture(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str
    published: str
    url: str
    cds: bool
    paragraphs: list[str]
    provenance: Provenance
    meetings: list[Meeting]
    metrics: list[Metric]
    traps: list[dict]
    mimics: list[str] = []


@pytest.fixture(scope="module")
def scores():
    s, absent, _ = evaluate("fixtures")
    assert absent == 0
    return s


def test_every_fixture_is_well_formed_and_says_where_it_comes_from():
    files = sorted(FIXTURES.glob("*.toml"))
    assert len(files) >= 40
    for path in files:
        try:
            Fixture.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
        except Exception as e:                                   # name the file
            raise AssertionError(f"{path.name}: {e}") from None


def test_every_construction_of_the_real_set_is_reproduced():
    """The real set's construction tags (facts only) all appear in some fixture's provenance."""
    import json
    real = {m["construction"] for a in json.loads((REAL / "facts.json").read_text("utf-8"))["articles"]
            for m in a["metrics"]}
    covered = {c for p in FIXTURES.glob("*.toml") for c in tomllib.loads(p.read_text("utf-8"))["provenance"]["constructions"]}
    assert real <= covered, sorted(real - covered)


def test_relevance_and_meetings(scores):
    assert scores.relevance_right == scores.articles
    assert scores.meetings_found / scores.meetings >= 0.90, scores.wrong_meetings
    assert scores.meetings_wrong == 0 and scores.meetings_duplicate == 0, scores.wrong_meetings
    assert scores.meeting_dates_right >= scores.meetings_found - 1


def test_figures_floor(scores):
    recall = scores.figures_found / scores.figures
    precision = (scores.figures_extracted - scores.figures_false) / scores.figures_extracted
    assert recall >= 0.95, scores.misses[:20]
    assert precision >= 0.98, scores.false[:20]
    assert scores.trap_hits <= 3, scores.false


def test_the_real_sets_load_when_their_text_is_here():
    """facts.json and holdout.json parse and every annotation names its text's hash; the texts are
    third-party and only on machines that collected them (then `make eval-real` scores them)."""
    for name in ("real", "dev2", "holdout"):
        facts, texts = load_set(name)
        assert facts["articles"] and all(a.get("text_sha256") for a in facts["articles"])
        for aid in texts:
            import hashlib
            folder = REAL / "local" / ("" if name == "real" else name)
            data = (folder / f"{aid}.txt").read_bytes()
            assert hashlib.sha256(data).hexdigest() == next(a["text_sha256"] for a in facts["articles"] if a["id"] == aid)
