"""A small loopback web site for tests whose pages the test itself decides (a route function)."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

ROBOTS = b"User-agent: *\nDisallow:\n"
# an article page any crawl stores: a title and a CĐS body long enough to extract
ARTICLE = ("<html><head><meta charset='utf-8'><title>{t}</title></head><body><h1>{t}</h1><div class='content'><p>"
           + "Tỉnh đẩy mạnh chuyển đổi số, đưa dịch vụ công trực tuyến toàn trình đến người dân. " * 6
           + "</p></div></body></html>")
Route = Callable[[str, dict], "tuple[int, bytes, dict] | None"]


class LoopbackSite:
    """`route(path, headers)` answers (status, body, extra headers), or None for a 404;
    robots.txt allows everything unless the route answers it. `hosts` notes the Host (without
    its port) each request named, in order."""

    def __init__(self, route: Route, address: str = "127.0.0.1"):
        self.hosts: list[str] = []
        hosts = self.hosts

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                hosts.append(self.headers.get("Host", "").split(":")[0])
                answer = route(self.path, dict(self.headers)) or (
                    (200, ROBOTS, {"Content-Type": "text/plain"}) if self.path == "/robots.txt" else None)
                if answer is None:
                    self.send_error(404)
                    return
                status, body, headers = answer
                self.send_response(status)
                for k, v in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer((address, 0), H)
        self.port = self.httpd.server_address[1]
        self.base = f"http://{address}:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
