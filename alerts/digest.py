"""Building the daily digest is pure: rows in, subject / plain text / HTML out (Vietnamese)."""
from __future__ import annotations

import hashlib
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
    series: list[tuple[str, float, date]] = field(default_factory=list)   # (period, value, period end)
    indicator: str = ""
    out_of: int | None = None
    period_end: str | None = None

    @property
    def series_key(self) -> str:
        """One chart per series: the indicator in one scope (one unit)."""
        return f"{self.indicator or self.label}|{self.scope}|{self.unit}"

    @property
    def cid(self) -> str:
        digest = hashlib.sha1(self.series_key.encode("utf-8")).hexdigest()[:12]
        return f"series-{digest}@dxwatch"


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


def metric_value(value: float | None, unit: str, out_of: int | None = None) -> str:
    """A figure as a Vietnamese reader writes it: "92,3%", "hạng 4/63", "+5 bậc", "0,6077 điểm",
    "13,2 triệu tài khoản"."""
    if value is None:
        return ""
    if unit == "%":
        return f"{vn_number(value)}%"
    if unit in ("rank", "hạng"):
        return f"hạng {vn_number(value)}" + (f"/{out_of}" if out_of else "")
    if unit == "bậc":
        return f"{'+' if value > 0 else '-' if value < 0 else ''}{vn_number(abs(value))} bậc"
    for size, word in ((1e9, "tỷ"), (1e6, "triệu")):
        if abs(value) >= size and unit not in ("điểm", "Mbps"):
            return f"{vn_number(round(value / size, 2))} {word} {unit}".strip()
    if out_of and unit not in ("điểm", "Mbps"):
        return f"{vn_number(value)}/{vn_number(out_of)} {unit}".strip()
    return f"{vn_number(value)} {unit}".strip()


_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True), trim_blocks=True,
                   lstrip_blocks=True)
_ENV.filters.update(vn_date=vn_date, vn_number=vn_number, scope_vi=scope_vi, kind_vi=lambda k: KIND_VI.get(k, k),
                    value=lambda x: metric_value(x.value, x.unit, x.out_of),
                    previous=lambda x: metric_value(x.previous_value, x.unit, x.out_of))
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
{% if more_meetings %}  … và {{ more_meetings }} cuộc họp khác; xem tất cả: {{ queries.meetings }}
{% endif %}
{% endif %}
{% for sec in metric_sections %}

{{ sec.title|upper }} ({{ sec.total }})
{% for x in sec.rows %}
- {{ x.label }} ({{ x.scope|scope_vi }}{% if x.period %}, {{ x.period }}{% endif %}): {{ x|value }}{% if x.previous_value is not none %} (trước đây: {{ x|previous }}){% endif %}

    "{{ x.sentence }}" — {{ x.source }} <{{ x.url }}>
{% endfor %}
{% if sec.more %}  … và {{ sec.more }} số liệu khác; xem tất cả: {{ sec.query }}
{% endif %}
{% endfor %}
{% if stories %}

TIN CHUYỂN ĐỔI SỐ KHÁC ({{ n_stories }})
{% for s in stories %}
- {{ s.title }} — {{ s.source }}{% if s.also %} (cũng đăng trên: {{ s.also|join(", ") }}){% endif %} <{{ s.url }}>
{% endfor %}
{% if more_stories %}  … và {{ more_stories }} tin khác; xem tất cả: {{ queries.stories }}
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
</ul>{% if more_meetings %}<p style="color:#555">… và {{ more_meetings }} cuộc họp khác; xem tất cả: <code>{{ queries.meetings }}</code></p>{% endif %}
{% endif %}
{% for sec in metric_sections %}
<h2 style="font-size:16px;border-bottom:1px solid #ccc">{{ sec.title }} ({{ sec.total }})</h2>
<table style="border-collapse:collapse;width:100%">
{% for x in sec.rows %}
<tr><td style="padding:4px;border-bottom:1px solid #eee">{{ x.label }}<br><span style="color:#777">{{ x.scope|scope_vi }}{% if x.period %}, {{ x.period }}{% endif %}</span></td>
<td style="padding:4px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap"><b>{{ x|value }}</b>{% if x.previous_value is not none %}<br><span style="color:#b00">trước đây {{ x|previous }}</span>{% endif %}</td>
<td style="padding:4px;border-bottom:1px solid #eee;color:#555"><a href="{{ x.url }}" style="color:#0b5cad">{{ x.sentence }}</a> — {{ x.source }}{% if x.id in charted %}<br><img src="cid:{{ x.cid }}" width="420" height="180" alt="{{ x.label }}">{% endif %}</td></tr>
{% endfor %}
</table>{% if sec.more %}<p style="color:#555">… và {{ sec.more }} số liệu khác; xem tất cả: <code>{{ sec.query }}</code></p>{% endif %}
{% endfor %}
{% if stories %}
<h2 style="font-size:16px;border-bottom:1px solid #ccc">Tin chuyển đổi số khác ({{ n_stories }})</h2>
<ul style="padding-left:18px">{% for s in stories %}<li><a href="{{ s.url }}" style="color:#0b5cad">{{ s.title }}</a> — {{ s.source }}{% if s.also %} <span style="color:#777">(cũng đăng trên: {{ s.also|join(", ") }})</span>{% endif %}</li>{% endfor %}</ul>
{% if more_stories %}<p style="color:#555">… và {{ more_stories }} tin khác; xem tất cả: <code>{{ queries.stories }}</code></p>{% endif %}
{% endif %}
{% if degraded %}
<h2 style="font-size:16px;border-bottom:1px solid #ccc">Nguồn cần kiểm tra ({{ degraded|length }})</h2>
<ul style="padding-left:18px">{% for d in degraded %}<li>{{ d }}</li>{% endfor %}</ul>
{% endif %}
</body></html>"""


def rest_queries(since: date) -> dict[str, str]:
    """The `dxwatch sql` commands that list every item of a capped section (copy and run)."""
    s = since.isoformat()
    return {
        "meetings": f"dxwatch sql \"SELECT held_on, body, ordinal, article_count FROM v_meetings WHERE first_seen_at >= '{s}' ORDER BY held_on DESC\"",
        "metrics": f"dxwatch sql \"SELECT indicator, label, scope, period, value, unit, url FROM v_metrics WHERE first_seen_at >= '{s}' AND indicator <> 'other' ORDER BY indicator, scope, period_end\"",
        "other_metrics": f"dxwatch sql \"SELECT label, scope, period, value, unit, url FROM v_metrics WHERE first_seen_at >= '{s}' AND indicator = 'other' ORDER BY scope, label\"",
        "stories": f"dxwatch sql \"SELECT published_at, title, url FROM v_articles WHERE relevant = 1 AND first_seen_at >= '{s}' ORDER BY published_at DESC\"",
    }


def metric_order(x: MetricItem) -> tuple:
    """DTI first, then the registry's order; within an indicator by scope and time."""
    from pipelines.metrics import indicator_rank
    return (indicator_rank(x.indicator), x.scope != "national", x.scope, x.period_end or "", x.id)


def build_digest(day: date, meetings: list[MeetingItem], metrics: list[MetricItem], stories: list[StoryItem],
                 degraded: list[str], cap: int = SECTION_CAP, since: date | None = None) -> Digest:
    """Subject, plain text and HTML of one digest. Pure: same rows, same digest. `since`: the
    first day of the window the items come from (named in the query that lists a capped section's rest)."""
    from datetime import timedelta
    metrics = sorted(metrics, key=metric_order)
    known = [x for x in metrics if x.indicator != "other"]
    others = [x for x in metrics if x.indicator == "other"]     # figures outside the registry: their own heading
    shown = known[:cap] + others[:cap]
    charted: dict[int, str] = {}              # one chart per series, on its first row
    for x in shown:
        if len(x.series) >= 2 and x.cid not in charted.values():
            charted[x.id] = x.cid
    ctx = dict(day=day.isoformat(), meetings=meetings[:cap], metrics=shown, stories=stories[:cap],
               degraded=degraded, n_meetings=len(meetings), n_metrics=len(metrics), n_stories=len(stories),
               more_meetings=max(0, len(meetings) - cap), more_metrics=max(0, len(metrics) - cap),
               more_stories=max(0, len(stories) - cap), charted=charted,
               queries=rest_queries(since or day - timedelta(days=7)))
    ctx["metric_sections"] = [sec for sec in (
        dict(title="Số liệu mới và điều chỉnh", rows=known[:cap], total=len(known), more=max(0, len(known) - cap),
             query=ctx["queries"]["metrics"]),
        dict(title="Số liệu khác (ngoài danh mục chỉ tiêu)", rows=others[:cap], total=len(others),
             more=max(0, len(others) - cap), query=ctx["queries"]["other_metrics"])) if sec["rows"]]
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
    images = {x.cid: series_png(x.label, x.unit, x.series) for x in shown if charted.get(x.id) == x.cid}
    return Digest(subject=subject, text=_TEXT_ENV.from_string(_TEXT).render(**ctx).strip() + "\n",
                  html=_ENV.from_string(_HTML).render(**ctx), item_keys=keys, images=images)
