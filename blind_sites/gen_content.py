"""Article text for the blind archetype sites: paragraph pools written for this mirror.

Every sentence here was written for these fixtures (no copied text). Articles are assembled
from per-kind pools of leads and body paragraphs, with site parameters (province, fictional
officials) and per-article figures drawn from a seeded RNG, so two sites never share a body.
"""
from __future__ import annotations

import random
import re
import unicodedata
from datetime import datetime, timedelta, timezone

ICT = timezone(timedelta(hours=7))

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
ORD_WORDS = {1: "thứ nhất", 2: "thứ hai", 3: "thứ ba", 4: "thứ tư", 5: "thứ năm",
             6: "thứ sáu", 7: "thứ bảy", 8: "thứ tám", 9: "thứ chín", 10: "thứ mười"}


# ---------------------------------------------------------------- formatting helpers
def num(n: int) -> str:
    """1234567 -> '1.234.567' (Vietnamese thousands dot)."""
    return f"{n:,}".replace(",", ".")


def dec(x: float, nd: int = 1) -> str:
    """80.2 -> '80,2'; 1234.5 -> '1.234,5'."""
    s = f"{x:,.{nd}f}"
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def slugify(text: str, drop_d: bool = False) -> str:
    """ASCII slug; drop_d imitates Liferay, whose slugifier drops 'đ' instead of mapping it."""
    if drop_d:
        text = text.replace("đ", "").replace("Đ", "")
    else:
        text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    text = re.sub(r"[^A-Za-z0-9]+", "-", text.lower()).strip("-")
    return re.sub(r"-{2,}", "-", text)


def d_slash(dt: datetime) -> str:
    return dt.strftime("%d/%m/%Y")


def wd(dt: datetime) -> str:
    return WEEKDAYS[dt.weekday()]


def iso(dt: datetime) -> str:
    return dt.isoformat()


def month_first(dt: datetime) -> str:
    """'2/26/2026 12:00:00 PM' as seen in title attributes of listing items."""
    h = dt.hour % 12 or 12
    ap = "AM" if dt.hour < 12 else "PM"
    return f"{dt.month}/{dt.day}/{dt.year} {h}:{dt.minute:02d}:{dt.second:02d} {ap}"


_ALT = re.compile(r"\[\[(.+?)\]\]", re.S)


def expand(template: str, p: dict, rng: random.Random) -> str:
    text = _ALT.sub(lambda m: rng.choice(m.group(1).split("||")), template)
    return text.format(**p)


# ---------------------------------------------------------------- pools
# Each kind: titles, leads, and ordered sections of body paragraphs; each section draws
# between lo and hi paragraphs from its pool, keeping pool order.
POOLS: dict[str, dict] = {}

POOLS["bcd"] = dict(
    cds=True,
    titles=[
        "Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số {dv} họp phiên {ord_word}",
        "Phiên họp thứ {ord} Ban Chỉ đạo chuyển đổi số {dv}: tháo gỡ điểm nghẽn về dữ liệu và nhân lực",
        "{Dv_full} đánh giá tiến độ thực hiện Nghị quyết 57 và chuyển đổi số {ky}",
        "Chủ tịch UBND {dv} {ct}: Nhiệm vụ chuyển đổi số chậm tiến độ phải làm rõ trách nhiệm người đứng đầu",
        "Ban Chỉ đạo chuyển đổi số {dv_full} họp phiên thứ {ord}, rà soát {n_nv} nhiệm vụ trọng tâm",
    ],
    leads=[
        "{NgayText}, đồng chí {ct}, {ct_title}, Trưởng Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số và Đề án 06 {dv}, chủ trì phiên họp {ord_word} của Ban Chỉ đạo nhằm đánh giá kết quả {ky} và bàn nhiệm vụ trọng tâm những tháng cuối năm.",
        "({src}) - {NgayText}, Ban Chỉ đạo chuyển đổi số {dv} tổ chức phiên họp thứ {ord} dưới sự chủ trì của đồng chí {ct}, {ct_title}. Phiên họp diễn ra trực tiếp kết hợp trực tuyến, kết nối tới {n_xa} điểm cầu xã, phường.",
        "{NgayText}, tại trụ sở UBND {dv}, Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số {dv} [[họp phiên thứ {ord}||tổ chức phiên họp thứ {ord}]] để nghe báo cáo kết quả thực hiện Nghị quyết số 57-NQ/TW {ky}. Đồng chí {ct}, {ct_title}, Trưởng Ban Chỉ đạo chủ trì.",
    ],
    sections=[
        ([
            "Dự phiên họp có các đồng chí Phó Chủ tịch UBND {dv}, thành viên Ban Chỉ đạo; lãnh đạo các sở, ban, ngành, Công an {dv} và đại diện các doanh nghiệp viễn thông, công nghệ thông tin trên địa bàn.",
            "Theo báo cáo của Sở Khoa học và Công nghệ, cơ quan thường trực Ban Chỉ đạo, {ky} các cơ quan, đơn vị đã triển khai {n_nv} nhiệm vụ trong Kế hoạch hành động thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị; trong đó {n_nv_done} nhiệm vụ đã hoàn thành, số còn lại đang [[được tích cực triển khai||trong quá trình thực hiện]].",
            "Mô hình chính quyền địa phương hai cấp vận hành từ ngày 1/7/2025 đặt ra yêu cầu mới đối với hạ tầng và dữ liệu: [[toàn bộ||hầu hết]] hồ sơ, thủ tục của cấp xã phải được xử lý trên môi trường điện tử, kết nối thông suốt với hệ thống của {dv} và của Trung ương.",
        ], 1, 2),
        ([
            "Hệ thống thông tin giải quyết thủ tục hành chính của {dv} đã tiếp nhận {hoso} hồ sơ, trong đó {pct_online}% hồ sơ được nộp trực tuyến; tỷ lệ hồ sơ giải quyết đúng và trước hạn đạt {pct_ontime}%. Hiện {dv} cung cấp {n_dvctt} dịch vụ công trực tuyến toàn trình.",
            "Về hạ tầng số, {pct_cq}% hộ gia đình đã sử dụng Internet cáp quang; sóng di động 4G phủ tới {pct_4g}% dân số, 100% trung tâm xã, phường có sóng 5G. [[Trong năm||Từ đầu năm]], các doanh nghiệp viễn thông lắp đặt mới {n_bts} trạm phát sóng.",
            "Về dữ liệu, các cơ quan đã số hóa {n_sohoa} hồ sơ, kết quả giải quyết thủ tục hành chính; Nền tảng tích hợp, chia sẻ dữ liệu của {dv} kết nối với {n_csdl} cơ sở dữ liệu và hệ thống thông tin, ghi nhận trên {n_gd} triệu giao dịch.",
            "Chỉ số chuyển đổi số (DTI) năm {dti_year} của {dv} đạt {dti} điểm, xếp thứ {rank}/{of} tỉnh, thành phố; tỷ trọng kinh tế số trong GRDP ước đạt {kts}%.",
        ], 2, 3),
        ([
            "Tại phiên họp, các thành viên Ban Chỉ đạo thẳng thắn chỉ ra những hạn chế: hạ tầng mạng tại một số thôn, bản vùng sâu chưa ổn định; đội ngũ làm công nghệ thông tin ở cấp xã còn mỏng; nhiều cơ sở dữ liệu chuyên ngành chưa được làm sạch nên chưa thể chia sẻ.",
            "Đại diện các doanh nghiệp viễn thông cam kết đẩy nhanh tiến độ xóa vùng lõm sóng trước cuối năm, đồng thời phối hợp với các xã, phường hỗ trợ người dân cài đặt, sử dụng ứng dụng định danh điện tử và thanh toán không dùng tiền mặt.",
            "Nhiều ý kiến đề nghị {dv} sớm ban hành cơ chế thuê dịch vụ công nghệ thông tin, bố trí kinh phí cho các xã mua sắm thiết bị đầu cuối và tăng cường tập huấn kỹ năng số cho cán bộ, công chức mới được sắp xếp.",
        ], 1, 2),
        ([
            "Phát biểu kết luận, đồng chí {ct} đề nghị các thành viên Ban Chỉ đạo bám sát nhiệm vụ được giao, lấy người dân và doanh nghiệp làm trung tâm, lấy sự hài lòng của người dân làm thước đo. Những nhiệm vụ chậm tiến độ phải [[làm rõ||xác định rõ]] trách nhiệm của người đứng đầu.",
            "Chủ tịch UBND {dv} giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Văn phòng UBND {dv} rà soát toàn bộ danh mục thủ tục hành chính đủ điều kiện cung cấp trực tuyến toàn trình, báo cáo kết quả trước ngày 15/12; Công an {dv} tiếp tục làm giàu, làm sạch dữ liệu dân cư phục vụ Đề án 06.",
            "Đồng chí cũng yêu cầu các xã, phường kiện toàn Tổ công nghệ số cộng đồng, phát huy vai trò của đoàn viên thanh niên trong hướng dẫn người dân sử dụng dịch vụ công trực tuyến, góp phần hoàn thành các chỉ tiêu chuyển đổi số năm {nam}.",
        ], 1, 2),
    ],
    captions=["Quang cảnh phiên họp tại điểm cầu {dv}.", "Đồng chí {ct} phát biểu kết luận phiên họp.",
              "Các thành viên Ban Chỉ đạo dự phiên họp."],
)

POOLS["dti"] = dict(
    cds=True,
    titles=[
        "Chỉ số chuyển đổi số năm {dti_year} của {dv} đạt {dti} điểm, xếp thứ {rank}/{of}",
        "{Dv_full} tăng {up} bậc về chỉ số chuyển đổi số cấp tỉnh",
        "DTI {dti_year}: {dv_full} đứng thứ {rank} cả nước, trụ cột xã hội số cải thiện mạnh",
        "Chuyển đổi số cấp tỉnh năm {dti_year}: {dv_full} đạt {dti} điểm",
        "Bảng xếp hạng DTI {dti_year}: {Dv_full} vươn lên vị trí thứ {rank}",
    ],
    leads=[
        "Bộ Khoa học và Công nghệ vừa công bố kết quả đánh giá Chỉ số chuyển đổi số (DTI) năm {dti_year} của các bộ, ngành, địa phương. Theo đó, {dv_full} đạt {dti} điểm, xếp thứ {rank}/{of} tỉnh, thành phố, tăng {up} bậc so với năm trước.",
        "Theo báo cáo đánh giá mức độ chuyển đổi số cấp tỉnh năm {dti_year} [[do Bộ Khoa học và Công nghệ công bố||vừa được Bộ Khoa học và Công nghệ công bố]], {dv_full} có tổng điểm {dti}, đứng thứ {rank} trong số {of} địa phương, tăng {up} bậc.",
    ],
    sections=[
        ([
            "Ở các trụ cột thành phần, chính quyền số của {dv} đạt {p1} điểm, xếp thứ {r1}; kinh tế số đạt {p2} điểm, xếp thứ {r2}; xã hội số đạt {p3} điểm, xếp thứ {r3}. Trụ cột xã hội số có mức cải thiện mạnh nhất nhờ tỷ lệ người dân có tài khoản thanh toán điện tử và sử dụng dịch vụ công trực tuyến tăng nhanh.",
            "Dẫn đầu bảng xếp hạng khối tỉnh, thành phố năm nay là {top1} ({t1}), {top2} ({t2}) và {top3} ({t3}). Giá trị trung bình của [[cả nước||các địa phương]] đạt {avg} điểm.",
        ], 2, 2),
        ([
            "So với năm {prev_year}, điểm số của {dv} tăng từ {dti_prev} lên {dti}. Nhóm chỉ số về hạ tầng và nền tảng số, an toàn thông tin mạng đạt điểm tối đa; trong khi chỉ số về nhân lực số và hoạt động chuyển đổi số của doanh nghiệp vẫn ở mức thấp.",
            "Theo Sở Khoa học và Công nghệ, kết quả trên phản ánh nỗ lực của cả hệ thống chính trị: {pct_online}% hồ sơ thủ tục hành chính được tiếp nhận trực tuyến, {pct_pay}% giao dịch nộp phí, lệ phí được thanh toán trực tuyến.",
            "Tuy vậy, một số chỉ số thành phần của {dv} vẫn xếp ở nửa cuối bảng, như tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số, doanh thu thương mại điện tử và tỷ lệ lao động có kỹ năng số. Đây là những nội dung cần [[được ưu tiên cải thiện||tập trung khắc phục]] trong năm tới.",
        ], 2, 3),
        ([
            "Để nâng cao thứ hạng, {dv} phấn đấu đến năm {next_year} vào nhóm {target} địa phương dẫn đầu; tập trung hoàn thiện kho dữ liệu dùng chung, đẩy mạnh thanh toán số trong trường học, bệnh viện và phát triển thương mại điện tử cho sản phẩm OCOP.",
            "Giám đốc Sở Khoa học và Công nghệ {gds} cho biết, Sở sẽ tham mưu UBND {dv} giao chỉ tiêu cụ thể cho từng sở, ngành gắn với các chỉ số thành phần còn thấp điểm, đồng thời theo dõi tiến độ hằng tháng trên hệ thống báo cáo trực tuyến.",
        ], 1, 2),
    ],
    captions=["Lãnh đạo {dv} theo dõi kết quả công bố chỉ số chuyển đổi số.", "Người dân thực hiện thủ tục tại Trung tâm Phục vụ hành chính công."],
)

POOLS["dti_local"] = dict(
    cds=True,
    titles=[
        "Công bố Bộ chỉ số đánh giá chuyển đổi số các sở, ngành và xã, phường năm {dti_year}",
        "Xếp hạng mức độ chuyển đổi số năm {dti_year}: {xa1} dẫn đầu khối xã, phường",
    ],
    leads=[
        "UBND {dv} vừa ban hành quyết định công bố kết quả đánh giá, xếp hạng mức độ chuyển đổi số của các sở, ban, ngành và UBND các xã, phường năm {dti_year}. Đây là năm đầu tiên việc đánh giá được thực hiện theo mô hình chính quyền địa phương hai cấp.",
        "Kết quả đánh giá mức độ chuyển đổi số năm {dti_year} [[vừa được công bố||được công bố ngày {d_so}]] cho thấy khoảng cách giữa các xã, phường dẫn đầu và nhóm cuối bảng đã thu hẹp đáng kể.",
    ],
    sections=[
        ([
            "Ở khối sở, ban, ngành, Sở Khoa học và Công nghệ dẫn đầu với {s1} điểm, tiếp theo là Sở Tài chính ({s2} điểm) và Công an {dv} ({s3} điểm). Ở khối xã, phường, {xa1} đứng đầu với {x1} điểm, {xa2} xếp thứ hai ({x2} điểm).",
            "Bộ chỉ số gồm {n_ct} chỉ số thành phần thuộc ba trụ cột chính quyền số, kinh tế số, xã hội số, được chấm điểm dựa trên số liệu từ các hệ thống thông tin của {dv} thay vì chỉ dựa vào báo cáo tự đánh giá.",
        ], 2, 2),
        ([
            "Điểm trung bình của khối sở, ngành đạt {avg_so} điểm; khối xã, phường đạt {avg_xa} điểm. Còn {n_xa_yeu} xã có điểm dưới 0,4, chủ yếu là các xã vùng sâu, vùng xa.",
            "Ở cấp tỉnh, Chỉ số chuyển đổi số năm {dti_year} của {dv} do Bộ Khoa học và Công nghệ công bố đạt {dti} điểm, xếp thứ {rank}/{of}.",
            "Nhiều xã có cách làm sáng tạo như lập nhóm Zalo theo từng ấp để gửi thông báo, tổ chức “Ngày thứ Bảy số” hướng dẫn người dân nộp hồ sơ trực tuyến, hay gắn mã QR tra cứu thông tin tại nhà văn hóa.",
        ], 1, 3),
        ([
            "UBND {dv} yêu cầu các đơn vị có thứ hạng thấp phân tích nguyên nhân, xây dựng kế hoạch khắc phục; kết quả đánh giá là một tiêu chí xét thi đua, khen thưởng năm {nam} đối với tập thể và người đứng đầu.",
        ], 1, 1),
    ],
    captions=["Cán bộ xã hướng dẫn người dân sử dụng dịch vụ công trực tuyến."],
)

POOLS["dvc"] = dict(
    cds=True,
    titles=[
        "{Ky}, {pct_online}% hồ sơ thủ tục hành chính ở {dv_full} được nộp trực tuyến",
        "Nâng cao chất lượng dịch vụ công trực tuyến toàn trình tại {dv_full}",
        "Dịch vụ công trực tuyến: {dv_full} đạt {diem_pv} điểm Bộ chỉ số phục vụ người dân, doanh nghiệp",
        "Hơn {hoso_tt_round} hồ sơ nộp trực tuyến, người dân {tinh} bớt cảnh chờ đợi",
        "{Dv_full}: {pct_toantrinh}% thủ tục đủ điều kiện đã được cung cấp trực tuyến toàn trình",
    ],
    leads=[
        "Theo số liệu từ Hệ thống thông tin giải quyết thủ tục hành chính {dv}, {ky}, các cơ quan, đơn vị và UBND các xã, phường đã tiếp nhận {hoso} hồ sơ, trong đó {hoso_tt} hồ sơ được nộp trực tuyến, chiếm {pct_online}%.",
        "[[Sau hơn một năm||Hơn một năm sau khi]] vận hành chính quyền địa phương hai cấp, dịch vụ công trực tuyến đang dần trở thành lựa chọn đầu tiên của người dân {tinh} khi thực hiện thủ tục hành chính. {Ky}, tỷ lệ hồ sơ nộp trực tuyến đạt {pct_online}%.",
        "Trên Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp theo thời gian thực, {dv_full} hiện đạt {diem_pv}/100 điểm, xếp loại {xeploai}, xếp thứ {rank_pv}/{of}.",
    ],
    sections=[
        ([
            "Hiện {dv} có {n_tthc} thủ tục hành chính, trong đó {n_toantrinh} thủ tục được triển khai thành dịch vụ công trực tuyến toàn trình, đạt {pct_toantrinh}% số thủ tục đủ điều kiện; {n_motphan} thủ tục cung cấp trực tuyến một phần.",
            "Tỷ lệ hồ sơ giải quyết đúng hạn đạt {pct_ontime}%; tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính đạt {pct_sohoa}%. Đã có {n_thanhtoan} giao dịch thanh toán trực tuyến với tổng số tiền khoảng {tien} tỷ đồng.",
            "Một số thủ tục có lượng hồ sơ trực tuyến lớn là đăng ký khai sinh, cấp phiếu lý lịch tư pháp, đăng ký thường trú, cấp đổi giấy phép lái xe và đăng ký hộ kinh doanh. Riêng nhóm thủ tục liên thông khai sinh - đăng ký thường trú - cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi đã có {n_lienthong} hồ sơ.",
        ], 2, 3),
        ([
            "Tại Trung tâm Phục vụ hành chính công các xã, phường, bộ phận hướng dẫn được bố trí thường trực để hỗ trợ người dân kê khai trên môi trường điện tử. Nhiều nơi [[lắp đặt||bố trí]] máy tính, máy quét tài liệu miễn phí cho người dân tự nộp hồ sơ.",
            "Chị {nguoidan}, ở phường {phuong}, cho biết: “Trước đây tôi phải xin nghỉ làm nửa ngày để đi nộp hồ sơ, nay chỉ cần điện thoại là làm được, kết quả gửi về tận nhà qua bưu điện.”",
            "Bên cạnh kết quả đạt được, vẫn còn tình trạng hồ sơ nộp trực tuyến nhưng người dân phải bổ sung giấy tờ nhiều lần; một số phần mềm chuyên ngành chưa kết nối với hệ thống của {dv}, cán bộ phải nhập liệu hai lần.",
        ], 1, 2),
        ([
            "Thời gian tới, {dv} tiếp tục rà soát, tái cấu trúc quy trình, cắt giảm thành phần hồ sơ đối với các thủ tục đã có dữ liệu trong Cơ sở dữ liệu quốc gia về dân cư; phấn đấu đến cuối năm {nam} tỷ lệ hồ sơ trực tuyến đạt trên 80%.",
            "Văn phòng UBND {dv} cho biết sẽ công khai hằng tháng kết quả giải quyết hồ sơ của từng xã, phường trên Cổng Dịch vụ công của {dv}, coi đây là căn cứ đánh giá mức độ hoàn thành nhiệm vụ của người đứng đầu.",
        ], 1, 1),
    ],
    captions=["Người dân nộp hồ sơ trực tuyến tại Trung tâm Phục vụ hành chính công phường {phuong}.",
              "Cán bộ một cửa hướng dẫn người dân kê khai trên Cổng Dịch vụ công."],
)

POOLS["hatang"] = dict(
    cds=True,
    titles=[
        "{pct_cq}% hộ gia đình ở {dv_full} đã sử dụng Internet cáp quang",
        "Phát triển hạ tầng số, nền tảng cho chuyển đổi số toàn diện ở {dv_full}",
        "{Dv_full} phủ sóng 5G tới {pct_5g}% dân số",
        "Xóa {n_lom} điểm lõm sóng, đưa Internet tốc độ cao về thôn, bản",
        "Hạ tầng số {dv_full}: {n_bts} trạm BTS, tốc độ di động đạt {mbps_mobile} Mbps",
    ],
    leads=[
        "Hạ tầng viễn thông, Internet trên địa bàn {dv_full} tiếp tục được đầu tư mạnh. Đến hết tháng {mm_prev}/{nam}, toàn {dv} có {pct_cq}% hộ gia đình sử dụng Internet cáp quang băng rộng, tăng {tang_cq} điểm phần trăm so với cùng kỳ.",
        "Xác định hạ tầng số là nền tảng của chuyển đổi số, những năm qua {dv_full} đã phối hợp chặt chẽ với các doanh nghiệp viễn thông để đưa cáp quang và sóng di động băng rộng về tới thôn, bản, khu dân cư.",
        "Sở Khoa học và Công nghệ cho biết, tính đến ngày {d_so}, mạng di động 5G đã phủ sóng tới {pct_5g}% dân số {dv_full}, với {n_5g} trạm phát sóng đang hoạt động.",
    ],
    sections=[
        ([
            "Toàn {dv} hiện có {n_bts} trạm phát sóng di động (BTS), trong đó có {n_5g} trạm 5G. Mạng 4G đã phủ sóng {pct_4g}% dân số; 100% xã, phường có hạ tầng cáp quang đến trung tâm.",
            "Tốc độ truy cập Internet băng rộng cố định trung bình đạt {mbps_fixed} Mbps, di động đạt {mbps_mobile} Mbps. Tỷ lệ người trưởng thành sử dụng điện thoại thông minh đạt {pct_smart}%.",
            "[[Trong năm||Từ đầu năm đến nay]], các doanh nghiệp đã xóa được {n_lom} điểm lõm sóng tại các thôn, bản vùng sâu, vùng xa; hiện còn {n_lom_con} thôn chưa có sóng di động ổn định, chủ yếu ở khu vực núi cao.",
        ], 2, 3),
        ([
            "Mạng truyền số liệu chuyên dùng đã kết nối tới 100% cơ quan đảng, nhà nước từ cấp {dv} đến cấp xã. Trung tâm giám sát, điều hành thông minh (IOC) của {dv} đang tiếp nhận dữ liệu từ {n_camera} camera giám sát an ninh, trật tự và giao thông.",
            "Việc chỉnh trang, ngầm hóa cáp viễn thông tại các tuyến phố chính cũng được đẩy mạnh. Đến nay đã có {km_ngam} km tuyến cáp được ngầm hóa, góp phần bảo đảm mỹ quan đô thị và an toàn mạng lưới.",
        ], 1, 2),
        ([
            "Đại diện Viễn thông {tinh} cho biết, đơn vị sẽ tiếp tục mở rộng vùng phủ 5G ra các khu công nghiệp, khu du lịch và các trường học, đồng thời hỗ trợ gói cước ưu đãi cho hộ nghèo, hộ cận nghèo.",
            "Mục tiêu của {dv} là đến năm 2030 phổ cập dịch vụ mạng băng rộng cáp quang tới 100% hộ gia đình, phủ sóng 5G toàn bộ khu dân cư.",
        ], 1, 2),
    ],
    captions=["Kỹ thuật viên lắp đặt thiết bị trạm phát sóng 5G.", "Trung tâm giám sát, điều hành thông minh của {dv}."],
)

POOLS["da06"] = dict(
    cds=True,
    titles=[
        "Hội nghị sơ kết {ky} thực hiện Đề án 06 trên địa bàn {dv_full}",
        "Đề án 06: {dv_full} kích hoạt {n_vneid_text} tài khoản định danh điện tử mức độ 2",
        "{Dv_full} sơ kết {ky} triển khai Đề án 06 gắn với chuyển đổi số",
        "Đề án 06 tạo chuyển biến trong phục vụ người dân tại {dv_full}",
        "Sơ kết {ky} thực hiện Đề án 06: {pct_ansinh}% đối tượng bảo trợ xã hội nhận tiền qua tài khoản",
    ],
    leads=[
        "{NgayText}, Tổ công tác triển khai Đề án 06 {dv} tổ chức hội nghị sơ kết {ky} thực hiện Đề án 06 về phát triển ứng dụng dữ liệu dân cư, định danh và xác thực điện tử. Đồng chí {pct}, Phó Chủ tịch UBND {dv}, Tổ trưởng Tổ công tác chủ trì hội nghị.",
        "({src}) - {NgayText}, UBND {dv} tổ chức hội nghị trực tiếp kết hợp trực tuyến sơ kết {ky} triển khai Đề án 06 của Chính phủ. Dự hội nghị tại điểm cầu {dv} có đồng chí {gdca}, Giám đốc Công an {dv}, Tổ phó Thường trực Tổ công tác.",
    ],
    sections=[
        ([
            "Theo báo cáo, Công an {dv} đã thu nhận {n_cc} hồ sơ cấp thẻ căn cước, kích hoạt {n_vneid} tài khoản định danh điện tử mức độ 2, đạt {pct_vneid}% dân số trong độ tuổi. Cơ sở dữ liệu dân cư được cập nhật, làm sạch thường xuyên, bảo đảm “đúng, đủ, sạch, sống”.",
            "Trong lĩnh vực y tế, {pct_bv}% cơ sở khám, chữa bệnh đã triển khai khám chữa bệnh bằng thẻ căn cước hoặc ứng dụng VNeID thay cho thẻ bảo hiểm y tế giấy, với hơn {n_kcb} lượt tra cứu thông tin thẻ thành công.",
            "Việc chi trả các chế độ an sinh xã hội không dùng tiền mặt tiếp tục được mở rộng: {pct_ansinh}% đối tượng hưởng trợ cấp xã hội hằng tháng đã nhận tiền qua tài khoản; {n_gplx} giấy phép lái xe được cấp đổi trực tuyến; {n_lltp} phiếu lý lịch tư pháp được cấp qua ứng dụng VNeID.",
        ], 2, 3),
        ([
            "Các xã, phường đã thành lập {n_tocns} Tổ công nghệ số cộng đồng với hơn {n_thanhvien} thành viên, trực tiếp đến từng hộ gia đình hướng dẫn người dân cài đặt, kích hoạt và sử dụng các tiện ích trên VNeID.",
            "Hội nghị cũng chỉ ra một số tồn tại: tình trạng sai lệch thông tin giữa dữ liệu dân cư và dữ liệu chuyên ngành về đất đai, bảo hiểm vẫn còn; tỷ lệ người cao tuổi sử dụng tài khoản định danh điện tử thấp; một số xã thiếu thiết bị đọc thẻ căn cước gắn chip.",
        ], 1, 2),
        ([
            "Kết luận hội nghị, đồng chí {pct} đề nghị các sở, ngành, địa phương tiếp tục quán triệt tinh thần “lấy dữ liệu làm trung tâm”, hoàn thành làm sạch dữ liệu chuyên ngành trước ngày 31/12, đồng thời nhân rộng các mô hình như “Khu dân cư số”, “Chợ không dùng tiền mặt”.",
            "Dịp này, Chủ tịch UBND {dv} tặng Bằng khen cho {n_khen} tập thể và {n_khen_cn} cá nhân có thành tích xuất sắc trong triển khai Đề án 06.",
        ], 1, 2),
    ],
    captions=["Đồng chí {pct} phát biểu chỉ đạo hội nghị.", "Cán bộ Công an hướng dẫn người dân kích hoạt tài khoản VNeID."],
)

POOLS["kynang"] = dict(
    cds=True,
    titles=[
        "Phong trào “Bình dân học vụ số”: hơn {n_hv_text} lượt người dân {dv_full} được hướng dẫn kỹ năng số",
        "Tổ công nghệ số cộng đồng - cầu nối đưa chuyển đổi số đến từng hộ dân",
        "{Dv_full} có {n_tocns} Tổ công nghệ số cộng đồng hỗ trợ người dân dùng dịch vụ số",
    ],
    leads=[
        "Sau {thang_pt} tháng triển khai phong trào “Bình dân học vụ số”, {dv_full} đã tổ chức {n_lop} lớp tập huấn, hướng dẫn kỹ năng số cho hơn {n_hv} lượt người dân, cán bộ, công chức và người lao động.",
        "Đi từng ngõ, gõ từng nhà, các thành viên Tổ công nghệ số cộng đồng ở {dv_full} đang trở thành “cánh tay nối dài” giúp người dân tiếp cận dịch vụ công trực tuyến, thanh toán điện tử và thương mại điện tử.",
    ],
    sections=[
        ([
            "Nội dung tập huấn tập trung vào những kỹ năng thiết thực: sử dụng ứng dụng VNeID, nộp hồ sơ trên Cổng Dịch vụ công quốc gia, thanh toán không dùng tiền mặt, nhận diện tin nhắn và cuộc gọi lừa đảo, bảo vệ thông tin cá nhân trên mạng xã hội.",
            "Toàn {dv} hiện có {n_tocns} Tổ công nghệ số cộng đồng với {n_thanhvien} thành viên, phần lớn là đoàn viên thanh niên, công an xã, cán bộ bưu điện và giáo viên. Mỗi tổ phụ trách từ 50 đến 100 hộ gia đình.",
            "Trên nền tảng học trực tuyến mở đại trà, đã có {n_mooc} lượt người học hoàn thành các khóa kỹ năng số cơ bản; tỷ lệ người trưởng thành có tài khoản thanh toán điện tử đạt {pct_ttdt}%.",
        ], 2, 3),
        ([
            "Bà {nguoidan}, {tuoi} tuổi, ở xã {xa1}, kể lại: “Lúc đầu tôi sợ bấm nhầm mất tiền, được các cháu trong tổ hướng dẫn mấy lần, giờ tôi tự đóng tiền điện, tiền nước và xem lương hưu trên điện thoại.”",
            "Nhiều hộ sản xuất đã được hỗ trợ mở gian hàng trên sàn thương mại điện tử, quay video giới thiệu sản phẩm. Riêng năm nay đã có {n_ocop} sản phẩm OCOP của {dv} được đưa lên sàn.",
        ], 1, 2),
        ([
            "Theo Sở Khoa học và Công nghệ, thời gian tới phong trào sẽ được mở rộng tới người cao tuổi và đồng bào dân tộc thiểu số, với tài liệu hướng dẫn bằng hình ảnh, video ngắn dễ hiểu.",
        ], 1, 1),
    ],
    captions=["Đoàn viên thanh niên hướng dẫn người cao tuổi sử dụng điện thoại thông minh.",
              "Một buổi sinh hoạt của Tổ công nghệ số cộng đồng."],
)

POOLS["quocgia"] = dict(
    cds=True,
    titles=[
        "Phiên họp {ord_word} của Ban Chỉ đạo của Chính phủ về khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số và Đề án 06",
    ],
    leads=[
        "{NgayText}, Thủ tướng Chính phủ Phạm Minh Chính, Trưởng Ban Chỉ đạo của Chính phủ về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số và Đề án 06 chủ trì phiên họp {ord_word} của Ban Chỉ đạo. Phiên họp được tổ chức trực tiếp kết hợp trực tuyến tới các bộ, ngành và địa phương.",
    ],
    sections=[
        ([
            "Tại điểm cầu {dv_full}, dự phiên họp có đồng chí {ct}, {ct_title}; lãnh đạo các sở, ban, ngành và thành viên Tổ công tác triển khai Đề án 06 của {dv}.",
            "Theo báo cáo tại phiên họp, cả nước đã cung cấp {n_dvc_qg} dịch vụ công trực tuyến trên Cổng Dịch vụ công quốc gia; tỷ lệ hồ sơ trực tuyến toàn trình đạt {pct_qg}%. Đã có {n_vneid_qg} triệu tài khoản định danh điện tử được kích hoạt.",
            "Báo cáo cũng cho biết tỷ trọng kinh tế số trong GDP năm {prev_year} ước đạt {kts_qg}%; tốc độ tăng trưởng kinh tế số cao gấp khoảng 3 lần tốc độ tăng GDP.",
        ], 2, 3),
        ([
            "Phát biểu chỉ đạo, Thủ tướng yêu cầu các bộ, ngành, địa phương coi chuyển đổi số là nhiệm vụ chính trị trọng tâm, người đứng đầu phải trực tiếp chỉ đạo, kiên quyết cắt bỏ các thủ tục, giấy tờ không cần thiết khi dữ liệu đã có trong hệ thống.",
            "Ngay sau phiên họp, đồng chí {ct} yêu cầu các sở, ngành của {dv} khẩn trương rà soát nhiệm vụ được giao, bảo đảm dữ liệu về đất đai, hộ tịch, bảo hiểm xã hội được làm sạch và kết nối với Cơ sở dữ liệu quốc gia về dân cư trong quý III.",
        ], 2, 2),
    ],
    captions=["Quang cảnh phiên họp tại điểm cầu {dv}."],
)

# ---- non-CĐS
POOLS["nongnghiep"] = dict(
    cds=False,
    titles=[
        "Hội nghị sơ kết sản xuất vụ {vu1}, triển khai kế hoạch vụ {vu2}",
        "Năng suất lúa vụ {vu1} đạt {ns} tạ/ha, cao nhất trong nhiều năm",
    ],
    leads=[
        "{NgayText}, Sở Nông nghiệp và Môi trường {dv_full} tổ chức hội nghị sơ kết sản xuất vụ {vu1} năm {nam} và triển khai kế hoạch sản xuất vụ {vu2}.",
        "Vụ {vu1} năm nay, nông dân {dv_full} gieo cấy {dt_lua} ha lúa, năng suất bình quân ước đạt {ns} tạ/ha, tăng {tang_ns} tạ/ha so với cùng kỳ.",
    ],
    sections=[
        ([
            "Theo báo cáo, tổng diện tích gieo trồng vụ {vu1} đạt {dt_lua} ha, sản lượng ước đạt {san_luong} tấn. Diện tích sử dụng giống lúa chất lượng cao chiếm khoảng {pct_giong}%, giúp giá bán cao hơn từ 300 đến 500 đồng/kg.",
            "Thời tiết cơ bản thuận lợi, tuy nhiên đợt mưa lớn giữa vụ đã làm khoảng {dt_ngap} ha lúa bị ngập úng cục bộ; sâu cuốn lá nhỏ, rầy nâu và bệnh đạo ôn gây hại rải rác nhưng được phòng trừ kịp thời.",
            "Giá lúa tươi tại ruộng dao động quanh mức {gia} đồng/kg; các hợp tác xã đã ký hợp đồng liên kết tiêu thụ với doanh nghiệp trên diện tích khoảng {dt_lk} ha.",
        ], 2, 3),
        ([
            "Ông {nguoidan_nam}, Giám đốc một hợp tác xã nông nghiệp, cho biết: “Nhờ áp dụng cơ giới hóa đồng bộ và bón phân cân đối, chi phí mỗi sào giảm đáng kể, bà con phấn khởi lắm.”",
            "Về kế hoạch vụ {vu2}, ngành nông nghiệp khuyến cáo nông dân gieo cấy tập trung, đúng khung lịch thời vụ, ưu tiên giống ngắn ngày, chống chịu sâu bệnh, đồng thời chủ động nạo vét kênh mương, bảo đảm nước tưới.",
        ], 1, 2),
        ([
            "Phó Chủ tịch UBND {dv} {pct} đề nghị các xã chỉ đạo chặt chẽ khâu làm đất, cung ứng vật tư, tăng cường kiểm tra chất lượng phân bón, thuốc bảo vệ thực vật lưu thông trên thị trường.",
        ], 1, 1),
    ],
    captions=["Nông dân thu hoạch lúa bằng máy gặt đập liên hợp.", "Quang cảnh hội nghị."],
)

POOLS["lehoi"] = dict(
    cds=False,
    titles=[
        "Khai mạc {lehoi} năm {nam}",
        "Rộn ràng {lehoi} năm {nam}",
    ],
    leads=[
        "{NgayText}, tại {diadiem}, UBND {dv} tổ chức khai mạc {lehoi} năm {nam}, thu hút đông đảo người dân và du khách đến tham dự.",
        "Những ngày này, không khí {lehoi} năm {nam} đã lan tỏa khắp {diadiem}, mang lại niềm vui cho người dân và du khách gần xa.",
    ],
    sections=[
        ([
            "Lễ hội diễn ra trong {so_ngay} ngày với nhiều hoạt động văn hóa, thể thao đặc sắc như hội thi ẩm thực truyền thống, trình diễn trang phục các dân tộc, giải đua thuyền, kéo co, đẩy gậy và đêm nghệ thuật “Sắc màu quê hương”.",
            "Năm nay, ban tổ chức bố trí hơn {n_gian} gian hàng trưng bày, giới thiệu sản phẩm đặc trưng, nông sản và đồ thủ công mỹ nghệ của các xã, phường; khu vực ẩm thực đường phố mở cửa đến 22 giờ mỗi ngày.",
            "Chương trình nghệ thuật khai mạc tái hiện lịch sử hình thành vùng đất, ca ngợi truyền thống cách mạng và những đổi thay của quê hương, với sự tham gia của hơn {n_dienvien} diễn viên, nghệ nhân quần chúng.",
        ], 2, 3),
        ([
            "Phát biểu khai mạc, đồng chí {pct}, Phó Chủ tịch UBND {dv}, cho biết lễ hội là dịp để quảng bá hình ảnh con người, văn hóa địa phương, thu hút đầu tư, phát triển du lịch bền vững.",
            "Dự kiến trong thời gian diễn ra lễ hội, {dv} đón khoảng {n_khach} lượt khách; các cơ sở lưu trú đã kín phòng vào những ngày cuối tuần.",
        ], 1, 2),
        ([
            "Lực lượng công an, y tế, điện lực được bố trí trực 24/24 giờ, bảo đảm an ninh trật tự, an toàn giao thông và vệ sinh an toàn thực phẩm trong suốt thời gian diễn ra lễ hội.",
        ], 1, 1),
    ],
    captions=["Tiết mục nghệ thuật tại lễ khai mạc.", "Du khách tham quan gian hàng sản phẩm địa phương."],
)

POOLS["giaothong"] = dict(
    cds=False,
    titles=[
        "Khởi công dự án nâng cấp, mở rộng tuyến {duong}",
        "Đẩy nhanh tiến độ giải phóng mặt bằng dự án {duong}",
    ],
    leads=[
        "{NgayText}, UBND {dv} tổ chức lễ khởi công dự án nâng cấp, mở rộng tuyến {duong}, tổng mức đầu tư hơn {von} tỷ đồng từ nguồn ngân sách địa phương.",
        "Dự án nâng cấp tuyến {duong} là một trong những công trình hạ tầng giao thông trọng điểm của {dv_full} giai đoạn 2026 - 2030, nhưng công tác giải phóng mặt bằng vẫn còn nhiều vướng mắc.",
    ],
    sections=[
        ([
            "Tuyến đường có chiều dài khoảng {km} km, được thiết kế theo tiêu chuẩn đường cấp III đồng bằng, nền đường rộng 12 m, mặt đường bê tông nhựa; dự án còn xây mới {n_cau} cầu và hệ thống thoát nước, chiếu sáng, cây xanh.",
            "Đến nay, các địa phương đã thu hồi đất của {n_ho} hộ dân, chi trả tiền bồi thường trên {tien_bt} tỷ đồng; còn một số hộ chưa đồng thuận với phương án bồi thường đất ở, tài sản trên đất.",
            "Khi hoàn thành, tuyến đường sẽ rút ngắn thời gian di chuyển từ trung tâm {dv} đến các khu công nghiệp, góp phần giảm ùn tắc, thúc đẩy giao thương và phát triển kinh tế - xã hội của khu vực.",
        ], 2, 3),
        ([
            "Theo Ban Quản lý dự án đầu tư xây dựng các công trình giao thông {dv}, dự án được chia thành {n_goi} gói thầu xây lắp, thời gian thực hiện dự kiến 30 tháng. Trong quá trình thi công, đơn vị bố trí đường tránh tạm, biển báo và người hướng dẫn để bảo đảm giao thông thông suốt.",
            "Nhiều hộ dân trong vùng dự án bày tỏ đồng tình. Ông {nguoidan_nam}, một người dân có đất bị thu hồi, chia sẻ: “Đường hẹp, xuống cấp nhiều năm, xe tải đi lại bụi lắm. Nhà nước làm đường to thì dân mình cũng được hưởng lợi.”",
        ], 1, 2),
        ([
            "Lãnh đạo UBND {dv}, đồng chí {pct} yêu cầu chủ đầu tư và các nhà thầu huy động đủ máy móc, nhân lực, thi công \"3 ca, 4 kíp\", bảo đảm chất lượng, an toàn lao động và vệ sinh môi trường; các xã tập trung vận động người dân sớm bàn giao mặt bằng.",
        ], 1, 1),
    ],
    captions=["Các đại biểu thực hiện nghi thức khởi công.", "Máy móc thi công trên công trường."],
)


# ---------------------------------------------------------------- per-article figures
TOP34 = ["Đà Nẵng", "Hà Nội", "Hải Phòng", "Hồ Chí Minh", "Quảng Ninh", "Bắc Ninh", "Cần Thơ", "Huế", "Khánh Hòa"]
TOP63 = ["Đà Nẵng", "Hà Nội", "Thừa Thiên Huế", "Hồ Chí Minh", "Quảng Ninh", "Bình Dương", "Bắc Ninh", "Hải Phòng", "Cần Thơ"]
PEOPLE = ["Nguyễn Thị Hạnh", "Lê Thị Bích Ngọc", "Đỗ Thị Mai", "Lý Thị Thu", "Châu Thị Nga", "Trần Thị Kim Liên"]
MEN = ["Trần Văn Sáu", "Phạm Văn Tư", "Hồ Văn Lực", "Vũ Đình Khang", "Mai Văn Hậu", "Nông Văn Chiến"]


SITE_LEVEL = {"dti", "dti_prev", "rank", "up", "p1", "r1", "p2", "r2", "p3", "r3", "top1", "top2", "top3",
              "t1", "t2", "t3", "avg", "kts", "diem_pv", "xeploai", "rank_pv", "pct_cq", "pct_4g", "pct_5g",
              "n_5g", "n_bts", "n_tthc", "n_toantrinh", "n_motphan", "pct_toantrinh", "n_tocns", "n_thanhvien",
              "s1", "s2", "s3", "x1", "x2", "n_ct", "avg_so", "avg_xa", "n_xa_yeu", "target"}


def period_of(dt: datetime) -> str:
    m = dt.month
    if m >= 11:
        return f"10 tháng đầu năm {dt.year}"
    if m >= 10:
        return f"9 tháng đầu năm {dt.year}"
    if m >= 7:
        return f"6 tháng đầu năm {dt.year}"
    if m >= 5:
        return f"4 tháng đầu năm {dt.year}"
    return f"quý I/{dt.year}"


def figures(kind: str, site: dict, dt: datetime, rng: random.Random) -> dict:
    r = rng
    y = dt.year
    of = 34 if y >= 2026 else 63
    top = [t for t in (TOP34 if of == 34 else TOP63) if t != site["tinh"]]
    dti = r.uniform(0.55, 0.74)
    rank = r.randint(8, of - 6)
    p = dict(
        ord=site.get("ord", r.randint(2, 6)),
        dti=dec(dti, 4), dti_prev=dec(dti - r.uniform(0.03, 0.09), 4), rank=rank, of=of, up=r.randint(2, 9),
        dti_year=y - 1, prev_year=y - 2, next_year=y + 1, target=r.choice([10, 15]),
        p1=dec(r.uniform(0.6, 0.85), 4), r1=r.randint(5, of - 5), p2=dec(r.uniform(0.35, 0.6), 4),
        r2=r.randint(5, of - 5), p3=dec(r.uniform(0.5, 0.8), 4), r3=r.randint(5, of - 5),
        top1=top[0], top2=top[1], top3=top[2], t1=dec(r.uniform(0.80, 0.84), 4), t2=dec(r.uniform(0.77, 0.80), 4),
        t3=dec(r.uniform(0.74, 0.77), 4), avg=dec(r.uniform(0.60, 0.66), 4),
        kts=dec(r.uniform(9.0, 17.0), 2),
        hoso=num(r.randint(180_000, 900_000)), pct_online=dec(r.uniform(48, 78), 2),
        pct_ontime=dec(r.uniform(96, 99.7), 2), n_dvctt=num(r.randint(900, 1400)),
        pct_cq=dec(r.uniform(78, 93), 1), pct_4g=dec(r.uniform(98.5, 99.9), 1), n_bts=num(r.randint(120, 600)),
        n_sohoa=num(r.randint(150_000, 1_200_000)), n_csdl=r.randint(18, 46), n_gd=dec(r.uniform(2, 30), 1),
        n_nv=r.randint(48, 96), n_pay=0, pct_pay=dec(r.uniform(40, 70), 1),
        d_so=d_slash(dt - timedelta(days=r.randint(3, 12))), mm_prev=dt.month - 1 if dt.month > 1 else 12,
    )
    p["n_nv_done"] = p["n_nv"] - r.randint(8, 30)
    hoso_n = int(p["hoso"].replace(".", ""))
    pct = float(p["pct_online"].replace(",", "."))
    p["hoso_tt"] = num(int(hoso_n * pct / 100))
    p["hoso_tt_round"] = num(int(hoso_n * pct / 100) // 1000 * 1000)
    p.update(
        diem_pv=dec(r.uniform(78, 92), 2), xeploai=r.choice(["Tốt", "Khá"]), rank_pv=r.randint(4, of - 10),
        n_tthc=num(r.randint(1700, 2100)), n_toantrinh=num(r.randint(850, 1150)), pct_toantrinh=dec(r.uniform(88, 99), 1),
        n_motphan=num(r.randint(400, 700)), pct_sohoa=dec(r.uniform(70, 95), 1), n_thanhtoan=num(r.randint(40_000, 260_000)),
        tien=dec(r.uniform(40, 400), 1), n_lienthong=num(r.randint(4000, 22000)),
        nguoidan=r.choice(PEOPLE), nguoidan_nam=r.choice(MEN), n_goi=r.randint(2, 5), phuong=site["phuong"], xa1=site["xa"][0], xa2=site["xa"][1],
        tang_cq=dec(r.uniform(2, 7), 1), pct_5g=dec(r.uniform(60, 92), 1), n_5g=num(r.randint(300, 1600)),
        mbps_fixed=dec(r.uniform(150, 260), 2), mbps_mobile=dec(r.uniform(90, 150), 2), pct_smart=dec(r.uniform(82, 92), 1),
        n_lom=r.randint(20, 80), n_lom_con=r.randint(3, 25), n_camera=num(r.randint(1500, 9000)), km_ngam=dec(r.uniform(40, 160), 1),
        n_cc=num(r.randint(600_000, 1_600_000)), n_vneid_raw=r.randint(500_000, 1_300_000),
        pct_vneid=dec(r.uniform(80, 95), 2), pct_bv=r.choice([95, 98, 100]), n_kcb=num(r.randint(900_000, 3_000_000)),
        pct_ansinh=dec(r.uniform(90, 99.5), 1), n_gplx=num(r.randint(9000, 40000)), n_lltp=num(r.randint(8000, 45000)),
        n_tocns=num(r.randint(900, 2400)), n_thanhvien=num(r.randint(4500, 12000)), n_khen=r.randint(8, 20),
        n_khen_cn=r.randint(15, 40), n_lop=num(r.randint(700, 2600)), n_hv_raw=r.randint(120_000, 450_000),
        thang_pt=r.randint(6, 10), n_mooc=num(r.randint(60_000, 300_000)), pct_ttdt=dec(r.uniform(78, 90), 1),
        tuoi=r.randint(62, 75), n_ocop=r.randint(80, 260),
        s1=dec(r.uniform(0.86, 0.93), 4), s2=dec(r.uniform(0.82, 0.86), 4), s3=dec(r.uniform(0.79, 0.82), 4),
        x1=dec(r.uniform(0.78, 0.85), 4), x2=dec(r.uniform(0.74, 0.78), 4), n_ct=r.choice([82, 96, 104]),
        avg_so=dec(r.uniform(0.66, 0.74), 4), avg_xa=dec(r.uniform(0.52, 0.60), 4), n_xa_yeu=r.randint(3, 12),
        n_dvc_qg=num(r.randint(4500, 4900)), pct_qg=dec(r.uniform(45, 55), 2), n_vneid_qg=dec(r.uniform(60, 65), 2),
        kts_qg=dec(r.uniform(18, 19.5), 1),
        ns=dec(r.uniform(58, 66), 1), tang_ns=dec(r.uniform(1, 3), 1), dt_lua=num(r.randint(18_000, 120_000)),
        san_luong=num(r.randint(110_000, 700_000)), pct_giong=r.randint(60, 85), dt_ngap=num(r.randint(200, 1800)),
        gia=num(r.choice([6200, 6500, 6800, 7100, 7400])), dt_lk=num(r.randint(3000, 25000)),
        so_ngay=r.randint(3, 5), n_gian=r.randint(80, 220), n_dienvien=r.randint(300, 800),
        n_khach=num(r.randint(60_000, 250_000)), von=num(r.randint(350, 1800)), km=dec(r.uniform(8, 26), 1),
        n_cau=r.randint(2, 6), n_ho=num(r.randint(180, 900)), tien_bt=num(r.randint(120, 600)),
    )
    p["n_vneid"] = num(p["n_vneid_raw"])
    p["n_vneid_text"] = dec(p["n_vneid_raw"] / 1e6, 2) + " triệu" if p["n_vneid_raw"] >= 1_000_000 else num(round(p["n_vneid_raw"], -3))
    p["n_hv"] = num(p["n_hv_raw"])
    p["n_hv_text"] = num(p["n_hv_raw"] // 1000 * 1000)
    return p


def ngay_text(event: datetime, rng: random.Random, style: str = "slash") -> str:
    buoi = "Sáng" if event.hour < 12 else "Chiều"
    if style == "dash":
        return f"{buoi} {event.day}-{event.month}"
    if style == "dot":
        return f"{buoi} {event.day}.{event.month}"
    if style == "ngay":
        return f"{buoi} ngày {event.day}/{event.month}"
    return f"{buoi} {event.day}/{event.month}"


def make_article(kind: str, site: dict, pub: datetime, seed: int, title_idx: int | None = None,
                 lead_idx: int | None = None, extra: dict | None = None) -> dict:
    rng = random.Random(f"{site['name']}-{kind}-{seed}")
    pool = POOLS[kind]
    p = dict(site["params"])
    p.update(figures(kind, site, pub, rng))
    # figures a site reports consistently across its articles (same DTI, same coverage)
    p.update({k: v for k, v in figures(kind, site, pub, random.Random(f"{site['name']}-{pub.year}")).items()
              if k in SITE_LEVEL})
    if extra:
        p.update(extra)
    p["ord_word"] = ORD_WORDS[p["ord"]]
    ky = period_of(pub)
    p["ky"] = ky
    p["Ky"] = ky[0].upper() + ky[1:]
    p["nam"] = pub.year
    event = (pub - timedelta(hours=rng.choice([3, 5, 20, 26]))).replace(hour=rng.choice([8, 9, 14, 15]), minute=0)
    if event > pub:
        event -= timedelta(days=1)
    p["NgayText"] = ngay_text(event, rng, site.get("date_style", "slash"))
    ti = title_idx if title_idx is not None else rng.randrange(len(pool["titles"]))
    li = lead_idx if lead_idx is not None else rng.randrange(len(pool["leads"]))
    title = expand(pool["titles"][ti], p, rng)
    title = title[0].upper() + title[1:]
    lead = expand(pool["leads"][li], p, rng)
    paras: list[str] = []
    for items, lo, hi in pool["sections"]:
        k = rng.randint(lo, min(hi, len(items)))
        idx = sorted(rng.sample(range(len(items)), k))
        paras += [expand(items[i], p, rng) for i in idx]
    caption = expand(rng.choice(pool["captions"]), p, rng)
    return dict(kind=kind, title=title, lead=lead, paras=paras, cds=pool["cds"], pub=pub,
                caption=caption, byline=rng.choice(site["bylines"]), params=p)
