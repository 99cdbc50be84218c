"""Shared helpers for the blind archetype generator: the Site manifest writer and small assets."""
from __future__ import annotations

import html
import json
import random
import struct
import zlib
from datetime import datetime
from pathlib import Path

H = "http://{host}"          # placeholder host, substituted by the mirror server in every served file
WRITTEN_ON = "2026-11-26"
AUTHOR = "blind helper (did not read dxwatch code)"


def esc(s: str) -> str:
    return html.escape(s, quote=True)


def ent(s: str) -> str:
    """Numeric-entity encode every non-ASCII character (&#x1EDB; style, as some CMSs do)."""
    out = []
    for ch in html.escape(s, quote=True):
        out.append(ch if ord(ch) < 128 else f"&#x{ord(ch):X};")
    return "".join(out)


def to_eth(s: str) -> str:
    """Some pages use U+00D0 (Icelandic eth) where U+0110 'Đ' is meant."""
    return s.replace("Đ", "\u00d0")


def quirky(s: str, rng: random.Random) -> str:
    """Sprinkle NBSP and zero-width spaces the way copy-pasted CMS text carries them."""
    words = s.split(" ")
    for i in range(1, len(words)):
        r = rng.random()
        if r < 0.03:
            words[i] = "\u200b" + words[i]
        elif r < 0.06:
            words[i] = "\u00a0" + words[i]
    return " ".join(words).replace("\u00a0 ", "\u00a0").replace(" \u00a0", "\u00a0")


def png(w: int = 16, h: int = 10, rgb=(40, 90, 160)) -> bytes:
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def pdf(text: str) -> bytes:
    """A minimal valid one-page PDF (ASCII text only)."""
    stream = f"BT /F1 14 Tf 60 760 Td ({text}) Tj ET".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


CSS = "body{font-family:Arial,Helvetica,sans-serif;margin:0;color:#222}a{color:#0b4f9c;text-decoration:none}\n" \
      ".container{max-width:1140px;margin:0 auto}.hidden{display:none}\n"
JS = "(function(){var b=document.querySelector('.btn-top');if(b){b.onclick=function(){window.scrollTo(0,0)}}})();\n"


def toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


class Site:
    def __init__(self, name: str, title: str, platform: str, needs_browser: bool,
                 modelled_on: str, exercises: str):
        self.name, self.title, self.platform = name, title, platform
        self.needs_browser = needs_browser
        self.modelled_on, self.exercises = modelled_on, exercises
        self.routes: list[dict] = []
        self.files: dict[str, bytes] = {}
        self.extra_files: dict[str, bytes] = {}   # written but not routed (e.g. *.xml.src)
        self.missing: list[str] = []

    def add(self, path: str, file: str, type: str, data, content_type: str | None = None, **kw):
        assert path.startswith("/"), path
        assert all(r["path"] != path for r in self.routes), f"duplicate route {path}"
        b = data.encode("utf-8") if isinstance(data, str) else data
        if file in self.files:
            assert self.files[file] == b, f"file {file} reused with different content"
        self.files[file] = b
        r = dict(path=path, file=file, type=type)
        if content_type:
            r["content_type"] = content_type
        r.update(kw)
        self.routes.append(r)

    def article(self, path: str, file: str, art: dict, data: str, content_type: str | None = None):
        self.add(path, file, "article", data, content_type, title=art["title"],
                 published=art["pub"].isoformat(), cds=art["cds"])

    def miss(self, *paths: str):
        for p in paths:
            if p not in self.missing:
                self.missing.append(p)

    def write(self, root: Path):
        d = root / self.name
        d.mkdir(parents=True, exist_ok=True)
        for f, b in {**self.files, **self.extra_files}.items():
            (d / f).write_bytes(b)
        lines = [
            f"name = {toml_str(self.name)}",
            f"title = {toml_str(self.title)}",
            f"platform = {toml_str(self.platform)}",
            f"needs_browser = {'true' if self.needs_browser else 'false'}",
            "missing = [" + ", ".join(toml_str(m) for m in self.missing) + "]",
            "",
            "[provenance]",
            f"author = {toml_str(AUTHOR)}",
            f"written_on = {toml_str(WRITTEN_ON)}",
            f"modelled_on = {toml_str(self.modelled_on)}",
            f"exercises = {toml_str(self.exercises)}",
            "",
        ]
        for r in self.routes:
            lines.append("[[routes]]")
            for k in ("path", "file", "type", "content_type", "title", "published", "cds"):
                if k in r:
                    v = r[k]
                    lines.append(f"{k} = {'true' if v is True else 'false' if v is False else toml_str(v)}")
            lines.append("")
        (d / "site.toml").write_text("\n".join(lines), encoding="utf-8")


def views(rng: random.Random) -> str:
    n = rng.randint(120, 4800)
    return f"{n:,}".replace(",", ".")


def by_date(arts):
    return sorted(arts, key=lambda a: a["pub"], reverse=True)


def ddmmyyyy(dt: datetime) -> str:
    return dt.strftime("%d/%m/%Y")


def hhmm(dt: datetime) -> str:
    return dt.strftime("%H:%M")
