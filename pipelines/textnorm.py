"""Vietnamese Unicode hygiene: NFC, Ð→Đ, invisible characters, and the one folding function."""
from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000"), " ")
# U+00D0 (Icelandic eth) used for U+0110 (Vietnamese Đ): fix it where a Vietnamese word follows.
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\u2007\u202f\u2009\u200a\u3000]")
_ETH_RE = re.compile(r"[\u00d0\u00f0](?=[a-zA-ZÀ-ỹ])|(?<=[\s(\"'“])[\u00d0](?=[\s,.])")
_WS_RE = re.compile(r"[ \t\r\f\v]+")
_NL_RE = re.compile(r"\n{3,}")


def _fix_eth(m: re.Match) -> str:
    return "Đ" if m.group(0) == "\u00d0" else "đ"


def normalize_text(text: str) -> str:
    """NFC, Ð→Đ inside words, zero-width removed, NBSP→space, runs of spaces collapsed."""
    if not text:
        return ""
    if _INVISIBLE_RE.search(text):
        text = text.translate(_ZERO_WIDTH).translate(_SPACES)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if "\u00d0" in text or "\u00f0" in text:
        text = _ETH_RE.sub(_fix_eth, text)
    text = _WS_RE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _NL_RE.sub("\n\n", text).strip()


def normalize_line(text: str) -> str:
    """normalize_text for one-line fields (titles, authors): newlines become spaces."""
    return normalize_text(text).replace("\n", " ").strip()


def _build_fold_table() -> dict[int, str | None]:
    """One translate table: precomposed letters to their base, combining marks and invisibles away."""
    table: dict[int, str | None] = {}
    for cp in list(range(0x00C0, 0x0250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
        if base != ch and base.isascii():
            table[cp] = base.lower()
    for cp in range(0x0300, 0x0370):
        table[cp] = None
    table.update({ord("đ"): "d", ord("Đ"): "d", 0x00D0: "d", 0x00F0: "d"})
    table.update(_ZERO_WIDTH)
    table.update({k: " " for k in _SPACES})
    return table


_FOLD = _build_fold_table()


def fold(text: str) -> str:
    """The single matching/indexing form: tone marks stripped, đ→d, lower case, NFC/NFD alike.

    "Đề án 06" -> "de an 06"; "hoà" and "hòa" -> "hoa"; "Ðề án" (eth) -> "de an".
    """
    if not text:
        return ""
    return _WS_RE.sub(" ", text.translate(_FOLD).lower()).strip()


def _build_aligned_table() -> dict[int, str]:
    table = {k: v for k, v in _FOLD.items() if v is not None and len(v) == 1}
    for cp in list(range(0x0300, 0x0370)) + [ord(c) for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"]:
        table[cp] = " "
    for k in _SPACES:
        table[k] = " "
    for ch in "\t\n\r\f\v":
        table[ord(ch)] = " "
    return table


_FOLD_ALIGNED = _build_aligned_table()


def fold_aligned(text: str) -> str:
    """fold() one character for one character (no whitespace collapsing, marks become spaces), so
    an offset in the folded text is the same offset in the original."""
    out = text.translate(_FOLD_ALIGNED).lower()
    if len(out) != len(text):       # a character whose lower case is longer (rare outside Vietnamese)
        out = "".join((c.translate(_FOLD_ALIGNED).lower() + " ")[0] for c in text)
    return out


_TONE_MOVE = {}
for _a, _b in (("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"), ("oè", "òe"), ("oé", "óe"),
               ("oẻ", "ỏe"), ("oẽ", "õe"), ("oẹ", "ọe"), ("uỳ", "ùy"), ("uý", "úy"), ("uỷ", "ủy"), ("uỹ", "ũy"),
               ("uỵ", "ụy")):
    _TONE_MOVE[_a] = _b
_OLD_STYLE = re.compile("(" + "|".join(_TONE_MOVE) + r")(?![^\W\d_])")


def soft_fold(text: str) -> str:
    """Lower case with the tone marks kept, one character for one (offsets stay valid): NFC, Ð→đ,
    and the old tone placement moved to the new ("hoà" -> "hòa", "thuỷ" -> "thủy"). For matching
    words whose folded forms collide ("bằng"/"bảng", "đạt"/"đất", "tăng"/"tầng", "hạng"/"hàng")."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    low = text.replace("\u00d0", "đ").replace("\u00f0", "đ").lower()
    if len(low) != len(text):
        low = "".join((c.lower() + " ")[0] for c in text.replace("\u00d0", "đ"))
    return _OLD_STYLE.sub(lambda m: _TONE_MOVE[m.group(1)], low) if _OLD_STYLE.search(low) else low
