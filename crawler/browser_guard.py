"""The private-network guard for Chromium: a loopback HTTP proxy the crawl owns.

Chromium resolves names itself, so Scrapy's guarded resolver (crawler/netguard.py) never sees
what a rendered page connects to. Every request of the browser (the page, its redirects, its
scripts, images, XHR and frames, plain HTTP or a CONNECT tunnel for HTTPS) is therefore sent to
this proxy (`--proxy-server`, with `<-loopback>` so loopback is not exempt). The proxy resolves
the name with the same rules as the resolver (`[crawl] resolve` pins, `allow_private_hosts`,
`allow_private_networks`) and connects to exactly the address it checked, so what is checked is
what is used, here too. A refused request gets a 403 carrying `X-Dxwatch-Refused`; the
downloader middleware `ProxyVerdicts` turns that answer to a page into one clear line.
"""
from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import threading
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from crawler.netguard import REFUSED, is_private_address

log = logging.getLogger("dxwatch.netguard")
REFUSED_HEADER = "X-Dxwatch-Refused"
ERROR_HEADER = "X-Dxwatch-Proxy-Error"
MAX_HEAD = 64 * 1024
CONNECT_TIMEOUT = 15.0


class AddressPolicy:
    """Which addresses a host may be connected to: the rules of crawler.netguard.GuardedResolver."""

    def __init__(self, *, allow_all: bool = False, allowed_hosts=(), pinned: dict | None = None):
        self.allow_all = allow_all
        self.allowed_hosts = {h.lower() for h in allowed_hosts}
        self.pinned = {k.lower(): v for k, v in (pinned or {}).items()}

    @classmethod
    def of(cls, crawl_cfg) -> "AddressPolicy":
        """From `[crawl]` (crawler.config.CrawlConfig)."""
        return cls(allow_all=crawl_cfg.allow_private_networks, allowed_hosts=crawl_cfg.allow_private_hosts,
                   pinned=crawl_cfg.resolve)

    def candidates(self, host: str, port: int) -> list[str]:
        """The addresses of host (pinned, literal or resolved), in resolver order."""
        host = host.lower().strip("[]")
        if host in self.pinned:
            return [self.pinned[host]]
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            pass
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            return []
        return list(dict.fromkeys(info[4][0] for info in infos))

    def admit(self, host: str, addresses: list[str]) -> tuple[str | None, str | None]:
        """(the address to connect to, None) or (None, the private address refused)."""
        if self.allow_all or host.lower().strip("[]") in self.allowed_hosts:
            return (addresses[0] if addresses else None), None
        dropped = None
        for a in addresses:
            if is_private_address(a):
                dropped = dropped or a
            else:
                return a, None
        return None, dropped


class BrowserGuard:
    """`with BrowserGuard(policy) as g:` serves on 127.0.0.1:`g.port` in its own thread and loop."""

    def __init__(self, policy: AddressPolicy):
        self.policy = policy
        self.port = 0
        self.refused: list[tuple[str, str]] = []       # (host, private address): what it stopped
        self.connected: list[tuple[str, str]] = []     # (host, address): what it let through
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server = None
        self._thread: threading.Thread | None = None

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def chromium_args(self) -> list[str]:
        return [f"--proxy-server={self.proxy_url}", "--proxy-bypass-list=<-loopback>",
                "--force-webrtc-ip-handling-policy=disable_non_proxied_udp"]

    def start(self) -> "BrowserGuard":
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            self._server = self._loop.run_until_complete(
                asyncio.start_server(self._handle, "127.0.0.1", 0, limit=MAX_HEAD))
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            self._loop.run_forever()
            self._server.close()
            self._loop.run_until_complete(self._server.wait_closed())
            self._loop.close()

        self._thread = threading.Thread(target=run, name="dxwatch-browser-guard", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)
            self._thread = None

    def __enter__(self) -> "BrowserGuard":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- one client connection: one request (or one tunnel) -------------------------------------
    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream = None
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            line, _, rest = head.partition(b"\r\n")
            method, target, version = line.decode("latin-1").split(" ", 2)
            if method == "CONNECT":
                host, _, port_s = target.rpartition(":")
                port, path = int(port_s or 443), None
            else:
                parts = urlsplit(target)
                host, port = parts.hostname or "", parts.port or 80
                path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            loop = asyncio.get_running_loop()
            addrs = await loop.run_in_executor(None, self.policy.candidates, host, port)
            addr, dropped = self.policy.admit(host, addrs)
            if addr is None:
                why = (f"{host} resolves to {dropped} (private, loopback or link-local); "
                       f"[crawl] allow_private_networks is off") if dropped else f"DNS lookup failed for {host}"
                if dropped:
                    self.refused.append((host, dropped))
                    REFUSED[host.lower()] = dropped
                    log.warning("refused in the browser: %s", why)
                await self._answer(writer, 403 if dropped else 502, REFUSED_HEADER if dropped else ERROR_HEADER, why)
                return
            try:
                upstream = await asyncio.wait_for(asyncio.open_connection(addr, port), CONNECT_TIMEOUT)
            except (OSError, asyncio.TimeoutError) as e:
                what = "connection refused" if isinstance(e, ConnectionRefusedError) else \
                    ("timed out" if isinstance(e, asyncio.TimeoutError) else f"cannot connect ({e.strerror or e})")
                await self._answer(writer, 502, ERROR_HEADER, f"{what}: {host}:{port}")
                return
            self.connected.append((host, addr))
            up_reader, up_writer = upstream
            if method == "CONNECT":
                writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
                await writer.drain()
            else:
                up_writer.write(_origin_request(method, path, version, rest))
                await up_writer.drain()
            to_up = asyncio.ensure_future(_pipe(reader, up_writer))
            await _pipe(up_reader, writer, add_close=method != "CONNECT")
            to_up.cancel()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, ConnectionError):
            pass
        finally:
            for w in (writer, upstream[1] if upstream else None):
                if w is not None:
                    w.close()

    @staticmethod
    async def _answer(writer, status: int, header: str, why: str) -> None:
        body = why.encode("utf-8", "replace")
        reason = "Forbidden" if status == 403 else "Bad Gateway"
        writer.write(f"HTTP/1.1 {status} {reason}\r\n{header}: {why}\r\nContent-Type: text/plain; charset=utf-8\r\n"
                     f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode("latin-1", "replace") + body)
        await writer.drain()


def _origin_request(method: str, path: str, version: str, rest: bytes) -> bytes:
    """The request as the origin expects it: origin-form target, no proxy headers, one request only."""
    lines = [h for h in rest.split(b"\r\n") if h]
    keep = [h for h in lines if h.split(b":", 1)[0].strip().lower()
            not in (b"proxy-connection", b"proxy-authorization", b"connection", b"keep-alive")]
    return f"{method} {path} {version}\r\n".encode("latin-1") + b"\r\n".join(keep + [b"Connection: close"]) + b"\r\n\r\n"


async def _pipe(reader, writer, add_close: bool = False) -> None:
    """Copy until EOF; an HTTP answer's head says `Connection: close` (one request per connection)."""
    try:
        if add_close:
            head = await reader.readuntil(b"\r\n\r\n")
            first, _, rest = head.partition(b"\r\n")
            lines = [h for h in rest.split(b"\r\n") if h and h.split(b":", 1)[0].strip().lower()
                     not in (b"connection", b"keep-alive", b"proxy-connection")]
            writer.write(first + b"\r\n" + b"\r\n".join(lines + [b"Connection: close"]) + b"\r\n\r\n")
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.CancelledError):
        pass


class ProxyVerdicts:
    """A page the browser guard refused (or could not reach) fails with one line, not as 'HTTP 403'."""

    @classmethod
    def from_crawler(cls, crawler):
        return cls()

    def process_response(self, request, response, spider=None):
        if not request.meta.get("playwright"):
            return response
        for header, prefix in ((REFUSED_HEADER, "refused in the browser: "), (ERROR_HEADER, "browser: ")):
            value = response.headers.get(header)
            if value:
                raise IgnoreRequest(prefix + value.decode("latin-1"))
        return response
