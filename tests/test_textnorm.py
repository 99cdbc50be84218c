"""pipelines.textnorm and pipelines.decode: NFC, Ð, invisible characters, folding, charsets."""
import unicodedata

from hypothesis import given, strategies as st

from mirror.encoding import to_cp1258
from pipelines.decode import decode_html
from pipelines.textnorm import fold, normalize_text

VN = "Ủy ban Quốc gia về chuyển đổi số họp phiên thứ tám tại Đắk Lắk, Thành uỷ hoà thuận"


def test_fold_strips_tones_and_maps_d_with_stroke():
    assert fold("Đề án 06") == "de an 06"
    assert fold("\u00d0ề án") == "de an"                  # Icelandic eth written for Đ
    assert fold("hoà") == fold("hòa") == "hoa"
    assert fold("uỷ") == fold("ủy") == "uy"
    assert fold(unicodedata.normalize("NFD", VN)) == fold(VN)


def test_normalize_text_nfc_eth_zero_width_nbsp():
    raw = unicodedata.normalize("NFD", "Ðề\u200b án\u00a006 của ÐẮK LẮK")
    assert normalize_text(raw) == "Đề án 06 của ĐẮK LẮK"
    assert unicodedata.is_normalized("NFC", normalize_text(raw))


@given(st.text(alphabet=st.sampled_from(list(VN + "ĐđÐ\u200b\u00a0 \n")), max_size=80))
def test_normalize_and_fold_are_idempotent(s):
    n = normalize_text(s)
    assert normalize_text(n) == n
    assert fold(fold(s)) == fold(s)
    assert "đ" not in fold(s) and "\u200b" not in n


def test_windows_1258_declared_sniffed_and_lying():
    body = to_cp1258(VN)
    assert body != VN.encode("utf-8")
    for ctype in ("text/html; charset=windows-1258", None):
        text, enc = decode_html(body, ctype)
        assert normalize_text(text) == VN and enc == "cp1258"
    text, enc = decode_html(VN.encode("utf-8"), "text/html; charset=iso-8859-1")   # a lying header
    assert text == VN and enc == "utf-8"


def test_meta_charset_and_bom():
    body = b'<html><head><meta charset="windows-1258"></head><body>' + to_cp1258(VN) + b"</body></html>"
    assert VN in normalize_text(decode_html(body)[0])
    assert decode_html(b"\xef\xbb\xbf" + VN.encode())[0] == VN
