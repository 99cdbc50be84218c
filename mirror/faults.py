"""The fault mirror: hostile and broken portals on loopback (127.0.0.18), one port per fault.

Each fault is its own site (its own host:port, so its own robots.txt and its own source in the
config). Tests and `dxwatch demo --faults` start it with `with FaultServer() as f:`; the request
log records what every site served, when, and how many bytes left before the client hung up.
"""
from __future__ import annotations

import json
import select
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from mirror.fault_sites import FAULTS, FaultSite

ADDRESS = "127.0.0.18"
HANG_LIMIT = 300.0           # a hanging or dripping response gives up after this (or when the client leaves)


@dataclass
class Served:
    site: str
    path: str                # path and query as requested
    status: int | None       # None: the connection was reset or never answered
    at: float                # time.monotonic() when the request arrived
    sent: int = 0            # body bytes written before the response ended or the client left
    headers: dict = field(default_factory=dict)


class FaultLog:
    """What the fault sites served (thread-safe)."""

    def __init__(self):
        self.entries: list[Served] = []
        self.lock = threading.Lock()

    def add(self, entry: Served) -> None:
        with self.lock:
            self.entries.append(entry)

    def of(self, site: str, path_prefix: str = "") -> list[Served]:
        with self.lock:
            return [e for e in self.entries if e.site == site and e.path.startswith(path_prefix)]


class Ctx:
    """One request to a fault site: what it asked, and the ways to answer (or not) that faults need."""

    def __init__(self, handler: "_Handler", record: Served, hits: int, stop: threading.Event):
        self.h, self.record, self.hits, self.stop = handler, record, hits, stop
        self.base = handler.server.base       # type: ignore[attr-defined]
        self.cookies = dict(p.strip().split("=", 1) for p in (handler.headers.get("Cookie") or "").split(";")
                            if "=" in p)

    def _head(self, status: int, ctype: str, headers: dict | None, length: int | None) -> None:
        h = self.h
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        if length is None:
            h.send_header("Transfer-Encoding", "chunked")
        else:
            h.send_header("Content-Length", str(length))
        h.end_headers()
        self.record.status = status

    def send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
             headers: dict | None = None, *, length: int | None = None, close: bool = False) -> None:
        """A whole response; `length` may lie about the body's size (then the connection closes)."""
        if close or (length is not None and length != len(body)):
            headers = {**(headers or {}), "Connection": "close"}
            self.h.close_connection = True
        self._head(status, ctype, headers, len(body) if length is None else length)
        if self.h.command != "HEAD":
            self.h.wfile.write(body)
            self.record.sent += len(body)

    def stream(self, chunks: Iterable[bytes], ctype: str, headers: dict | None = None,
               length: int | None = None) -> None:
        """A body produced as it is sent (chunked unless `length` is given); stops when the client leaves."""
        self._head(200, ctype, headers, length)
        w = self.h.wfile
        for chunk in chunks:
            if self.stop.is_set():
                break
            if not chunk:
                continue
            w.write(chunk if length is not None else b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.record.sent += len(chunk)
        if length is None:
            w.write(b"0\r\n\r\n")

    def drip(self, body: bytes, ctype: str = "text/html; charset=utf-8", every: float = 1.0) -> None:
        """Headers at once, then one byte per `every` seconds."""
        self._head(200, ctype, None, len(body))
        for i in range(len(body)):
            if self._client_left(every):
                return
            self.h.wfile.write(body[i:i + 1])
            self.h.wfile.flush()
            self.record.sent += 1

    def hang(self) -> None:
        """Read the request, never answer; return when the client gives up (or the server stops)."""
        self.record.status = None
        self.h.close_connection = True
        deadline = time.monotonic() + HANG_LIMIT
        while time.monotonic() < deadline and not self._client_left(0.2):
            pass

    def reset(self) -> None:
        """Close with a TCP RST (SO_LINGER 0): the client sees 'connection reset by peer'."""
        self.record.status = None
        self.h.close_connection = True
        sock = self.h.connection
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()

    def _client_left(self, wait: float) -> bool:
        if self.stop.wait(0) or self.h.connection.fileno() < 0:
            return True
        readable, _, _ = select.select([self.h.connection], [], [], wait)
        if readable:
            try:
                return self.h.connection.recv(1, socket.MSG_PEEK) == b""
            except OSError:
                return True
        return self.stop.is_set()


class _Handler(BaseHTTPRequestHandler):
    server_version = "FaultPortal/1.0"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:       # quiet: the FaultLog keeps the record
        pass

    def do_GET(self) -> None:
        srv = self.server
        record = Served(srv.site.key, self.path, None, time.monotonic(),   # type: ignore[attr-defined]
                        headers={k.lower(): v for k, v in self.headers.items()})
        parts = urlsplit(self.path)
        with srv.lock:                                                        # type: ignore[attr-defined]
            srv.hits[parts.path] += 1                                         # type: ignore[attr-defined]
            hits = srv.hits[parts.path]                                       # type: ignore[attr-defined]
        ctx = Ctx(self, record, hits, srv.stop)                               # type: ignore[attr-defined]
        try:
            srv.site.handler(ctx, parts.path, parse_qs(parts.query))          # type: ignore[attr-defined]
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True            # the client left: a cap or a timeout did its job
        finally:
            srv.log.add(record)                                               # type: ignore[attr-defined]

    do_HEAD = do_GET

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:
            pass


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:   # a client that left is not an error
        pass


class FaultServer:
    """Start with `with FaultServer() as f:`; `f.base(key)` is each fault site's base URL."""

    def __init__(self, faults: list[str] | None = None, address: str = ADDRESS):
        self.keys = faults or list(FAULTS)
        unknown = [k for k in self.keys if k not in FAULTS]
        if unknown:
            raise ValueError(f"unknown fault sites: {', '.join(unknown)} (known: {', '.join(FAULTS)})")
        self.address = address
        self.log = FaultLog()
        self.stop_event = threading.Event()
        self._servers: dict[str, _SiteServer] = {}

    def start(self) -> "FaultServer":
        for key in self.keys:
            srv = _SiteServer((self.address, 0), _Handler)
            srv.site, srv.log, srv.stop = FAULTS[key], self.log, self.stop_event    # type: ignore[attr-defined]
            srv.hits, srv.lock = Counter(), threading.Lock()                         # type: ignore[attr-defined]
            srv.base = f"http://{self.address}:{srv.server_address[1]}"              # type: ignore[attr-defined]
            self._servers[key] = srv
            threading.Thread(target=srv.serve_forever, name=f"fault-{key}", daemon=True).start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        for srv in self._servers.values():
            srv.shutdown()
            srv.server_close()
        self._servers.clear()

    def __enter__(self) -> "FaultServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def base(self, key: str) -> str:
        return self._servers[key].base      # type: ignore[attr-defined]

    @staticmethod
    def source_id(key: str) -> str:
        return f"fault-{key}"

    def sources(self) -> list[dict]:
        """One source definition (a config dict) per fault site."""
        out = []
        for key in self.keys:
            site, base = FAULTS[key], self.base(key)
            src = {"id": self.source_id(key), "name": f"Fault: {site.what}", "homepage": base + "/"}
            for kind in ("start_urls", "feeds", "sitemaps"):
                paths = site.entries.get(kind, [])
                if paths:
                    src[kind] = [base + p for p in paths]
            src.update({"render": "http", "interval": "30m", "recheck_within": "", **site.source_extra})
            out.append(src)
        return out

    def config_blocks(self) -> str:
        """`[[sources]]` TOML blocks for every fault site (to append to a mirror config)."""
        lines = []
        for s in self.sources():
            lines.append("[[sources]]")
            lines += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in s.items()]
            lines.append("")
        return "\n".join(lines)
