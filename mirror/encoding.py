"""Encoders the mirror uses to serve pages the way some portals do (windows-1258, NFD)."""
from __future__ import annotations

import unicodedata


_TONES = "\u0300\u0301\u0303\u0309\u0323"   # the five tone marks windows-1258 keeps combining


def to_cp1258(text: str) -> bytes:
    """Encode as windows-1258: base letters precomposed (â, ơ, ư…), tone marks as combining chars."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        tones = "".join(c for c in parts if c in _TONES)
        try:
            out += base.encode("cp1258") + tones.encode("cp1258")
        except UnicodeEncodeError:
            out += ch.encode("cp1258", "xmlcharrefreplace")
    return bytes(out)
