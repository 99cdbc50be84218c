"""Validate every blind archetype site: python3 validate.py

Checks: manifest schema; every route's file exists; every internal link (HTML href/src/action, sitemap
<loc>, feed <link>, robots Sitemap:, JSON paths, JS-built /tin-tuc/<slug>.html) resolves to a route or is
listed in `missing`; every .gz decompresses to well-formed XML; every article has title/published/cds, its
title is in its page and its date is visible; no 12-word run of the shared seed articles is reused.
Also reports how each site's articles can be reached (plain links from /, sitemaps/feeds, JavaScript).
"""
from __future__ import annotations

import gzip
import html
import json
import re
import sys
import tomllib
import xml.etree.ElementTree as ET
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SEEDS = Path("/work/shared/seeds")
HOST = "http://{host}"
PLATFORMS = {"wordpress", "nukeviet", "liferay", "sharepoint", "vgp", "newspaper-cms", "custom"}
TYPES = {"home", "listing", "article", "category", "tag", "static", "sitemap", "feed", "robots", "data", "other"}


class Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if v and k in ("href", "src", "action"):
                self.links.append(v)

    def handle_data(self, data):
        self.text.append(data)


def internal(u: str) -> str | None:
    """Root-relative path+query of an internal link, None for external/non-http, 'RELATIVE:' for relative links."""
    u = u.strip()
    if u.startswith(HOST):
        u = u[len(HOST):] or "/"
    if u.startswith(("javascript:", "mailto:", "tel:", "#", "data:")) or re.match(r"^[a-z]+://", u) or u.startswith("//"):
        return None
    if not u.startswith("/"):
        return "RELATIVE:" + u
    return u.split("#", 1)[0] or "/"


def xml_links(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    out = []
    for el in root.iter():
        tag = el.tag.split("}")[-1]
        if tag == "comments" and "slash" in el.tag:
            continue
        if tag in ("loc", "link", "comments", "commentRss") and el.text and el.text.strip():
            out.append(el.text.strip())
        for k in ("href", "url"):
            if el.get(k):
                out.append(el.get(k))
    return out


def json_strings(o):
    if isinstance(o, dict):
        for v in o.values():
            yield from json_strings(v)
    elif isinstance(o, list):
        for v in o:
            yield from json_strings(v)
    elif isinstance(o, str):
        yield o


def seed_shingles(n=12):
    sh = set()
    for f in SEEDS.glob("*.txt"):
        w = re.findall(r"\w+", f.read_text(encoding="utf-8").lower())
        sh |= {" ".join(w[i:i + n]) for i in range(len(w) - n)}
    return sh


def check_site(d: Path, seeds: set) -> tuple[list[str], dict]:
    errs: list[str] = []
    m = tomllib.loads((d / "site.toml").read_text(encoding="utf-8"))
    for k in ("name", "title", "platform", "needs_browser", "provenance", "routes"):
        if k not in m:
            errs.append(f"manifest lacks {k}")
    if m.get("platform") not in PLATFORMS:
        errs.append(f"bad platform {m.get('platform')}")
    for k in ("author", "written_on", "modelled_on", "exercises"):
        if k not in m.get("provenance", {}):
            errs.append(f"provenance lacks {k}")
    routes = {r["path"]: r for r in m["routes"]}
    if len(routes) != len(m["routes"]):
        errs.append("duplicate route paths")
    missing = set(m.get("missing", []))
    if missing & set(routes):
        errs.append(f"paths both routed and missing: {missing & set(routes)}")
    if "/" not in routes:
        errs.append("no / route")
    graph: dict[str, set[str]] = {}
    linked: set[str] = set()
    for p, r in routes.items():
        if r["type"] not in TYPES:
            errs.append(f"{p}: bad type {r['type']}")
        f = d / r["file"]
        if not f.exists():
            errs.append(f"{p}: file {r['file']} missing")
            continue
        data = f.read_bytes()
        raw_links: list[str] = []
        kind = r["file"].rsplit(".", 1)[-1]
        if r["file"].endswith(".gz"):
            try:
                data = gzip.decompress(data)
            except OSError as e:
                errs.append(f"{p}: gzip fails: {e}")
                continue
            kind = "xml"
        ct = r.get("content_type", "")
        try:
            if kind in ("html", "htm") or "html" in ct:
                lp = Links()
                lp.feed(data.decode("utf-8"))
                raw_links = lp.links
                text = html.unescape(" ".join(lp.text))
                if r["type"] == "article":
                    page = " ".join(text.split())
                    if " ".join(r["title"].split()) not in page:
                        errs.append(f"{p}: title not found in page")
                    pub = datetime.fromisoformat(r["published"])
                    if pub.strftime("%d/%m/%Y") not in page and f"{pub.day} Tháng {pub.month}, {pub.year}" not in page \
                            and f"{pub.day} Tháng {pub.month} {pub.year}" not in page:
                        errs.append(f"{p}: visible date not found")
                    words = re.findall(r"\w+", page.lower())
                    hit = {" ".join(words[i:i + 12]) for i in range(len(words) - 12)} & seeds
                    if hit:
                        errs.append(f"{p}: shares seed text: {sorted(hit)[:2]}")
            elif kind in ("xml", "rss") or "xml" in ct:
                raw_links = xml_links(data)
            elif kind == "json":
                raw_links = [s for s in json_strings(json.loads(data)) if s.startswith(("/", HOST))]
            elif r["type"] == "robots":
                t = data.decode("utf-8")
                raw_links = re.findall(r"(?im)^sitemap:\s*(\S+)", t)
        except Exception as e:  # noqa: BLE001
            errs.append(f"{p}: cannot parse ({e})")
        if r["type"] == "article":
            if not r.get("title") or "published" not in r or not isinstance(r.get("cds"), bool):
                errs.append(f"{p}: article lacks title/published/cds")
            elif datetime.fromisoformat(r["published"]).utcoffset() is None:
                errs.append(f"{p}: published without offset")
        out = set()
        for u in raw_links:
            i = internal(u)
            if i is None:
                continue
            if i.startswith("RELATIVE:"):
                errs.append(f"{p}: relative link {i[9:]}")
                continue
            out.add(i)
            linked.add(i)
            if i not in routes and i not in missing:
                errs.append(f"{p}: link {i} is neither a route nor missing")
        graph[p] = out
    # JavaScript-built links: JSON items with a slug become /tin-tuc/<slug>.html
    js_edges: dict[str, set[str]] = {}
    for p, r in routes.items():
        if r["type"] == "data" and r["file"].endswith(".json"):
            obj = json.loads((d / r["file"]).read_bytes())
            for it in obj.get("items", []):
                u = f"/tin-tuc/{it['slug']}.html"
                js_edges.setdefault(p, set()).add(u)
                linked.add(u)
                if u not in routes:
                    errs.append(f"{p}: JS-built link {u} is not a route")
        if r["file"].endswith(".html") and "/api/news?page=" in (d / r["file"]).read_text(encoding="utf-8"):
            t = (d / r["file"]).read_text(encoding="utf-8")
            cat = re.search(r'id="news-box"[^>]*data-cat="([^"]*)"', t).group(1)
            q = re.search(r"\?page=(\d+)", p)
            api = f"/api/news?page={q.group(1) if q else 1}" + (f"&cat={cat}" if cat else "")
            js_edges.setdefault(p, set()).add(api)
            if api not in routes:
                errs.append(f"{p}: script fetches {api}, not a route")
    for u in missing:
        if u not in linked:
            errs.append(f"missing entry {u} is never linked")

    def reach(start, use_sitemaps, use_js):
        seen, todo = set(), list(start)
        while todo:
            p = todo.pop()
            if p in seen or p not in routes:
                continue
            seen.add(p)
            t = routes[p]["type"]
            if t in ("sitemap", "robots") and not use_sitemaps:
                continue
            todo += graph.get(p, ())
            if use_js:
                todo += js_edges.get(p, ())
        return {p for p in seen if routes[p]["type"] == "article"}
    arts = {p for p, r in routes.items() if r["type"] == "article"}
    start_sm = ["/"] + (["/robots.txt"] if "/robots.txt" in routes else [])
    stats = dict(articles=len(arts), cds=sum(1 for p in arts if routes[p]["cds"]),
                 non_articles=len(routes) - len(arts),
                 html_only=len(reach(["/"], False, False)),
                 with_sitemaps_feeds=len(reach(start_sm, True, False)),
                 with_js=len(reach(start_sm, True, True)),
                 missing=len(missing), needs_browser=m["needs_browser"], platform=m["platform"])
    if stats["with_js"] != len(arts):
        errs.append(f"only {stats['with_js']}/{len(arts)} articles reachable even with sitemaps and JS")
    return errs, stats


def main():
    seeds = seed_shingles() if SEEDS.exists() else set()
    bad = 0
    sites = ROOT.parent / "mirror" / "sites"     # where build.py writes them (blind ones: written_on/author below)
    for d in sorted(p for p in sites.iterdir() if (p / "site.toml").exists() and "blind" in (p / "site.toml").read_text()):
        errs, st = check_site(d, seeds)
        print(f"{d.name:22s} {'OK ' if not errs else 'ERR'} {st}")
        for e in errs:
            print("    -", e)
        bad += bool(errs)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
