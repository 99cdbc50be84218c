"""Dates in running text ("Sáng 24/4", "Chiều 30-11", "hôm qua (24/4)", "ngày 24 tháng 12 năm 2025"),
resolved against the publication date, with the year rollover (published 2/1, "chiều 28/12" = last year)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_PART = r"(?:sáng|chiều|trưa|tối|đêm|rạng sáng)"
_DM = r"(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?:\s*[/\-.]\s*((?:19|20)\d{2}))?(?![\d/\-]|\.\d)"
DATE_PATTERNS = [
    # "ngày 24 tháng 12 năm 2025"
    ("long", re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+((?:19|20)\d{2}))?", re.I)),
    # "Sáng 24/4", "Chiều 30-11", "sáng nay (24/4)", "Sáng hôm qua (24/4)", "chiều ngày 8/8"
    ("part", re.compile(rf"{_PART}(?:\s+(?:nay|qua|hôm nay|hôm qua|ngày))?\s*\(?\s*{_DM}", re.I)),
    # "ngày 12/7", "(1/1/2024)", "hôm nay (24/4)"
    ("day", re.compile(rf"(?:ngày|hôm nay|hôm qua|\()\s*\(?\s*{_DM}", re.I)),
]
RELATIVE = [(re.compile(r"\bhôm qua\b|\bsáng qua\b|\bchiều qua\b|\btối qua\b", re.I), -1),
            (re.compile(r"\bhôm nay\b|\bsáng nay\b|\bchiều nay\b|\btối nay\b", re.I), 0)]
_ANY_DATE = re.compile(r"\d\s*[/\-.]\s*\d|tháng|qua\b|nay\b", re.I)     # no date can be here without one of these
MAX_AHEAD = timedelta(days=31)      # a date further ahead than this in a report is last year's


@dataclass(frozen=True)
class TextDate:
    value: date
    start: int
    end: int
    explicit_year: bool


def resolve(day: int, month: int, year: int | None, published: date | None) -> date | None:
    """A day/month (and maybe year) as meant by an article published on `published`."""
    try:
        if year:
            return date(year, month, day)
        if published is None:
            return None
        d = date(published.year, month, day)
    except ValueError:
        return None
    if d - published > MAX_AHEAD:
        try:
            d = date(published.year - 1, month, day)
        except ValueError:
            return None
    return d


def find_dates(text: str, published: date | None) -> list[TextDate]:
    """Every resolvable date expression in text, in order (relative words resolve to publication)."""
    found: list[TextDate] = []
    if not _ANY_DATE.search(text):
        return found
    taken: list[tuple[int, int]] = []
    for _, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            if any(not (m.end() <= a or m.start() >= b) for a, b in taken):
                continue
            day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            d = resolve(day, month, int(year) if year else None, published)
            if d is not None:
                found.append(TextDate(d, m.start(), m.end(), bool(year)))
                taken.append((m.start(), m.end()))
    if published is not None:
        for rx, offset in RELATIVE:
            for m in rx.finditer(text):
                if all(m.end() <= a or m.start() >= b for a, b in taken):
                    found.append(TextDate(published + timedelta(days=offset), m.start(), m.end(), False))
                    taken.append((m.start(), m.end()))
    return sorted(found, key=lambda t: t.start)
