"""CĐS meetings in clean text: the National Committee's sessions, the Government steering committee,
national CĐS conferences and provincial steering-committee meetings, with date, chair, ordinal,
format, bridge points and a stable identity (date + scope)."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache

from pipelines.textdates import find_dates
from pipelines.textnorm import fold
from pipelines.vocab import SURNAMES, find_provinces

NATIONAL_COMMITTEE = "Ủy ban Quốc gia về chuyển đổi số"
GOV_STEERING = ("Ban Chỉ đạo của Chính phủ về phát triển khoa học, công nghệ, đổi mới sáng tạo, "
                "chuyển đổi số và Đề án 06")
# (folded pattern, canonical body or None for a provincial committee) — tried in order
BODIES = [
    (re.compile(r"ban chi dao (?:cua chinh phu )?ve (?:phat trien )?khoa hoc, cong nghe, doi moi sang tao,? "
                r"(?:va )?chuyen doi so(?: va de an 06)?"), GOV_STEERING),
    (re.compile(r"uy ban quoc gia ve chuyen doi so|uy ban quoc gia ve chinh phu dien tu"), NATIONAL_COMMITTEE),
    (re.compile(r"ban chi dao (?:ve )?chuyen doi so (?:cua )?(tinh|thanh pho) "), None),
]
TRIGGER = re.compile(r"phien hop|hop phien|cuoc hop|hoi nghi|\bhop\b|\bda hop\b|to chuc hop")
CONFERENCE_TOPIC = re.compile(r"chuyen doi so|de an 06|chinh phu so|chinh phu dien tu")
ORDINAL = re.compile(r"(?:phien hop|hop phien)(?: lan)? thu (\d{1,2}|nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi)\b")
ORDINAL_WORDS = {"nhat": 1, "hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10}
BRIDGE = re.compile(r"diem cau (?:tinh |thanh pho )?")
SENTENCE_SPLIT = re.compile(r"(?<=[.!?:;])\s+(?=[A-ZĐÀ-Ỹ(\"“])|\n+")
TITLE_WORDS = {fold(w) for w in (
    "Thủ", "tướng", "phủ", "Phó", "Chủ", "tịch", "Ủy", "ban", "UBND", "Bộ", "trưởng", "Sở", "Bí", "thư",
    "Đồng", "chí", "Trưởng", "Ban", "Chỉ", "đạo", "Tỉnh", "ủy", "Hội", "nghị", "Phiên", "họp",
    "Thường", "trực", "Giám", "đốc", "Quốc", "gia")}


@dataclass
class MeetingMention:
    kind: str                      # phien_hop | hoi_nghi | hop
    body: str
    scope: str                     # "national" or a province
    held_on: str | None            # ISO date
    ordinal: int | None = None
    chair: str | None = None
    format: str | None = None
    bridge_points: list[str] = field(default_factory=list)
    sentence: str = ""

    @property
    def key(self) -> str:
        """Identity: one real meeting, however outlets name it (kind and ordinal are not part of it)."""
        return f"{self.held_on}|{self.scope}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["key"] = self.key
        return d


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(paragraph index, sentence) for every sentence of the text."""
    out = []
    for pi, para in enumerate(p for p in text.split("\n\n") if p.strip()):
        for s in SENTENCE_SPLIT.split(para):
            if s.strip():
                out.append((pi, s.strip()))
    return out


def _body_in(folded: str) -> tuple[str, str, int] | None:
    """(body, scope, position) of the first CĐS body named in a folded sentence."""
    for rx, canonical in BODIES:
        m = rx.search(folded)
        if not m:
            continue
        if canonical is not None:
            return canonical, "national", m.start()
        provinces = [p for pos, p in find_provinces(folded[m.end() - 1:m.end() + 40]) if pos <= 2]
        if provinces:
            kind = "thành phố" if m.group(1) == "thanh pho" else "tỉnh"
            return f"Ban Chỉ đạo chuyển đổi số {kind} {provinces[0]}", provinces[0], m.start()
    return None


def _names(sentence: str) -> list[tuple[int, str]]:
    """Person names: a known surname followed by 1-3 capitalised syllables."""
    words = list(re.finditer(r"[^\s,.;:()\-–\"“”]+", sentence))
    out = []
    i = 0
    while i < len(words):
        w = words[i].group(0)
        if fold(w) in SURNAMES and w[:1].isupper() and fold(w) not in TITLE_WORDS:
            j = i + 1
            while j < len(words) and j - i < 4 and words[j].group(0)[:1].isupper() \
                    and sentence[words[j - 1].end():words[j].start()] == " " and fold(words[j].group(0)) not in TITLE_WORDS:
                j += 1
            if j - i >= 2:
                out.append((words[i].start(), " ".join(x.group(0) for x in words[i:j])))
                i = j
                continue
        i += 1
    return out


def _chair(sentences: list[str]) -> str | None:
    """The person who chaired: the name nearest to "chủ trì" in the first sentence that says it."""
    for s in sentences:
        fs = fold(s)
        at = [m.start() for m in re.finditer(r"chu tri", fs)]
        if not at:
            continue
        names = _names(s)
        if names:
            pos = at[0]
            return min(names, key=lambda n: abs(n[0] - pos))[1]
        return None
    return None


FORMAT = re.compile(r"(?:phien hop|hoi nghi|cuoc hop|\bhop\b|\bdu\b)[^.]{0,100}?\b(truc tiep ket hop (?:voi )?truc tuyen|"
                    r"ket hop truc tiep va truc tuyen|truc tuyen)\b(?! toan trinh)")


def _titled_name(sentence: str) -> str | None:
    """'… của Thủ tướng Chính phủ Phạm Minh Chính tại Phiên họp …': the head of government named
    in the meeting's own sentence presided over it."""
    for pos, name in _names(sentence):
        before = fold(sentence[max(0, pos - 30):pos])
        if re.search(r"thu tuong(?: chinh phu)?\s*$", before):
            return name
    return None


def _format(folded_sentences: list[str]) -> str | None:
    """How a meeting was held, from (folded) sentences that talk about the meeting itself (a "dịch
    vụ công trực tuyến" elsewhere is not a format)."""
    best = None
    for fs in folded_sentences:
        for m in FORMAT.finditer(fs):
            if m.group(1) != "truc tuyen":
                return "trực tiếp kết hợp trực tuyến"
            best = "trực tuyến"
    return best


@lru_cache(maxsize=2048)
def _dates_in(sentence: str, published: date | None):
    return find_dates(sentence, published)


def find_meetings(text: str, published: date | None, title: str = "") -> list[MeetingMention]:
    """CĐS meetings reported in an article (deduplicated by identity within the article)."""
    if not TRIGGER.search(fold(title + " " + text)):
        return []
    sentences = split_sentences(text)
    if title:
        sentences.insert(0, (-1, title))
    folded = [fold(s) for _, s in sentences]
    folded_of = {s: f for (_, s), f in zip(sentences, folded)}
    all_dates = find_dates(text, published)
    lead_date = all_dates[0].value if all_dates else None
    found: dict[str, MeetingMention] = {}
    article_format = _format([fs for (p, _), fs in zip(sentences, folded) if p >= 0])
    for idx, (para, s) in enumerate(sentences):
        fs = folded[idx]
        trig = TRIGGER.search(fs)
        if not trig:
            continue
        body = _body_in(fs)
        is_conference = "hoi nghi" in fs[trig.start():trig.start() + 12]
        if body is None:
            # a national CĐS conference without a named body ("Hội nghị sơ kết ... chuyển đổi số ... Đề án 06")
            if not (is_conference and CONFERENCE_TOPIC.search(fs[trig.start():trig.start() + 160])):
                continue
            provinces = find_provinces(fs)
            topic_province = "quoc gia" not in fs and provinces and not BRIDGE.search(fs)
            body = (f"Ban Chỉ đạo chuyển đổi số tỉnh {provinces[0][1]}", provinces[0][1], 0) if topic_province \
                else (NATIONAL_COMMITTEE, "national", 0)
        name, scope, _ = body
        dates = _dates_in(s, published)
        if dates:
            held = dates[0].value
        elif para == -1:
            continue            # a title without a date only confirms what the text says
        else:
            held = _nearest_previous_date(sentences, idx, published) or lead_date or published
        kind = "hoi_nghi" if "hoi nghi" in fs and (is_conference or "phien hop" not in fs) else \
            "phien_hop" if re.search(r"phien hop|hop phien", fs) else "hop"
        om = ORDINAL.search(fs)
        ordinal = None
        if om:
            ordinal = int(om.group(1)) if om.group(1).isdigit() else ORDINAL_WORDS[om.group(1)]
        para_sents = [x for p, x in sentences if p == para]
        following = para_sents[para_sents.index(s):] if s in para_sents else [s]
        mention = MeetingMention(
            kind=kind, body=name, scope=scope, held_on=held.isoformat() if held else None, ordinal=ordinal,
            chair=_chair(following[:3]) or _titled_name(s),
            format=_format([folded_of.get(x) or fold(x) for x in following[:3]]) or article_format,
            bridge_points=_bridges(fs), sentence=s)
        prev = found.get(mention.key)
        found[mention.key] = _merge(prev, mention) if prev else mention
    return [m for m in found.values() if m.held_on]


def _nearest_previous_date(sentences, idx, published):
    for j in range(idx - 1, -1, -1):
        ds = _dates_in(sentences[j][1], published)
        if ds:
            return ds[-1].value
    return None


def _bridges(folded: str) -> list[str]:
    out = []
    for m in BRIDGE.finditer(folded):
        for pos, p in find_provinces(folded[m.end():m.end() + 40]):
            if pos == 0:
                out.append(p)
    return out


def _merge(a: MeetingMention, b: MeetingMention) -> MeetingMention:
    """Two mentions of one meeting in an article: keep what each knows."""
    rank = {"phien_hop": 2, "hoi_nghi": 1, "hop": 0}
    return MeetingMention(
        kind=a.kind if rank[a.kind] >= rank[b.kind] else b.kind,
        body=a.body if len(a.body) >= len(b.body) else b.body, scope=a.scope, held_on=a.held_on,
        ordinal=a.ordinal or b.ordinal, chair=a.chair or b.chair, format=_richer_format(a.format, b.format),
        bridge_points=sorted(set(a.bridge_points) | set(b.bridge_points)), sentence=a.sentence)


def _richer_format(a, b):
    return a if (a or "") >= (b or "") and len(a or "") >= len(b or "") else b


__all__ = ["MeetingMention", "find_meetings", "split_sentences", "NATIONAL_COMMITTEE", "GOV_STEERING"]
