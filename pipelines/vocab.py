"""Shared Vietnamese vocabulary: provinces (63 before the 2025 merger, 34 after), person surnames."""
from __future__ import annotations

import re

from pipelines.textnorm import fold

PROVINCES = [
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định",
    "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng", "Đà Nẵng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
    "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng",
    "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên",
    "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
    "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Huế", "Tiền Giang", "Thành phố Hồ Chí Minh",
    "Hồ Chí Minh", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
]
# folded name -> canonical name ("TP. Hồ Chí Minh" and "Hồ Chí Minh" are one scope)
_CANONICAL = {"thanh pho ho chi minh": "Hồ Chí Minh", "tp ho chi minh": "Hồ Chí Minh", "thua thien hue": "Huế"}
PROVINCE_BY_FOLD: dict[str, str] = {fold(p): _CANONICAL.get(fold(p), p) for p in PROVINCES}
PROVINCE_BY_FOLD.update(_CANONICAL)

SURNAMES = {fold(s) for s in (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Kim", "Đào", "Đinh", "Lâm", "Mai", "Trương", "Tô", "Hà", "Lương", "Triệu", "Thái", "Cao",
    "Chu", "Quách", "Tạ", "Văn", "Đoàn", "Lưu", "Trịnh", "Tăng", "Giang", "Châu", "Thạch", "Lò", "Y", "Nông")}


_PROVINCE_RE = re.compile(
    r"(?<![\w])(" + "|".join(re.escape(n) for n in sorted(PROVINCE_BY_FOLD, key=len, reverse=True)) + r")(?![\w])")


def find_provinces(folded: str) -> list[tuple[int, str]]:
    """(position, canonical name) of every province named in folded text (longest name wins)."""
    return [(m.start(), PROVINCE_BY_FOLD[m.group(1)]) for m in _PROVINCE_RE.finditer(folded)]
