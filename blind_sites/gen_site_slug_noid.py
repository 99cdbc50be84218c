"""Site 1, slug-noid: a provincial portal whose article URLs are bare slugs without numeric ids."""
from __future__ import annotations

import random
from datetime import datetime

from gen_common import CSS, JS, H, Site, by_date, ddmmyyyy, esc, hhmm, pdf, png, views
from gen_content import ICT, make_article, slugify, wd

SITE = dict(
    name="slug-noid", tinh="Tuyên Quang", phuong="Minh Xuân", xa=["Hùng Lợi", "Thái Bình"],
    bylines=["Thu Hà", "MINH KHÔI", "Lâm Phong - Cổng TTĐT tỉnh"],
    params=dict(tinh="Tuyên Quang", dv="tỉnh", dv_full="tỉnh Tuyên Quang", Dv_full="Tỉnh Tuyên Quang",
                ct="Nguyễn Đức Khoa", ct_title="Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh",
                pct="Hoàng Thị Lan Anh", gds="Lê Quang Vinh", gdca="Đại tá Ma Văn Thắng", n_xa=124,
                src="TTĐT", vu1="Mùa", vu2="Đông", lehoi="Lễ hội Văn hóa các dân tộc vùng cao",
                diadiem="Quảng trường Nguyễn Tất Thành", duong="ĐT.185"),
)

CATS = {
    "chuyen-doi-so": "Chuyển đổi số",
    "kinh-te": "Kinh tế",
    "van-hoa-xa-hoi": "Văn hóa - Xã hội",
}
SUBCAT = ("/tin-tuc/chuyen-doi-so/chinh-quyen-so-va-dich-vu-cong-truc-tuyen",
          "Chính quyền số và dịch vụ công trực tuyến")
PDF_PATH = "/uploads/van-ban/2026/ke-hoach-chuyen-doi-so-nam-2027.pdf"
IMGS = ["/uploads/2026/11/anh-tin-1.png", "/uploads/2026/11/anh-tin-2.png", "/uploads/2026/10/anh-tin-3.png"]


def dt(s):
    return datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=ICT)


def header(active=""):
    def li(href, label):
        cls = ' class="active"' if href == active else ""
        return f'<li{cls}><a href="{href}">{label}</a></li>'
    return f"""<div class="topbar"><div class="container">
  <span class="today" id="today"></span>
  <a href="/dang-nhap" class="login">Đăng nhập</a> | <a href="/so-do-cong-thong-tin">Sơ đồ cổng</a> |
  <a href="https://english.tuyenquang.example.vn/" rel="nofollow">English</a>
</div></div>
<header class="banner"><div class="container">
  <a href="/" class="logo"><img src="/assets/images/logo.png" alt="Cổng Thông tin điện tử tỉnh Tuyên Quang"></a>
  <form class="search" action="/tim-kiem" method="get"><input name="q" placeholder="Tìm kiếm..."><button>Tìm</button></form>
</div></header>
<nav class="mainmenu"><div class="container"><ul>
  {li("/", "Trang chủ")}
  {li("/gioi-thieu", "Giới thiệu")}
  <li class="has-sub"><a href="/tin-tuc">Tin tức - Sự kiện</a><ul class="sub">
    {li("/tin-tuc/chuyen-doi-so", "Chuyển đổi số")}
    {li("/tin-tuc/kinh-te", "Kinh tế")}
    {li("/tin-tuc/van-hoa-xa-hoi", "Văn hóa - Xã hội")}
  </ul></li>
  {li(SUBCAT[0], "Chính quyền số")}
  {li("/van-ban-chi-dao-dieu-hanh", "Văn bản chỉ đạo")}
  <li><a href="https://dichvucong.gov.vn/" target="_blank">Dịch vụ công</a></li>
  {li("/lien-he", "Liên hệ")}
</ul></div></nav>"""


def sidebar():
    return f"""<aside class="col-right">
  <div class="box"><h3 class="box-title">Văn bản mới</h3><ul>
    <li><a href="{PDF_PATH}">Kế hoạch chuyển đổi số năm 2027 của UBND tỉnh (PDF)</a></li>
    <li><a href="/van-ban-chi-dao-dieu-hanh">&gt;&gt; Xem tất cả</a></li>
  </ul></div>
  <div class="box banner-list">
    <a href="https://dichvucong.gov.vn/" target="_blank"><img src="/assets/images/logo.png" alt="Cổng Dịch vụ công quốc gia"></a>
    <a href="https://vanban.chinhphu.vn/" target="_blank">Hệ thống văn bản Chính phủ</a>
  </div>
  <div class="box"><h3 class="box-title">Liên kết website</h3>
    <select onchange="window.open(this.value)"><option>-- Chọn liên kết --</option>
      <option value="https://chinhphu.vn/">Cổng TTĐT Chính phủ</option>
      <option value="https://mst.gov.vn/">Bộ Khoa học và Công nghệ</option></select></div>
  <div class="box counter"><h3 class="box-title">Thống kê truy cập</h3>
    <p>Đang online: 93</p><p>Hôm nay: 4.812</p><p>Tất cả: 12.638.204</p></div>
</aside>"""


def footer():
    return """<footer class="footer"><div class="container">
  <p><b>CỔNG THÔNG TIN ĐIỆN TỬ TỈNH TUYÊN QUANG</b></p>
  <p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Tuyên Quang. Chịu trách nhiệm chính: Chánh Văn phòng UBND tỉnh.</p>
  <p>Giấy phép số 112/GP-TTĐT do Bộ Thông tin và Truyền thông cấp ngày 14/09/2020. Địa chỉ: số 160 đường Trần Hưng Đạo, phường Minh Xuân, tỉnh Tuyên Quang.</p>
  <p>Điện thoại: 0207.3822.xxx - Email: <a href="mailto:congttdt@tuyenquang.example.vn">congttdt@tuyenquang.example.vn</a></p>
  <p>Ghi rõ nguồn “Cổng Thông tin điện tử tỉnh Tuyên Quang” khi phát hành lại thông tin từ website này.</p>
  <p><a href="/lien-he">Liên hệ</a> | <a href="/so-do-cong-thong-tin">Sơ đồ cổng thông tin</a> | <a href="#top" class="btn-top">Lên đầu trang</a></p>
</div></footer>
<script src="/assets/js/portal.js"></script>"""


def page(title, body, active="", extra_head=""):
    return f"""<!DOCTYPE html>
<html lang="vi"><head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/css/portal.css">
<link rel="shortcut icon" href="/assets/images/logo.png">
{extra_head}</head>
<body><a id="top"></a>
{header(active)}
<div class="container main">
{body}
{sidebar()}
</div>
{footer()}
</body></html>
"""


def item(a, big=False):
    sapo = f'<p class="sapo">{esc(a["lead"][:180].rsplit(" ", 1)[0])}...</p>' if big else ""
    return (f'<div class="news-item"><a href="{a["url"]}" class="thumb"><img src="{a["img"]}" alt=""></a>'
            f'<h3><a href="{a["url"]}">{esc(a["title"])}</a></h3>'
            f'<span class="date">{ddmmyyyy(a["pub"])} {hhmm(a["pub"])}</span>{sapo}</div>')


def listing(title, crumbs, arts, pager=""):
    items = "\n".join(item(a, True) for a in arts)
    return f"""<div class="col-left">
<div class="breadcrumb">{crumbs}</div>
<h1 class="cat-title">{esc(title)}</h1>
<div class="list-news">
{items}
</div>
{pager}
</div>"""


def pager(base, cur, last):
    out = ['<div class="pagination">']
    for n in range(1, last + 1):
        href = base if n == 1 else f"{base}?page={n}"
        out.append(f'<span class="current">{n}</span>' if n == cur else f'<a href="{href}">{n}</a>')
    if cur < last:
        out.append(f'<a href="{base}?page={cur + 1}" class="next">Trang sau »</a>')
    out.append("</div>")
    return "".join(out)


def article_html(a, related, rng):
    p = a["params"]
    paras = "".join(f"<p>{esc(x)}</p>\n" for x in a["paras"][:2])
    paras += (f'<figure class="image"><img src="{a["img"]}" alt="{esc(a["caption"])}">'
              f'<figcaption>{esc(a["caption"])}</figcaption></figure>\n')
    paras += "".join(f"<p>{esc(x)}</p>\n" for x in a["paras"][2:])
    rel = "\n".join(f'<li><a href="{r["url"]}">{esc(r["title"])}</a> <span>({ddmmyyyy(r["pub"])})</span></li>'
                    for r in related)
    tags = " ".join(f'<a href="{t}">{esc(n)}</a>' for t, n in a.get("tags", []))
    cat_url, cat_name = a["cat_url"], a["cat_name"]
    shareurl = f"{H}{a['url']}"
    body = f"""<div class="col-left">
<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/tin-tuc">Tin tức - Sự kiện</a> » <a href="{cat_url}">{esc(cat_name)}</a></div>
<div class="article-detail">
  <h1 class="title">{esc(a["title"])}</h1>
  <div class="meta"><span class="date">{wd(a["pub"])}, {ddmmyyyy(a["pub"])} {hhmm(a["pub"])}</span>
    <span class="views">Lượt xem: {views(rng)}</span>
    <span class="tools">Cỡ chữ: <a href="javascript:;" onclick="zoom(-1)">A-</a> <a href="javascript:;" onclick="zoom(1)">A+</a>
    | <a href="javascript:window.print()">In bài</a></span></div>
  <div class="sapo"><strong>{esc(a["lead"])}</strong></div>
  <div class="content">
{paras}  <p class="author" style="text-align:right"><strong>{esc(a["byline"])}</strong></p>
  </div>
  <div class="tags">Từ khóa: {tags}</div>
  <div class="share">Chia sẻ: <a href="https://www.facebook.com/sharer/sharer.php?u={shareurl}" target="_blank">Facebook</a>
    <a href="https://sp.zalo.me/share_inline?url={shareurl}" target="_blank">Zalo</a>
    <a href="mailto:?subject={esc(a["title"])}&amp;body={shareurl}">Gửi email</a></div>
</div>
<div class="other-news"><h3>Tin cùng chuyên mục</h3><ul>
{rel}
</ul><a href="{cat_url}" class="more">&gt;&gt; Xem thêm</a></div>
</div>"""
    return page(f"{a['title']} - Cổng TTĐT tỉnh Tuyên Quang", body, cat_url,
                f'<meta name="description" content="{esc(a["lead"][:200])}">\n'
                f'<meta property="og:title" content="{esc(a["title"])}">\n<meta property="og:type" content="article">\n')


def build() -> Site:
    s = Site("slug-noid", "Cổng Thông tin điện tử tỉnh Tuyên Quang", "custom", False,
             "DOMAIN.md rows 'numeric-path portals' and 'provincial newspapers' (slug URLs), boilerplate list; "
             "realpages/vietnamnet_list.html and baochinhphu_list.html markup habits (nested menus, sidebars)",
             "article URLs are bare slugs with no numeric id, under the same prefix as a sub-category page "
             "(/tin-tuc/chuyen-doi-so/<slug> vs /tin-tuc/chuyen-doi-so/chinh-quyen-so-va-dich-vu-cong-truc-tuyen); "
             "?page=N pagination; tag pages; static pages with long slugs (/gioi-thieu/lich-su-...); "
             "no article:published_time meta, only a visible 'Thứ Sáu, 20/11/2026 16:45' date")
    rng = random.Random("slug-noid")
    plan = [
        ("bcd", "2026-11-20 16:45", "chuyen-doi-so", 0, 0),
        ("dti", "2026-11-17 09:10", "chuyen-doi-so", 0, 0),
        ("dvc", "2026-11-12 08:30", "chuyen-doi-so", 1, 1),
        ("hatang", "2026-11-05 10:15", "chuyen-doi-so", 1, 1),
        ("da06", "2026-10-29 15:20", "chuyen-doi-so", 0, 0),
        ("kynang", "2026-10-22 07:45", "chuyen-doi-so", 1, 1),
        ("nongnghiep", "2026-11-18 14:00", "kinh-te", 0, 0),
        ("lehoi", "2026-11-09 19:30", "van-hoa-xa-hoi", 0, 0),
    ]
    arts = []
    for i, (kind, when, cat, ti, li) in enumerate(plan):
        a = make_article(kind, SITE, dt(when), i, ti, li)
        slug = slugify(a["title"])
        a["url"] = f"/tin-tuc/{cat}/{slug}"
        a["file"] = f"art-{i + 1}-{kind}.html"
        a["cat_url"], a["cat_name"] = f"/tin-tuc/{cat}", CATS[cat]
        a["img"] = IMGS[i % 3]
        a["tags"] = [("/tag/chuyen-doi-so", "chuyển đổi số")] if a["cds"] else []
        if kind in ("dti", "bcd"):
            a["tags"].append(("/tag/chi-so-chuyen-doi-so-dti", "chỉ số DTI"))
        if kind == "da06":
            a["tags"].append(("/tag/de-an-06", "Đề án 06"))
        arts.append(a)
    cds = by_date([a for a in arts if a["cds"]])
    allnews = by_date(arts)

    for a in arts:
        same = [x for x in by_date(arts) if x["cat_url"] == a["cat_url"] and x is not a][:4]
        if len(same) < 2:
            same += [x for x in allnews if x is not a and x not in same][: 3 - len(same)]
        s.article(a["url"], a["file"], a, article_html(a, same, rng))

    # home
    feat = allnews[0]
    others = "\n".join(item(a) for a in allnews[1:4])
    cds_box = "\n".join(f'<li><a href="{a["url"]}">{esc(a["title"])}</a> <span class="date">{ddmmyyyy(a["pub"])}</span></li>'
                        for a in cds[:3])
    home_body = f"""<div class="col-left">
<section class="hot-news"><h2 class="box-title"><a href="/tin-tuc">Tin nổi bật</a></h2>
{item(feat, True)}
{others}
</section>
<section class="box-cds"><h2 class="box-title"><a href="/tin-tuc/chuyen-doi-so">Chuyển đổi số</a></h2><ul>
{cds_box}
</ul><a class="more" href="/tin-tuc/chuyen-doi-so">Xem thêm »</a></section>
<section class="box-links"><h2 class="box-title">Thông tin cần biết</h2><ul>
<li><a href="/gioi-thieu">Tổng quan về tỉnh Tuyên Quang</a></li>
<li><a href="/gioi-thieu/lich-su-hinh-thanh-va-phat-trien">Lịch sử hình thành và phát triển</a></li>
<li><a href="/hoi-dap">Hỏi đáp trực tuyến</a></li>
</ul></section>
</div>"""
    s.add("/", "home.html", "home", page("Cổng Thông tin điện tử tỉnh Tuyên Quang", home_body, "/"))

    crumbs = '<a href="/">Trang chủ</a> » <a href="/tin-tuc">Tin tức - Sự kiện</a>'
    # all news, 5 per page
    s.add("/tin-tuc", "tin-tuc-p1.html", "listing",
          page("Tin tức - Sự kiện", listing("Tin tức - Sự kiện", '<a href="/">Trang chủ</a>', allnews[:5], pager("/tin-tuc", 1, 2)), "/tin-tuc"))
    s.add("/tin-tuc?page=2", "tin-tuc-p2.html", "listing",
          page("Tin tức - Sự kiện - Trang 2", listing("Tin tức - Sự kiện", '<a href="/">Trang chủ</a>', allnews[5:], pager("/tin-tuc", 2, 2)), "/tin-tuc"))
    # CĐS category, 4 per page
    sub_link = f'<div class="subcats"><a href="{SUBCAT[0]}">{SUBCAT[1]}</a></div>'
    s.add("/tin-tuc/chuyen-doi-so", "cat-cds-p1.html", "category",
          page("Chuyển đổi số", sub_link + listing("Chuyển đổi số", crumbs, cds[:4], pager("/tin-tuc/chuyen-doi-so", 1, 2)), "/tin-tuc/chuyen-doi-so"))
    s.add("/tin-tuc/chuyen-doi-so?page=2", "cat-cds-p2.html", "category",
          page("Chuyển đổi số - Trang 2", sub_link + listing("Chuyển đổi số", crumbs, cds[4:], pager("/tin-tuc/chuyen-doi-so", 2, 2)), "/tin-tuc/chuyen-doi-so"))
    # trap: sub-category with an article-shaped URL
    subarts = [a for a in cds if a["kind"] in ("dvc", "da06", "bcd")]
    s.add(SUBCAT[0], "cat-cds-chinh-quyen-so.html", "category",
          page(SUBCAT[1], listing(SUBCAT[1], crumbs + ' » <a href="/tin-tuc/chuyen-doi-so">Chuyển đổi số</a>', subarts), SUBCAT[0]))
    for cat in ("kinh-te", "van-hoa-xa-hoi"):
        ca = [a for a in allnews if a["cat_url"] == f"/tin-tuc/{cat}"]
        s.add(f"/tin-tuc/{cat}", f"cat-{cat}.html", "category",
              page(CATS[cat], listing(CATS[cat], crumbs, ca), f"/tin-tuc/{cat}"))
    # tags
    for tag, name, kinds in (("chuyen-doi-so", "chuyển đổi số", None), ("chi-so-chuyen-doi-so-dti", "chỉ số DTI", ("dti", "bcd")),
                             ("de-an-06", "Đề án 06", ("da06",))):
        ta = [a for a in cds if kinds is None or a["kind"] in kinds]
        s.add(f"/tag/{tag}", f"tag-{tag}.html", "tag",
              page(f"Từ khóa: {name}", listing(f"Tin bài gắn từ khóa: {name}", '<a href="/">Trang chủ</a> » Từ khóa', ta)))

    # static pages
    s.add("/gioi-thieu", "gioi-thieu.html", "static", page("Giới thiệu", """<div class="col-left">
<div class="breadcrumb"><a href="/">Trang chủ</a> » Giới thiệu</div>
<h1 class="title">Tổng quan về tỉnh Tuyên Quang</h1>
<p>Tỉnh Tuyên Quang (mới) được hình thành từ ngày 1/7/2025 trên cơ sở hợp nhất tỉnh Hà Giang và tỉnh Tuyên Quang, theo Nghị quyết số 202/2025/QH15 của Quốc hội. Trung tâm hành chính - chính trị của tỉnh đặt tại phường Minh Xuân.</p>
<p>Tỉnh nằm ở vùng trung du và miền núi phía Bắc, có đường biên giới với nước Cộng hòa Nhân dân Trung Hoa; địa hình chủ yếu là đồi núi, có nhiều danh thắng nổi tiếng như Cao nguyên đá Đồng Văn, Khu di tích quốc gia đặc biệt Tân Trào.</p>
<p>Tỉnh có 124 đơn vị hành chính cấp xã, gồm 117 xã và 7 phường. Dân cư gồm hơn 20 dân tộc anh em cùng sinh sống, trong đó đông nhất là các dân tộc Tày, Kinh, Dao, Mông.</p>
<ul><li><a href="/gioi-thieu/lich-su-hinh-thanh-va-phat-trien">Lịch sử hình thành và phát triển</a></li>
<li><a href="/lien-he">Thông tin liên hệ</a></li></ul>
<p class="updated">Cập nhật: 01/07/2025</p>
</div>""", "/gioi-thieu"))
    s.add("/gioi-thieu/lich-su-hinh-thanh-va-phat-trien", "gioi-thieu-lich-su.html", "static", page(
        "Lịch sử hình thành và phát triển", """<div class="col-left">
<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/gioi-thieu">Giới thiệu</a> » Lịch sử hình thành và phát triển</div>
<h1 class="title">Lịch sử hình thành và phát triển tỉnh Tuyên Quang</h1>
<div class="meta"><span class="date">Ngày đăng: 15/07/2025 09:00</span> <span class="views">Lượt xem: 8.214</span></div>
<p>Vùng đất Tuyên Quang có lịch sử lâu đời, gắn với nhiều dấu mốc quan trọng của dân tộc. Trong kháng chiến chống thực dân Pháp, Tân Trào là Thủ đô khu giải phóng, nơi diễn ra Quốc dân Đại hội tháng 8 năm 1945.</p>
<p>Qua nhiều lần điều chỉnh địa giới hành chính, đến năm 1991 tỉnh Hà Tuyên được chia tách thành hai tỉnh Hà Giang và Tuyên Quang. Hơn ba mươi năm sau, hai tỉnh lại được hợp nhất thành tỉnh Tuyên Quang theo chủ trương sắp xếp đơn vị hành chính năm 2025.</p>
<p>Bước vào giai đoạn phát triển mới, tỉnh xác định khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là động lực chính để phát triển kinh tế - xã hội, phát huy lợi thế về du lịch, lâm nghiệp và kinh tế cửa khẩu.</p>
<p>Trang này được biên soạn từ tài liệu lịch sử của địa phương và được cập nhật định kỳ.</p>
</div>""", "/gioi-thieu"))
    s.add("/lien-he", "lien-he.html", "static", page("Liên hệ", """<div class="col-left">
<h1 class="title">Liên hệ</h1>
<p><b>Ban Biên tập Cổng Thông tin điện tử tỉnh Tuyên Quang</b></p>
<p>Địa chỉ: số 160 đường Trần Hưng Đạo, phường Minh Xuân, tỉnh Tuyên Quang</p>
<p>Điện thoại: 0207.3822.xxx - Fax: 0207.3822.yyy</p>
<p>Email: <a href="mailto:congttdt@tuyenquang.example.vn">congttdt@tuyenquang.example.vn</a></p>
<form action="/lien-he" method="post"><input name="hoten" placeholder="Họ và tên"><textarea name="noidung"></textarea><button>Gửi</button></form>
</div>""", "/lien-he"))
    smap = "\n".join(f'<li><a href="{u}">{esc(n)}</a></li>' for u, n in [
        ("/", "Trang chủ"), ("/gioi-thieu", "Giới thiệu"), ("/gioi-thieu/lich-su-hinh-thanh-va-phat-trien", "Lịch sử hình thành và phát triển"),
        ("/tin-tuc", "Tin tức - Sự kiện"), ("/tin-tuc/chuyen-doi-so", "Chuyển đổi số"), (SUBCAT[0], SUBCAT[1]),
        ("/tin-tuc/kinh-te", "Kinh tế"), ("/tin-tuc/van-hoa-xa-hoi", "Văn hóa - Xã hội"),
        ("/van-ban-chi-dao-dieu-hanh", "Văn bản chỉ đạo điều hành"), ("/hoi-dap", "Hỏi đáp"), ("/lien-he", "Liên hệ")])
    s.add("/so-do-cong-thong-tin", "so-do.html", "static",
          page("Sơ đồ cổng thông tin", f'<div class="col-left"><h1 class="title">Sơ đồ cổng thông tin</h1><ul class="sitemap">\n{smap}\n</ul></div>'))

    # assets
    s.add("/assets/css/portal.css", "portal.css", "other", CSS, "text/css; charset=utf-8")
    s.add("/assets/js/portal.js", "portal.js", "other", JS, "application/javascript; charset=utf-8")
    s.add("/assets/images/logo.png", "logo.png", "other", png(40, 12, (180, 20, 20)))
    for i, u in enumerate(IMGS):
        s.add(u, f"img-{i + 1}.png", "other", png(32, 20, (30 + 60 * i, 110, 90)))
    s.add(PDF_PATH, "ke-hoach-cds-2027.pdf", "other", pdf("Ke hoach chuyen doi so nam 2027 - UBND tinh"), "application/pdf")
    s.miss("/dang-nhap", "/tim-kiem", "/van-ban-chi-dao-dieu-hanh", "/hoi-dap")
    return s
