"""Site 2, amp-sitemap: a newspaper whose articles are reachable (in full) only through its sitemaps."""
from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

from gen_common import CSS, H, Site, by_date, ddmmyyyy, esc, hhmm, png, views
from gen_content import ICT, make_article, slugify, wd

SITE = dict(
    name="amp-sitemap", tinh="Phú Thọ", phuong="Việt Trì", xa=["Phù Ninh", "Lâm Thao"],
    bylines=["HOÀNG ANH", "Thanh Nga", "Quang Vinh"],
    params=dict(tinh="Phú Thọ", dv="tỉnh", dv_full="tỉnh Phú Thọ", Dv_full="Tỉnh Phú Thọ",
                ct="Trần Quốc Bảo", ct_title="Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh", pct="Đinh Thị Hồng Vân",
                gds="Nguyễn Hữu Tài", gdca="Đại tá Phan Thanh Sơn", n_xa=148, src="BTD",
                lehoi="Tuần Văn hóa - Du lịch Đất Tổ", diadiem="Khu Di tích lịch sử Đền Hùng", duong="QL.32C"),
    date_style="dash",
)
CATS = {"thoi-su": "Thời sự", "chuyen-doi-so": "Chuyển đổi số", "kinh-te": "Kinh tế", "van-hoa-du-lich": "Văn hóa - Du lịch"}
EVENT = ("/su-kien/ngay-chuyen-doi-so-quoc-gia.html",
         "Ngày Chuyển đổi số quốc gia 10/10: Dữ liệu số - động lực phát triển nhanh và bền vững")
NAME = "Báo Trung du điện tử"


def dt(s):
    return datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=ICT)


def top():
    cats = "".join(f'<li><a href="/{c}/">{n}</a></li>' for c, n in CATS.items())
    return f"""<header class="header">
  <div class="header__top"><span class="date-now"></span>
    <a href="/lien-he.html">Liên hệ</a> <a href="/quang-cao.html">Quảng cáo</a>
    <a href="https://www.facebook.com/baotrungdu.example" target="_blank" rel="nofollow">Facebook</a>
    <a href="/dang-nhap.html" class="login">Đăng nhập</a></div>
  <a class="header__logo" href="/"><img src="/static/img/logo.png" alt="{NAME}"></a>
  <nav class="menu"><ul><li><a href="/" class="home">Trang chủ</a></li>{cats}
    <li><a href="/video/">Video</a></li><li><a href="/e-magazine/">E-magazine</a></li></ul></nav>
</header>"""


def bottom():
    return f"""<footer class="footer">
  <a href="/"><img src="/static/img/logo.png" alt="{NAME}"></a>
  <p>Cơ quan chủ quản: Tỉnh ủy Phú Thọ. Tổng Biên tập: Lê Văn Hiếu</p>
  <p>Giấy phép hoạt động báo điện tử số 285/GP-BTTTT ngày 22/05/2023.</p>
  <p>Tòa soạn: đường Trần Phú, phường Việt Trì, tỉnh Phú Thọ. Đường dây nóng: 0210.3846.xxx</p>
  <p>Ghi rõ nguồn “{NAME}” khi phát hành lại thông tin từ website này.</p>
  <p><a href="/gioi-thieu.html">Giới thiệu</a> · <a href="/lien-he.html">Liên hệ tòa soạn</a> · <a href="/quang-cao.html">Liên hệ quảng cáo</a> · <a href="/rss.html">RSS</a></p>
</footer>"""


def shell(title, body, head=""):
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/css/app.css">
{head}</head><body>
{top()}
<main class="container">
{body}
</main>
{bottom()}
</body></html>
"""


def article_page(a, readmore, rng):
    p_html = "".join(f"<p>{esc(x)}</p>\n" for x in a["paras"][:2])
    p_html += (f'<figure class="expNoEdit"><img src="/uploads/2026/11/{a["imgname"]}" alt="{esc(a["caption"])}">'
               f'<figcaption>{esc(a["caption"])}</figcaption></figure>\n')
    p_html += "".join(f"<p>{esc(x)}</p>\n" for x in a["paras"][2:])
    rm = "".join(f'<li><a href="{r["amp"]}">{esc(r["title"])}</a></li>' for r in readmore)
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"],
          "datePublished": a["pub"].isoformat(), "dateModified": (a["pub"] + timedelta(minutes=40)).isoformat(),
          "mainEntityOfPage": f"{H}{a['url']}", "author": {"@type": "Person", "name": a["byline"]},
          "publisher": {"@type": "Organization", "name": NAME}}
    head = (f'<link rel="canonical" href="{H}{a["url"]}">\n<link rel="amphtml" href="{H}{a["amp"]}">\n'
            f'<meta property="og:type" content="article">\n<meta property="og:title" content="{esc(a["title"])}">\n'
            f'<meta property="article:published_time" content="{a["pub"].isoformat()}">\n'
            f'<meta property="article:section" content="{CATS[a["cat"]]}">\n'
            f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>\n')
    body = f"""<div class="breadcrumb"><a href="/{a["cat"]}/">{CATS[a["cat"]]}</a></div>
<article class="article">
  <h1 class="article__title">{esc(a["title"])}</h1>
  <div class="article__meta"><span class="time">{wd(a["pub"])}, {ddmmyyyy(a["pub"])} | {hhmm(a["pub"])}</span>
    <span class="view">lượt xem: {views(rng)}</span>
    <a class="listen" href="javascript:;">Nghe đọc bài</a>
    <select class="voice"><option>Giọng Nữ miền Bắc</option><option>Giọng Nữ miền Nam</option></select></div>
  <div class="article__sapo">{esc(a["lead"])}</div>
  <div class="article__body">
{p_html}  <p class="author"><strong>{esc(a["byline"])}</strong></p>
  </div>
  <div class="article__share"><a href="https://www.facebook.com/sharer/sharer.php?u={H}{a["url"]}" rel="nofollow">Chia sẻ</a>
    <a href="javascript:;" class="copy">Sao chép liên kết</a></div>
  <div class="article__comment"><h3>Ý kiến bạn đọc</h3><a href="/dang-nhap.html">Đăng nhập để bình luận</a></div>
</article>
<section class="read-more"><h3>Đọc thêm</h3><ul>{rm}</ul></section>"""
    return shell(f"{a['title']} | {NAME}", body, head)


def amp_page(a):
    p_html = "".join(f"<p>{esc(x)}</p>\n" for x in a["paras"])
    return f"""<!doctype html>
<html ⚡ lang="vi"><head><meta charset="utf-8">
<title>{esc(a["title"])}</title>
<link rel="canonical" href="{H}{a["url"]}">
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<style amp-boilerplate>body{{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both}}</style>
<style amp-custom>body{{font-family:Arial}}h1{{font-size:22px}}</style>
</head><body>
<header><a href="/">{NAME}</a></header>
<article>
<p class="cat"><a href="/{a["cat"]}/">{CATS[a["cat"]]}</a></p>
<h1>{esc(a["title"])}</h1>
<p class="time">{ddmmyyyy(a["pub"])} - {hhmm(a["pub"])}</p>
<p><strong>{esc(a["lead"])}</strong></p>
<amp-img src="/uploads/2026/11/{a["imgname"]}" width="640" height="400" layout="responsive" alt="{esc(a["caption"])}"></amp-img>
{p_html}<p><strong>{esc(a["byline"])}</strong></p>
</article>
<footer><a href="{H}{a["url"]}">Xem phiên bản đầy đủ</a> · Giấy phép số 285/GP-BTTTT</footer>
</body></html>
"""


def build() -> Site:
    s = Site("amp-sitemap", f"{NAME} (tỉnh Phú Thọ)", "newspaper-cms", False,
             "DOMAIN.md 'AMP and mobile variants of the same article' and newspaper rows; "
             "realpages/nld_article.html and vietnamnet_article.html head habits (canonical, amphtml, JSON-LD)",
             "discovery through robots.txt Sitemap: lines only: homepage and categories link just categories and a few "
             ".amp variants; the urlset sitemap mixes canonical -postNNNNNN.html URLs, .amp-only entries, categories, "
             "static pages and an event hub page; a Google News sitemap lists the newest articles. "
             "Each .amp route (type other) carries <link rel=canonical> to its article")
    rng = random.Random("amp-sitemap")
    plan = [
        ("bcd", "2026-11-21 11:05", "chuyen-doi-so", 510677),
        ("dti", "2026-11-19 15:40", "chuyen-doi-so", 510601),
        ("dvc", "2026-11-14 07:30", "chuyen-doi-so", 510432),
        ("hatang", "2026-11-08 09:50", "chuyen-doi-so", 510218),
        ("da06", "2026-10-31 16:20", "thoi-su", 509870),
        ("giaothong", "2026-11-20 10:00", "kinh-te", 510640),
        ("lehoi", "2026-11-16 20:15", "van-hoa-du-lich", 510509),
    ]
    arts = []
    for i, (kind, when, cat, pid) in enumerate(plan):
        a = make_article(kind, SITE, dt(when), i)
        slug = slugify(a["title"])
        a.update(cat=cat, pid=pid, url=f"/{slug}-post{pid}.html", amp=f"/{slug}-post{pid}.amp",
                 imgname=f"{slug[:30]}-{pid}.png")
        arts.append(a)
    A = {a["kind"]: a for a in arts}
    linked = [A["bcd"], A["dvc"], A["giaothong"]]   # the only articles reachable by HTML links
    for a in arts:
        rm = [x for x in linked if x is not a][:2]
        s.article(a["url"], f"post{a['pid']}.html", a, article_page(a, rm, rng))
        s.add(a["amp"], f"post{a['pid']}.amp.html", "other", amp_page(a))
        s.add(f"/uploads/2026/11/{a['imgname']}", f"img-{a['pid']}.png", "other", png(24, 16, (20 * (a["pid"] % 9), 120, 140)))

    # homepage: categories and a few .amp links only
    blocks = "".join(f'<section class="box-cat"><h2><a href="/{c}/">{n}</a></h2>'
                     f'<a class="more" href="/{c}/">Xem thêm</a></section>\n' for c, n in CATS.items())
    home = f"""<section class="focus">
  <div class="focus__main"><a href="{A['bcd']['amp']}"><img src="/uploads/2026/11/{A['bcd']['imgname']}" alt=""></a>
    <h2><a href="{A['bcd']['amp']}">{esc(A['bcd']['title'])}</a></h2></div>
  <div class="focus__sub"><h3><a href="{A['dvc']['amp']}">{esc(A['dvc']['title'])}</a></h3></div>
</section>
<section class="event"><a href="{EVENT[0]}">Sự kiện: {esc(EVENT[1])}</a></section>
{blocks}
<div class="stream" id="home-stream" data-zone="0" data-page="1"></div>
<a class="btn-loadmore" href="javascript:;" data-page="2">Xem thêm tin</a>"""
    s.add("/", "home.html", "home", shell(NAME, home,
          '<meta name="description" content="Báo Trung du điện tử - cơ quan của Đảng bộ tỉnh Phú Thọ">\n'))
    for c, n in CATS.items():
        ca = by_date([a for a in arts if a["cat"] == c])
        lead = (f'<div class="cat-top"><h2><a href="{ca[0]["amp"]}">{esc(ca[0]["title"])}</a></h2>'
                f'<span class="time" title="{ca[0]["pub"].strftime("%m/%d/%Y %H:%M")}">{ddmmyyyy(ca[0]["pub"])}</span></div>') if ca else ""
        subs = "".join(f'<a href="/{x}/">{m}</a> ' for x, m in CATS.items() if x != c)
        body = f"""<h1 class="cat-title">{n}</h1><div class="cat-sub">{subs}</div>
{lead}
<input type="hidden" id="hdZoneId" value="{1000 + len(c)}">
<div class="box-stream" id="stream"></div>
<a class="view-more" href="javascript:;">Xem thêm</a>"""
        s.add(f"/{c}/", f"cat-{c}.html", "category", shell(f"{n} | {NAME}", body))
    s.add(EVENT[0], "su-kien-cds.html", "tag", shell(f"{EVENT[1]} | {NAME}", f"""<div class="event-hub">
<h1 class="event-title">{esc(EVENT[1])}</h1>
<p class="event-desc">Chuyên trang tổng hợp tin, bài về các hoạt động hưởng ứng Ngày Chuyển đổi số quốc gia 10/10 trên địa bàn tỉnh Phú Thọ.</p>
<ul><li><a href="{A['bcd']['amp']}">{esc(A['bcd']['title'])}</a></li></ul>
</div>"""))
    s.add("/gioi-thieu.html", "gioi-thieu.html", "static", shell(f"Giới thiệu | {NAME}", f"""<h1>Giới thiệu {NAME}</h1>
<p>{NAME} là cơ quan ngôn luận của Đảng bộ tỉnh, tiếng nói của chính quyền và nhân dân các dân tộc tỉnh Phú Thọ, phát hành trên nền tảng số từ năm 2005.</p>
<p>Báo có các chuyên mục Thời sự, Chuyển đổi số, Kinh tế, Văn hóa - Du lịch, cập nhật liên tục 24/7.</p>"""))
    s.add("/lien-he.html", "lien-he.html", "static", shell(f"Liên hệ | {NAME}", """<h1>Liên hệ tòa soạn</h1>
<p>Địa chỉ: đường Trần Phú, phường Việt Trì, tỉnh Phú Thọ</p><p>Điện thoại: 0210.3846.xxx - Email: <a href="mailto:toasoan@baotrungdu.example.vn">toasoan@baotrungdu.example.vn</a></p>"""))
    s.add("/static/css/app.css", "app.css", "other", CSS, "text/css; charset=utf-8")
    s.add("/static/img/logo.png", "logo.png", "other", png(60, 14, (0, 90, 160)))
    s.miss("/quang-cao.html", "/dang-nhap.html", "/video/", "/e-magazine/", "/rss.html")

    # robots and sitemaps
    s.add("/robots.txt", "robots.txt", "robots",
          "User-agent: *\nDisallow: /api/\nDisallow: /tim-kiem\nDisallow: /dang-nhap.html\n\n"
          f"Sitemap: {H}/sitemap.xml\nSitemap: {H}/sitemap-news.xml\n", "text/plain; charset=utf-8")
    only_amp = {"dti", "hatang", "lehoi"}
    urls = [("/", "2026-11-21T11:05:00+07:00", "hourly", "1.0")]
    urls += [(f"/{c}/", "2026-11-21T11:05:00+07:00", "hourly", "0.8") for c in CATS]
    for a in by_date(arts):
        u = a["amp"] if a["kind"] in only_amp else a["url"]
        urls.append((u, (a["pub"] + timedelta(minutes=40)).isoformat(), "daily", "0.7"))
    urls += [(EVENT[0], "2026-10-10T08:00:00+07:00", "weekly", "0.6"),
             ("/gioi-thieu.html", "2025-07-01T00:00:00+07:00", "yearly", "0.3"),
             ("/lien-he.html", "2025-07-01T00:00:00+07:00", "yearly", "0.3")]
    body = "\n".join(f"  <url>\n    <loc>{H}{u}</loc>\n    <lastmod>{lm}</lastmod>\n    <changefreq>{cf}</changefreq>\n"
                     f"    <priority>{pr}</priority>\n  </url>" for u, lm, cf, pr in urls)
    s.add("/sitemap.xml", "sitemap.xml", "sitemap",
          f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}\n</urlset>\n',
          "application/xml; charset=utf-8")
    news = by_date(arts)[:3]
    nb = "\n".join(f"""  <url>
    <loc>{H}{a["url"]}</loc>
    <news:news>
      <news:publication><news:name>Báo Trung du</news:name><news:language>vi</news:language></news:publication>
      <news:publication_date>{a["pub"].isoformat()}</news:publication_date>
      <news:title>{esc(a["title"])}</news:title>
    </news:news>
  </url>""" for a in news)
    s.add("/sitemap-news.xml", "sitemap-news.xml", "sitemap",
          '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
          f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n{nb}\n</urlset>\n', "application/xml; charset=utf-8")
    return s
