"""Fixtures that cannot silently lie: the gold annotations (the mirror's articles and the held-out
set) and the golden set are read strictly (an unknown key is an error naming the file and the
key), and every one records its provenance."""
import json
import shutil
from datetime import date

import pytest

from bench.golden import GOLDEN, HELDOUT, golden_cases
from common.strict import FixtureError, Strict, read_toml, validate
from mirror.archetypes import TEMPLATES, load_articles
from mirror.content import CONTENT_DIR, read_article, read_articles

ARTICLE = CONTENT_DIR / "vgp-ubqg-phien8.toml"


def test_renaming_metrics_to_metric_is_an_error_naming_the_file_and_the_key(tmp_path):
    broken = tmp_path / ARTICLE.name
    broken.write_text(ARTICLE.read_text(encoding="utf-8").replace("[[metrics]]", "[[metric]]"), encoding="utf-8")
    assert "[[metric]]" in broken.read_text(encoding="utf-8")
    with pytest.raises(FixtureError) as e:
        read_article(broken)
    assert (e.value.file, e.value.key, e.value.expected) == (str(broken), "metric", "unknown key")


@pytest.mark.parametrize("old,new,key", [
    ('chair = "Phạm Minh Chính"', 'chairman = "Phạm Minh Chính"', "meetings[0].chairman"),
    ('indicator = "', 'indikator = "', "metrics[0].indikator"),
    ("[provenance]", "[origin]", "origin"),
    ('published = "', 'published_at = "', "published_at"),
])
def test_a_misspelt_key_anywhere_is_named(tmp_path, old, new, key):
    broken = tmp_path / ARTICLE.name
    text = ARTICLE.read_text(encoding="utf-8")
    assert old in text
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FixtureError) as e:
        read_article(broken)
    assert e.value.key == key, str(e.value)


def test_a_golden_case_with_an_unknown_key_is_an_error(tmp_path):
    cases = json.loads((GOLDEN / "expected.json").read_text(encoding="utf-8"))
    cases[3]["must_contian"] = cases[3].pop("must_contain")
    path = tmp_path / "expected.json"
    path.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(FixtureError) as e:
        golden_cases(path)
    assert (e.value.file, e.value.key) == (str(path), "[3].must_contian")


def test_every_gold_and_golden_fixture_records_its_provenance():
    for folder in (CONTENT_DIR, HELDOUT):
        for a in read_articles(folder):
            assert a.provenance.author and a.provenance.written_on and a.archetype in TEMPLATES, a.id
    assert all("written blind" in a.provenance.author for a in read_articles(HELDOUT))
    by_id = {a.id: a for a in load_articles()}
    for case in golden_cases():
        p, a = case["provenance"], by_id[case["id"]]
        assert p["archetype"] == case["site"] == a.site and p["author"] == a.provenance.author, case["file"]
        assert (GOLDEN / "pages" / case["file"]).is_file()


def test_the_held_out_set_is_read_with_the_same_strictness(tmp_path):
    for f in HELDOUT.glob("*.toml"):
        shutil.copy(f, tmp_path / f.name)
    victim = sorted(tmp_path.glob("*.toml"))[0]
    victim.write_text(victim.read_text(encoding="utf-8") + '\nreviewed = true\n', encoding="utf-8")
    with pytest.raises(FixtureError) as e:
        read_articles(tmp_path)
    assert e.value.file == str(victim)


class DigestGolden(Strict):
    file: str
    archetype: str
    author: str
    written_on: date
    made_by: str
    modelled_on: str | None = None


def test_every_golden_file_has_its_provenance():
    """tests/golden: the pages are described by expected.json, the digest's files by provenance.toml."""
    digest = GOLDEN / "digest"
    path = digest / "provenance.toml"
    raw = read_toml(path)
    assert set(raw) == {"files"}, f"{path}: unknown keys {set(raw) - {'files'}}"
    described = {validate(DigestGolden, f, path, f"files[{i}].").file for i, f in enumerate(raw["files"])}
    assert described == {p.name for p in digest.iterdir() if p.name != "provenance.toml"}
    pages = {c["file"] for c in golden_cases()}
    assert pages == {p.name for p in (GOLDEN / "pages").iterdir()}
    assert {p.name for p in GOLDEN.iterdir()} == {"expected.json", "pages", "digest"}
