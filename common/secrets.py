"""Secrets in configuration: masking them in messages, which keys hold one, and whether the file
that holds them is open to every user on the machine. The SMTP password is never in a file (only the name of the
environment variable that holds it); a database URL may carry a password."""
from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError


def secret_keys(data: dict[str, Any]) -> list[str]:
    """The keys of a parsed config file that carry a secret."""
    url = (data.get("storage") or {}).get("url")
    try:
        if isinstance(url, str) and make_url(url).password:
            return ["storage.url"]
    except ArgumentError:
        pass
    return []


def exposure_warning(path: Path, data: dict[str, Any]) -> str | None:
    """A warning when `path` holds a secret and other users may read it."""
    keys = secret_keys(data)
    if not keys:
        return None
    mode = path.stat().st_mode
    if not mode & (stat.S_IROTH | stat.S_IRGRP):
        return None
    who = "every user on this machine" if mode & stat.S_IROTH else "its group"
    return (f"{path} holds a password ({', '.join(keys)}) and is readable by {who} "
            f"(mode {stat.S_IMODE(mode):04o}): chmod 600 {path}, or put the URL in DXWATCH_STORAGE_URL")


def mask_url(url: str) -> str:
    """Hide the password in a database URL for messages."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)
