"""CĐS figures in clean article text, recognised openly: every reported figure of a CĐS article
becomes an observation (value, unit, kind, denominator, the words it measures, scope, period,
qualifier). Known indicators get their key from the registry (pipelines/data/indicators.toml);
a figure that matches none is kept as indicator "other" with its label, so nothing reported is
lost. What is not a figure (dates, codes, targets, list sizes…) is decided by the grammar
(pipelines/figures.py, pipelines/data/figure_grammar.toml).

Each observation's scope comes from the sentence's grammar (pipelines/scopes.py: its own
clause, names paired with figures, the paragraph's, the article's province); `scope_now` is the
province it belongs to after the 2025 reorganisation. Its period is the year a bracketed figure
follows, or a year paired through "lần lượt", else the period phrase nearest before it, else
after it; "đến nay" makes it a running total as of publication; else the year of the index the
article is about (a DTI ranking published in 2024 is about 2023); a period still to come makes
it a target.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from pipelines.rx import rx
from pipelines.figures import Figure, find_figures
from pipelines.grammar import grammar
from pipelines.indicators import OTHER, figure_class, registry
from pipelines.periods import Period, find_periods
from pipelines.places import scope_now
from pipelines.scopes import PLACE_COUNT, article_scope, clauses, markers, paired, paired_years, scope_for
from pipelines.sentences import split_sentences
from pipelines.textnorm import fold_aligned, soft_fold

INDEX_CONTEXT = re.compile(r"(?<!\w)(?:chỉ số|dti|xếp hạng|bảng xếp hạng|egdi|gii|trụ cột)(?!\w)")
SCORE_CLASSES = ("score", "rank", "move")


@dataclass
class MetricObservation:
    indicator: str
    label: str
    value: float
    unit: str
    out_of: float | None
    period: str | None
    scope: str
    qualifier: str | None
    sentence: str
    kind: str = "level"
    scope_now: str | None = None
    start: int = -1          # the number's offsets in the text (not part of to_dict)
    end: int = -1

    def to_dict(self) -> dict:
        d = {k: getattr(self, k) for k in ("indicator", "label", "value", "unit", "out_of", "kind", "period", "scope",
                                           "scope_now", "qualifier", "sentence")}
        if d["out_of"] is not None and float(d["out_of"]).is_integer():
            d["out_of"] = int(d["out_of"])
        return d


def indicator_rank(key: str) -> int:
    """An indicator's place in the fixed reading order (DTI first); "other" last."""
    return registry().rank(key)


def indicator_list() -> list[tuple[str, str, str]]:
    """(key, Vietnamese label, unit) of every known indicator, in reading order."""
    return [(e.key, e.label, e.unit) for e in registry().entries]


def _lead_end(text: str) -> int:
    """Where the lead ends: after the first two sentences (the title and the lead's first)."""
    sentences = split_sentences(text)
    return sentences[1].start + len(sentences[1].text) if len(sentences) > 1 else len(text)


# "đến nay", "hiện nay": a running total as of the day the article was published
AS_OF_NOW = re.compile(r"(?<!\w)(?:(?:tính )?(?:đến|tới) (?:nay|thời điểm này|thời điểm hiện tại|hiện tại)|hiện nay|hiện tại)(?!\w)")
# "so với năm 2022 (21/63)": a figure in brackets right after a year is that year's
_YEAR_BRACKET = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*\(\s*$")


# "tăng từ vị trí 61 lên 55": the first value of a move, its period the year before the second's
FROM_VALUE = re.compile(r"(?<!\w)tu\s+(?:vi tri\s+|muc\s+|hang\s+)?(?:thu\s+)?[\d.,]+\s*%?\s*$")
TO_WORD = re.compile(r"\s*(?:len|xuong)(?:\s+con)?(?:\s+(?:vi tri|muc|hang))?(?:\s+thu)?\s*")


def _year_before(p: Period) -> Period | None:
    if p.start and p.end and p.start.year == p.end.year and (p.start.month, p.start.day, p.end.month, p.end.day) == (1, 1, 12, 31):
        y = p.start.year - 1
        return Period(f"năm {y}", date(y, 1, 1), date(y, 12, 31))
    return None


def _period_for(fig: Figure, periods: list[tuple[int, int, Period]], folded: str) -> Period | None:
    """The year a bracketed figure follows, else the period phrase nearest before the number,
    else the first after it in its clause."""
    bracket = _YEAR_BRACKET.search(folded, max(0, fig.start - 12), fig.start)
    if bracket:
        y = int(bracket.group(1))
        return Period(f"năm {y}", date(y, 1, 1), date(y, 12, 31))
    before = [p for p in periods if p[1] <= fig.start]
    if before and FROM_VALUE.search(folded, 0, before[-1][0]) and TO_WORD.fullmatch(folded, before[-1][1], fig.start):
        before.pop()                    # "tăng từ 6,42% năm 2020 lên 6,71%": 2020 is the first value's
    if before:
        return before[-1][2]
    for s, _e, p in periods:
        if s >= fig.end and not rx(r"[;]").search(folded[fig.end:s]):
            return p
    return None


def _index_year(periods: list[tuple[int, int, Period]], context: re.Match) -> Period:
    """The period the index words name ("xếp hạng … năm 2024", "DTI 2024"): the first after them,
    not an event's year before them ("tại chương trình Ngày Chuyển đổi số quốc gia năm 2025, Bộ …
    công bố xếp hạng mức độ chuyển đổi số năm 2024")."""
    return next((p for a, _b, p in periods if a >= context.start()), periods[0][2])


def _same_measure(old: MetricObservation, key: str, label: str, cls: str, same_number: bool, headline: bool) -> bool:
    """May an earlier observation with the same value be this one again (a headline, then the body)?
    The same indicator; a rank or score with one unregistered; a share or count with one
    unregistered when the earlier is in the title or lead, or their words agree; two unregistered shares or counts only when they are one number or their words
    agree ("100% cán bộ …; 100% hồ sơ …" are two figures)."""
    if key == OTHER and old.indicator == OTHER and cls in ("percent", "quantity"):
        return same_number or _words_agree(old.label, label)
    if old.indicator == key or (OTHER in (old.indicator, key) and cls not in ("percent", "quantity")):
        return True                  # a rank or a score said again in other words is the same figure
    return OTHER in (old.indicator, key) and (headline or _words_agree(old.label, label))


def _words_agree(a: str, b: str) -> bool:
    a, b = soft_fold(a or ""), soft_fold(b or "")
    return a in b or b in a or a.split()[:2] == b.split()[:2]


def find_metrics(text: str, *, default_scope: str = "national", year: int | None = None,
                 published: date | None = None) -> list[MetricObservation]:
    """Every figure reported in a CĐS article's clean text, in order, a figure repeated merged.

    default_scope: the article's scope ("national" lets the lead decide, see article_scope).
    published: the publication date (a period after it is a target; years resolve against it);
    `year` alone is accepted for callers that know only the year.
    """
    text = unicodedata.normalize("NFC", text or "")
    if published is None and year:
        published = date(year, 12, 31)
    art_scope = default_scope if default_scope not in (None, "", "national") else article_scope(text)
    reg = registry()
    digital = grammar().digital
    out: list[MetricObservation] = []
    seen: dict[tuple, list[MetricObservation]] = {}
    scoped: dict[int, bool] = {}            # whether an observation's scope was named in its own sentence
    index_period: Period | None = None
    prev_para, prev_soft, para_scope, para_period = -1, "", None, None
    article_period: Period | None = None     # the period the title or the lead names
    lead_end = _lead_end(text)
    unread: list[tuple[str, str]] = []      # this paragraph's sentences without figures, places not yet read

    def paragraph_scope() -> str | None:
        """The place the paragraph's latest sentence named (read only when a figure needs it)."""
        nonlocal para_scope
        while unread:
            marks_ = markers(*unread.pop(), art_scope)
            if marks_:
                para_scope = marks_[0][1]
                unread.clear()
        return para_scope

    for s in split_sentences(text):
        sent, soft = s.text, soft_fold(s.text)
        if s.para != prev_para:
            prev_soft, para_scope, para_period = "", None, None
            unread.clear()
        figures = find_figures(sent, published) if rx(r"\d|nhất|nhì|thứ").search(sent) else []
        index_context = INDEX_CONTEXT.search(soft)
        if not figures:
            periods = find_periods(fold_aligned(sent), published)
            if periods:
                para_period = periods[-1][2]      # "Theo báo cáo DTI 2022, …" then the figures
                if index_context and index_period is None:
                    index_period = _index_year(periods, index_context)   # the year of the index results the article is about
                if s.start < lead_end and article_period is None:
                    article_period = periods[0][2]
            unread.append((sent, soft))
            prev_para, prev_soft = s.para, soft
            continue
        folded = fold_aligned(sent)
        periods = find_periods(folded, published)
        if index_context and periods and index_period is None:
            index_period = _index_year(periods, index_context)
        if periods and s.start < lead_end and article_period is None:
            article_period = periods[0][2]
        marks = markers(sent, soft, art_scope)
        starts = clauses(soft)
        spans = [(f.start, f.end) for f in figures]
        pairs, years = paired(spans, marks, soft), paired_years(spans, folded)
        as_of_now = AS_OF_NOW.search(soft, 0, figures[0].start)
        for n, fig in enumerate(figures):
            period = years.get(n) or _period_for(fig, periods, folded)
            cls = figure_class(fig.unit)
            if period is not None and published is not None and period.start and period.start > published:
                continue                           # a period still to come: a target
            if period is None and as_of_now and published is not None:
                period = Period(f"đến {published.day}/{published.month}/{published.year}", None, published, "published")
            if period is None:                     # the paragraph's, an index's year, the lead's (not one to come)
                carried = (index_period, para_period, article_period) if cls in SCORE_CLASSES else (para_period, article_period)
                period = next((p for p in carried
                               if p is not None and not (published and p.start and p.start > published)), None)
            first = FROM_VALUE.search(folded, 0, fig.end)
            if period is not None and first and rx(r"\s*(?:len|xuong)(?!\w)").match(folded, fig.end) and \
                    not any(first.start() <= a < fig.start for a, _b, _p in periods):
                period = _year_before(period) or period     # the first value of "từ 61 lên 55": the year before
            counts_places = cls == "quantity" and bool(PLACE_COUNT.fullmatch(soft_fold(fig.unit)))
            own_scope = pairs.get(n) or scope_for(fig.start, fig.end, marks, starts, counts_places)
            scope = own_scope or paragraph_scope() or art_scope
            ind = reg.match(cls, fig.kind, fig.value, soft_fold(fig.unit), soft[:fig.start], soft_fold(fig.label), prev_soft)
            key = ind.key if ind else OTHER
            if key == OTHER and cls == "quantity" and fig.out_of is None and \
                    not (digital.search(soft) or digital.search(prev_soft)):
                continue                           # a harvest, a grant, merged communes: not a CĐS figure
            kind = "forecast" if fig.qualifier and "dự báo" in fig.qualifier.lower() else fig.kind
            obs = MetricObservation(
                indicator=key, label=ind.entry.label if ind else (fig.label or "số liệu"), value=fig.value,
                unit=ind.entry.unit if ind else fig.unit, out_of=fig.out_of, period=period.label if period else None,
                scope=scope, qualifier=fig.qualifier, sentence=sent, kind=kind, scope_now=scope_now(scope),
                start=s.start + fig.start, end=s.start + fig.end)
            ident = (round(obs.value, 6), cls, kind)
            same = [o for o in seen.get(ident, []) if _same_measure(o, key, obs.label, cls, o.start == obs.start, o.start < lead_end)
                    and (o.scope == scope or not own_scope or not scoped.get(id(o)))]
            if same:                             # the same figure again (headline and body): one observation
                first = same[0]
                first.period = first.period or obs.period
                first.qualifier = first.qualifier or obs.qualifier
                if first.indicator == OTHER and key != OTHER:
                    first.indicator, first.label, first.unit = obs.indicator, obs.label, obs.unit
                if own_scope and not scoped.get(id(first)):      # the body names whose figure the headline gave
                    first.scope, first.scope_now, scoped[id(first)] = scope, scope_now(scope), True
                continue
            seen.setdefault(ident, []).append(obs)
            scoped[id(obs)] = bool(own_scope)
            out.append(obs)
        if periods:
            para_period = periods[-1][2]
        if marks and marks[0][0] < figures[0].start:
            para_scope = marks[0][1]              # the sentence's subject, not a comparison after a figure
            unread.clear()
        prev_para, prev_soft = s.para, soft
    return out
