"""Surviving a database restart: a unit of work that lost its connection is run again.

The engine pre-pings pooled connections (storage/db.py), so a connection that died while idle is
replaced on checkout. A connection that dies in the middle of a transaction (the server was
restarted, or an administrator terminated the backend) fails that transaction, which is rolled
back whole; the decorated method then runs again on a fresh connection, a few times with
backoff. Only disconnects are retried: any other database error goes up as it is.
"""
from __future__ import annotations

import functools
import logging
import time

from sqlalchemy.exc import DBAPIError

log = logging.getLogger("dxwatch.storage")
ATTEMPTS = 4
BACKOFF = 0.5          # seconds, doubled each time: 0.5, 1, 2


def reconnecting(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        for attempt in range(ATTEMPTS):
            try:
                return fn(*args, **kwargs)
            except DBAPIError as e:
                if not e.connection_invalidated or attempt == ATTEMPTS - 1:
                    raise
                log.warning("database connection lost during %s (%s); retrying on a new connection",
                            fn.__name__, str(e.orig).strip().splitlines()[0] if e.orig else type(e).__name__)
                time.sleep(BACKOFF * 2 ** attempt)
    return wrapper
