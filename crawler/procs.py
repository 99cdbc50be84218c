"""Process-tree helpers (Linux /proc): the browser processes a crawl started, their memory, cleanup."""
from __future__ import annotations

import os
import signal
from pathlib import Path


def _stat(pid: int) -> tuple[int, int] | None:
    """(ppid, rss bytes) of a process, or None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
        fields = raw[raw.rindex(")") + 2:].split()
        return int(fields[1]), int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            st = _stat(int(entry.name))
            if st:
                children.setdefault(st[0], []).append(int(entry.name))
    out, stack = [], [root]
    while stack:
        for c in children.get(stack.pop(), []):
            out.append(c)
            stack.append(c)
    return out


def pss(pid: int) -> int:
    """Proportional set size (shared pages divided among their users), bytes; RSS as a fallback."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return (_stat(pid) or (0, 0))[1]


def tree_rss(root: int) -> int:
    """Memory of a process and all its descendants (bytes), shared pages counted once (PSS):
    Chromium's processes share most of their pages, so summed RSS would overstate it."""
    return sum(pss(p) for p in [root, *descendants(root)])


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def browser_pids(root: int | None = None) -> list[int]:
    root = root or os.getpid()
    return [p for p in descendants(root) if "chrom" in cmdline(p).split(" ")[0].lower()
            or "headless_shell" in cmdline(p)]


def kill_browsers(root: int | None = None) -> int:
    """SIGKILL every Chromium process below this one (end of a crawl, SIGTERM); returns how many."""
    pids = browser_pids(root)
    for p in pids:
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return len(pids)
