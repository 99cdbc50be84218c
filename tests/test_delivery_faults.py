"""Digest delivery when SMTP says no, and when dxwatch dies in the middle of a send: a real
aiosmtpd server on loopback; items are never lost and never sent twice with different content."""
import asyncio
import email
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from tests.conftest import ROOT, free_port, run_cli
from tests.test_digest import Sink, archive, mail_config  # noqa: F401  (module fixture, shared crawl)


class Picky(Sink):
    """Refuses the mailboxes it does not know, like a real MTA does for a typo'd address."""
    def __init__(self, unknown: set[str]):
        super().__init__()
        self.unknown = unknown
        self.rcpt_attempts = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_attempts.append(address)
        if address in self.unknown:
            return "550 5.1.1 mailbox unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"


class Stalling(Sink):
    """Keeps the message, then never answers the DATA: the sender is killed while waiting."""
    def __init__(self):
        super().__init__()
        self.got = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        self.got.set()
        await asyncio.sleep(120)
        return "250 OK"


def serve(handler, **kw):
    port = free_port()
    ctl = Controller(handler, hostname="127.0.0.1", port=port, **kw)
    ctl.start()
    return port, ctl


def ledger(tmp_path: Path, sql: str) -> list:
    db = sqlite3.connect(tmp_path / "archive.db")
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def with_login(conf: Path) -> Path:
    conf.write_text(conf.read_text().replace('security = "none"\n', 'security = "none"\nusername = "dxwatch"\n'
                                             'password_env = "DX_TEST_SMTP_PW"\n'))
    return conf


def stalled_config(archive, tmp_path, *, one_recipient: bool = True):
    """The archive's mail config pointed at a server that keeps the message and never answers."""
    tmp, cfg = archive
    stall = Stalling()
    port, ctl = serve(stall)
    conf = mail_config(cfg, port, tmp_path)
    if one_recipient:
        conf.write_text(conf.read_text().replace('recipients = ["an@example.org", "binh@example.org"]',
                                                 'recipients = ["an@example.org"]'))
    return conf, stall, port, ctl


def start_send(conf: Path) -> subprocess.Popen:
    """`dxwatch digest --send` in the background (to be killed, or to hold the lock)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DXWATCH_CONFIG", None)
    return subprocess.Popen([sys.executable, "-m", "crawler.cli", "--config", str(conf), "digest", "--send"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill_mid_send(archive, tmp_path):
    """A send killed (SIGKILL) while the server holds its DATA: the server has the message, dxwatch
    never heard "250"."""
    conf, stall, port, ctl = stalled_config(archive, tmp_path)
    proc = start_send(conf)
    try:
        assert stall.got.wait(60), "the digest never reached the SMTP server"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        ctl.stop()
    return conf, stall, port


def test_refused_login_is_not_retried_and_items_stay_pending(archive, tmp_path):  # noqa: F811
    tmp, cfg = archive
    logins = []

    def authenticator(server, session, envelope, mechanism, data):
        logins.append(session.peer)       # smtplib may try PLAIN, then LOGIN, on one connection
        return AuthResult(success=data.password == b"right-pw", handled=False)

    sink = Sink()
    port, ctl = serve(sink, authenticator=authenticator, auth_require_tls=False)
    try:
        conf = with_login(mail_config(cfg, port, tmp_path))
        res = run_cli("digest", "--send", config=conf, env={"DX_TEST_SMTP_PW": "wrong-pw"})
        assert res.returncode == 1 and res.stdout.count("login refused") == 2, res.stdout
        assert "wrong-pw" not in res.stdout + res.stderr and "Traceback" not in res.stderr
        assert len(set(logins)) == 2 and sink.messages == []       # one connection per recipient: no retry storm
        assert ledger(tmp_path, "SELECT status FROM digests") == [("failed",), ("failed",)]
        assert ledger(tmp_path, "SELECT COUNT(*) FROM digest_items") == [(0,)]   # still pending
        fixed = run_cli("digest", "--send", config=conf, env={"DX_TEST_SMTP_PW": "right-pw"})
        assert fixed.returncode == 0 and len(sink.messages) == 2
        body = email.message_from_bytes(sink.messages[0][1]).get_payload(0).get_payload(decode=True).decode()
        assert "Ủy ban Quốc gia về chuyển đổi số" in body
    finally:
        ctl.stop()


def test_rejected_recipient_keeps_its_items_the_others_get_theirs(archive, tmp_path):  # noqa: F811
    tmp, cfg = archive
    picky = Picky(unknown={"binh@example.org"})
    port, ctl = serve(picky)
    try:
        conf = mail_config(cfg, port, tmp_path)
        res = run_cli("digest", "--send", config=conf)
        assert res.returncode == 1 and "recipient refused: binh@example.org (550" in res.stdout, res.stdout
        assert [m[0] for m in picky.messages] == [["an@example.org"]]
        assert picky.rcpt_attempts.count("binh@example.org") == 1      # 5xx: permanent, not retried now
        pending = ledger(tmp_path, "SELECT COUNT(*) FROM digest_items WHERE recipient = 'binh@example.org'")
        assert pending == [(0,)]
        picky.unknown.clear()                                           # the mailbox is created
        again = run_cli("digest", "--send", config=conf)
        assert again.returncode == 0 and [m[0] for m in picky.messages][1:] == [["binh@example.org"]]
        sent = ledger(tmp_path, "SELECT recipient, COUNT(*) FROM digest_items GROUP BY recipient ORDER BY recipient")
        assert sent[0][1] == sent[1][1] > 0                           # binh got all that an got, once
    finally:
        ctl.stop()


def test_sigkill_during_the_smtp_send_then_restart_resends_the_same_message_once(archive, tmp_path):  # noqa: F811
    conf, stall, port = kill_mid_send(archive, tmp_path)
    assert ledger(tmp_path, "SELECT status FROM digests") == [("ready",)]
    items = ledger(tmp_path, "SELECT COUNT(*) FROM digest_items")[0][0]
    assert items > 0
    sink = Sink()
    port2, ctl2 = serve(sink)
    try:
        conf.write_text(conf.read_text().replace(f"smtp_port = {port}", f"smtp_port = {port2}"))
        first = run_cli("digest", "--send", config=conf)
        assert first.returncode == 0, first.stdout + first.stderr
        assert len(sink.messages) == 1                                  # the interrupted one, resent
        killed_id = email.message_from_bytes(stall.messages[0][1])["Message-ID"]
        assert email.message_from_bytes(sink.messages[0][1])["Message-ID"] == killed_id
        assert "nothing new" in first.stdout                            # and no second digest of the same items
        again = run_cli("digest", "--send", config=conf)
        assert "nothing new" in again.stdout and len(sink.messages) == 1
    finally:
        ctl2.stop()
    assert ledger(tmp_path, "SELECT status FROM digests") == [("sent",)]
    assert ledger(tmp_path, "SELECT COUNT(*) FROM digest_items")[0][0] == items


def _digest_children(conf: Path) -> list[int]:
    """Live `dxwatch … digest --send` processes of this config (from /proc)."""
    pids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                cmd = (d / "cmdline").read_bytes().split(b"\0")
                state = (d / "stat").read_text().split(") ", 1)[1][0]
            except (OSError, IndexError):
                continue
            if str(conf).encode() in cmd and b"digest" in cmd and state != "Z":
                pids.append(int(d.name))
    return pids


# The daemon on a clock three seconds before the digest time (07:00 in Hà Nội), handing the offset
# to its children like the simulation tests do (passed in to the Daemon, as `dxwatch run` builds it).
_EARLY_DAEMON = """
import sys, time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo
import time_machine
import scheduler
# the next 06:59:57 in Hà Nội after now, so the archive crawled a moment ago is that morning's news
now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
start = now.replace(hour=6, minute=59, second=57, microsecond=0)
if start <= now:
    start += timedelta(days=1)
shift = start.timestamp() - time.time()
with time_machine.travel(start, tick=True):
    from pathlib import Path
    from crawler.config import load_config
    daemon = scheduler.Daemon(load_config(sys.argv[1]), config_path=str(Path(sys.argv[1]).resolve()),
                              clock_offset=lambda: shift)
    sys.exit(daemon.run())
"""


@pytest.mark.timed_waits
def test_daemon_sigkilled_during_the_morning_send_resends_once_on_restart(archive, tmp_path):  # noqa: F811
    from tests.test_daemon import start_daemon, wait_for
    conf, stall, port, ctl = stalled_config(archive, tmp_path)
    conf.write_text(conf.read_text().replace("[[sources]]", "[[sources]]\nenabled = false"))   # the digest alone
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DXWATCH_FAST_HEARTBEAT": "1"}
    env.pop("DXWATCH_CONFIG", None)
    daemon = subprocess.Popen([sys.executable, "-c", _EARLY_DAEMON, str(conf)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert stall.got.wait(90), "the daemon's digest never reached the SMTP server"
        assert _digest_children(conf), "the send is not a child of the daemon"
        daemon.kill()                               # SIGKILL: the daemon, not the sender
        daemon.wait(10)
        assert wait_for(lambda: not _digest_children(conf), 15), "the sender outlived its daemon"
    finally:
        if daemon.poll() is None:
            daemon.kill()
        ctl.stop()
    assert ledger(tmp_path, "SELECT status FROM digests") == [("ready",)]
    killed_id = email.message_from_bytes(stall.messages[0][1])["Message-ID"]
    sink = Sink()
    port2, ctl2 = serve(sink)
    conf.write_text(conf.read_text().replace(f"smtp_port = {port}", f"smtp_port = {port2}"))
    restarted = start_daemon(conf)                  # real time now: hours from the next 07:00
    try:
        assert wait_for(lambda: len(sink.messages) >= 1, 60), "the interrupted digest was not resent at start"
        time.sleep(3)
        assert len(sink.messages) == 1
        assert email.message_from_bytes(sink.messages[0][1])["Message-ID"] == killed_id
        assert wait_for(lambda: ledger(tmp_path, "SELECT status FROM digests") == [("sent",)], 20)
    finally:
        restarted.send_signal(signal.SIGTERM)
        code = restarted.wait(60)
        ctl2.stop()
    assert code == 0
    again = run_cli("digest", "--send", config=conf)
    assert "nothing new" in again.stdout and len(sink.messages) == 1


def test_two_sends_at_once_the_second_sends_nothing_and_says_who_is_sending(archive, tmp_path):  # noqa: F811
    conf, stall, port, ctl = stalled_config(archive, tmp_path, one_recipient=False)
    first = start_send(conf)
    try:
        assert stall.got.wait(60)
        second = run_cli("digest", "--send", config=conf)
        assert second.returncode == 4, second.stdout + second.stderr
        assert f"pid {first.pid}" in second.stderr and "nothing sent" in second.stderr
        assert "Traceback" not in second.stderr
        assert len(stall.messages) == 1                              # the second run reached no server
        assert ledger(tmp_path, "SELECT COUNT(*) FROM digests")[0][0] == 1
        first.kill()                                                 # the holder dies without releasing
        first.wait(10)
    finally:
        ctl.stop()
    sink = Sink()
    port2, ctl2 = serve(sink)
    try:
        conf.write_text(conf.read_text().replace(f"smtp_port = {port}", f"smtp_port = {port2}"))
        third = run_cli("digest", "--send", config=conf)             # a dead holder's lock is taken over
        assert third.returncode == 0, third.stdout + third.stderr
        assert sorted(m[0][0] for m in sink.messages) == ["an@example.org", "binh@example.org"]
    finally:
        ctl2.stop()


def test_an_interrupted_digest_whose_eml_is_gone_gives_its_items_back(archive, tmp_path):  # noqa: F811
    conf, _, port = kill_mid_send(archive, tmp_path)
    items = ledger(tmp_path, "SELECT COUNT(*) FROM digest_items")[0][0]
    for eml in (tmp_path / "outbox").glob("*.eml"):
        eml.unlink()                                                    # the outbox was cleaned meanwhile
    sink = Sink()
    port2, ctl2 = serve(sink)
    try:
        conf.write_text(conf.read_text().replace(f"smtp_port = {port}", f"smtp_port = {port2}"))
        res = run_cli("digest", "--send", config=conf)
        assert res.returncode == 0 and len(sink.messages) == 1, res.stdout + res.stderr
    finally:
        ctl2.stop()
    assert ledger(tmp_path, "SELECT status FROM digests ORDER BY id") == [("failed",), ("sent",)]
    assert ledger(tmp_path, "SELECT COUNT(*) FROM digest_items")[0][0] == items      # all of them, once
