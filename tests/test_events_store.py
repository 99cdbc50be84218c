"""storage.events: one meeting row per identity with every reporting article; metrics new vs revised."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.db import open_archive
from storage.events import store_meetings, store_metrics
from storage.models import Article, Meeting, MeetingArticle, Metric, Source, Story


def _article(s, n):
    if s.get(Source, "src") is None:
        s.add(Source(id="src", name="S"))
    story = Story(title=f"t{n}")
    s.add(story)
    s.flush()
    a = Article(source_id="src", url=f"http://x/{n}", content_hash=f"h{n}", story_id=story.id)
    s.add(a)
    s.flush()
    return a.id


def test_meetings_merge_by_identity_and_link_every_article(tmp_path):
    engine = open_archive(f"sqlite:///{tmp_path / 'e.db'}")
    with Session(engine) as s:
        a1, a2, a3 = _article(s, 1), _article(s, 2), _article(s, 3)
        base = {"key": "2024-04-24|national", "kind": "hoi_nghi", "body": "Ủy ban Quốc gia về chuyển đổi số",
                "held_on": "2024-04-24", "scope": "national"}
        store_meetings(s, a1, [{**base, "ordinal": None, "chair": None}])
        store_meetings(s, a2, [{**base, "kind": "phien_hop", "ordinal": 8, "chair": "Phạm Minh Chính",
                                "bridge_points": ["Sóc Trăng"]}])
        store_meetings(s, a3, [{**base, "key": "2024-04-24|Sóc Trăng", "scope": "Sóc Trăng",
                                "body": "Ban Chỉ đạo chuyển đổi số tỉnh Sóc Trăng", "kind": "hop_ban_chi_dao"}])
        s.commit()
        rows = {m.key: m for m in s.scalars(select(Meeting))}
        assert set(rows) == {"2024-04-24|national", "2024-04-24|Sóc Trăng"}   # provincial never merges with national
        nat = rows["2024-04-24|national"]
        assert (nat.kind, nat.ordinal, nat.chair) == ("phien_hop", 8, "Phạm Minh Chính")
        assert {ma.article_id for ma in s.scalars(select(MeetingArticle).where(MeetingArticle.meeting_id == nat.id))} == {a1, a2}


def test_metrics_new_known_and_revised(tmp_path):
    engine = open_archive(f"sqlite:///{tmp_path / 'm.db'}")
    obs = {"indicator": "digital_economy_gdp_share", "value": 16.5, "unit": "%", "period": "2023", "scope": "national"}
    with Session(engine) as s:
        a1, a2, a3 = _article(s, 1), _article(s, 2), _article(s, 3)
        store_metrics(s, a1, [obs, obs])                         # repeated in one article: stored once
        store_metrics(s, a2, [obs])                              # same value elsewhere: known, not new
        store_metrics(s, a3, [{**obs, "value": 16.8}])           # another value: a revision
        s.commit()
        got = [(m.article_id, m.value, m.is_new, m.is_revision, m.previous_value)
               for m in s.scalars(select(Metric).order_by(Metric.id))]
    assert got == [(a1, 16.5, True, False, None), (a2, 16.5, False, False, None), (a3, 16.8, True, True, 16.5)]
