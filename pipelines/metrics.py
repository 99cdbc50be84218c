"""CĐS metrics in clean article text: DTI scores, ranks and rank moves, digital-economy share, online
public services, infrastructure, digital identity, databases, community digital teams…

A number becomes a metric only when an indicator's keywords are attached to it in the same sentence
(before it, or in the noun phrase right after it), it is not a target ("mục tiêu", "phấn đấu",
"đến năm 2030"), and it is not a code, date, phone number or licence number. Each observation carries
a period (from the sentence; DTI results inherit the DTI year the article is about), a scope (the
sentence's province or "cả nước", else the paragraph's, else the article's) and the qualifier written
just before the number ("đạt", "ước đạt", "dự báo", "xếp", "tăng", "giảm").

Ranges ("8,3 - 8,5%") are kept with value = the low end.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pipelines.numbers import NumberMention, find_numbers
from pipelines.textnorm import fold_aligned
from pipelines.vocab import find_provinces

# ---------------------------------------------------------------------------------------------
# Vocabulary (all patterns match folded text: no tone marks, đ→d, lower case; "=" prefix: match the
# lower-cased original instead, for words that folding makes ambiguous: xã/xa, tổ/to, tăng/tầng…)

LABELS = {
    "dti_score": "Chỉ số chuyển đổi số (DTI), điểm",
    "dti_rank": "Xếp hạng DTI",
    "dti_rank_change": "Thay đổi bậc xếp hạng DTI",
    "dti_government_score": "DTI trụ cột chính quyền số, điểm",
    "dti_economy_score": "DTI trụ cột kinh tế số, điểm",
    "dti_society_score": "DTI trụ cột xã hội số, điểm",
    "digital_economy_gdp_share": "Tỷ trọng kinh tế số/GDP",
    "online_full_process_share": "TTHC / DVC trực tuyến toàn trình",
    "online_dossier_share": "Hồ sơ xử lý trực tuyến",
    "online_public_services_count": "Số dịch vụ công trực tuyến",
    "fibre_household_share": "Hộ gia đình dùng cáp quang",
    "fibre_commune_share": "Xã có cáp quang",
    "mobile_4g_coverage": "Phủ sóng 4G (% dân số)",
    "broadband_fixed_speed": "Tốc độ băng rộng cố định",
    "broadband_mobile_speed": "Tốc độ băng rộng di động",
    "chip_id_cards": "Thẻ căn cước gắn chíp",
    "eid_accounts": "Tài khoản định danh điện tử",
    "databases_count": "Cơ sở dữ liệu",
    "information_systems_count": "Hệ thống thông tin",
    "community_digital_teams": "Tổ công nghệ số cộng đồng",
    "community_digital_team_members": "Thành viên tổ công nghệ số cộng đồng",
    "smartphone_share": "Người dân dùng điện thoại thông minh",
    "cashless_payment_share": "Thanh toán không dùng tiền mặt",
    "digital_enterprises_count": "Doanh nghiệp công nghệ số",
}

UNITS = {"dti_score": "điểm", "dti_rank": "hạng", "dti_rank_change": "bậc", "dti_government_score": "điểm",
         "dti_economy_score": "điểm", "dti_society_score": "điểm", "broadband_fixed_speed": "Mbps",
         "broadband_mobile_speed": "Mbps", "chip_id_cards": "thẻ", "eid_accounts": "tài khoản",
         "databases_count": "cơ sở dữ liệu", "information_systems_count": "hệ thống", "community_digital_teams": "tổ",
         "community_digital_team_members": "thành viên", "online_public_services_count": "dịch vụ",
         "digital_enterprises_count": "doanh nghiệp"}


def indicator_list() -> list[tuple[str, str, str]]:
    """(key, Vietnamese label, unit) of every known indicator, in reading order."""
    return [(k, v, UNITS.get(k, "%")) for k, v in LABELS.items()]


def indicator_rank(key: str) -> int:
    """An indicator's place in the fixed reading order (DTI first); unknown keys last."""
    order = list(LABELS)
    return order.index(key) if key in order else len(order)


# percentages: (indicator, every pattern required near the number, patterns that veto it)
PERCENT_RULES = [
    ("digital_economy_gdp_share", [r"kinh te so", r"\bgr?dp\b"], []),
    ("online_full_process_share", [r"toan trinh"], []),
    ("online_dossier_share", [r"ho so", r"truc tuyen"], [r"toan trinh"]),
    ("fibre_household_share", [r"\bho gia dinh\b", r"cap quang"], []),
    ("fibre_commune_share", [r"=\bxã\b", r"cap quang"], [r"\bho gia dinh\b"]),
    ("mobile_4g_coverage", [r"\b4g\b", r"dan so|phu song|\bphu\b"], []),
    ("smartphone_share", [r"dien thoai thong minh|smartphone"], []),
    ("cashless_payment_share", [r"khong dung tien mat"], []),
]
# counts: (indicator, unit, the noun right after the number, pattern required in the sentence
#          (None: the noun is enough), whether the noun may be left out when the pattern precedes)
COUNT_RULES = [
    ("chip_id_cards", "thẻ", r"the can cuoc", None, False),
    ("eid_accounts", "tài khoản", r"tai khoan dinh danh", None, False),
    ("eid_accounts", "tài khoản", r"tai khoan\b", r"tai khoan dinh danh|dinh danh dien tu", True),
    ("databases_count", "cơ sở dữ liệu", r"co so du lieu", None, False),
    ("information_systems_count", "hệ thống", r"he thong thong tin", None, False),
    ("community_digital_teams", "tổ", r"=^tổ công nghệ số", None, False),
    ("community_digital_team_members", "thành viên", r"thanh vien", r"=\btổ\b", False),
    ("online_public_services_count", "dịch vụ", r"dich vu cong truc tuyen", None, False),
    ("online_public_services_count", "dịch vụ", r"dich vu\b", r"cong dich vu cong", False),
    ("digital_enterprises_count", "doanh nghiệp", r"doanh nghiep (?:cong nghe so|so)\b", None, False),
]
# the team members' sentence often says only "các tổ": the team must be named there or just before
MEMBERS_CONTEXT = r"to cong nghe so"
DTI_CONTEXT = re.compile(r"chi so chuyen doi so|\bdti\b|tru cot")
OTHER_INDEX = re.compile(r"\bpar index\b|\bpapi\b|\bpci\b|\bsipas\b|cai cach hanh chinh|hai long|nang luc canh tranh")
PILLARS = [("dti_government_score", r"chinh quyen so|chinh phu so"), ("dti_economy_score", r"kinh te so"),
           ("dti_society_score", r"xa hoi so")]
OVERALL = r"chi so chuyen doi so|\bdti\b"
SPEEDS = [("broadband_mobile_speed", r"di dong"), ("broadband_fixed_speed", r"co dinh")]

QUALIFIER = re.compile(r"(?<!\w)(ước tính đạt|ước đạt|dự báo đạt|dự báo|dự kiến đạt|đạt|xếp hạng thứ|xếp thứ|"
                       r"xếp hạng|đứng thứ|tăng|giảm|tụt)\s+(?:được\s+|lên\s+)?"
                       r"(?:mức\s+|khoảng\s+|hơn\s+|trên\s+|gần\s+|xấp xỉ\s+)?$")
QUALIFIER_CANON = {"ước tính đạt": "ước đạt", "dự báo đạt": "dự báo", "dự kiến đạt": "dự báo", "xếp hạng thứ": "xếp",
                   "xếp thứ": "xếp", "xếp hạng": "xếp", "đứng thứ": "xếp", "tụt": "giảm"}
# a target or plan, written before the number in the sentence
TARGET = re.compile(r"\bmuc tieu\b|phan dau|\bchi tieu\b|huong toi|dinh huong|\bde ra\b|\bdat ra\b|theo ke hoach|"
                    r"(?<!thuc hien )(?<!trien khai )\bke hoach (?:so|nam|chuyen doi so)\b|(?<!tinh )\bden nam \d{4}")
TARGET_ORIG = re.compile(r"\bsẽ\b")
NATIONAL = re.compile(r"\bca nuoc\b|\btoan quoc\b|\bcap quoc gia\b|cong dich vu cong quoc gia|\bquoc gia dat\b")
WORD_NUMBERS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9,
                "muoi": 10, "muoi mot": 11, "muoi hai": 12}
PERIOD = re.compile(
    r"\b(?P<n>\d{1,2}|muoi mot|muoi hai|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi) thang (?:dau )?nam (?P<y1>\d{4})\b"
    r"|\bnua dau nam (?P<y2>\d{4})\b"
    r"|\bquy (?P<q>iv|iii|ii|i|[1-4])\b(?: nam |/)(?P<y3>\d{4})\b"
    r"|\bnam (?P<y4>(?:19|20)\d\d)\b")
COMPARATIVE = re.compile(r"\b(?:so voi|cung ky|hon)(?: cung ky)?\s*$")
QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-ZĐÀ-Ỹ(\"“])")


@dataclass
class MetricObservation:
    indicator: str
    label: str
    value: float
    unit: str
    out_of: int | None
    period: str | None
    scope: str
    qualifier: str | None
    sentence: str
    start: int = -1          # the number's offsets in the text (not part of to_dict)
    end: int = -1

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("indicator", "label", "value", "unit", "out_of", "period", "scope",
                                              "qualifier", "sentence")}


# ---------------------------------------------------------------------------------------------
# Text helpers

def _search(pattern: str, folded: str, lower: str, start: int = 0, end: int | None = None) -> list[int]:
    """Start offsets of a vocabulary pattern in [start, end) of the sentence."""
    src, pat = (lower, pattern[1:]) if pattern.startswith("=") else (folded, pattern)
    end = len(src) if end is None else end
    return [start + m.start() for m in re.finditer(pat, src[start:end])]


def split_text(text: str) -> list[tuple[int, int, str]]:
    """(paragraph index, offset, sentence) of every sentence."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for p, para in enumerate(re.split(r"\n\s*\n", text)):
        base = text.find(para, pos)
        pos = base + len(para)
        last = 0
        for m in list(SENTENCE_END.finditer(para)) + [None]:
            cut = m.start() if m else len(para)
            if m and re.search(r"\b(?:TP|Tp|ThS|TS|PGS|GS)\.$", para[last:cut]):
                continue
            sent = para[last:cut]
            if sent.strip():
                lead = len(sent) - len(sent.lstrip())
                out.append((p, base + last + lead, sent.strip()))
            last = m.end() if m else len(para)
    return out


def _periods(folded: str) -> list[tuple[int, int, str]]:
    """(start, end, period) of every period phrase, comparisons ("so với năm 2021") left out."""
    out = []
    for m in PERIOD.finditer(folded):
        if COMPARATIVE.search(folded[max(0, m.start() - 30):m.start()]):
            continue
        if m.group("n"):
            n = m.group("n")
            out.append((m.start(), m.end(), f"{WORD_NUMBERS.get(n, n)} tháng đầu năm {m.group('y1')}"))
        elif m.group("y2"):
            out.append((m.start(), m.end(), f"6 tháng đầu năm {m.group('y2')}"))
        elif m.group("q"):
            out.append((m.start(), m.end(), f"{m.group('y3')}-Q{QUARTERS[m.group('q')]}"))
        else:
            out.append((m.start(), m.end(), m.group("y4")))
    return out


def _period_at(periods: list[tuple[int, int, str]], folded: str, a: int, b: int) -> str | None:
    """The last period phrase before the number, else one after it in the same phrase."""
    before = [p for p in periods if p[1] <= a]
    if before:
        return before[-1][2]
    for s, _e, label in periods:
        if s >= b and not re.search(r"[,;]", folded[b:s]):
            return label
    return None


def _scope_markers(folded: str) -> list[tuple[int, str]]:
    marks = [(pos, name) for pos, name in find_provinces(folded)]
    marks += [(m.start(), "national") for m in NATIONAL.finditer(folded)]
    return sorted(marks)


def _year_of(period: str | None) -> int | None:
    m = re.search(r"\d{4}", period or "")
    return int(m.group(0)) if m else None


def article_scope(text: str) -> str:
    """The province the article is about: one named in the lead's first sentence (not as a mere
    bridge point, "điểm cầu Sóc Trăng", of a national meeting), else "national"."""
    sentences = split_text(text)
    if not sentences:
        return "national"
    folded = fold_aligned(sentences[0][2])
    for pos, name in find_provinces(folded):
        if not re.search(r"(?:diem cau|\btai)(?: tinh| thanh pho| thu do)? $", folded[max(0, pos - 25):pos]):
            return name
    return "national"


# ---------------------------------------------------------------------------------------------
# Classification of one number

def _is_code_or_date(n: NumberMention, text: str) -> bool:
    before, after = text[max(0, n.start - 1):n.start], text[n.end:n.end + 2]
    if before.isalpha() or (after[:1].isalpha() and n.kind != "percent"):
        return True                          # "4G", "RON92", "ST25"
    if n.kind != "rank" and (after[:1] in "/-" and after[1:2].strip()):
        return True                          # "357/2025/NĐ-CP", "57-NQ/TW", "24/4"
    # "Quyết định số 1704", "ngày 12", "tổng đài 1900", "đường dây nóng 1022" (but "tổng số 5.638 …")
    return bool(re.search(r"(?:(?<!tổng )số|ngày|sáng|chiều|tối|đài|nóng)\s+$",
                          text[max(0, n.start - 12):n.start].lower()))


def _pick(rules, folded, lower, a, b, lo, hi):
    """The indicator whose keywords all sit in [lo, hi) and closest to the number at [a, b)."""
    best = None
    for key, need, veto in rules:
        if any(_search(v, folded, lower, lo, hi) for v in veto):
            continue
        dist = 0
        for pat in need:
            hits = _search(pat, folded, lower, lo, hi)
            if not hits:
                break
            dist = max(dist, min(a - h if h < a else h - b for h in hits))
        else:
            if best is None or dist < best[0]:
                best = (dist, key)
    return best[1] if best else None


def _classify(n: NumberMention, folded: str, lower: str, dti_ctx: bool, prev_folded: str, lo_min: int, hi_max: int):
    """(indicator, unit, value, out_of) for the number n of the sentence, or None. Keywords before the
    number are looked for from lo_min (the end of the previous figure's phrase), after it up to hi_max."""
    a, b = n.start, n.end
    after_f, after_l = folded[b:b + 40].lstrip(), lower[b:b + 40].lstrip()
    before_l = lower[max(0, a - 30):a]
    lo = max(lo_min, a - 160, folded.rfind(";", 0, a) + 1)
    cut = re.search(r"[,;]", folded[b:hi_max])
    phrase_end = b + cut.start() if cut else hi_max
    if n.kind == "rank" or re.search(r"(?:xếp|xếp hạng|đứng)\s+thứ\s+$", before_l):
        if dti_ctx and re.search(r"(?:xếp|hạng|đứng)[^,.;]{0,12}$", before_l) and n.value <= 63:
            return "dti_rank", "rank", n.value, n.out_of
        return None
    if re.match(r"(?:bac|hang)\b", after_f) and dti_ctx:
        move = re.search(r"(tăng|vươn lên|thăng|lên|giảm|tụt|lùi|tụt xuống)\s+(?:thêm\s+)?$", before_l)
        if move:
            up = move.group(1) in ("tăng", "vươn lên", "thăng", "lên")
            return "dti_rank_change", "bậc", n.value if up else -n.value, None
        return None
    if re.search(r"(?:nhiều|ít|cao|thấp)\s+hơn\s+(?:khoảng\s+|gần\s+)?$", before_l):
        return None                      # "nhiều hơn khoảng 7.000 …": a difference, not a level
    if re.search(r"(?:tăng|giảm)\s+(?:thêm\s+)?(?:khoảng\s+|hơn\s+|trên\s+)?$", before_l):
        return None                          # a growth rate or a delta, not a level
    if n.kind == "percent" or (n.kind == "range" and n.raw.rstrip().endswith("%")):
        key = _pick(PERCENT_RULES, folded, lower, a, b, lo, phrase_end)
        return (key, "%", n.value, None) if key else None
    if re.match(r"mbps\b", after_f):
        key = _pick([(k, [p], []) for k, p in SPEEDS], folded, lower, a, b, lo, phrase_end)
        return (key or "broadband_fixed_speed", "Mbps", n.value, None)
    raw = n.raw.split()[0]
    score_like = "," in raw and 0 < n.value <= 1
    if score_like and (re.match(r"diem\b(?! cau)", after_f) or (dti_ctx and re.search(r"đạt\s+$", before_l))):
        if not dti_ctx or OTHER_INDEX.search(folded):
            return None
        best, best_pos = "dti_score", max(_search(OVERALL, folded, lower, 0, a) or [-1])
        if re.search(r"tru cot", folded + " " + prev_folded):
            for key, pat in PILLARS:
                hits = _search(pat, folded, lower, 0, a)
                if hits and hits[-1] > best_pos:
                    best, best_pos = key, hits[-1]
        return best, "điểm", n.value, None
    for key, unit, noun, need, bare in COUNT_RULES:
        src, pat = (after_l, noun[1:]) if noun.startswith("=") else (after_f, noun)
        pat = pat if pat.startswith("^") else "^" + pat
        if re.search(pat, src):
            if need and not _search(need, folded, lower, 0, len(folded)):
                continue
            if key == "community_digital_team_members" and not re.search(MEMBERS_CONTEXT, folded + " " + prev_folded):
                continue
            return key, unit, n.value, None
        if bare and need and re.search(r"\.\d{3}|\s", n.raw) and not re.match(r"[a-z]", after_f) \
                and _search(need, folded, lower, lo, a):
            return key, unit, n.value, None
    return None


# ---------------------------------------------------------------------------------------------

_DIGIT = re.compile(r"\d")


def find_metrics(text: str, *, default_scope: str = "national", year: int | None = None) -> list[MetricObservation]:
    """Every CĐS metric observation in the clean article text, in order, duplicates merged.

    default_scope: the article's scope; "national" (the default) lets the lead decide (see
    article_scope), a province name forces it. year: the publication year, to tell targets
    (a period after it) from results. Offsets (start, end) refer to the NFC form of the text.
    """
    text = unicodedata.normalize("NFC", text or "")
    art_scope = default_scope if default_scope not in (None, "", "national") else article_scope(text)
    out: list[MetricObservation] = []
    seen: dict[tuple, MetricObservation] = {}
    dti_period: str | None = None
    prev_para, prev_folded, para_scope = -1, "", None
    for para, s0, sent in split_text(text):
        folded, lower = fold_aligned(sent), sent.lower()
        if para != prev_para:
            prev_folded, para_scope = "", None
        periods = _periods(folded)
        if DTI_CONTEXT.search(folded) and periods and not OTHER_INDEX.search(folded):
            # the year the DTI results are about: pillar and rank sentences that follow inherit it
            dti_period = periods[0][2] if "chi so" in folded else dti_period or periods[0][2]
        dti_ctx = bool(DTI_CONTEXT.search(folded) or DTI_CONTEXT.search(prev_folded))
        markers = _scope_markers(folded)
        has_digits = _DIGIT.search(sent) is not None     # most sentences carry no figure at all
        numbers = [n for n in find_numbers(sent) if not _is_code_or_date(n, sent)
                   and not any(ps <= n.start and n.end <= pe for ps, pe, _ in periods)] if has_digits else []
        last_end = 0
        for n in numbers:
            a, b = n.start, n.end
            if re.search(r"\btừ\s+$", lower[max(0, a - 6):a]) \
                    and re.match(r"\s*(?:điểm\s+)?(?:lên|xuống)\b", lower[b:]):
                continue                     # "từ 0,48 lên 0,71": the old value
            next_start = min([m.start for m in numbers if m.start > a], default=len(sent))
            got = _classify(n, folded, lower, dti_ctx, prev_folded, last_end, next_start)
            if not got:
                continue
            indicator, unit, value, out_of = got
            cut = re.search(r"[,;]", folded[b:])        # the next figure's keywords start after this phrase
            last_end = b + cut.start() if cut and b + cut.start() < next_start else b
            if TARGET.search(folded[:a]) or TARGET_ORIG.search(lower[:a]):
                continue
            period = _period_at(periods, folded, a, b)
            if period is None and indicator.startswith("dti"):
                period = dti_period
            if year and _year_of(period) and _year_of(period) > year:
                continue                     # a period still to come: a target
            before = [name for pos, name in markers if pos < a]
            after = [name for pos, name in markers if pos >= b and not re.search(r"[,;]", folded[b:pos])]
            scope = before[-1] if before else after[0] if after else para_scope or art_scope
            q = QUALIFIER.search(lower[max(0, a - 30):a])
            qualifier = QUALIFIER_CANON.get(q.group(1), q.group(1)) if q else None
            if indicator != "dti_rank_change" and qualifier in ("tăng", "giảm"):
                qualifier = None
            obs = MetricObservation(indicator, LABELS[indicator], float(value), unit, out_of, period, scope,
                                    qualifier, sent, s0 + a, s0 + b)
            key = (indicator, round(obs.value, 6), scope)
            if key in seen:
                first = seen[key]
                first.period = first.period or period
                first.qualifier = first.qualifier or qualifier
                continue
            seen[key] = obs
            out.append(obs)
        if markers and (not numbers or markers[0][0] < numbers[0].start):
            para_scope = markers[0][1]          # the sentence's subject, not a comparison after a figure
        prev_para, prev_folded = para, folded
    return out
