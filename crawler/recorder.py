"""Per-run bookkeeping shared by the spider, middlewares and pipelines: tallies and the fetch log."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass
class SourceTally:
    pages: int = 0                 # listing/feed/sitemap responses
    not_modified: int = 0          # of which 304
    articles: int = 0              # article pages downloaded
    new_articles: int = 0
    known: int = 0                 # already stored (other URL of a stored article, or re-checked unchanged)
    updated: int = 0               # re-checked and changed: a new version
    skipped: int = 0               # not an article (no body, binary, robots…)
    errors: int = 0
    entry_errors: int = 0          # failures of the source's own entry URLs
    entries: int = 0               # entry URLs requested
    blocked: bool = False
    last_error: str | None = None
    seen: dict[str, list[int]] = field(default_factory=dict)   # kind -> [pages read, links/URLs on them, accepted]

    def listed(self, kind: str, links: int, accepted: int) -> None:
        """One listing page, feed or sitemap read: how many links or URLs it had, how many were taken."""
        row = self.seen.setdefault(kind, [0, 0, 0])
        row[0], row[1], row[2] = row[0] + 1, row[1] + links, row[2] + accepted

    @property
    def empty_reason(self) -> str | None:
        """Why a crawl that reached the source is a silent zero, in one line; None when it is not one:
        its entry points gave links but none was taken, or what was taken stored nothing."""
        if self.pages <= self.not_modified or self.blocked:
            return None                      # nothing read (all 304, or failed): not a zero to report
        accepted = sum(r[2] for r in self.seen.values())
        if accepted == 0:
            said = [_SAID[k](r) for k, r in sorted(self.seen.items()) if r[0] and k in _SAID]
            return "; ".join(said) + ", none looked like articles" if said and any(r[1] for r in self.seen.values()) \
                else "its entry points listed no links at all"
        if self.new_articles + self.known + self.updated == 0 and self.articles + self.skipped > 0:
            return (f"{self.articles + self.skipped} article pages fetched from {accepted} links, none stored "
                    "(no body or not HTML)")
        return None

    @property
    def status(self) -> str:
        if self.entries and self.entry_errors >= self.entries:
            return "failed"
        if self.empty_reason:
            return "empty"
        return "partial" if self.errors else "ok"


_SAID = {
    "listing": lambda r: f"{r[0]} listing page{'s' * (r[0] != 1)} had {r[1]} link{'s' * (r[1] != 1)}",
    "sitemap": lambda r: f"sitemap listed {r[1]} URL{'s' * (r[1] != 1)}",
    "feed": lambda r: f"feed{'s' * (r[0] != 1)} listed {r[1]} entr{'ies' if r[1] != 1 else 'y'}",
}


@dataclass
class Recorder:
    run_id: int | None = None
    tallies: dict[str, SourceTally] = field(default_factory=dict)
    fetches: list[dict] = field(default_factory=list)
    validators_seen: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    render_decisions: dict[str, str] = field(default_factory=dict)   # auto mode: source -> http|browser
    lock: threading.Lock = field(default_factory=threading.Lock)

    def tally(self, source_id: str) -> SourceTally:
        with self.lock:
            return self.tallies.setdefault(source_id, SourceTally())

    def error(self, source_id: str, message: str, *, entry: bool = False) -> None:
        t = self.tally(source_id)
        t.errors += 1
        t.entry_errors += int(entry)
        t.last_error = message[:500]

    def fetch(self, **row) -> None:
        row.setdefault("run_id", self.run_id)
        with self.lock:
            self.fetches.append(row)

    def drain_fetches(self) -> list[dict]:
        with self.lock:
            rows, self.fetches = self.fetches, []
            return rows
