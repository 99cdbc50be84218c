"""Meetings and metrics of one article, written inside the article's own transaction."""
from __future__ import annotations

import json
from datetime import date

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from pipelines.meetings import same_meeting
from storage.models import Attachment, Meeting, MeetingArticle, Metric


def _known_meeting(s: Session, m: dict) -> Meeting | None:
    """The stored meeting a report is about: the same key, else the one `same_meeting` says
    (a meeting named without its day joins the dated one of the same body and ordinal; a dated
    report gives its day to a meeting stored without one). Several candidates: none is chosen."""
    row = s.scalars(select(Meeting).where(Meeting.key == m["key"])).first()
    if row is not None:
        return row
    rows = s.scalars(select(Meeting).where(Meeting.body == m["body"])).all()
    fits = [r for r in rows if same_meeting({"held_on": r.held_on, "scope": r.scope, "body": r.body, "ordinal": r.ordinal,
                                             "held_in": r.held_in}, m)]
    if m.get("held_on"):
        fits = [r for r in fits if not r.held_on]       # dated ones were found by their key
    return fits[0] if len(fits) == 1 else None


def store_meetings(s: Session, article_id: int, meetings: list[dict]) -> list[int]:
    """One row per real meeting (`same_meeting`); what a new report adds is merged in."""
    ids = []
    for m in meetings:
        row = _known_meeting(s, m)
        if row is not None and m.get("held_on") and not row.held_on:
            row.held_on, row.held_in, row.key = m["held_on"], None, m["key"]     # the day, now known
        if row is None:
            row = Meeting(key=m["key"], kind=m["kind"], body=m["body"], ordinal=m.get("ordinal"),
                          held_on=m.get("held_on"), held_in=m.get("held_in"), chair=m.get("chair"), scope=m.get("scope") or "national",
                          format=m.get("format"), bridge_points=json.dumps(m.get("bridge_points") or [], ensure_ascii=False))
            s.add(row)
            s.flush()
        else:
            row.ordinal = row.ordinal or m.get("ordinal")
            row.chair = row.chair or m.get("chair")
            row.format = row.format if (row.format or "") >= (m.get("format") or "") else m.get("format")
            if m["kind"] == "phien_hop" and row.kind != "phien_hop":
                row.kind = m["kind"]
            if len(m["body"]) > len(row.body):
                row.body = m["body"]
            points = set(json.loads(row.bridge_points or "[]")) | set(m.get("bridge_points") or [])
            row.bridge_points = json.dumps(sorted(points), ensure_ascii=False)
        if s.get(MeetingArticle, (row.id, article_id)) is None:
            s.add(MeetingArticle(meeting_id=row.id, article_id=article_id,
                                 bridge_point=", ".join(m.get("bridge_points") or []) or None))
        ids.append(row.id)
    s.flush()
    return ids


def store_metrics(s: Session, article_id: int, metrics: list[dict]) -> None:
    """Each observation of the article; marked new (value never seen for this indicator, scope and
    period) or a revision (seen before with another value, which is kept as previous_value)."""
    seen_here: set[tuple] = set()
    for m in metrics:
        # the figure's identity: indicator, scope and the dates its period covers ("2023" and "năm
        # 2023" are one period); a period that only says "as of publication" is no period of its own
        own = m.get("period_source", "text") == "text" and (m.get("period_end") or m.get("period"))
        start, end = _day(m.get("period_start")), _day(m.get("period_end"))
        label_only = m.get("period") if own and end is None else None
        what = m["indicator"] if m["indicator"] != "other" else f"other:{m.get('label') or ''}"
        ident = (what, m.get("scope") or "national", start, end, label_only, float(m["value"]))
        if ident in seen_here:
            continue
        seen_here.add(ident)
        q = select(Metric).where(Metric.indicator == m["indicator"], Metric.scope == ident[1])
        if m["indicator"] == "other":
            q = q.where(Metric.label == (m.get("label") or ""))
        if not own:
            q = q.where(or_(Metric.period.is_(None), Metric.period_source == "published"))
        elif end is not None:
            q = q.where(Metric.period_end == end, Metric.period_start.is_(None) if start is None else Metric.period_start == start,
                        or_(Metric.period_source.is_(None), Metric.period_source == "text"))
        else:
            q = q.where(Metric.period == label_only)
        earlier = s.scalars(q.order_by(Metric.id)).all()
        same = [e for e in earlier if abs(e.value - ident[5]) < 1e-9]
        other = [e for e in earlier if abs(e.value - ident[5]) >= 1e-9]
        s.add(Metric(indicator=m["indicator"], label=m.get("label") or m["indicator"], value=ident[5], unit=m.get("unit") or "",
                     out_of=m.get("out_of"), period=m.get("period"), period_start=_day(m.get("period_start")),
                     period_end=end, period_source=m.get("period_source"),
                     scope=ident[1], scope_now=m.get("scope_now"), kind=m.get("kind") or "level",
                     qualifier=(m.get("qualifier") or "")[:32] or None,
                     sentence=m.get("sentence") or "", article_id=article_id, is_new=not same,
                     is_revision=bool(other) and not same, previous_value=other[-1].value if other and not same else None))
    s.flush()


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def store_attachments(s: Session, article_id: int, attachments: list[dict]) -> bool:
    """Make the article's attachment rows what the page links to now; True when anything changed."""
    wanted = {a["url"][:1000]: a for a in attachments}
    changed = False
    for row in s.scalars(select(Attachment).where(Attachment.article_id == article_id)):
        new = wanted.pop(row.url, None)
        if new is None:
            s.delete(row)
            changed = True
        elif (row.label, row.kind) != (new["label"][:300], new["kind"]):
            row.label, row.kind = new["label"][:300], new["kind"]
            changed = True
    for url, a in wanted.items():
        s.add(Attachment(article_id=article_id, url=url, label=a["label"][:300], kind=a["kind"]))
        changed = True
    if changed:
        s.flush()
    return changed


def store_events(s: Session, article_id: int, ex, *, replace: bool = False) -> None:
    """An extraction's meetings, metrics and attachments for its article; `replace` first drops
    the meeting links and metrics of an earlier extraction (an edited article, a reprocess)."""
    if replace:
        s.execute(delete(MeetingArticle).where(MeetingArticle.article_id == article_id))
        s.execute(delete(Metric).where(Metric.article_id == article_id))
        s.flush()
    store_meetings(s, article_id, ex.meetings)
    store_metrics(s, article_id, ex.metrics)
    store_attachments(s, article_id, ex.attachments)
