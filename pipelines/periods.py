"""Periods of reported figures as dates: "6 tháng đầu năm 2023" is 2023-01-01 … 2023-06-30.

A figure's period is what it covers: a year, the first N months, a quarter, a month, a span of
years, or an "as of" day ("tính đến 30/6/2024": no start, that end). `find_periods` finds period
phrases in folded text (for recognition); `parse_period` reads a label (as written, or as stored
by older versions: "2024-Q2") into the same `Period`. Series are ordered by `end`. A figure with
no period takes its article's publication date (`as_of_publication`), and its label says so.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pipelines.rx import rx
from pipelines.numbers import NUMBER_WORDS
from pipelines.textnorm import fold

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
WORD_NUMBERS = {fold(k): v for k, v in NUMBER_WORDS.items()}
_N = r"(?P<{}>\d{{1,2}}|muoi mot|muoi hai|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)"
_Y = r"(?P<{}>(?:19|20)\d\d)"
_D = r"(?P<{0}d>\d{{1,2}})[/.-](?P<{0}m>\d{{1,2}})(?:[/.-](?P<{0}y>(?:19|20)\d\d))?(?!\d|[.,]\d)"

# Order matters: the longest, most specific phrase first (alternation takes the first that matches).
_FORMS = [
    ("first_months", rf"\b{_N.format('n1')} thang (?:dau )?(?:nam |/)?{_Y.format('y1')}\b"),
    ("first_months_noyear", rf"\b{_N.format('n2')} thang dau nam\b(?! (?:19|20)\d\d)"),
    ("last_months", rf"\b{_N.format('n3')} thang cuoi nam (?:nay |)?{_Y.format('y3')}\b"),
    ("half", rf"\bnua (?P<side>dau|cuoi) nam {_Y.format('y4')}\b"),
    ("quarter", rf"\bquy (?P<q>iv|iii|ii|i|[1-4])(?: nam |/| - |-){_Y.format('y5')}\b"),
    ("quarter_code", rf"\b{_Y.format('y6')}-q(?P<q6>[1-4])\b"),
    ("month", rf"\bthang (?P<m7>1[0-2]|0?[1-9])(?: nam |/|-|\.){_Y.format('y7')}\b"),
    ("school_year", rf"\bnam hoc {_Y.format('y8')} ?- ?(?P<y8b>(?:19|20)\d\d)\b"),
    ("span", rf"\b(?:giai doan|thoi ky|trong) {_Y.format('y9')} ?(?:-|–|den) ?(?P<y9b>(?:19|20)\d\d)\b"),
    ("as_of_day", rf"\b(?:tinh )?(?:den|toi) (?:het )?(?:ngay )?{_D.format('d10')}"),
    ("as_of_month", rf"\b(?:tinh )?(?:den|toi) (?:het )?thang (?P<m11>1[0-2]|0?[1-9])(?: nam |/){_Y.format('y11')}\b"),
    ("year", rf"\bnam {_Y.format('y12')}\b"),
    ("index_year", rf"\b(?:dti|gii|egdi|pci|par index|sipas|ebi|chi so [a-z]+(?: [a-z]+)?) {_Y.format('y14')}\b"),
    ("this_year", r"\bnam (?P<rel>nay|ngoai|truoc)\b"),
    ("bare_year", rf"^{_Y.format('y13')}$"),
]
PERIOD_RE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _FORMS))
_ANY_PERIOD = re.compile(r"(?:19|20)\d\d|\bquy\b|\bthang\b|\d[/.-]\d|\bnam (?:nay|ngoai|truoc)\b")     # cheap test before the full pattern
# "so với năm 2021", "cùng kỳ năm 2022": a comparison, not the figure's own period
COMPARISON = re.compile(r"(?:so voi(?: (?!nam\b)[a-z]+){0,4}|cung ky|hon|bang|tu)(?: cung ky)?(?: nam truoc)? *$")


@dataclass(frozen=True)
class Period:
    label: str                  # Vietnamese, as a reader writes it ("6 tháng đầu năm 2023")
    start: date | None          # None for an "as of" figure (a running total)
    end: date | None
    source: str = "text"        # text | published (the article's date stood in)

    def as_dict(self) -> dict:
        return {"period": self.label, "period_start": self.start.isoformat() if self.start else None,
                "period_end": self.end.isoformat() if self.end else None, "period_source": self.source}


def _n(word: str) -> int:
    return int(word) if word.isdigit() else WORD_NUMBERS[word]


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _day(d: str, m: str, y: str | None, published: date | None) -> date | None:
    year = int(y) if y else (published.year if published else None)
    if year is None:
        return None
    try:
        day = date(year, int(m), int(d))
    except ValueError:
        return None
    if not y and published and day > published:      # "đến 28/12" in a January article: last year
        day = day.replace(year=year - 1)
    return day


def _period(m: re.Match, published: date | None) -> Period | None:
    g, kind = m.groupdict(), m.lastgroup
    if kind == "first_months" or kind == "first_months_noyear":
        n = _n(g["n1"] or g["n2"])
        year = int(g["y1"]) if g.get("y1") else (published.year if published else None)
        if not 1 <= n <= 12 or year is None:
            return None
        label = f"năm {year}" if n == 12 else f"{n} tháng đầu năm {year}"
        return Period(label, date(year, 1, 1), _month_end(year, n))
    if kind == "last_months":
        n, year = _n(g["n3"]), int(g["y3"])
        if not 1 <= n <= 12:
            return None
        return Period(f"{n} tháng cuối năm {year}", date(year, 13 - n, 1), date(year, 12, 31))
    if kind == "half":
        year = int(g["y4"])
        if g["side"] == "dau":
            return Period(f"6 tháng đầu năm {year}", date(year, 1, 1), date(year, 6, 30))
        return Period(f"6 tháng cuối năm {year}", date(year, 7, 1), date(year, 12, 31))
    if kind in ("quarter", "quarter_code"):
        q = g["q"] or g["q6"]
        q = ROMAN.get(q) or int(q)
        year = int(g["y5"] or g["y6"])
        return Period(f"quý {['I', 'II', 'III', 'IV'][q - 1]}/{year}", date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
    if kind == "month":
        mo, year = int(g["m7"]), int(g["y7"])
        return Period(f"tháng {mo}/{year}", date(year, mo, 1), _month_end(year, mo))
    if kind == "school_year":
        a, b = int(g["y8"]), int(g["y8b"])
        return Period(f"năm học {a}-{b}", date(a, 9, 1), date(b, 8, 31)) if b == a + 1 else None
    if kind == "span":
        a, b = int(g["y9"]), int(g["y9b"])
        return Period(f"giai đoạn {a}-{b}", date(a, 1, 1), date(b, 12, 31)) if a < b <= a + 15 else None
    if kind == "as_of_day":
        day = _day(g["d10d"], g["d10m"], g["d10y"], published)
        return Period(f"đến {day.day}/{day.month}/{day.year}", None, day) if day else None
    if kind == "as_of_month":
        mo, year = int(g["m11"]), int(g["y11"])
        return Period(f"đến hết tháng {mo}/{year}", None, _month_end(year, mo))
    if kind == "index_year":                      # "DTI 2022": the year the index measures
        year = int(g["y14"])
        return Period(f"năm {year}", date(year, 1, 1), date(year, 12, 31))
    if kind == "this_year":                       # "năm nay", "năm ngoái": against the publication
        if published is None:
            return None
        year = published.year - (0 if g["rel"] == "nay" else 1)
        return Period(f"năm {year}", date(year, 1, 1), date(year, 12, 31))
    if kind in ("year", "bare_year"):
        year = int(g["y12"] or g["y13"])
        return Period(f"năm {year}" if kind == "year" else str(year), date(year, 1, 1), date(year, 12, 31))
    return None


def find_periods(folded: str, published: date | None = None) -> list[tuple[int, int, Period]]:
    """(start, end, Period) of every period phrase in folded text, comparisons ("so với năm 2021",
    "cùng kỳ năm 2022") left out. Cached: meetings, figures and metrics read the same sentences."""
    return list(_find_periods(folded, published))


@lru_cache(maxsize=8192)
def _phrases(folded: str) -> tuple[re.Match, ...]:
    """Every period phrase of a sentence, matched once: find_periods and period_spans read them."""
    return tuple(PERIOD_RE.finditer(folded)) if _ANY_PERIOD.search(folded) else ()


@lru_cache(maxsize=8192)
def _find_periods(folded: str, published: date | None) -> tuple[tuple[int, int, Period], ...]:
    out = []
    for m in _phrases(folded):
        if COMPARISON.search(folded[max(0, m.start() - 45):m.start()]):
            continue
        p = _period(m, published)
        if p is not None:
            out.append((m.start(), m.end(), p))
    return tuple(out)


def period_spans(folded: str) -> list[tuple[int, int]]:
    """Spans of every period phrase, comparisons included: "từ tháng 10/2024" is a time, never
    a figure "10 of 2024"."""
    return [(m.start(), m.end()) for m in _phrases(folded) if m.lastgroup != "bare_year"]


def parse_period(label: str | None, published: date | None = None) -> Period | None:
    """A stored or written period label as a Period (None when it is not a period we can date).
    The label keeps its words; only the dates are computed."""
    if not label or not label.strip():
        return None
    folded = fold(label)
    m = PERIOD_RE.search(folded) if not rx(r"(?:19|20)\d\d").fullmatch(folded) else PERIOD_RE.fullmatch(folded)
    if not m:
        return None
    p = _period(m, published)
    return Period(label.strip(), p.start, p.end) if p else None


def as_of_publication(published: date) -> Period:
    """The period of a figure that names none: the day its article was published, and says so."""
    return Period(f"ngày đăng {published.day:02d}/{published.month:02d}/{published.year}", published, published,
                  source="published")


def period_fields(label: str | None, published: date | None) -> dict:
    """The period columns of one figure: its own period dated, else its article's publication day."""
    p = parse_period(label, published) if label else None
    if p is None and not label and published:
        p = as_of_publication(published)
    if p is None:
        return {"period": label, "period_start": None, "period_end": None, "period_source": "text" if label else None}
    return p.as_dict()


def clear_cache() -> None:
    """Forget cached sentences (benchmarks measure each page as if it were the first)."""
    _find_periods.cache_clear()
    _phrases.cache_clear()
