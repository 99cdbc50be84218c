"""Meetings in prose (pipelines/meetings.py): the constructions real articles use, in our own words.
Dates are computed from the clock: an article is "published" a few days ago."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from pipelines.meetings import GOV_STEERING, NATIONAL_COMMITTEE, UNKNOWN_PROVINCE, find_meetings, same_meeting

TODAY = date.today()
PUB = TODAY - timedelta(days=3)
HELD = PUB - timedelta(days=1)
DM = f"{HELD.day}/{HELD.month}"


def meetings(text: str, title: str = "", published: date = PUB):
    return find_meetings(text, published, title)


def test_national_committee_session_with_ordinal_date_and_chair():
    got = meetings(f"Chiều {DM}, Thủ tướng Phạm Minh Chính, Chủ tịch Ủy ban Quốc gia về chuyển đổi số, "
                   f"chủ trì Phiên họp lần thứ 9 của Ủy ban Quốc gia về chuyển đổi số.")
    assert len(got) == 1
    m = got[0]
    assert (m.kind, m.body, m.scope, m.ordinal, m.held_on) == ("phien_hop", NATIONAL_COMMITTEE, "national", 9,
                                                               HELD.isoformat())
    assert m.chair == "Phạm Minh Chính"


@pytest.mark.parametrize("phrase, ordinal", [
    ("phiên họp thứ tư", 4), ("phiên họp lần thứ 3", 3), ("phiên họp thứ II", 2), ("phiên họp đầu tiên", 1),
    ("họp lần đầu tiên", 1),
])
def test_ordinals_in_digits_words_roman_numerals_and_first(phrase, ordinal):
    got = meetings(f"Ngày {DM}, Ban Chỉ đạo chuyển đổi số tỉnh Gia Lai tổ chức {phrase} để đánh giá kết quả.")
    assert [(m.ordinal, m.scope) for m in got] == [(ordinal, "Gia Lai")]


def test_a_bare_cua_tinh_later_in_the_clause_does_not_replace_the_named_committee():
    got = meetings(f"Ngày {DM}, Ban Chỉ đạo chuyển đổi số tỉnh Long An họp lần đầu tiên để cho ý kiến vào dự thảo "
                   f"kế hoạch chuyển đổi số của tỉnh giai đoạn 2026 - 2030.")
    assert [m.body for m in got] == ["Ban Chỉ đạo chuyển đổi số tỉnh Long An"]


def test_a_reference_back_finds_the_committee_an_earlier_sentence_named():
    text = ("Tỉnh ủy Quảng Ngãi đã thành lập Ban Chỉ đạo của tỉnh về phát triển khoa học, công nghệ, đổi mới sáng tạo "
            "và chuyển đổi số, gồm 18 thành viên.\n\n"
            "Ngay sau đó, Ban chỉ đạo đã tổ chức phiên họp đầu tiên để thảo luận quy chế làm việc.")
    got = meetings(text)
    assert len(got) == 1 and got[0].ordinal == 1 and got[0].scope == "Quảng Ngãi"
    assert got[0].body.startswith("Ban Chỉ đạo về phát triển khoa học")


def test_the_governments_steering_committee_named_without_its_holder():
    got = meetings(f"Sáng {DM}, Thủ tướng chủ trì phiên họp Ban Chỉ đạo về khoa học, công nghệ, đổi mới sáng tạo, "
                   f"chuyển đổi số và Đề án 06.")
    assert [(m.body, m.scope) for m in got] == [(GOV_STEERING, "national")]


def test_a_provincial_committee_whose_province_is_never_named():
    got = meetings(f"Ngày {DM}, Ban Chỉ đạo chuyển đổi số tỉnh họp phiên thứ 5 để rà soát các chỉ tiêu.")
    assert [(m.scope, m.ordinal) for m in got] == [(UNKNOWN_PROVINCE, 5)]


def test_a_named_forum_keeps_its_name_and_title_and_body_are_one_meeting():
    title = "Khai mạc Diễn đàn quốc gia phát triển kinh tế số và xã hội số lần thứ III"
    text = (f"Sáng {DM}, tại Hà Nội, Thủ tướng Chính phủ chủ trì Diễn đàn quốc gia phát triển kinh tế số và xã hội "
            f"số lần thứ III.")
    got = meetings(text, title)
    assert len(got) == 1, [m.to_dict() for m in got]
    assert got[0].kind == "dien_dan" and got[0].ordinal == 3 and got[0].held_on == HELD.isoformat()
    assert got[0].body.startswith("Diễn đàn")


@pytest.mark.parametrize("text", [
    "Dự kiến, phiên họp thứ 10 của Ủy ban Quốc gia về chuyển đổi số sẽ diễn ra vào tháng tới.",   # a plan
    "Phiên họp thứ 10 của Ủy ban Quốc gia về chuyển đổi số sẽ diễn ra vào tháng tới.",              # to come
    "Ban Chỉ đạo duy trì họp định kỳ hằng quý để đánh giá tiến độ chuyển đổi số.",                 # a habit
    "Năng suất lúa vụ này đạt 6,8 tấn/ha, theo báo cáo tại hội nghị tổng kết ngành nông nghiệp.",   # not CĐS
])
def test_plans_habits_and_other_subjects_are_not_meetings(text):
    assert meetings(text) == []


def test_same_meeting_joins_an_undated_mention_to_the_dated_one():
    dated = {"held_on": HELD.isoformat(), "scope": "Gia Lai", "body": "Ban Chỉ đạo chuyển đổi số tỉnh Gia Lai",
             "ordinal": 4}
    undated = {"held_on": None, "scope": "Gia Lai", "body": "Ban Chỉ đạo chuyển đổi số tỉnh Gia Lai", "ordinal": 4}
    other = dict(undated, ordinal=5)
    assert same_meeting(dated, undated) and not same_meeting(dated, other)


def test_various_attendees_before_the_event_word_do_not_make_it_several_meetings():
    """"các sở, ngành dự Hội nghị …" is one meeting held; "các hội nghị" is several, none dated."""
    held = meetings(f"Chiều {DM}, tại điểm cầu tỉnh Bạc Liêu, lãnh đạo tỉnh cùng các sở, ngành dự Hội nghị trực tuyến "
                    f"sơ kết công tác chuyển đổi số quốc gia và Đề án 06 của Chính phủ.")
    assert [(m.kind, m.held_on) for m in held] == [("hoi_nghi", HELD.isoformat())]
    for text in (f"Trong tháng, tỉnh đã tổ chức các hội nghị về chuyển đổi số.",
                 f"Ban Chỉ đạo duy trì nhiều cuộc họp về chuyển đổi số mỗi quý."):
        assert meetings(text) == []


def test_a_page_with_no_date_gives_the_meeting_its_year_from_the_month_in_its_url():
    from pipelines.extract import extract_page
    month = (TODAY.replace(day=1) - timedelta(days=40)).replace(day=1)
    url = f"https://baotinh.example.vn/chinh-tri/{month.year}{month.month:02d}/uy-ban-hop-phien-thu-nhat-123A45"
    page = (f"<html><head><meta charset=utf-8><title>Ủy ban họp phiên thứ nhất</title></head><body><article>"
            f"<h1>Ủy ban Quốc gia về chuyển đổi số họp phiên thứ nhất</h1>"
            f"<p>Chiều {month.day + 9}-{month.month}, Thủ tướng, Chủ tịch Ủy ban Quốc gia về chuyển đổi số chủ trì Phiên "
            f"họp thứ nhất của Ủy ban. Phiên họp bàn về chuyển đổi số, chính phủ số, kinh tế số và xã hội số.</p>"
            f"<p>Các đại biểu thảo luận kế hoạch chuyển đổi số quốc gia và Đề án 06 những năm tới.</p>"
            f"</article></body></html>").encode()
    ex = extract_page(page, url)
    assert ex.published_at is None
    assert [m["held_on"] for m in ex.meetings] == [month.replace(day=month.day + 9).isoformat()]
