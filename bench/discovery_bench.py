"""Discovery: article links found on listing pages by the link scorer (spiders/linkscore.py) against
the old URL-shape allowlist, in the same run: recall and precision on the real listing pages of
../shared/realpages (hand-annotated in tests/real/listing_links.json) and on every listing page of
the mirror archetypes (ground truth: the archetype's articles), and CPU per listing page. Writes the
"Discovery" section of docs/performance.md."""
from __future__ import annotations

import json
import re
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from bench.report import DOC, parser, write_section
from mirror.archetypes import ARCHETYPES, STATIC
from mirror.server import MirrorServer
from pipelines.canonical import canonical_url, same_site
from spiders import discovery

ROOT = Path(__file__).resolve().parent.parent
REALPAGES = ROOT.parent / "shared" / "realpages"
LISTING_FACTS = ROOT / "tests" / "real" / "listing_links.json"
_OLD_COMMENT = re.compile(r"#(comment|binh|box-comment)", re.I)


def old_article_links(html: str, base_url: str) -> list[str]:
    """The discovery before #16: a link is an article when its URL matches one of the twelve shapes."""
    tree = discovery._tree(html, base_url)
    if tree is None:
        return []
    seen, out = set(), []
    for a in tree.iter("a"):
        href = a.get("href")
        if not href or ("#" in href and _OLD_COMMENT.search(href)):
            continue
        url = discovery.strip_tracking(href.strip())
        parts = urlsplit(url)
        tail = parts.path + (("?" + parts.query) if parts.query else "")
        if url in seen or not same_site(url, base_url) or parts.scheme not in ("http", "https"):
            continue
        if discovery._NOT_ARTICLE.search(tail) or discovery._NOT_ARTICLE.search(url):
            continue
        if any(rx.search(tail) for rx in discovery.ARTICLE_SHAPES):
            seen.add(url)
            out.append(url)
    return out


METHODS = {
    "old (twelve shapes)": old_article_links,
    "new (scorer)": lambda html, url: discovery.article_links(html, url),
    "new, shapes off": lambda html, url: discovery.article_links(html, url, shapes=False),
}


def real_listings() -> list[tuple[str, str, str, set[str]]]:
    """(name, page URL, html, the annotated article links) of the real listing pages present."""
    facts = json.loads(LISTING_FACTS.read_text(encoding="utf-8"))["pages"]
    return [(name, f["page_url"], (REALPAGES / name).read_text("utf-8", "replace"), set(f["articles"]))
            for name, f in sorted(facts.items()) if (REALPAGES / name).is_file()]


def mirror_listings(mirror: MirrorServer) -> dict[str, list[tuple[str, str]]]:
    """Every listing page of each archetype as served: its homepage, the pages its menu and start
    URLs lead to, their next pages; (url, html)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for key in mirror.keys:
        base = mirror.base(key)
        if key in STATIC:
            urls = [base + r.path for r in STATIC[key].manifest.routes
                    if r.type in ("home", "listing", "category", "tag") and r.file.endswith((".html", ".htm"))]
        else:
            urls = [base + "/"] + [base + p for p in (*ARCHETYPES[key].start_urls, *ARCHETYPES[key].sections)]
        pages, queue = [], list(dict.fromkeys(urls))
        while queue and len(pages) < 40:
            url = queue.pop(0)
            try:
                with urllib.request.urlopen(url, timeout=10) as r:
                    html = r.read().decode("utf-8", "replace")
            except OSError:
                continue
            pages.append((url, html))
            nxt = discovery.next_page(html, url, 1)
            if nxt and nxt not in queue and nxt not in [u for u, _ in pages] and key not in STATIC:
                queue.append(nxt)
        out[key] = pages
    return out


def mirror_truth(mirror: MirrorServer, key: str) -> set[str]:
    return {canonical_url(u) for u in ARCHETYPES[key].article_urls(mirror.sites[key])}


def _article_of(url: str, truth: set[str]) -> str | None:
    """The article a link leads to: itself, or the article its AMP variant stands for (the crawl
    stores a variant under its canonical URL; canonical_url already folds /amp/ and /print/)."""
    c = canonical_url(url)
    return c if c in truth else next((c + ext for ext in (".html", ".htm") if c + ext in truth), None)


def score(found: set[str], truth: set[str], linked: set[str]) -> tuple[float, float]:
    """(recall over the articles these pages link, precision) of article links."""
    hits = {u: _article_of(u, truth) for u in found}
    reachable = {a for a in (_article_of(u, truth) for u in linked) if a}
    got = {a for a in hits.values() if a}
    recall = len(got & reachable) / len(reachable) if reachable else 1.0
    return recall, (sum(1 for a in hits.values() if a) / len(found) if found else 1.0)


def cpu(fn, pages: list[tuple[str, str]], repeat: int) -> float:
    t0 = time.process_time()
    for _ in range(repeat):
        for url, html in pages:
            fn(html, url)
    return (time.process_time() - t0) / (repeat * max(1, len(pages)))


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__)
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--sites", nargs="*", default=None, help="mirror archetypes (default: all)")
    args = ap.parse_args(argv)
    rows: dict[str, str] = {}
    real = real_listings()
    for name, url, html, truth in real:
        cells = []
        for label, fn in METHODS.items():
            got = set(fn(html, url))
            tp = len(got & truth)
            cells.append(f"{label}: R {tp / len(truth):.2f} P {tp / len(got) if got else 1:.2f}")
        rows[f"real {name} ({len(truth)} articles)"] = "; ".join(cells)
    if not real:
        rows["real listing pages"] = "../shared/realpages is not on this machine: not measured"
    with MirrorServer(sites=args.sites) as mirror:
        listings = mirror_listings(mirror)
        for key, pages in listings.items():
            truth = mirror_truth(mirror, key)
            linked = {u for url, html in pages for u, _ in discovery._anchors(discovery._tree(html, url), url, True)}
            cells = []
            for label, fn in METHODS.items():
                found = {u for url, html in pages for u in fn(html, url)}
                r, p = score(found, truth, linked)
                cells.append(f"{label}: R {r:.2f} P {p:.2f}")
            rows[f"mirror {key} ({len(pages)} listing pages)"] = "; ".join(cells)
    sets = {"real": [(u, h) for _, u, h, _ in real], "mirror": [p for pages in listings.values() for p in pages]}
    for name, timed in sets.items():
        if not timed:
            continue
        totals = {label: 0.0 for label in METHODS}
        for _ in range(3):                          # interleaved rounds: drift hits every method alike
            for label, fn in METHODS.items():
                totals[label] += cpu(fn, timed, args.repeat)
        for label, t in totals.items():
            rows[f"CPU per {name} listing page ({len(timed)} pages), {label}"] = f"{t / 3 * 1000:.2f} ms"
        rows[f"ratio new / old ({name} pages)"] = f"{totals['new (scorer)'] / totals['old (twelve shapes)']:.1f}x"
    write_section("discovery", rows, "same process, interleaved rounds; R = recall, P = precision of article links",
                  doc=None if args.no_doc else DOC)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
