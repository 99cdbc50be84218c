"""Extraction CPU on pages the team did not write: the whole pipeline (clean, date, normalise,
classify, hash, meeting and figure recognition) against bare trafilatura on the same real pages
in ../shared/realpages, in this process, interleaved to cancel drift; and recognition's share of
extraction CPU on the CĐS golden pages (where recognition runs). Writes docs/performance.md."""
from __future__ import annotations

import json
import time
from pathlib import Path

import trafilatura

from bench.report import DOC, parser, write_section
from pipelines.extract import extract_page

ROOT = Path(__file__).resolve().parent.parent
REALPAGES = ROOT.parent / "shared" / "realpages"
GOLDEN = ROOT / "tests" / "golden"


def real_pages() -> list[tuple[str, bytes]]:
    return [(f"https://{p.stem}.example/", p.read_bytes()) for p in sorted(REALPAGES.glob("*.html"))] if REALPAGES.is_dir() else []


def golden_cds_pages() -> list[tuple[str, bytes, str | None]]:
    cases = json.loads((GOLDEN / "expected.json").read_text(encoding="utf-8"))
    return [(c["url"], (GOLDEN / "pages" / c["file"]).read_bytes(), c.get("content_type")) for c in cases if c["relevant"]]


def cpu(fn, items, repeat: int) -> float:
    """CPU seconds per item; the sentence caches are cleared before each page (each page is new)."""
    from pipelines import periods, places
    t0 = time.process_time()
    for _ in range(repeat):
        for it in items:
            periods.clear_cache()
            places.clear_cache()
            fn(*it)
    return (time.process_time() - t0) / (repeat * max(1, len(items)))


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args(argv)
    rows: dict[str, str] = {}
    pages = real_pages()
    if pages:
        bare = pipeline = 0.0
        for _ in range(3):                   # interleaved rounds: drift hits both alike
            bare += cpu(lambda u, b: trafilatura.extract(b.decode("utf-8", "replace"), url=u, deduplicate=False), pages, args.repeat)
            pipeline += cpu(lambda u, b: extract_page(b, u), pages, args.repeat)
        rows["real pages (../shared/realpages)"] = f"{len(pages)} pages"
        rows["bare trafilatura, CPU per page"] = f"{bare / 3 * 1000:.1f} ms"
        rows["whole pipeline, CPU per page"] = f"{pipeline / 3 * 1000:.1f} ms"
        rows["ratio whole pipeline / bare trafilatura (real pages)"] = f"{pipeline / bare:.2f}x"
    else:
        rows["real pages"] = "../shared/realpages is not on this machine: not measured"
    cds = golden_cds_pages()
    with_events = without = 0.0
    for _ in range(3):
        with_events += cpu(lambda u, b, c: extract_page(b, u, content_type=c), cds, max(1, args.repeat // 4))
        without += cpu(lambda u, b, c: extract_page(b, u, content_type=c, events=False), cds, max(1, args.repeat // 4))
    share = max(0.0, with_events - without) / with_events
    rows["CĐS golden pages"] = f"{len(cds)} pages"
    rows["recognition (meetings, figures) share of extraction CPU"] = f"{share:.1%}"
    write_section("extract", rows, "same process, interleaved rounds", doc=None if args.no_doc else DOC)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
