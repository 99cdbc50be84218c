"""Open recognition of reported figures in one sentence: every number becomes a figure (value,
unit, kind, denominator, the noun phrase it measures, the cue word before it) unless the grammar
says it is something else: part of a date or period, a code or a document number, an ordinal, a
counter or a phone number, a target, a rule, a duration, a list size, an attendance count.

The cues are data (pipelines/data/figure_grammar.toml, pipelines/grammar.py); this module only
applies them in order. Which indicator a figure is, and its scope and period, are decided by
pipelines/metrics.py with the article around the sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from pipelines.rx import rx
from pipelines.grammar import Grammar, grammar
from pipelines.periods import period_spans
from pipelines.textdates import find_dates
from pipelines.textnorm import fold_aligned, soft_fold

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_SCALE = r"nghìn tỷ|ngàn tỷ|nghìn tỉ|triệu tỷ|nghìn|ngàn|triệu|tỷ|tỉ"
MENTION = re.compile(rf"(?<![\w.,/\-–+])(?P<a>{_NUM})(?:\s*/\s*(?P<b>{_NUM}))?"
                     rf"(?:\s*(?P<scale>{_SCALE}))?(?![\w])(?!\.\d)", re.I)
RANK_BASES = {63, 34, 64, 62, 61, 36, 193, 191, 132, 131, 130, 133, 139, 141}   # provinces, UN members, GII economies
SCALES = {"nghin ty": 1e12, "ngan ty": 1e12, "nghin ti": 1e12, "trieu ty": 1e15, "nghin": 1e3, "ngan": 1e3,
          "trieu": 1e6, "ty": 1e9, "ti": 1e9}
TIME = re.compile(r"(?<!\w)\d{1,2}\s*(?:h|giờ|g)\s*\d{0,2}(?:\s*phút)?(?!\w)|(?<![\w.,])\d{1,2}:\d{2}(?!\d)", re.I)
# a day and month (and year) anywhere; without a year only after a word that introduces a date
DATE_SHAPE = re.compile(r"(?<![\d/.,])(\d{1,2})[/.\-](\d{1,2})(?:[/.\-]((?:19|20)?\d\d))?(?![\d/]|\.\d)")
DATE_WORDS = re.compile(r"(?:ngày|sáng|chiều|tối|trưa|đêm|hôm|đến|từ|tới|lúc|vào|nay|qua|khánh|hết|thứ \w+,?|"
                        r"cập nhật,?|\(|–|-)\s*$")
_WORD = re.compile(r"[\w%/]+(?:[-–][\w]+)*")
CLAUSE_BREAK = re.compile(r"[;:]|\(|\)|\s[-–]\s")
# a target's reach ends at a sentence end or where the clause turns to what is ("…, hiện đạt 75%")
TARGET_RESET = re.compile(r"\.(?=\s|$)|[,;]\s+(?:hiện nay|hiện|đến nay|nhưng|tuy nhiên|trong khi|thực tế|kết quả|"
                          r"đã|năm \d{4}|tính đến)(?!\w)")
CONNECTORS = re.compile(r"^(?:\s|,|(?:trong đó|theo đó|cụ thể|về|riêng|ngoài ra|bên cạnh đó|đáng chú ý|đặc biệt|"
                        r"còn|và|với|ở|tại|năm \d{4}|\d+ tháng (?:đầu )?năm \d{4}|tính đến nay|đến nay|hiện nay|"
                        r"hiện|như vậy|theo báo cáo|theo)(?!\w))+", re.I)


@dataclass
class Figure:
    value: float
    unit: str                   # "%", "điểm", "rank", "bậc", "Mbps", "đồng", "USD", "lần", "km", a counted noun, or ""
    kind: str                   # level | change | rank
    start: int                  # offsets of the number in the sentence
    end: int
    label: str = ""             # the noun phrase it measures, from the text
    qualifier: str | None = None
    out_of: float | None = None
    high: float | None = None   # a range's upper end
    subject_end: int = -1       # where the words that name what is measured end (scope lookup)

    @property
    def unit_class(self) -> str:
        return {"%": "%", "rank": "rank", "điểm": "score", "bậc": "move"}.get(self.unit, "quantity")


def parse_value(raw: str) -> float:
    """'80,2' -> 80.2; '2.398' -> 2398; '0.6931' -> 0.6931 (a point after 0 is a decimal); '47.75' -> 47.75."""
    if "," in raw:
        whole, dec = raw.split(",", 1)
        return float(whole.replace(".", "") + "." + dec)
    if rx(r"\d{1,3}(?:\.\d{3})+").fullmatch(raw) and not raw.startswith("0."):
        return float(raw.replace(".", ""))
    return float(raw)


@dataclass
class _Ctx:
    s: str                       # the sentence
    f: str                       # folded, aligned
    g: Grammar
    low: str = ""                # the same soft-folded text (kept for the noun rules)
    blocked: list[tuple[int, int]] = field(default_factory=list)
    ranks_in_parens: bool = False
    last_move_sign: int = 0

    def before(self, a: int, width: int = 90) -> str:
        return self.f[max(0, a - width):a]

    def clause_before(self, a: int) -> str:
        cut = max((m.end() for m in CLAUSE_BREAK.finditer(self.f, 0, a)), default=0)
        return self.f[cut:a]


def find_figures(sentence: str, published: date | None = None) -> list[Figure]:
    """Every reported figure of one sentence, in order."""
    g = grammar()
    soft = soft_fold(sentence)
    ctx = _Ctx(sentence, soft, g, soft)
    ctx.blocked = ([(d.start, d.end) for d in find_dates(sentence, published)] + _date_shapes(ctx)
                   + period_spans(fold_aligned(sentence))
                   + [(m.start(), m.end()) for m in TIME.finditer(sentence)])
    ctx.ranks_in_parens = bool(rx(r"\(\s*(?:xếp\s+)?hạng\s+\d").search(ctx.f))
    out: list[Figure] = []
    consumed: set[int] = set()               # numbers taken as another figure's denominator
    mentions = list(MENTION.finditer(sentence))
    for i, m in enumerate(mentions):
        if m.start() in consumed or any(a <= m.start() < b for a, b in ctx.blocked):
            continue
        fig = _figure(ctx, m, out)
        if fig is None:
            continue
        if fig.unit == "rank" and fig.out_of is None:
            fig.out_of, taken = _denominator(ctx, fig.end, mentions[i + 1:])
            if taken is not None:
                consumed.add(taken)
                fig.end = max(fig.end, taken)
        if out and _is_range(ctx, out[-1], fig):
            out[-1].high = fig.value
            continue
        out.append(fig)
    for prev, fig in reversed(list(zip(out, out[1:]))):    # "…thứ 14, …thứ 22 và …thứ 17 trong 63 tỉnh": one base
        if prev.unit == fig.unit == "rank" and prev.out_of is None and fig.out_of and NEXT_ITEM.fullmatch(ctx.f[prev.end:fig.start]):
            prev.out_of = fig.out_of
    out += _ordinal_ranks(ctx, [f.start for f in out])
    out = [x for fig in out for x in _shared(ctx, fig)]
    out.sort(key=lambda f: f.start)
    for i, fig in enumerate(out):         # "Hòa Sơn (0,7312)", "(tăng 19,2% so với cùng kỳ)": no clause of its own
        if not fig.label or fig.label == "xếp hạng" or (len(fig.label.split()) < 2 and i):
            fig.label = (out[i - 1].label if i and (fig.kind == "change" or fig.unit == "%") else _head(ctx)) or fig.label
    return out


def _shared(ctx: _Ctx, fig: Figure) -> list[Figure]:
    """One figure said of several ("cả 3 trụ cột, gồm: chính quyền số, kinh tế số và xã hội số
    đều xếp vị trí thứ 2/63"): one figure each, labelled with its item."""
    clause = ctx.clause_before(fig.start)
    if not rx(r"(?<!\w)(?:đều|cùng|đồng)(?!\w)").search(clause):
        return [fig]
    start = fig.start - len(clause)
    head = rx(r"(?<!\w)(?:đều|cùng|đồng)(?!\w)").split(clause)[0]
    head = rx(r":|(?<!\w)gồm(?!\w)").split(head)[-1]
    items = [x.strip(" ,") for x in rx(r",\s*|\s+và\s+").split(head) if x.strip(" ,")]
    items = [x for x in items if not (CONNECTORS.fullmatch(x) or rx(r"cả\s+\S+\s+trụ cột|các trụ cột").fullmatch(x))]
    if not 2 <= len(items) <= 5 or any(len(x.split()) > 5 for x in items):
        return [fig]
    offset = start + clause.index(head) if head in clause else start
    out = []
    for item in items:
        at = ctx.f.find(item, offset)
        label = ctx.s[at:at + len(item)] if at >= 0 else item
        prefix = "xếp hạng " if fig.unit == "rank" else ""
        out.append(Figure(fig.value, fig.unit, fig.kind, fig.start, fig.end, label=prefix + label, qualifier=fig.qualifier,
                          out_of=fig.out_of, high=fig.high, subject_end=fig.subject_end))
    return out


def _head(ctx: _Ctx) -> str:
    """What the sentence is about: its words before the first cue or number (at most eight)."""
    first = min([m.start() for m in MENTION.finditer(ctx.s)] + [len(ctx.s)])
    text = ctx.f[:first]
    for pat in (ctx.g.level_end, ctx.g.rank_end, ctx.g.change_up_end):
        m = pat.search(text)
        if m:
            text = text[:m.start()]
    lead = CONNECTORS.match(text)
    words = ctx.s[lead.end() if lead else 0:len(text.rstrip())].split()
    return " ".join(words[:8]).strip(" ,:(")


def _date_shapes(ctx: _Ctx) -> list[tuple[int, int]]:
    """Spans of "24/4", "22.12", "07/08/2023": dates, even when no year can be resolved (then
    find_dates gives nothing); "21/63", "10/24 chỉ tiêu" are not (a month is at most 12)."""
    out = []
    for m in DATE_SHAPE.finditer(ctx.s):
        day, month = int(m.group(1)), int(m.group(2))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            continue
        before = ctx.f[max(0, m.start() - 16):m.start()]
        if m.group(3) or DATE_WORDS.search(before) or \
                ("/" in m.group(0) and not _rank_context(before) and
                 (not _noun(ctx, m.end()) or ctx.g.time_start.match(ctx.f[m.end():m.end() + 12]))):  # "9/9 huyện"
            out.append((m.start(), m.end()))
    return out


def _figure(ctx: _Ctx, m: re.Match, previous: list[Figure]) -> Figure | None:
    g, s, f = ctx.g, ctx.s, ctx.f
    a, b = m.start(), m.end()
    raw, den, scale = m.group("a"), m.group("b"), m.group("scale")
    value = parse_value(raw) * (SCALES[fold_aligned(scale).lower().strip()] if scale else 1)
    before, after = ctx.before(a), f[b:b + 80]
    if _trap(ctx, m, raw, value, before, after) or (value == 0 and "%" not in after[:3]):
        return None
    inherited = _continuation(ctx, a, previous)
    if inherited is not None:
        return inherited(value, a, b)
    if den is not None and not _rank_context(ctx.clause_before(a)) and (_noun(ctx, b) or parse_value(den) not in RANK_BASES):
        # "412.560/730.118 tài khoản", "15/21 chỉ tiêu": a count out of a total
        noun = _noun(ctx, b)
        return Figure(value, noun or "", "level", a, b, label=noun or _subject(ctx, a), out_of=parse_value(den),
                      qualifier=_cue(ctx, a), subject_end=a)
    if g.percent_start.match(after):
        end = b + f[b:].index("%") + 1 if "%" in f[b:b + 3] else b + len(g.percent_start.match(after).group(0))
        if g.structure_start.match(f[end:end + 30]):
            return None                                               # "33% chỉ số được đo…": the index's make-up
        sign, kind = _change(ctx, before, f[end:end + 30])
        label = _noun(ctx, end, percent=True) or _subject(ctx, a)
        return Figure(sign * value, "%", kind, a, end, label=label, qualifier=_cue(ctx, a), subject_end=a)
    if _rank_context(before, strict=True) or (den is not None):
        if den is not None or not g.move_after_start.match(after):
            return Figure(value, "rank", "rank", a, b, label=_rank_label(ctx, a), out_of=parse_value(den) if den else None,
                          qualifier=_cue(ctx, a), subject_end=a)
    if g.move_after_start.match(after):
        up, down = g.move_up_end.search(before), g.move_down_end.search(before)
        sign = -1 if down and (not up or down.start() > up.start()) else 1 if up else ctx.last_move_sign
        if sign:
            ctx.last_move_sign = sign
            return Figure(sign * value, "bậc", "change", a, b, label=_rank_label(ctx, a), qualifier=_cue(ctx, a),
                          subject_end=a)
        return None
    if rx(r"^\s*điểm(?!\w)").match(after) and not g.not_score_start.match(after):
        if value >= 2 and value.is_integer() and rx(r"(?<!\w)(?:gồm|có|tại|ở|với|lắp đặt|lắp)\s+$").search(before):
            fig = _count(ctx, value, a, b, before)                    # "gồm 202 điểm với 635 camera": places
            if fig is not None:
                fig.unit = "địa điểm"                                 # a count of places, not a score
            return fig
        if value >= 2 and value.is_integer() and g.structure_sentence.search(f):
            return None                                               # "Chính phủ số (400 điểm)": a maximum
        sign, kind = _change(ctx, before, f[b:b + 40])
        return Figure(sign * value, "điểm", kind, a, b, label=_subject(ctx, a), qualifier=_cue(ctx, a), subject_end=a)
    for pat, unit in ((g.speed_start, "Mbps"), (g.vnd_start, "đồng"), (g.money_other_start, "USD"),
                     (g.multiplier_start, "lần"), (g.length_start, "km")):
        um = pat.match(after)
        if um:
            if unit in ("Mbps", "lần"):
                if g.spec.search(ctx.clause_before(a)):
                    return None                                       # "hỗ trợ tốc độ lên tới 10 Gbps": a specification
                unit = s[b:b + um.end()].strip()
            elif unit == "USD":
                unit = s[b:b + um.end()].strip()
            sign, kind = _change(ctx, before, f[b + um.end():b + um.end() + 30])
            label = _subject(ctx, a) if unit not in ("lần",) else _subject(ctx, a)
            return Figure(sign * value, unit, "change" if unit == "lần" else kind, a, b, label=label,
                          qualifier=_cue(ctx, a), subject_end=a)
    dens = g.density_start.match(after)
    if dens:
        return Figure(value, s[b:b + dens.end()].strip(), "level", a, b, label=_subject(ctx, a), qualifier=_cue(ctx, a),
                      subject_end=a)
    decimals = len(raw.split(",")[1]) if "," in raw else len(raw.split(".")[1]) if raw.startswith("0.") else 0
    if 0 < value <= 1 and decimals >= 2 and not scale:
        sign, kind = _change(ctx, before, f[b:b + 40])
        return Figure(sign * value, "điểm", kind, a, b, label=_subject(ctx, a), qualifier=_cue(ctx, a), subject_end=a)
    if ctx.ranks_in_parens and rx(r"\(\s*$").search(before) and rx(r"^\s*\)").match(after) and value.is_integer():
        return Figure(value, "rank", "rank", a, b, label=_rank_label(ctx, a), subject_end=a)
    if _noun(ctx, b):
        return _count(ctx, value, a, b, before)
    cue = g.level_end.search(before) or g.change_up_end.search(before) or g.change_down_end.search(before)
    if cue:
        sign, kind = _change(ctx, before, f[b:b + 30])
        subject = _subject(ctx, a)
        unit = _counted_in(subject) or ("điểm" if 0 < value <= 1 and decimals else "")
        return Figure(sign * value, unit, kind, a, b, label=subject, qualifier=_cue(ctx, a), subject_end=a)
    return None


def _continuation(ctx: _Ctx, a: int, previous: list[Figure]):
    """A number that only continues a list after a figure ("lần lượt xếp thứ 2 và 3", "10,2%;
    10,9% và 11,4%", "tăng 6 bậc … và 11 bậc") is a figure of the same kind; a maker, or None."""
    if not previous:
        return None
    prev = previous[-1]
    gap = ctx.f[prev.end:a]
    if prev.unit != "rank":
        return None
    after = ctx.f[a:a + 40]
    if rx(r"[\d.,]+\s*(?:%|/)").match(after):
        return None
    if rx(r"\s*(?:,|;|và|hoặc|lên|xuống|xuống còn)\s*(?:thứ\s+|vị trí\s+(?:thứ\s+)?)?").fullmatch(gap):
        return lambda value, start, end: Figure(value, prev.unit, prev.kind, start, end, label=prev.label,
                                                qualifier=prev.qualifier, subject_end=prev.subject_end)
    item = NEXT_ITEM.fullmatch(gap)
    if item is None:
        return None
    at = prev.end + item.start("item")          # "…thứ 14, kinh tế số thứ 22 và xã hội số thứ 17": the next item's rank
    label = "xếp hạng " + ctx.s[at:at + len(item.group("item"))].strip()
    return lambda value, start, end: Figure(value, prev.unit, prev.kind, start, end, label=label,
                                            qualifier=prev.qualifier, subject_end=at)


# after a rank, the next item of a list and its own rank: ", kinh tế số thứ 22", "; xã hội số xếp thứ 17"
NEXT_ITEM = re.compile(r"\s*(?:,|;|và)\s+(?P<item>(?:[^\W\d]+\s+){1,4}?)(?:(?:xếp|đứng)\s+)?(?:ở\s+)?(?:vị trí\s+)?thứ\s+")


def _count(ctx: _Ctx, value: float, a: int, b: int, before: str) -> Figure | None:
    """A count of what follows the number ("2.398 cơ sở dữ liệu"), or None when nothing countable follows."""
    noun = _noun(ctx, b)
    if not noun:
        return None
    rest = rx(r"[,;.:()]").split(ctx.f[b:b + 60], maxsplit=1)[0]
    if ctx.g.list_size.search(rest):
        return None                                                   # "5 tỉnh dẫn đầu": the size of a list
    if rx(r"^\s*(?:\S+\s+){1,6}?(?:này|nói trên|kể trên)(?!\w)").match(rest):
        return None                                                   # "4 nền kinh tế lớn này": things named before
    sign, kind = _change(ctx, before, "")
    return Figure(sign * value, noun, kind, a, b, label=noun, qualifier=_cue(ctx, a), subject_end=a)


def _trap(ctx: _Ctx, m: re.Match, raw: str, value: float, before: str, after: str) -> bool:
    """Is this number something other than a reported figure?"""
    g, s = ctx.g, ctx.s
    a, b = m.start(), m.end()
    nxt = s[b:b + 2]
    if rx(r"[/\-–][A-Za-zĐđ]").match(nxt) or rx(r"\s*[/\-–]\s*(?:QĐ|NQ|NĐ|TT|CT|KH|UBND|BTTTT|GP|TTg|TW|QH)").match(s[b:b + 12]):
        return True                                                   # 57-NQ/TW, 833/GP-BTTTT
    if a and s[a - 1] in "_#@" or rx(r"[_.](?:jpg|jpeg|png|gif|webp|html?|pdf)", re.I).match(s[b:b + 6]):
        return True                                                   # file names, tags
    for pat in (g.ordinal_end, g.document_end, g.counter_end, g.phone_end, g.caption_end, g.rule_end):
        if pat.search(before):
            return True
    if g.rule_after_start.match(after) or g.attendance_start.match(after) or \
            (g.structure_start.match(after) and not m.group("b")):
        return True                                                   # "12 chỉ số", not "đã hoàn thành 10/24 chỉ tiêu"
    if rx(r"\s*thành viên(?!\w)").match(after) and g.bodies.search(ctx.clause_before(a)):
        return True                                                   # "Ban Chỉ đạo gồm 17 thành viên": its make-up
    if rx(r"\d+(?:/\d+)?\s+\S+(?:\s+\S+){0,3}\s+(?:có|đạt)\s+.{0,70}(?:(?:trên|dưới|hơn|từ|đạt trên|đạt dưới)\s+|"
          r"từ\s+[\d.,]+\s*[-–]\s*)$").search(before) and ("%" in after[:3] or rx(r"\s*[-–]\s*[\d.,]+\s*%").match(after)):
        return True                                                   # "6 địa phương có tỷ trọng … trên 20%", "từ 10 - 20%": a class
    if rx(r"(?<!\w)(?:trên địa bàn|tại|ở)\s+$").search(before) and not m.group("b") and \
            rx(r"\s*(?:xã|phường|thị trấn|huyện|quận|thị xã|tỉnh|thành phố|địa phương|thôn|bản|ấp|khóm|tổ dân phố)(?!\w)").match(after):
        return True                                                   # "lắp camera tại 59 vị trí trên địa bàn 4 phường": where
    if rx(r"[<>≤≥]\s*$").search(before):
        return True                                                   # "nhóm đạt giá trị trung bình <0,25": a bound
    if rx(r"(?<!\w)(?:một|1)\s+trong\s+(?:số\s+)?$").search(before):
        return True                                                   # "một trong 7 ngành": membership, not a count
    if rx(r"^\s*[,\-–]?\s*(?:ngày\s*)?\d{1,2}[/.\-]\d{1,2}").match(after) and rx(r"thứ\s*$").search(before):
        return True                                                   # "Thứ 5, 19/09/2024": a weekday
    if g.time_start.match(after) and not g.change_up_end.search(before) and not g.change_down_end.search(before) \
            and not m.group("b") and not rx(r"^\s*(?:năm|tháng|quý)\s+(?:\d|[ivx]+\b)").match(after):
        return True                                                   # "3 năm liên tiếp", "14 tuổi" (not "… năm 2020")
    if g.enumeration_start.match(after) and g.enumeration_end.search(before):
        return True                                                   # "trong 63 tỉnh, thành phố"
    coll = g.provinces_collective_start.match(after)
    if coll and not m.group("b") and not g.rank_end.search(before) and \
            not g.enumeration_verbs_start.match(after[coll.end():]) and not g.level_end.search(before):
        return True                                                   # "… và 63 tỉnh, thành phố": listed, not counted
    if rx(r"[2-7]$").match(raw) and rx(r"thứ\s*$").search(before) and not m.group("b") and \
            not rx(r"(?:xếp|đứng|vị trí|hạng)\s+thứ\s*$").search(before) and \
            rx(r"\s*(?:đầu|cuối|hàng|hằng|mỗi|tuần|,|-|–)").match(after):
        return True                                                   # "vào thứ 2 đầu mỗi tháng": a weekday
    if rx(r"(?<!\w)cứ\s+[\d.,]+\s+(?:\S+\s+){0,3}thì\s+$").search(before):
        return True                                                   # "cứ 10 hồ sơ thì 9 hồ sơ": a proportion said in words
    if rx(r"(?<!\w)(?:chỉ số|giá trị|điểm|mức)\s+(?:từ\s+|lớn hơn\s+|nhỏ hơn\s+|dưới\s+|trên\s+)$").search(before) or \
            rx(r"(?<!\w)(?:chỉ số|giá trị|điểm|mức)\s+từ\s+[\d.,]+\s+(?:đến|tới)\s+$").search(before):
        return True                                                   # "Cao: chỉ số từ 0,5 đến 0,75": a class's bounds
    if g.per_unit.search(ctx.f, 0, a):
        return True                                                   # "mỗi tổ có 5 thành viên": a rule
    if rx(r"(?:19|20)\d\d").fullmatch(raw) and not m.group("b") and not g.percent_start.match(after):
        if not (_noun(ctx, b) and g.level_end.search(before)):
            return True                                               # a year
    if rx(r"\s\d{3}").match(s[b:b + 4]) and (len(raw.replace(".", "")) >= 7 or raw.startswith("0") or
                                             rx(r"\s\d{3,4}\s\d{3}").match(s[b:b + 10])):
        return True                                                   # "0200 111 222", "0274 3822 929": a phone
    return _target(ctx, a)


def _target(ctx: _Ctx, a: int) -> bool:
    """A target or a plan in the number's clause ("phấn đấu", "mục tiêu", "dự kiến", "sẽ" …)."""
    lead = ctx.f[:a]
    cut = max((m.end() for m in TARGET_RESET.finditer(lead)), default=0)
    # "đã hoàn thành 18/26 chỉ tiêu; 100% sở …": a target word counted by a number is what was achieved
    # "đạt 63,47% (mục tiêu 70%), còn …": a target in brackets closed before the number is not this one's
    return any(not rx(r"\d\s*$").search(lead, max(0, t.start() - 3), t.start()) and
               not (lead.rfind("(", 0, t.start()) > lead.rfind(")", 0, t.start()) and ")" in lead[t.end():])
               for t in ctx.g.target.finditer(lead, cut))


def _rank_context(before: str, strict: bool = False) -> bool:
    g = grammar()
    if strict:
        return bool(g.rank_end.search(before))
    return bool(rx(r"(?<!\w)(?:xếp|hạng|vị trí|đứng thứ|thứ hạng)(?!\w)").search(before))


def _change(ctx: _Ctx, before: str, after_unit: str) -> tuple[int, str]:
    """(sign, kind): a change after "tăng"/"giảm" (not "tăng lên": that names the new value)."""
    g = ctx.g
    up, down = g.change_up_end.search(before), g.change_down_end.search(before)
    if not up and not down:
        return 1, "level"
    if down and (not up or down.start() > up.start()):
        return -1, "change"
    return 1, "change"


def _cue(ctx: _Ctx, a: int) -> str | None:
    """The word(s) just before the number that say how it is reported: "đạt", "ước đạt", "xếp"…"""
    before = ctx.before(a, 40)
    for pat in (ctx.g.level_end, ctx.g.change_up_end, ctx.g.change_down_end, ctx.g.rank_end, ctx.g.move_up_end,
               ctx.g.move_down_end):
        m = pat.search(before)
        if m:
            q = ctx.g.qualifiers.search(ctx.low, a - len(before) + m.start(), a)    # the leftmost, longest first
            return q.group(0) if q else None
    return None


def _words_after(ctx: _Ctx, at: int, limit: int) -> list[re.Match]:
    out = []
    for w in _WORD.finditer(ctx.f, at):
        gap = ctx.f[out[-1].end() if out else at:w.start()]
        if rx(r"[,.;:()\"“”!?]").search(gap) or len(out) >= limit:
            break
        out.append(w)
    return out


def _noun(ctx: _Ctx, at: int, percent: bool = False) -> str:
    """The counted noun right after a number ("2.398 cơ sở dữ liệu" -> "cơ sở dữ liệu"); after a
    percentage, the noun phrase it is a share of ("80,2% hộ gia đình sử dụng cáp quang")."""
    g = ctx.g
    rest = ctx.low[at:]
    if not rx(r"\s+\w").match(rest) or g.noun_not_start.match(rest) or rx(r"\s+\d").match(rest):
        return ""
    first = at
    if percent:                         # "100% xã, phường, thị trấn có …": a list of short units, then the noun
        m = rx(r"\s+((?:[^\W\d]+(?:\s[^\W\d]+){0,2},\s)+)").match(rest)
        if m and rx(r"[^\W\d]").match(rest[m.end():]):
            at += m.end() - 1
    words = _words_after(ctx, at, 20 if percent else 6)
    kept = []
    for w in words:
        if not percent and g.noun_stop.fullmatch(ctx.low[w.start():w.end()]) and kept:
            break
        if rx(r"\d[\d.,]*").fullmatch(w.group(0)):
            break
        kept.append(w)
    if not kept:
        return ""
    start = kept[0].start() if not percent else min(kept[0].start(), _first_word(ctx.s, first))
    return ctx.s[start:kept[-1].end()].strip(" ,")


def _first_word(s: str, at: int) -> int:
    """Where the list of units after a percentage starts."""
    m = rx(r"[^\W\d]").search(s[at:])
    return at + m.start() if m else at


def _subject(ctx: _Ctx, a: int) -> str:
    """What a figure after a verb measures: the words of its clause before the cue ("Tỷ lệ hồ sơ
    trực tuyến đạt 52,29%" -> "Tỷ lệ hồ sơ trực tuyến"), at most ten words."""
    clause = ctx.clause_before(a)
    start = a - len(clause)
    cut = max((m.end() for m in rx(r",(?=\s)").finditer(clause)), default=0)
    text = clause[cut:]
    cue = None
    for pat in (ctx.g.level_end, ctx.g.change_up_end, ctx.g.change_down_end, ctx.g.rank_end):
        m = pat.search(text)
        if m and (cue is None or m.start() < cue):
            cue = m.start()
    text = text[:cue] if cue is not None else text
    text = rx(r"(?:\s+(?:tăng|giảm|tăng trưởng|đã|đang|vẫn|tiếp tục|cũng|đều|lần lượt))+\s*$").sub(" ", text)
    lead = CONNECTORS.match(text)
    offset = start + cut + (lead.end() if lead else 0)
    words = ctx.s[offset:start + cut + len(text.rstrip())].split()
    return " ".join(words[-14:]).strip(" ,")


def _rank_label(ctx: _Ctx, a: int) -> str:
    subject = _subject(ctx, a)
    return f"xếp hạng {subject}".strip() if subject else "xếp hạng"


def _counted_in(subject: str) -> str:
    """"Số trạm BTS" -> "trạm BTS": a bare number after "số X … là/đạt" counts X."""
    m = rx(r"(?:tổng\s+)?số\s+(?:lượng\s+)?(.+)", re.I).match(subject.strip())
    if not m:
        return ""
    words = []
    for w in m.group(1).split()[:4]:
        if grammar().noun_stop.fullmatch(w.lower()):
            break
        words.append(w)
    return " ".join(words)


def _denominator(ctx: _Ctx, end: int, following: list[re.Match]) -> tuple[float | None, int | None]:
    """"xếp thứ 40 trên 130 nền kinh tế", "thứ 10 trong 63 tỉnh": the number it is out of."""
    m = rx(r"\s*(?:trên|trong|trong số|trong tổng số|/)\s+(\d[\d.]*)\s").match(ctx.f[end:end + 30])
    if m and ctx.g.of_what_start.match(ctx.f[end + m.end() - 1:]):
        at = end + m.start(1)
        return parse_value(m.group(1)), at
    return None, None


def _is_range(ctx: _Ctx, first: Figure, second: Figure) -> bool:
    """"8,3 - 8,5%", "từ khoảng 0,45 đến gần 0,52": one figure, its low and high end."""
    gap = ctx.f[first.end:second.start]
    return (bool(rx(r"\s*(?:-|–|đến|tới)\s*(?:gần |khoảng |hơn )?").fullmatch(gap)) and first.value < second.value
            and (first.unit in ("", second.unit) or (first.unit == "điểm" and second.unit == "điểm"))
            and first.kind == second.kind != "rank" and first.unit != "bậc") and _adopt(first, second)


def _adopt(first: Figure, second: Figure) -> bool:
    first.unit = second.unit
    return True


def _ordinal_ranks(ctx: _Ctx, taken: list[int]) -> list[Figure]:
    """Ranks in words: "Đà Nẵng xếp hạng nhất", "thứ hai là Thành phố Hồ Chí Minh"."""
    out = []
    for m in ctx.g.rank_ordinal.finditer(ctx.f):
        cue = ctx.f[m.start():m.start("word")].strip()
        if cue == "thứ" and not rx(r"\s+là(?!\w)").match(ctx.f[m.end():m.end() + 4]) \
                and not rx(r"(?:^|[,;])\s*$").search(ctx.f[:m.start()]):
            continue                                       # "phiên họp thứ hai", "Thứ Hai, 8/8": not a rank
        if rx(r"(?:huân chương|huy chương|giải|bằng khen)[^,.;]{0,25}$").search(ctx.f[:m.start()]):
            continue                                       # "Huân chương Lao động hạng Nhất": an award's class
        if ctx.g.ordinal_end.search(ctx.f[:m.start("word")]) or \
                rx(r"\s*[,\-–]\s*(?:ngày\s*)?\d").match(ctx.f[m.end():]):
            continue                                       # "Thứ Ba, ngày 12 tháng 7": a weekday
        value = ctx.g.ordinals[m.group("word")]
        out.append(Figure(float(value), "rank", "rank", m.start("word"), m.end(), label=_rank_label(ctx, m.start()),
                          qualifier=ctx.s[m.start():m.start("word")].strip(), subject_end=m.start()))
    return out
