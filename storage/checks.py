"""Stored source checks (`dxwatch sources check`): write one per source, read the latest per source.

`verified` means "a check passed on date D": `last_passed_at` is that date."""
from __future__ import annotations

import json

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from storage.models import SourceCheck, utcnow


def save_checks(engine: Engine, results: list[dict]) -> None:
    """results: dicts with source_id, result, evidence (list of lines), links, sampled, extracted."""
    now = utcnow()
    with Session(engine) as s, s.begin():
        for r in results:
            s.add(SourceCheck(source_id=r["source_id"], checked_at=now, result=r["result"],
                              evidence=json.dumps(r["evidence"], ensure_ascii=False), links=r["links"],
                              sampled=r["sampled"], extracted=r["extracted"]))


def latest_checks(engine: Engine) -> dict[str, dict]:
    """{source_id: the latest check as a dict, with last_passed_at (None when no check ever passed)}."""
    with Session(engine) as s:
        newest = select(SourceCheck.source_id, func.max(SourceCheck.id).label("id")).group_by(SourceCheck.source_id).subquery()
        passed = dict(s.execute(select(SourceCheck.source_id, func.max(SourceCheck.checked_at))
                                .where(SourceCheck.result == "ok").group_by(SourceCheck.source_id)).all())
        out = {}
        for c in s.scalars(select(SourceCheck).join(newest, SourceCheck.id == newest.c.id)):
            out[c.source_id] = {"result": c.result, "checked_at": c.checked_at, "evidence": json.loads(c.evidence or "[]"),
                                "links": c.links, "sampled": c.sampled, "extracted": c.extracted,
                                "last_passed_at": passed.get(c.source_id)}
        return out
