"""Jinja2 templates of the mirror's portal archetypes, with the boilerplate real portals carry."""
from __future__ import annotations

from jinja2 import DictLoader, Environment, select_autoescape

_BASE = """<!DOCTYPE html>
<html lang="vi"><head>
<meta charset="{{ charset }}">
{% if generator %}<meta name="generator" content="{{ generator }}">{% endif %}
<title>{{ page_title }}</title>
{% block head %}{% endblock %}
{% for feed in feeds %}<link rel="alternate" type="application/rss+xml" href="{{ feed }}" title="RSS">
{% endfor %}<style>body{font-family:Arial}.hidden{display:none}</style>
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}</script>
</head><body>
<div class="header-top top-bar"><span class="today">Chủ nhật, 22/11/2026</span>
 <a href="/app" class="app-download">Tải ứng dụng</a> | <span>{{ site_name|upper }}</span></div>
<nav class="menu"><a href="/">Trang chủ</a> <a href="{{ cds_url }}">Chuyển đổi số</a> <a href="{{ news_url }}">Thời sự</a></nav>
<div class="breadcrumb"><a href="/">Trang chủ</a> › {{ section }}</div>
<main>{% block main %}{% endblock %}</main>
{% if new_documents %}<div class="van-ban-moi widget"><h3>Văn bản mới</h3><ul>
{% for d in new_documents %}<li><a href="{{ d.href }}">{{ d.label }}</a></li>{% endfor %}
</ul></div>{% endif %}
<aside class="sidebar most-view"><h3>Xem nhiều</h3><ul>
{% for s in sidebar %}<li><a href="{{ s.href }}">{{ s.title }}</a> <span class="time">{{ s.date }}</span></li>{% endfor %}
</ul></aside>
<footer class="footer"><div class="copyright">
<p>Cơ quan chủ quản: {{ owner }}</p><p>Tổng Biên tập: Nguyễn Văn Bình</p>
<p>Giấy phép số 833/GP-BTTTT cấp ngày 14/05/2010 của Bộ Thông tin và Truyền thông</p>
<p>Địa chỉ: số 1 đường Trần Hưng Đạo; Điện thoại: 0292 3822 345</p>
<p>Ghi rõ nguồn "{{ site_name }}" khi phát hành lại thông tin từ website này.</p>
<div class="counter">Đang online: 77 | Hôm nay: 1.245 | Tất cả: 3758316</div>
</div></footer>
</body></html>"""

_ARTICLE = """{% extends "base" %}
{% block head %}
{% if canonical %}<link rel="canonical" href="{{ canonical }}">{% endif %}
{% if amphtml %}<link rel="amphtml" href="{{ amphtml }}">{% endif %}
<meta property="og:title" content="{{ a.title }}">
{% if meta_time %}<meta property="article:published_time" content="{{ meta_time|safe }}">{% endif %}
{% if jsonld %}<script type="application/ld+json">{{ jsonld|safe }}</script>{% endif %}
{% endblock %}
{% block main %}
<article class="{{ article_class }}">
{% if date_position == 'before' %}<div class="{{ date_class }}">{{ date_html|safe }}</div>{% endif %}
<h1 class="detail-title">{{ a.title }}</h1>
{% if date_position == 'after' %}<div class="{{ date_class }}">{{ date_html|safe }}</div>{% endif %}
<div class="tool-bar"><span class="font-size">Xem với cỡ chữ</span> <a class="tang-co-chu">Tăng cỡ chữ</a>
 <span class="view-count">Lượt xem: 665</span> <a href="javascript:window.print()" class="print-tool">In bài viết</a></div>
<div class="voice-player"><select><option>Giọng Nữ miền Nam</option><option>Giọng Nữ miền Bắc</option><option>Giọng Nam miền Bắc</option></select></div>
{% if a.lead %}<{{ lead_tag }} class="{{ lead_class }}">{{ lead }}</{{ lead_tag }}>{% endif %}
<div class="{{ body_class }}" data-role="content">
{% for p in paragraphs[:split] %}<p>{{ p }}</p>
{% endfor %}
<div type="RelatedNewsBox" class="related-news"><p><b>Tin liên quan</b></p><ul>
{% for r in related %}<li><a href="{{ r.href }}">{{ r.title }}</a> ({{ r.date }})</li>{% endfor %}
</ul></div>
{% for p in paragraphs[split:] %}<p>{{ p }}</p>
{% endfor %}
{% if a.author %}<p class="author" style="text-align:right"><strong>{{ author }}</strong></p>{% endif %}
{% if a.source_credit %}<p class="source">Nguồn: {{ credit }}</p>{% endif %}
{% for f in files if f.inline %}<p>Xem toàn văn văn bản <a href="{{ f.href }}">{{ f.label }}</a>.</p>
{% endfor %}</div>
{% if files|rejectattr("inline")|list %}<div class="{{ attach_class }}"><p><b>{{ attach_heading }}</b></p><ul>
{% for f in files if not f.inline %}<li><a href="{{ f.href }}" title="{{ f.file }}">{{ f.label }}</a></li>
{% endfor %}</ul></div>{% endif %}
{{ end_comment|safe }}
</article>
<div class="tin-cung-chuyen-muc same-category"><h3>Tin cùng chuyên mục</h3><ul>
{% for r in related %}<li><a href="{{ r.href }}">{{ r.title }}</a> <span class="time">{{ r.date }}</span></li>{% endfor %}
</ul></div>
<div class="comment-box binh-luan"><h3>Bình luận</h3><p>Ý kiến bạn đọc</p>
<textarea placeholder="Nhập bình luận"></textarea><p class="comment-date">Bạn đọc Lan, 01/01/2025 10:00: Rất hay.</p></div>
{% endblock %}"""

_LISTING = """{% extends "base" %}
{% block main %}
<h1 class="category-title">{{ section }}</h1>
{% if zone_id %}<input type="hidden" name="hdZoneId" id="hdZoneId" value="{{ zone_id }}" />{% endif %}
<div class="{{ list_class }}">
{% for it in items %}{{ it|safe }}
{% endfor %}
</div>
{% if more_button %}<a href="javascript:;" class="btn-viewmore xem-them">Xem thêm</a>{% endif %}
{% if next_href %}<div class="pagination"><a href="{{ next_href }}" class="next">Trang sau</a> <a href="{{ next_href }}">»</a></div>{% endif %}
{% if js_listing %}<div id="news-zone" data-zone="{{ js_listing }}" data-token="tk-7f3a9c"></div>
<script src="/static/zone.js"></script>{% endif %}
{% endblock %}"""

_ITEM = {
    "vgp": """<div class="box-stream-item" data-id="{{ a.number }}"><div class="box-stream-content"><h2>
<a data-type="title" class="box-stream-link-title" href="{{ href }}" title="{{ a.title }}">{{ a.title }}</a></h2>
<span class="box-stream-time" title="{{ us_time }}">{{ vn_time }}</span>
<p class="box-stream-sapo">{{ sapo }}</p></div></div>""",
    "default": """<div class="news-item"><h3><a href="{{ href }}" title="{{ a.title }}">{{ a.title }}</a></h3>
<span class="date">{{ vn_time }}</span> <a href="{{ href }}#comments" class="comment-count">0 bình luận</a>
<p class="hometext">{{ sapo }}</p></div>""",
}

ENV = Environment(
    loader=DictLoader({"base": _BASE, "article": _ARTICLE, "listing": _LISTING,
                       "item_vgp": _ITEM["vgp"], "item_default": _ITEM["default"]}),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=False,
)


def render(name: str, **ctx) -> str:
    return ENV.get_template(name).render(**ctx)
