"""pipelines.metrics: every reported figure of a CĐS text, known indicators by key (the registry),
the rest as "other" with the words they measure; unit, kind, period, scope and qualifier."""
import pytest

from pipelines.indicators import registry
from pipelines.metrics import article_scope, find_metrics

LABELS = {e.key: e.label for e in registry().entries}


def one(text, **kw):
    got = find_metrics(text, **kw)
    assert len(got) == 1, [m.to_dict() for m in got]
    return got[0]


def pairs(text, **kw):
    return [(m.indicator, m.value) for m in find_metrics(text, **kw)]


# --- each indicator family --------------------------------------------------------------------

@pytest.mark.parametrize("text,indicator,value,unit", [
    ("Năm 2022, tỷ trọng kinh tế số trong GDP ước đạt 14,26%.", "digital_economy_gdp_share", 14.26, "%"),
    ("Kinh tế số năm 2022 chiếm 14,26% GDP.", "digital_economy_gdp_share", 14.26, "%"),
    ("Tỷ lệ thủ tục hành chính được cung cấp trực tuyến toàn trình đạt 72,5%.", "online_full_process_share", 72.5, "%"),
    ("Tỷ lệ hồ sơ được giải quyết trực tuyến đạt 41,3%.", "online_dossier_share", 41.3, "%"),
    ("Cổng dịch vụ công của tỉnh cung cấp 1.530 dịch vụ công trực tuyến.", "online_public_services_count", 1530, "dịch vụ"),
    ("Toàn tỉnh có 91,2% hộ gia đình dùng Internet cáp quang.", "fibre_household_share", 91.2, "%"),
    ("Đã có 100% xã được kết nối cáp quang.", "fibre_commune_share", 100, "%"),
    ("Sóng 4G đã phủ 98,6% dân số của tỉnh.", "mobile_4g_coverage", 98.6, "%"),
    ("Tốc độ băng rộng di động trung bình đạt 45,3 Mbps.", "broadband_mobile_speed", 45.3, "Mbps"),
    ("Tốc độ Internet băng rộng cố định đạt 98,4 Mbps.", "broadband_fixed_speed", 98.4, "Mbps"),
    ("Công an đã cấp 1,2 triệu thẻ căn cước gắn chíp.", "chip_id_cards", 1_200_000, "thẻ"),
    ("Tỉnh có 640.120 tài khoản định danh điện tử được kích hoạt.", "eid_accounts", 640_120, "tài khoản"),
    ("Số tài khoản định danh điện tử đã kích hoạt đạt 2,4 triệu.", "eid_accounts", 2_400_000, "tài khoản"),
    ("Các bộ, ngành đã công bố 1.102 cơ sở dữ liệu.", "databases_count", 1102, "cơ sở dữ liệu"),
    ("Hiện có 2.150 hệ thống thông tin được phê duyệt cấp độ an toàn.", "information_systems_count", 2150, "hệ thống"),
    ("Tỉnh đã thành lập 845 tổ công nghệ số cộng đồng.", "community_digital_teams", 845, "tổ"),
    ("Tỷ lệ người trưởng thành dùng điện thoại thông minh đạt 76,1%.", "smartphone_share", 76.1, "%"),
    ("Tỷ lệ giao dịch thanh toán không dùng tiền mặt đạt 64%.", "cashless_payment_share", 64, "%"),
    ("Tỉnh có 420 doanh nghiệp công nghệ số.", "digital_enterprises_count", 420, "doanh nghiệp"),
])
def test_indicator_families(text, indicator, value, unit):
    m = one(text)
    assert (m.indicator, m.unit) == (indicator, unit)
    assert m.value == pytest.approx(value)
    assert m.label == LABELS[indicator]
    assert m.sentence == text


def test_team_members_need_the_team_named_in_the_sentence_or_just_before():
    text = "Huyện có 120 tổ công nghệ số cộng đồng. Các tổ có tổng cộng 860 thành viên."
    assert pairs(text) == [("community_digital_teams", 120), ("community_digital_team_members", 860)]
    # members of something else are figures, but not of digital teams
    assert pairs("Hội nông dân có 860 thành viên dùng ví điện tử.") == [("other", 860)]
    assert pairs("Tổ hỗ trợ dịch vụ công của thôn có 12 thành viên.") == [("other", 12)]   # a "tổ", not a digital team


def test_two_figures_in_one_sentence_get_their_own_keywords():
    text = "Tỷ lệ hộ gia đình dùng cáp quang đạt 88% và tỷ lệ xã có cáp quang đạt 100%."
    assert pairs(text) == [("fibre_household_share", 88), ("fibre_commune_share", 100)]
    text = "Tốc độ băng rộng cố định đạt 120,5 Mbps, băng rộng di động đạt 60,2 Mbps."
    assert pairs(text) == [("broadband_fixed_speed", 120.5), ("broadband_mobile_speed", 60.2)]


# --- DTI: scores, pillars, ranks, moves --------------------------------------------------------

def test_dti_score_rank_and_move_up():
    text = "Chỉ số chuyển đổi số năm 2023 của Bình Định đạt 0,6412 điểm, xếp thứ 14/63, tăng 5 bậc so với năm 2022."
    got = {m.indicator: m for m in find_metrics(text)}
    assert got["dti_score"].value == pytest.approx(0.6412) and got["dti_score"].unit == "điểm"
    assert (got["dti_rank"].value, got["dti_rank"].out_of, got["dti_rank"].unit) == (14, 63, "rank")
    assert got["dti_rank"].qualifier == "xếp"
    assert (got["dti_rank_change"].value, got["dti_rank_change"].unit) == (5, "bậc")
    assert got["dti_rank_change"].qualifier == "tăng"
    assert {m.period for m in got.values()} == {"năm 2023"}      # not the comparison year 2022
    assert {m.scope for m in got.values()} == {"Bình Định"}


def test_dti_move_down_is_negative_and_out_of_34():
    text = "Theo Chỉ số chuyển đổi số năm 2025, Gia Lai xếp thứ 20/34, giảm 3 bậc."
    got = {m.indicator: m for m in find_metrics(text)}
    assert got["dti_rank"].out_of == 34
    assert got["dti_rank_change"].value == -3 and got["dti_rank_change"].qualifier == "giảm"


def test_dti_pillars_and_inherited_year():
    text = ("Chỉ số chuyển đổi số cấp tỉnh năm 2021 được công bố, Phú Yên đạt 0,5102 điểm.\n\n"
            "Ở trụ cột chính quyền số, tỉnh đạt 0,6001 điểm. Trụ cột kinh tế số đạt 0,3904 điểm. "
            "Trụ cột xã hội số đạt 0,4417 điểm.")
    got = [(m.indicator, m.value, m.period, m.scope) for m in find_metrics(text)]
    assert got == [("dti_score", 0.5102, "năm 2021", "Phú Yên"), ("dti_government_score", 0.6001, "năm 2021", "Phú Yên"),
                   ("dti_economy_score", 0.3904, "năm 2021", "Phú Yên"), ("dti_society_score", 0.4417, "năm 2021", "Phú Yên")]


def test_dti_forecast_and_both_ends_of_a_move():
    m = one("Chỉ số chuyển đổi số quốc gia năm 2024 dự báo đạt 0,78 điểm.")
    assert (m.indicator, m.qualifier, m.period, m.scope, m.kind) == ("dti_score", "dự báo", "năm 2024", "national", "forecast")
    # "từ 0,52 điểm lên 0,69 điểm": both values are reported (the old one and the new one)
    assert pairs("Chỉ số chuyển đổi số quốc gia tăng từ 0,52 điểm lên 0,69 điểm.") == [("dti_score", 0.52), ("dti_score", 0.69)]
    assert pairs("Tỷ lệ hồ sơ xử lý trực tuyến tăng từ 40% lên 55%.") == [("online_dossier_share", 40), ("online_dossier_share", 55)]


def test_rank_outside_an_index_is_not_a_dti_rank():
    assert [m.indicator for m in find_metrics("Đội bóng của tỉnh xếp thứ 5/34 đội tham dự.")] == ["other"]
    got = find_metrics("Có 21/63 tỉnh, thành phố đã ban hành nghị quyết chuyên đề.")
    assert [(m.value, m.out_of, m.unit) for m in got] == [(21, 63, "tỉnh")]           # a count out of 63, not a rank


# --- numbers: scale words, ranges ----------------------------------------------------------------

def test_scale_words():
    assert pairs("Cả nước có 71,5 triệu tài khoản định danh điện tử.") == [("eid_accounts", 71_500_000)]
    assert pairs("Đã cấp 3 nghìn thẻ căn cước gắn chíp cho học sinh.") == [("chip_id_cards", 3000)]


def test_range_takes_the_low_end():
    m = one("Năm 2024, tỷ trọng kinh tế số/GDP ước đạt 17,2 - 17,8%.")
    assert (m.indicator, m.value, m.unit, m.qualifier, m.period) == ("digital_economy_gdp_share", 17.2, "%", "ước đạt", "năm 2024")


def test_counts_per_class_are_figures_but_the_class_bounds_are_not():
    got = find_metrics("Năm 2024 có 6 địa phương có tỷ trọng kinh tế số trên 20%; 11 địa phương có tỷ trọng từ 10 - 20%.")
    assert sorted(m.value for m in got) == [6, 11], [m.to_dict() for m in got]


# --- what is not a figure ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Mọi thắc mắc về tài khoản định danh điện tử xin gọi đường dây nóng 0291 3611 222.",
    "Cổng thông tin hoạt động theo Giấy phép số 215/GP-BTTTT.",
    "Nghị định số 47/2024/NĐ-CP quy định về cơ sở dữ liệu, Quyết định 942/QĐ-TTg về chính phủ số.",
    "Nghị quyết 57-NQ/TW về chuyển đổi số được triển khai từ ngày 1/7/2025.",
    "Hội nghị trực tuyến tới 34 tỉnh, thành phố về chuyển đổi số và cáp quang.",
    "Sáng 15/3, Ban Chỉ đạo chuyển đổi số họp với 63 tỉnh, thành phố.",
    "Tỉnh dùng phiên bản iGate3 hệ thống thông tin một cửa.",             # a product name, not a count
    "Phiên họp lần thứ 8 của Ủy ban Quốc gia về chuyển đổi số kết nối 63 điểm cầu với 1.200 đại biểu.",
    "Bộ chỉ số gồm 3 trụ cột, 12 chỉ số chính và 53 tiêu chí.",
    "Tổ công nghệ số cộng đồng ở mỗi thôn có tối thiểu 04 thành viên.",
    "Lượt xem: 1.204",
    "Nhóm tỉnh có chỉ số DTI từ 0,5 trở lên được xếp loại khá.",
    "Ảnh: dti-2023-173885331251719654278.jpg",
    "Có 5 tỉnh dẫn đầu cả nước về kinh tế số.",
    "Thương mại điện tử là một trong 7 ngành của kinh tế số lõi.",                        # membership
    "Bên cạnh Singapore, 4 nền kinh tế số lớn này đang thu hút vốn đầu tư.",              # named before
    "Có 3 quốc gia trong khu vực xếp trên Việt Nam về chính phủ số.",                     # a list's size
    "Tỉnh thuộc nhóm 4, nhóm có chỉ số DTI trung bình <0,30.",                            # a group's bound
])
def test_trap_numbers_produce_nothing(text):
    assert find_metrics(text) == []


@pytest.mark.parametrize("text", [
    "Tỷ lệ trẻ được tiêm vắc xin sởi đạt 97,2%.",
    "Giá lúa bán qua sàn thương mại điện tử đạt 7.400 đồng/kg.",
    "Chỉ số cải cách hành chính (PAR Index) của tỉnh đạt 0,8712 điểm.",   # another index
    "Chỉ số hài lòng của người dân đạt 0,85 điểm.",
])
def test_figures_outside_the_registry_are_kept_as_other(text):
    got = find_metrics(text)
    assert got and all(m.indicator == "other" and m.label for m in got), [m.to_dict() for m in got]


@pytest.mark.parametrize("text, kept", [
    ("Năng suất lúa đạt 6,8 tấn/ha, giá lúa 7.400 đồng/kg.", False),
    ("Tỉnh có 102 đơn vị hành chính cấp xã, gồm 85 xã và 14 phường.", False),
    ("Tỉnh đã triển khai 373 nhiệm vụ khoa học, trong đó 17 nhiệm vụ cấp quốc gia.", False),
    ("Hợp tác xã đã bán 6,8 tấn gạo qua sàn thương mại điện tử.", True),
    ("Các trường học có 1.250 máy tính kết nối mạng.", True),
    ("Tỉnh có 48 xã. Các xã đã lắp 310 điểm Wi-Fi công cộng.", True),
    ("Tỉnh có 48 xã. Trong năm, các xã trồng mới 310 ha rừng.", False),
    ("Có 10/24 chỉ tiêu đã hoàn thành.", True),                 # progress against a plan
])
def test_counts_outside_the_registry_need_a_digital_subject(text, kept):
    """An unregistered count or amount is a CĐS figure only when its sentence, or the one before it,
    speaks of something digital: harvests, communes and science grants are not."""
    got = [m for m in find_metrics(text) if m.indicator == "other"]
    assert bool(got) == kept, [m.to_dict() for m in got]


def test_two_unregistered_shares_of_one_value_stay_two_figures():
    got = find_metrics("100% cán bộ đã dùng phần mềm quản lý văn bản; 100% hồ sơ được giải quyết đúng hạn.")
    assert [(m.value, m.unit) for m in got] == [(100, "%"), (100, "%")], [m.to_dict() for m in got]


def test_changes_are_not_levels():
    growth = one("Kinh tế số tăng trưởng 25% mỗi năm.")
    assert (growth.indicator, growth.kind) == ("digital_economy_growth", "change")
    share = one("Tỷ trọng kinh tế số trong GDP tăng 1,5% so với năm trước.")      # a growth rate, not the share
    assert share.indicator != "digital_economy_gdp_share" and share.kind == "change"
    delta = one("Số doanh nghiệp công nghệ số tăng 120 doanh nghiệp so với năm trước.")
    assert delta.indicator == "other" and delta.kind == "change"


@pytest.mark.parametrize("text", [
    "Mục tiêu đến năm 2030, kinh tế số chiếm 30% GDP.",
    "Năm 2026, tỉnh phấn đấu nâng tỷ lệ hồ sơ xử lý trực tuyến lên 85%.",
    "Theo kế hoạch, tỷ lệ hộ gia đình dùng cáp quang đạt 95%.",
    "Đến năm 2030, 100% xã có cáp quang.",
])
def test_targets_produce_nothing(text):
    assert find_metrics(text, year=2024) == []


def test_a_period_after_the_publication_year_is_a_target():
    text = "Năm 2027, tỷ lệ hồ sơ xử lý trực tuyến đạt 90%."
    assert find_metrics(text, year=2024) == []
    assert pairs(text, year=2027) == [("online_dossier_share", 90)]


def test_a_target_after_the_figure_does_not_hide_it():
    text = "Tỷ lệ hồ sơ xử lý trực tuyến đạt 58,4%, vẫn thấp hơn chỉ tiêu đề ra."
    assert pairs(text) == [("online_dossier_share", 58.4)]


# --- scope --------------------------------------------------------------------------------------

def test_scope_from_province_in_sentence_or_ca_nuoc():
    text = ("Tại Bến Tre, tỷ lệ hồ sơ xử lý trực tuyến đạt 61%. "
            "Tỷ lệ hồ sơ xử lý trực tuyến bình quân cả nước đạt 55%.")
    assert [(m.value, m.scope) for m in find_metrics(text, default_scope="Bến Tre")] == [(61, "Bến Tre"), (55, "national")]


def test_article_scope_from_the_lead():
    text = ("Ban Chỉ đạo chuyển đổi số tỉnh Hậu Giang họp phiên thường kỳ.\n\n"
            "Tỷ lệ hộ gia đình dùng cáp quang đạt 79%. Cả nước có 2.500 cơ sở dữ liệu.")
    assert article_scope(text) == "Hậu Giang"
    assert [(m.indicator, m.scope) for m in find_metrics(text)] == [
        ("fibre_household_share", "Hậu Giang"), ("databases_count", "national")]


def test_bridge_point_in_the_lead_keeps_national_default():
    text = ("Tại điểm cầu Lào Cai, lãnh đạo tỉnh dự phiên họp của Ủy ban Quốc gia về chuyển đổi số.\n\n"
            "Theo báo cáo, tỷ trọng kinh tế số trong GDP năm 2023 ước đạt 16,1%.")
    assert article_scope(text) == "national"
    assert one(text).scope == "national"


def test_paragraph_carries_scope_but_a_comparison_does_not():
    text = ("Tại Kon Tum, tỷ lệ hồ sơ xử lý trực tuyến đạt 44%, thấp hơn cả nước. "
            "Số tài khoản định danh điện tử do Công an tỉnh kích hoạt đạt 210.400 tài khoản.")
    assert [m.scope for m in find_metrics(text)] == ["Kon Tum", "Kon Tum"]


def test_explicit_default_scope_wins_over_the_lead():
    assert one("Tỉnh có 300 tổ công nghệ số cộng đồng.", default_scope="Cà Mau").scope == "Cà Mau"
    assert one("Tỉnh có 300 tổ công nghệ số cộng đồng.").scope == "national"


# --- period and qualifier -------------------------------------------------------------------------

@pytest.mark.parametrize("phrase,period", [
    ("Năm 2023", "năm 2023"),
    ("Trong 6 tháng đầu năm 2023", "6 tháng đầu năm 2023"),
    ("Trong sáu tháng đầu năm 2023", "6 tháng đầu năm 2023"),
    ("Trong 9 tháng đầu năm 2024", "9 tháng đầu năm 2024"),
    ("Trong quý I năm 2023", "quý I/2023"),
    ("Tính đến hết quý III năm 2024", "quý III/2024"),
    ("Đến cuối năm 2023", "năm 2023"),
    ("Tháng 10/2025", "tháng 10/2025"),
])
def test_period_phrases(phrase, period):
    assert one(f"{phrase}, tỷ lệ hồ sơ xử lý trực tuyến đạt 50,5%.").period == period


def test_comparison_year_is_not_the_period():
    text = "Năm 2024, tỷ lệ hồ sơ xử lý trực tuyến tăng mạnh so với năm 2023, đạt 62%."
    assert one(text).period == "năm 2024"


def test_no_period_stays_none():
    assert one("Tỷ lệ hồ sơ xử lý trực tuyến đạt 50,5%.", year=2024).period is None


@pytest.mark.parametrize("verb,qualifier", [      # the qualifier says how a figure is reported, from a fixed list
    ("đạt", "đạt"), ("ước đạt", "ước đạt"), ("dự báo đạt", "dự báo"), ("là", None), ("đã lên", None),
    ("tăng lên", "tăng"), ("kích hoạt đạt", "đạt"),
])
def test_qualifier_is_the_word_before_the_number(verb, qualifier):
    assert one(f"Tỷ lệ hộ gia đình dùng cáp quang trên cả nước {verb} 82,5%.").qualifier == qualifier


def test_duplicates_are_merged_and_dicts_carry_the_contract_fields():
    text = ("Cả nước có 3.000 cơ sở dữ liệu.\n\n"
            "Năm 2024, các bộ, ngành đã công bố 3.000 cơ sở dữ liệu trên cả nước.")
    got = find_metrics(text)
    assert len(got) == 1 and got[0].period == "năm 2024"
    assert set(got[0].to_dict()) == {"indicator", "label", "value", "unit", "out_of", "kind", "period", "scope",
                                     "scope_now", "qualifier", "sentence"}
    assert text[got[0].start:got[0].end] == "3.000"


def test_rank_moves_in_other_words_and_differences_are_not_levels():
    up = find_metrics("Chỉ số chuyển đổi số năm 2022 của tỉnh Lào Cai đứng thứ 20/63, vươn lên 6 bậc so với năm trước.")
    assert ("dti_rank_change", 6.0) in {(m.indicator, m.value) for m in up}
    down = find_metrics("Chỉ số chuyển đổi số năm 2022 của tỉnh Lào Cai xếp thứ 40/63, lùi 4 bậc.")
    assert ("dti_rank_change", -4.0) in {(m.indicator, m.value) for m in down}
    diff = find_metrics("Cả nước có 45 nghìn doanh nghiệp công nghệ số, nhiều hơn khoảng 3.000 doanh nghiệp so với năm trước.")
    assert [(m.indicator, m.value, m.kind) for m in diff] == [("digital_enterprises_count", 45000.0, "level"),
                                                            ("other", 3000.0, "change")]


def test_scope_keeps_the_old_name_and_knows_the_new_unit():
    m = one("Năm 2024, tỷ lệ hồ sơ xử lý trực tuyến của tỉnh Sóc Trăng đạt 66,2%.")
    assert (m.scope, m.scope_now) == ("Sóc Trăng", "Cần Thơ")
    assert one("Năm 2024, tỷ lệ hồ sơ xử lý trực tuyến của Hà Nội đạt 70%.").scope_now == "Hà Nội"


def test_shared_figure_gives_one_per_item():
    text = "Theo DTI 2023, cả 3 trụ cột gồm chính quyền số, kinh tế số và xã hội số của tỉnh đều xếp thứ 2/63."
    assert sorted(m.indicator for m in find_metrics(text)) == ["dti_economy_rank", "dti_government_rank", "dti_society_rank"]


def test_denominator_in_words_and_lists_of_ranks():
    m = one("Theo chỉ số GII năm 2023, Việt Nam xếp thứ 46 trên 132 nền kinh tế.")
    assert (m.indicator, m.value, m.out_of) == ("gii_rank", 46, 132)
    got = [(m.value, m.scope) for m in find_metrics("Năm 2022, TP.HCM và Quảng Ninh lần lượt xếp thứ 2 và 3 về chỉ số DTI.")]
    assert [v for v, _ in got] == [2, 3]


# --- whose figure: the grammar of scope (pipelines/scopes.py) ---------------------------------
# Own-words sentences for constructions found in real articles (tests/real/constructions.md).

def scopes(text, **kw):
    return [(m.value, m.scope) for m in find_metrics(text, **kw)]


def test_names_listed_before_as_many_figures_are_paired_in_order():
    text = "DTI cấp tỉnh năm 2023: Đà Nẵng dẫn đầu, Lạng Sơn và Cần Thơ lần lượt xếp thứ 2 và 3."
    assert scopes(text)[-2:] == [(2, "Lạng Sơn"), (3, "Cần Thơ")]
    text = "Ở khối bộ, Bộ Tài chính và Bảo hiểm xã hội Việt Nam vươn lên vị trí thứ 2 và thứ 3 trong bảng xếp hạng DTI."
    assert scopes(text) == [(2, "Bộ Tài chính"), (3, "Bảo hiểm xã hội Việt Nam")]


def test_a_place_named_after_the_figure_in_its_own_clause_beats_one_in_an_earlier_clause():
    text = "Theo bảng xếp hạng DTI 2023, vị trí thứ 2 là Hà Nội, còn vị trí thứ 3 thuộc về Bắc Giang."
    assert scopes(text) == [(2, "Hà Nội"), (3, "Bắc Giang")]


def test_years_before_lan_luot_are_paired_with_the_figures_after_it():
    text = "Giai đoạn 2021 - 2023, tỷ trọng kinh tế số trong GRDP của tỉnh lần lượt là 9,1%; 10,4% và 11,8%."
    got = [(m.value, m.period) for m in find_metrics(text)]
    assert got == [(9.1, "năm 2021"), (10.4, "năm 2022"), (11.8, "năm 2023")]


def test_a_figure_in_brackets_after_a_year_is_that_years():
    text = "Năm 2023, chỉ số DTI của Yên Bái xếp thứ 14/63, tăng 3 bậc so với năm 2022 (17/63)."
    got = {m.value: m.period for m in find_metrics(text)}
    assert got[14] == "năm 2023" and got[17] == "năm 2022"


def test_den_nay_is_a_running_total_as_of_publication_not_the_index_year():
    from datetime import date
    text = ("Kết quả DTI năm 2022 của tỉnh đạt 0,58 điểm.\n\n"
            "Đến nay, toàn tỉnh đã có 212 tổ công nghệ số cộng đồng đang hoạt động.")
    got = {m.value: m.period for m in find_metrics(text, published=date(2023, 8, 4))}
    assert got[212] == "đến 4/8/2023" and got[0.58] == "năm 2022"


def test_a_district_where_the_figure_was_counted_is_its_scope():
    text = ("Tỉnh Hòa Bình đánh giá kết quả chuyển đổi số năm 2024.\n\n"
            "Tại huyện Mai Châu, 100% xã đã thành lập tổ công nghệ số cộng đồng. "
            "Toàn tỉnh có 1.520 tổ công nghệ số cộng đồng.")
    assert scopes(text) == [(100, "huyện Mai Châu (Hòa Bình)"), (1520, "Hòa Bình")]


def test_an_operator_is_the_scope_of_a_national_figure_and_not_of_a_provincial_one():
    national = "Cả nước có hơn 10.000 trạm 5G. Riêng Viettel đã lắp đặt 7.200 trạm 5G trong năm 2025."
    assert scopes(national) == [(10_000, "national"), (7200, "Viettel")]
    provincial = "Tỉnh Nghệ An có 420 trạm BTS 5G, trong đó Viettel có 300 trạm 5G."
    assert scopes(provincial) == [(420, "Nghệ An"), (300, "Nghệ An")]


def test_an_unnamed_tinh_in_the_title_takes_the_province_the_lead_names():
    text = ("Ban Chỉ đạo chuyển đổi số tỉnh họp phiên cuối năm\n\n"
            "Sáng 20/12, Ban Chỉ đạo chuyển đổi số tỉnh họp. Đồng chí Chủ tịch UBND tỉnh Kon Tum chủ trì.")
    assert article_scope(text) == "Kon Tum"


def test_an_average_over_the_provinces_is_a_national_figure():
    text = ("Tỉnh Ninh Bình xếp thứ 12/63 về DTI năm 2022.\n\n"
            "Giá trị trung bình DTI cấp tỉnh năm 2022 là 0,5321.")
    assert scopes(text)[-1] == (0.5321, "national")


def test_pillar_ranks_listed_after_a_rank_each_get_their_item_and_the_shared_base():
    text = "Về trụ cột, chính quyền số của tỉnh ở vị trí thứ 11, kinh tế số thứ 25 và xã hội số thứ 19 trong 63 tỉnh, thành phố."
    got = [(m.value, m.out_of, m.label) for m in find_metrics(text)]
    assert [(v, o) for v, o, _ in got] == [(11, 63), (25, 63), (19, 63)]
    assert "kinh tế số" in got[1][2] and "xã hội số" in got[2][2]


def test_a_rank_seven_followed_by_a_comma_is_a_rank_not_a_saturday():
    text = "Chính quyền số của tỉnh xếp thứ 7/34, kinh tế số xếp thứ 6/34."
    assert [v for _, v in pairs(text)] == [7, 6]


def test_a_target_word_counted_by_a_number_is_what_was_achieved():
    text = "Trong năm, tỉnh đã hoàn thành 20/23 chỉ tiêu chuyển đổi số; 100% cơ quan cấp huyện dùng chữ ký số chuyên dùng."
    assert [v for _, v in pairs(text)] == [20, 100]
    assert pairs("Tỉnh đề ra 23 chỉ tiêu; 100% xã có cáp quang vào năm sau.") == []


def test_an_unregistered_share_is_not_merged_into_a_later_known_one_with_other_words():
    text = ("Chuyển đổi số của tỉnh năm 2023\n\n"
            "Sáng nay, Ban Chỉ đạo chuyển đổi số tỉnh họp đánh giá kết quả năm 2023.\n\n"
            "Năm 2023, 100% thôn, bản trên địa bàn tỉnh đã có tổ công nghệ số cộng đồng.\n\n"
            "Mạng di động 4G đã phủ sóng 100% thôn, bản.")
    assert pairs(text) == [("other", 100), ("mobile_4g_coverage", 100)]


def test_periods_of_a_move_from_one_value_to_another():
    from datetime import date
    pub = date(2024, 10, 1)
    got = {m.value: m.period for m in find_metrics(
        "Theo báo cáo GII 2023, xếp hạng về thể chế của Việt Nam tăng từ vị trí 72 lên 64.", published=pub)}
    assert got == {72: "năm 2022", 64: "năm 2023"}
    got = {m.value: m.period for m in find_metrics(
        "Tỷ trọng kinh tế số trong GRDP của tỉnh tăng từ 7,15% năm 2021 lên 8,02% năm 2023.", published=pub)}
    assert got == {7.15: "năm 2021", 8.02: "năm 2023"}


def test_a_comparison_year_after_several_words_is_not_the_figures_period():
    from datetime import date
    got = {m.value: m.period for m in find_metrics(
        "Theo kết quả DTI 2025, tỉnh xếp thứ 11/34 với 0,7104 điểm, tăng 3 bậc so với kết quả quy đổi năm 2024.",
        published=date(2026, 10, 1))}
    assert set(got.values()) == {"năm 2025"}


def test_a_comma_list_of_places_is_paired_with_a_comma_list_of_ranks():
    text = "Theo bảng xếp hạng DTI 2024, Nam Định, Hà Nam, Ninh Bình giữ vị trí thứ 8, 9, 10 với điểm số sát nhau."
    assert scopes(text) == [(8, "Nam Định"), (9, "Hà Nam"), (10, "Ninh Bình")]


def test_ca_nuoc_after_a_rank_is_its_base_not_its_scope():
    text = "Năm 2023, Gia Lai xếp thứ 30 cả nước về chỉ số PAR Index và thứ 12 cả nước về chỉ số SIPAS."
    assert scopes(text) == [(30, "Gia Lai"), (12, "Gia Lai")]
    assert scopes("Năm 2023 cả nước có 4.460 dịch vụ công trực tuyến toàn trình.") == [(4460, "national")]


def test_a_commune_written_with_its_province_as_an_address():
    text = ("Chủ tịch UBND phường Hòa Khánh, thành phố Đà Nẵng cho biết: hiện nay 100% hồ sơ của phường được "
            "số hóa.")
    assert scopes(text) == [(100, "phường Hòa Khánh (Đà Nẵng)")]


def test_the_national_portal_a_province_reports_to_is_not_a_scope():
    text = ("Tỉnh Điện Biên đẩy mạnh dịch vụ công trực tuyến\n\n"
            "Năm 2024, tỉnh đã tích hợp 100% dịch vụ công trực tuyến lên Cổng dịch vụ công quốc gia.")
    assert scopes(text) == [(100, "Điện Biên")]


def test_the_index_year_is_the_one_the_index_words_name_not_the_events():
    from datetime import date
    text = ("Công bố xếp hạng chuyển đổi số\n\n"
            "Sáng 14/10, tại chương trình chào mừng Ngày Chuyển đổi số quốc gia năm 2026, Bộ Khoa học và Công nghệ "
            "công bố xếp hạng mức độ chuyển đổi số năm 2025 của các tỉnh, thành phố.\n\n"
            "Đứng đầu là Hà Nội với giá trị DTI đạt 0,8102.")
    got = find_metrics(text, published=date(2026, 10, 15))
    assert [(m.value, m.period) for m in got] == [(0.8102, "năm 2025")]


def test_a_threshold_the_counted_units_reached_and_a_place_count_are_not_figures():
    assert pairs("Về thanh toán trực tuyến, có 3/14 sở, ngành đạt tỷ lệ trên 70%.") == [("other", 3)]
    got = [v for _, v in pairs("Dự án lắp đặt 210 camera giám sát tại 75 vị trí trên địa bàn 5 phường trung tâm.")]
    assert 5 not in got and 210 in got


def test_a_target_in_brackets_does_not_make_the_next_figure_a_target():
    text = "Tỷ lệ hồ sơ trực tuyến toàn trình: khối bộ, ngành đạt 58,2% (mục tiêu 70%), còn khối tỉnh chỉ đạt 21,7%."
    assert [v for _, v in pairs(text)] == [58.2, 21.7]


def test_a_month_and_year_after_tu_is_a_time_not_a_fraction():
    from datetime import date
    text = ("Năm qua, hạ tầng số tiếp tục được đầu tư; từ tháng 9/2024 các nhà mạng đã thương mại hóa 5G "
            "và phủ sóng 45% dân số.")
    got = [(m.value, m.unit) for m in find_metrics(text, published=date(2025, 3, 2))]
    assert got == [(45, "%")]


def test_a_count_of_places_is_not_a_score():
    text = "Tỉnh Yên Bái đã lắp đặt hệ thống camera giám sát gồm 148 điểm với 512 camera trên các tuyến phố."
    got = {m.value: m.unit for m in find_metrics(text)}
    assert got[148] == "địa điểm" and got[512] == "camera"


def test_dung_dau_ca_nuoc_is_the_rankings_base_not_the_figures_scope():
    text = "Trong năm 2024, tỉnh Thái Nguyên dẫn đầu cả nước về tỷ trọng kinh tế số trong GRDP với 31,4%."
    assert scopes(text) == [(31.4, "Thái Nguyên")]


def test_the_places_listed_after_a_count_of_places_are_what_it_counted():
    text = ("Đến nay, 7 địa phương gồm: Hà Giang, Cao Bằng, Lào Cai, Sơn La và Điện Biên, Lai Châu, Yên Bái "
            "đã có tổ công nghệ số cộng đồng ở 100% thôn, bản.")
    assert article_scope(text) == "national"
    assert scopes(text)[0] == (7, "national")


def test_a_day_month_shape_before_a_counted_noun_is_all_of_them():
    text = "Trung tâm điều hành của tỉnh Bắc Kạn đã kết nối 14/18 sở, ngành và 8/8 huyện, thành phố."
    got = {(m.value, m.out_of) for m in find_metrics(text)}
    assert got == {(14, 18), (8, 8)}


def test_tru_so_is_a_counted_thing_not_a_structure_word():
    text = "Nhờ tuyến cáp mới, 100% trụ sở xã, phường của tỉnh Lai Châu đã kết nối Internet cáp quang."
    assert [(m.value, m.unit) for m in find_metrics(text)] == [(100, "%")]


def test_a_date_shape_before_a_year_stays_a_date():
    text = "Các địa phương hưởng ứng Ngày Chuyển đổi số quốc gia 10/10 năm 2025 với 120 hoạt động."
    assert [(m.value, m.unit) for m in find_metrics(text)] == [(120, "hoạt động")]


def test_dang_ky_as_an_action_does_not_make_later_figures_targets():
    text = ("Năm 2024, tỉnh Quảng Trị có 640 hộ kinh doanh đăng ký và chuyển sang hóa đơn điện tử; số hóa đơn "
            "điện tử cơ quan thuế tiếp nhận là 312.450 hóa đơn.")
    assert [m.value for m in find_metrics(text)] == [640, 312_450]
    target = "Các sở đăng ký đạt 95% hồ sơ trực tuyến toàn trình trong năm 2025."
    assert find_metrics(target) == []


def test_a_speed_threshold_is_a_specification_not_a_measurement():
    text = "Theo đo kiểm, 96,1% mẫu đo của mạng 5G đạt ngưỡng tốc độ tải xuống 10 Mbps và tải lên 2 Mbps."
    assert [(m.value, m.unit) for m in find_metrics(text)] == [(96.1, "%")]
