"""Near-duplicate signatures: MinHash over syllable shingles of the folded text (title and lead
weighted in), and the facts a copy keeps (its places and its figures) that a look-alike report of
another province or another month does not. Pure: the index that uses them lives in
storage.story_index."""
from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np
from datasketch import MinHash

from pipelines.places import find_provinces
from pipelines.textnorm import fold

NUM_PERM = 64
SCHEME = "affine32"        # stored signatures must be read back with the scheme that made them
SHINGLE = 3                # syllables per shingle
# Chosen on the team's fixtures: syndicated copies (new byline, a sentence added, a new title)
# score 0.88-0.91 against their original; different articles, even about the same meeting,
# score at most 0.14. 0.5 sits far from both.
THRESHOLD = 0.5
MIN_CHARS = 400            # tiny bodies never join a story: too little text to judge
_WORD = re.compile(r"[a-z0-9]+")
# Figures a copy keeps: numbers with two or more digits, or with a decimal or thousands mark;
# years are left out (every report of the year names it).
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,/]\d+)*(?![\w])")
_YEAR = re.compile(r"(?:19|20)\d\d")
MIN_FIGURES = 3            # both texts need this many figures before theirs are compared
SHARED_FIGURES = 0.6       # a copy keeps at least this share of the shorter text's figures


def shingles(title: str, lead: str, text: str) -> set[bytes]:
    """Syllable 3-shingles of the folded text; the title counts twice and the lead once more."""
    body = text[len(lead):] if lead and text.startswith(lead) else text
    words = _WORD.findall(fold(f"{title} {title} {lead} {lead} {body}"))
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(max(0, len(words) - SHINGLE + 1))}


_PERMUTATIONS = MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations   # drawn once, not per article


def signature(title: str, lead: str, text: str) -> MinHash | None:
    """The article's MinHash, or None when the body is too short to take part in stories."""
    if len(text or "") < MIN_CHARS:
        return None
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_PERMUTATIONS)
    m.update_batch(list(shingles(title, lead, text)))
    return m


def to_bytes(m: MinHash) -> bytes:
    return m.hashvalues.astype(np.uint64).tobytes()


def from_bytes(raw: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashvalues=np.frombuffer(raw, dtype=np.uint64).copy(),
                   permutations=_PERMUTATIONS)


class Traits(NamedTuple):
    """What a copy of a story keeps: the provinces its title and lead name, the figures its text reports."""
    provinces: frozenset[str]
    figures: frozenset[str]


def traits(title: str, lead: str, text: str) -> Traits:
    head = fold(f"{title} {lead}")
    figures = {m.group() for m in _NUMBER.finditer(text or "")}
    figures = {f for f in figures if not _YEAR.fullmatch(f) and not (f.isdigit() and len(f) < 2)}
    return Traits(frozenset(name for _, name in find_provinces(head)), frozenset(figures))


def same_story(a: Traits, b: Traits) -> bool:
    """Whether two near-duplicate texts can be one story. Provincial portals write their reports
    from one template ("Tỉnh X: 90,0% thủ tục … trực tuyến toàn trình"), so MinHash alone joins the
    reports of different provinces; a syndicated copy names the same province and keeps the figures.
    Not one story: titles and leads that name provinces, none in common; or two texts with figures
    of which fewer than SHARED_FIGURES of the shorter one's are in the other."""
    if a.provinces and b.provinces and not a.provinces & b.provinces:
        return False
    fewer = min(len(a.figures), len(b.figures))
    if fewer >= MIN_FIGURES and len(a.figures & b.figures) < SHARED_FIGURES * fewer:
        return False
    return True
