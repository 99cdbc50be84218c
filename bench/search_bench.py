"""Search benchmark (issue #8): a synthetic archive of N Vietnamese CĐS-like articles on SQLite and
PostgreSQL, loaded in bulk into a schema made by open_archive (so the FTS5 triggers and the generated
tsvector + GIN index do their real work), then search latency through storage.search.search (top 20,
two-word queries), a metric series query through v_metrics, load rate and database size per article.

    .venv/bin/python -m bench.search_bench --articles 1000000 --backend both

Run on demand (make bench-search). The section of docs/performance.md is rewritten for runs of at
least 100,000 articles (or with --doc); a run of one backend keeps the other backend's last column.
"""
from __future__ import annotations

import argparse
import bisect
import hashlib
import itertools
import json
import math
import multiprocessing
import os
import platform
import queue
import random
import re
import sqlite3
import statistics
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import event, text as sql
from sqlalchemy.engine import make_url

from pipelines.textnorm import fold
from storage.db import open_archive
from storage.models import Source
from storage.query import read_only_engine
from storage.search import search

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/"
AIM_MS = 100.0
SERIES_SQL = "SELECT period, value FROM v_metrics WHERE indicator = :i AND scope = :s ORDER BY period"

# ---------------------------------------------------------------------------------------------
# Vocabulary. Terms are listed from the most to the least frequent; draws follow a Zipf law over
# the list, so the first terms are in nearly every article and the last in a few percent. RARE
# terms appear only in the occasional article (about 0.1–1% of articles each).

TERMS = """chuyển đổi số|dịch vụ công trực tuyến|dữ liệu|chính quyền số|Đề án 06|hạ tầng số|nền tảng số|
chữ ký số|kinh tế số|xã hội số|thủ tục hành chính|định danh điện tử|công dân số|Cổng Dịch vụ công quốc gia|
cơ sở dữ liệu quốc gia về dân cư|an toàn thông tin|tổ công nghệ số cộng đồng|thanh toán không dùng tiền mặt|
trí tuệ nhân tạo|điện toán đám mây|hồ sơ điện tử|số hóa hồ sơ|kỹ năng số|trung tâm điều hành thông minh|
đô thị thông minh|y tế số|giáo dục số|thương mại điện tử|doanh nghiệp công nghệ số|ứng dụng VNeID|
thẻ căn cước gắn chíp|cáp quang|mạng 5G|băng rộng di động|an ninh mạng|hóa đơn điện tử|bệnh án điện tử|
học bạ số|sổ sức khỏe điện tử|nông nghiệp số|sàn thương mại điện tử|mã QR|Nghị quyết 57|khoa học công nghệ|
đổi mới sáng tạo|bình dân học vụ số|kho dữ liệu dùng chung|trục liên thông văn bản|
nền tảng tích hợp chia sẻ dữ liệu|chữ ký điện tử|dữ liệu mở|camera giám sát|hội nghị trực tuyến|
văn bản điện tử|một cửa điện tử|phiếu lý lịch tư pháp|giấy phép lái xe|đăng ký khai sinh|bảo hiểm xã hội|
thuế điện tử|ví điện tử|Mobile Money|trung tâm dữ liệu|dữ liệu lớn|nhân lực số|Internet vạn vật|
thành phố thông minh|du lịch thông minh|chợ 4.0|nông sản lên sàn|chứng thư số|xác thực sinh trắc học|
lừa đảo trực tuyến|điện thoại thông minh|sóng di động|vùng lõm sóng|khu công nghệ cao|bưu chính số|
phòng họp không giấy|thư điện tử công vụ|hệ thống quản lý văn bản|tiếp nhận phản ánh kiến nghị|
tổng đài 1022|bản đồ số|quy hoạch số|địa chỉ số|cổng thông tin điện tử""".replace("\n", "").split("|")

RARE = """công nghệ lượng tử|chip bán dẫn|chuỗi khối blockchain|thiết bị bay không người lái|xe tự hành|
vệ tinh quỹ đạo thấp|tài sản mã hóa|bản sao số|thực tế ảo|kính thực tế tăng cường|robot phẫu thuật|
điện toán biên|mạng 6G|siêu máy tính|pin thể rắn|nhà kính thông minh|mã độc tống tiền|
tấn công từ chối dịch vụ|video giả mạo deepfake|cơ chế thử nghiệm có kiểm soát|khu thương mại tự do|
chứng thực bản sao điện tử|sổ đỏ điện tử|trạm sạc xe điện|đèn giao thông thông minh|bãi đỗ xe thông minh|
quan trắc môi trường tự động|cảm biến độ mặn|nuôi tôm công nghệ cao|hợp tác xã số|làng văn hóa số|
thư viện số|bảo tàng số|di sản số hóa|sách giáo khoa điện tử|khám chữa bệnh từ xa|đơn thuốc điện tử|
giấy chứng sinh điện tử|kiosk tự phục vụ|trợ lý ảo|chatbot tư vấn thủ tục|mạng riêng ảo|tường lửa thế hệ mới|
trung tâm giám sát an ninh mạng|thuê bao di động chính chủ|sim rác|cáp quang biển|trạm phát sóng BTS|
thanh toán bằng khuôn mặt|ví sức khỏe|hộ kinh doanh số|phiên chợ không dùng tiền mặt|OCOP trên sàn|
giáo án điện tử|lớp học thông minh|thẻ bảo hiểm y tế điện tử|tem truy xuất điện tử|vé tàu điện tử|
đấu giá trực tuyến|đấu thầu qua mạng|kho bạc số|ngân hàng số""".replace("\n", "").split("|")

ORGS = ["Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ", "UBND tỉnh", "Công an tỉnh",
        "Ban Chỉ đạo chuyển đổi số tỉnh", "Bộ Khoa học và Công nghệ", "Văn phòng Chính phủ", "Bộ Công an",
        "Trung tâm Phục vụ hành chính công", "Viettel", "VNPT", "MobiFone", "Bưu điện tỉnh", "Sở Y tế",
        "Sở Giáo dục và Đào tạo", "Sở Tài chính", "Hội Nông dân tỉnh", "Tỉnh đoàn", "Cục Chuyển đổi số quốc gia",
        "Trung tâm Công nghệ thông tin và Truyền thông", "Ngân hàng Nhà nước chi nhánh tỉnh", "Sở Nội vụ"]
ROLES = ["Phó Chủ tịch UBND tỉnh", "Chủ tịch UBND tỉnh", "Bí thư Tỉnh ủy", "Giám đốc Sở Khoa học và Công nghệ",
         "Trưởng Ban Chỉ đạo", "Thứ trưởng Bộ Khoa học và Công nghệ", "Phó Giám đốc Công an tỉnh",
         "Chủ tịch UBND huyện", "Phó Thủ tướng Chính phủ", "Giám đốc Trung tâm Phục vụ hành chính công"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Ngô", "Dương", "Lý", "Đào", "Đinh", "Lương", "Trịnh"]
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Ngọc", "Xuân", "Hồng", "Công", "Anh"]
GIVENS = ["Hùng", "Dũng", "Lan", "Hương", "Tuấn", "Thắng", "Hải", "Nam", "Bình", "Hà", "Long", "Sơn", "Phương",
          "Quang", "Trung", "Thủy", "Vinh", "Khánh", "Toàn", "Yến", "Chiến", "Đạt", "Hiếu", "Nhung"]
DOCS = ["Nghị quyết số 57-NQ/TW", "Quyết định số 06/QĐ-TTg", "Chỉ thị số 05/CT-TTg", "Nghị định 45/2020/NĐ-CP",
        "Quyết định số 749/QĐ-TTg", "Nghị quyết số 03/NQ-CP", "Kế hoạch số {N}/KH-UBND", "Công văn số {N}/UBND-KGVX",
        "Quyết định số 942/QĐ-TTg", "Luật Giao dịch điện tử 2023", "Luật Dữ liệu", "Nghị định 13/2023/NĐ-CP"]
UNITS = ["hồ sơ", "tài khoản", "thủ tục", "doanh nghiệp", "hộ gia đình", "người dân", "cán bộ, công chức",
         "điểm truy cập", "trạm BTS", "camera", "thôn, bản", "trường học", "cơ sở y tế", "giao dịch"]
VPASS = ["số hóa", "kích hoạt", "cấp mới", "xử lý trực tuyến", "kết nối", "đưa lên sàn", "xác thực", "tích hợp"]
PERIODS_TXT = ["6 tháng đầu năm {Y}", "9 tháng đầu năm {Y}", "quý I năm {Y}", "quý III năm {Y}", "năm {Y}",
               "tháng {M}/{Y}", "đầu năm {Y}"]

TEMPLATES = [
    "Năm {Y}, {P} đã triển khai {T} tới {N} xã, phường, thị trấn.",
    "{O} đề nghị các sở, ngành tiếp tục đẩy mạnh {T} gắn với {T2}.",
    "Tỷ lệ hồ sơ xử lý trực tuyến của {P} đạt {PCT}%, tăng {S} điểm phần trăm so với cùng kỳ.",
    "Theo báo cáo, đến nay toàn tỉnh có {N} {U} được {V}.",
    "Đồng chí {NAME}, {ROLE}, nhấn mạnh {T} là nhiệm vụ trọng tâm, xuyên suốt của cả hệ thống chính trị.",
    "Trong {PER}, {P} đã cấp {N} {T} cho người dân và doanh nghiệp.",
    "Việc triển khai {T} góp phần nâng cao hiệu quả {T2}, tiết kiệm thời gian, chi phí cho người dân.",
    "{P} phấn đấu đến năm {FY} có {PCT}% {T} được thực hiện toàn trình.",
    "Hội nghị đã đánh giá kết quả thực hiện {T} {PER} và triển khai nhiệm vụ thời gian tới.",
    "Bên cạnh đó, vẫn còn một số khó khăn, vướng mắc như {T} chưa đồng bộ, {T2} còn hạn chế.",
    "{O} phối hợp với {O2} tổ chức tập huấn {T} cho {N} cán bộ, công chức.",
    "Người dân có thể tra cứu, nộp hồ sơ qua {T} mọi lúc, mọi nơi.",
    "Chỉ số chuyển đổi số (DTI) năm {Y} của {P} xếp thứ {R}/63 tỉnh, thành phố.",
    "Tổ công nghệ số cộng đồng tại {N} thôn, bản đã hướng dẫn người dân cài đặt {T}.",
    "Theo {O}, {T} đã kết nối, chia sẻ dữ liệu với {S} hệ thống thông tin.",
    "Các đơn vị cần quán triệt {DOC} của Chính phủ về {T}.",
    "{P} tiếp tục hoàn thiện {T}, bảo đảm {T2} an toàn, thông suốt.",
    "Đến hết {PER}, đã có {N} tài khoản định danh điện tử được kích hoạt trên địa bàn {P}.",
    "Thực hiện {DOC}, {O} đã ban hành kế hoạch về {T} giai đoạn {Y}-{FY}.",
    "Lãnh đạo {O} yêu cầu người đứng đầu các cơ quan, đơn vị chịu trách nhiệm về {T}.",
    "Tổng kinh phí đầu tư cho {T} là {S} tỷ đồng, từ ngân sách tỉnh và nguồn xã hội hóa.",
    "Doanh thu từ {T} {PER} ước đạt {N} tỷ đồng, tăng {S}% so với cùng kỳ năm trước.",
    "{P} hiện có {N} {U}, trong đó {PCT}% đã sử dụng {T}.",
    "Tại buổi làm việc, {NAME} đề nghị {O} sớm khắc phục tồn tại về {T}.",
    "Phát biểu chỉ đạo, {ROLE} {NAME} yêu cầu tập trung tháo gỡ điểm nghẽn về {T} và {T2}.",
    "Mô hình {T} được nhân rộng ra {S} huyện, thị xã, thành phố.",
    "Dự kiến trong {PER}, {P} sẽ đưa vào vận hành {T}.",
    "Qua kiểm tra, {S} đơn vị chưa cập nhật đầy đủ dữ liệu lên {T}.",
    "Hội nghị trực tuyến được kết nối tới {N} điểm cầu cấp xã.",
    "Ngày {D}/{M}/{Y}, {O} tổ chức hội nghị sơ kết {T}.",
]
RARE_TEMPLATES = [
    "{P} thí điểm {X} tại {S} điểm trên địa bàn.",
    "Lần đầu tiên, {X} được ứng dụng trong {T}.",
    "{O} đang nghiên cứu phương án triển khai {X} giai đoạn {Y}-{FY}.",
    "Theo các chuyên gia, {X} sẽ tạo động lực mới cho {T}.",
]
TITLES = [
    "{P} đẩy mạnh {T} trong {PER}",
    "{P}: {N} {U} được {V} qua {T}",
    "Hội nghị sơ kết {T} {PER} tại {P}",
    "{O} hướng dẫn người dân sử dụng {T}",
    "Tháo gỡ vướng mắc về {T} và {T2}",
    "{P} phấn đấu hoàn thành {T} trước năm {FY}",
    "Nâng cao hiệu quả {T} gắn với {T2} ở {P}",
    "Chuyển đổi số tại {P}: {T} tạo chuyển biến rõ nét",
    "{P} xếp thứ {R}/63 về chỉ số chuyển đổi số năm {Y}",
    "Triển khai {DOC} về {T}",
]

# a few real indicators of pipelines/metrics.py, with their units
INDICATORS = [("online_full_process_share", "TTHC / DVC trực tuyến toàn trình", "%"),
              ("online_dossier_share", "Hồ sơ xử lý trực tuyến", "%"),
              ("digital_economy_gdp_share", "Tỷ trọng kinh tế số/GDP", "%"),
              ("fibre_household_share", "Hộ gia đình dùng cáp quang", "%"),
              ("smartphone_share", "Người dân dùng điện thoại thông minh", "%"),
              ("cashless_payment_share", "Thanh toán không dùng tiền mặt", "%"),
              ("eid_accounts", "Tài khoản định danh điện tử", "tài khoản"),
              ("community_digital_teams", "Tổ công nghệ số cộng đồng", "tổ"),
              ("dti_rank", "Xếp hạng DTI", "bậc"),
              ("dti_score", "Chỉ số DTI, điểm", "điểm")]
NATIONAL_SOURCES = ["Cổng Thông tin điện tử Chính phủ", "Báo Điện tử Chính phủ", "Bộ Khoa học và Công nghệ",
                    "Cục Chuyển đổi số quốc gia", "Tạp chí Thông tin và Truyền thông", "Báo VietnamNet",
                    "VnExpress Số hóa", "Báo Nhân Dân", "Thông tấn xã Việt Nam", "VietnamPlus", "Bộ Công an",
                    "Bộ Tài chính", "Bộ Y tế", "Bộ Giáo dục và Đào tạo", "Báo Lao Động"]
START = datetime(2021, 1, 1)
SPAN_DAYS = 5 * 365


def batch_size(n: int) -> int:
    """Articles per transaction / COPY: 20,000, fewer for small runs so that COPY streams share them."""
    return max(500, min(20_000, -(-n // 8)))


def _provinces() -> list[str]:
    from pipelines.vocab import PROVINCE_BY_FOLD
    return sorted(set(PROVINCE_BY_FOLD.values()))


def _zipf(n: int, s: float = 1.0) -> list[float]:
    return list(itertools.accumulate(1 / (k + 1) ** s for k in range(n)))


class Generator:
    """Deterministic article batches: batch b of a run is the same on both backends."""
    POOL = 60_000   # reused sentences; each article also gets a few made for it alone

    def __init__(self, n: int, seed: int):
        self.n, self.seed = n, seed
        self.provinces = _provinces()
        self.sources = make_sources(self.provinces)
        self.source_cw = _zipf(len(self.sources), 0.8)
        self.term_cw, self.rare_cw = _zipf(len(TERMS)), _zipf(len(RARE), 0.7)
        self.tpl_cw, self.prov_cw = _zipf(len(TEMPLATES), 0.5), _zipf(len(self.provinces), 0.3)
        rng = random.Random(seed)
        self.pool = [self.sentence(rng) for _ in range(self.POOL)]

    def pick(self, rng, items, cw):
        return items[bisect.bisect(cw, rng.random() * cw[-1])]

    def fill(self, tpl: str, rng: random.Random, **fixed) -> str:
        y = rng.randint(2021, 2025)
        slots = {
            "T": lambda: self.pick(rng, TERMS, self.term_cw), "T2": lambda: self.pick(rng, TERMS, self.term_cw),
            "X": lambda: self.pick(rng, RARE, self.rare_cw),
            "P": lambda: self.pick(rng, self.provinces, self.prov_cw),
            "O": lambda: rng.choice(ORGS), "O2": lambda: rng.choice(ORGS), "ROLE": lambda: rng.choice(ROLES),
            "NAME": lambda: f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}",
            "DOC": lambda: rng.choice(DOCS).replace("{N}", str(rng.randint(10, 3999))),
            "U": lambda: rng.choice(UNITS), "V": lambda: rng.choice(VPASS),
            "PER": lambda: rng.choice(PERIODS_TXT).format(Y=y, M=rng.randint(1, 12)),
            "N": lambda: f"{rng.randint(12, 980_000):,}".replace(",", "."), "S": lambda: str(rng.randint(2, 60)),
            "PCT": lambda: f"{rng.uniform(20, 99.9):.1f}".replace(".", ","), "R": lambda: str(rng.randint(1, 63)),
            "Y": lambda: str(y), "FY": lambda: str(y + rng.randint(1, 5)), "M": lambda: str(rng.randint(1, 12)),
            "D": lambda: str(rng.randint(1, 28)),
        }
        return re.sub(r"\{(\w+)\}", lambda m: fixed.get(m.group(1)) or slots[m.group(1)](), tpl)

    def sentence(self, rng: random.Random) -> str:
        return self.fill(self.pick(rng, TEMPLATES, self.tpl_cw), rng)

    def article(self, i: int, rng: random.Random) -> tuple:
        src = self.pick(rng, self.sources, self.source_cw)
        prov = src["province"] or self.pick(rng, self.provinces, self.prov_cw)
        title = self.fill(rng.choice(TITLES), rng, P=prov)
        while len(title) < 70:
            title += ", " + self.pick(rng, TERMS, self.term_cw)
        title = title[:110]
        own = [self.fill(self.pick(rng, TEMPLATES, self.tpl_cw), rng, P=prov) for _ in range(3)]
        if rng.random() < 0.12:
            own.append(self.fill(rng.choice(RARE_TEMPLATES), rng, P=prov))
        target = rng.randint(1500, 3000)       # UTF-8 bytes of the body
        sents, size = own[:1], 0
        rest = own[1:] + rng.choices(self.pool, k=40)
        for s in rest:
            if size >= target:
                break
            sents.append(s)
            size += len(s.encode()) + 1
        paras = [" ".join(sents[k:k + 4]) for k in range(0, len(sents), 4)]
        body = "\n\n".join(paras)
        lead = sents[0]
        day = START + timedelta(days=SPAN_DAYS * i / self.n + rng.uniform(-20, 20), seconds=rng.randint(0, 86399))
        day = min(max(day, START), START + timedelta(days=SPAN_DAYS))
        published = day.strftime("%Y-%m-%dT%H:%M:%S+07:00")
        seen = (day - timedelta(hours=7) + timedelta(minutes=rng.randint(5, 600))).strftime("%Y-%m-%d %H:%M:%S.000000")
        slug = re.sub(r"[^a-z0-9]+", "-", fold(title))[:70].strip("-")
        url = f"https://{src['host']}/tin-tuc/{slug}-{i}.html"
        author = f"{rng.choice(SURNAMES)} {rng.choice(GIVENS)}" if rng.random() < 0.6 else None
        relevant = rng.random() < 0.85
        terms = json.dumps(sorted({t for t in TERMS[:12] if t in body})[:5], ensure_ascii=False)
        return (i, src["id"], url, title, lead, body, author, None, published, rng.choice(["meta", "jsonld", "text"]),
                seen, relevant, round(rng.uniform(0.5, 9) if relevant else rng.uniform(0, 0.5), 3), terms,
                hashlib.sha256(body.encode()).hexdigest(), 1, "utf-8")

    def batch(self, b: int) -> list[tuple]:
        rng = random.Random(f"{self.seed}-{b}")
        size = batch_size(self.n)
        lo, hi = b * size + 1, min(self.n, (b + 1) * size)
        return [self.article(i, rng) for i in range(lo, hi + 1)]


def make_metrics(n: int, seed: int, provinces: list[str]) -> list[tuple]:
    """Indicators x 63 provinces and the country x 25 periods (years, quarters), each value reported
    by 1–4 articles."""
    rng = random.Random(f"{seed}-metrics")
    periods = [str(y) for y in range(2021, 2026)] + [f"{y}-Q{q}" for y in range(2021, 2026) for q in range(1, 5)]
    rows, mid = [], 0
    for (ind, label, unit), scope, period in itertools.product(INDICATORS, provinces + ["national"], periods):
        value = round(rng.uniform(1, 99), 2) if unit in ("%", "điểm") else float(rng.randint(1, 63)) \
            if unit == "bậc" else float(rng.randint(100, 900_000))
        for k in range(rng.choice((1, 1, 2, 2, 3, 4))):
            mid += 1
            sentence = f"{label} của {scope} {period} đạt {value:g} {unit}."
            rows.append((mid, ind, label, value, unit, 63 if unit == "bậc" else None, period, scope,
                         rng.choice((None, "đạt", "ước đạt")), sentence, rng.randint(1, n), k == 0, False,
                         None, "2025-06-01 00:00:00.000000"))
    return rows


ARTICLE_COLS = ("id", "source_id", "url", "title", "lead", "text", "author", "source_credit", "published_at",
                "date_source", "first_seen_at", "relevant", "relevance_score", "matched_terms", "content_hash",
                "version", "encoding")
METRIC_COLS = ("id", "indicator", "label", "value", "unit", "out_of", "period", "scope", "qualifier", "sentence",
               "article_id", "is_new", "is_revision", "previous_value", "first_seen_at")


def make_sources(provinces: list[str]) -> list[dict]:
    out = []
    for k, name in enumerate(NATIONAL_SOURCES):
        out.append({"id": f"national-{k:02d}", "name": name, "host": f"www.nguon{k:02d}.gov.vn", "province": None,
                    "scope": "national"})
    for prov in random.Random(60).sample(provinces, 60 - len(NATIONAL_SOURCES)):
        slug = re.sub(r"[^a-z]+", "", fold(prov))
        out.append({"id": f"sokhcn-{slug}", "name": f"Sở Khoa học và Công nghệ {prov}", "host": f"skhcn.{slug}.gov.vn",
                    "province": prov, "scope": "province"})
    return out


_GEN: Generator | None = None


def _init_worker(n: int, seed: int) -> None:
    global _GEN
    _GEN = Generator(n, seed)


def _make_batch(b: int) -> list[tuple]:
    return _GEN.batch(b)


@contextmanager
def batches(n: int, seed: int):
    """Article batches made in a worker process while this one inserts, two ahead at most (not the
    whole archive queued in memory): (rows, seconds waited for the worker)."""
    ctx = multiprocessing.get_context("fork")
    count = -(-n // batch_size(n))
    with ctx.Pool(1, initializer=_init_worker, initargs=(n, seed)) as pool:
        ahead = [pool.apply_async(_make_batch, (b,)) for b in range(min(2, count))]

        def gen():
            for b in range(count):
                t0 = time.perf_counter()
                rows = ahead.pop(0).get()
                if b + 2 < count:
                    ahead.append(pool.apply_async(_make_batch, (b + 2,)))
                yield rows, time.perf_counter() - t0
        yield gen()


# ---------------------------------------------------------------------------------------------
# Queries

def common_syllables(provinces: list[str]) -> set[str]:
    """Every folded word of the ordinary articles (not of the RARE terms)."""
    out = set()
    for items in (TERMS, TEMPLATES, TITLES, RARE_TEMPLATES, ORGS, ROLES, SURNAMES, MIDDLES, GIVENS, DOCS, UNITS,
                  VPASS, PERIODS_TXT, provinces):
        for s in items:
            out |= set(re.findall(r"[^\W\d_]+", fold(s)))
    return out


def make_queries(count: int, seed: int, provinces: list[str]) -> list[tuple[str, str]]:
    """(class, query): two words each, as people type them. frequent: adjacent words of the 20 most
    frequent terms; less frequent: of the other terms; rare: of the rare terms, with at least one word
    found nowhere else; place: a two-word province; word+year: a word of a term and a year or a one-word
    name. Half of them are typed without tone marks."""
    rng = random.Random(f"{seed}-queries")
    common = common_syllables(provinces)

    def pairs(terms):
        return [p for t in terms for ws in [t.split()] for p in (" ".join(ws[k:k + 2]) for k in range(len(ws) - 1))
                if len(re.findall(r"\w+", fold(p))) == 2]
    singles = [w for t in TERMS[:60] for w in t.split() if len(w) > 2 and w.lower() not in ("của", "các", "với")]
    classes = {
        "frequent": pairs(TERMS[:20]), "less frequent": pairs(TERMS[20:]),
        "rare": [p for p in pairs(RARE) if any(w not in common for w in fold(p).split())],
        "place": [p for p in provinces if len(p.split()) == 2],
        "word+year": [f"{rng.choice(singles)} {rng.choice(['2022', '2023', '2024', 'Huế', '5G', 'VNeID', 'IOC'])}"
                      for _ in range(200)],
    }
    share = {"frequent": 0.3, "less frequent": 0.25, "rare": 0.2, "place": 0.1, "word+year": 0.15}
    out, seen = [], set()
    for cls, frac in share.items():
        cands = list(dict.fromkeys(classes[cls]))
        rng.shuffle(cands)
        want = round(count * frac)
        for q in itertools.islice(itertools.cycle(cands), want * 6):
            if sum(1 for c, _ in out if c == cls) >= want:
                break
            q = fold(q) if rng.random() < 0.5 else (q.lower() if rng.random() < 0.5 else q)
            if q not in seen:
                seen.add(q)
                out.append((cls, q))
    rng.shuffle(out)
    return out


def pct(xs: list[float], p: float) -> float:
    """The nearest-rank percentile."""
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, math.ceil(p / 100 * len(xs)) - 1))]


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def measure(url: str, queries: list[tuple[str, str]], pairs: list[tuple[str, str]]) -> dict:
    """Search and series latencies through the read-only engine, as `dxwatch search` and `dxwatch sql`
    open it. Cursor events time the database's part and keep the statement search() sent."""
    engine = read_only_engine(url)
    seen = {"db": 0.0, "stmt": None}

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_t0"] = time.perf_counter()
        seen["stmt"] = (statement, parameters)

    def after(conn, *_args):
        seen["db"] += time.perf_counter() - conn.info.pop("bench_t0", time.perf_counter())
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        cold = timed(lambda: search(engine, queries[0][1], limit=20))
        lat, db, by_class, stmts, busy = [], [], {}, {}, []
        for cls, q in queries:
            busy.append(os.getloadavg()[0])
            seen["db"] = 0.0
            ms = timed(lambda: search(engine, q, limit=20))
            lat.append(ms)
            db.append(seen["db"] * 1000)
            by_class.setdefault(cls, []).append((ms, q))
            stmts[q] = seen["stmt"]
        with engine.connect() as conn:
            series_cold = timed(lambda: conn.execute(sql(SERIES_SQL), {"i": pairs[0][0], "s": pairs[0][1]}).fetchall())
            series, rows = [], []
            for ind, scope in pairs:
                box = []
                series.append(timed(lambda: box.append(conn.execute(sql(SERIES_SQL), {"i": ind, "s": scope}).fetchall())))
                rows.append(len(box[0]))
    finally:
        engine.dispose()
    slowest = max((ms, q) for items in by_class.values() for ms, q in items)
    return {"cold_ms": cold, "lat": lat, "db": db, "by_class": by_class, "slowest": slowest,
            "busy_search": statistics.mean(busy),
            "slowest_stmt": stmts[slowest[1]], "series": series, "series_cold_ms": series_cold,
            "series_rows": statistics.median(rows)}


def match_counts(count, by_class: dict, per_class: int = 5) -> dict[str, int]:
    """Median number of articles matched by the slowest queries of each class: the rows a ranked top
    20 has to score."""
    from storage.search import parse
    return {cls: int(statistics.median(count(parse(q)) for _ms, q in sorted(items)[-per_class:]))
            for cls, items in by_class.items()}


def timed_best(run, n: int = 2) -> float:
    return min(timed(run) for _ in range(n))


# ---------------------------------------------------------------------------------------------
# SQLite

def insert_sources(engine, sources: list[dict]) -> None:
    with engine.begin() as conn:
        conn.execute(Source.__table__.insert(), [
            {"id": s["id"], "name": s["name"], "homepage": f"https://{s['host']}/", "platform": "generic",
             "scope": s["scope"], "province": s["province"], "render": "http", "created_at": START}
            for s in sources])


def _sqlite_files(path: Path) -> list[Path]:
    return [path, Path(f"{path}-wal"), Path(f"{path}-shm")]


def load_sqlite(n: int, seed: int, path: Path, log) -> dict:
    """A fresh archive by open_archive, then articles in transactions of batch_size(n) rows."""
    for p in _sqlite_files(path):
        p.unlink(missing_ok=True)
    engine = open_archive(f"sqlite:///{path}")
    insert_sources(engine, make_sources(_provinces()))
    engine.dispose()
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA synchronous = NORMAL")      # as storage/db.py
    con.execute("PRAGMA cache_size = -262144")      # 256 MB, for this load only
    ins = f"INSERT INTO articles ({', '.join(ARTICLE_COLS)}) VALUES ({', '.join('?' * len(ARTICLE_COLS))})"
    t0, waited, busy = time.perf_counter(), 0.0, []
    with batches(n, seed) as it:
        for rows, w in it:
            busy.append(os.getloadavg()[0])
            waited += w
            con.execute("BEGIN")
            con.executemany(ins, rows)       # the FTS5 trigger indexes each row here
            con.execute("COMMIT")
            log(f"sqlite: {rows[-1][0]:,} articles, {rows[-1][0] / (time.perf_counter() - t0):,.0f}/s")
    load_s = time.perf_counter() - t0
    metrics = make_metrics(n, seed, _provinces())
    t1 = time.perf_counter()
    con.execute("BEGIN")
    con.executemany(f"INSERT INTO metrics ({', '.join(METRIC_COLS)}) VALUES ({', '.join('?' * len(METRIC_COLS))})",
                    metrics)
    con.execute("COMMIT")
    metrics_s = time.perf_counter() - t1
    t1 = time.perf_counter()
    con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return {"load_s": load_s, "gen_wait_s": waited, "metrics_s": metrics_s, "analyze_s": time.perf_counter() - t1,
            "streams": 1, "busy_load": statistics.mean(busy)}


def run_sqlite(n: int, seed: int, path: Path, keep: bool, queries, pairs, log, reuse: bool = False) -> dict:
    """Load (unless reuse: an archive kept by an earlier --keep run) and measure."""
    try:
        loaded = {} if reuse else load_sqlite(n, seed, path, log)
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        size = sum(p.stat().st_size for p in _sqlite_files(path)[:2] if p.exists())
        fts = con.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'articles_fts%'").fetchone()[0]
        facts = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM metrics), "
                            "(SELECT sum(length(CAST(title AS BLOB)) + length(CAST(text AS BLOB))) FROM articles)"
                            ).fetchone()
        con.close()
        url = f"sqlite:///{path}"
        log("sqlite: searching")
        res = measure(url, queries, pairs)
        log("sqlite: counting matches, explaining")
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        from storage.search import fts5_query
        res["matches"] = match_counts(lambda t: con.execute(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (fts5_query(t),)).fetchone()[0], res["by_class"])
        res.update(explain_sqlite(con, res))
        con.close()
        res.update(loaded)
        res.update(n=facts[0], metrics_rows=facts[1], text_bytes=facts[2], size=size, fts_bytes=fts)
        return res
    finally:
        if not keep and not reuse:
            for p in _sqlite_files(path):
                p.unlink(missing_ok=True)


WHATIF_K = 5000


def explain_sqlite(con, res: dict) -> dict:
    """The plan of the slowest search as search() sent it, its time again, and the time of the same
    ranking over only the newest WHATIF_K matches (FTS5 walks its doclists in rowid order)."""
    stmt, params = res["slowest_stmt"]
    plan = "; ".join(r[-1] for r in con.execute("EXPLAIN QUERY PLAN " + stmt, params))
    again = timed_best(lambda: con.execute(stmt, params).fetchall())
    m = re.search(r"MATCH \?", stmt)
    bounded = None
    if m and "LIMIT ?" in stmt:
        q, limit = params[0], params[-1]
        bounded = timed_best(lambda: con.execute(
            "SELECT a.id, a.source_id, a.title, a.url, a.published_at, a.relevant, a.text, f.rank FROM ("
            "SELECT rowid, bm25(articles_fts, 4.0, 1.0) AS rank FROM articles_fts WHERE articles_fts MATCH ? "
            f"ORDER BY rowid DESC LIMIT {WHATIF_K}) f JOIN articles a ON a.id = f.rowid "
            "ORDER BY f.rank, a.id LIMIT ?", (q, limit)).fetchall())
    splan = "; ".join(r[-1] for r in con.execute(
        "EXPLAIN QUERY PLAN " + SERIES_SQL.replace(":i", "?").replace(":s", "?"), ("eid_accounts", "Hà Nội")))
    return {"plan": f"search {res['slowest'][1]!r}: {plan}\nseries: {splan}", "again_ms": again,
            "bounded_ms": bounded}


# ---------------------------------------------------------------------------------------------
# PostgreSQL

def _pg_dsn(server: str) -> tuple[str, str]:
    u = make_url(server)
    dsn = f"host={u.host or '127.0.0.1'} port={u.port or 5432} user={u.username or 'postgres'}"
    if u.password:
        dsn += f" password={u.password}"
    return dsn, u.database or "postgres"


def load_postgresql(n: int, seed: int, dsn: str, dbname: str, log, streams: int) -> dict:
    """Schema by open_archive, then COPY of batch_size(n) rows at a time over `streams` connections."""
    import psycopg
    engine = open_archive(_pg_url(dsn, dbname))
    insert_sources(engine, make_sources(_provinces()))
    engine.dispose()
    free = queue.Queue()
    for _ in range(streams):
        free.put(psycopg.connect(f"{dsn} dbname={dbname}", autocommit=True))

    def copy(rows):
        c = free.get()
        try:
            with c.transaction(), c.cursor() as cur:
                with cur.copy(f"COPY articles ({', '.join(ARTICLE_COLS)}) FROM STDIN") as cp:
                    for r in rows:      # search_tsv (generated) computes itself, the GIN index follows
                        cp.write_row(r)
        finally:
            free.put(c)
        return len(rows)

    t0, waited, done, busy = time.perf_counter(), 0.0, 0, []
    try:
        with batches(n, seed) as it, ThreadPoolExecutor(streams) as ex:
            pending = set()
            for rows, w in it:
                busy.append(os.getloadavg()[0])
                waited += w
                pending.add(ex.submit(copy, rows))
                while len(pending) >= streams:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    done += sum(f.result() for f in finished)
                    log(f"postgresql: {done:,} articles, {done / (time.perf_counter() - t0):,.0f}/s")
            done += sum(f.result() for f in pending)
        load_s = time.perf_counter() - t0
    finally:
        while not free.empty():
            free.get().close()
    with psycopg.connect(f"{dsn} dbname={dbname}", autocommit=True) as con:
        metrics = make_metrics(n, seed, _provinces())
        t1 = time.perf_counter()
        with con.transaction(), con.cursor() as cur:
            with cur.copy(f"COPY metrics ({', '.join(METRIC_COLS)}) FROM STDIN") as cp:
                for r in metrics:
                    cp.write_row(r)
        metrics_s = time.perf_counter() - t1
        for table in ("articles", "metrics"):      # ids were given: move the sequences past them
            con.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        t1 = time.perf_counter()
        con.execute("VACUUM ANALYZE")
    return {"load_s": load_s, "gen_wait_s": waited, "metrics_s": metrics_s, "analyze_s": time.perf_counter() - t1,
            "streams": streams, "busy_load": statistics.mean(busy)}


def _pg_url(dsn: str, dbname: str) -> str:
    kv = dict(part.split("=", 1) for part in dsn.split())
    auth = kv["user"] + (f":{kv['password']}" if "password" in kv else "")
    return f"postgresql+psycopg://{auth}@{kv['host']}:{kv['port']}/{dbname}"


def run_postgresql(n: int, seed: int, server: str, keep: bool, queries, pairs, log, streams: int = 2,
                   reuse: str | None = None) -> dict:
    """A fresh database dxwatch_bench_<pid> (dropped at the end unless keep), or a kept one (reuse)."""
    import psycopg
    dsn, admin_db = _pg_dsn(server)
    dbname = reuse or f"dxwatch_bench_{os.getpid()}"
    if not reuse:
        with psycopg.connect(f"{dsn} dbname={admin_db}", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {dbname}")
            admin.execute(f"CREATE DATABASE {dbname}")
    try:
        loaded = {} if reuse else load_postgresql(n, seed, dsn, dbname, log, streams)
        with psycopg.connect(f"{dsn} dbname={dbname}", autocommit=True) as con:
            facts = con.execute(
                "SELECT pg_database_size(current_database()), pg_relation_size('ix_articles_search_tsv'), "
                "(SELECT sum(pg_column_size(search_tsv)) FROM articles), (SELECT count(*) FROM articles), "
                "(SELECT count(*) FROM metrics), (SELECT sum(octet_length(title) + octet_length(text)) FROM articles)"
            ).fetchone()
        log("postgresql: searching")
        res = measure(_pg_url(dsn, dbname), queries, pairs)
        log("postgresql: counting matches, explaining")
        with psycopg.connect(f"{dsn} dbname={dbname}", autocommit=True) as con:
            from storage.search import tsquery
            res["matches"] = match_counts(lambda t: con.execute(
                "SELECT count(*) FROM articles WHERE search_tsv @@ to_tsquery('simple', %s)",
                (tsquery(t),)).fetchone()[0], res["by_class"])
            res.update(explain_pg(con, res))
        res.update(loaded)
        res.update(size=facts[0], fts_bytes=facts[1] + facts[2], n=facts[3], metrics_rows=facts[4],
                   text_bytes=int(facts[5]), database=dbname)
        return res
    finally:
        if not keep and not reuse:
            with psycopg.connect(f"{dsn} dbname={admin_db}", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")


def explain_pg(con, res: dict) -> dict:
    """EXPLAIN ANALYZE of the slowest search as sent, and the same ranking over the newest WHATIF_K
    matches only."""
    stmt, params = res["slowest_stmt"]
    plan = "\n".join(r[0] for r in con.execute("EXPLAIN (ANALYZE, BUFFERS) " + stmt, params))
    again = timed_best(lambda: con.execute(stmt, params).fetchall())
    bounded = None
    if "q" in params and "limit" in params:
        bounded = timed_best(lambda: con.execute(
            "SELECT a.id, a.source_id, a.title, a.url, a.published_at, a.relevant, a.text, "
            "-ts_rank_cd(a.search_tsv, q) AS rank FROM (SELECT id FROM articles "
            "WHERE search_tsv @@ to_tsquery('simple', %(q)s) ORDER BY id DESC LIMIT " + str(WHATIF_K) + ") c "
            "JOIN articles a USING (id), to_tsquery('simple', %(q)s) q ORDER BY rank, a.id LIMIT %(limit)s",
            {"q": params["q"], "limit": params["limit"]}).fetchall())
    splan = "\n".join(r[0] for r in con.execute(
        "EXPLAIN ANALYZE " + SERIES_SQL.replace(":i", "%s").replace(":s", "%s"), ("eid_accounts", "Hà Nội")))
    return {"plan": f"search {res['slowest'][1]!r}:\n{plan}\nseries:\n{splan}", "again_ms": again,
            "bounded_ms": bounded}


# ---------------------------------------------------------------------------------------------
# Report

CLASSES = ("frequent", "less frequent", "rare", "place", "word+year")


LOAD_ROW = "load, articles/s (incl. full-text indexing)"
BUSY_ROW = f"machine load average while loading / searching ({os.cpu_count()} cores)"
NOT_LOADED = "not measured (--reuse)"


def summary(r: dict) -> dict[str, str]:
    lat, n = r["lat"], r["n"]
    cls = {c: [ms for ms, _ in items] for c, items in r["by_class"].items()}
    if "load_s" in r:
        stream = "" if r["streams"] == 1 else f", {r['streams']} COPY streams"
        load = f"{n / r['load_s']:,.0f} ({r['load_s'] / 60:.1f} min{stream})"
    else:
        load = NOT_LOADED
    rows = {
        "articles (synthetic)": f"{n:,}",
        LOAD_ROW: load,
        "database size per article": f"{r['size'] / n / 1024:.1f} KB ({r['size'] / 2**30:.2f} GB in all)",
        "of which the full-text index": f"{r['fts_bytes'] / n / 1024:.1f} KB",
        "title + text per article (UTF-8)": f"{r['text_bytes'] / n / 1024:.1f} KB",
        "search: first query on a fresh engine": f"{r['cold_ms']:,.0f} ms",
        f"search p50 / p95 / max ({len(lat)} two-word queries, top 20)":
            f"**{pct(lat, 50):,.0f} / {pct(lat, 95):,.0f}** / {max(lat):,.0f} ms",
        "of which the database statement, p50 / p95": f"{pct(r['db'], 50):,.0f} / {pct(r['db'], 95):,.0f} ms",
        f"searches under {AIM_MS:.0f} ms": f"{sum(x < AIM_MS for x in lat) / len(lat):.0%}",
    }
    for c in CLASSES:
        if c in cls:
            rows[f"p50 / p95, {c} words ({len(cls[c])} queries; articles matched by its 5 slowest)"] = \
                f"{pct(cls[c], 50):,.0f} / {pct(cls[c], 95):,.0f} ms ({r['matches'].get(c, 0):,})"
    rows["slowest search"] = f"'{r['slowest'][1]}' {r['slowest'][0]:,.0f} ms"
    if r.get("bounded_ms") is not None:
        rows[f"its statement alone / ranking only the newest {WHATIF_K:,} matches"] = \
            f"{r['again_ms']:,.0f} / {r['bounded_ms']:,.0f} ms"
    rows[f"metric series p50 / p95 ({len(r['series'])} indicator/scope pairs)"] = \
        f"**{pct(r['series'], 50):.1f} / {pct(r['series'], 95):.1f}** ms " \
        f"(~{r['series_rows']:.0f} rows of {r['metrics_rows']:,})"
    rows[BUSY_ROW] = f"{r['busy_load']:.1f}" if "busy_load" in r else "—"
    rows[BUSY_ROW] += f" / {r['busy_search']:.1f}"
    return rows


SECTION = "search"


def write_doc(results: dict[str, dict], note: str) -> None:
    """Rewrite the table between the <!-- bench:search --> markers. A backend not run this time keeps
    its last column (kept as JSON in a comment inside the block)."""
    text = DOC.read_text(encoding="utf-8")
    start, end = f"<!-- bench:{SECTION} -->", f"<!-- /bench:{SECTION} -->"
    cols, notes = {}, {}
    if start in text and end in text:
        m = re.search(r"<!-- data (.*?) -->", text[text.index(start):text.index(end)], re.S)
        if m:
            old = json.loads(m.group(1))
            cols, notes = old.get("cols", {}), old.get("notes", {})
    for b, r in results.items():
        rows = summary(r)
        old = cols.get(b, {})
        if rows[LOAD_ROW] == NOT_LOADED and LOAD_ROW in old.get("rows", {}):     # a --reuse run
            rows[LOAD_ROW] = old["rows"][LOAD_ROW].split(" [")[0] + f" [run of {old['date']}]"
            rows[BUSY_ROW] = old["rows"].get(BUSY_ROW, "—").split(" / ")[0] + " / " + rows[BUSY_ROW].split(" / ")[1]
        cols[b] = {"date": time.strftime("%Y-%m-%d"), "rows": rows}
        notes[b] = note
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    backends = [b for b in ("sqlite", "postgresql") if b in cols]
    keys = list(dict.fromkeys(k for b in backends for k in cols[b]["rows"]))
    lines = ["| measure | " + " | ".join(f"{names[b]} ({cols[b]['date']})" for b in backends) + " |",
             "|---|" + "---|" * len(backends)]
    lines += [f"| {k} | " + " | ".join(cols[b]["rows"].get(k, "—") for b in backends) + " |" for k in keys]
    head = "\n".join(f"_{names[b]}: {notes[b]}_  " for b in backends).rstrip()
    data = json.dumps({"cols": cols, "notes": notes}, ensure_ascii=False)
    block = f"{start}\n{head}\n\n" + "\n".join(lines) + f"\n\n<!-- data {data} -->\n{end}"
    if start in text and end in text:
        text = text[:text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")


def machine() -> str:
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f", {kb / 2**20:.0f} GB RAM"
    except (OSError, AttributeError):
        pass
    return f"{os.cpu_count()} cores{mem}, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1_000_000)
    ap.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--queries", type=int, default=240, help="two-word search queries (default 240)")
    ap.add_argument("--series", type=int, default=240, help="indicator/scope pairs for the series query")
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--sqlite-path", type=Path, default=Path("/tmp") / f"dxwatch_search_bench_{os.getpid()}.db")
    ap.add_argument("--pg-server", default=os.environ.get("BENCH_PG_SERVER", PG_SERVER),
                    help="PostgreSQL server URL; a fresh database dxwatch_bench_<pid> is made there and dropped")
    ap.add_argument("--pg-streams", type=int, default=2, help="parallel COPY streams into PostgreSQL")
    ap.add_argument("--keep", action="store_true", help="keep the SQLite file and the PostgreSQL database")
    ap.add_argument("--reuse", metavar="PATH_OR_DB",
                    help="measure only, on an archive kept by --keep: the SQLite file, or the PostgreSQL database "
                         "name on --pg-server (one backend)")
    ap.add_argument("--doc", action="store_true", help="write docs/performance.md even under 100,000 articles")
    ap.add_argument("--no-doc", action="store_true", help="never write docs/performance.md")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.reuse and args.backend == "both":
        ap.error("--reuse measures one backend: give --backend sqlite or postgresql")

    t_start = time.perf_counter()

    def log(msg: str) -> None:
        if not args.quiet:
            print(f"[{time.perf_counter() - t_start:7.1f}s] {msg}", flush=True)

    provinces = _provinces()
    queries = make_queries(args.queries, args.seed, provinces)
    rng = random.Random(f"{args.seed}-series")
    pairs = [(rng.choice(INDICATORS)[0], rng.choice(provinces + ["national"])) for _ in range(args.series)]
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results, notes = {}, {}
    for b in backends:
        t_b = time.perf_counter()
        log(f"{b}: " + (f"measuring the kept archive {args.reuse}" if args.reuse else
                          f"loading {args.articles:,} articles"))
        if b == "sqlite":
            path = Path(args.reuse) if args.reuse else args.sqlite_path
            results[b] = run_sqlite(args.articles, args.seed, path, args.keep, queries, pairs, log,
                                    reuse=bool(args.reuse))
            notes[b] = f"SQLite {sqlite3.sqlite_version}"
        else:
            results[b] = run_postgresql(args.articles, args.seed, args.pg_server, args.keep, queries, pairs, log,
                                        args.pg_streams, reuse=args.reuse)
            notes[b] = f"PostgreSQL {pg_version(args.pg_server)}"
        r = results[b]
        took = (time.perf_counter() - t_b) / 60
        notes[b] += (f", {r['n']:,} articles, {len(queries)} queries, {machine()}; "
                     + (f"search re-measured on a kept archive in {took:.0f} min" if args.reuse else
                        f"run took {took:.0f} min"))
        print(f"\n== {b}: {r['n']:,} articles")
        for k, v in summary(r).items():
            print(f"  {k:80s} {v.replace('**', '')}")
        if "load_s" in r:
            print(f"  load: waited {r['gen_wait_s']:.0f} s for the generator; metrics {r['metrics_s']:.1f} s; "
                  f"ANALYZE {r['analyze_s']:.0f} s")
        print(r["plan"], "\n", flush=True)
    print(f"total {time.perf_counter() - t_start:.0f} s")
    if not args.no_doc and (args.doc or max(r["n"] for r in results.values()) >= 100_000):
        for b in backends:
            write_doc({b: results[b]}, notes[b])
        print(f"wrote the '{SECTION}' section of {DOC}")


def pg_version(server: str) -> str:
    import psycopg
    u = make_url(server)
    with psycopg.connect(host=u.host or "127.0.0.1", port=u.port or 5432, user=u.username or "postgres",
                         password=u.password, dbname=u.database or "postgres") as c:
        return c.execute("SHOW server_version").fetchone()[0].split()[0]


if __name__ == "__main__":
    main()
