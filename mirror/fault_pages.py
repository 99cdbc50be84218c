"""Bodies the fault mirror serves: small articles and listings, and hostile payloads built cheaply."""
from __future__ import annotations

import gzip
from collections.abc import Iterator
from functools import lru_cache
from html import escape

_SENTENCES = (
    "Ủy ban nhân dân xã đã đưa dịch vụ công trực tuyến toàn trình vào phục vụ người dân.",
    "Tổ công nghệ số cộng đồng hướng dẫn bà con cài đặt ứng dụng định danh điện tử.",
    "Tỷ lệ hồ sơ giải quyết trực tuyến tăng rõ rệt so với cùng kỳ năm trước.",
    "Cán bộ một cửa được tập huấn sử dụng phần mềm quản lý văn bản và hồ sơ công việc.",
    "Hợp tác xã đưa sản phẩm nông nghiệp lên sàn thương mại điện tử của tỉnh.",
    "Nhà trường triển khai sổ liên lạc điện tử và thu học phí không dùng tiền mặt.",
    "Trạm y tế xã kết nối hồ sơ sức khỏe điện tử với bệnh viện tuyến huyện.",
    "Ban chỉ đạo chuyển đổi số yêu cầu các đơn vị báo cáo kết quả trước ngày 30 hằng tháng.",
)


def article_page(site: str, n: int, title: str | None = None) -> bytes:
    """A small, valid news article: distinct text per (site, n), a publication date in a meta tag."""
    title = title or f"Chuyển đổi số ở cơ sở: bài {n} của trang {site}"
    sentences = [_SENTENCES[(n + i) % len(_SENTENCES)] for i in range(6)]
    body = "".join(f"<p>{escape(s)} (Tin {site} số {n}, đoạn {i + 1}.)</p>" for i, s in enumerate(sentences))
    day = 1 + n % 28
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<meta property="article:published_time" content="2024-05-{day:02d}T08:30:00+07:00"></head>'
            f'<body><nav><a href="/">Trang chủ</a></nav><article class="detail"><h1>{escape(title)}</h1>'
            f'<div class="date">{day:02d}/05/2024 08:30</div><div class="content">{body}</div></article>'
            f'<footer>Cổng thông tin điện tử (bản mô phỏng lỗi)</footer></body></html>').encode("utf-8")


def listing_page(links: list[tuple[str, str]], extra: str = "") -> bytes:
    # each item as a portal lists news: a headline and the time it was posted
    items = "".join(f'<li><h3><a href="{escape(href)}">{escape(text)}</a></h3> <span class="time">01/05/2024 08:30</span></li>'
                    for href, text in links)
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Tin tức</title></head>'
            f'<body><h1>Tin tức</h1><ul class="news">{items}</ul>{extra}</body></html>').encode("utf-8")


CHALLENGE = (b'<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>'
             b'<meta http-equiv="refresh" content="360"></head><body><div class="main-wrapper">'
             b'<h1>Checking if the site connection is secure</h1>'
             b'<noscript>Enable JavaScript and cookies to continue</noscript>'
             b'<script src="/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=8a1b2c3d4e5f"></script>'
             b'</div></body></html>')


def _lol_dtd(root: str) -> str:
    """Billion laughs: ten levels of ten references, 10^9 'lol's if anything expanded them."""
    ents = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">' for i in range(1, 10)]
    return f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE {root} [\n' + "\n".join(ents) + "\n]>\n"


def entity_bomb_feed(base: str, links: list[str]) -> bytes:
    items = "".join(f"<item><title>&lol9;</title><link>{base}{p}</link></item>" for p in links)
    return (_lol_dtd("rss") + f'<rss version="2.0"><channel><title>&lol9;</title><link>{base}/</link>'
            f"{items}</channel></rss>").encode("utf-8")


def entity_bomb_sitemap(base: str, links: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{base}{p}</loc><lastmod>&lol9;</lastmod></url>" for p in links)
    return (_lol_dtd("urlset") + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + urls + "</urlset>").encode("utf-8")


@lru_cache(maxsize=1)
def gzip_bomb(decompressed_mib: int = 1024) -> bytes:
    """~1 MB that inflates to `decompressed_mib` MiB of zeros: one 8 MiB gzip member, repeated
    (multi-member gzip is valid; building it costs milliseconds, not seconds of compression)."""
    member = gzip.compress(b"\0" * (8 << 20), compresslevel=9, mtime=0)
    return member * (decompressed_mib // 8)


_SITEMAP_HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
_SITEMAP_TAIL = b"</urlset>\n"


@lru_cache(maxsize=32)
def _sitemap_block(base: str, urls: int = 8000) -> bytes:
    """About 1 MB of <url> entries; a huge sitemap repeats it (serving costs no CPU, so the server
    keeps pace with the client even on a loaded machine)."""
    return "".join(f"<url><loc>{base}/tin/so-lieu-thong-ke-{j:09d}-{10_000_000 + j}.html</loc>"
                   f"<lastmod>2024-05-01</lastmod></url>\n" for j in range(urls)).encode()


def huge_sitemap(base: str, total_bytes: int) -> Iterator[bytes]:
    """A urlset of about `total_bytes`, produced block by block (never held in memory)."""
    block = _sitemap_block(base)
    yield _SITEMAP_HEAD
    for _ in range(max(1, total_bytes // len(block))):
        yield block
    yield _SITEMAP_TAIL


@lru_cache(maxsize=32)
def _gz_member(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def huge_sitemap_gz(base: str, total_bytes: int) -> Iterator[bytes]:
    """The same urlset as a `.xml.gz` file: one gzip member per block (multi-member gzip is valid
    and inflates to the whole document), so it streams without compressing 200 MB on the fly."""
    block = _sitemap_block(base)
    yield _gz_member(_SITEMAP_HEAD)
    for _ in range(max(1, total_bytes // len(block))):
        yield _gz_member(block)
    yield _gz_member(_SITEMAP_TAIL)


def pdf_bytes(size: int) -> Iterator[bytes]:
    """A PDF-looking body of `size` bytes, in 64 KiB chunks."""
    head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n"
    yield head
    left = size - len(head)
    block = b"0" * 65536
    while left > 0:
        yield block[:left]
        left -= len(block)
