"""The scale benchmark's load: many small portals on distinct loopback addresses (127.0.x.y, so
Scrapy's per-host slots and our politeness keys see distinct hosts), in one asyncio process.
Each request waits 100–500 ms; listings carry an ETag and answer 304 when unchanged; a new
article appears on each listing every `new_every` seconds; a few hosts answer 5xx to a share of
requests and a few are slower than the crawler's timeout. Every request's span is kept per host
and written to a JSON file on SIGTERM: the politeness check reads it."""
from __future__ import annotations

import asyncio
import hashlib
import json
import random
import signal
import sys
import time

ROBOTS = b"User-agent: *\nAllow: /\n"
PARA = ("Tỉnh đẩy mạnh chuyển đổi số trong cơ quan nhà nước, tỷ lệ hồ sơ trực tuyến toàn trình đạt {n}% "
        "trong quý, hạ tầng cáp quang phủ tới {m} xã; Ban Chỉ đạo chuyển đổi số họp phiên thứ {k}. ")


def address(i: int) -> str:
    return f"127.0.{10 + i // 200}.{1 + i % 200}"


def kind(i: int) -> str:
    """Every 25th host from the 8th answers 5xx to a fifth of requests; every 50th from the 14th
    is slower than the timeout (a host that is down for the crawler)."""
    if i % 50 == 13:
        return "slow"
    return "flaky" if i % 25 == 7 else "ok"


class Portal:
    def __init__(self, i: int, sources: int, t0: float, new_every: float, timeout: float):
        self.i, self.sources, self.t0, self.new_every, self.timeout = i, sources, t0, new_every, timeout
        self.kind = kind(i)
        self.spans: list[tuple[float, float]] = []

    def articles(self, j: int) -> int:
        return 3 + int((time.time() - self.t0 + j * 7) // self.new_every)

    def page(self, path: str) -> tuple[int, bytes, dict]:
        if path == "/robots.txt":
            return 200, ROBOTS, {"Content-Type": "text/plain"}
        parts = [p for p in path.split("/") if p]
        if not parts or not parts[0].startswith("s") or not parts[0][1:].isdigit():
            return 404, b"not found", {}
        j = int(parts[0][1:])
        if j >= self.sources:
            return 404, b"not found", {}
        if len(parts) == 1:
            n = self.articles(j)
            links = "".join(f'<li><a href="/s{j}/a{k}.html">Tin chuyển đổi số {self.i}-{j}-{k}</a></li>'
                            for k in range(n - 1, max(-1, n - 4), -1))
            body = f"<html><head><title>Tin tức {self.i}-{j}</title></head><body><ul>{links}</ul></body></html>"
            return 200, body.encode(), {"ETag": '"' + hashlib.sha1(body.encode()).hexdigest()[:16] + '"'}
        k = int(parts[1].removeprefix("a").removesuffix(".html") or 0)
        text = "".join(f"<p>{PARA.format(n=50 + (k + x) % 40, m=100 + x, k=1 + x % 9)}</p>" for x in range(6))
        day = time.strftime("%Y-%m-%d")
        body = (f'<html><head><title>Chuyển đổi số tỉnh {self.i}: bài {j}-{k}</title>'
                f'<meta property="article:published_time" content="{day}T08:00:00+07:00"></head><body>'
                f'<article><h1>Chuyển đổi số tỉnh {self.i}: bài {j}-{k}</h1>{text}</article></body></html>')
        return 200, body.encode(), {}

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                began = time.monotonic()
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
                await asyncio.sleep(self.timeout + 2 if self.kind == "slow" else random.uniform(0.1, 0.5))
                status, body, extra = self.page(path)
                if self.kind == "flaky" and random.random() < 0.2 and path != "/robots.txt":
                    status, body, extra = 503, b"busy", {}
                if status == 200 and extra.get("ETag") and headers.get("if-none-match") == extra["ETag"]:
                    status, body = 304, b""
                reason = {200: "OK", 304: "Not Modified", 404: "Not Found", 503: "Service Unavailable"}[status]
                out = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}",
                       f"Content-Type: {extra.pop('Content-Type', 'text/html; charset=utf-8')}"]
                out += [f"{k}: {v}" for k, v in extra.items()]
                writer.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + body)
                await writer.drain()
                self.spans.append((began, time.monotonic()))
        except (asyncio.IncompleteReadError, ConnectionError, IndexError, ValueError):
            pass
        finally:
            writer.close()


async def serve(hosts: int, sources_per_host: int, new_every: float, timeout: float, ready_file: str,
                spans_file: str) -> None:
    t0 = time.time()
    portals = [Portal(i, sources_per_host, t0, new_every, timeout) for i in range(hosts)]
    ports = {}
    for p in portals:
        srv = await asyncio.start_server(p.handle, address(p.i), 0)
        ports[address(p.i)] = srv.sockets[0].getsockname()[1]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    with open(ready_file, "w") as fh:
        json.dump({"ports": ports, "kinds": {address(p.i): p.kind for p in portals}}, fh)
    await stop.wait()
    with open(spans_file, "w") as fh:
        json.dump({address(p.i): p.spans for p in portals}, fh)


if __name__ == "__main__":
    h, s, every, tmo, ready, spans = sys.argv[1:7]
    asyncio.run(serve(int(h), int(s), float(every), float(tmo), ready, spans))
