"""Freeze the golden set: mirror pages as served (bytes) plus the team's expectations.

The expectations come from the hand-annotated article files (mirror/content/articles), with
their provenance; re-run after changing the mirror's templates: `python -m bench.make_golden`.
"""
from __future__ import annotations

import json
from pathlib import Path

from bench.golden import GOLDEN
from mirror.archetypes import ARCHETYPES, load_articles, render_article

BOILERPLATE = [
    "Tải ứng dụng", "Giọng Nữ miền Nam", "Giọng Nữ miền Bắc", "Lượt xem", "Xem với cỡ chữ", "Tăng cỡ chữ",
    "Bình luận", "Ý kiến bạn đọc", "Tin cùng chuyên mục", "Tin liên quan", "cấp ngày 14/05/2010", "Cơ quan chủ quản",
    "Tổng Biên tập", "khi phát hành lại", "Đang online", "Tất cả: 3758316", "Chủ nhật, 22/11/2026", "Xem nhiều",
    "In bài viết", "Nhập bình luận", "./.",
]


def main(argv: list[str] | None = None) -> None:
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=GOLDEN, help="where to write (default tests/golden)")
    out = ap.parse_args(argv).out
    pages = out / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    expected = []
    for a in load_articles():
        spec = ARCHETYPES[a.site]
        base = f"http://{spec.address}:8080"
        for variant in [""] + [v for v in ("amp", "print") if getattr(a, v)]:
            resp = render_article(spec, base, a, variant, scripts=False)
            name = f"{a.id}{'-' + variant if variant else ''}.html"
            (pages / name).write_bytes(resp.body)
            prefix = {"amp": "/amp", "print": "/print"}.get(variant, "")
            expected.append({
                "file": name, "id": a.id, "site": a.site, "url": base + prefix + a.path, "canonical": base + a.path,
                "content_type": resp.content_type, "title": a.title, "published_at": a.published.isoformat(),
                "relevant": a.relevant, "author": a.author or None, "source_credit": a.source_credit or None,
                "must_contain": a.must_contain, "must_not_contain": BOILERPLATE,
                "provenance": {"archetype": a.site, **a.provenance.model_dump(mode="json", exclude_none=True)},
            })
    (out / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(expected)} golden pages written to {out}")


if __name__ == "__main__":
    main()
