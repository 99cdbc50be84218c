"""Where benchmark figures go: a section of docs/performance.md between <!-- bench:NAME --> markers,
and the shared command-line switches every benchmark takes (a smoke size for `make test`)."""
from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"


def parser(doc: str) -> argparse.ArgumentParser:
    """An argument parser with --no-doc (print only; the smoke runs in `make test` use it)."""
    ap = argparse.ArgumentParser(description=(doc or "").strip().split("\n\n")[0])
    ap.add_argument("--no-doc", action="store_true", help="print the figures, do not rewrite docs/performance.md")
    return ap


def write_section(name: str, rows: dict[str, str], note: str, *, doc: Path | None = DOC) -> None:
    """Print the rows; replace the section between <!-- bench:NAME --> markers in docs/performance.md
    (doc=None: print only)."""
    for k, v in rows.items():
        print(f"{k:55s} {v}")
    if doc is None:
        return
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Performance\n"
    table = "\n".join(["| measure | value |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows.items()])
    block = f"<!-- bench:{name} -->\n_{time.strftime('%Y-%m-%d')}, {note}_\n\n{table}\n<!-- /bench:{name} -->"
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    if start in text and end in text:
        text = text[:text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    doc.parent.mkdir(exist_ok=True)
    doc.write_text(text, encoding="utf-8")
