"""Is this CĐS news? A scored, explainable term classifier over folded text."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from pipelines.textnorm import fold

# weight per folded phrase; strong terms alone make an article relevant, weak ones only together
VOCABULARY: dict[str, float] = {
    "chuyen doi so": 3.0, "cds": 1.5, "chinh phu so": 2.5, "kinh te so": 2.5, "xa hoi so": 2.5,
    "chinh quyen so": 2.5, "du lieu so": 2.0, "cong dan so": 2.0, "ha tang so": 2.0,
    "nen tang so": 2.0, "ky nang so": 2.0, "doanh nghiep so": 2.0, "do thi thong minh": 2.0,
    "de an 06": 2.5, "chinh phu dien tu": 2.0, "chinh quyen dien tu": 2.0,
    "dich vu cong truc tuyen": 2.0, "dich vu cong": 1.0, "truc tuyen toan trinh": 2.0,
    "ho so truc tuyen": 2.0, "xu ly truc tuyen": 1.5, "nop truc tuyen": 1.0, "mot cua dien tu": 1.5,
    "cong dich vu cong": 1.5, "moi truong mang": 1.0, "cong nghe so cong dong": 2.0,
    "dinh danh dien tu": 2.5, "vneid": 2.5, "can cuoc gan chip": 1.5, "chu ky so": 2.0,
    "co so du lieu quoc gia": 2.0, "co so du lieu": 1.0, "he thong thong tin": 1.0,
    "chi so dti": 3.0, "dti": 2.0, "chi so chuyen doi so": 3.0,
    "to cong nghe so cong dong": 3.0, "cong nghe so": 1.5, "cong nghe thong tin": 1.0,
    "tri tue nhan tao": 1.5, "du lieu lon": 1.5, "dien toan dam may": 1.5, "an toan thong tin": 1.0,
    "an ninh mang": 1.0, "bang rong": 1.0, "cap quang": 1.0, "5g": 1.0, "thanh toan khong dung tien mat": 1.5,
    "thuong mai dien tu": 1.0, "ung dung cong nghe": 0.5, "so hoa": 1.5, "khoa hoc, cong nghe, doi moi sang tao": 1.5,
    "nghi quyet 57": 2.0, "57-nq/tw": 2.0, "uy ban quoc gia ve chuyen doi so": 3.0,
}
# terms that look digital but are not CĐS news on their own
NEGATIVE: dict[str, float] = {"hoa don dien tu": 0.8}


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
             threshold: float = 0.5) -> Relevance:
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
