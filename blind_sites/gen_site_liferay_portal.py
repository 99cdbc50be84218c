"""Extra site, liferay-portal: a provincial portal on Liferay (/-/<slug> web content, asset publisher lists)."""
from __future__ import annotations

import random
from datetime import datetime

from gen_common import H, Site, by_date, ddmmyyyy, esc, hhmm, png, views
from gen_content import ICT, make_article, slugify

SITE = dict(
    name="liferay-portal", tinh="Lâm Đồng", phuong="Xuân Hương - Đà Lạt", xa=["Đức Trọng", "Di Linh"],
    bylines=["Cổng TTĐT tỉnh", "Thanh Tâm", "Đăng Khoa"],
    params=dict(tinh="Lâm Đồng", dv="tỉnh", dv_full="tỉnh Lâm Đồng", Dv_full="Tỉnh Lâm Đồng",
                ct="Hồ Văn Mười", ct_title="Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh", pct="Đinh Văn Tuấn",
                gds="Phạm Thị Thu Trang", gdca="Đại tá Lê Quang Đạo", n_xa=124, src="LĐ",
                lehoi="Festival Hoa Đà Lạt", diadiem="Quảng trường Lâm Viên, phường Xuân Hương - Đà Lạt"),
)
TITLE = "Cổng Thông tin điện tử tỉnh Lâm Đồng"
AP = "com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_"
THEME_CSS = "/o/lamdong-theme/css/main.css?browserId=other&themeId=lamdongtheme_WAR_lamdongtheme&languageId=vi_VN&b=7413&t=1731400000000"
TRAP = ("/-/gioi-thieu-khai-quat-ve-tinh-lam-ong", "Giới thiệu khái quát về tỉnh Lâm Đồng")


def dt(s):
    return datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=ICT)


def ap_page(inst, cur):
    return f"?p_p_id={AP}{inst}&p_p_lifecycle=0&p_p_state=normal&p_p_mode=view&_{AP}{inst}_cur={cur}"


def shell(title, body, friendly="/web/guest/trang-chu"):
    return f"""<!DOCTYPE html>
<html class="ltr" dir="ltr" lang="vi-VN">
<head>
<title>{esc(title)} - {esc(TITLE)}</title>
<meta content="initial-scale=1.0, width=device-width" name="viewport" />
<meta content="text/html; charset=UTF-8" http-equiv="content-type" />
<link href="{H}{friendly}" rel="canonical" />
<link class="lfr-css-file" data-senna-track="temporary" href="{esc(THEME_CSS)}" id="liferayAUICSS" rel="stylesheet" type="text/css" />
<script data-senna-track="permanent" src="/combo?browserId=other&amp;minifierType=js&amp;languageId=vi_VN&amp;b=7413&amp;t=1731400000000" type="text/javascript"></script>
<script type="text/javascript">var themeDisplay=Liferay.ThemeDisplay={{getLayoutRelativeURL:function(){{return '{friendly}';}},getLanguageId:function(){{return 'vi_VN';}}}};</script>
</head>
<body class="controls-visible chrome yui3-skin-sam signed-out public-page site">
<div class="container-fluid" id="wrapper">
<header id="banner" role="banner"><div class="navbar-header"><a class="logo" href="/web/guest/trang-chu" title="Đi đến {esc(TITLE)}"><img alt="" height="90" src="/image/layout_set_logo?img_id=41203&amp;t=1731400000000" width="600" /></a></div>
<a data-redirect="false" href="/c/portal/login?p_l_id=20143" id="sign-in" rel="nofollow">Đăng nhập</a>
<nav class="sort-pages modify-pages" id="navigation" role="navigation"><ul aria-label="Trang" role="menubar">
<li><a href="/web/guest/trang-chu" role="menuitem"><span>Trang chủ</span></a></li>
<li><a href="/web/guest/gioi-thieu" role="menuitem"><span>Giới thiệu</span></a></li>
<li><a href="/web/guest/tin-tuc" role="menuitem"><span>Tin tức</span></a></li>
<li><a href="/web/guest/chuyen-doi-so" role="menuitem"><span>Chuyển đổi số</span></a></li>
<li><a href="https://dichvucong.lamdong.example.gov.vn/" role="menuitem"><span>Dịch vụ công</span></a></li>
<li><a href="/web/guest/lien-he" role="menuitem"><span>Liên hệ</span></a></li></ul></nav>
</header>
<section id="content"><div class="columns-2" id="main-content" role="main"><div class="portlet-layout row">
<div class="col-md-8 portlet-column portlet-column-first" id="column-1">
{body}
</div>
<div class="col-md-4 portlet-column portlet-column-last" id="column-2">
<section class="portlet" id="portlet_com_liferay_journal_content_web_portlet_JournalContentPortlet_INSTANCE_lk01"><div class="portlet-content">
<h2 class="portlet-title-text">Liên kết</h2><a href="https://chinhphu.vn/" target="_blank">Cổng TTĐT Chính phủ</a><br /><a href="https://dichvucong.gov.vn/" target="_blank">Cổng Dịch vụ công quốc gia</a>
<div class="counter">Đang truy cập: 156 · Tổng truy cập: 19.774.230</div></div></section>
</div></div></div></section>
<footer id="footer" role="contentinfo"><p>CỔNG THÔNG TIN ĐIỆN TỬ TỈNH LÂM ĐỒNG - Cơ quan chủ quản: UBND tỉnh Lâm Đồng</p>
<p>Giấy phép số 99/GP-TTĐT ngày 02/10/2020. Địa chỉ: số 36 Trần Phú, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng</p>
<p>Ghi rõ nguồn “Cổng Thông tin điện tử tỉnh Lâm Đồng” khi phát hành lại thông tin từ website này.</p></footer>
</div>
<script type="text/javascript">Liferay.Portlet.onLoad({{canEditTitle:false,portletId:'{AP}cds01'}});</script>
</body></html>
"""


def ap_list(inst, title, arts, cur, last, friendly):
    items = "\n".join(f"""<div class="asset-abstract">
<div class="asset-small-image"><img alt="" class="asset-small-image img-thumbnail" src="{a["img"]}" width="150" /></div>
<h3 class="asset-title"><a href="{a["url"]}">{esc(a["title"])}</a></h3>
<div class="asset-metadata"><span class="metadata-entry metadata-publish-date">{ddmmyyyy(a["pub"])} {hhmm(a["pub"])}</span></div>
<div class="asset-summary">{esc(a["lead"][:200])}...</div>
<div class="asset-more"><a href="{a["url"]}">Xem tiếp <span class="hide-accessible">về {esc(a["title"])}</span> »</a></div>
</div>""" for a in arts)
    pager = ""
    if last > 1:
        lis = []
        if cur > 1:
            prev = friendly if cur == 2 else friendly + ap_page(inst, cur - 1)
            lis.append(f'<li><a href="{esc(prev)}">&larr; Trước</a></li>')
        for n in range(1, last + 1):
            href = friendly if n == 1 else friendly + ap_page(inst, n)
            lis.append(f'<li class="active"><a href="javascript:;">{n}</a></li>' if n == cur else f'<li><a href="{esc(href)}">{n}</a></li>')
        if cur < last:
            lis.append(f'<li><a href="{esc(friendly + ap_page(inst, cur + 1))}">Tiếp &rarr;</a></li>')
        pager = f'<div class="taglib-page-iterator"><ul class="pagination">{"".join(lis)}</ul></div>'
    return f"""<section class="portlet" id="portlet_{AP}{inst}"><div class="portlet-content">
<h2 class="portlet-title-text">{esc(title)}</h2>
<div class="portlet-body">{items}</div>
{pager}</div></section>"""


def journal(a, others, rng):
    body = "".join(f"<p>{esc(x)}</p>" for x in a["paras"][:2])
    body += f'<p style="text-align:center"><img src="{a["img"]}" /><br /><em>{esc(a["caption"])}</em></p>'
    body += "".join(f"<p>{esc(x)}</p>" for x in a["paras"][2:])
    oth = "".join(f'<li><a href="{o["url"]}">{esc(o["title"])}</a> ({ddmmyyyy(o["pub"])})</li>' for o in others)
    return f"""<section class="portlet" id="portlet_{AP}cds01"><div class="portlet-content">
<div class="asset-full-content show-asset-title">
<h3 class="header-title"><span>{esc(a["title"])}</span></h3>
<div class="asset-metadata"><span class="metadata-entry metadata-publish-date">Ngày đăng: {ddmmyyyy(a["pub"])} | {hhmm(a["pub"])}</span>
<span class="metadata-entry metadata-view-count">{views(rng)} lượt xem</span></div>
<div class="journal-content-article"><p><strong>{esc(a["lead"])}</strong></p>{body}<p style="text-align:right"><strong>{esc(a["byline"])}</strong></p></div>
<div class="asset-ratings"></div>
<div class="taglib-social-bookmarks"><a href="https://www.facebook.com/sharer/sharer.php?u={H}{a["url"]}" target="_blank">Facebook</a></div>
</div>
<div class="asset-links"><h4>Tin cùng chuyên mục</h4><ul>{oth}</ul></div>
</div></section>"""


def build() -> Site:
    s = Site("liferay-portal", TITLE, "liferay", False,
             "DOMAIN.md row 'provincial portals on Liferay (e.g. Đắk Lắk, Đà Nẵng): /-/<slug>; the slugifier drops \"đ\"; asset publisher lists'",
             "Liferay: articles at /-/<slug> where 'đ' is dropped (lam-ong, chuyen-oi-so), asset publisher lists on "
             "/web/guest/... pages paged by long p_p_id/_cur query strings (&amp;-escaped in HTML), a static web "
             "content at /-/gioi-thieu-khai-quat-ve-tinh-lam-ong with the same URL shape as an article (trap), a theme "
             "CSS URL with its own query string")
    rng = random.Random("liferay-portal")
    plan = [("bcd", "2026-11-18 16:12"), ("dti", "2026-11-14 09:40"), ("lehoi", "2026-11-11 21:00"),
            ("dvc", "2026-11-05 10:25"), ("da06", "2026-10-29 15:05")]
    arts = []
    for i, (kind, when) in enumerate(plan):
        a = make_article(kind, SITE, dt(when), i)
        a.update(url="/-/" + slugify(a["title"], drop_d=True), img=f"/documents/20143/0/anh-{i + 1}.png", file=f"wc-{i + 1}.html")
        arts.append(a)
    arts = by_date(arts)
    cds = [a for a in arts if a["cds"]]
    for a in arts:
        oth = [o for o in (cds if a["cds"] else arts) if o is not a][:3]
        s.article(a["url"], a["file"], a, shell(a["title"], journal(a, oth, rng), a["url"]))
        s.add(a["img"], a["file"].replace(".html", ".png"), "other", png(30, 20, (120, 60, 150)))

    # asset publisher lists
    s.add("/web/guest/chuyen-doi-so", "cds-p1.html", "category",
          shell("Chuyển đổi số", ap_list("cds01", "Chuyển đổi số", cds[:3], 1, 2, "/web/guest/chuyen-doi-so"), "/web/guest/chuyen-doi-so"))
    s.add("/web/guest/chuyen-doi-so" + ap_page("cds01", 2), "cds-p2.html", "category",
          shell("Chuyển đổi số", ap_list("cds01", "Chuyển đổi số", cds[3:], 2, 2, "/web/guest/chuyen-doi-so"), "/web/guest/chuyen-doi-so"))
    s.add("/web/guest/tin-tuc", "tin-tuc.html", "listing",
          shell("Tin tức", ap_list("tt01", "Tin tức - Sự kiện", arts[:4], 1, 1, "/web/guest/tin-tuc"), "/web/guest/tin-tuc"))
    home = shell("Trang chủ", ap_list("home01", "Tin nổi bật", arts[:3], 1, 1, "/web/guest/trang-chu")
                 + f'<section class="portlet"><div class="portlet-content"><a href="{TRAP[0]}">{esc(TRAP[1])}</a> · '
                   f'<a href="/web/guest/chuyen-doi-so">Chuyên mục Chuyển đổi số »</a></div></section>')
    s.add("/", "home.html", "home", home)
    s.add("/web/guest/trang-chu", "home.html", "home", home)
    s.add(TRAP[0], "wc-gioi-thieu.html", "static", shell(TRAP[1], f"""<section class="portlet"><div class="portlet-content">
<div class="asset-full-content"><h3 class="header-title"><span>{esc(TRAP[1])}</span></h3>
<div class="asset-metadata"><span class="metadata-entry metadata-publish-date">Ngày đăng: 01/07/2025 | 08:00</span></div>
<div class="journal-content-article"><p>Tỉnh Lâm Đồng (mới) được thành lập từ ngày 1/7/2025 trên cơ sở hợp nhất ba tỉnh Lâm Đồng, Đắk Nông và Bình Thuận, có diện tích tự nhiên lớn nhất cả nước, trải dài từ cao nguyên Lâm Viên đến bờ biển Nam Trung Bộ.</p>
<p>Trung tâm hành chính của tỉnh đặt tại phường Xuân Hương - Đà Lạt. Tỉnh có thế mạnh về nông nghiệp công nghệ cao, du lịch nghỉ dưỡng, năng lượng tái tạo và khai thác bô-xít.</p>
<p>Tỉnh có 124 đơn vị hành chính cấp xã và đặc khu Phú Quý.</p></div></div></div></section>""", TRAP[0]))
    s.add("/web/guest/gioi-thieu", "gioi-thieu.html", "static", shell("Giới thiệu", f"""<section class="portlet"><div class="portlet-content">
<h2>Giới thiệu</h2><ul><li><a href="{TRAP[0]}">{esc(TRAP[1])}</a></li></ul></div></section>""", "/web/guest/gioi-thieu"))
    s.add("/web/guest/lien-he", "lien-he.html", "static", shell("Liên hệ", """<section class="portlet"><div class="portlet-content">
<h2>Liên hệ</h2><p>Ban Biên tập Cổng TTĐT tỉnh Lâm Đồng, số 36 Trần Phú, phường Xuân Hương - Đà Lạt.</p>
<p>Email: <a href="mailto:bbt@lamdong.example.gov.vn">bbt@lamdong.example.gov.vn</a></p></div></section>""", "/web/guest/lien-he"))
    s.add(THEME_CSS, "main.css", "other", "body{font-family:Roboto,sans-serif}\n", "text/css")
    s.add("/combo?browserId=other&minifierType=js&languageId=vi_VN&b=7413&t=1731400000000", "combo.js", "other",
          "var Liferay={Portlet:{onLoad:function(){}},ThemeDisplay:{}};\n", "application/javascript")
    s.add("/image/layout_set_logo?img_id=41203&t=1731400000000", "logo.png", "other", png(60, 9, (10, 110, 60)))
    s.miss("/c/portal/login?p_l_id=20143")
    return s
