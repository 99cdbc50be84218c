"""Building the daily digest is pure: rows in, subject / plain text / HTML out (Vietnamese)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from jinja2 import Environment, select_autoescape

SECTION_CAP = 50          # a digest with thousands of items shows this many per section, then a count


@dataclass
class Report:
    title: str
    url: str
    source: str
    source_id: str = ""


@dataclass
class MeetingItem:
    key: str
    kind: str
    body: str
    ordinal: int | None
    held_on: str | None
    chair: str | None
    reports: list[Report] = field(default_factory=list)
    scope: str = "national"


@dataclass
class MetricItem:
    id: int
    label: str
    scope: str
    period: str | None
    value: float
    unit: str
    previous_value: float | None
    sentence: str
    url: str
    source: str
    source_id: str = ""
    series: list[tuple[str, float]] = field(default_factory=list)   # (period, value), oldest first

    @property
    def cid(self) -> str:
        return f"metric-{self.id}@dxwatch"


@dataclass
class StoryItem:
    id: int
    title: str
    url: str
    source: str
    also: list[str] = field(default_factory=list)
    source_id: str = ""


@dataclass
class Digest:
    subject: str
    text: str
    html: str
    item_keys: list[tuple[str, str]]        # (kind, key) of every item shown: the ledger's rows
    images: dict[str, bytes] = field(default_factory=dict)   # Content-ID -> PNG, inline in the HTML

    @property
    def empty(self) -> bool:
        return not self.item_keys


KIND_VI = {"phien_hop": "Phiên họp", "hoi_nghi": "Hội nghị", "hop": "Cuộc họp"}


def vn_date(iso: str | None) -> str:
    if not iso:
        return "không rõ ngày"
    y, m, d = iso[:10].split("-")
    return f"{d}/{m}/{y}"


def vn_number(value: float) -> str:
    from pipelines.numbers import format_vn
    return format_vn(value, 4)


def scope_vi(scope: str) -> str:
    return "toàn quốc" if scope == "national" else scope


_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True), trim_blocks=True,
                   lstrip_blocks=True)
_ENV.filters.update(vn_date=vn_date, vn_number=vn_number, scope_vi=scope_vi, kind_vi=lambda k: KIND_VI.get(k, k))
_TEXT_ENV = Environment(autoescape=False, trim_blocks=True, lstrip_blocks=True)
_TEXT_ENV.filters.update(_ENV.filters)

_TEXT = """Bản tin chuyển đổi số ngày {{ day|vn_date }}
{% if meetings %}

CUỘC HỌP, HỘI NGHỊ MỚI ({{ n_meetings }})
{% for m in meetings %}
- {{ m.kind|kind_vi }}{% if m.ordinal %} lần thứ {{ m.ordinal }}{% endif %} của {{ m.body }}, ngày {{ m.held_on|vn_date }}{% if m.chair %}, chủ trì: {{ m.chair }}{% endif %}

{% for r in m.reports %}
    · {{ r.source }}: {{ r.title }} <{{ r.url }}>
{% endfor %}
{% endfor %}
{% if more_meetings %}  … và {{ more_meetings }} cuộc họp khác
{% endif %}
{% endif %}
{% if metrics %}

SỐ LIỆU MỚI VÀ ĐIỀU CHỈNH ({{ n_metrics }})
{% for x in metrics %}
- {{ x.label }} ({{ x.scope|scope_vi }}{% if x.period %}, {{ x.period }}{% endif %}): {{ x.value|vn_number }} {{ x.unit }}{% if x.previous_value is not none %} (trước đây: {{ x.previous_value|vn_number }}){% endif %}

    "{{ x.sentence }}" — {{ x.source }} <{{ x.url }}>
{% endfor %}
{% if more_metrics %}  … và {{ more_metrics }} số liệu khác
{% endif %}
{% endif %}
{% if stories %}

TIN CHUYỂN ĐỔI SỐ KHÁC ({{ n_stories }})
{% for s in stories %}
- {{ s.title }} — {{ s.source }}{% if s.also %} (cũng đăng trên: {{ s.also|join(", ") }}){% endif %} <{{ s.url }}>
{% endfor %}
{% if more_stories %}  … và {{ more_stories }} tin khác
{% endif %}
{% endif %}
{% if degraded %}

NGUỒN CẦN KIỂM TRA ({{ degraded|length }})
{% for d in degraded %}
- {{ d }}
{% endfor %}
{% endif %}
"""

_HTML = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{{ subject }}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#1b1d2d;margin:0;padding:16px">
<h1 style="font-size:20px;margin:0 0 12px">Bản tin chuyển đổi số ngày {{ day|vn_date }}</h1>
{% if meetings %}
<h2 style="font-size:16px;border-bottom:1px solid #ccc">Cuộc họp, hội nghị mới ({{ n_meetings }})</h2>
<ul style="padding-left:18px">
{% for m in meetings %}
<li style="margin-bottom:8px"><b>{{ m.kind|kind_vi }}{% if m.ordinal %} lần thứ {{ m.ordinal }}{% endif %} của {{ m.body }}</b>,
 ngày {{ m.held_on|vn_date }}{% if m.chair %}, chủ trì: {{ m.chair }}{% endif %}
<ul style="padding-left:16px;color:#555">{% for r in m.reports %}<li><a href="{{ r.url }}" style="color:#0b5cad">{{ r.title }}</a> — {{ r.source }}</li>{% endfor %}</ul></li>
{% endfor %}
</ul>{% if more_meetings %}<p style="color:#555">… và {{ more_meetings }} cuộc họp khác</p>{% endif %}
{% endif %}
{% if metrics %}
<h2 style="font-size:16px;border-bottom:1px solid #ccc">Số liệu mới và điều chỉnh ({{ n_metrics }})</h2>
<table style="border-collapse:collapse;width:100%">
{% for x in metrics %}
<tr><td style="padding:4px;border-bottom:1px solid #eee">{{ x.label }}<br><span style="color:#777">{{ x.scope|scope_vi }}{% if x.period %}, {{ x.period }}{% endif %}</span></td>
<td style="padding:4px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap"><b>{{ x.value|vn_number }} {{ x.unit }}</b>{% if x.previous_value is not none %}<br><span style="color:#b00">trước đây {{ x.previous_value|vn_number }}</span>{% endif %}</td>
<td style="padding:4px;border-bottom:1px solid #eee;color:#555"><a href="{{ x.url }}" style="color:#0b5cad">{{ x.sentence }}</a> — {{ x.source }}{% if x.series|length >= 2 %}<br><img src="cid:{{ x.cid }}" width="420" height="180" alt="{{ x.label }}">{% endif %}</td></tr>
{% endfor %}
</table>{% if more_metrics %}<p style="color:#555">… và {{ more_metrics }} số liệu khác</p>{% endif %}
{% endif %}
{% if stories %}
<h2 style="font-size:16px;border-bottom:1px solid #ccc">Tin chuyển đổi số khác ({{ n_stories }})</h2>
<ul style="padding-left:18px">{% for s in stories %}<li><a href="{{ s.url }}" style="color:#0b5cad">{{ s.title }}</a> — {{ s.source }}{% if s.also %} <span style="color:#777">(cũng đăng trên: {{ s.also|join(", ") }})</span>{% endif %}</li>{% endfor %}</ul>
{% if more_stories %}<p style="color:#555">… và {{ more_stories }} tin khác</p>{% endif %}
{% endif %}
{% if degraded %}
<h2 style="font-size:16px;border-bottom:1px solid #ccc">Nguồn cần kiểm tra ({{ degraded|length }})</h2>
<ul style="padding-left:18px">{% for d in degraded %}<li>{{ d }}</li>{% endfor %}</ul>
{% endif %}
</body></html>"""


def build_digest(day: date, meetings: list[MeetingItem], metrics: list[MetricItem], stories: list[StoryItem],
                 degraded: list[str], cap: int = SECTION_CAP) -> Digest:
    """Subject, plain text and HTML of one digest. Pure: same rows, same digest."""
    ctx = dict(day=day.isoformat(), meetings=meetings[:cap], metrics=metrics[:cap], stories=stories[:cap],
               degraded=degraded, n_meetings=len(meetings), n_metrics=len(metrics), n_stories=len(stories),
               more_meetings=max(0, len(meetings) - cap), more_metrics=max(0, len(metrics) - cap),
               more_stories=max(0, len(stories) - cap))
    parts = []
    if meetings:
        parts.append(f"{len(meetings)} cuộc họp")
    if metrics:
        parts.append(f"{len(metrics)} số liệu")
    if stories:
        parts.append(f"{len(stories)} tin")
    subject = f"[dxwatch] Chuyển đổi số {vn_date(day.isoformat())}: " + (", ".join(parts) or "không có tin mới")
    ctx["subject"] = subject
    # every item counts as delivered, the ones beyond the cap too: the reader was told how many
    keys = ([("meeting", m.key) for m in meetings] + [("metric", str(x.id)) for x in metrics]
            + [("story", str(s.id)) for s in stories])
    from alerts.charts import series_png
    images = {x.cid: series_png(x.label, x.unit, x.series) for x in metrics[:cap] if len(x.series) >= 2}
    return Digest(subject=subject, text=_TEXT_ENV.from_string(_TEXT).render(**ctx).strip() + "\n",
                  html=_ENV.from_string(_HTML).render(**ctx), item_keys=keys, images=images)
