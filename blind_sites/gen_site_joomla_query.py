"""Extra site, joomla-query: a Joomla 3 site with non-SEF URLs (index.php?option=com_content&view=article&id=45&catid=7)."""
from __future__ import annotations

import random
from datetime import datetime, timezone
from email.utils import format_datetime

from gen_common import CSS, H, Site, by_date, esc, pdf, png
from gen_content import ICT, make_article

SITE = dict(
    name="joomla-query", tinh="Hưng Yên", phuong="Phố Hiến", xa=["Khoái Châu", "Tiên Lữ"],
    bylines=["Ban Biên tập", "Thu Trang", "Nguyễn Hải"],
    params=dict(tinh="Hưng Yên", dv="tỉnh", dv_full="tỉnh Hưng Yên", Dv_full="Tỉnh Hưng Yên",
                ct="Trần Quốc Toản", ct_title="Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh", pct="Nguyễn Lê Huy",
                gds="Đào Văn Cường", gdca="Đại tá Nguyễn Minh Hải", n_xa=104, src="LHH",
                vu1="Mùa", vu2="Đông"),
)
TITLE = "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hưng Yên"
THANG = ["", "Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6", "Tháng 7", "Tháng 8", "Tháng 9",
         "Tháng 10", "Tháng 11", "Tháng 12"]
WD = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]
CAT = {7: ("Chuyển đổi số", 110), 8: ("Tin tức - Sự kiện", 111)}
PER_PAGE = 3
PDF = "/images/tai-lieu/So-tay-chuyen-doi-so-cho-hoi-vien-2026.pdf"


def dt(s):
    return datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=ICT)


def art_url(a):
    return f"/index.php?option=com_content&view=article&id={a['id']}&catid={a['cat']}&Itemid={CAT[a['cat']][1]}"


def cat_url(c, start=0):
    return f"/index.php?option=com_content&view=category&id={c}&Itemid={CAT[c][1]}" + (f"&limitstart={start}" if start else "")


def a_(u):
    return esc(u)    # & -> &amp; in attributes, as Joomla writes them


def shell(title, body, head=""):
    return f"""<!DOCTYPE html>
<html lang="vi-vn" dir="ltr">
<head>
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<meta charset="utf-8" />
<meta name="generator" content="Joomla! - Open Source Content Management" />
<title>{esc(title)}</title>
{head}<link href="/templates/protostar/favicon.ico" rel="shortcut icon" type="image/vnd.microsoft.icon" />
<link href="/templates/protostar/css/template.css?6a1f3e2b9c" rel="stylesheet" />
<script src="/media/jui/js/jquery.min.js?6a1f3e2b9c"></script>
</head>
<body class="site com_content">
<div class="body"><div class="container">
<header class="header"><a class="brand pull-left" href="/"><img src="/images/logo-lhh.png" alt="{esc(TITLE)}" /></a>
<div class="header-search pull-right"><form action="/index.php" method="post" class="form-inline"><input name="searchword" class="inputbox search-query" type="search" placeholder="Tìm kiếm ..." /><input type="hidden" name="option" value="com_search" /></form></div></header>
<nav class="navigation"><ul class="nav menu nav-pills mod-list">
<li class="item-101 default"><a href="/index.php" >Trang chủ</a></li>
<li class="item-102"><a href="{a_("/index.php?option=com_content&view=article&id=2&Itemid=102")}" >Giới thiệu</a></li>
<li class="item-110"><a href="{a_(cat_url(7))}" >Chuyển đổi số</a></li>
<li class="item-111"><a href="{a_(cat_url(8))}" >Tin tức - Sự kiện</a></li>
<li class="item-105"><a href="{a_("/index.php?option=com_contact&view=contact&id=1&Itemid=105")}" >Liên hệ</a></li>
<li class="item-120"><a href="{a_("/index.php?option=com_users&view=login&Itemid=120")}" >Đăng nhập</a></li></ul></nav>
<div class="row-fluid"><main id="content" role="main" class="span9">
{body}
</main>
<div id="aside" class="span3"><div class="moduletable"><h3>Tài liệu</h3><a href="{PDF}">Sổ tay chuyển đổi số cho hội viên (PDF)</a></div>
<div class="moduletable"><h3>Thống kê</h3><p>Khách: 12 · Lượt truy cập: 402.118</p></div></div></div>
</div></div>
<footer class="footer"><div class="container"><p>&copy; 2026 {esc(TITLE)}. Địa chỉ: đường Nguyễn Văn Linh, phường Phố Hiến, tỉnh Hưng Yên.</p>
<p>Giấy phép số 15/GP-TTĐT. Chịu trách nhiệm nội dung: Chủ tịch Liên hiệp Hội.</p>
<p class="pull-right"><a href="#top" id="back-top">Lên đầu trang</a></p></div></footer>
</body></html>
"""


def jdate(d):
    return f"{WD[d.weekday()]}, {d.day:02d} {THANG[d.month]} {d.year} {d.strftime('%H:%M')}"


def blog_item(a):
    return f"""<div class="items-row"><div class="item">
<div class="page-header"><h2 itemprop="name"><a href="{a_(a["url"])}" itemprop="url">{esc(a["title"])}</a></h2></div>
<dl class="article-info muted"><dd class="published"><span class="icon-calendar"></span><time datetime="{a["pub"].isoformat()}" itemprop="datePublished">Ngày đăng: {jdate(a["pub"])}</time></dd>
<dd class="hits"><span class="icon-eye-open"></span>Lượt xem: {a["hits"]}</dd></dl>
<p>{esc(a["lead"])}</p>
<p class="readmore"><a class="btn" href="{a_(a["url"])}" itemprop="url"><span class="icon-chevron-right"></span>Xem thêm: {esc(a["title"][:40])}...</a></p>
</div></div>"""


def blog(c, arts, start, total):
    pages = (total + PER_PAGE - 1) // PER_PAGE
    nav = ""
    if pages > 1:
        lis = []
        for n in range(pages):
            st = n * PER_PAGE
            lis.append(f'<li class="active"><a>{n + 1}</a></li>' if st == start else f'<li><a href="{a_(cat_url(c, st))}">{n + 1}</a></li>')
        if start + PER_PAGE < total:
            lis.append(f'<li><a title="Tiếp" href="{a_(cat_url(c, start + PER_PAGE))}" class="pagenav">Tiếp</a></li>')
        nav = f'<div class="pagination"><p class="counter pull-right">Trang {start // PER_PAGE + 1} / {pages}</p><ul>{"".join(lis)}</ul></div>'
    items = "\n".join(blog_item(a) for a in arts)
    return f"""<div class="blog" itemscope itemtype="https://schema.org/Blog">
<h1>{esc(CAT[c][0])}</h1>
{items}
{nav}</div>"""


def article(a, rng):
    paras = "".join(f"<p>{esc(x)}</p>\n" for x in a["paras"][:2])
    paras += f'<p style="text-align: center;"><img src="/images/tin-tuc/2026/{a["id"]}.png" alt="" /></p><p style="text-align: center;"><em>{esc(a["caption"])}</em></p>\n'
    paras += "".join(f"<p>{esc(x)}</p>\n" for x in a["paras"][2:])
    print_url = a["url"] + "&tmpl=component&print=1&layout=default"
    return f"""<div class="item-page" itemscope itemtype="https://schema.org/Article">
<meta itemprop="inLanguage" content="vi-VN" />
<div class="page-header"><h2 itemprop="headline">{esc(a["title"])}</h2></div>
<div class="icons"><div class="btn-group pull-right"><ul class="dropdown-menu">
<li class="print-icon"><a href="{a_(print_url)}" title="In bài viết" rel="nofollow">In</a></li>
<li class="email-icon"><a href="javascript:void(0)" onclick="window.open(this.href,'win2','width=400,height=450');return false;" title="Gửi email" rel="nofollow">Email</a></li></ul></div></div>
<dl class="article-info muted"><dt class="article-info-term">Chi tiết</dt>
<dd class="category-name">Chuyên mục: <a href="{a_(cat_url(a["cat"]))}" itemprop="genre">{esc(CAT[a["cat"]][0])}</a></dd>
<dd class="published"><time datetime="{a["pub"].isoformat()}" itemprop="datePublished">Ngày đăng: {jdate(a["pub"])}</time></dd>
<dd class="hits"><meta itemprop="interactionCount" content="UserPageVisits:{a["hits"]}" />Lượt xem: {a["hits"]}</dd></dl>
<div itemprop="articleBody">
<p><strong>{esc(a["lead"])}</strong></p>
{paras}<p style="text-align: right;"><strong>{esc(a["byline"])}</strong></p>
</div>
<ul class="pager pagenav">{a["pagenav"]}</ul>
</div>"""


def rss(c, arts):
    items = "\n".join(f"""		<item>
			<title>{esc(a["title"])}</title>
			<link>{H}{esc(a["url"])}</link>
			<guid isPermaLink="true">{H}{esc(a["url"])}</guid>
			<description><![CDATA[<p>{a["lead"]}</p>]]></description>
			<category>{esc(CAT[c][0])}</category>
			<pubDate>{format_datetime(a["pub"].astimezone(timezone.utc))}</pubDate>
		</item>""" for a in arts)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!-- generator="Joomla! - Open Source Content Management" -->
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
	<channel>
		<title>{esc(CAT[c][0])}</title>
		<description><![CDATA[{esc(TITLE)}]]></description>
		<link>{H}{esc(cat_url(c))}</link>
		<lastBuildDate>{format_datetime(arts[0]["pub"].astimezone(timezone.utc))}</lastBuildDate>
		<generator>Joomla! - Open Source Content Management</generator>
		<atom:link rel="self" type="application/rss+xml" href="{H}{esc(cat_url(c) + '&format=feed&type=rss')}"/>
		<language>vi-vn</language>
{items}
	</channel>
</rss>
"""


def build() -> Site:
    s = Site("joomla-query", TITLE, "custom", False,
             "DOMAIN.md provincial/department rows (small units on generic CMSs); Joomla 3 non-SEF URL conventions",
             "Joomla non-SEF query URLs (&-escaped as &amp; in HTML): articles index.php?option=com_content&view=article&id=N&catid=C&Itemid=I, "
             "categories &view=category with &limitstart=3 paging, a category RSS via &format=feed&type=rss, a static "
             "'Giới thiệu' that is view=article&id=2 (same shape as an article, trap), com_contact/com_users pages; "
             "print variants (&tmpl=component&print=1) answer 404")
    rng = random.Random("joomla-query")
    plan = [("dvc", "2026-11-17 08:30", 7, 45), ("nongnghiep", "2026-11-13 14:10", 8, 44), ("hatang", "2026-11-07 09:55", 7, 43),
            ("kynang", "2026-10-30 16:45", 7, 41), ("da06", "2026-10-20 10:20", 7, 38)]
    arts = []
    for i, (kind, when, cat, aid) in enumerate(plan):
        a = make_article(kind, SITE, dt(when), i)
        a.update(cat=cat, id=aid, hits=rng.randint(80, 900))
        a["url"] = art_url(a)
        arts.append(a)
    arts = by_date(arts)
    for c in CAT:
        ca = [a for a in arts if a["cat"] == c]
        for j, a in enumerate(ca):
            nav = ""
            if j > 0:
                nav += f'<li class="previous"><a class="hasTooltip" title="{esc(ca[j - 1]["title"])}" href="{a_(ca[j - 1]["url"])}" rel="prev">&lt; Trước</a></li>'
            if j + 1 < len(ca):
                nav += f'<li class="next"><a class="hasTooltip" title="{esc(ca[j + 1]["title"])}" href="{a_(ca[j + 1]["url"])}" rel="next">Tiếp &gt;</a></li>'
            a["pagenav"] = nav
    for a in arts:
        head = f'<meta name="author" content="{esc(a["byline"])}" />\n<meta name="description" content="{esc(a["lead"][:160])}" />\n'
        s.article(a["url"], f"article-{a['id']}.html", a, shell(f"{a['title']} - {TITLE}", article(a, rng), head))
        s.add(f"/images/tin-tuc/2026/{a['id']}.png", f"img-{a['id']}.png", "other", png(30, 20, (90, 30, 120)))
        s.miss(a["url"] + "&tmpl=component&print=1&layout=default")

    for c in CAT:
        ca = [a for a in arts if a["cat"] == c]
        feed_link = f'<link href="{a_(cat_url(c) + "&format=feed&type=rss")}" rel="alternate" type="application/rss+xml" title="RSS 2.0" />\n'
        for start in range(0, len(ca), PER_PAGE):
            s.add(cat_url(c, start), f"cat-{c}-{start}.html", "category",
                  shell(f"{CAT[c][0]} - {TITLE}", blog(c, ca[start:start + PER_PAGE], start, len(ca)), feed_link))
        s.add(cat_url(c) + "&format=feed&type=rss", f"feed-{c}.xml", "feed", rss(c, ca), "application/rss+xml; charset=utf-8")

    feat = [a for a in arts if a["id"] in (45, 44)]
    latest = "".join(f'<li><a href="{a_(a["url"])}">{esc(a["title"])}</a></li>' for a in arts[:4])
    home = shell(TITLE, f"""<div class="blog-featured" itemscope itemtype="https://schema.org/Blog">
{"".join(blog_item(a) for a in feat)}
</div>
<div class="moduletable"><h3>Tin mới</h3><ul class="latestnews mod-list">{latest}</ul></div>""")
    s.add("/", "home.html", "home", home)
    s.add("/index.php", "home.html", "home", home)
    s.add("/index.php?option=com_content&view=article&id=2&Itemid=102", "gioi-thieu.html", "static", shell(f"Giới thiệu - {TITLE}", f"""<div class="item-page">
<div class="page-header"><h2 itemprop="headline">Giới thiệu Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hưng Yên</h2></div>
<dl class="article-info muted"><dd class="published">Ngày đăng: Thứ ba, 01 Tháng 7 2025 08:00</dd></dl>
<div itemprop="articleBody"><p>Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh là tổ chức chính trị - xã hội của trí thức khoa học và công nghệ, tập hợp các hội chuyên ngành, các tổ chức khoa học và công nghệ trên địa bàn tỉnh.</p>
<p>Liên hiệp Hội có nhiệm vụ tư vấn, phản biện và giám định xã hội các chương trình, đề án phát triển kinh tế - xã hội, trong đó có các đề án về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số của tỉnh.</p>
<p>Sau khi tỉnh Hưng Yên và tỉnh Thái Bình hợp nhất từ ngày 1/7/2025, Liên hiệp Hội của hai tỉnh được hợp nhất, trụ sở đặt tại phường Phố Hiến.</p></div></div>"""))
    s.add("/index.php?option=com_contact&view=contact&id=1&Itemid=105", "contact.html", "static", shell(f"Liên hệ - {TITLE}", """<div class="contact"><h2>Liên hệ</h2>
<p>Văn phòng Liên hiệp Hội, đường Nguyễn Văn Linh, phường Phố Hiến, tỉnh Hưng Yên.</p><p>Email: <a href="mailto:lienhiephoi@hungyen.example.vn">lienhiephoi@hungyen.example.vn</a></p></div>"""))
    s.add("/templates/protostar/css/template.css?6a1f3e2b9c", "template.css", "other", CSS, "text/css")
    s.add("/media/jui/js/jquery.min.js?6a1f3e2b9c", "jquery.min.js", "other", "/* jQuery stub */\n", "application/javascript")
    s.add("/templates/protostar/favicon.ico", "favicon.png", "other", png(16, 16, (200, 0, 0)), "image/png")
    s.add("/images/logo-lhh.png", "logo.png", "other", png(50, 14, (0, 80, 160)))
    s.add(PDF, "so-tay-cds.pdf", "other", pdf("So tay chuyen doi so cho hoi vien 2026"), "application/pdf")
    s.miss("/index.php?option=com_users&view=login&Itemid=120")
    return s
