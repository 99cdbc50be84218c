"""dxwatch's one clock: real time, shifted by DXWATCH_CLOCK_OFFSET seconds when that is set.

The daemon runs each crawl and digest in a child process. When the daemon itself runs on a
simulated clock (the fast-forward tests drive its APScheduler over several days), it hands the
children the difference between its clock and real time, so a digest started at simulated 07:00
on day 3 builds day 3's digest and a crawl stamps what it finds with simulated times. Unset, as in
every normal deployment, the offset is zero.
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone, tzinfo

OFFSET_ENV = "DXWATCH_CLOCK_OFFSET"


def offset() -> timedelta:
    raw = os.environ.get(OFFSET_ENV, "")
    try:
        return timedelta(seconds=float(raw)) if raw else timedelta(0)
    except ValueError:
        return timedelta(0)


_OFFSET = offset()


def now(tz: tzinfo = timezone.utc) -> datetime:
    return datetime.now(tz) + _OFFSET


def utcnow() -> datetime:
    """Naive UTC, as the archive stores its timestamps."""
    return now(timezone.utc).replace(tzinfo=None)
