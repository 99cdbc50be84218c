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

    @property
    def status(self) -> str:
        if self.entries and self.entry_errors >= self.entries:
            return "failed"
        return "partial" if self.errors else "ok"


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
