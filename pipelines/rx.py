"""Compiled patterns, kept: the recognisers' inline patterns outnumber the `re` module's own cache
(512, shared with trafilatura and htmldate), so without this they are compiled again and again."""
from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=None)
def rx(pattern: str, flags: int = 0) -> re.Pattern:
    return re.compile(pattern, flags)
