"""Synthetic provincial portals for the soak: one loopback server, many portals under /p<n>/,
each publishing CĐS news at its own rate as the (simulated) clock moves. Team-written templates."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler

from mirror.server import QuietHTTPServer

PROVINCES = ["Hà Giang", "Cao Bằng", "Lào Cai", "Yên Bái", "Sơn La", "Hòa Bình", "Thái Nguyên", "Bắc Giang",
             "Phú Thọ", "Quảng Ninh", "Hải Dương", "Hưng Yên", "Thái Bình", "Nam Định", "Ninh Bình", "Thanh Hóa",
             "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Huế", "Quảng Nam", "Quảng Ngãi", "Bình Định",
             "Phú Yên", "Khánh Hòa", "Đắk Lắk", "Lâm Đồng", "Bình Dương", "Đồng Nai", "Tây Ninh", "Long An",
             "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang", "Sóc Trăng",
             "Bạc Liêu", "Cà Mau", "Hậu Giang", "Cần Thơ"]
TOPICS = ["dịch vụ công trực tuyến toàn trình", "thanh toán không dùng tiền mặt", "chữ ký số cho người dân",
          "hạ tầng cáp quang đến thôn, bản", "tổ công nghệ số cộng đồng", "định danh điện tử VNeID",
          "cơ sở dữ liệu chuyên ngành", "bệnh án điện tử", "sổ sức khỏe điện tử", "học bạ số"]
VN = timezone(timedelta(hours=7))


def article(n: int, k: int, day: datetime) -> tuple[str, str]:
    province, topic = PROVINCES[n % len(PROVINCES)], TOPICS[(n + k) % len(TOPICS)]
    title = f"{province} đẩy mạnh chuyển đổi số: {topic} (kỳ {k}, cổng {n})"
    pct = f"{60 + (n * 7 + k * 3) % 39},{(n + k) % 10}"
    paras = [
        f"Ngày {day.day}/{day.month}, Sở Khoa học và Công nghệ tỉnh {province} cho biết việc triển khai {topic} "
        f"tiếp tục được đẩy mạnh trong khuôn khổ chương trình chuyển đổi số của tỉnh, kỳ báo cáo thứ {k}.",
        f"Tỷ lệ hồ sơ trực tuyến toàn trình của tỉnh {province} đạt {pct}% trên tổng số hồ sơ tiếp nhận; "
        f"cổng thông tin số {n} ghi nhận {100 + (n * 13 + k * 17) % 900} lượt người dân sử dụng dịch vụ mới.",
        f"Lãnh đạo tỉnh đề nghị các sở, ngành và UBND cấp huyện tập trung hoàn thiện hạ tầng số, bảo đảm an toàn "
        f"thông tin và đào tạo kỹ năng số cho cán bộ, công chức; mục tiêu là {topic} phủ khắp {n % 9 + 2} huyện.",
    ]
    if k % 5 == 0:
        paras.insert(1, f"Sáng {day.day}/{day.month}, Ban Chỉ đạo chuyển đổi số tỉnh {province} họp phiên thường kỳ "
                        f"quý {(day.month - 1) // 3 + 1} dưới sự chủ trì của Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo.")
    body = "".join(f"<p>{p}</p>" for p in paras)
    published = day.astimezone(VN).isoformat(timespec="minutes")
    html = (f"<html><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='article:published_time' content='{published}'></head><body>"
            f"<header><a href='/p{n}/tin-tuc'>Tin tức</a></header><h1>{title}</h1>"
            f"<div class='content'>{body}</div><footer>Cổng thông tin điện tử tỉnh {province}</footer></body></html>")
    return title, html


class SoakPortals:
    """Portal n publishes one article every `period(n)` from `start`; listings show what is out."""

    def __init__(self, start: datetime, address: str = "127.0.0.19"):
        self.start_at = start
        portals = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                status, body = portals.route(self.path)
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "text/plain" if self.path == "/robots.txt"
                                 else "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = QuietHTTPServer((address, 0), H)
        self.base = f"http://{address}:{self.httpd.server_address[1]}"

    @staticmethod
    def period(n: int) -> timedelta:
        return timedelta(hours=(8, 12, 24, 48)[n % 4])

    def published(self, n: int, now: datetime) -> int:
        """How many articles portal n has out at `now` (3 before the soak starts)."""
        return 3 + max(0, int((now - self.start_at) / self.period(n)))

    def route(self, path: str) -> tuple[int, str]:
        if path == "/robots.txt":
            return 200, "User-agent: *\nDisallow:\n"
        parts = path.strip("/").split("/")
        if len(parts) >= 2 and parts[0].startswith("p") and parts[0][1:].isdigit():
            n, now = int(parts[0][1:]), datetime.now(timezone.utc)
            out = self.published(n, now)
            if parts[1] == "tin-tuc":
                links = "".join(f'<li><a href="/p{n}/bai/{k}.html">Bài {k}</a></li>' for k in range(out, max(0, out - 15), -1))
                return 200, f"<html><body><h1>Tin tức</h1><ul>{links}</ul></body></html>"
            if parts[1] == "bai" and len(parts) == 3 and parts[2].split(".")[0].isdigit():
                k = int(parts[2].split(".")[0])
                if 1 <= k <= out:
                    when = self.start_at + self.period(n) * (k - 3)
                    return 200, article(n, k, when)[1]
        return 404, "<html><body>Không tìm thấy</body></html>"

    def sources(self, count: int) -> list[dict]:
        return [{"id": f"soak-{n:03d}", "name": f"Cổng tỉnh {PROVINCES[n % len(PROVINCES)]} #{n}",
                 "start_urls": [f"{self.base}/p{n}/tin-tuc"], "article_url_pattern": f"/p{n}/bai/",
                 "interval": ("1d", "2d", "3d")[n % 3], "scope": "province", "max_pages": 1}
                for n in range(count)]

    def __enter__(self) -> "SoakPortals":
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
