"""Near-duplicate signatures: MinHash over syllable shingles of the folded text (title and lead
weighted in). Pure: the index that uses them lives in storage.story_index."""
from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash

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
