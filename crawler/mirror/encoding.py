"""Encoders the mirror uses to serve pages the way some portals do (windows-1258, NFD)."""
from __future__ import annotations

import unicodedata


def to_cp1258(text: str) -> bytes:
    """Encode as windows-1258: precomposed where the code page has it, tone marks combining."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        # keep the longest encodable precomposed base, the remaining marks as combining chars
        for cut in range(len(parts), 0, -1):
            base = unicodedata.normalize("NFC", parts[:cut])
            try:
                encoded = base.encode("cp1258") + parts[cut:].encode("cp1258")
                out += encoded
                break
            except UnicodeEncodeError:
                continue
        else:
            out += ch.encode("cp1258", "xmlcharrefreplace")
    return bytes(out)
