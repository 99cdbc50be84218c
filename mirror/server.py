"""The offline mirror: one loopback HTTP server per portal archetype, with ETag/Last-Modified/304."""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from mirror.archetypes import SITES, Response, SiteSpec, route
from mirror.routes_site import entry_points


@dataclass
class RequestLog:
    """What the mirror served: tests and benchmarks read it (thread-safe)."""
    entries: list[tuple[str, str, str, int]] = field(default_factory=list)   # (site, method, target, status)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, site: str, method: str, target: str, status: int) -> None:
        with self.lock:
            self.entries.append((site, method, target, status))

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()



def _make_handler(spec: SiteSpec, base_ref: list[str], log: RequestLog, edits: dict[str, str]):
    class Handler(BaseHTTPRequestHandler):
        server_version = "MirrorPortal/1.0"
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:     # quiet: the RequestLog keeps the record
            pass

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                resp = route(spec, base_ref[0], method, self.path, headers, body, edits)
            except Exception as e:  # a mirror bug must show as a 500, not kill the thread
                resp = Response(status=500, body=f"mirror error: {e}".encode(), cacheable=False)
            status, extra = resp.status, {}
            if resp.status == 200 and resp.cacheable:
                etag = '"' + hashlib.sha1(resp.body).hexdigest()[:16] + '"'
                extra["ETag"] = etag
                if resp.last_modified is not None:
                    extra["Last-Modified"] = format_datetime(resp.last_modified.astimezone(timezone.utc), usegmt=True)
                if self._not_modified(etag, resp):
                    status = 304
            self.send_response(status)
            self.send_header("Content-Type", resp.content_type)
            for k, v in {**resp.headers, **extra}.items():
                self.send_header(k, v)
            payload = b"" if status == 304 or method == "HEAD" else resp.body
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if payload:
                self.wfile.write(payload)
            log.add(spec.key, method, self.path, status)

        def _not_modified(self, etag: str, resp: Response) -> bool:
            inm = self.headers.get("If-None-Match")
            if inm is not None:
                return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
            ims = self.headers.get("If-Modified-Since")
            if ims and resp.last_modified is not None:
                try:
                    return resp.last_modified.astimezone(timezone.utc).replace(microsecond=0) <= parsedate_to_datetime(ims)
                except (TypeError, ValueError):
                    return False
            return False

        def do_GET(self) -> None:
            self._serve("GET")

        def do_HEAD(self) -> None:
            self._serve("HEAD")

        def do_POST(self) -> None:
            self._serve("POST")

    return Handler


class QuietHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A client that hung up (a browser aborting a blocked resource, a cancelled download)
        is not an error of the mirror; anything else still is."""
        import sys
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class MirrorServer:
    """Start with `with MirrorServer() as m:`; `m.base(site)` is each site's base URL."""

    def __init__(self, port: int = 0, sites: list[str] | None = None):
        self.port = port
        self.keys = sites or list(SITES)
        self.log = RequestLog()
        self._servers: dict[str, ThreadingHTTPServer] = {}
        self._threads: list[threading.Thread] = []
        self._bases: dict[str, list[str]] = {}
        self.edits: dict[str, str] = {}      # article id -> paragraph added since publication

    def start(self) -> "MirrorServer":
        for key in self.keys:
            spec = SITES[key]
            ref = [""]
            srv = QuietHTTPServer((spec.address, self.port), _make_handler(spec, ref, self.log, self.edits))
            srv.daemon_threads = True
            ref[0] = f"http://{spec.address}:{srv.server_address[1]}"
            self._bases[key] = ref
            self._servers[key] = srv
            t = threading.Thread(target=srv.serve_forever, name=f"mirror-{key}", daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def stop(self) -> None:
        for srv in self._servers.values():
            srv.shutdown()
            srv.server_close()
        self._servers.clear()

    def __enter__(self) -> "MirrorServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def base(self, key: str) -> str:
        return self._bases[key][0]

    def sources(self) -> list[dict]:
        """Source definitions (config dicts) for every mirror site."""
        out = []
        for key in self.keys:
            spec, base = SITES[key], self.base(key)
            eps = entry_points(key)
            src = {
                "id": f"mirror-{key}", "name": spec.name, "homepage": base + "/",
                "start_urls": [base + p for p in eps["start_urls"]],
                "feeds": [base + p for p in eps["feeds"]],
                "sitemaps": [base + p for p in eps["sitemaps"]],
                "render": "browser" if key == "jsportal" else "http",
                "interval": "30m", "platform": spec.platform, "verified": True,
                "scope": "national" if key == "vgp" else "province",
            }
            if key == "jsportal":
                src.update({"wait_for": "#news-zone .news-item", "click_more": "#more", "max_clicks": 5,
                            "render_articles": True})
            out.append(src)
        return out

    def config_toml(self, db_url: str, extra: str = "") -> str:
        """A complete dxwatch.toml for crawling this mirror (private networks allowed)."""
        import json as _json
        lines = ["[storage]", f"url = {_json.dumps(db_url)}", "", "[crawl]", "allow_private_networks = true",
                 'sources_dir = ""', "download_delay = 0", "autothrottle = false", "per_host_concurrency = 4",
                 "default_max_pages = 10", ""]
        if extra:
            lines += [extra, ""]
        for s in self.sources():
            lines.append("[[sources]]")
            for k, v in s.items():
                lines.append(f"{k} = {_json.dumps(v, ensure_ascii=False)}")
            lines.append("")
        return "\n".join(lines)
