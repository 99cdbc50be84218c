"""Site 3, query-id: a legacy ASP.NET department portal, articles as /news.aspx?id=N."""
from __future__ import annotations

import random
from datetime import datetime

from gen_common import CSS, Site, by_date, ddmmyyyy, ent, esc, hhmm, pdf, png, quirky, to_eth, views
from gen_content import ICT, make_article

SITE = dict(
    name="query-id", tinh="Vĩnh Long", phuong="Trường An", xa=["Long Hồ", "Mang Thít"],
    bylines=["Phòng Quản lý công nghệ và chuyển đổi số", "Ngọc Trâm", "T.H"],
    params=dict(tinh="Vĩnh Long", dv="tỉnh", dv_full="tỉnh Vĩnh Long", Dv_full="Tỉnh Vĩnh Long",
                ct="Lữ Quang Ngời", ct_title="Phó Bí thư Tỉnh uỷ, Chủ tịch UBND tỉnh", pct="Nguyễn Thị Quyên Thanh",
                gds="Trần Văn Tường", gdca="Đại tá Lê Thanh Hiền", n_xa=107, src="SKHCN",
                vu1="Đông Xuân 2024 - 2025", vu2="Hè Thu 2025", ord=2),
)
TITLE = "Sở Khoa học và Công nghệ tỉnh Vĩnh Long"
CAT = {3: "Chuyển đổi số", 5: "Tin hoạt động",
       9: "Chương trình phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Vĩnh Long giai đoạn 2021 - 2025"}
PDF = "/Upload/VanBan/2025/KH-128-UBND-chuyen-doi-so-2025.pdf"


def dt(s):
    return datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=ICT)


VIEWSTATE = "/wEPDwUKMTY1NDU2MTA1Mg9kFgJmD2QWAgIDD2QWBAIBDxYCHgRUZXh0BRtT4bufIEtob2EgaOG7jWMgdsOgIEPDtG5nIG5naOG7hw"


def shell(title, action, body):
    menu = "".join(f'<li><a href="/news.aspx?cat={c}">{ent(n if c != 9 else "Chương trình KH,CN,ĐMST và CĐS")}</a></li>'
                   for c, n in CAT.items())
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="vi">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{ent(title)}</title>
<link href="/App_Themes/Default/style.css" rel="stylesheet" type="text/css" />
<script src="/WebResource.axd?d=pynGkmcFUV13He1Qd6_TZA2&amp;t=638250712200000000" type="text/javascript"></script>
</head>
<body>
<form method="post" action="{action}" id="form1">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{VIEWSTATE}" />
</div>
<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['form1'];
function __doPostBack(eventTarget, eventArgument) {{
    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {{
        theForm.__EVENTTARGET.value = eventTarget; theForm.__EVENTARGUMENT.value = eventArgument; theForm.submit();
    }}
}}
//]]>
</script>
<div id="wrapper">
<div id="header"><a href="/Default.aspx"><img src="/Images/banner.png" alt="{ent(TITLE)}" /></a></div>
<table id="menu" width="100%" cellpadding="0" cellspacing="0"><tr><td>
<ul class="topmenu"><li><a href="/Default.aspx">{ent("Trang chủ")}</a></li>
<li><a href="/news.aspx?id=1002">{ent("Giới thiệu")}</a></li>
{menu}
<li><a href="/VanBan.aspx">{ent("Văn bản")}</a></li>
<li><a href="/Login.aspx?ReturnUrl=%2fDefault.aspx">{ent("Đăng nhập")}</a></li></ul>
</td></tr></table>
<table width="100%"><tr>
<td valign="top" id="content">
{body}
</td>
<td valign="top" width="240" id="right">
<div class="box"><div class="box-title">{ent("Văn bản mới")}</div>
<a href="{PDF}">{ent("Kế hoạch số 128/KH-UBND về chuyển đổi số năm 2025")}</a></div>
<div class="box"><div class="box-title">{ent("Liên kết")}</div>
<a href="https://dichvucong.vinhlong.gov.vn/" target="_blank">{ent("Dịch vụ công trực tuyến")}</a><br />
<a href="https://most.gov.vn/" target="_blank">{ent("Bộ Khoa học và Công nghệ")}</a></div>
<div class="box"><div class="box-title">{ent("Thống kê truy cập")}</div>{ent("Đang truy cập")}: 17<br />{ent("Tổng lượt truy cập")}: 1.284.507</div>
</td></tr></table>
<div id="footer">
{ent("Bản quyền thuộc Sở Khoa học và Công nghệ tỉnh Vĩnh Long")}<br />
{ent("Địa chỉ: số 111 đường Lê Thái Tổ, Phường 2, thành phố Vĩnh Long. Điện thoại: 0270.3822.xxx")}<br />
{ent("Giấy phép số 07/GP-TTĐT do Sở Thông tin và Truyền thông cấp ngày 12/3/2019")}<br />
<a href="/Search.aspx">{ent("Tìm kiếm nâng cao")}</a> | <a href="/news.aspx?id=1003">{ent("Liên hệ")}</a>
</div>
</div>
</form>
</body></html>
"""


def listing(cat, arts, page, pages):
    rows = "\n".join(
        f'<tr><td class="news-item"><a class="title" href="/news.aspx?id={a["id"]}">{ent(a["title"])}</a>'
        f' <span class="date">({ddmmyyyy(a["pub"])})</span><br /><span class="sum">{ent(a["lead"][:160])}...</span></td></tr>'
        for a in arts)
    pager = ""
    if pages > 1:
        cells = []
        for n in range(1, pages + 1):
            cells.append(f"<span>{n}</span>" if n == page else f'<a href="/news.aspx?cat={cat}&amp;page={n}">{n}</a>')
        if page < pages:
            cells.append(f'<a href="javascript:__doPostBack(&#39;ctl00$Content$pager&#39;,&#39;{page + 1}&#39;)">&gt;&gt;</a>')
        pager = f'<div class="pager">{ent("Trang")}: {" ".join(cells)}</div>'
    return f"""<div class="path"><a href="/Default.aspx">{ent("Trang chủ")}</a> &gt; {ent(CAT[cat])}</div>
<h2 class="cat-title">{ent(CAT[cat])}</h2>
<table class="list" width="100%">
{rows}
</table>
{pager}"""


def article(a, others, rng):
    qrng = random.Random(a["id"])
    paras = [quirky(x, qrng) for x in a["paras"]]
    if a["id"] % 2:
        paras = [to_eth(x) for x in paras]   # some pages carry U+00D0 instead of Đ
    body = "".join(f'<p style="text-align: justify;">{esc(x)}</p>\n' for x in paras[:3])
    body += (f'<p style="text-align: center;"><img src="/Upload/Images/2025/{a["id"]}.png" width="500" /></p>'
             f'<p style="text-align: center;"><em>{esc(a["caption"])}</em></p>\n')
    body += "".join(f'<p style="text-align: justify;">{esc(x)}</p>\n' for x in paras[3:])
    oth = "\n".join(f'<li><a href="/news.aspx?id={o["id"]}">{ent(o["title"])}</a> ({ddmmyyyy(o["pub"])})</li>' for o in others)
    return shell(f"{a['title']} - {TITLE}", f"/news.aspx?id={a['id']}", f"""<div class="path"><a href="/Default.aspx">{ent("Trang chủ")}</a> &gt; <a href="/news.aspx?cat={a["cat"]}">{ent(CAT[a["cat"]])}</a></div>
<div class="news-detail">
<h1 class="news-title"><span id="ctl00_Content_lblTitle">{ent(a["title"])}</span></h1>
<div class="news-date">{ent("Ngày đăng")}: {ddmmyyyy(a["pub"])} - {hhmm(a["pub"])} &nbsp;|&nbsp; {ent("Lượt xem")}: {views(rng)}</div>
<div class="news-sapo"><b>{esc(a["lead"])}</b></div>
<div class="news-content">
{body}<p style="text-align: right;"><strong>{esc(a["byline"])}</strong></p>
</div>
<div class="tools"><a href="javascript:window.print();">{ent("In trang")}</a> | <a href="javascript:history.back();">{ent("Quay lại")}</a></div>
</div>
<div class="other-news"><b>{ent("Các tin khác")}</b><ul>
{oth}
</ul></div>""")


def build() -> Site:
    s = Site("query-id", TITLE, "custom", False,
             "DOMAIN.md rows 'chinhphu.vn documents (ASP.NET ?pageid=&docid=, __doPostBack paging)' and SharePoint "
             "'.aspx?Cat=82'; realpages/baochinhphu_list.html habit of numeric-entity titles",
             "articles addressed only by query string (/news.aspx?id=N) on the same script as categories "
             "(/news.aspx?cat=3, &page=2, a page=1 alias) and as static pages (/news.aspx?id=1002 'Giới thiệu'); "
             "a category with a very long, article-like title (cat=9); numeric-entity titles; __doPostBack pager; "
             "U+00D0 eth, NBSP and zero-width spaces in bodies; 2025 dates, ranks out of 63, pre-merger text")
    rng = random.Random("query-id")
    plan = [
        ("hatang", "2025-06-24 14:32", 3, 1291),
        ("quocgia", "2025-06-16 16:05", 3, 1287),
        ("dti", "2025-06-05 08:40", 3, 1279),
        ("dvc", "2025-05-20 10:12", 3, 1268),
        ("nongnghiep", "2025-05-08 15:00", 5, 1262),
        ("da06", "2025-04-18 09:25", 3, 1254),
    ]
    arts = []
    for i, (kind, when, cat, aid) in enumerate(plan):
        a = make_article(kind, SITE, dt(when), i)
        a.update(cat=cat, id=aid, url=f"/news.aspx?id={aid}")
        arts.append(a)
    arts = by_date(arts)
    cds = [a for a in arts if a["cds"]]
    for a in arts:
        others = [o for o in arts if o is not a][:4]
        s.article(a["url"], f"news-{a['id']}.html", a, article(a, others, rng))
        s.add(f"/Upload/Images/2025/{a['id']}.png", f"img-{a['id']}.png", "other", png(30, 18, (60, 60 + a["id"] % 150, 40)))

    # static pages served by the same news.aspx script (trap)
    s.add("/news.aspx?id=1002", "news-1002.html", "static", shell(f"Giới thiệu chung - {TITLE}", "/news.aspx?id=1002", f"""<div class="news-detail">
<h1 class="news-title">{ent("Giới thiệu chung về Sở Khoa học và Công nghệ tỉnh Vĩnh Long")}</h1>
<div class="news-date">{ent("Ngày đăng")}: 03/03/2025 - 08:00</div>
<div class="news-content">
<p>{esc("Sở Khoa học và Công nghệ là cơ quan chuyên môn thuộc UBND tỉnh, tham mưu, giúp UBND tỉnh quản lý nhà nước về khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số, bưu chính, viễn thông, tần số vô tuyến điện, công nghiệp công nghệ thông tin và giao dịch điện tử.")}</p>
<p>{esc("Từ ngày 01/3/2025, Sở được tổ chức lại trên cơ sở hợp nhất Sở Khoa học và Công nghệ và Sở Thông tin và Truyền thông, tiếp nhận chức năng, nhiệm vụ về bưu chính, viễn thông, công nghệ thông tin và chuyển đổi số.")}</p>
<p>{esc("Cơ cấu tổ chức gồm Văn phòng Sở, Thanh tra Sở, các phòng chuyên môn, Trung tâm Công nghệ thông tin và Truyền thông và Trung tâm Ứng dụng tiến bộ khoa học và công nghệ.")}</p>
</div></div>"""))
    s.add("/news.aspx?id=1003", "news-1003.html", "static", shell(f"Liên hệ - {TITLE}", "/news.aspx?id=1003", f"""<div class="news-detail">
<h1 class="news-title">{ent("Thông tin liên hệ")}</h1>
<div class="news-content"><p>{esc("Sở Khoa học và Công nghệ tỉnh Vĩnh Long - số 111 đường Lê Thái Tổ, Phường 2, thành phố Vĩnh Long.")}</p>
<p>Email: <a href="mailto:skhcn@vinhlong.example.gov.vn">skhcn@vinhlong.example.gov.vn</a></p></div></div>"""))

    # categories; cat=3 paged 3 per page
    c3 = [a for a in arts if a["cat"] == 3]
    s.add("/news.aspx?cat=3", "cat-3-p1.html", "category", shell(f"{CAT[3]} - {TITLE}", "/news.aspx?cat=3", listing(3, c3[:3], 1, 2)))
    s.add("/news.aspx?cat=3&page=1", "cat-3-p1.html", "category", shell(f"{CAT[3]} - {TITLE}", "/news.aspx?cat=3", listing(3, c3[:3], 1, 2)))
    s.add("/news.aspx?cat=3&page=2", "cat-3-p2.html", "category", shell(f"{CAT[3]} - {TITLE}", "/news.aspx?cat=3&amp;page=2", listing(3, c3[3:], 2, 2)))
    c5 = [a for a in arts if a["cat"] == 5] + [a for a in arts if a["kind"] == "dvc"]
    s.add("/news.aspx?cat=5", "cat-5.html", "category", shell(f"{CAT[5]} - {TITLE}", "/news.aspx?cat=5", listing(5, by_date(c5), 1, 1)))
    c9 = [a for a in arts if a["kind"] in ("dti", "hatang")]
    s.add("/news.aspx?cat=9", "cat-9.html", "category", shell(f"{CAT[9]} - {TITLE}", "/news.aspx?cat=9", listing(9, c9, 1, 1)))

    # home (also served as /Default.aspx)
    top = arts[0]
    lst = "\n".join(f'<li><a href="/news.aspx?id={a["id"]}">{ent(a["title"])}</a> <span class="date">({ddmmyyyy(a["pub"])})</span></li>'
                    for a in arts[1:5])
    home = shell(TITLE, "/Default.aspx", f"""<div class="hot"><a href="/news.aspx?id={top["id"]}"><img src="/Upload/Images/2025/{top["id"]}.png" width="200" /></a>
<h2><a href="/news.aspx?id={top["id"]}">{ent(top["title"])}</a></h2><p>{ent(top["lead"][:220])}...</p></div>
<div class="box"><div class="box-title"><a href="/news.aspx?cat=3">{ent("Chuyển đổi số")}</a></div><ul>
{lst}
</ul><a href="/news.aspx?cat=3">{ent("Xem tiếp")} &gt;&gt;</a></div>
<div class="box"><div class="box-title"><a href="/news.aspx?cat=9">{ent("Chương trình KH,CN,ĐMST và CĐS giai đoạn 2021 - 2025")}</a></div></div>""")
    s.add("/", "home.html", "home", home)
    s.add("/Default.aspx", "home.html", "home", home)
    s.add("/App_Themes/Default/style.css", "style.css", "other", CSS, "text/css")
    s.add("/WebResource.axd?d=pynGkmcFUV13He1Qd6_TZA2&t=638250712200000000", "webresource.js", "other",
          "function WebForm_PostBackOptions(){}\n", "application/javascript")
    s.add("/Images/banner.png", "banner.png", "other", png(80, 12, (0, 70, 140)))
    s.add(PDF, "kh-128.pdf", "other", pdf("Ke hoach 128/KH-UBND chuyen doi so 2025"), "application/pdf")
    s.miss("/VanBan.aspx", "/Login.aspx?ReturnUrl=%2fDefault.aspx", "/Search.aspx")
    return s
