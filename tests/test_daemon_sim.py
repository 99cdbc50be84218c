"""The daemon fast-forwarded over four simulated mornings (starting tomorrow): the real Daemon and its APScheduler jobs on
an injected clock (time-machine in this process, the clock offset handed to every crawl and
digest child), a real mirror and a real SMTP server. A config change (a source added) is picked
up on restart. Each morning's digest fires at 07:00 Hà Nội time, nothing new means no email, and
no item reaches the reader twice."""
import email
from email import policy
import queue
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import time_machine
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED

import scheduler
from crawler.config import load_config
from tests.conftest import query, write_mirror_config
from tests.test_digest import smtp  # noqa: F401  (real aiosmtpd on loopback)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# tomorrow 06:00 in Hà Nội: the days are computed from the clock, so the test passes on any date
START = datetime.combine(datetime.now(VN).date() + timedelta(days=1), datetime.min.time(), VN).replace(hour=6)
DAY = [START + timedelta(days=n) for n in range(4)]


def sim_config(mirror, tmp_path, port, sites):
    cfg = write_mirror_config(mirror, tmp_path, only=sites, extra=(
        f'[mail]\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\nsecurity = "none"\nsender = "dxwatch@example.org"\n'
        f'recipients = ["an@example.org"]\noutbox_dir = "{tmp_path / "outbox"}"\n'))
    cfg.write_text(cfg.read_text().replace('interval = "30m"', 'interval = "1d"'))
    return cfg


def run_until(daemon, traveller, until: datetime, fired: list) -> None:
    """Jump the clock to each next run time and let the scheduler run what is due, in order."""
    done: queue.Queue = queue.Queue()
    daemon.scheduler.add_listener(done.put, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)
    while True:
        jobs = [j for j in daemon.scheduler.get_jobs() if j.next_run_time]
        nxt = min(j.next_run_time for j in jobs)
        if nxt > until:
            return
        due = [j.id for j in jobs if j.next_run_time <= nxt]
        traveller.move_to(nxt)
        daemon.scheduler.wakeup()
        for _ in due:
            ev = done.get(timeout=180)
            assert ev.code == EVENT_JOB_EXECUTED, f"{ev.job_id}: {ev}"
            if ev.job_id != "housekeeping":
                assert ev.retval == 0, f"{ev.job_id} exited {ev.retval} at {nxt}"
                fired.append((ev.job_id, nxt.astimezone(VN)))


def test_four_simulated_days_one_digest_a_morning_nothing_twice(mirror, tmp_path, smtp):  # noqa: F811
    port, sink = smtp
    db = f"sqlite:///{tmp_path / 'dx.db'}"
    fired: list = []
    with time_machine.travel(START, tick=False) as traveller:
        def offset() -> float:          # the simulated clock against the real one, for the children
            real = time_machine.escape_hatch.time.time()
            return datetime.now(timezone.utc).timestamp() - real

        first = scheduler.Daemon(load_config(sim_config(mirror, tmp_path, port, ["vgp"])),
                                 config_path=str(tmp_path / "dxwatch.toml"), clock_offset=offset)
        first.acquire()
        first.schedule()
        run_until(first, traveller, START + timedelta(days=1, hours=6), fired)     # to day 1, 12:00
        first.shutdown()
        # the analyst adds a source; the daemon is restarted and picks it up
        second = scheduler.Daemon(load_config(sim_config(mirror, tmp_path, port, ["vgp", "newspaper"])),
                                  config_path=str(tmp_path / "dxwatch.toml"), clock_offset=offset)
        second.acquire()
        second.schedule()
        run_until(second, traveller, START + timedelta(days=3, hours=2), fired)    # to day 3, 08:00
        second.shutdown()

    digests = [t for j, t in fired if j == "digest"]
    assert [(t.date(), t.hour, t.minute) for t in digests] == [(d.date(), 7, 0) for d in DAY]
    crawls = [(j, t) for j, t in fired if j.startswith("crawl:")]
    day = {d.date(): n for n, d in enumerate(DAY)}
    assert [day[t.date()] for j, t in crawls if j == "crawl:mirror-vgp"] == [0, 1, 1, 2]   # daily, and at restart (day 1, 12:00)
    assert [day[t.date()] for j, t in crawls if j == "crawl:mirror-newspaper"] == [1, 2]
    # crawl runs carry the simulated time the daemon gave its children
    runs = query(db, "SELECT started_at FROM crawl_runs ORDER BY id")
    utc_start = START.astimezone(timezone.utc)                                     # 06:00 +07 = 23:00 UTC
    assert len(runs) == len(crawls) and str(runs[0][0]).startswith(utc_start.strftime("%Y-%m-%d %H:"))

    # day 0: what vgp had; day 1: nothing new, no email; day 2: the new source's news only; day 3: none
    assert len(sink.messages) == 2
    sent = [email.message_from_bytes(m[1], policy=policy.default) for m in sink.messages]
    assert [parsedate_to_datetime(m["Date"]).astimezone(VN).date() for m in sent] == [DAY[0].date(), DAY[2].date()]
    assert DAY[0].strftime("%d/%m/%Y") in str(sent[0]["Subject"]) and DAY[2].strftime("%d/%m/%Y") in str(sent[1]["Subject"])
    assert query(db, "SELECT day, status FROM digests ORDER BY id") == [(DAY[0].date().isoformat(), "sent"),
                                                                         (DAY[2].date().isoformat(), "sent")]
    twice = query(db, "SELECT kind, item_key FROM digest_items GROUP BY kind, item_key HAVING COUNT(*) > 1")
    assert twice == []
    second_items = query(db, "SELECT COUNT(*) FROM digest_items WHERE digest_id = (SELECT MAX(id) FROM digests)")
    assert second_items[0][0] > 0
    assert query(db, "SELECT status FROM daemon_state") == [("stopped",)]
