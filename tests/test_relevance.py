"""pipelines.relevance: scored, explainable, extendable."""
from pipelines.relevance import classify

BODY_PLAIN = "Người dân đến trung tâm hành chính huyện làm thủ tục. " * 5


def test_once_in_the_lead_is_enough_and_is_explained():
    r = classify("Huyện đẩy mạnh cải cách", "Huyện tiếp tục thúc đẩy chuyển đổi số trong cải cách hành chính.", BODY_PLAIN)
    assert r.relevant and r.matched["chuyen doi so"] == {"lead": 1}
    assert "chuyen doi so (lead×1)" in r.explain()


def test_incidental_digital_words_are_not_cds_news():
    r = classify("Điều chỉnh giá xăng dầu", "Giá xăng giảm 300 đồng mỗi lít.",
                 "Doanh nghiệp phải xuất hóa đơn điện tử cho từng lần bán. " + BODY_PLAIN)
    assert not r.relevant and r.score < 0.2


def test_title_weighs_more_than_body():
    in_title = classify("Đề án 06 ở cơ sở", "", BODY_PLAIN)
    in_body = classify("Tin địa phương", "", BODY_PLAIN + " Đề án 06.")
    assert in_title.score > in_body.score


def test_vocabulary_extendable_from_config():
    base = classify("Hội thảo", "", "Hội thảo về bản đồ số nông nghiệp của tỉnh. " * 3)
    extended = classify("Hội thảo", "", "Hội thảo về bản đồ số nông nghiệp của tỉnh. " * 3, extra_terms={"bản đồ số": 3.0})
    assert not base.relevant and extended.relevant and "ban do so" in extended.matched


def test_diacritics_and_eth_do_not_matter():
    a = classify("Chuyển đổi số", "", BODY_PLAIN)
    b = classify("CHUYÊ\u0309N ĐÔ\u0309I SÔ\u0301", "", BODY_PLAIN)
    assert a.score == b.score and a.relevant


def test_an_e_commerce_index_ranking_is_digital_economy_news():
    """The provincial e-commerce index (EBI, "Chỉ số TMĐT") is a digital-economy ranking, even
    when the article only writes the abbreviation."""
    body = ("Theo Hiệp hội Thương mại điện tử, Chỉ số TMĐT của tỉnh năm 2024 tăng 5 bậc. "
            "Chỉ số giao dịch B2C đạt 18,4 điểm, xếp hạng 21/63. " + BODY_PLAIN)
    assert classify("Chỉ số TMĐT của tỉnh tăng 5 bậc", "", body).relevant
    assert not classify("", "", "Chợ phiên bán nhiều nông sản, có gian hàng TMĐT nhỏ. " + BODY_PLAIN).relevant
