"""Whose figure is it: the scope of each reported figure (a province, a district, a ministry, an
operator, a country, the nation), read from the sentence's grammar.

A figure's scope is the place named in its own clause (before it, else after it: "vị trí thứ 2 là
Hà Nội"), else the nearest named before it in its sentence, else the paragraph's, else the
article's. Names listed before as many figures ("Hà Nội và Huế lần lượt xếp thứ 2 và 3") are
paired with them in order. The article's own province is what its title or lead names, or, when
they say only "tỉnh", the province the first paragraph names; "toàn tỉnh", "trên địa bàn tỉnh"
point back to it.
"""
from __future__ import annotations

import re
from datetime import date

from pipelines.periods import Period
from pipelines.places import find_provinces, places
from pipelines.rx import rx
from pipelines.sentences import split_sentences
from pipelines.textnorm import fold_aligned, soft_fold

NATIONAL = re.compile(r"(?<!\w)(?:cả nước|toàn quốc|cấp quốc gia|việt nam|quốc gia đạt|dti quốc gia|"
                      r"chỉ số quốc gia|"
                      # an average over all provinces is a national figure ("giá trị trung bình DTI cấp tỉnh")
                      r"(?:giá trị |mức )?(?:dti |chỉ số )?trung bình(?: dti| chỉ số)?(?: của)? (?:cấp tỉnh|các tỉnh|các địa phương))(?!\w)")
COUNTRIES = ["Singapore", "Thái Lan", "Malaysia", "Indonesia", "Philippines", "Campuchia", "Lào", "Myanmar",
             "Brunei", "Nhật Bản", "Hàn Quốc", "Trung Quốc", "Ấn Độ", "Hoa Kỳ", "Mỹ", "Anh", "Pháp", "Đức",
             "Úc", "Australia", "Thụy Sĩ", "Thụy Điển", "Đan Mạch", "Estonia", "Phần Lan", "Hà Lan", "Canada",
             "Israel", "Mông Cổ", "Đài Loan"]
_COUNTRY = re.compile(r"(?<!\w)(" + "|".join(re.escape(soft_fold(c)) for c in sorted(COUNTRIES, key=len, reverse=True))
                      + r")(?!\w)")
_COUNTRY_NAME = {soft_fold(c): c for c in COUNTRIES}
SPEAKS = re.compile(r"^[^,.;]{0,12}?(?<!\w)(?:cho biết|công bố|thông tin|báo cáo|đánh giá|nhấn mạnh|cho hay|khẳng định|"
                    r"trình bày|phối hợp|tổ chức|ghi nhận|thống kê)(?!\w)")
# a ministry that does something ("Bộ Công an đã cấp 80 triệu thẻ", "được Bộ Công an kích hoạt") is the
# agent of a national figure, not its scope
ACTS = re.compile(r"\s*(?:đã\s+|đang\s+|vừa\s+)?(?:cấp|kích hoạt|triển khai|thực hiện|cung cấp|xây dựng|ban hành|"
                  r"hoàn thành|tiếp nhận|giải quyết|hướng dẫn|đưa vào)(?!\w)")
REPORTED_BY = re.compile(r"(?<!\w)(?:theo|của|do|từ|tại)\s+$")
BRIDGE = re.compile(r"(?:diem cau|\btai)(?: tinh| thanh pho| thu do)? $")
# "thứ 28 cả nước", "21/63 tỉnh, thành phố trong cả nước", "đứng thứ hai toàn quốc", "đứng đầu cả
# nước", "cao nhất toàn quốc": a ranking's base, not a scope
BASE_BEFORE = re.compile(r"(?:(?<!\w)(?:thứ|hạng)\s+\S+|\d+/\d+(?:\s+[^\d\s]+){0,3}|(?<!\w)(?:đứng|dẫn|xếp)\s+(?:đầu|cuối)"
                         r"|(?<!\w)\w+\s+nhất)\s+(?:(?:trong|của|trên)\s+)?$")
# "toàn tỉnh", "trên địa bàn tỉnh": the article's own province, named earlier
OWN_PROVINCE = re.compile(r"(?<!\w)(?i:toàn|cả|trên địa bàn|của)\s+(?:tỉnh|thành phố)(?!\w|\s+[A-ZĐ])")
# an unnamed "tỉnh" in the title or lead: the article names its province further on
ANAPHOR = re.compile(r"(?<!\w)(?:tỉnh|thành phố)(?!\s+[A-ZĐ])")
# a district, town or commune where a figure was counted ("Tại huyện Lộc Ninh, 100% xã …")
_LOCAL = re.compile(r"(?:^|(?<=[Tt]ại )|(?<=[Ởở] )|(?<=[Rr]iêng )|(?<=[Tt]oàn )|(?<=trên địa bàn )|(?<=của )|(?<=UBND )|(?<=Ủy ban nhân dân ))"
                    r"(huyện|thị xã|quận|xã|phường|thị trấn) ([A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]\w*"
                    r"(?: [A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]\w*){0,2})")
LIST_GAP = re.compile(r"\s*(?:,|;|và)\s*(?:(?:thứ|vị trí|hạng)\s+)*")
NAME_GAP = re.compile(r"[^\d,;.:]{2,40}?(?:,|\s+và|\s+cùng)\s*(?:(?:tỉnh|thành phố|tp\.?)\s+)?")
ADDRESS = re.compile(r",\s*(?:tỉnh|thành phố|tp\.?)?\s*")
RESPECTIVELY = re.compile(r"(?<!\w)lần lượt(?!\w)")
_CLAUSE = re.compile(r"[;:]|,(?!\d)|\s(?:còn|trong khi|nhưng)\s")


def is_country(sentence: str, at: int) -> bool:
    """A country's name as written: capitalised, and not the end of a person's name or of a
    common word ("lĩnh vực tư pháp", "ông Nguyễn Minh Đức")."""
    if not sentence[at:at + 1].isupper():
        return False
    prev = rx(r"(\S+)\s+$").search(sentence, 0, at)
    return prev is None or not prev.group(1)[:1].isupper() or prev.group(1).lower() in ("tại", "ở", "và", "với", "như")


def markers(sentence: str, soft: str, art_scope: str = "national") -> list[tuple[int, str]]:
    """(position, scope) of every place a figure may belong to in a sentence."""
    marks = list(find_provinces(fold_aligned(sentence)))
    agencies = places().agencies(soft)
    taken = [(pos, end) for pos, end, _n in agencies] + [(pos, pos + len(name)) for pos, name in marks]
    inside = lambda at: any(a <= at < b for a, b in taken)   # noqa: E731  "Bảo hiểm xã hội Việt Nam", "Lào Cai"
    marks += [(m.start(), "national") for m in NATIONAL.finditer(soft) if not inside(m.start())
              and not BASE_BEFORE.search(soft, max(0, m.start() - 40), m.start())]
    marks += [(m.start(), _COUNTRY_NAME[m.group(1)]) for m in _COUNTRY.finditer(soft)
              if is_country(sentence, m.start()) and not inside(m.start())]
    # a ministry is a figure's scope when it is ranked or measured, not when it speaks or reports
    marks += [(pos, name) for pos, end, name in agencies
              if not SPEAKS.match(soft[end:end + 40]) and not REPORTED_BY.search(soft[:pos])
              and not ACTS.match(soft, end) and not rx(r"(?<!\w)được\s+$").search(soft, max(0, pos - 8), pos)]
    province = art_scope if art_scope != "national" else None
    if province is None:     # a network operator's national figure ("Riêng Viettel đã lắp đặt 24.500 trạm 5G");
        marks += [(pos, name) for pos, _end, name in places().operators(soft)]     # in a province, the province's
    for m in _LOCAL.finditer(sentence):
        name = f"{m.group(1)} {m.group(2).strip()}"
        if find_provinces(fold_aligned(m.group(2))):
            continue
        # "phường Tân Quang, thành phố Tuyên Quang": an address, the province qualifies the commune
        addr = [(p, n) for p, n in marks if m.end() <= p <= m.end() + 20 and ADDRESS.fullmatch(soft, m.end(), p)]
        marks = [x for x in marks if x not in addr]
        where = addr[0][1] if addr else province
        marks.append((m.start(), f"{name} ({where})" if where else name))
    if province:
        marks += [(m.start(), province) for m in OWN_PROVINCE.finditer(sentence)]
    return sorted(marks)


def article_scope(text: str) -> str:
    """The province the article is about: one named early in its first or second sentence (the
    title, the lead) before any "cả nước"/"toàn quốc", and not as a mere bridge point ("điểm cầu
    Sóc Trăng") of a national meeting; when they say only "tỉnh" ("Ban Chỉ đạo chuyển đổi số tỉnh
    họp …"), the first province the next sentences name; else "national"."""
    sentences = split_sentences(text)
    for s in sentences[:2]:
        nat = NATIONAL.search(soft_fold(s.text))
        named = _named(s.text)
        if len({n for _p, n in named}) >= 3:       # "10 địa phương gồm: Bắc Giang, Lạng Sơn, …": many places
            return "national"
        if named and (nat is None or named[0][0] < nat.start()):
            return named[0][1]
        if nat is not None:
            return "national"
    if any(ANAPHOR.search(s.text) for s in sentences[:2]):
        for s in sentences[2:5]:
            named = _named(s.text)
            if named:
                return named[0][1]
            if NATIONAL.search(soft_fold(s.text)):
                break
    return "national"


def _named(sentence: str) -> list[tuple[int, str]]:
    folded = fold_aligned(sentence)
    return [(pos, name) for pos, name in find_provinces(folded)
            if pos < 200 and not BRIDGE.search(folded[max(0, pos - 25):pos])]


def clauses(soft: str) -> list[int]:
    """The offsets where each clause of a sentence starts (0 first)."""
    return [0] + [m.end() for m in _CLAUSE.finditer(soft)]


def _clause_of(at: int, starts: list[int]) -> int:
    return max(i for i, s in enumerate(starts) if s <= at)


# what a count of places counts: "10 địa phương gồm: Bắc Giang, …", "5 tỉnh có tỷ trọng … là Bắc Ninh, …"
PLACE_COUNT = re.compile(r"(?:địa phương|tỉnh|thành phố|tỉnh, thành(?: phố)?|quốc gia|nước|nền kinh tế|bộ|ngành|"
                         r"bộ, ngành|huyện|xã|phường|đơn vị hành chính)$")


def scope_for(fig_start: int, fig_end: int, marks: list[tuple[int, str]], starts: list[int],
              counts_places: bool = False) -> str | None:
    """The place named in the figure's own clause (before it, else after it), else the nearest
    named before it in the sentence. The places named after a count of places are what it
    counted, not where: only those before it can be its scope."""
    clause = _clause_of(fig_start, starts)
    own = [(pos, name) for pos, name in marks if _clause_of(pos, starts) == clause]
    before = [name for pos, name in own if pos < fig_start]
    if before:
        return before[-1]
    # after it: a place, but not "cả nước" ("xếp thứ 25 cả nước", "21/63 … trong cả nước" is the ranking's base)
    after = [name for pos, name in own if pos >= fig_end]
    if after and after[0] != "national" and not counts_places:
        return after[0]
    earlier = [name for pos, name in marks if pos < fig_start]
    return earlier[-1] if earlier else None


def paired(spans: list[tuple[int, int]], marks: list[tuple[int, str]], soft: str) -> dict[int, str]:
    """Names listed before as many figures, paired in order: "TP Hồ Chí Minh và Quảng Ninh lần lượt
    xếp thứ 2 và 3", "Bộ A và Bộ B vươn lên vị trí thứ 2 và thứ 3". Returns {figure index: scope}."""
    if len(spans) < 2 or len(marks) < 2:
        return {}
    resp = RESPECTIVELY.search(soft)
    starts = clauses(soft)
    if resp:                           # "lần lượt": the names before it, the figures after it (across ";")
        clause = _clause_of(resp.start(), starts)
        names = [(p, n) for p, n in marks if p < resp.start() and _clause_of(p, starts) == clause]
        figs = [i for i, (a, _b) in enumerate(spans) if a > resp.start()]
    else:                              # a list of names, then a list of as many figures
        figs = _figure_run(spans, soft)
        if not figs:
            return {}
        names = _name_run([(p, n) for p, n in marks if p < spans[figs[0]][0]], soft)
        if not names or rx(r"\d").search(soft, names[-1][0], spans[figs[0]][0]):
            return {}
    distinct = [n for i, (_p, n) in enumerate(names) if n not in [m for _q, m in names[:i]]]
    if len(distinct) != len(figs) or len(figs) < 2:
        return {}
    return dict(zip(figs, distinct))


def _figure_run(spans: list[tuple[int, int]], soft: str) -> list[int]:
    """The first run of two or more figures joined only by ",", ";", "và" ("thứ 5, 6, 7", "thứ 2 và thứ 3")."""
    run: list[int] = []
    for i in range(len(spans)):
        if run and LIST_GAP.fullmatch(soft, spans[run[-1]][1], spans[i][0]):
            run.append(i)
        elif len(run) >= 2:
            break
        else:
            run = [i]
    return run if len(run) >= 2 else []


def _name_run(marks: list[tuple[int, str]], soft: str) -> list[tuple[int, str]]:
    """The last run of places before the figures joined only by ",", "và" ("Thanh Hóa, Điện Biên, Hà Tĩnh")."""
    run = marks[-1:]
    for p, n in reversed(marks[:-1]):
        if not NAME_GAP.fullmatch(soft, p, run[0][0]):
            break
        run.insert(0, (p, n))
    return run


def paired_years(spans: list[tuple[int, int]], folded: str) -> dict[int, Period]:
    """Years listed or spanned before "lần lượt", paired with the figures after it: "từ năm 2020 -
    2023 tỷ trọng này lần lượt là 12,31%; 12,57%; 12,44% và 12,21%"."""
    resp = rx(r"(?<!\w)lan luot(?!\w)").search(folded)
    if resp is None:
        return {}
    head = folded[max(0, resp.start() - 80):resp.start()]
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", head)]
    span = re.search(r"((?:19|20)\d\d)\s*(?:-|–|den)\s*(?:nam\s+)?((?:19|20)\d\d)", head)
    if span and len(years) == 2 and 0 < int(span.group(2)) - int(span.group(1)) <= 15:
        years = list(range(int(span.group(1)), int(span.group(2)) + 1))
    figs = [i for i, (a, _b) in enumerate(spans) if a > resp.start()]
    if len(years) < 2 or len(years) != len(figs) or len(set(years)) != len(years):
        return {}
    return {i: Period(f"năm {y}", date(y, 1, 1), date(y, 12, 31)) for i, y in zip(figs, years)}
