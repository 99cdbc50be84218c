"""CĐS meetings in clean text: sessions of the National Committee and of the steering committees
(national, Party, provincial), national and ministry conferences, forums, workshops and the
national CĐS day programme, with date, body, ordinal, chair, format and bridge points.

The vocabulary is data (pipelines/data/meeting_grammar.toml). A mention is a meeting held when its
sentence names an event word, a CĐS topic or body, and no plan ("sẽ tổ chức") or plural ("các
cuộc họp"). Its date is the date in its sentence (the year resolved from the publication date, else
from a year written nearby), never the publication date itself: a meeting named without its day is
kept with its day unknown (`held_in`: the year or month when the text says it) and, when stored,
joins the known meeting of the same body and ordinal. `same_meeting` is the one rule for "one
real meeting", used here and by storage.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from pipelines.rx import rx
from pipelines.grammar import alternation
from pipelines.numbers import ORDINAL_WORDS
from pipelines.periods import find_periods
from pipelines.places import find_provinces
from pipelines.sentences import split_sentences
from pipelines.textdates import find_dates
from pipelines.textnorm import fold, fold_aligned, soft_fold
from pipelines.vocab import SURNAMES

DATA = Path(__file__).with_name("data") / "meeting_grammar.toml"
NATIONAL_COMMITTEE = "Ủy ban Quốc gia về chuyển đổi số"
GOV_STEERING = ("Ban Chỉ đạo của Chính phủ về phát triển khoa học, công nghệ, đổi mới sáng tạo, "
                "chuyển đổi số và Đề án 06")
UNKNOWN_PROVINCE = "tỉnh chưa rõ"          # the scope of a provincial body the text does not name
EVENT_NAME = rx(r"(?:hội nghị|diễn đàn|hội thảo|tọa đàm)\s+((?:(?!(?:tại|vào|diễn ra|ngày|sáng|chiều|do|của|với|được|"
                r"(?:\d+|một|hai|ba|bốn|năm|sáu|chín|mười)\s+tháng|quý|năm\s+\d)(?!\w))[^\s,.;:()\"“”]+\s*){2,14})")
ABOUT_IT = re.compile(r"(?:Phiên họp|Hội nghị|Cuộc họp|Diễn đàn|Hội thảo)\b")     # a sentence that goes on about the meeting
TITLE_BEFORE = re.compile(r"(?<!phó )(thủ tướng|bộ trưởng|chủ tịch ủy ban nhân dân tỉnh|chủ tịch ubnd tỉnh|bí thư tỉnh ủy|"
                          r"chủ tịch)\s+(?:\S+\s+){0,2}$")
EVENT_WORD = re.compile(r"(?:Hội nghị|Diễn đàn|Hội thảo|Tọa đàm|Chương trình)\b")
KINDS = ("phien_hop", "hoi_nghi", "cuoc_hop", "dien_dan", "hoi_thao", "chuong_trinh", "hop_ban_chi_dao")
ROMAN = {r: i for i, r in enumerate("i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx".split(), 1)}
ORDINAL = re.compile(r"(?:phiên họp|phiên|họp|lần|hội nghị|diễn đàn)(?: trực tuyến)?(?: lần)? thứ "
                     r"(?P<n>\d{1,2}|" + "|".join(sorted([*ORDINAL_WORDS, *ROMAN], key=len, reverse=True)) + r")(?!\w)|"
                     r"(?:phiên họp|phiên|họp|hội nghị|diễn đàn)(?: trực tuyến)? (?P<first>lần đầu tiên|lần đầu|đầu tiên)(?!\w)")
BRIDGE = re.compile(r"(?:diem cau|dau cau) (?:tinh |thanh pho )?")
RELATIVE_DAY = re.compile(r"(?<!\w)(?:hôm nay|sáng nay|chiều nay|tối nay|trưa nay|hôm qua|sáng qua|chiều qua)(?!\w)")
SAME_DAY = re.compile(r"(?<!\w)(?:cùng ngày|trong cùng ngày|ngay trong ngày)(?!\w)")
FORUM_NAME = re.compile(r"diễn đàn\s+((?:(?!lần thứ|năm \d|vừa|được|tại|ngày|diễn ra|do|với)[^\s,.;:()\"“”]+\s*){2,12})")
TITLE_WORDS = {fold(w) for w in (
    "Thủ", "tướng", "phủ", "Phó", "Chủ", "tịch", "Ủy", "ban", "UBND", "Bộ", "trưởng", "Sở", "Bí", "thư",
    "Đồng", "chí", "Trưởng", "Ban", "Chỉ", "đạo", "Tỉnh", "ủy", "Hội", "nghị", "Phiên", "họp",
    "Thường", "trực", "Giám", "đốc", "Quốc", "gia", "Tổng", "Đại", "tướng")}
FORMAT = re.compile(r"(?:phiên họp|hội nghị|cuộc họp|(?<!\w)họp|(?<!\w)dự|chương trình)[^.]{0,160}?(?<!\w)"
                    r"(trực tiếp kết hợp (?:với )?trực tuyến|kết hợp trực tiếp và trực tuyến|trực tiếp và trực tuyến|"
                    r"trực tuyến)(?!\w)(?! toàn trình)")


class MeetingGrammarError(ValueError):
    pass


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str
    words: list[str]


class _Topic(BaseModel):
    model_config = ConfigDict(extra="forbid")
    words: list[str]
    not_held: list[str]
    plural: list[str] = []
    future_after: list[str]
    not_meeting_after: list[str]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    scope: str = "national"
    cds: bool = False            # a CĐS body: its meetings are CĐS meetings whatever the sentence says
    patterns: list[str]
    back: list[str] = []


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    event: list[_Event]
    topic: _Topic
    body: list[_Body]


@dataclass(frozen=True)
class _Grammar:
    events: list[tuple[str, re.Pattern]]
    any_event: re.Pattern
    any_back: re.Pattern                # a word that may refer back to a body ("Ban Chỉ đạo")
    topic: re.Pattern
    not_held: re.Pattern
    future_after: re.Pattern
    not_meeting_after: re.Pattern
    bodies: list[tuple[_Body, list[re.Pattern], re.Pattern | None]]


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    try:
        f = _File.model_validate(tomllib.loads(DATA.read_text(encoding="utf-8")))
        return _Grammar(
            events=[(e.kind, re.compile(rf"(?<!\w)(?:{alternation(e.words)})(?!\w)")) for e in f.event],
            any_event=re.compile(alternation([w for e in f.event for w in e.words])),
            any_back=re.compile(alternation([w for b in f.body for w in b.back])),
            topic=re.compile(rf"(?<!\w)(?:{alternation(f.topic.words)})(?!\w)"),
            not_held=re.compile(rf"(?<!\w)(?:{alternation(f.topic.not_held)})[,:]?\s+(?:\S+\s+){{0,4}}$|"
                                rf"(?<!\w)(?:{alternation(f.topic.plural)})\s+(?:(?:buổi|cuộc|kỳ)\s+)?$"),
            future_after=re.compile(rf"[^.;]{{0,120}}?(?<!\w)(?:{alternation(f.topic.future_after)})(?!\w)"),
            not_meeting_after=re.compile(rf"^\s+(?:{alternation(f.topic.not_meeting_after)})(?!\w)"),
            bodies=[(b, [re.compile(p) for p in b.patterns],
                     re.compile(rf"(?<!\w)(?:{alternation(b.back)})(?!\w)") if b.back else None) for b in f.body])
    except (tomllib.TOMLDecodeError, ValidationError, re.error) as e:
        raise MeetingGrammarError(f"{DATA}: {e}") from None


@dataclass
class MeetingMention:
    kind: str
    body: str
    scope: str                     # "national" or a province
    held_on: str | None            # ISO date; None when the text does not give the day
    ordinal: int | None = None
    chair: str | None = None
    format: str | None = None
    bridge_points: list[str] = field(default_factory=list)
    sentence: str = ""
    held_in: str | None = None     # "2023" or "2023-07" when the day is unknown

    @property
    def key(self) -> str:
        """Identity: one real meeting, however outlets name it. Dated: its day and scope; not
        dated: its body and ordinal (storage joins it to the dated meeting when there is one)."""
        if self.held_on:
            return f"{self.held_on}|{self.scope}"
        return f"{fold(self.body)}|{self.ordinal or ''}|{self.held_in or ''}"

    def to_dict(self) -> dict:
        d = {f: getattr(self, f) for f in _FIELDS}
        d["bridge_points"] = list(self.bridge_points)
        d["key"] = self.key
        return d


_FIELDS = ("kind", "body", "scope", "held_on", "ordinal", "chair", "format", "bridge_points", "sentence", "held_in")


def same_meeting(a: dict, b: dict) -> bool:
    """Are two meeting records (dicts with held_on, scope, body, ordinal, held_in) one meeting?
    The same day and scope; or, when one lacks its day, the same body and ordinal, or the same body
    and the month or year it was held in."""
    if a.get("held_on") and b.get("held_on"):
        return a["held_on"] == b["held_on"] and (a.get("scope") or "national") == (b.get("scope") or "national")
    if fold(a.get("body") or "") != fold(b.get("body") or ""):
        return False
    if a.get("ordinal") and b.get("ordinal"):
        return a["ordinal"] == b["ordinal"]
    day = a.get("held_on") or b.get("held_on") or ""
    hint = a.get("held_in") or b.get("held_in")
    return bool(hint) and (day.startswith(hint) or (a.get("held_in") == b.get("held_in")))


def _ordinal(soft: str, at: int) -> int | None:
    for m in ORDINAL.finditer(soft, max(0, at - 40)):
        if m.start() > at + 160:
            break
        if m.group("first"):
            return 1
        n = m.group("n")
        return int(n) if n.isdigit() else ORDINAL_WORDS.get(n) or ROMAN.get(n)
    return None


def _body(soft: str, at: int, folded: str, art_scope: str, last_bodies: dict[str, tuple[str, str]],
          earlier: list[tuple[str, str]] = ()):
    """(name, scope) of the body holding the event at `at`: named after it (within its phrase),
    else before it in the sentence, else referred back to ("của Ủy ban", "Ban Chỉ đạo đã tổ chức
    phiên họp"): the body a meeting of the article already named, or the last one an earlier sentence
    (`earlier`: (soft, folded) pairs) names in full."""
    g = _grammar()
    found = []
    for spec, rxs, _back in g.bodies:
        for pat in rxs:
            for m in pat.finditer(soft):
                found.append((m.start(), m.end(), spec, m))
    # the holder is named in the event's own clause: after it ("phiên họp thứ 8 của Ủy ban …") or
    # before it ("Ban Chỉ đạo … tổ chức cuộc họp"); a body across a comma is another clause's subject
    after = [f for f in found if at <= f[0] <= at + 200 and not rx(r"[;]|chủ trì|chủ tọa").search(soft[at:f[0]])
             and (not rx(r",\s").search(soft[at:f[0]]) or rx(r"(?:của|do)\s+$").search(soft[max(0, f[0] - 5):f[0]]))
             and f[2].name != "Chính phủ"]
    before = [f for f in found if f[1] <= at and not rx(r"[;]|,\s").search(soft[f[1]:at]) and f[2].name != "Chính phủ"]
    pick = _nearest(after, before, generic=False) or _nearest(after, before, generic=True)
    if pick is not None:
        return _holder(pick, soft, folded, art_scope)
    for spec, rxs, back in g.bodies:
        if back is None or not back.search(soft, max(0, at - 60), at + 80):
            continue
        if spec.name in last_bodies:
            return last_bodies[spec.name]
        for e_soft, e_folded in reversed(earlier):
            named = [(m.start(), m.end(), spec, m) for pat in rxs for m in pat.finditer(e_soft)]
            if named:
                holder = _holder(max(named, key=lambda f: f[0]), e_soft, e_folded, art_scope)
                if holder is not None:
                    return holder
    gov = [f for f in found if f[2].name == "Chính phủ"]
    if gov:
        return "Chính phủ", "national"
    if last_bodies:                     # "Tại phiên họp, …": the meeting the article already named
        return list(last_bodies.values())[-1]
    return None


def _holder(pick, soft: str, folded: str, art_scope: str) -> tuple[str, str] | None:
    """(name, scope) of a body named at `pick` (start, end, spec, match) in a sentence."""
    _s, end, spec, m = pick
    if spec.name == "{province}" and not [p for pos, p in find_provinces(folded[end - 1:end + 40]) if pos <= 2]:
        return None                       # "kế hoạch … của tỉnh giai đoạn …": no holder named
    if spec.scope != "province":
        return spec.name, "national"
    provinces = [p for pos, p in find_provinces(folded[end - 1:end + 40]) if pos <= 2] or \
        [p for pos, p in find_provinces(folded[max(0, _s - 40):_s])][-1:]          # "… của tỉnh Gia Lai" before
    groups = m.groupdict()
    named_unit = groups.get("unit") or groups.get("unit2")
    if named_unit is None and not provinces and "đề án 06" in soft[_s:end + 40]:
        return GOV_STEERING, "national"   # "Ban Chỉ đạo về khoa học, …, chuyển đổi số và Đề án 06": the Government's
    province = provinces[0] if provinces else (art_scope if art_scope != "national" else None)
    unit = named_unit or "tỉnh"
    if province is None:        # "Ban Chỉ đạo chuyển đổi số tỉnh tổ chức …": a province the text does not name
        return spec.name.replace(" {province}", f" {unit}").replace("{province}", unit), UNKNOWN_PROVINCE
    return spec.name.replace("{province}", f"{unit} {province}"), province


def _nearest(after: list, before: list, generic: bool):
    """The holder nearest the event: the first named after it, else the last before it. A named body
    ("Ban Chỉ đạo … tỉnh Long An") wins over a bare "của tỉnh X" anywhere in the clause."""
    after = [f for f in after if (f[2].name == "{province}") == generic]
    before = [f for f in before if (f[2].name == "{province}") == generic]
    return min(after, key=lambda f: f[0]) if after else max(before, key=lambda f: f[0]) if before else None


def _named_event(s: str, soft: str, at: int, kind: str, g) -> tuple[str, str] | None:
    """A conference, forum or workshop named by what it is ("Hội nghị tổng kết khối bưu chính –
    viễn thông", "Diễn đàn quốc gia phát triển kinh tế số …"), when no body holds it: its name."""
    if kind not in ("hoi_nghi", "dien_dan", "hoi_thao"):
        return None
    m = EVENT_NAME.match(soft, at)
    if not m or not g.topic.search(m.group(0)):
        return None
    name = s[m.start():m.start() + len(m.group(0).rstrip())]
    return name[0].upper() + name[1:], "national"


def _is_cds_body(name: str) -> bool:
    return any(spec.cds and name.startswith(spec.name.split("{")[0]) for spec, _r, _b in _grammar().bodies)


def _names(sentence: str) -> list[tuple[int, str]]:
    """Person names: a known surname followed by 1-3 capitalised syllables."""
    words = list(rx(r"[^\s,.;:()\-–\"“”]+").finditer(sentence))
    out, i = [], 0
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


def _chair(sentences: list[str], told: str = "") -> str | None:
    """The person who chaired: the name nearest to "chủ trì" in the first sentence that says it;
    when that sentence gives only a title ("được Thủ tướng chủ trì"), the person the article
    already named with that title (`told`: the text before the meeting's sentence)."""
    for s in sentences:
        soft = soft_fold(s)
        at = [m.start() for m in rx(r"(?<!đồng )chủ trì").finditer(soft)]
        if not at:
            continue
        names = _names(s)
        if names:
            return min(names, key=lambda n: abs(n[0] - at[0]))[1]
        title = TITLE_BEFORE.search(soft, 0, at[0])
        if title and told:
            soft_told = soft_fold(told)
            named = [n for pos, n in _names(told)
                     if rx(rf"(?<!phó ){re.escape(title.group(1))}(?: chính phủ)?\s*$").search(soft_told, max(0, pos - 30), pos)]
            return named[-1] if named else None
        return None
    return None


def _format(sentences: list[str]) -> str | None:
    best = None
    for s in sentences:
        for m in FORMAT.finditer(soft_fold(s)):
            if m.group(1) != "trực tuyến":
                return "trực tiếp kết hợp trực tuyến"
            best = "trực tuyến"
    return best


def _bridges(folded: str) -> list[str]:
    out = []
    for m in BRIDGE.finditer(folded):
        out += [p for pos, p in find_provinces(folded[m.end():m.end() + 40]) if pos == 0]
    return out


def _held_in(folded: str, published: date | None) -> str | None:
    """The month or year of a meeting the text names without its day: a review of a period is
    held after it ("tổng kết năm 2021" in 2022), a launch at its start ("triển khai nhiệm vụ năm
    2026" in 2026), a monthly briefing in its month ("giao ban tháng 3/2023")."""
    periods = [p for p in find_periods(folded, published) if p[2].end]
    if not periods:
        return None
    at, _e, p = periods[0]
    if p.label.startswith("tháng"):
        return p.end.isoformat()[:7]
    before = folded[max(0, at - 40):at]
    if rx(r"tong ket|danh gia|so ket|ket qua").search(before):
        return str(date.fromordinal(p.end.toordinal() + 60).year)
    if rx(r"trien khai|nhiem vu|ke hoach|phuong huong").search(before) and p.start:
        return str(p.start.year)
    return str(p.end.year)


def _year_hint(text: str, published: date | None) -> int | None:
    """The year of an undated article: a "date 2023-09" line or the first full date in its text."""
    if published:
        return published.year
    m = rx(r"\b(?:date\s+)?((?:19|20)\d\d)-\d\d(?:-\d\d)?\b|\b\d{1,2}[/.-]\d{1,2}[/.-]((?:19|20)\d\d)\b").search(text)
    return int(m.group(1) or m.group(2)) if m else None


def _date_in(sentence: str, reference: date | None, year: int | None, event_at: int | None = None):
    """The event's day in its sentence: the first date not introduced by "đến"/"từ" (a period). An
    article without a date takes the year its sentence names ("… 6 tháng đầu năm 2023")."""
    if reference is None:
        periods = find_periods(fold_aligned(sentence))
        if periods and periods[0][2].end:     # a review is held after the period it reviews
            reference = date.fromordinal(periods[0][2].end.toordinal() + 60)
    if reference is None and year:
        reference = date(year, 12, 31)
    for d in find_dates(sentence, reference):
        lead = soft_fold(sentence[max(0, d.start - 60):d.start])
        if rx(r"(?:đến|tới|từ|tính đến|hết)\s*(?:ngày\s*)?$").search(lead[-14:]):
            continue                          # a period's bound, not the day it was held
        if rx(r"(?:quyết định|nghị quyết|nghị định|thông tư|chỉ thị|kế hoạch|công văn|văn bản|thông báo)"
                     r"(?: số)?\s+[\w./\-]+\s*(?:của [^,;]{0,40})?\s*(?:ngày\s*)?$|/[a-zđ\-]+\s*(?:ngày\s*)?$").search(lead):
            continue                          # "Quyết định số 1619/QĐ-TTg ngày 24/9/2021": a document's date
        if event_at is not None and d.start > event_at + 160:
            continue                          # far after the event word: another thing's date
        return d.value
    return None


def find_meetings(text: str, published: date | None, title: str = "") -> list[MeetingMention]:
    """CĐS meetings reported in an article, one per real meeting (merged by `same_meeting`)."""
    g = _grammar()
    sentences = ([(-1, title)] if title else []) + [(s.para, s.text) for s in split_sentences(text)]
    lead = text[:300]
    art_scope = next((p for pos, p in find_provinces(fold_aligned(lead))
                      if not BRIDGE.search(fold_aligned(lead)[max(0, pos - 12):pos])), "national")
    hint_year = _year_hint(text, published)
    found: list[MeetingMention] = []
    last_bodies: dict[str, tuple[str, str]] = {}
    earlier: list[tuple[str, str]] = []     # sentences that name a body, for references back to it
    for idx, (para, s) in enumerate(sentences):
        soft = soft_fold(s)
        if idx and g.any_back.search(sentences[idx - 1][1].lower()):
            earlier.append((soft_fold(sentences[idx - 1][1]), fold_aligned(sentences[idx - 1][1])))
        if not g.any_event.search(soft):
            continue
        folded = fold_aligned(s)
        hits = []
        for kind, pat in g.events:
            for m in pat.finditer(soft):
                if kind == "cuoc_hop" and (g.not_meeting_after.match(soft[m.end():]) or
                                           soft[max(0, m.start() - 6):m.start()] in ("hội ", "phiên ")
                                           or soft[max(0, m.start() - 4):m.start()] == "hội "):
                    continue
                if g.not_held.search(soft[max(0, m.start() - 40):m.start()]) or g.future_after.match(soft, m.end()) or \
                        rx(r"(?:trung tâm|hội trường|phòng)[^,.;]{0,20}$").search(soft[max(0, m.start() - 30):m.start()]):
                    continue                  # a plan, several meetings, an earlier one; a venue's name
                hits.append((m.start(), kind))
        body = None
        for at, kind in sorted(hits):     # the first event word that names a meeting held
            body = _body(soft, at, folded, art_scope, last_bodies, earlier)
            if body is None or body[0] == "Chính phủ":     # a forum named by what it is says more than "Chính phủ"
                body = _named_event(s, soft, at, kind, g) or body
            if body is not None:
                break
        if body is None or not (g.topic.search(soft) or _is_cds_body(body[0])):
            continue
        name, scope = body
        for spec, _rx, _b in g.bodies:
            if spec.name.split("{")[0] and name.startswith(spec.name.split("{")[0]):
                last_bodies[spec.name] = (name, scope)
        if kind in ("phien_hop", "cuoc_hop") and name.startswith("Ban Chỉ đạo"):
            kind = "hop_ban_chi_dao"
        elif kind == "cuoc_hop":
            kind = "phien_hop" if name == NATIONAL_COMMITTEE else "cuoc_hop"
        day = _date_in(s, published, hint_year, at)
        relative = day is not None and RELATIVE_DAY.search(soft) and not rx(r"\d{1,2}\s*[/.\-]\s*\d{1,2}").search(s)
        if day is None and SAME_DAY.search(soft):
            dated_before = [m for m in found if m.held_on]
            day = date.fromisoformat(dated_before[-1].held_on) if dated_before else None
        held_in = None
        if day is None:
            held_in = _held_in(folded, published) or (str(published.year) if published and para == -1 else None)
        # the sentences that go on about this meeting: the rest of its paragraph, and a next
        # paragraph that opens on it ("Phiên họp được tổ chức trực tiếp kết hợp trực tuyến …")
        following = [x for p, x in sentences[idx:idx + 3] if p in (para, -1) or ABOUT_IT.match(x)]
        told = " ".join(x for _p, x in sentences[:idx + 1])
        mention = MeetingMention(kind=kind, body=name, scope=scope, held_on=day.isoformat() if day else None,
                                 ordinal=_ordinal(soft, at), chair=_chair(following, told) or _chair([s], told),
                                 format=_format(following), bridge_points=_bridges(folded), sentence=s,
                                 held_in=held_in)
        if relative and any(fold(m.body) == fold(mention.body) for m in found):
            mention.held_on = None            # "tại phiên họp sáng nay": the meeting already named, not a new day
        _add(found, mention)
    dated = [m for m in found if m.held_on]
    if len(dated) == 1:                   # "Phiên họp và hội nghị sơ kết được truyền trực tuyến…": the article's meeting
        for m in [m for m in found if not m.held_on and not m.ordinal]:
            found.remove(m)
            _add_into(dated[0], m)
    for m in found:                       # a holder learnt from a later sentence decides the kind too
        if m.kind in ("phien_hop", "cuoc_hop") and m.body.startswith("Ban Chỉ đạo"):
            m.kind = "hop_ban_chi_dao"
    return [m for m in found if m.held_on or m.held_in or m.ordinal]


RANK = {"phien_hop": 5, "hop_ban_chi_dao": 5, "hoi_nghi": 4, "chuong_trinh": 3, "dien_dan": 3, "hoi_thao": 2, "cuoc_hop": 1}


def _add(found: list[MeetingMention], new: MeetingMention) -> None:
    """Merge a mention into the article's meetings: the same meeting (`same_meeting`), or an
    undated mention of a body that a dated mention of the article already holds."""
    nd = new.to_dict()
    for old in found:
        od = old.to_dict()
        same = same_meeting(od, nd)
        if not same and not new.held_on and fold(old.body) == fold(new.body) and old.held_on \
                and (not new.ordinal or not old.ordinal or new.ordinal == old.ordinal):
            same = True                       # "Tại phiên họp, …" after "Chiều 12-7, Ủy ban … họp phiên …"
        if not same and not old.held_on and new.held_on and fold(old.body) == fold(new.body) \
                and (not new.ordinal or not old.ordinal or new.ordinal == old.ordinal):
            same = True                       # the title names it, the text dates it
        if same:
            _add_into(old, new)
            return
    found.append(new)


def _generic_holder(body: str) -> bool:
    """A holder that says little: the Government at large, or the event's own name."""
    return body == "Chính phủ" or bool(EVENT_WORD.match(body))


def _add_into(old: MeetingMention, new: MeetingMention) -> None:
    """What a second mention of a meeting adds to the first."""
    if _generic_holder(old.body) and not _generic_holder(new.body):
        old.body, old.scope = new.body, new.scope        # "Hội nghị do Ủy ban Quốc gia … tổ chức"
    old.held_on = old.held_on or new.held_on
    old.held_in = None if old.held_on else (old.held_in or new.held_in)
    old.ordinal = old.ordinal or new.ordinal
    old.chair = old.chair or new.chair
    old.format = new.format if new.format == "trực tiếp kết hợp trực tuyến" else old.format or new.format
    old.bridge_points = sorted(set(old.bridge_points) | set(new.bridge_points))
    if RANK.get(new.kind, 0) > RANK.get(old.kind, 0):
        old.kind = new.kind
    if len(new.body) > len(old.body) and fold(new.body).startswith(fold(old.body)[:10]):
        old.body = new.body


__all__ = ["MeetingMention", "find_meetings", "same_meeting", "NATIONAL_COMMITTEE", "GOV_STEERING", "KINDS"]
