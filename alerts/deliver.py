"""Digest delivery: MIME message, the outbox (.eml), SMTP with retries, and the exactly-once ledger.

Exactly once, and which way it errs: items are written to the ledger with the digest in status
`ready` (and the .eml to the outbox) *before* the SMTP conversation. A crash before sending leaves
a `ready` digest, which the next run sends (the same message, same Message-ID). A crash after
the SMTP server accepted it but before the status became `sent` also leaves it `ready`, so it is
sent again: dxwatch errs towards a duplicate with an identical Message-ID (which most clients
fold) rather than towards losing items. A send that fails is marked `failed` and its items go
back to pending for the next digest.
"""
from __future__ import annotations

import os
import smtplib
import ssl
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select

from common import clock
from alerts.collect import apply_filters, collect, window_for
from alerts.digest import Digest, build_digest
from storage.models import DigestItem, DigestRecord, utcnow

RETRIES = 3


class DeliveryError(Exception):
    pass


@dataclass
class DigestResult:
    recipient: str
    status: str          # sent | outbox | failed | empty | preview
    subject: str = ""
    eml_path: str | None = None
    error: str | None = None
    text: str = ""


def make_message(d: Digest, sender: str, recipient: str, message_id: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["To"] = d.subject, sender, recipient
    msg["Message-ID"] = message_id
    msg["Date"] = format_datetime(clock.now())
    msg.set_content(d.text)
    msg.add_alternative(d.html, subtype="html")
    html_part = msg.get_payload()[1]
    for cid, png in d.images.items():           # charts, referenced as cid: from the HTML
        html_part.add_related(png, maintype="image", subtype="png", cid=f"<{cid}>")
    return msg


def standalone_html(d: Digest) -> str:
    """The digest's HTML with its charts inlined as data: URIs (the .eml refers to them by cid:)."""
    import base64
    html = d.html
    for cid, png in d.images.items():
        html = html.replace(f"cid:{cid}", "data:image/png;base64," + base64.b64encode(png).decode("ascii"))
    return html


def smtp_send(msg: EmailMessage, mail, password: str | None, sleep=time.sleep) -> None:
    """Deliver over SMTP (starttls | ssl | none) with retries and backoff; DeliveryError at the end."""
    last = None
    for attempt in range(RETRIES):
        try:
            if mail.security == "ssl":
                server = smtplib.SMTP_SSL(mail.smtp_host, mail.smtp_port, timeout=30, context=ssl.create_default_context())
            else:
                server = smtplib.SMTP(mail.smtp_host, mail.smtp_port, timeout=30)
            with server:
                if mail.security == "starttls":
                    server.starttls(context=ssl.create_default_context())
                if mail.username:
                    server.login(mail.username, password or "")
                refused = server.send_message(msg)
                if refused:
                    raise DeliveryError(f"recipients refused: {', '.join(refused)}")
            return
        except (OSError, smtplib.SMTPException, DeliveryError) as e:
            last = e
            if _permanent(e):
                break              # a wrong password or an unknown mailbox does not get better in a minute
            if attempt < RETRIES - 1:
                sleep(2 ** attempt)
    raise DeliveryError(f"SMTP {mail.smtp_host}:{mail.smtp_port}: {_describe(last)}")


def _permanent(e: Exception) -> bool:
    """5xx answers (and a refused login) are not retried now; the items stay pending for the next
    digest run. 4xx answers and network faults are retried with backoff."""
    if isinstance(e, smtplib.SMTPAuthenticationError):
        return True
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in e.recipients.values())
    return isinstance(e, smtplib.SMTPResponseException) and e.smtp_code >= 500


def _describe(e: Exception | None) -> str:
    if isinstance(e, smtplib.SMTPAuthenticationError):
        return f"login refused ({e.smtp_code})"
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        return "recipient refused: " + ", ".join(f"{r} ({code} {msg.decode(errors='replace')[:80]})"
                                                 for r, (code, msg) in e.recipients.items())
    return f"{type(e).__name__}: {str(e)[:200]}"


def day_bounds(day: date, tz: str) -> datetime:
    """UTC (naive, like the archive's timestamps) of the start of `day` in the digest's time zone."""
    local = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(tz))
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def run_digests(Session, settings, day: date, *, send: bool, rebuild: bool = False,
                outbox: Path | None = None) -> list[DigestResult]:
    """Preview, send, or rebuild (a past day, never sent) the digest of `day` for every recipient."""
    mail, cfg = settings.mail, settings.digest
    recipients = mail.recipients or ["(preview)"]
    start, end = window_for(day_bounds(day, cfg.timezone))
    if rebuild:
        start = day_bounds(day, cfg.timezone)
    results = []
    if send:
        results += resend_ready(Session, settings, outbox)
    for entry in recipients:
        rcpt = entry if isinstance(entry, str) else entry.address
        with Session() as s:
            meetings, metrics, stories, degraded = collect(s, rcpt, start=start, end=end, pending_only=not rebuild)
        d = build_digest(day, *apply_filters(entry, meetings, metrics, stories), degraded, since=start.date())
        if not send or rebuild:
            results.append(DigestResult(rcpt, "preview", d.subject, text=d.text))
            continue
        if d.empty and not cfg.send_empty:
            results.append(DigestResult(rcpt, "empty"))
            continue
        results.append(_deliver_new(Session, settings, day, rcpt, d, outbox))
    return results


def _deliver_new(Session, settings, day: date, rcpt: str, d: Digest, outbox: Path | None) -> DigestResult:
    mail = settings.mail
    domain = mail.sender.split("@")[-1] if "@" in mail.sender else "dxwatch.local"
    with Session.begin() as s:
        rec = DigestRecord(recipient=rcpt, day=day.isoformat(), status="building", subject=d.subject,
                           message_id=make_msgid("dxwatch", domain=domain))
        s.add(rec)
        s.flush()
        s.add_all(DigestItem(digest_id=rec.id, recipient=rcpt, kind=k, item_key=key) for k, key in d.item_keys)
        msg = make_message(d, mail.sender, rcpt, rec.message_id)
        if outbox is not None:
            outbox.mkdir(parents=True, exist_ok=True)
            path = outbox / f"digest-{day.isoformat()}-{rec.id}.eml"
            path.write_bytes(bytes(msg))
            path.with_suffix(".html").write_text(standalone_html(d), encoding="utf-8")   # to open in a browser
            rec.eml_path = str(path)
        rec.status = "ready"
        digest_id = rec.id
    return _send_recorded(Session, settings, digest_id, msg)


def _send_recorded(Session, settings, digest_id: int, msg: EmailMessage) -> DigestResult:
    mail = settings.mail
    status, error = "outbox", None
    if mail.smtp_host:
        try:
            smtp_send(msg, mail, os.environ.get(mail.password_env))
            status = "sent"
        except DeliveryError as e:
            status, error = "failed", str(e)
    with Session.begin() as s:
        rec = s.get(DigestRecord, digest_id)
        rec.status = "failed" if status == "failed" else "sent"
        rec.sent_at = utcnow() if status != "failed" else None
        rec.error = error
        if status == "failed":          # its items go back to pending
            s.execute(delete(DigestItem).where(DigestItem.digest_id == digest_id))
        return DigestResult(rec.recipient, status, rec.subject, rec.eml_path, error)


def resend_ready(Session, settings, outbox: Path | None) -> list[DigestResult]:
    """Digests left `ready` by an interrupted run: send the very same message again."""
    from email import message_from_bytes, policy
    out = []
    with Session() as s:
        ready = [(r.id, r.eml_path) for r in s.scalars(select(DigestRecord).where(DigestRecord.status == "ready"))]
    for digest_id, path in ready:
        if path and Path(path).is_file():
            msg = message_from_bytes(Path(path).read_bytes(), policy=policy.default)
            out.append(_send_recorded(Session, settings, digest_id, msg))
            continue
        # its .eml is gone (outbox cleaned, or none kept): the very same message cannot be sent
        # again, so its items go back to pending and come in the next digest (a duplicate, not a loss)
        with Session.begin() as s:
            rec = s.get(DigestRecord, digest_id)
            rec.status, rec.error = "failed", "interrupted before it was confirmed sent, and its .eml is gone"
            s.execute(delete(DigestItem).where(DigestItem.digest_id == digest_id))
    return out
