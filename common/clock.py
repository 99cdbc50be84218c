"""dxwatch's one clock: real time, shifted by an offset the process is given when it starts.

The daemon runs each crawl and digest in a child process. When the daemon itself runs on a
simulated clock (the fast-forward tests drive its APScheduler over several days), it hands each
child the difference between its clock and real time (`dxwatch --clock-offset SECONDS`, which the
CLI passes in here), so a digest started at simulated 07:00 on day 3 builds day 3's digest and a
crawl stamps what it finds with simulated times. Nothing is read from the environment here; in
every normal deployment the offset is zero.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo

OFFSET_ENV = "DXWATCH_CLOCK_OFFSET"     # the environment variable of the CLI's --clock-offset

_offset = timedelta(0)


def set_offset(seconds: float) -> None:
    """The process's clock offset, passed in once by its entry point (crawler.cli)."""
    global _offset
    _offset = timedelta(seconds=seconds)


def offset() -> timedelta:
    return _offset


def now(tz: tzinfo = timezone.utc) -> datetime:
    return datetime.now(tz) + _offset


def utcnow() -> datetime:
    """Naive UTC, as the archive stores its timestamps."""
    return now(timezone.utc).replace(tzinfo=None)
