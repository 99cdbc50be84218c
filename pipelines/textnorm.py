"""Vietnamese Unicode hygiene: NFC, Ð→Đ, invisible characters, and the one folding function."""
from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000"), " ")
# U+00D0 (Icelandic eth) used for U+0110 (Vietnamese Đ): fix it where a Vietnamese word follows.
_ETH_RE = re.compile(r"[\u00d0\u00f0](?=[a-zA-ZÀ-ỹ])|(?<=[\s(\"'“])[\u00d0](?=[\s,.])")
_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "d", "\u00d0": "d", "\u00f0": "d"})
_WS_RE = re.compile(r"[ \t\r\f\v]+")
_NL_RE = re.compile(r"\n{3,}")


def _fix_eth(m: re.Match) -> str:
    return "Đ" if m.group(0) == "\u00d0" else "đ"


def normalize_text(text: str) -> str:
    """NFC, Ð→Đ inside words, zero-width removed, NBSP→space, runs of spaces collapsed."""
    if not text:
        return ""
    text = text.translate(_ZERO_WIDTH).translate(_SPACES)
    text = unicodedata.normalize("NFC", text)
    text = _ETH_RE.sub(_fix_eth, text)
    text = _WS_RE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _NL_RE.sub("\n\n", text).strip()


def normalize_line(text: str) -> str:
    """normalize_text for one-line fields (titles, authors): newlines become spaces."""
    return normalize_text(text).replace("\n", " ").strip()


def fold(text: str) -> str:
    """The single matching/indexing form: tone marks stripped, đ→d, lower case, NFC-safe.

    "Đề án 06" -> "de an 06"; "hoà" and "hòa" -> "hoa"; "Ðề án" (eth) -> "de an".
    """
    if not text:
        return ""
    text = text.translate(_ZERO_WIDTH).translate(_SPACES).translate(_FOLD_TABLE)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _WS_RE.sub(" ", stripped.lower()).strip()
