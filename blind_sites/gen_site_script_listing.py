"""Site 7, script-listing: a city portal whose listings are filled by JavaScript from a JSON API."""
from __future__ import annotations

import json
import random
from datetime import datetime

from gen_common import CSS, Site, by_date, ddmmyyyy, esc, hhmm, png, views
from gen_content import ICT, make_article, slugify, wd

SITE = dict(
    name="script-listing", tinh="Hải Phòng", phuong="Hồng Bàng", xa=["An Lão", "Thủy Nguyên"],
    bylines=["Cổng TTĐT thành phố", "Phương Thảo", "Minh Đức"],
    params=dict(tinh="Hải Phòng", dv="thành phố", dv_full="thành phố Hải Phòng", Dv_full="Thành phố Hải Phòng",
                ct="Phạm Hữu Nghị", ct_title="Phó Bí thư Thành ủy, Chủ tịch UBND thành phố", pct="Lê Khắc Toàn",
                gds="Vũ Thị Thanh Hương", gdca="Thiếu tướng Đoàn Văn Sơn", n_xa=114, src="HP",
                duong="tỉnh lộ 354 đoạn qua xã An Lão"),
    date_style="dot",
)
TITLE = "Cổng Thông tin điện tử thành phố Hải Phòng"
PAGE_SIZE = 4

LOADER = """<script>
(function () {
  var box = document.getElementById('news-box');
  if (!box) return;
  var cat = box.getAttribute('data-cat') || '';
  var m = /[?&]page=(\\d+)/.exec(window.location.search);
  var page = m ? parseInt(m[1], 10) : 1;
  function fmt(iso) { var d = new Date(iso); return ('0' + d.getDate()).slice(-2) + '/' + ('0' + (d.getMonth() + 1)).slice(-2) + '/' + d.getFullYear(); }
  function load(p) {
    var url = '/api/news?page=' + p + (cat ? '&cat=' + cat : '');
    fetch(url, { headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        data.items.forEach(function (it) {
          var div = document.createElement('div');
          div.className = 'news-item';
          div.innerHTML = '<a class="thumb" href="/tin-tuc/' + it.slug + '.html"><img src="' + it.thumb + '" alt=""></a>' +
            '<h3><a href="/tin-tuc/' + it.slug + '.html">' + it.title + '</a></h3>' +
            '<span class="time">' + fmt(it.publishedAt) + '</span><p>' + it.sapo + '</p>';
          box.appendChild(div);
        });
        var more = document.getElementById('btn-more');
        if (more) {
          if (data.page < data.totalPages) { more.style.display = ''; more.onclick = function () { load(data.page + 1); return false; }; }
          else { more.style.display = 'none'; }
        }
      })
      .catch(function () { box.innerHTML = '<p class="error">Không tải được dữ liệu.</p>'; });
  }
  load(page);
})();
</script>"""


def dt(s):
    return datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=ICT)


def shell(title, body, scripts=""):
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/css/main.css">
</head><body>
<header class="hdr"><a href="/" class="logo"><img src="/static/img/logo.png" alt="{TITLE}"></a>
<div class="hdr-right"><a href="/dang-nhap">Đăng nhập</a> · <a href="/en/">English</a></div></header>
<nav class="menu"><ul>
<li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li>
<li><a href="/tin-tuc">Tin tức</a><ul><li><a href="/tin-tuc/chuyen-doi-so.html">Chuyển đổi số</a></li></ul></li>
<li><a href="https://dichvucong.haiphong.example.gov.vn/" target="_blank">Dịch vụ công</a></li>
<li><a href="/lien-he">Liên hệ</a></li></ul></nav>
<main class="container">
{body}
</main>
<footer class="ftr"><p>CỔNG THÔNG TIN ĐIỆN TỬ THÀNH PHỐ HẢI PHÒNG</p>
<p>Cơ quan chủ quản: UBND thành phố Hải Phòng. Giấy phép số 68/GP-TTĐT ngày 10/06/2021.</p>
<p>Địa chỉ: số 18 Hoàng Diệu, phường Hồng Bàng, thành phố Hải Phòng. Điện thoại: 0225.3842.xxx</p>
<p>Đang truy cập: 361 · Tổng lượt truy cập: 45.112.938</p></footer>
{scripts}
</body></html>
"""


def listing_shell(title, heading, cat, page, last):
    pager = " ".join(f'<a href="{"/tin-tuc" if cat == "" else "/tin-tuc/chuyen-doi-so.html"}?page={n}">{n}</a>' if n != page else f"<b>{n}</b>"
                     for n in range(1, last + 1))
    return shell(title, f"""<div class="breadcrumb"><a href="/">Trang chủ</a> / <a href="/tin-tuc">Tin tức</a></div>
<h1 class="cat-title">{esc(heading)}</h1>
<div id="news-box" class="news-list" data-cat="{cat}"></div>
<noscript><p>Vui lòng bật JavaScript để xem danh sách tin.</p></noscript>
<a id="btn-more" class="btn-more" href="javascript:void(0)" style="display:none">Xem thêm</a>
<div class="pager">Trang: {pager}</div>""", LOADER)


def api(items, page, total_pages, total):
    return json.dumps({"status": "ok", "page": page, "pageSize": PAGE_SIZE, "total": total, "totalPages": total_pages,
                       "items": [{"id": a["id"], "slug": a["slug"], "title": a["title"], "sapo": a["lead"][:160],
                                  "publishedAt": a["pub"].isoformat(), "category": a["catname"],
                                  "thumb": a["img"]} for a in items]}, ensure_ascii=False, indent=1)


def article(a, related, rng):
    paras = "".join(f"<p>{esc(x)}</p>\n" for x in a["paras"][:2])
    paras += f'<figure><img src="{a["img"]}" alt=""><figcaption>{esc(a["caption"])}</figcaption></figure>\n'
    paras += "".join(f"<p>{esc(x)}</p>\n" for x in a["paras"][2:])
    rel = "".join(f'<li><a href="/tin-tuc/{r["slug"]}.html">{esc(r["title"])}</a> <i>{ddmmyyyy(r["pub"])}</i></li>' for r in related)
    return shell(f"{a['title']} - {TITLE}", f"""<div class="breadcrumb"><a href="/">Trang chủ</a> / <a href="/tin-tuc">Tin tức</a> / <a href="/tin-tuc/chuyen-doi-so.html">{esc(a["catname"])}</a></div>
<article class="detail">
<h1 class="detail__title">{esc(a["title"])}</h1>
<p class="detail__time">{wd(a["pub"])}, {ddmmyyyy(a["pub"])} - {hhmm(a["pub"])} · Lượt xem: {views(rng)}</p>
<p class="detail__sapo"><b>{esc(a["lead"])}</b></p>
<div class="detail__body">
{paras}<p class="detail__author">{esc(a["byline"])}</p>
</div>
<div class="detail__share"><a href="https://www.facebook.com/sharer/sharer.php?u=http://{{host}}/tin-tuc/{a["slug"]}.html">Facebook</a> <a href="javascript:window.print()">In bài</a></div>
</article>
<section class="related"><h3>Tin cùng chuyên mục</h3><ul>{rel}</ul></section>""")


def build() -> Site:
    s = Site("script-listing", TITLE, "custom", True,
             "DOMAIN.md row 'hanoi.gov.vn ... listing filled by an AJAX call: needs a browser or replay'",
             "every listing (homepage, /tin-tuc, /tin-tuc?page=2, the category /tin-tuc/chuyen-doi-so.html) is an empty "
             "container filled by a script from /api/news?page=N[&cat=...]; the JSON carries only slugs, the script "
             "builds /tin-tuc/<slug>.html; without a browser no article link is visible; the category page has the "
             "same URL shape as an article (trap); articles are server-rendered")
    rng = random.Random("script-listing")
    plan = [("bcd", "2026-11-20 15:30"), ("giaothong", "2026-11-18 09:40"), ("dti", "2026-11-16 08:20"),
            ("dvc", "2026-11-09 10:05"), ("hatang", "2026-11-02 14:15"), ("da06", "2026-10-25 16:00")]
    arts = []
    for i, (kind, when) in enumerate(plan):
        a = make_article(kind, SITE, dt(when), i)
        a.update(id=88410 - i * 37, slug=slugify(a["title"]), catname="Chuyển đổi số" if a["cds"] else "Kinh tế - Đô thị")
        a["img"] = f"/media/2026/{a['id']}.png"
        arts.append(a)
    arts = by_date(arts)
    cds = [a for a in arts if a["cds"]]
    for a in arts:
        rel = [r for r in (cds if a["cds"] else arts) if r is not a][:3]
        s.article(f"/tin-tuc/{a['slug']}.html", f"tin-{a['id']}.html", a, article(a, rel, rng))
        s.add(a["img"], f"img-{a['id']}.png", "other", png(30, 18, (150, 40, 40)))

    def pages(lst):
        return [lst[i:i + PAGE_SIZE] for i in range(0, len(lst), PAGE_SIZE)]
    allp, cdsp = pages(arts), pages(cds)
    for n, chunk in enumerate(allp, 1):
        s.add(f"/api/news?page={n}", f"api-news-{n}.json", "data", api(chunk, n, len(allp), len(arts)), "application/json; charset=utf-8")
    for n, chunk in enumerate(cdsp, 1):
        s.add(f"/api/news?page={n}&cat=chuyen-doi-so", f"api-news-cds-{n}.json", "data", api(chunk, n, len(cdsp), len(cds)),
              "application/json; charset=utf-8")

    home = shell(TITLE, """<section class="hot"><h2 class="block-title"><a href="/tin-tuc">Tin tức - Sự kiện</a></h2>
<div id="news-box" class="news-grid" data-cat=""></div>
<noscript><p>Vui lòng bật JavaScript để xem tin tức.</p></noscript>
<a id="btn-more" href="javascript:void(0)" style="display:none">Xem thêm</a>
<a href="/tin-tuc" class="all">Tất cả tin tức »</a></section>
<section class="links"><a href="https://dichvucong.gov.vn/" target="_blank">Cổng Dịch vụ công quốc gia</a>
<a href="/tin-tuc/chuyen-doi-so.html">Chuyên mục Chuyển đổi số</a></section>""", LOADER)
    s.add("/", "home.html", "home", home)
    for n in range(1, len(allp) + 1):
        path = "/tin-tuc" if n == 1 else f"/tin-tuc?page={n}"
        s.add(path, "tin-tuc.html", "listing", listing_shell("Tin tức - Sự kiện - " + TITLE, "Tin tức - Sự kiện", "", 0, len(allp)))
    if len(allp) > 1:
        s.add("/tin-tuc?page=1", "tin-tuc.html", "listing", listing_shell("Tin tức - Sự kiện - " + TITLE, "Tin tức - Sự kiện", "", 0, len(allp)))
    for n in range(1, len(cdsp) + 1):
        path = "/tin-tuc/chuyen-doi-so.html" if n == 1 else f"/tin-tuc/chuyen-doi-so.html?page={n}"
        s.add(path, "cat-cds.html", "category", listing_shell("Chuyển đổi số - " + TITLE, "Chuyển đổi số", "chuyen-doi-so", 0, len(cdsp)))
    if len(cdsp) > 1:
        s.add("/tin-tuc/chuyen-doi-so.html?page=1", "cat-cds.html", "category",
              listing_shell("Chuyển đổi số - " + TITLE, "Chuyển đổi số", "chuyen-doi-so", 0, len(cdsp)))
    s.add("/gioi-thieu", "gioi-thieu.html", "static", shell("Giới thiệu - " + TITLE, """<h1>Giới thiệu thành phố Hải Phòng</h1>
<p>Từ ngày 1/7/2025, thành phố Hải Phòng được hình thành trên cơ sở hợp nhất thành phố Hải Phòng và tỉnh Hải Dương. Thành phố là trung tâm công nghiệp, cảng biển và logistics lớn của vùng duyên hải Bắc Bộ.</p>"""))
    s.add("/lien-he", "lien-he.html", "static", shell("Liên hệ - " + TITLE, """<h1>Liên hệ</h1><p>Ban Biên tập Cổng Thông tin điện tử thành phố, số 18 Hoàng Diệu, phường Hồng Bàng.</p>
<p>Email: <a href="mailto:bbt@haiphong.example.gov.vn">bbt@haiphong.example.gov.vn</a></p>"""))
    s.add("/static/css/main.css", "main.css", "other", CSS, "text/css")
    s.add("/static/img/logo.png", "logo.png", "other", png(50, 14, (170, 20, 30)))
    s.miss("/dang-nhap", "/en/")
    return s
