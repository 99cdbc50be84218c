"""Vietnamese numbers: decimal comma, thousands dot, scale words, ranges, percentages, ranks."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.textnorm import fold

# The one table of Vietnamese number words (meetings' ordinals, ranks in words, periods' "sáu tháng").
NUMBER_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
                "mười": 10, "mười một": 11, "mười hai": 12}
ORDINAL_WORDS = {"nhất": 1, "nhì": 2, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
                 "chín": 9, "mười": 10}
SCALES = {"nghin ty": 1e12, "ngan ty": 1e12, "nghin": 1e3, "ngan": 1e3, "trieu": 1e6, "ty": 1e9, "ti": 1e9}
_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s*(nghìn tỷ|ngàn tỷ|nghìn|ngàn|triệu|tỷ|tỉ)(?![\wÀ-ỹ]))?"
_NUMBER_RE = re.compile(rf"(?<![\d.,/])({_NUM}){_SCALE}(?![\d])", re.I)
_RANGE_RE = re.compile(rf"(?<![\d.,/])({_NUM})\s*(?:-|–|—|đến|tới)\s*({_NUM}){_SCALE}\s*(%)?", re.I)
_RANK_RE = re.compile(r"(?<![\d.,/])(\d{1,2})\s*/\s*(63|34|64|61|62|36)(?![\d/])")


def parse_number(text: str) -> float:
    """'80,2' -> 80.2; '2.398' -> 2398; '1.347.087' -> 1347087; '0,6077' -> 0.6077; '13,2 triệu' -> 13.2e6.

    A dot followed by groups of exactly three digits is a thousands separator (Vietnamese style);
    a comma is the decimal mark. Raises ValueError for anything else.
    """
    s = text.strip()
    m = re.fullmatch(rf"({_NUM}){_SCALE}", s, re.I)
    if not m:
        raise ValueError(f"not a Vietnamese number: {text!r}")
    raw, scale = m.group(1), m.group(2)
    if "," in raw:
        whole, dec = raw.split(",", 1)
        value = float(whole.replace(".", "") + "." + dec)
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
        value = float(raw.replace(".", ""))
    else:
        value = float(raw)
    if scale:
        value *= SCALES[fold(scale)]
    return value


def format_vn(value: float, decimals: int = 2) -> str:
    """The inverse, for messages and tests: 1347087 -> '1.347.087', 80.2 -> '80,2'."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    whole, dec = f"{value:.{decimals}f}".split(".")
    dec = dec.rstrip("0")
    return f"{int(whole):,}".replace(",", ".") + ("," + dec if dec else "")


@dataclass(frozen=True)
class NumberMention:
    kind: str            # number | percent | range | rank
    value: float         # the number (for a range: its low end; for a rank: the position)
    start: int
    end: int
    raw: str
    high: float | None = None      # a range's high end
    out_of: int | None = None      # a rank's total (63 provinces…)


def find_numbers(text: str) -> list[NumberMention]:
    """Every number mention in running text, ranges and ranks recognised as such, in order."""
    found: list[NumberMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for m in _RANK_RE.finditer(text):
        found.append(NumberMention("rank", float(m.group(1)), m.start(), m.end(), m.group(0), out_of=int(m.group(2))))
        taken.append((m.start(), m.end()))
    for m in _RANGE_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        scale = m.group(3)
        lo = parse_number(m.group(1) + (" " + scale if scale else ""))
        hi = parse_number(m.group(2) + (" " + scale if scale else ""))
        if lo >= hi:
            continue            # "2023 - 2025" style spans are still ranges; "8 - 3" is not
        found.append(NumberMention("range", lo, m.start(), m.end(), m.group(0), high=hi))
        taken.append((m.start(), m.end()))
    for m in _NUMBER_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        raw = m.group(0)
        try:
            value = parse_number(raw)
        except ValueError:
            continue
        end = m.end()
        kind = "number"
        tail = text[end:end + 2]
        if tail.lstrip().startswith("%"):
            kind = "percent"
            end = text.index("%", end) + 1
        found.append(NumberMention(kind, value, m.start(), end, text[m.start():end]))
        taken.append((m.start(), end))
    return sorted(found, key=lambda n: n.start)
