"""The golden set (tests/golden): pages as the mirror served them, and what extraction must find
on each, read strictly (an unknown or missing key is an error naming the file and the key), each
with its provenance. `make eval` (bench.eval, bench.eval_events) and the tests read it from here."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from common.strict import FixtureError, Strict, read_json, validate

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
HELDOUT = ROOT / "tests" / "gold_heldout"      # the held-out articles, written blind to the recognisers


class GoldenProvenance(Strict):
    """Where a golden page comes from: the archetype that rendered it, who wrote its article,
    when, and the real page it was modelled on (if any)."""
    archetype: str
    author: str
    written_on: date
    modelled_on: str | None = None


class GoldenCase(Strict):
    """One page of tests/golden/pages and what extraction must find on it."""
    file: str
    id: str
    site: str
    url: str
    canonical: str
    content_type: str
    title: str
    published_at: str
    relevant: bool
    author: str | None
    source_credit: str | None
    must_contain: list[str]
    must_not_contain: list[str]
    provenance: GoldenProvenance


def golden_cases(path: Path = GOLDEN / "expected.json") -> list[dict]:
    """The golden set, strictly: an unknown or missing key is an error naming the file and the key."""
    raw = read_json(path)
    if not isinstance(raw, list):
        raise FixtureError(str(path), "(top level)", "expected a list of pages")
    return [validate(GoldenCase, case, path, f"[{i}].").model_dump(mode="json") for i, case in enumerate(raw)]
