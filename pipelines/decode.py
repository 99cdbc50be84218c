"""Bytes to text: the declared charset when it holds, else a sniffed one (windows-1258 aware)."""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CT_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_VN_HINT = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ]|[\u0300\u0301\u0303\u0309\u0323]")


def _lookup(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def declared_charset(body: bytes, content_type: str | None) -> str | None:
    if content_type:
        m = _CT_RE.search(content_type)
        if m and _lookup(m.group(1)):
            return _lookup(m.group(1))
    m = _META_RE.search(body[:4096])
    return _lookup(m.group(1).decode("ascii", "ignore")) if m else None


def _looks_vietnamese(text: str) -> bool:
    return bool(_VN_HINT.search(text[:20000]))


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a page; returns (text, encoding). Never raises on bad bytes.

    Order: BOM, then the declared charset if it decodes cleanly, then UTF-8, then
    charset-normalizer's guess, then windows-1258 with replacement as the last resort.
    """
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace"), "utf-8"
    declared = declared_charset(body, content_type)
    if declared:
        try:
            text = body.decode(declared)
            # a page declared latin-1/ascii that is really UTF-8 is common: prefer UTF-8 then
            if declared in ("iso8859-1", "ascii", "cp1252") and _utf8_ok(body):
                return body.decode("utf-8"), "utf-8"
            return text, declared
        except (UnicodeDecodeError, LookupError):
            pass
    if _utf8_ok(body):
        return body.decode("utf-8"), "utf-8"
    best = from_bytes(body[:200_000], cp_isolation=["cp1258", "utf_8", "cp1252", "latin_1"]).best()
    if best is not None and best.encoding:
        text = body.decode(best.encoding, "replace")
        if _looks_vietnamese(text) or best.encoding == "cp1258":
            return text, _lookup(best.encoding) or best.encoding
    return body.decode("cp1258", "replace"), "cp1258"


def _utf8_ok(body: bytes) -> bool:
    try:
        body.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False
