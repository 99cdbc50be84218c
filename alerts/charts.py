"""Small PNG charts of a metric's series for the digest (matplotlib, no display needed).

One chart per series (indicator and scope), its points placed on a time axis by the end of
their period, so a rise is drawn as a rise. Axes read like Vietnamese figures (0,5; 1.200; 13
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


def series_figure(label: str, unit: str, points: list[Point]):
    """The matplotlib figure of one series, points in time order (tests read it back)."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import FuncFormatter, MaxNLocator
    points = sorted(points, key=lambda p: p[2])
    fig, ax = plt.subplots(figsize=(4.2, 1.8), dpi=100)
    xs = [p[2].toordinal() for p in points]
    ys = [p[1] for p in points]
    ax.plot(xs, ys, marker="o", color="#0b5cad", linewidth=1.5)
    ax.set_xticks(xs, [p[0] for p in points], fontsize=6.5)
    if len(xs) == 1:
        ax.set_xlim(xs[0] - 30, xs[0] + 30)
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
    ax.set_title(f"{label} ({title_unit})"[:80], fontsize=8)
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
