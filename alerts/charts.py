"""Small PNG charts of a metric's series for the digest (matplotlib, no display needed)."""
from __future__ import annotations

import io


def series_png(label: str, unit: str, points: list[tuple[str, float]]) -> bytes:
    """A line chart of (period, value) points; deterministic bytes for the same input."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    fig, ax = plt.subplots(figsize=(4.2, 1.8), dpi=100)
    try:
        xs = [p for p, _ in points]
        ys = [v for _, v in points]
        ax.plot(range(len(xs)), ys, marker="o", color="#0b5cad", linewidth=1.5)
        ax.set_xticks(range(len(xs)), xs, fontsize=7)
        ax.tick_params(axis="y", labelsize=7)
        ax.set_title(f"{label} ({unit})"[:70], fontsize=8)
        ax.grid(alpha=0.3)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", metadata={"Software": None})
        return buf.getvalue()
    finally:
        plt.close(fig)
