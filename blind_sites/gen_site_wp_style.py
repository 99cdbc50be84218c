"""Site 4, wp-style: a WordPress 6.4 site of a provincial digital-transformation centre."""
from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

from gen_common import H, Site, by_date, esc, hhmm, pdf, png
from gen_content import ICT, make_article, slugify

SITE = dict(
    name="wp-style", tinh="Cà Mau", phuong="An Xuyên", xa=["Thới Bình", "Trần Văn Thời"],
    bylines=["Trung tâm CĐS", "Hữu Nghĩa", "Kim Ngân"],
    params=dict(tinh="Cà Mau", dv="tỉnh", dv_full="tỉnh Cà Mau", Dv_full="Tỉnh Cà Mau",
                ct="Huỳnh Văn Quý", ct_title="Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh", pct="Lâm Thị Mỹ Duyên",
                gds="Tô Minh Luân", gdca="Đại tá Trần Hữu Phước", n_xa=64, src="CĐS Cà Mau",
                lehoi="Lễ hội Văn hóa - Du lịch Đất Mũi", diadiem="Khu du lịch Mũi Cà Mau"),
    date_style="ngay",
)
NAME = "Trung tâm Chuyển đổi số tỉnh Cà Mau"
TAGLINE = "Thông tin, hướng dẫn và kết quả chuyển đổi số tỉnh Cà Mau"
THEME = "/wp-content/themes/dxc-child/style.css?ver=6.4.3"
JQ = "/wp-includes/js/jquery/jquery.min.js?ver=3.7.1"
MONTHS = ["", "Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6", "Tháng 7", "Tháng 8",
          "Tháng 9", "Tháng 10", "Tháng 11", "Tháng 12"]
PDF = "/wp-content/uploads/2026/11/Bao-cao-DTI-2025-cac-so-nganh.pdf"


def dt(s):
    return datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=ICT)


def wpdate(d):
    return f"{d.day} {MONTHS[d.month]}, {d.year}"


def head(title, extra=""):
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<meta name='robots' content='index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1' />
{extra}<link rel="alternate" type="application/rss+xml" title="{esc(NAME)} &raquo; Dòng thông tin" href="{H}/feed/" />
<link rel="alternate" type="application/rss+xml" title="{esc(NAME)} &raquo; Dòng phản hồi" href="{H}/comments/feed/" />
<link rel='stylesheet' id='dxc-style-css' href='{H}{THEME}' type='text/css' media='all' />
<script src="{H}{JQ}" id="jquery-core-js"></script>
<link rel="https://api.w.org/" href="{H}/wp-json/" />
<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{H}/xmlrpc.php?rsd" />
<meta name="generator" content="WordPress 6.4.3" />
</head>
"""


def masthead():
    return f"""<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Chuyển đến nội dung</a>
<header id="masthead" class="site-header">
  <div class="site-branding"><p class="site-title"><a href="{H}/" rel="home">{esc(NAME)}</a></p>
  <p class="site-description">{esc(TAGLINE)}</p></div>
  <nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
    <li class="menu-item menu-item-home"><a href="{H}/">Trang chủ</a></li>
    <li class="menu-item"><a href="{H}/gioi-thieu/">Giới thiệu</a></li>
    <li class="menu-item menu-item-has-children"><a href="{H}/category/chuyen-doi-so/">Chuyển đổi số</a>
      <ul class="sub-menu"><li class="menu-item"><a href="{H}/tag/dti/">Chỉ số DTI</a></li>
      <li class="menu-item"><a href="{H}/tag/de-an-06/">Đề án 06</a></li></ul></li>
    <li class="menu-item"><a href="{H}/category/tin-tong-hop/">Tin tổng hợp</a></li>
    <li class="menu-item"><a href="{H}/lien-he/">Liên hệ</a></li>
  </ul></nav>
</header>
<div id="content" class="site-content">"""


def sidebar(recent):
    rec = "".join(f'<li><a href="{H}{a["url"]}">{esc(a["title"])}</a></li>' for a in recent[:5])
    return f"""<aside id="secondary" class="widget-area">
<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="{H}/">
<label><span class="screen-reader-text">Tìm kiếm cho:</span><input type="search" class="search-field" placeholder="Tìm kiếm &hellip;" value="" name="s" /></label>
<input type="submit" class="search-submit" value="Tìm kiếm" /></form></section>
<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Bài viết mới</h2><ul>{rec}</ul></section>
<section id="archives-2" class="widget widget_archive"><h2 class="widget-title">Lưu trữ</h2><ul>
<li><a href="{H}/2026/11/">Tháng Mười Một 2026</a></li><li><a href="{H}/2026/10/">Tháng Mười 2026</a></li></ul></section>
<section id="categories-2" class="widget widget_categories"><h2 class="widget-title">Chuyên mục</h2><ul>
<li class="cat-item cat-item-3"><a href="{H}/category/chuyen-doi-so/">Chuyển đổi số</a></li>
<li class="cat-item cat-item-1"><a href="{H}/category/tin-tong-hop/">Tin tổng hợp</a></li></ul></section>
<section id="meta-2" class="widget widget_meta"><h2 class="widget-title">Meta</h2><ul>
<li><a href="{H}/wp-login.php">Đăng nhập</a></li><li><a href="{H}/feed/">Entries feed</a></li>
<li><a href="{H}/comments/feed/">Comments feed</a></li><li><a href="https://vi.wordpress.org/">WordPress.org</a></li></ul></section>
</aside>"""


def foot():
    return f"""</div><!-- #content -->
<footer id="colophon" class="site-footer"><div class="site-info">
<p>{esc(NAME)} - đơn vị sự nghiệp trực thuộc Sở Khoa học và Công nghệ tỉnh Cà Mau.</p>
<p>Địa chỉ: số 9 đường Hùng Vương, phường An Xuyên, tỉnh Cà Mau. Điện thoại: 0290.3567.xxx</p>
<p>Giấy phép thiết lập trang thông tin điện tử số 21/GP-STTTT. <a href="{H}/chinh-sach-bao-mat/">Chính sách bảo mật</a></p>
<p>Vận hành bởi <a href="https://wordpress.org/">WordPress</a></p>
</div></footer></div>
<script src="{H}/wp-includes/js/wp-emoji-release.min.js?ver=6.4.3" id="wp-emoji-js"></script>
</body></html>
"""


def entry_summary(a):
    return f"""<article id="post-{a["pid"]}" class="post-{a["pid"]} post type-post status-publish format-standard has-post-thumbnail hentry category-{a["cat"]}">
<header class="entry-header"><h2 class="entry-title"><a href="{H}{a["url"]}" rel="bookmark">{esc(a["title"])}</a></h2>
<div class="entry-meta"><span class="posted-on"><a href="{H}{a["url"]}" rel="bookmark"><time class="entry-date published" datetime="{a["pub"].isoformat()}">{wpdate(a["pub"])}</time></a></span>
<span class="byline"> bởi <span class="author vcard"><a class="url fn n" href="{H}/author/admin/">admin</a></span></span></div></header>
<a class="post-thumbnail" href="{H}{a["url"]}"><img width="300" height="200" src="{H}{a["img"]}" class="attachment-post-thumbnail" alt="" /></a>
<div class="entry-summary"><p>{esc(a["lead"][:230].rsplit(" ", 1)[0])} [&hellip;]</p>
<a class="more-link" href="{H}{a["url"]}">Đọc tiếp <span class="screen-reader-text">{esc(a["title"])}</span></a></div>
</article>"""


def archive_page(title, heading, arts, recent, body_class, nav_prev=None, nav_next=None, desc=""):
    nav = ""
    if nav_prev or nav_next:
        nav = '<nav class="navigation posts-navigation"><div class="nav-links">'
        if nav_prev:
            nav += f'<div class="nav-previous"><a href="{H}{nav_prev}">Bài cũ hơn</a></div>'
        if nav_next:
            nav += f'<div class="nav-next"><a href="{H}{nav_next}">Bài mới hơn</a></div>'
        nav += "</div></nav>"
    items = "\n".join(entry_summary(a) for a in arts)
    hdr = f'<header class="page-header"><h1 class="page-title">{esc(heading)}</h1>{desc}</header>' if heading else ""
    return (head(f"{title} &#8211; {NAME}".replace("&#8211;", "–")) + f'<body class="{body_class}">\n' + masthead()
            + f'<main id="primary" class="site-main">{hdr}\n{items}\n{nav}</main>\n' + sidebar(recent) + foot())


def single(a, prev, nxt, recent, rng):
    paras = "".join(f"<p>{esc(x)}</p>\n" for x in a["paras"][:2])
    paras += (f'<figure class="wp-block-image size-large"><img decoding="async" src="{H}{a["img"]}" alt="" class="wp-image-{a["pid"] + 1}"/>'
              f'<figcaption class="wp-element-caption">{esc(a["caption"])}</figcaption></figure>\n')
    paras += "".join(f"<p>{esc(x)}</p>\n" for x in a["paras"][2:])
    if a["kind"] == "dti_local":
        paras += f'<p>Xem chi tiết: <a href="{H}{PDF}">Báo cáo kết quả đánh giá (tệp PDF)</a></p>\n'
    tags = ", ".join(f'<a href="{H}/tag/{t}/" rel="tag">{n}</a>' for t, n in a["tags"])
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "Article", "@id": f"{H}{a['url']}#article", "headline": a["title"],
         "datePublished": a["pub"].isoformat(), "dateModified": (a["pub"] + timedelta(hours=2)).isoformat(),
         "author": {"name": "admin"}, "articleSection": [a["catname"]], "inLanguage": "vi"},
        {"@type": "WebPage", "@id": f"{H}{a['url']}", "url": f"{H}{a['url']}", "name": f"{a['title']} - {NAME}"}]}
    extra = (f'<link rel="canonical" href="{H}{a["url"]}" />\n<meta property="og:locale" content="vi_VN" />\n'
             f'<meta property="og:type" content="article" />\n<meta property="og:title" content="{esc(a["title"])}" />\n'
             f'<meta property="article:published_time" content="{a["pub"].isoformat()}" />\n'
             f'<meta property="article:modified_time" content="{(a["pub"] + timedelta(hours=2)).isoformat()}" />\n'
             f'<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(graph, ensure_ascii=False)}</script>\n'
             f'<link rel="alternate" type="application/rss+xml" title="{esc(NAME)} &raquo; {esc(a["title"])} Dòng phản hồi" href="{H}{a["url"]}feed/" />\n'
             f'<link rel="alternate" type="application/json" href="{H}/wp-json/wp/v2/posts/{a["pid"]}" />\n'
             f"<link rel='shortlink' href='{H}/?p={a['pid']}' />\n")
    nav = '<nav class="navigation post-navigation"><div class="nav-links">'
    if prev:
        nav += f'<div class="nav-previous"><a href="{H}{prev["url"]}" rel="prev"><span class="meta-nav">Bài trước</span> {esc(prev["title"])}</a></div>'
    if nxt:
        nav += f'<div class="nav-next"><a href="{H}{nxt["url"]}" rel="next"><span class="meta-nav">Bài sau</span> {esc(nxt["title"])}</a></div>'
    nav += "</div></nav>"
    main = f"""<main id="primary" class="site-main">
<article id="post-{a["pid"]}" class="post-{a["pid"]} post type-post status-publish format-standard hentry category-{a["cat"]}">
<header class="entry-header"><h1 class="entry-title">{esc(a["title"])}</h1>
<div class="entry-meta"><span class="posted-on">Đăng ngày <a href="{H}{a["url"]}" rel="bookmark"><time class="entry-date published" datetime="{a["pub"].isoformat()}">{wpdate(a["pub"])}</time></a> lúc {hhmm(a["pub"])}</span>
<span class="byline"> bởi <span class="author vcard"><a class="url fn n" href="{H}/author/admin/">admin</a></span></span></div></header>
<div class="entry-content">
<p><strong>{esc(a["lead"])}</strong></p>
{paras}<p style="text-align: right;"><strong>{esc(a["byline"])}</strong></p>
<div class="sharedaddy"><h3 class="sd-title">Chia sẻ:</h3>
<a href="https://www.facebook.com/sharer.php?u={H}{a["url"]}" target="_blank">Facebook</a>
<a href="https://twitter.com/intent/tweet?url={H}{a["url"]}" target="_blank">X</a></div>
</div>
<footer class="entry-footer"><span class="cat-links">Chuyên mục <a href="{H}/category/{a["cat"]}/" rel="category tag">{esc(a["catname"])}</a></span>
{('<span class="tags-links">Thẻ ' + tags + '</span>') if tags else ''}</footer>
</article>
{nav}
<div id="comments" class="comments-area"><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Trả lời</h3>
<form action="{H}/wp-comments-post.php" method="post" id="commentform" class="comment-form"><p class="comment-notes">Email của bạn sẽ không được hiển thị công khai.</p>
<textarea id="comment" name="comment"></textarea><input name="submit" type="submit" id="submit" class="submit" value="Phản hồi" /></form></div></div>
</main>
"""
    return head(f"{a['title']} – {NAME}", extra) + f'<body class="post-template-default single single-post postid-{a["pid"]}">\n' + masthead() + main + sidebar(recent) + foot()


def feed(arts):
    now = format_datetime(arts[0]["pub"].astimezone(timezone.utc))
    items = []
    for a in arts:
        cats = f"<category><![CDATA[{a['catname']}]]></category>" + "".join(
            f"<category><![CDATA[{n}]]></category>" for _, n in a["tags"])
        content = "".join(f"<p>{esc(x)}</p>" for x in [a["lead"]] + a["paras"])
        items.append(f"""	<item>
		<title>{esc(a["title"])}</title>
		<link>{H}{a["url"]}</link>
		<comments>{H}{a["url"]}#respond</comments>
		<dc:creator><![CDATA[admin]]></dc:creator>
		<pubDate>{format_datetime(a["pub"].astimezone(timezone.utc))}</pubDate>
		{cats}
		<guid isPermaLink="false">{H}/?p={a["pid"]}</guid>
		<description><![CDATA[{a["lead"][:200].rsplit(" ", 1)[0]} [&#8230;]]]></description>
		<content:encoded><![CDATA[{content}]]></content:encoded>
		<wfw:commentRss>{H}{a["url"]}feed/</wfw:commentRss>
		<slash:comments>0</slash:comments>
	</item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>

<channel>
	<title>{esc(NAME)}</title>
	<atom:link href="{H}/feed/" rel="self" type="application/rss+xml" />
	<link>{H}</link>
	<description>{esc(TAGLINE)}</description>
	<lastBuildDate>{now}</lastBuildDate>
	<language>vi</language>
	<sy:updatePeriod>hourly</sy:updatePeriod>
	<sy:updateFrequency>1</sy:updateFrequency>
	<generator>https://wordpress.org/?v=6.4.3</generator>
{chr(10).join(items)}
	</channel>
</rss>
"""


def build() -> Site:
    s = Site("wp-style", NAME, "wordpress", False,
             "DOMAIN.md provincial/department rows (many units run small CMS sites); WordPress 6.4 default theme "
             "conventions (permalinks /%year%/%monthnum%/%day%/%postname%/, Yoast-style head)",
             "WordPress discovery: /feed/ RSS 2.0 (newest 5 only), /page/2/ and /category/.../page/2/ paging, "
             "date-shaped month archives (/2026/11/) that are listings not articles, /tag/, /author/, a WP page "
             "(/gioi-thieu/) that looks like a post; shortlinks /?p=N and per-post comment feeds answer 404; "
             "all links absolute with the host")
    rng = random.Random("wp-style")
    plan = [
        ("bcd", "2026-11-19 16:20", "chuyen-doi-so", 1482),
        ("dti_local", "2026-11-16 09:05", "chuyen-doi-so", 1475),
        ("lehoi", "2026-11-13 18:30", "tin-tong-hop", 1469),
        ("dvc", "2026-11-11 08:15", "chuyen-doi-so", 1461),
        ("hatang", "2026-11-04 14:40", "chuyen-doi-so", 1450),
        ("kynang", "2026-10-28 10:00", "chuyen-doi-so", 1437),
        ("da06", "2026-10-21 15:55", "chuyen-doi-so", 1426),
    ]
    catnames = {"chuyen-doi-so": "Chuyển đổi số", "tin-tong-hop": "Tin tổng hợp"}
    arts = []
    for i, (kind, when, cat, pid) in enumerate(plan):
        a = make_article(kind, SITE, dt(when), i)
        slug = slugify(a["title"])
        d = a["pub"]
        a.update(cat=cat, catname=catnames[cat], pid=pid, url=f"/{d.year}/{d.month:02d}/{d.day:02d}/{slug}/",
                 img=f"/wp-content/uploads/{d.year}/{d.month:02d}/{slug[:40]}-300x200.png")
        a["tags"] = ([("dti", "DTI")] if kind in ("bcd", "dti_local") else []) + ([("de-an-06", "Đề án 06")] if kind == "da06" else [])
        arts.append(a)
    arts = by_date(arts)
    for i, a in enumerate(arts):
        prev = arts[i + 1] if i + 1 < len(arts) else None
        nxt = arts[i - 1] if i > 0 else None
        s.article(a["url"], f"post-{a['pid']}.html", a, single(a, prev, nxt, arts, rng))
        s.add(a["img"], f"img-{a['pid']}.png", "other", png(30, 20, (200, 120 - i * 10, 40)))
        s.miss(f"{a['url']}feed/", f"/wp-json/wp/v2/posts/{a['pid']}", f"/?p={a['pid']}")

    s.add("/", "home.html", "home", archive_page(NAME, "", arts[:5], arts, "home blog", nav_prev="/page/2/"))
    s.add("/page/2/", "page-2.html", "listing", archive_page(f"{NAME} – Trang 2", "", arts[5:], arts, "home blog paged paged-2", nav_next="/"))
    cds = [a for a in arts if a["cat"] == "chuyen-doi-so"]
    s.add("/category/chuyen-doi-so/", "cat-cds.html", "category",
          archive_page("Chuyển đổi số", "Chuyên mục: Chuyển đổi số", cds[:5], arts, "archive category category-chuyen-doi-so",
                       nav_prev="/category/chuyen-doi-so/page/2/",
                       desc="<div class=\"archive-description\"><p>Tin tức, sự kiện về chuyển đổi số, chính quyền số, kinh tế số và xã hội số.</p></div>"))
    s.add("/category/chuyen-doi-so/page/2/", "cat-cds-2.html", "category",
          archive_page("Chuyển đổi số – Trang 2", "Chuyên mục: Chuyển đổi số", cds[5:], arts, "archive category paged-2",
                       nav_next="/category/chuyen-doi-so/"))
    s.add("/category/tin-tong-hop/", "cat-tth.html", "category",
          archive_page("Tin tổng hợp", "Chuyên mục: Tin tổng hợp", [a for a in arts if a["cat"] == "tin-tong-hop"], arts, "archive category"))
    for t, n in (("dti", "DTI"), ("de-an-06", "Đề án 06")):
        s.add(f"/tag/{t}/", f"tag-{t}.html", "tag",
              archive_page(n, f"Thẻ: {n}", [a for a in arts if (t, n) in a["tags"]], arts, f"archive tag tag-{t}"))
    s.add("/author/admin/", "author-admin.html", "listing",
          archive_page("admin", "Tác giả: admin", arts[:5], arts, "archive author", nav_prev="/author/admin/page/2/"))
    s.add("/author/admin/page/2/", "author-admin-2.html", "listing",
          archive_page("admin – Trang 2", "Tác giả: admin", arts[5:], arts, "archive author paged-2", nav_next="/author/admin/"))
    s.add("/2026/11/", "archive-2026-11.html", "listing",
          archive_page("Tháng Mười Một 2026", "Tháng: Tháng Mười Một 2026", [a for a in arts if a["pub"].month == 11], arts, "archive date"))
    s.add("/2026/10/", "archive-2026-10.html", "listing",
          archive_page("Tháng Mười 2026", "Tháng: Tháng Mười 2026", [a for a in arts if a["pub"].month == 10], arts, "archive date"))
    s.add("/feed/", "feed.xml", "feed", feed(arts[:5]), "application/rss+xml; charset=UTF-8")

    page_tpl = lambda title, content, pid: (head(f"{title} – {NAME}", f'<link rel="canonical" href="{H}/{slugify(title)}/" />\n')
                                            + f'<body class="page-template-default page page-id-{pid}">\n' + masthead()
                                            + f'<main id="primary" class="site-main"><article id="post-{pid}" class="post-{pid} page type-page status-publish hentry">'
                                            + f'<header class="entry-header"><h1 class="entry-title">{esc(title)}</h1></header>'
                                            + f'<div class="entry-content">{content}</div></article></main>\n' + sidebar(arts) + foot())
    s.add("/gioi-thieu/", "page-gioi-thieu.html", "static", page_tpl("Giới thiệu", f"""
<p>{esc(NAME)} được thành lập theo quyết định của UBND tỉnh, là đơn vị sự nghiệp công lập trực thuộc Sở Khoa học và Công nghệ, có chức năng vận hành hạ tầng số dùng chung, Trung tâm giám sát, điều hành thông minh (IOC) và các nền tảng số của tỉnh.</p>
<p>Trung tâm có nhiệm vụ bảo đảm an toàn thông tin cho các hệ thống dùng chung, hỗ trợ kỹ thuật cho các sở, ngành và xã, phường trong triển khai chính quyền số; tổ chức đào tạo, bồi dưỡng kỹ năng số cho cán bộ, công chức và người dân.</p>
<p>Đăng ngày 02/07/2025 - cập nhật lần cuối 15/09/2026.</p>""", 2))
    s.add("/lien-he/", "page-lien-he.html", "static", page_tpl("Liên hệ", """
<p>Địa chỉ: số 9 đường Hùng Vương, phường An Xuyên, tỉnh Cà Mau.</p><p>Điện thoại: 0290.3567.xxx - Email: <a href="mailto:cds@camau.example.gov.vn">cds@camau.example.gov.vn</a></p>
<div class="wpcf7"><form action="/lien-he/#wpcf7-f12-p9-o1" method="post" class="wpcf7-form"><input type="text" name="your-name"/><textarea name="your-message"></textarea><input type="submit" value="Gửi"/></form></div>""", 9))
    s.add(THEME, "style.css", "other", "/*\nTheme Name: DXC Child\nTemplate: twentytwentyone\n*/\nbody{font-family:sans-serif}\n", "text/css")
    s.add(JQ, "jquery.min.js", "other", "/*! jQuery stub for the offline mirror */\nwindow.jQuery=window.$=function(){return{ready:function(f){f()}}};\n",
          "application/javascript")
    s.add("/wp-includes/js/wp-emoji-release.min.js?ver=6.4.3", "wp-emoji.js", "other", "/* emoji */\n", "application/javascript")
    s.add(PDF, "bao-cao-dti.pdf", "other", pdf("Bao cao ket qua danh gia DTI 2025 cac so nganh"), "application/pdf")
    s.miss("/comments/feed/", "/wp-json/", "/xmlrpc.php?rsd", "/wp-login.php", "/chinh-sach-bao-mat/", "/wp-comments-post.php")
    return s
