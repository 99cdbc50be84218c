"""A tiny loopback portal that misbehaves in the ways issue #2 names (tests only)."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LISTING = b"""<html><head><meta charset="utf-8"></head><body><h1>Tin tuc</h1>
<a href="/tin/bai-hong-1234567.html">Bai hong</a>
<a href="/tin/nhi-phan-1234568.html">Nhi phan</a>
<a href="/tin/tai-lieu-1234569.html">PDF</a>
<a href="/tin/trang-trong-1234570.html">Trong</a>
<a href="/tin/bai-tot-1234571.html">Bai tot</a>
</body></html>"""
GOOD = ("<html><head><meta charset='utf-8'><title>Bài tốt</title></head><body><h1>Chuyển đổi số ở xã</h1>"
        "<div class='content'><p>" + "Người dân xã đã quen dùng dịch vụ công trực tuyến và chuyển đổi số. " * 8
        + "</p></div></body></html>").encode("utf-8")
ROUTES = {
    "/listing": (200, "text/html; charset=utf-8", LISTING),
    "/tin/bai-hong-1234567.html": (200, "text/html", b"<html><body><div><p>Chuy\xe1\xbb\x83n <b><i>" + b"<div>" * 300),
    "/tin/nhi-phan-1234568.html": (200, "text/html", bytes(range(256)) * 40),
    "/tin/tai-lieu-1234569.html": (200, "application/pdf", b"%PDF-1.4 fake"),
    "/tin/trang-trong-1234570.html": (200, "text/html", b""),
    "/tin/bai-tot-1234571.html": (200, "text/html; charset=utf-8", GOOD),
    "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow:\n"),
    "/500": (500, "text/html", b"<h1>Internal Server Error</h1>"),
}
REDIRECTS = {"/loop": "/loop", "/ping": "/pong", "/pong": "/ping"}


class FaultServer:
    def __init__(self, address: str = "127.0.0.20"):
        class H(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                if self.path in REDIRECTS:
                    self.send_response(302)
                    self.send_header("Location", REDIRECTS[self.path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status, ctype, body = ROUTES.get(self.path, (404, "text/html", b"not found"))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer((address, 0), H)
        self.base = f"http://{address}:{self.httpd.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
