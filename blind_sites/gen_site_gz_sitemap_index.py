"""Site 6, gz-sitemap-index: a provincial newspaper whose robots.txt names a sitemap index of gzipped sitemaps."""
from __future__ import annotations

import gzip
import json
import random
from datetime import datetime, timedelta

from gen_common import CSS, JS, H, Site, by_date, ddmmyyyy, esc, hhmm, png, views
from gen_content import ICT, make_article, slugify, wd

SITE = dict(
    name="gz-sitemap-index", tinh="Cần Thơ", phuong="Ninh Kiều", xa=["Phong Điền", "Thới Lai"],
    bylines=["KIM THOA", "Tấn Phát", "Ngọc Hân - Hữu Lộc"],
    params=dict(tinh="Cần Thơ", dv="thành phố", dv_full="thành phố Cần Thơ", Dv_full="Thành phố Cần Thơ",
                ct="Trương Cảnh Tuyên", ct_title="Phó Bí thư Thành ủy, Chủ tịch UBND thành phố", pct="Nguyễn Thực Hiện",
                gds="Huỳnh Thanh Nhã", gdca="Đại tá Nguyễn Văn Thuận", n_xa=103, src="PS",
                vu1="Thu Đông", vu2="Đông Xuân 2026 - 2027",
                lehoi="Lễ hội Oóc Om Bóc - Đua ghe Ngo", diadiem="bờ sông Maspero, phường Phú Lợi"),
    date_style="ngay",
)
NAME = "Báo Phù Sa điện tử"
CATS = {"thoi-su": "Thời sự", "chuyen-doi-so": "Chuyển đổi số", "kinh-te": "Kinh tế", "van-hoa": "Văn hóa"}
TOPIC = ("/chuyen-de/ngay-chuyen-doi-so-quoc-gia/",
         "Chuyên đề: Hưởng ứng Ngày Chuyển đổi số quốc gia 10/10 - Đưa chuyển đổi số vào từng khu dân cư")


def dt(s):
    return datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=ICT)


def shell(title, body, head=""):
    menu = "".join(f'<a href="/{c}/">{n}</a>' for c, n in CATS.items())
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/site.css">
{head}</head><body>
<div class="top"><a href="/"><img src="/assets/logo.png" alt="{NAME}"></a>
<span class="hotline">Đường dây nóng: 0292.3820.xxx</span><a href="/tim-kiem/">Tìm kiếm</a> <a href="/dang-ky-nhan-tin/">Đăng ký nhận tin</a></div>
<nav class="nav"><a href="/">Trang chủ</a>{menu}<a href="{TOPIC[0]}">Chuyên đề</a><a href="https://epaper.phusa.example.vn/" target="_blank">Báo in</a></nav>
<div class="wrap">
{body}
</div>
<footer><p>{NAME} - Cơ quan của Đảng bộ thành phố Cần Thơ</p>
<p>Giấy phép số 410/GP-BTTTT cấp ngày 05/08/2022. Tổng Biên tập: Trần Thanh Tâm</p>
<p>Địa chỉ: đường Võ Văn Tần, phường Ninh Kiều, thành phố Cần Thơ</p>
<p><a href="/gioi-thieu/">Giới thiệu</a> | <a href="/lien-he/">Liên hệ</a> | <a href="/quang-cao/">Quảng cáo</a></p></footer>
<script src="/assets/site.js"></script>
</body></html>
"""


def art_page(a, related, rng):
    paras = "".join(f"<p>{esc(x)}</p>\n" for x in a["paras"][:3])
    paras += f'<table class="image"><tr><td><img src="{a["img"]}" alt=""></td></tr><tr><td class="caption">{esc(a["caption"])}</td></tr></table>\n'
    paras += "".join(f"<p>{esc(x)}</p>\n" for x in a["paras"][3:])
    rel = "".join(f'<li><a href="{r["url"]}">{esc(r["title"])}</a></li>' for r in related)
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"],
          "datePublished": a["pub"].isoformat(), "author": [{"@type": "Person", "name": a["byline"]}]}
    head = (f'<link rel="canonical" href="{H}{a["url"]}">\n<meta property="article:published_time" content="{a["pub"].isoformat()}">\n'
            f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>\n')
    return shell(f"{a['title']} - {NAME}", f"""<div class="cat-name"><a href="/{a["cat"]}/">{CATS[a["cat"]]}</a></div>
<h1 class="detail-title">{esc(a["title"])}</h1>
<div class="detail-time">{ddmmyyyy(a["pub"])} {hhmm(a["pub"])} GMT+7</div>
<div class="detail-tools"><span>{wd(a["pub"])}, {ddmmyyyy(a["pub"])} | {hhmm(a["pub"])}</span> · <span>Lượt xem: {views(rng)}</span>
<a href="javascript:;" class="font-up">Tăng cỡ chữ</a> <a href="https://www.facebook.com/sharer/sharer.php?u={H}{a["url"]}">Chia sẻ</a></div>
<h2 class="detail-sapo">{esc(a["lead"])}</h2>
<div class="detail-content">
{paras}<p style="text-align:right"><strong>{esc(a["byline"])}</strong></p>
</div>
<div class="related"><h3>Tin liên quan</h3><ul>{rel}</ul></div>""", head)


def urlset(entries):
    body = "\n".join(f"  <url>\n    <loc>{H}{u}</loc>\n    <lastmod>{lm}</lastmod>\n  </url>" for u, lm in entries)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}\n</urlset>\n'


def build() -> Site:
    s = Site("gz-sitemap-index", NAME, "newspaper-cms", False,
             "DOMAIN.md rows 'provincial newspapers (/<cat>/<yyyymm>/<slug>-<hexid>/)' and 'a robots.txt that starts with a BOM'",
             "robots.txt (with a UTF-8 BOM) names a sitemap INDEX whose children are .xml.gz files served as "
             "application/gzip without Content-Encoding; posts split across posts-1/posts-2; pages.xml.gz and "
             "categories.xml.gz carry non-articles in the same URL style (incl. a /chuyen-de/ topic hub trap); "
             "homepage and category pages expose only 2-3 articles, the rest hide behind javascript:; load-more")
    rng = random.Random("gz-sitemap-index")
    plan = [
        ("bcd", "2026-11-21 10:30", "chuyen-doi-so"), ("lehoi", "2026-11-20 21:10", "van-hoa"),
        ("dti", "2026-11-18 08:45", "chuyen-doi-so"), ("nongnghiep", "2026-11-14 15:20", "kinh-te"),
        ("dvc", "2026-11-10 09:00", "chuyen-doi-so"), ("hatang", "2026-11-03 16:40", "chuyen-doi-so"),
        ("da06", "2026-10-27 11:25", "thoi-su"), ("kynang", "2026-10-19 07:50", "chuyen-doi-so"),
    ]
    arts = []
    for i, (kind, when, cat) in enumerate(plan):
        a = make_article(kind, SITE, dt(when), i)
        d = a["pub"]
        hexid = f"{(0x3a41f + i * 0x1d3b) & 0xfffff:05x}"
        a.update(cat=cat, url=f"/{cat}/{d.year}{d.month:02d}/{slugify(a['title'])}-{hexid}/",
                 img=f"/uploads/{d.year}/{d.month:02d}/{hexid}.png", file=f"a-{hexid}.html")
        arts.append(a)
    arts = by_date(arts)
    featured = arts[:2]
    for a in arts:
        s.article(a["url"], a["file"], a, art_page(a, [f for f in featured if f is not a][:2], rng))
        s.add(a["img"], a["file"].replace(".html", ".png"), "other", png(26, 16, (90, 140, 60)))

    home = f"""<div class="featured">
<div class="big"><a href="{featured[0]["url"]}"><img src="{featured[0]["img"]}" alt=""></a><h2><a href="{featured[0]["url"]}">{esc(featured[0]["title"])}</a></h2>
<p>{esc(featured[0]["lead"][:200])}...</p></div>
<div class="small"><h3><a href="{featured[1]["url"]}">{esc(featured[1]["title"])}</a></h3></div>
</div>
{"".join(f'<section class="cat-box"><h2><a href="/{c}/">{n}</a></h2><div class="ajax-box" data-cat="{c}"></div></section>' for c, n in CATS.items())}
<section class="topic"><a href="{TOPIC[0]}"><img src="/assets/logo.png" alt="">{esc(TOPIC[1])}</a></section>"""
    s.add("/", "home.html", "home", shell(NAME, home))
    for c, n in CATS.items():
        ca = [a for a in arts if a["cat"] == c][:1]
        items = "".join(f'<div class="item"><h3><a href="{a["url"]}">{esc(a["title"])}</a></h3><span>{ddmmyyyy(a["pub"])}</span></div>' for a in ca)
        s.add(f"/{c}/", f"cat-{c}.html", "category", shell(f"{n} - {NAME}", f"""<h1 class="cat-title">{n}</h1>
<div class="list">{items}</div>
<a class="loadmore" href="javascript:;" data-cat="{c}" data-page="2">Xem thêm</a>"""))
    s.add(TOPIC[0], "chuyen-de-cds.html", "tag", shell(f"{TOPIC[1]} - {NAME}", f"""<h1 class="detail-title">{esc(TOPIC[1])}</h1>
<div class="detail-time">10/10/2026 07:00 GMT+7</div>
<h2 class="detail-sapo">Chuyên đề tập hợp các tin, bài, ảnh về hoạt động hưởng ứng Ngày Chuyển đổi số quốc gia năm 2026 tại thành phố Cần Thơ.</h2>
<div class="list"><div class="item"><h3><a href="{featured[0]["url"]}">{esc(featured[0]["title"])}</a></h3></div></div>"""))
    s.add("/gioi-thieu/", "gioi-thieu.html", "static", shell(f"Giới thiệu - {NAME}", f"""<h1>Giới thiệu</h1>
<p>{NAME} ra mắt bạn đọc từ năm 2008, là kênh thông tin chính thức của Đảng bộ, chính quyền thành phố Cần Thơ. Từ ngày 1/7/2025, báo tiếp nhận đội ngũ phóng viên của các báo Sóc Trăng và Hậu Giang.</p>"""))
    s.add("/lien-he/", "lien-he.html", "static", shell(f"Liên hệ - {NAME}", """<h1>Liên hệ</h1><p>Tòa soạn: đường Võ Văn Tần, phường Ninh Kiều, thành phố Cần Thơ.</p>
<p>Email: <a href="mailto:toasoan@phusa.example.vn">toasoan@phusa.example.vn</a></p>"""))
    s.add("/assets/site.css", "site.css", "other", CSS, "text/css")
    s.add("/assets/site.js", "site.js", "other", JS, "application/javascript")
    s.add("/assets/logo.png", "logo.png", "other", png(50, 14, (0, 120, 70)))
    s.miss("/tim-kiem/", "/dang-ky-nhan-tin/", "/quang-cao/")

    # robots (with BOM), sitemap index, gzipped children
    s.add("/robots.txt", "robots.txt", "robots",
          "\ufeffUser-agent: *\nDisallow: /tim-kiem/\nDisallow: /api/\nCrawl-delay: 1\n\n"
          f"Sitemap: {H}/sitemap_index.xml\n", "text/plain; charset=utf-8")
    lm = lambda a: (a["pub"] + timedelta(hours=1)).isoformat()
    children = {
        "posts-1": [(a["url"], lm(a)) for a in arts[:5]],
        "posts-2": [(a["url"], lm(a)) for a in arts[5:]],
        "pages": [("/gioi-thieu/", "2025-07-01T08:00:00+07:00"), ("/lien-he/", "2025-07-01T08:00:00+07:00"),
                  (TOPIC[0], "2026-10-10T07:00:00+07:00")],
        "categories": [("/", lm(arts[0]))] + [(f"/{c}/", lm(arts[0])) for c in CATS],
    }
    idx = []
    for name, entries in children.items():
        xml = urlset(entries)
        s.extra_files[f"{name}.xml.src"] = xml.encode("utf-8")
        gz = gzip.compress(xml.encode("utf-8"), mtime=0)
        s.add(f"/sitemaps/{name}.xml.gz", f"{name}.xml.gz", "sitemap", gz, "application/gzip")
        idx.append((f"/sitemaps/{name}.xml.gz", max(e[1] for e in entries)))
    body = "\n".join(f"  <sitemap>\n    <loc>{H}{u}</loc>\n    <lastmod>{m}</lastmod>\n  </sitemap>" for u, m in idx)
    s.add("/sitemap_index.xml", "sitemap_index.xml", "sitemap",
          f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}\n</sitemapindex>\n',
          "application/xml; charset=utf-8")
    return s
