"""Extra site, nukeviet-dept: a department portal on NukeViet 4.5 (/vi/news/<Cat>/<slug>-<id>.html)."""
from __future__ import annotations

import random
from datetime import datetime, timezone
from email.utils import format_datetime

from gen_common import CSS, H, Site, by_date, ddmmyyyy, esc, hhmm, pdf, png, views
from gen_content import ICT, make_article, slugify

SITE = dict(
    name="nukeviet-dept", tinh="Lào Cai", phuong="Cam Đường", xa=["Bảo Thắng", "Mường Khương"],
    bylines=["Văn phòng Sở", "Đức Anh - Phòng Bưu chính, Viễn thông", "P.CĐS"],
    params=dict(tinh="Lào Cai", dv="tỉnh", dv_full="tỉnh Lào Cai", Dv_full="Tỉnh Lào Cai",
                ct="Hoàng Quốc Trung", ct_title="Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh", pct="Giàng Thị Dung",
                gds="Nguyễn Thế Phương", gdca="Đại tá Vương Văn Hà", n_xa=99, src="SKHCN",
                vu1="Mùa", vu2="Đông"),
)
TITLE = "Sở Khoa học và Công nghệ tỉnh Lào Cai"
CATS = {"Chuyen-doi-so": "Chuyển đổi số", "Tin-tong-hop": "Tin tổng hợp"}
PER_PAGE = 3
PDF = "/uploads/news/2026_11/bo-chi-so-dti-so-nganh-xa-phuong-2025.pdf"


def dt(s):
    return datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=ICT)


def nv_date(d):
    wd = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"][d.weekday()]
    return f"{wd} - {ddmmyyyy(d)} {hhmm(d)}"


def shell(title, body, head=""):
    return f"""<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml" prefix="og: http://ogp.me/ns#">
<head>
<title>{esc(title)}</title>
<meta name="description" content="{esc(title)}">
<meta name="author" content="{esc(TITLE)}">
<meta name="copyright" content="{esc(TITLE)} [webmaster@laocai.example.gov.vn]">
<meta name="generator" content="NukeViet v4.5">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
{head}<link rel="alternate" href="{H}/vi/news/rss/" title="Tin Tức" type="application/rss+xml">
<link rel="alternate" href="{H}/vi/news/rss/Chuyen-doi-so/" title="Tin Tức - Chuyển đổi số" type="application/rss+xml">
<link rel="StyleSheet" href="/themes/default/css/nukeviet.css">
<link rel="StyleSheet" href="/themes/egov/css/style.css">
<script src="/assets/js/jquery/jquery.min.js"></script>
<script>var nv_base_siteurl="/",nv_lang_data="vi",nv_name_variable="nv",nv_fc_variable="op",nv_lang_variable="language";</script>
</head>
<body>
<div class="body-bg"><div class="wraper">
<header><div class="logo"><a title="{esc(TITLE)}" href="/vi/"><img src="/uploads/logo-skhcn.png" alt="{esc(TITLE)}"></a></div>
<div class="header-right"><a href="/vi/users/login/">Đăng nhập</a> | <a href="/vi/users/register/">Đăng ký</a>
<form action="/vi/seek/" method="get"><input type="text" name="q"><input type="submit" value="Tìm kiếm"></form></div></header>
<nav class="second-nav"><ul class="nav navbar-nav">
<li><a href="/vi/" title="Trang nhất">Trang nhất</a></li>
<li><a href="/vi/about/Gioi-thieu-chung.html">Giới thiệu</a></li>
<li class="dropdown"><a href="/vi/news/">Tin Tức</a><ul class="dropdown-menu">
<li><a href="/vi/news/Chuyen-doi-so/">Chuyển đổi số</a></li><li><a href="/vi/news/Tin-tong-hop/">Tin tổng hợp</a></li></ul></li>
<li><a href="/vi/laws/">Văn bản</a></li>
<li><a href="/vi/contact/">Liên hệ</a></li></ul></nav>
<div class="row">
<div class="col-md-18">
{body}
</div>
<div class="col-md-6"><div class="panel"><div class="panel-heading">Thống kê truy cập</div><div class="panel-body">
<ul class="counter"><li>Đang truy cập: 28</li><li>Hôm nay: 1.027</li><li>Tháng hiện tại: 31.554</li><li>Tổng lượt truy cập: 2.318.706</li></ul></div></div>
<div class="panel"><div class="panel-heading">Liên kết</div><div class="panel-body"><a href="https://laocai.gov.vn/" target="_blank">Cổng TTĐT tỉnh</a></div></div></div>
</div>
<footer id="footer"><div class="copyright">© Bản quyền thuộc về {esc(TITLE)}</div>
<p>Chịu trách nhiệm chính: Giám đốc Sở. Địa chỉ: Tòa nhà khối 5, Đại lộ Trần Hưng Đạo, phường Cam Đường, tỉnh Lào Cai</p>
<p>Điện thoại: 0214.3840.xxx. Giấy phép số 36/GP-TTĐT</p>
<p>Thiết kế bởi <a href="https://vinades.vn/" target="_blank">VINADES.,JSC</a></p></footer>
</div></div>
</body></html>
"""


def viewcat(title, arts, base, page, last):
    items = "\n".join(f"""<div class="panel panel-default"><div class="panel-body">
<a href="{a["url"]}" title="{esc(a["title"])}"><img alt="{esc(a["title"])}" src="{a["img"]}" width="183" class="img-thumbnail pull-left imghome"></a>
<h3><a href="{a["url"]}" title="{esc(a["title"])}">{esc(a["title"])}</a></h3>
<div class="text-muted"><ul class="list-unstyled list-inline"><li><em class="fa fa-clock-o">&nbsp;</em> {a["pub"].strftime("%d/%m/%Y %H:%M")}</li>
<li><em class="fa fa-eye">&nbsp;</em> Lượt xem: {a["views"]}</li></ul></div>
{esc(a["lead"][:200])}...</div></div>""" for a in arts)
    pages = ""
    if last > 1:
        links = []
        for n in range(1, last + 1):
            href = base if n == 1 else f"{base}page-{n}"
            links.append(f'<li class="active"><a href="#">{n}</a></li>' if n == page else f'<li><a href="{href}">{n}</a></li>')
        if page < last:
            links.append(f'<li><a href="{base}page-{page + 1}" title="Trang sau">&raquo;</a></li>')
        pages = f'<div class="text-center"><ul class="pagination">{"".join(links)}</ul></div>'
    return f'<div class="news_column"><h1 class="page-title">{esc(title)}</h1>\n{items}\n{pages}</div>'


def detail(a, others):
    paras = "".join(f"<p>{esc(x)}</p>" for x in a["paras"][:2])
    paras += f'<p style="text-align:center"><img alt="" src="{a["img"]}" width="600"><br><em>{esc(a["caption"])}</em></p>'
    paras += "".join(f"<p>{esc(x)}</p>" for x in a["paras"][2:])
    if a["kind"] == "dti_local":
        paras += f'<p>Tài liệu đính kèm: <a href="{PDF}">Bộ chỉ số DTI các sở, ngành, xã, phường năm 2025</a></p>'
    oth = "".join(f'<li><em class="fa fa-angle-right">&nbsp;</em><a href="{o["url"]}" title="{esc(o["title"])}">{esc(o["title"])}</a>'
                  f' <em>({ddmmyyyy(o["pub"])})</em></li>' for o in others)
    cat, slugid = a["cat"], a["url"].rsplit("/", 1)[1]
    return f"""<div class="news_column panel panel-default"><div class="panel-body">
<h1 class="title margin-bottom-lg">{esc(a["title"])}</h1>
<div class="row margin-bottom-lg"><div class="col-md-12"><span class="h5">{nv_date(a["pub"])}</span></div>
<div class="col-md-12"><ul class="list-inline text-right"><li><a class="dimgray" title="Gửi bài viết qua email" href="javascript:void(0);" onclick="nv_open_browse('/vi/news/sendmail/{cat}/{slugid}','',650,500,'');return false"><em class="fa fa-envelope fa-lg">&nbsp;</em></a></li>
<li><a class="dimgray" rel="nofollow" title="In ra" href="/vi/news/print/{cat}/{slugid}"><em class="fa fa-print fa-lg">&nbsp;</em></a></li>
<li><a class="dimgray" rel="nofollow" title="Lưu bài viết này" href="/vi/news/savefile/{cat}/{slugid}"><em class="fa fa-save fa-lg">&nbsp;</em></a></li></ul></div></div>
<div class="clearfix"><div class="hometext m-bottom">{esc(a["lead"])}</div></div>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg">{paras}</div>
<div class="margin-bottom-lg"><p class="h5 text-right"><strong>{esc(a["byline"])}</strong></p></div>
<div class="keywords"><em class="fa fa-tags">&nbsp;</em>Từ khóa: <a title="chuyển đổi số" href="/vi/news/tag/chuyen-doi-so"><em>chuyển đổi số</em></a></div>
<div class="text-muted">Tổng số điểm của bài viết là: 38 trong 9 đánh giá · Lượt xem: {a["views"]}</div>
</div></div>
<div class="news_column panel panel-default"><div class="panel-body other-news"><p class="h3"><strong>Những tin mới hơn / cũ hơn</strong></p>
<ul class="related list-items">{oth}</ul></div></div>"""


def rss(title, arts, link):
    items = "\n".join(f"""<item>
<title>{esc(a["title"])}</title>
<link>{H}{a["url"]}</link>
<guid isPermaLink="false">{a["cat"]}-{a["id"]}</guid>
<description><![CDATA[<img src="{H}{a["img"]}" width="100" align="left" border="0">{a["lead"]}]]></description>
<pubDate>{format_datetime(a["pub"].astimezone(timezone.utc))}</pubDate>
</item>""" for a in arts)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{esc(title)}</title>
<link>{H}{link}</link>
<atom:link href="{H}/vi/news/rss/Chuyen-doi-so/" rel="self" type="application/rss+xml"/>
<description>Tin tức chuyển đổi số - {esc(TITLE)}</description>
<language>vi</language>
<copyright>{esc(TITLE)}</copyright>
<generator>NukeViet v4.5</generator>
{items}
</channel>
</rss>
"""


def build() -> Site:
    s = Site("nukeviet-dept", TITLE, "nukeviet", False,
             "DOMAIN.md row 'portals on NukeViet (many departments)': /vi/news/<Cat>/<slug>-<id>.html, /page-2 paging, "
             "/vi/news/rss/<Cat>/ feeds, generator meta; date style 'Thứ năm - 08/04/2021 05:04'",
             "NukeViet conventions: generator meta, per-category RSS (lists only the newest 3), /page-N paging on "
             "both the module and the category, a tag page, /vi/about/<Page>.html static pages whose URL looks like "
             "an article; article:published_time in NukeViet's PHP date('Y-m-dTH:i:s') form ('2026-11-19ICT09:44:00', T = zone abbreviation); print/savefile variants and user/search links answer 404")
    rng = random.Random("nukeviet-dept")
    plan = [("bcd", "2026-11-19 09:44", "Chuyen-doi-so", 1286), ("dti_local", "2026-11-12 15:02", "Chuyen-doi-so", 1279),
            ("nongnghiep", "2026-11-10 08:31", "Tin-tong-hop", 1277), ("hatang", "2026-11-03 10:18", "Chuyen-doi-so", 1270),
            ("kynang", "2026-10-24 07:55", "Chuyen-doi-so", 1261)]
    arts = []
    for i, (kind, when, cat, aid) in enumerate(plan):
        a = make_article(kind, SITE, dt(when), i)
        a.update(cat=cat, id=aid, url=f"/vi/news/{cat}/{slugify(a['title'])}-{aid}.html",
                 img=f"/uploads/news/2026_{a['pub'].month}/{aid}.png", views=views(rng))
        arts.append(a)
    arts = by_date(arts)
    for a in arts:
        others = [o for o in arts if o is not a][:4]
        head = (f'<meta property="og:type" content="article">\n<meta property="og:title" content="{esc(a["title"])}">\n'
                f'<meta property="og:url" content="{H}{a["url"]}">\n'
                f'<meta property="article:published_time" content="{a["pub"].strftime("%Y-%m-%d")}ICT{a["pub"].strftime("%H:%M:%S")}">\n'
                f'<meta property="article:section" content="{CATS[a["cat"]]}">\n<link rel="canonical" href="{H}{a["url"]}">\n')
        s.article(a["url"], f"news-{a['id']}.html", a, shell(f"{a['title']} - {CATS[a['cat']]} - {TITLE}", detail(a, others), head))
        s.add(a["img"], f"img-{a['id']}.png", "other", png(30, 20, (20, 90, 60)))
        slugid = a["url"].rsplit("/", 1)[1]
        s.miss(f"/vi/news/print/{a['cat']}/{slugid}", f"/vi/news/savefile/{a['cat']}/{slugid}")

    def paged(base, title, lst, kind):
        last = (len(lst) + PER_PAGE - 1) // PER_PAGE
        for n in range(1, last + 1):
            path = base if n == 1 else f"{base}page-{n}"
            fname = (base.strip("/").replace("/", "-") or "root") + f"-p{n}.html"
            s.add(path, fname, kind, shell(f"{title} - {TITLE}" + (f" - Trang {n}" if n > 1 else ""),
                                           viewcat(title, lst[(n - 1) * PER_PAGE: n * PER_PAGE], base, n, last)))
    paged("/vi/news/", "Tin Tức", arts, "listing")
    for c, n in CATS.items():
        paged(f"/vi/news/{c}/", n, [a for a in arts if a["cat"] == c], "category")
    s.add("/vi/news/tag/chuyen-doi-so", "tag-cds.html", "tag",
          shell(f"chuyển đổi số - {TITLE}", viewcat("Từ khóa: chuyển đổi số", [a for a in arts if a["cds"]], "/vi/news/tag/chuyen-doi-so", 1, 1)))
    cds = [a for a in arts if a["cds"]]
    s.add("/vi/news/rss/Chuyen-doi-so/", "rss-cds.xml", "feed", rss("Chuyển đổi số", cds[:3], "/vi/news/Chuyen-doi-so/"),
          "application/rss+xml; charset=utf-8")
    s.add("/vi/news/rss/", "rss-news.xml", "feed", rss("Tin Tức", arts[:3], "/vi/news/"), "application/rss+xml; charset=utf-8")

    home_body = f"""<div class="panel panel-default"><div class="panel-heading"><a href="/vi/news/">Tin hoạt động</a></div><div class="panel-body">
<div class="news-home-top"><a href="{arts[0]["url"]}"><img src="{arts[0]["img"]}" alt=""></a>
<h2><a href="{arts[0]["url"]}">{esc(arts[0]["title"])}</a></h2><p>{esc(arts[0]["lead"][:220])}...</p></div>
<ul class="list-news">{"".join(f'<li><a href="{a["url"]}">{esc(a["title"])}</a></li>' for a in arts[1:3])}</ul>
<a href="/vi/news/Chuyen-doi-so/" class="more">Xem tiếp »</a></div></div>"""
    home = shell(TITLE, home_body)
    s.add("/", "home.html", "home", home)
    s.add("/vi/", "home.html", "home", home)
    s.add("/vi/about/Gioi-thieu-chung.html", "about-gioi-thieu.html", "static", shell(f"Giới thiệu chung - {TITLE}", f"""<div class="page panel panel-default"><div class="panel-body">
<h1 class="title margin-bottom-lg">Giới thiệu chung</h1>
<div class="bodytext"><p>Sở Khoa học và Công nghệ tỉnh Lào Cai là cơ quan chuyên môn thuộc UBND tỉnh, thực hiện chức năng tham mưu quản lý nhà nước về khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số, bưu chính, viễn thông và công nghệ thông tin.</p>
<p>Sở có trụ sở tại Tòa nhà khối 5, Đại lộ Trần Hưng Đạo, phường Cam Đường. Các phòng chuyên môn gồm: Văn phòng, Thanh tra, Phòng Kế hoạch - Tài chính, Phòng Quản lý khoa học, Phòng Chuyển đổi số, Phòng Bưu chính, Viễn thông.</p>
<p>Xem thêm: <a href="/vi/about/Chuc-nang-nhiem-vu.html">Chức năng, nhiệm vụ</a></p></div>
<p class="text-right"><em>Cập nhật: Thứ ba - 01/07/2025 08:00</em></p></div></div>"""))
    s.add("/vi/about/Chuc-nang-nhiem-vu.html", "about-chuc-nang.html", "static", shell(f"Chức năng, nhiệm vụ - {TITLE}", """<div class="page panel panel-default"><div class="panel-body">
<h1 class="title margin-bottom-lg">Chức năng, nhiệm vụ</h1>
<div class="bodytext"><p>Sở Khoa học và Công nghệ trình UBND tỉnh dự thảo quy hoạch, kế hoạch phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số; hướng dẫn, kiểm tra việc triển khai chính quyền số, kinh tế số, xã hội số tại các sở, ngành và xã, phường.</p>
<p>Sở là cơ quan thường trực của Ban Chỉ đạo tỉnh về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số và Đề án 06.</p></div></div></div>"""))
    s.add("/vi/contact/", "contact.html", "static", shell(f"Liên hệ - {TITLE}", """<h1>Liên hệ</h1>
<form action="/vi/contact/" method="post"><input name="fname"><textarea name="fcon"></textarea><input type="submit" value="Gửi"></form>
<p>Email: <a href="mailto:skhcn@laocai.example.gov.vn">skhcn@laocai.example.gov.vn</a></p>"""))
    s.add("/themes/default/css/nukeviet.css", "nukeviet.css", "other", CSS, "text/css")
    s.add("/themes/egov/css/style.css", "style.css", "other", CSS, "text/css")
    s.add("/assets/js/jquery/jquery.min.js", "jquery.min.js", "other", "/* jQuery stub */\n", "application/javascript")
    s.add("/uploads/logo-skhcn.png", "logo.png", "other", png(40, 14, (0, 60, 130)))
    s.add(PDF, "bo-chi-so.pdf", "other", pdf("Bo chi so DTI so nganh xa phuong 2025 - Lao Cai"), "application/pdf")
    s.miss("/vi/users/login/", "/vi/users/register/", "/vi/seek/", "/vi/laws/")
    return s
