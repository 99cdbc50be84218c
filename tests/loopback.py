"""A small loopback web site for tests whose pages the test itself decides (a route function)."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

ROBOTS = b"User-agent: *\nDisallow:\n"
Route = Callable[[str, dict], "tuple[int, bytes, dict] | None"]


class LoopbackSite:
    """`route(path, headers)` answers (status, body, extra headers), or None for a 404;
    robots.txt allows everything unless the route answers it."""

    def __init__(self, route: Route, address: str = "127.0.0.1"):
        class H(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
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
