"""The offline mirror: one loopback HTTP server per portal archetype (and per static site), with
ETag/Last-Modified/304; the config that crawls it, and the ground truth of what a crawl should find."""
from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from datetime import timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from mirror.archetypes import ARCHETYPES, site as make_site
from mirror.archetypes.base import Request, Response, Site


@dataclass
class RequestLog:
    """What the mirror served: tests and benchmarks read it (thread-safe)."""
    entries: list[tuple[str, str, str, int]] = field(default_factory=list)   # (site, method, target, status)
    spans: list[tuple[str, float, float]] = field(default_factory=list)      # (site, began, ended): monotonic
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, site: str, method: str, target: str, status: int, began: float | None = None) -> None:
        with self.lock:
            self.entries.append((site, method, target, status))
            if began is not None:
                self.spans.append((site, began, time.monotonic()))

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.spans.clear()



def _make_handler(site: Site, log: RequestLog):
    class Handler(BaseHTTPRequestHandler):
        server_version = "MirrorPortal/1.0"
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:     # quiet: the RequestLog keeps the record
            pass

        def _serve(self, method: str) -> None:
            began = time.monotonic()
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                resp = site.archetype.serve(site, Request.of(method, self.path, headers, body))
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
            log.add(site.archetype.key, method, self.path, status, began)

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
        self.keys = sites or list(ARCHETYPES)
        unknown = [k for k in self.keys if k not in ARCHETYPES]
        if unknown:
            raise ValueError(f"unknown mirror sites: {', '.join(unknown)} (known: {', '.join(ARCHETYPES)})")
        self.log = RequestLog()
        self._servers: dict[str, ThreadingHTTPServer] = {}
        self._threads: list[threading.Thread] = []
        self.sites: dict[str, Site] = {}
        self.edits: dict[str, str] = {}      # article id -> paragraph added since publication

    def start(self) -> "MirrorServer":
        for key in self.keys:
            arche = ARCHETYPES[key]
            srv = QuietHTTPServer((arche.address, self.port), BaseHTTPRequestHandler)
            site = make_site(key, f"http://{arche.address}:{srv.server_address[1]}", self.edits)
            srv.RequestHandlerClass = _make_handler(site, self.log)
            srv.daemon_threads = True
            self.sites[key] = site
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
        return self.sites[key].base

    def sources(self) -> list[dict]:
        """Source definitions (config dicts) for every mirror site."""
        return [ARCHETYPES[key].source(self.base(key)) for key in self.keys]

    def article_urls(self, keys: list[str] | None = None) -> set[str]:
        """The ground truth: every URL of the served sites (or of `keys`) that is an article."""
        return {u for key in (keys or self.keys) for u in ARCHETYPES[key].article_urls(self.sites[key])}

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
