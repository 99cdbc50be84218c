"""extract_page(html, url, source): the one pure extraction path (crawler, `dxwatch extract`, reprocess)."""
from __future__ import annotations

import hashlib
import json
import re
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable

from pipelines.attachments import find_attachments
from pipelines.canonical import page_canonical
from pipelines.clean import clean_page, find_title, parse_tree
from pipelines.dates import publication_date, url_month_end
from pipelines.decode import decode_html
from pipelines.meetings import find_meetings
from pipelines.metrics import find_metrics
from pipelines.periods import period_fields
from pipelines.relevance import classify
from pipelines.stories import signature
from pipelines.textnorm import fold, normalize_line, normalize_text

MAX_HTML_CHARS = 5_000_000         # larger pages are cut before parsing (bounded time per page)
MIN_BODY_CHARS = 80
EXTRACTION_TIMEOUT = 20.0          # seconds per page
_BINARY_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")                # shorter bodies are "no body", not an article


@dataclass
class SourceHints:
    """What extraction may know of a source; no crawler or database types here."""
    id: str | None = None
    content_selector: str | None = None
    remove_selectors: list[str] = field(default_factory=list)
    extra_terms: dict[str, float] = field(default_factory=dict)
    threshold: float = 0.4

    @classmethod
    def of(cls, source_id: str | None, source, relevance) -> "SourceHints":
        """From a source's config (or None: generic rules) and the [relevance] config."""
        return cls(id=source_id, content_selector=source.content_selector if source else None,
                   remove_selectors=list(source.remove_selectors) if source else [],
                   extra_terms=dict(relevance.extra_terms), threshold=relevance.threshold)


@dataclass
class Extraction:
    url: str
    canonical_url: str
    title: str = ""
    lead: str = ""
    text: str = ""
    author: str | None = None
    source_credit: str | None = None
    published_at: str | None = None
    date_source: str | None = None
    relevant: bool = False
    relevance_score: float = 0.0
    matched_terms: dict[str, dict[str, int]] = field(default_factory=dict)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    metrics: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[dict[str, str]] = field(default_factory=list)   # documents it links to
    encoding: str | None = None
    content_hash: str = ""
    skipped: str | None = None          # the reason when this page is not an article
    signature: Any = None               # MinHash for story matching (not part of the JSON)
    seconds: float = 0.0

    def to_contract(self) -> dict[str, Any]:
        """The public `dxwatch extract` JSON object."""
        return {
            "url": self.canonical_url, "title": self.title, "published_at": self.published_at,
            "text": self.text, "relevant": self.relevant, "relevance_score": self.relevance_score,
            "meetings": self.meetings, "metrics": self.metrics,
            "author": self.author, "source_credit": self.source_credit, "lead": self.lead,
            "matched_terms": self.matched_terms, "date_source": self.date_source,
            "attachments": self.attachments, "skipped": self.skipped,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_contract(), ensure_ascii=False, indent=2)


def content_hash(text: str) -> str:
    """Hash of the folded, whitespace-normalised body: equal for the same article anywhere."""
    return hashlib.sha256(re.sub(r"\s+", " ", fold(text)).encode("utf-8")).hexdigest()


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    return len(_BINARY_RE.findall(sample)) / len(sample) > 0.05


def _canonical_href(tree) -> str | None:
    for link in tree.xpath('//link[@rel="canonical"][@href]'):
        return link.get("href")
    return None


def clean_stage(html: str, url: str, source: SourceHints, *, fast: bool = False,
                encoding: str | None = None) -> Extraction:
    """Stage 1: parse, canonical URL, publication date, clean body (trafilatura + our rules)."""
    result = Extraction(url=url, canonical_url=url, encoding=encoding)
    if _looks_binary(html):
        result.skipped = "binary content, not HTML"
        return result
    try:
        tree = parse_tree(html[:MAX_HTML_CHARS])
        if tree is None:
            result.skipped = "empty page"
            return result
        result.canonical_url = page_canonical(url, _canonical_href(tree))
        result.published_at, result.date_source = publication_date(tree, url)
        result.attachments = find_attachments(tree, url, source.content_selector,     # before cleaning
                                              source.remove_selectors)                # edits the tree
        cleaned = clean_page(tree, title=find_title(tree), content_selector=source.content_selector,
                             remove_selectors=source.remove_selectors, fast=fast)
    except RecursionError:
        result.skipped = "markup nested too deeply"
        return result
    result.title, result.lead, result.text = cleaned.title, cleaned.lead, cleaned.text
    result.author, result.source_credit = cleaned.author, cleaned.source_credit
    if len(result.text) < MIN_BODY_CHARS:
        result.skipped = "no article body"
    return result


def normalize_stage(ex: Extraction, source: SourceHints | None = None) -> Extraction:
    """Stage 2: NFC, Ð→Đ, invisible characters, on every text field (idempotent)."""
    ex.title, ex.lead = normalize_line(ex.title), normalize_line(ex.lead)
    ex.text = normalize_text(ex.text)
    ex.author = normalize_line(ex.author) or None if ex.author else None
    ex.source_credit = normalize_line(ex.source_credit) or None if ex.source_credit else None
    return ex


def classify_stage(ex: Extraction, source: SourceHints) -> Extraction:
    """Stage 3: is it CĐS news (score and the terms that decided it)."""
    rel = classify(ex.title, ex.lead, ex.text, extra_terms=source.extra_terms, threshold=source.threshold)
    ex.relevant, ex.relevance_score, ex.matched_terms = rel.relevant, rel.score, rel.matched
    return ex


def hash_stage(ex: Extraction, source: SourceHints | None = None) -> Extraction:
    """Stage 4 (dedupe's input): the content hash of the folded body and its MinHash signature."""
    ex.content_hash = content_hash(ex.text)
    ex.signature = signature(ex.title, ex.lead, ex.text)
    return ex


def events_stage(ex: Extraction, source: SourceHints | None = None) -> Extraction:
    """Stage 5: CĐS meetings and metrics, for CĐS articles only (numbers on other pages are not metrics)."""
    if not ex.relevant:
        return ex
    published = _published_date(ex.published_at)
    # no date on the page: the month in its URL still gives "Chiều 30-11" its year
    ex.meetings = [m.to_dict() for m in find_meetings(ex.text, published or url_month_end(ex.url), ex.title)]
    # the title often carries the figure ("Trà Vinh tăng 5 bậc"): read it as the text's first paragraph
    source = f"{ex.title}\n\n{ex.text}" if ex.title and ex.title not in ex.text[:len(ex.title) + 50] else ex.text
    ex.metrics = [m.to_dict() | period_fields(m.period, published)
                  for m in find_metrics(source, default_scope="national", published=published)]
    return ex


# The stages after clean_stage, in order: defined once. extract_html runs them; the crawler's
# ITEM_PIPELINES (pipelines.stages.item_pipelines) are built from them, between clean and store.
STAGES: tuple[tuple[str, Callable[[Extraction, SourceHints], Extraction]], ...] = (
    ("normalize", normalize_stage),
    ("classify", classify_stage),
    ("dedupe", hash_stage),
    ("events", events_stage),
)


def _published_date(iso: str | None):
    from datetime import date
    try:
        return date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


class ExtractionTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    """Bound one extraction's time (main thread only: SIGALRM; elsewhere the size caps bound it)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def _expired(signum, frame):
        raise ExtractionTimeout()

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def clean_stage_bounded(html: str, url: str, source: SourceHints, *, fast: bool = False,
                        encoding: str | None = None, timeout: float = EXTRACTION_TIMEOUT) -> Extraction:
    """clean_stage with a time limit: a page that takes too long is skipped with that reason."""
    try:
        with time_limit(timeout):
            return clean_stage(html, url, source, fast=fast, encoding=encoding)
    except ExtractionTimeout:
        return Extraction(url=url, canonical_url=url, encoding=encoding,
                          skipped=f"extraction took longer than {timeout:g} s")


def extract_html(html: str, url: str, source: SourceHints | None = None, *, fast: bool = False,
                 encoding: str | None = None, timeout: float = EXTRACTION_TIMEOUT, events: bool = True) -> Extraction:
    """Extract from decoded HTML: the stages in pipeline order. Pure; never raises for bad pages."""
    started = time.process_time()
    source = source or SourceHints()
    ex = clean_stage_bounded(html, url, source, fast=fast, encoding=encoding, timeout=timeout)
    if not ex.skipped:
        for name, stage in STAGES:
            if name != "events" or events:
                ex = stage(ex, source)
    ex.seconds = time.process_time() - started
    return ex


def extract_page(body: bytes, url: str, source: SourceHints | None = None, *,
                 content_type: str | None = None, fast: bool = False,
                 timeout: float = EXTRACTION_TIMEOUT, events: bool = True) -> Extraction:
    """Extract from raw bytes as downloaded (charset honoured, sniffed when absent or lying).
    events=False stops before meeting/metric recognition (benchmarks compare the two)."""
    html, encoding = decode_html(body, content_type)
    return extract_html(html, url, source, fast=fast, encoding=encoding, timeout=timeout, events=events)

