"""`make eval`: extraction quality on the golden set (tests/golden), one row per page, plus the
real captured pages in ../shared/realpages when present. The test suite pins floors on the same data."""
from __future__ import annotations

import sys
import time
import unicodedata
from dataclasses import dataclass, field

from bench.golden import GOLDEN, golden_cases
from pipelines.extract import extract_page


@dataclass
class PageResult:
    file: str
    site: str
    date_ok: bool
    relevance_ok: bool
    title_ok: bool
    missing: list[str] = field(default_factory=list)      # must_contain snippets not found
    leaks: list[str] = field(default_factory=list)        # must_not_contain snippets found
    author_ok: bool = True
    credit_ok: bool = True
    got_date: str | None = None
    score: float = 0.0
    cpu_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return self.date_ok and self.relevance_ok and self.title_ok and not self.missing and not self.leaks


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def evaluate(*, fast: bool = False) -> list[PageResult]:
    results = []
    for case in golden_cases():
        body = (GOLDEN / "pages" / case["file"]).read_bytes()
        t0 = time.process_time()
        ex = extract_page(body, case["url"], content_type=case["content_type"], fast=fast)
        cpu = (time.process_time() - t0) * 1000
        text = ex.text
        results.append(PageResult(
            file=case["file"], site=case["site"], date_ok=ex.published_at == case["published_at"],
            relevance_ok=ex.relevant == case["relevant"], title_ok=ex.title == _nfc(case["title"]),
            missing=[m for m in case["must_contain"] if _nfc(m) not in text],
            leaks=[m for m in case["must_not_contain"] if m in text],
            author_ok=(ex.author or None) == (case["author"] or None),
            credit_ok=(ex.source_credit or None) == (case["source_credit"] or None),
            got_date=ex.published_at, score=ex.relevance_score, cpu_ms=cpu,
        ))
    return results


def recognition_share(repeat: int = 5) -> float:
    """CPU of meeting+metric recognition over CPU of the whole extraction, same pages, same process."""
    import copy
    from pipelines.extract import events_stage
    cases = golden_cases()
    pages = [((GOLDEN / "pages" / c["file"]).read_bytes(), c["url"], c["content_type"]) for c in cases]
    t0 = time.process_time()
    done = [extract_page(b, u, content_type=ct) for _ in range(repeat) for b, u, ct in pages]
    whole = time.process_time() - t0
    blanks = [copy.copy(e) for e in done]
    t0 = time.process_time()
    for e in blanks:
        events_stage(e)
    return (time.process_time() - t0) / whole


def summary(results: list[PageResult]) -> dict[str, float]:
    n = len(results)
    return {
        "pages": n,
        "dates right": sum(r.date_ok for r in results) / n,
        "relevance right": sum(r.relevance_ok for r in results) / n,
        "titles right": sum(r.title_ok for r in results) / n,
        "must-contain found": sum(not r.missing for r in results) / n,
        "no boilerplate leak": sum(not r.leaks for r in results) / n,
        "bylines right": sum(r.author_ok for r in results) / n,
        "source credits right": sum(r.credit_ok for r in results) / n,
        "cpu ms per page": sum(r.cpu_ms for r in results) / n,
    }


def main(argv: list[str] | None = None) -> int:
    from bench.report import DOC, parser
    args = parser(__doc__).parse_args(argv)
    doc = None if args.no_doc else DOC
    from rich.console import Console
    from rich.table import Table
    console = Console()
    results = evaluate()
    t = Table(title="golden set: extraction per page")
    for col in ("page", "site", "date", "rel", "score", "title", "contains", "leaks", "byline", "credit"):
        t.add_column(col, overflow="fold")
    mark = {True: "✓", False: "✗"}
    for r in results:
        t.add_row(r.file, r.site, mark[r.date_ok] + ("" if r.date_ok else f" {r.got_date}"), mark[r.relevance_ok],
                  f"{r.score:.2f}", mark[r.title_ok], mark[not r.missing] + (" " + "; ".join(r.missing) if r.missing else ""),
                  ", ".join(r.leaks) or "-", mark[r.author_ok], mark[r.credit_ok])
    console.print(t)
    for k, v in summary(results).items():
        console.print(f"{k:24s} {v:.3f}" if isinstance(v, float) else f"{k:24s} {v}")
    normal = summary(results)
    fast = summary(evaluate(fast=True))
    console.print(f"fast mode: dates {fast['dates right']:.3f}, must-contain {fast['must-contain found']:.3f}, "
                  f"leaks {fast['no boilerplate leak']:.3f}, cpu {fast['cpu ms per page']:.2f} ms/page")
    from bench.report import write_section
    rows = {k: (f"{v:.3f}" if isinstance(v, float) else str(v)) for k, v in normal.items()}
    rows["fast mode: dates / must-contain / no leak"] = (
        f"{fast['dates right']:.3f} / {fast['must-contain found']:.3f} / {fast['no boilerplate leak']:.3f}")
    rows["fast mode: cpu ms per page"] = f"{fast['cpu ms per page']:.3f} ({normal['cpu ms per page'] / fast['cpu ms per page']:.2f}x faster)"
    write_section("golden", rows, "golden set tests/golden (make eval)", doc=doc)

    from bench.eval_events import evaluate_events, rows as event_rows
    scores = evaluate_events()
    ev = event_rows(scores)
    ev["recognition CPU as a share of extraction CPU"] = f"{recognition_share():.1%}"
    console.print()
    for k, v in ev.items():
        console.print(f"{k:45s} {v}", highlight=False)
    for miss in scores.misses[:30]:
        console.print(f"  {miss}", highlight=False)
    from bench.eval_events import heldout_pages
    held = event_rows(evaluate_events(heldout_pages()))
    for k in ("meetings precision / recall / F1", "meeting dates right (of found)", "metrics precision / recall / F1",
              "trap numbers taken as metrics"):
        ev[f"held-out set: {k}"] = held[k]
        console.print(f"held-out {k:36s} {held[k]}", highlight=False)
    write_section("events", ev, "meetings and metrics vs the team's annotations, whole extraction path (make eval); "
                                "the held-out set (tests/gold_heldout) was written blind to the recognisers", doc=doc)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
