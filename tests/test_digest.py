"""The daily digest: pure building (golden files, escaping, caps) and delivery to a real SMTP
server on loopback (aiosmtpd), exactly once through the ledger."""
import email
import sqlite3
from datetime import date
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from alerts.digest import MeetingItem, MetricItem, Report, StoryItem, build_digest
from tests.conftest import free_port, run_cli, write_mirror_config

GOLDEN = Path(__file__).parent / "golden" / "digest"


def sample_rows():
    meetings = [MeetingItem("2024-04-24|national", "phien_hop", "Ủy ban Quốc gia về chuyển đổi số", 8, "2024-04-24",
                            "Phạm Minh Chính", [Report("Thủ tướng chủ trì Phiên họp thứ 8", "http://a.vn/1", "Báo A"),
                                                Report("Sóc Trăng dự phiên họp", "http://b.vn/2", "Báo B")])]
    metrics = [MetricItem(1, "Tỷ trọng kinh tế số/GDP", "national", "2023", 16.5, "%", None,
                          "Tỷ trọng kinh tế số/GDP năm 2023 ước đạt 16,5%.", "http://a.vn/1", "Báo A"),
               MetricItem(2, "Chỉ số DTI", "Trà Vinh", "2023", 0.5731, "điểm", 0.5612, "DTI đạt 0,5731 điểm.",
                          "http://c.vn/3", "Cổng C")]
    stories = [StoryItem(7, "Hạ tầng số phủ rộng <script>alert(1)</script>", "http://a.vn/9", "Báo A", ["Báo B"])]
    return meetings, metrics, stories, ["Cổng D: HTTP 500"]


def test_digest_matches_golden_files():
    d = build_digest(date(2024, 4, 25), *sample_rows())
    assert d.subject == "[dxwatch] Chuyển đổi số 25/04/2024: 1 cuộc họp, 2 số liệu, 1 tin"
    assert d.text == (GOLDEN / "sample.txt").read_text(encoding="utf-8")
    assert d.html == (GOLDEN / "sample.html").read_text(encoding="utf-8")
    assert ("meeting", "2024-04-24|national") in d.item_keys and ("story", "7") in d.item_keys


def test_source_text_is_escaped_in_html():
    d = build_digest(date(2024, 4, 25), *sample_rows())
    assert "<script>" not in d.html and "&lt;script&gt;" in d.html


def test_sections_are_capped_with_a_count_of_the_rest():
    stories = [StoryItem(i, f"Tin {i}", f"http://x/{i}", "S") for i in range(120)]
    d = build_digest(date(2024, 4, 25), [], [], stories, [], cap=50)
    assert d.text.count("- Tin ") == 50 and "… và 70 tin khác" in d.text
    assert len(d.item_keys) == 120          # the rest were counted for the reader: delivered


def test_nothing_new_is_an_empty_digest():
    d = build_digest(date(2024, 4, 25), [], [], [], [])
    assert d.empty and "không có tin mới" in d.subject


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"




@pytest.fixture
def smtp():
    """A real SMTP server on loopback that keeps what it receives."""
    sink = Sink()
    port = free_port()
    ctl = Controller(sink, hostname="127.0.0.1", port=port)
    ctl.start()
    yield port, sink
    ctl.stop()


@pytest.fixture(scope="module")
def archive(mirror, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("digest")
    cfg = write_mirror_config(mirror, tmp, only=["vgp", "newspaper", "sitemap"])
    assert run_cli("crawl", config=cfg).returncode == 0
    return tmp, cfg


def mail_config(cfg: Path, port: int, tmp: Path) -> Path:
    """The crawled archive, copied for this test (the ledger is per archive), with mail settings."""
    import shutil
    db = tmp / "archive.db"
    if not db.exists():
        shutil.copy(cfg.parent / "dx.db", db)
    text = cfg.read_text().replace(f"sqlite:///{cfg.parent / 'dx.db'}", f"sqlite:///{db}").split("[[sources]]", 1)
    out = tmp / f"mail-{port}.toml"
    out.write_text(text[0] + f'[mail]\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\nsecurity = "none"\n'
                   f'sender = "dxwatch@example.org"\nrecipients = ["an@example.org", "binh@example.org"]\n'
                   f'outbox_dir = "{tmp / "outbox"}"\n\n[[sources]]' + text[1], encoding="utf-8")
    return out


def test_send_once_to_every_recipient_then_nothing(archive, smtp, tmp_path):
    tmp, cfg = archive
    port, sink = smtp
    conf = mail_config(cfg, port, tmp_path)
    res = run_cli("digest", "--send", config=conf)
    assert res.returncode == 0, res.stderr
    assert len(sink.messages) == 2 and {m[0][0] for m in sink.messages} == {"an@example.org", "binh@example.org"}
    msg = email.message_from_bytes(sink.messages[0][1], policy=policy.default)
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "CUỘC HỌP, HỘI NGHỊ MỚI" in text and "lần thứ 8 của Ủy ban Quốc gia về chuyển đổi số" in text
    assert "Số liệu mới" in html and "Phạm Minh Chính" in html
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2
    again = run_cli("digest", "--send", config=conf)
    assert again.returncode == 0 and "nothing new" in again.stdout and len(sink.messages) == 2


def test_smtp_down_keeps_items_pending_then_delivers(archive, smtp, tmp_path):
    tmp, cfg = archive
    port, sink = smtp
    dead = free_port()
    down = run_cli("digest", "--send", config=mail_config(cfg, dead, tmp_path))
    assert down.returncode == 1 and "failed" in down.stdout and "Traceback" not in down.stderr
    up = run_cli("digest", "--send", config=mail_config(cfg, port, tmp_path))
    assert up.returncode == 0 and len(sink.messages) == 2          # nothing was lost


def test_interrupted_after_writing_is_resent_as_the_same_message(archive, smtp, tmp_path):
    tmp, cfg = archive
    port, sink = smtp
    conf = mail_config(cfg, port, tmp_path)
    assert run_cli("digest", "--send", config=conf).returncode == 0
    first_ids = {email.message_from_bytes(m[1])["Message-ID"] for m in sink.messages}
    db = sqlite3.connect(tmp_path / "archive.db")
    db.execute("UPDATE digests SET status = 'ready' WHERE id = (SELECT MAX(id) FROM digests)")   # crash before 'sent'
    db.commit()
    db.close()
    assert run_cli("digest", "--send", config=conf).returncode == 0
    resent = email.message_from_bytes(sink.messages[-1][1])["Message-ID"]
    assert len(sink.messages) == 3 and resent in first_ids


def test_preview_and_rebuild_of_a_past_day_send_nothing(archive, smtp, tmp_path):
    tmp, cfg = archive
    port, sink = smtp
    conf = mail_config(cfg, port, tmp_path)
    res = run_cli("digest", "--preview", config=conf)
    assert res.returncode == 0 and "Subject: [dxwatch]" in res.stdout and sink.messages == []
    assert run_cli("digest", "--date", "not-a-date", config=conf).returncode == 2


def test_simulated_week_every_item_once(mirror, tmp_path, smtp):
    """Seven simulated days: each day some new articles arrive and the digest of that day is sent;
    over the week every meeting is sent exactly once to each recipient."""
    import shutil
    from datetime import timedelta
    from sqlalchemy.orm import sessionmaker
    from alerts.deliver import run_digests
    from crawler.config import load_config
    from storage.db import open_archive
    port, sink = smtp
    cfg = write_mirror_config(mirror, tmp_path, only=["vgp", "newspaper", "sitemap", "nukeviet"])
    assert run_cli("crawl", config=cfg).returncode == 0
    conf = mail_config(cfg, port, tmp_path)
    loaded = load_config(conf, environ={})
    engine = open_archive(loaded.settings.storage.url)
    db = sqlite3.connect(tmp_path / "archive.db")
    meetings = [r[0] for r in db.execute("SELECT id FROM meetings ORDER BY id")]
    # spread the crawl's findings over a simulated week: meeting i was first seen on day i % 7
    start = date.today() - timedelta(days=30)         # a past week, computed from the clock
    for i, mid in enumerate(meetings):
        db.execute("UPDATE meetings SET first_seen_at = ? WHERE id = ?", (f"{start + timedelta(days=i % 7)} 03:00:00", mid))
    db.execute("UPDATE metrics SET first_seen_at = ?", (f"{start - timedelta(days=1)} 03:00:00",))
    db.execute("UPDATE articles SET first_seen_at = ?", (f"{start - timedelta(days=1)} 03:00:00",))
    db.commit()
    sent_keys = []
    Session = sessionmaker(engine, expire_on_commit=False)
    for day in range(7):
        for r in run_digests(Session, loaded.settings, start + timedelta(days=day), send=True, outbox=tmp_path / "outbox"):
            assert r.status in ("sent", "empty")
        sent_keys += [k for (k,) in db.execute("SELECT item_key FROM digest_items WHERE kind = 'meeting' "
                                              "AND recipient = 'an@example.org'")]
        sent_keys = sorted(set(sent_keys))
    counts = db.execute("SELECT item_key, COUNT(*) FROM digest_items WHERE kind = 'meeting' GROUP BY recipient, item_key").fetchall()
    assert all(c == 1 for _, c in counts)                                          # never twice
    assert len(sent_keys) == len(meetings)                                         # never lost
    engine.dispose()
    shutil.rmtree(tmp_path / "outbox", ignore_errors=True)


def test_recipient_filters(archive, smtp, tmp_path):
    tmp, cfg = archive
    port, sink = smtp
    conf = mail_config(cfg, port, tmp_path)
    conf.write_text(conf.read_text().replace(
        'recipients = ["an@example.org", "binh@example.org"]',
        'recipients = ["an@example.org", {address = "soctrang@example.org", provinces = ["Sóc Trăng"]}]'))
    assert run_cli("digest", "--send", config=conf).returncode == 0
    by_rcpt = {m[0][0]: email.message_from_bytes(m[1], policy=policy.default).get_body(("plain",)).get_content()
               for m in sink.messages}
    full, local = by_rcpt["an@example.org"], by_rcpt["soctrang@example.org"]
    assert "Ủy ban Quốc gia về chuyển đổi số" in full
    assert "Ban Chỉ đạo chuyển đổi số tỉnh Sóc Trăng" in local and "của Ủy ban Quốc gia" not in local
    assert "(toàn quốc" not in local and len(local) < len(full)


def test_metric_with_a_series_gets_an_inline_chart():
    from alerts.deliver import make_message
    meetings, metrics, stories, degraded = sample_rows()
    metrics[1].series = [("2021", 0.4812), ("2022", 0.5612), ("2023", 0.5731)]
    d = build_digest(date(2024, 4, 25), meetings, metrics, stories, degraded)
    assert list(d.images) == ["metric-2@dxwatch"] and d.images["metric-2@dxwatch"].startswith(b"\x89PNG")
    assert 'src="cid:metric-2@dxwatch"' in d.html and "cid:metric-1" not in d.html     # one point: no chart
    msg = email.message_from_bytes(bytes(make_message(d, "a@b.vn", "c@d.vn", "<x@dxwatch>")), policy=policy.default)
    images = [p for p in msg.walk() if p.get_content_type() == "image/png"]
    assert len(images) == 1 and images[0]["Content-ID"] == "<metric-2@dxwatch>"
    assert msg.get_body(("html",)).get_content_type() == "text/html"
    assert build_digest(date(2024, 4, 25), meetings, metrics, stories, degraded).images == d.images   # deterministic
