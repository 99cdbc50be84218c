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
                          "Tỷ trọng kinh tế số/GDP năm 2023 ước đạt 16,5%.", "http://a.vn/1", "Báo A",
                          indicator="digital_economy_gdp_share"),
               MetricItem(2, "Chỉ số DTI", "Trà Vinh", "2023", 0.5731, "điểm", 0.5612, "DTI đạt 0,5731 điểm.",
                          "http://c.vn/3", "Cổng C", indicator="dti_score"),
               MetricItem(3, "Xếp hạng DTI", "Trà Vinh", "2023", 4, "rank", None, "Trà Vinh xếp thứ 4/63.",
                          "http://c.vn/3", "Cổng C", indicator="dti_rank", out_of=63),
               MetricItem(4, "Thay đổi bậc xếp hạng DTI", "Trà Vinh", "2023", 5, "bậc", None, "tăng 5 bậc.",
                          "http://c.vn/3", "Cổng C", indicator="dti_rank_change")]
    stories = [StoryItem(7, "Hạ tầng số phủ rộng <script>alert(1)</script>", "http://a.vn/9", "Báo A", ["Báo B"])]
    return meetings, metrics, stories, ["Cổng D: HTTP 500"]


def test_digest_matches_golden_files():
    d = build_digest(date(2024, 4, 25), *sample_rows())
    assert d.subject == "[dxwatch] Chuyển đổi số 25/04/2024: 1 cuộc họp, 4 số liệu, 1 tin"
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


def test_metric_with_a_series_gets_an_inline_chart_once_per_series():
    from alerts.deliver import make_message
    meetings, metrics, stories, degraded = sample_rows()
    series = [("2021", 0.4812, date(2021, 12, 31)), ("2022", 0.5612, date(2022, 12, 31)), ("2023", 0.5731, date(2023, 12, 31))]
    metrics[1].series = series
    twin = MetricItem(9, "Chỉ số DTI", "Trà Vinh", "2023", 0.5731, "điểm", None, "Lại DTI 0,5731.", "http://e.vn/5",
                      "Báo E", indicator="dti_score", series=series)         # a second report of the same series
    d = build_digest(date(2024, 4, 25), meetings, metrics + [twin], stories, degraded)
    cid = metrics[1].cid
    assert list(d.images) == [cid] and d.images[cid].startswith(b"\x89PNG") and twin.cid == cid
    assert d.html.count(f'src="cid:{cid}"') == 1                                  # one chart per series
    msg = email.message_from_bytes(bytes(make_message(d, "a@b.vn", "c@d.vn", "<x@dxwatch>")), policy=policy.default)
    images = [p for p in msg.walk() if p.get_content_type() == "image/png"]
    assert len(images) == 1 and images[0]["Content-ID"] == f"<{cid}>"
    assert msg.get_body(("html",)).get_content_type() == "text/html"
    assert build_digest(date(2024, 4, 25), meetings, metrics + [twin], stories, degraded).images == d.images   # deterministic


def test_a_series_is_drawn_in_time_order_from_the_archive(tmp_path):
    """Periods are dates: "4 tháng đầu năm 2024" comes after "6 tháng đầu năm 2023" although it
    sorts before it as text, and a figure with no period stands at its article's date."""
    from sqlalchemy.orm import Session
    from alerts.charts import series_figure
    from alerts.collect import series_of
    from pipelines.periods import period_fields
    from storage.db import open_archive
    from storage.events import store_metrics
    from storage.models import Article, Source
    engine = open_archive(f"sqlite:///{tmp_path / 'a.db'}")
    today = date.today()
    reports = [("4 tháng đầu năm 2024", 61.7, "2024-05-10"), ("6 tháng đầu năm 2023", 47.15, "2023-07-12"),
               (None, 70.3, today.isoformat()), ("năm 2022", 40.2, "2023-01-20")]
    with Session(engine) as s:
        s.add(Source(id="s", name="S"))
        s.flush()
        for i, (period, value, published) in enumerate(reports):
            s.add(Article(id=i + 1, source_id="s", url=f"http://s.vn/{i}", content_hash=str(i), published_at=published))
            s.flush()
            store_metrics(s, i + 1, [{"indicator": "online_dossier_share", "label": "Hồ sơ trực tuyến", "value": value,
                                      "unit": "%", "scope": "national", "sentence": "…",
                                      **period_fields(period, date.fromisoformat(published))}])
        s.commit()
        points = series_of(s, "online_dossier_share", "national", "%")
    engine.dispose()
    assert [v for _, v, _ in points] == [40.2, 47.15, 61.7, 70.3]
    assert points[-1][0] == f"ngày đăng {today:%d/%m/%Y}"
    fig = series_figure("Hồ sơ trực tuyến", "%", points)
    ax = fig.axes[0]
    xy = ax.lines[0].get_xydata()
    assert list(xy[:, 1]) == [40.2, 47.15, 61.7, 70.3] and all(a < b for a, b in zip(xy[:-1, 0], xy[1:, 0]))
    assert [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()][:3] == \
        ["năm 2022", "6 tháng đầu năm 2023", "4 tháng đầu năm 2024"]
    lo, hi = ax.get_ylim()
    assert 0 <= lo < 40.2 and 70.3 < hi <= 100                     # a percentage axis within 0–100


def test_chart_axes_read_as_vietnamese_figures():
    from alerts.charts import axis_number, series_figure
    assert axis_number(13_200_000) == "13,2 triệu" and axis_number(0.5) == "0,5" and axis_number(1200) == "1.200"
    fig = series_figure("Tài khoản định danh", "tài khoản", [("2023", 30e6, date(2023, 12, 31)), ("2024", 53.6e6, date(2024, 12, 31))])
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_text()]
    assert labels and all("triệu" in t for t in labels) and not any("e" in t.split()[0] for t in labels)
    rank = series_figure("Xếp hạng DTI", "rank", [("2022", 25, date(2022, 12, 31)), ("2023", 21, date(2023, 12, 31))])
    lo, hi = rank.axes[0].get_ylim()
    assert lo > hi                                                  # rank 1 at the top: a better rank is drawn higher


def test_figures_read_in_vietnamese_units():
    from alerts.digest import metric_value
    assert metric_value(92.3, "%") == "92,3%"
    assert metric_value(4, "rank", 63) == "hạng 4/63" and metric_value(4, "rank") == "hạng 4"
    assert metric_value(5, "bậc") == "+5 bậc" and metric_value(-3, "bậc") == "-3 bậc"
    assert metric_value(13_200_000, "tài khoản") == "13,2 triệu tài khoản" and metric_value(0.6077, "điểm") == "0,6077 điểm"


def test_a_capped_section_names_the_query_that_lists_the_rest():
    metrics = [MetricItem(i, f"Số liệu {i}", "national", "2024", i, "%", None, "…", f"http://x/{i}", "S",
                          indicator="online_dossier_share") for i in range(60)]
    d = build_digest(date(2024, 4, 25), [], metrics, [], [], cap=50, since=date(2024, 4, 18))
    line = [ln for ln in d.text.splitlines() if "… và 10 số liệu khác" in ln][0]
    assert "dxwatch sql" in line and "v_metrics" in line and "2024-04-18" in line
    assert "v_metrics" in d.html


def test_figures_outside_the_registry_have_their_own_heading():
    meetings, metrics, stories, degraded = sample_rows()
    other = MetricItem(5, "camera giám sát an ninh", "Thái Nguyên", "năm 2023", 500, "camera", None,
                       "Tỉnh đã lắp hơn 500 camera giám sát an ninh.", "http://f.vn/6", "Báo F", indicator="other")
    d = build_digest(date(2024, 4, 25), meetings, metrics + [other], stories, degraded)
    known, _, rest = d.text.partition("SỐ LIỆU KHÁC (NGOÀI DANH MỤC CHỈ TIÊU) (1)")
    assert rest and "camera giám sát an ninh (Thái Nguyên, năm 2023): 500 camera" in rest
    assert "SỐ LIỆU MỚI VÀ ĐIỀU CHỈNH (4)" in known and "camera giám sát" not in known
    assert "Số liệu khác (ngoài danh mục chỉ tiêu) (1)" in d.html
