"""Is this CĐS news? A scored, explainable term classifier over folded text."""
from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from pipelines.textnorm import fold

DATA = Path(__file__).with_name("data") / "relevance.toml"


class _Vocab(BaseModel):
    model_config = ConfigDict(extra="forbid")
    terms: dict[str, float]
    negative: dict[str, float] = {}


def _load(path: Path) -> tuple[dict[str, float], dict[str, float]]:
    """The terms and weights (pipelines/data/relevance.toml), folded; an error names the file and key."""
    try:
        v = _Vocab.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (tomllib.TOMLDecodeError, ValidationError) as e:
        raise ValueError(f"{path}: {e}") from None
    return {fold(k): w for k, w in v.terms.items()}, {fold(k): w for k, w in v.negative.items()}


# weight per folded phrase; strong terms alone make an article relevant, weak ones only together
VOCABULARY, NEGATIVE = _load(DATA)


@dataclass
class Relevance:
    relevant: bool
    score: float
    matched: dict[str, dict[str, int]] = field(default_factory=dict)   # term -> {zone: count}

    def explain(self) -> str:
        return ", ".join(f"{t} ({', '.join(f'{z}×{c}' for z, c in zones.items())})" for t, zones in self.matched.items())


_ZONE_WEIGHT = {"title": 3.0, "lead": 2.0, "body": 1.0}
_COMPILED: dict[tuple, re.Pattern] = {}


def _pattern(vocab: dict[str, float]) -> re.Pattern:
    """One alternation over the vocabulary, longest phrases first (a phrase counts once, as itself)."""
    key = tuple(sorted(vocab))
    if key not in _COMPILED:
        terms = sorted(vocab, key=len, reverse=True)
        _COMPILED[key] = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")(?!\w)")
    return _COMPILED[key]


def classify(title: str, lead: str, body: str, *, extra_terms: dict[str, float] | None = None,
             threshold: float = 0.4) -> Relevance:
    vocab = dict(VOCABULARY)
    for term, weight in (extra_terms or {}).items():
        vocab[fold(term)] = weight
    zones = {"title": fold(title), "lead": fold(lead), "body": fold(body)}
    if zones["lead"] and zones["body"].startswith(zones["lead"]):
        zones["body"] = zones["body"][len(zones["lead"]):]
    rx = _pattern(vocab)
    raw = 0.0
    matched: dict[str, dict[str, int]] = {}
    for zone, text in zones.items():
        if not text:
            continue
        counts: dict[str, int] = {}
        for m in rx.finditer(text):
            counts[m.group(0)] = counts.get(m.group(0), 0) + 1
        for term, n in counts.items():
            matched.setdefault(term, {})[zone] = n
            # diminishing returns for repeats
            raw += vocab[term] * _ZONE_WEIGHT[zone] * (1 + math.log(n))
    for term, weight in NEGATIVE.items():
        if any(term in t for t in zones.values()):
            raw -= weight
    score = round(1 - math.exp(-max(raw, 0.0) / 8.0), 4)
    return Relevance(relevant=score >= threshold, score=score, matched=matched)
