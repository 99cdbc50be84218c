"""Site 5, menu-section: a SharePoint provincial portal whose CĐS section is only in a nav dropdown."""
from __future__ import annotations

import random
from datetime import datetime

from gen_common import CSS, Site, by_date, ddmmyyyy, esc, hhmm, pdf, png, views
from gen_content import ICT, make_article, month_first

SITE = dict(
    name="menu-section", tinh="Khánh Hòa", phuong="Nha Trang", xa=["Cam Lâm", "Diên Khánh"],
    bylines=["Cổng TTĐT tỉnh", "H.Phương", "Bảo Trân (Sở KH&CN)"],
    params=dict(tinh="Khánh Hòa", dv="tỉnh", dv_full="tỉnh Khánh Hòa", Dv_full="Tỉnh Khánh Hòa",
                ct="Võ Đình Thông", ct_title="Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh", pct="Trịnh Minh Hoàng",
                gds="Lê Thị Mỹ Hạnh", gdca="Đại tá Đỗ Trung Kiên", n_xa=65, src="KHO",
                vu1="Hè Thu", vu2="Đông Xuân 2026 - 2027",
                lehoi="Tuần lễ Văn hóa - Du lịch biển đảo", diadiem="Quảng trường 2 Tháng 4, phường Nha Trang",
                duong="ĐT.652B nối Cam Lâm với sân bay Cam Ranh"),
)
TITLE = "Cổng Thông tin điện tử tỉnh Khánh Hòa"
CAT_CDS, CAT_CQS, CAT_TH, CAT_KT, CAT_VH = 82, 83, 12, 15, 18
CATNAME = {82: "Chuyển đổi số", 83: "Chính quyền số - Dịch vụ công", 12: "Tin tổng hợp", 15: "Kinh tế", 18: "Văn hóa - Xã hội"}
BCD = "/Trang/BanChiDaoChuyenDoiSo.aspx"
DOC = "/Documents/2026/QD-2350-UBND-kien-toan-BCD.pdf"


def dt(s):
    return datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=ICT)


def sp_slug(title, rnd):
    import unicodedata, re
    t = title.replace("đ", "d").replace("Đ", "D")
    t = "".join(c for c in unicodedata.normalize("NFD", t) if unicodedata.category(c) != "Mn")
    words = [w.capitalize() for w in re.findall(r"[A-Za-z0-9]+", t)][:9]
    return "-".join(words) + rnd


def shell(title, body, active=None):
    return f"""<!DOCTYPE html>
<html dir="ltr" lang="vi-VN">
<head><meta http-equiv="X-UA-Compatible" content="IE=10"/><meta name="GENERATOR" content="Microsoft SharePoint"/>
<meta http-equiv="Content-type" content="text/html; charset=utf-8"/>
<title>{esc(title)}</title>
<link rel="stylesheet" type="text/css" href="/_layouts/15/KhanhHoa.Portal/css/portal.css"/>
<script type="text/javascript" src="/_layouts/15/init.js?rev=R2CK5nHa2Nfnw2qM1aqpdQ%3D%3D"></script>
</head>
<body>
<div id="s4-workspace"><div id="s4-bodyContainer">
<div class="header"><a href="/"><img src="/PublishingImages/logo-khanhhoa.png" alt="{esc(TITLE)}"/></a>
<div class="top-links"><a href="/_layouts/15/Authenticate.aspx?Source=%2F">Đăng nhập</a> | <a href="/en">English</a></div></div>
<nav class="navbar"><ul class="nav">
 <li><a href="/">Trang chủ</a></li>
 <li class="dropdown"><a href="javascript:void(0)" class="dropdown-toggle">Giới thiệu</a>
  <ul class="dropdown-menu"><li><a href="/Trang/GioiThieu.aspx">Tổng quan</a></li><li><a href="/Trang/LienHe.aspx">Liên hệ</a></li></ul></li>
 <li class="dropdown"><a href="javascript:void(0)" class="dropdown-toggle">Tin tức</a>
  <ul class="dropdown-menu"><li><a href="/Trang/TinTuc.aspx?Cat=12">Tin tổng hợp</a></li><li><a href="/Trang/TinTuc.aspx?Cat=15">Kinh tế</a></li>
  <li><a href="/Trang/TinTuc.aspx?Cat=18">Văn hóa - Xã hội</a></li></ul></li>
 <li class="dropdown"><a href="javascript:void(0)" class="dropdown-toggle">Chính quyền số</a>
  <ul class="dropdown-menu"><li><a href="/Trang/TinTuc.aspx?Cat=82">Chuyển đổi số</a></li>
  <li><a href="/Trang/TinTuc.aspx?Cat=83">Chính quyền số - Dịch vụ công</a></li>
  <li><a href="{BCD}">Ban Chỉ đạo chuyển đổi số tỉnh</a></li>
  <li><a href="https://dichvucong.khanhhoa.example.gov.vn/" target="_blank">Cổng Dịch vụ công tỉnh</a></li></ul></li>
 <li><a href="/Trang/CongDan.aspx">Công dân</a></li>
 <li><a href="/Trang/DoanhNghiep.aspx">Doanh nghiệp</a></li>
 <li><a href="/Trang/LienHe.aspx">Liên hệ</a></li>
</ul></nav>
<div class="content-wrapper">
{body}
</div>
<div class="footer">
<p>CỔNG THÔNG TIN ĐIỆN TỬ TỈNH KHÁNH HÒA</p>
<p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Khánh Hòa. Cơ quan thường trực: Văn phòng UBND tỉnh</p>
<p>Giấy phép số 05/GP-TTĐT ngày 18/01/2022. Địa chỉ: số 1 đường Trần Phú, phường Nha Trang, tỉnh Khánh Hòa</p>
<p>Ghi rõ nguồn “Cổng Thông tin điện tử tỉnh Khánh Hòa” khi phát hành lại thông tin từ website này.</p>
<p>Đang online: 214 | Lượt truy cập: 28.417.060</p>
</div>
</div></div>
</body></html>
"""


def news_row(a):
    return (f'<div class="news-row"><a href="{a["url"]}"><img src="{a["img"]}" alt=""/></a>'
            f'<div class="news-text"><a class="news-title" href="{a["url"]}">{esc(a["title"])}</a>'
            f'<span class="news-date" title="{month_first(a["pub"])}">{ddmmyyyy(a["pub"])} {hhmm(a["pub"])}</span>'
            f'<p>{esc(a["lead"][:180].rsplit(" ", 1)[0])}...</p></div></div>')


def cat_page(cat, arts, page, pages):
    base = f"/Trang/TinTuc.aspx?Cat={cat}"
    nav = '<div class="paging">'
    if page > 1:
        nav += f'<a href="{base if page == 2 else base + "&Page=" + str(page - 1)}" class="prev">« Trang trước</a> '.replace("&Page", "&amp;Page")
    nav += f"<span>Trang {page}/{pages}</span>"
    if page < pages:
        nav += f' <a href="{base}&amp;Page={page + 1}" class="next">Trang sau »</a>'
    nav += "</div>"
    rows = "\n".join(news_row(a) for a in arts)
    return shell(f"{CATNAME[cat]} - {TITLE}", f"""<div class="breadcrumb"><a href="/">Trang chủ</a> › <span>{CATNAME[cat]}</span></div>
<h1 class="page-title">{CATNAME[cat]}</h1>
<div class="news-list">
{rows}
</div>
{nav if pages > 1 else ""}""")


def detail(a, others, rng):
    body = "".join(f"<p>{esc(x)}</p>" for x in a["paras"][:2])
    body += f'<div class="img-center"><img src="{a["img"]}" alt=""/><p class="caption"><em>{esc(a["caption"])}</em></p></div>'
    body += "".join(f"<p>{esc(x)}</p>" for x in a["paras"][2:])
    oth = "".join(f'<li><a href="{o["url"]}">{esc(o["title"])}</a> <span class="date" title="{month_first(o["pub"])}">({ddmmyyyy(o["pub"])})</span></li>'
                  for o in others)
    return shell(f"{a['title']} - {TITLE}", f"""<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/Trang/TinTuc.aspx?Cat={a["cat"]}">{CATNAME[a["cat"]]}</a></div>
<div class="ms-rtestate-field news-detail">
<h1 class="title-detail">{esc(a["title"])}</h1>
<div class="date-detail">{ddmmyyyy(a["pub"])} {hhmm(a["pub"])} <span class="views">Lượt xem: {views(rng)}</span>
<a href="javascript:void(0)" onclick="window.print()">In</a> <a href="javascript:void(0)" onclick="changeFont(1)">Tăng cỡ chữ</a></div>
<div class="sapo-detail"><strong>{esc(a["lead"])}</strong></div>
<div class="content-detail">{body}</div>
<div class="author-detail">{esc(a["byline"])}</div>
</div>
<div class="other-news"><h3>Tin khác</h3><ul>{oth}</ul></div>""")


def build() -> Site:
    s = Site("menu-section", TITLE, "sharepoint", False,
             "DOMAIN.md row 'provincial portals on SharePoint (/Trang/ChiTietTinTuc.aspx?nid=, /portal/Pages/<date>/<Slug><random>.aspx, .aspx?Cat=82)'",
             "the homepage and the general news sections carry only non-CĐS news; the CĐS section is reachable only "
             "from a nav dropdown whose parent item is javascript:void(0); the section pages through 'Trang sau' links "
             "(&Page=2, &Page=3, 2 items per page); two URL shapes for articles; a static Ban Chỉ đạo page full of CĐS "
             "vocabulary (trap); listing dates also as month-first title attributes")
    rng = random.Random("menu-section")
    cds_plan = [("bcd", "2026-11-19 17:10", 168702), ("dti", "2026-11-13 10:20", 168655), ("dvc", "2026-11-06 08:00", 168611),
                ("hatang", "2026-10-30 14:45", 168540), ("da06", "2026-10-22 16:30", 168472)]
    gen_plan = [("nongnghiep", "2026-11-20 09:30", CAT_KT, "k7d2qa"), ("lehoi", "2026-11-15 20:00", CAT_VH, "m3x9pe"),
                ("giaothong", "2026-11-10 11:15", CAT_TH, "q8w1zt")]
    cds, gen = [], []
    for i, (kind, when, nid) in enumerate(cds_plan):
        a = make_article(kind, SITE, dt(when), i)
        a.update(cat=CAT_CDS, url=f"/Trang/ChiTietTinTuc.aspx?nid={nid}", file=f"cds-{nid}.html",
                 img=f"/PublishingImages/TinTuc/2026/cds-{nid}.png")
        cds.append(a)
    for i, (kind, when, cat, rnd) in enumerate(gen_plan):
        a = make_article(kind, SITE, dt(when), 10 + i)
        d = a["pub"]
        a.update(cat=cat, url=f"/portal/Pages/{d.year}-{d.month}-{d.day}/{sp_slug(a['title'], rnd)}.aspx", file=f"gen-{kind}.html",
                 img=f"/PublishingImages/TinTuc/2026/{rnd}.png")
        gen.append(a)
    cds, gen = by_date(cds), by_date(gen)
    for a in cds:
        s.article(a["url"], a["file"], a, detail(a, [o for o in cds if o is not a][:3], rng))
    for a in gen:
        s.article(a["url"], a["file"], a, detail(a, [o for o in gen if o is not a], rng))
    for a in cds + gen:
        s.add(a["img"], a["file"].replace(".html", ".png"), "other", png(28, 18, (10, 100, 150)))

    # homepage: general news only
    home = f"""<div class="home-hot"><h2 class="block-title">Tin nổi bật</h2>
{news_row(gen[0])}
</div>
<div class="home-list"><h2 class="block-title"><a href="/Trang/TinTuc.aspx?Cat=12">Tin tổng hợp</a></h2>
{"".join(news_row(a) for a in gen[1:])}
<a class="more" href="/Trang/TinTuc.aspx?Cat=12">Xem thêm</a></div>
<div class="home-links"><h2 class="block-title">Liên kết</h2>
<a href="https://dichvucong.gov.vn/" target="_blank">Cổng Dịch vụ công quốc gia</a>
<a href="/Trang/CongDan.aspx">Thông tin cho công dân</a>
<a href="/Trang/DoanhNghiep.aspx">Thông tin cho doanh nghiệp</a></div>"""
    s.add("/", "home.html", "home", shell(TITLE, home))

    # CĐS section: 2 per page, 'Trang sau' links
    pages = (len(cds) + 1) // 2
    for pg in range(1, pages + 1):
        path = f"/Trang/TinTuc.aspx?Cat=82" + ("" if pg == 1 else f"&Page={pg}")
        s.add(path, f"cat82-p{pg}.html", "category", cat_page(82, cds[(pg - 1) * 2: pg * 2], pg, pages))
    s.add("/Trang/TinTuc.aspx?Cat=83", "cat83.html", "category", cat_page(83, [a for a in cds if a["kind"] in ("dvc", "da06")], 1, 1))
    s.add("/Trang/TinTuc.aspx?Cat=12", "cat12.html", "category", cat_page(12, gen, 1, 1))
    s.add("/Trang/TinTuc.aspx?Cat=15", "cat15.html", "category", cat_page(15, [a for a in gen if a["cat"] == 15], 1, 1))
    s.add("/Trang/TinTuc.aspx?Cat=18", "cat18.html", "category", cat_page(18, [a for a in gen if a["cat"] == 18], 1, 1))

    s.add(BCD, "ban-chi-dao.html", "static", shell(f"Ban Chỉ đạo chuyển đổi số tỉnh - {TITLE}", f"""<div class="breadcrumb"><a href="/">Trang chủ</a> › Chính quyền số</div>
<div class="ms-rtestate-field news-detail">
<h1 class="title-detail">Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số và Đề án 06 tỉnh Khánh Hòa</h1>
<div class="date-detail">Cập nhật: 08/07/2025 08:00</div>
<div class="content-detail">
<p>Ban Chỉ đạo được kiện toàn theo Quyết định số 2350/QĐ-UBND ngày 08/7/2025 của UBND tỉnh, do Chủ tịch UBND tỉnh làm Trưởng ban; Giám đốc Sở Khoa học và Công nghệ làm Phó Trưởng ban Thường trực.</p>
<p>Ban Chỉ đạo có nhiệm vụ giúp UBND tỉnh chỉ đạo, điều phối việc thực hiện Nghị quyết số 57-NQ/TW, Chương trình chuyển đổi số, Đề án 06 và các nhiệm vụ phát triển chính quyền số, kinh tế số, xã hội số trên địa bàn tỉnh.</p>
<p>Thành viên gồm lãnh đạo các sở, ban, ngành, Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh và các doanh nghiệp viễn thông. Tổ giúp việc đặt tại Sở Khoa học và Công nghệ.</p>
<p>Tải văn bản: <a href="{DOC}">Quyết định số 2350/QĐ-UBND (PDF)</a></p>
</div></div>"""))
    s.add("/Trang/GioiThieu.aspx", "gioi-thieu.html", "static", shell(f"Tổng quan - {TITLE}", """<h1 class="page-title">Tổng quan tỉnh Khánh Hòa</h1>
<p>Từ ngày 1/7/2025, tỉnh Khánh Hòa được hình thành trên cơ sở hợp nhất tỉnh Khánh Hòa và tỉnh Ninh Thuận. Tỉnh có bờ biển dài, nhiều vịnh đẹp, là trung tâm du lịch biển và kinh tế biển của cả nước.</p>
<p>Tỉnh có 65 đơn vị hành chính cấp xã, trong đó có đặc khu Trường Sa.</p>"""))
    s.add("/Trang/LienHe.aspx", "lien-he.html", "static", shell(f"Liên hệ - {TITLE}", """<h1 class="page-title">Liên hệ</h1>
<p>Ban Biên tập Cổng Thông tin điện tử tỉnh - Văn phòng UBND tỉnh Khánh Hòa, số 1 đường Trần Phú, phường Nha Trang.</p>
<p>Email: <a href="mailto:bbt@khanhhoa.example.gov.vn">bbt@khanhhoa.example.gov.vn</a></p>"""))
    s.add("/_layouts/15/KhanhHoa.Portal/css/portal.css", "portal.css", "other", CSS, "text/css")
    s.add("/_layouts/15/init.js?rev=R2CK5nHa2Nfnw2qM1aqpdQ%3D%3D", "init.js", "other", "var _spPageContextInfo={};\n", "application/javascript")
    s.add("/PublishingImages/logo-khanhhoa.png", "logo.png", "other", png(50, 14, (0, 110, 180)))
    s.add(DOC, "qd-2350.pdf", "other", pdf("Quyet dinh 2350/QD-UBND kien toan Ban Chi dao"), "application/pdf")
    s.miss("/_layouts/15/Authenticate.aspx?Source=%2F", "/en", "/Trang/CongDan.aspx", "/Trang/DoanhNghiep.aspx")
    return s
