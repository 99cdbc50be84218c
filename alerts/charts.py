"""Small PNG charts of a metric's series for the digest (matplotlib, no display needed).

One chart per series (indicator and scope), its points in time order (by the end of their
period, evenly spaced so labels never overlap), so a rise is drawn as a rise. Axes read like Vietnamese figures (0,5; 1.200; 13
triệu), a percentage axis stays within 0–100, and a rank axis is drawn upside down (1 at the
top: a better rank is higher on the chart).
"""
from __future__ import annotations

import io
from datetime import date

Point = tuple[str, float, date]          # (period label, value, period end)


def axis_number(value: float) -> str:
    """A tick label in Vietnamese style, scale words for large counts: 13.200.000 -> '13,2 triệu'."""
    from pipelines.numbers import format_vn
    for size, word in ((1e9, "tỷ"), (1e6, "triệu")):
        if abs(value) >= size:
            return f"{format_vn(round(value / size, 2), 2)} {word}"
    return format_vn(round(value, 4), 4)


def _wrap(label: str, width: int = 12) -> str:
    """A long period label on two lines ("ngày đăng\n25/04/2024", "6 tháng đầu\nnăm 2023")."""
    if len(label) <= width or " " not in label:
        return label
    cut = label.rfind(" ", 0, len(label) // 2 + 4) if label.rfind(" ", 0, len(label) // 2 + 4) > 0 else label.find(" ")
    return label[:cut] + "\n" + label[cut + 1:]


def series_figure(label: str, unit: str, points: list[Point]):
    """The matplotlib figure of one series, points in time order (tests read it back)."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import FuncFormatter, MaxNLocator
    points = sorted(points, key=lambda p: p[2])
    fig, ax = plt.subplots(figsize=(4.2, 1.8), dpi=100)
    xs = list(range(len(points)))          # in time order, evenly spaced: labels never overlap
    ys = [p[1] for p in points]
    ax.plot(xs, ys, marker="o", color="#0b5cad", linewidth=1.5)
    ax.set_xticks(xs, [_wrap(p[0]) for p in points], fontsize=6.5)
    ax.set_xlim(-0.4, len(xs) - 0.6)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=unit in ("rank", "hạng", "bậc")))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: axis_number(v)))
    ax.tick_params(axis="y", labelsize=7)
    lo, hi = min(ys), max(ys)
    pad = (hi - lo) * 0.15 or max(abs(hi) * 0.1, 1e-3)
    if unit == "%":
        ax.set_ylim(max(0.0, lo - pad), min(100.0, hi + pad))
    elif unit in ("rank", "hạng"):
        ax.set_ylim(hi + max(pad, 0.5), max(0.5, lo - max(pad, 0.5)))      # 1 at the top
    else:
        ax.set_ylim(lo - pad, hi + pad)
    title_unit = {"rank": "hạng", "%": "%"}.get(unit, unit)
    title = label if title_unit in label else f"{label} ({title_unit})"
    ax.set_title(title[:80], fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def series_png(label: str, unit: str, points: list[Point]) -> bytes:
    """The chart of one series as PNG bytes; deterministic for the same input."""
    from matplotlib import pyplot as plt
    fig = series_figure(label, unit, points)
    try:
        buf = io.BytesIO()
        fig.savefig(buf, format="png", metadata={"Software": None})
        return buf.getvalue()
    finally:
        plt.close(fig)
