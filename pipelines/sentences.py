"""The one sentence splitter (meetings and figures both read sentences): paragraphs by blank lines,
sentences at . ! ? … and ; before a capital letter (an abbreviation such as "TP." or "ThS." does
not end a sentence), and at line breaks."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# after . ! ? … : a capital, a quote or bracket, or a digit ("… đạt 80%. 100% xã …"); after ; a capital only
_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(\[]?[A-ZĐÀ-ỸÐ0-9])|(?<=;)\s+(?=[\"“(]?[A-ZĐÀ-ỸÐ])|\n+")
_ABBREV = re.compile(r"(?:\b(?:TP|Tp|ThS|TS|PGS|GS|BS|KS|Th\.S|St|Q|P|TT|Mr|Ms|Dr|Th)\.|\b[A-ZĐ]\.)$")
from pipelines.rx import rx


@dataclass(frozen=True)
class Sentence:
    para: int          # paragraph index (0-based)
    start: int         # offset of the sentence in the text
    text: str


@lru_cache(maxsize=16)
def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Every sentence of the text with its paragraph and offset, in order. Cached: the meeting and
    figure recognisers read the same text."""
    out: list[Sentence] = []
    pos = 0
    for p, para in enumerate(rx(r"\n\s*\n").split(text)):
        base = text.find(para, pos)
        pos = base + len(para)
        last = 0
        for m in list(_END.finditer(para)) + [None]:
            cut = m.start() if m else len(para)
            if m and m.group(0).strip(" \t") == "" and _ABBREV.search(para[last:cut]):
                continue                    # "TP. Hồ Chí Minh", "ThS. Nguyễn …"
            sent = para[last:cut]
            if sent.strip():
                lead = len(sent) - len(sent.lstrip())
                out.append(Sentence(p, base + last + lead, sent.strip()))
            last = m.end() if m else len(para)
    return tuple(out)
