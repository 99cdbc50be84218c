"""`make eval-real`: meetings, figures and relevance on real published prose that the team did not
write, against facts annotated blind (tests/real/facts.json, committed). The articles' text is
third-party and never committed: it lives in tests/real/local/ (git-ignored) on the machines that
have it; without it this says so and exits 0.

Each local text is wrapped in a minimal page (title, publication date when known, paragraphs) and
goes through the whole extraction path, `extract_page`, as a crawled page would.

Matching: a figure is found when an extracted figure has the same value (after scale words:
"13,2 triệu" = 13 200 000) and a compatible unit (% with %, a rank with a rank, a score with a
score, a rank move with a rank move; counts, money and speeds with any of those), one to one. A
meeting is found when an extracted meeting has the same date (or, for one named without its day,
the same body and ordinal); its date is right when it equals the annotated day. An extracted
figure that matches no annotated figure is a false positive, and a trap hit when its value is
one of the article's annotated traps.
"""
from __future__ import annotations

import html
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "real"
SCALE = {None: 1, "": 1, "nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "nghìn tỷ": 1e12, "triệu tỷ": 1e15}
SETS = {   # name -> (annotations, folder of the local texts); "fixtures" carries its own text
    "real": (REAL / "facts.json", REAL / "local"),
    "holdout": (REAL / "holdout.json", REAL / "local" / "holdout"),
    "dev2": (REAL / "dev2.json", REAL / "local" / "dev2"),
    "fixtures": (ROOT / "tests" / "fixtures_prose", None),
}
UNIT_CLASS = {"%": "%", "hạng": "rank", "rank": "rank", "điểm": "score", "bậc": "move"}


def unit_class(unit: str | None) -> str:
    return UNIT_CLASS.get((unit or "").strip(), "quantity")


def gold_value(m: dict) -> float:
    return float(m["value"]) * SCALE.get(m.get("scale"), 1)


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= max(1e-6, 1e-6 * abs(b))


def load_facts(path: Path = REAL / "facts.json") -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _none(v):
    """TOML has no null: the fixtures write "" and 0 for "absent"."""
    return None if v in ("", 0) else v


def load_fixtures(folder: Path = SETS["fixtures"][0]) -> tuple[dict, dict[str, tuple[dict, str]]]:
    """The own-words fixtures (tests/fixtures_prose/*.toml) as a facts document and their texts."""
    import tomllib
    articles, texts = [], {}
    for path in sorted(folder.glob("*.toml")):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        aid = path.stem
        articles.append({
            "id": aid, "url": doc["url"], "outlet": doc["url"].split("/")[2], "published": doc.get("published"),
            "cds": doc["cds"],
            "meetings": [{**m, "ordinal": _none(m.get("ordinal")), "held_on": _none(m.get("held_on")),
                          "chair": _none(m.get("chair"))} for m in doc.get("meetings", [])],
            "metrics": [{**m, "scale": _none(m.get("scale")), "out_of": _none(m.get("out_of"))} for m in doc.get("metrics", [])],
            "traps": doc.get("traps", []),
        })
        texts[aid] = ({"title": doc["title"]}, "\n\n".join(doc["paragraphs"]))
    return {"articles": articles}, texts


def load_set(name: str) -> tuple[dict, dict[str, tuple[dict, str]]]:
    """(annotations, {article id: (header fields, text)}) of an evaluation set; texts absent
    from this machine are simply not in the mapping."""
    if name == "fixtures":
        return load_fixtures()
    path, folder = SETS[name]
    facts = load_facts(path)
    texts = {}
    for a in facts["articles"]:
        local = read_local(a, folder)
        if local is not None:
            texts[a["id"]] = local
    return facts, texts


def read_local(article: dict, folder: Path = REAL / "local") -> tuple[dict, str] | None:
    """(header fields, body) of an article's local text, or None when it is not on this machine."""
    path = folder / f"{article['id']}.txt"
    if not path.is_file():
        return None
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    fields = dict(line.split(":", 1) for line in head.splitlines() if ":" in line)
    return {k.strip(): v.strip() for k, v in fields.items()}, body


def as_page(fields: dict, body: str, published: str | None) -> bytes:
    """A minimal article page: what a crawled page gives extraction, without any site's chrome."""
    paras = [p.strip() for p in re.split(r"\n+", body) if p.strip()]
    title = fields.get("title") or ""
    if paras and paras[0] == title:
        paras = paras[1:]
    if not title and paras:              # no title captured: a short one made of the first words, the text kept whole
        title = " ".join(paras[0].split()[:12])
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (f"<!DOCTYPE html><html lang=vi><head><meta charset=utf-8><title>{html.escape(title)}</title>{meta}</head>"
            f"<body><article><h1>{html.escape(title)}</h1>"
            + "".join(f"<p>{html.escape(p)}</p>" for p in paras) + "</article></body></html>").encode("utf-8")


@dataclass
class Scores:
    articles: int = 0
    relevance_right: int = 0
    meetings: int = 0
    meetings_found: int = 0
    meeting_dates_right: int = 0
    meetings_wrong: int = 0          # extracted rows matching no annotated meeting
    meetings_duplicate: int = 0      # a second row for an annotated meeting
    figures: int = 0
    figures_found: int = 0
    figures_extracted: int = 0
    figures_false: int = 0
    trap_hits: int = 0
    labels_right: int = 0            # of found figures, the scope agrees
    periods_right: int = 0           # of found figures with an annotated period, the period's year agrees
    periods_annotated: int = 0
    by_construction: dict = field(default_factory=dict)      # tag -> [annotated, found]
    misses: list = field(default_factory=list)
    wrong_scopes: list = field(default_factory=list)
    wrong_periods: list = field(default_factory=list)
    false: list = field(default_factory=list)
    wrong_meetings: list = field(default_factory=list)
    missed_meetings: list = field(default_factory=list)

    def rows(self) -> dict[str, str]:
        def ratio(a, b):
            return f"{a / b:.3f} ({a} of {b})" if b else "-"
        precision = (self.figures_extracted - self.figures_false) / self.figures_extracted if self.figures_extracted else 0
        return {
            "articles scored": str(self.articles),
            "relevance right": ratio(self.relevance_right, self.articles),
            "meetings recall": ratio(self.meetings_found, self.meetings),
            "meeting dates right (of found)": ratio(self.meeting_dates_right, self.meetings_found),
            "meeting rows wrong / duplicate": f"{self.meetings_wrong} / {self.meetings_duplicate}",
            "figures recall": ratio(self.figures_found, self.figures),
            "figures precision": f"{precision:.3f} ({self.figures_extracted - self.figures_false} of {self.figures_extracted})",
            "trap hits": str(self.trap_hits),
            "scope right (of found)": ratio(self.labels_right, self.figures_found),
            "period year right (of found with a period)": ratio(self.periods_right, self.periods_annotated),
        }


def _fold(s: str) -> str:
    from pipelines.textnorm import fold
    return fold(s or "")


KIND_MATCH = {"other": {"chuong_trinh", "dien_dan", "hoi_thao", "hoi_nghi"}, "hoi_nghi": {"hoi_nghi", "hoi_thao"},
              "phien_hop": {"phien_hop", "cuoc_hop", "hoi_nghi"}, "hop_ban_chi_dao": {"hop_ban_chi_dao", "phien_hop", "cuoc_hop"}}


def _meeting_matches(gold: dict, got: dict) -> bool:
    """A dated meeting matches on its day; one without its day (annotated or extracted) on its body
    and ordinal, or on its kind and the year (or month) it was held in."""
    if gold.get("day_known") and gold.get("held_on") and got.get("held_on"):
        return got.get("held_on") == gold["held_on"]
    body_g, body_x = _fold(gold.get("body")), _fold(got.get("body"))
    same_body = bool(body_g) and (body_g in body_x or body_x in body_g)
    if gold.get("ordinal") and got.get("ordinal"):
        return gold["ordinal"] == got["ordinal"] and (same_body or got.get("kind") in KIND_MATCH.get(gold["kind"], ()))
    when_g = str(gold.get("held_on") or "")
    when_x = str(got.get("held_on") or got.get("held_in") or "")
    same_time = (bool(when_g) and bool(when_x) and (when_g.startswith(when_x) or when_x.startswith(when_g))) or \
        (not when_g and not got.get("held_on"))          # neither can say when: the body or the kind decides
    return same_time and (same_body or got.get("kind") in KIND_MATCH.get(gold["kind"], ()))


def _place(name) -> str:
    """A scope as compared: folded, without "TP"/"thành phố"/"tỉnh" ("TP Hồ Chí Minh" is "Hồ Chí Minh")."""
    return re.sub(r"^(?:tp\.?|thanh pho|tinh)\s+", "", _fold(name))


def _year(text) -> str | None:
    m = re.search(r"(19|20)\d\d", str(text or ""))
    return m.group(0) if m else None


def score_article(article: dict, ex, s: Scores) -> None:
    s.articles += 1
    s.relevance_right += ex.relevant == article["cds"]
    # meetings
    got = list(ex.meetings)
    used: set[int] = set()
    for g in article["meetings"]:
        s.meetings += 1
        hits = [i for i, m in enumerate(got) if _meeting_matches(g, m)]
        free = [i for i in hits if i not in used]
        if not free:
            s.missed_meetings.append(f"{article['id']}: {g.get('kind')} {g.get('ordinal')} {g.get('held_on')} {g.get('body')}")
        if free:
            s.meetings_found += 1
            used.add(free[0])
            right = got[free[0]].get("held_on") == g.get("held_on") if g.get("day_known") else \
                not got[free[0]].get("held_on") or str(got[free[0]]["held_on"]).startswith(str(g.get("held_on") or "~"))
            s.meeting_dates_right += right
            if not right:
                s.missed_meetings.append(f"{article['id']}: wrong date {got[free[0]].get('held_on')} for {g.get('held_on')} "
                                         f"{g.get('body')}")
            s.meetings_duplicate += len(free) - 1
            used.update(free)
    for i, m in enumerate(got):
        if i not in used:
            s.meetings_wrong += 1
            s.wrong_meetings.append(f"{article['id']}: extra meeting {m.get('kind')} {m.get('ordinal')} "
                                    f"{m.get('held_on')} {m.get('body')}")
    # figures
    extracted = list(ex.metrics)
    s.figures_extracted += len(extracted)
    taken: set[int] = set()
    for g in article["metrics"]:
        s.figures += 1
        tag = g.get("construction", "?")
        s.by_construction.setdefault(tag, [0, 0])[0] += 1
        want, cls = gold_value(g), unit_class(g["unit"])
        if cls == "move" and g.get("value", 0) > 0 and g.get("kind") == "change":
            pass
        match = None
        for i, x in enumerate(extracted):
            if i in taken:
                continue
            xcls = unit_class(x.get("unit"))
            value_ok = same_value(float(x["value"]), want) or (cls == "move" and same_value(abs(float(x["value"])), abs(want)))
            unit_ok = xcls == cls or (cls == "quantity" and xcls == "quantity")
            if value_ok and unit_ok:
                match = i
                break
        if match is None:
            s.misses.append(f"{article['id']}: {g['value']}{' ' + g['scale'] if g.get('scale') else ''} {g['unit']} "
                            f"[{tag}] {g['label']}")
            continue
        taken.add(match)
        s.figures_found += 1
        s.by_construction[tag][1] += 1
        x = extracted[match]
        if _place(x.get("scope")) == _place(g.get("scope")) or (g.get("scope") == "national" and x.get("scope") == "national"):
            s.labels_right += 1
        else:
            s.wrong_scopes.append(f"{article['id']}: {g['value']} {g['unit']} scope {g.get('scope')!r}, got {x.get('scope')!r} "
                                  f"— {x.get('sentence', '')[:110]}")
        if _year(g.get("period")):
            s.periods_annotated += 1
            s.periods_right += _year(x.get("period")) == _year(g.get("period"))
            if _year(x.get("period")) != _year(g.get("period")):
                s.wrong_periods.append(f"{article['id']}: {g['value']} {g['unit']} period {g.get('period')!r}, got "
                                       f"{x.get('period')!r} — {x.get('sentence', '')[:110]}")
    traps = {str(t["value"]) for t in article.get("traps", [])}
    for i, x in enumerate(extracted):
        if i in taken:
            continue
        s.figures_false += 1
        v = float(x["value"])
        is_trap = any(_trap_value_equal(v, t) for t in traps)
        s.trap_hits += is_trap
        s.false.append(f"{article['id']}: {'TRAP ' if is_trap else ''}{x.get('indicator')} {x['value']} {x.get('unit')} "
                       f"— {(x.get('sentence') or '')[:100]}")


def _trap_value_equal(v: float, trap: str) -> bool:
    try:
        return same_value(v, float(trap.replace(",", ".")))
    except ValueError:
        return False


def evaluate(name: str = "real") -> tuple[Scores, int, dict]:
    """Scores over the articles of a set whose text is here, how many were absent, the annotations."""
    from pipelines.extract import extract_page
    facts, texts = load_set(name)
    s, absent = Scores(), 0
    for article in facts["articles"]:
        if article["id"] not in texts:
            absent += 1
            continue
        fields, body = texts[article["id"]]
        ex = extract_page(as_page(fields, body, article.get("published")), article["url"])
        score_article(article, ex, s)
    return s, absent, facts


def main(argv: list[str] | None = None) -> int:
    from bench.report import DOC, parser, write_section
    ap = parser(__doc__)
    ap.add_argument("--misses", type=int, default=40, help="how many missed and false figures to list")
    ap.add_argument("--label", default="", help="a note for the docs section (e.g. 'before the rules changed')")
    ap.add_argument("--set", default="real", choices=sorted(SETS),
                    help="real (tests/real/facts.json), dev2 (tests/real/dev2.json), holdout (tests/real/holdout.json: "
                         "a real set never tuned on) or fixtures (tests/fixtures_prose: own words, in CI)")
    args = ap.parse_args(argv)
    s, absent, facts = evaluate(args.set)
    if s.articles == 0:
        print(f"eval-real ({args.set}): the real-prose texts are not on this machine ({SETS[args.set][1]} holds none "
              f"of the {len(facts['articles'])} annotated articles); nothing scored. They are third-party text and "
              f"never committed: see tests/real/README.md for how they were collected.")
        return 0
    rows = s.rows()
    if absent:
        rows["articles absent here"] = str(absent)
    worst = sorted(((t, a, f) for t, (a, f) in s.by_construction.items() if a - f > 0), key=lambda r: r[2] - r[1])
    rows["constructions missed most (tag: found/annotated)"] = ", ".join(f"{t}: {f}/{a}" for t, a, f in worst[:8]) or "-"
    what = {"real": "real published articles, annotated blind (tests/real/facts.json)",
            "dev2": "real published articles of a third set, 2025-2026 heavy, annotated blind (tests/real/dev2.json)",
            "holdout": "real published articles of the held-out set, never tuned on (tests/real/holdout.json)",
            "fixtures": "own-words fixtures reproducing each construction (tests/fixtures_prose)"}[args.set]
    write_section(f"eval-{args.set}", rows, f"{s.articles} {what}, "
                                            f"{len({a['outlet'] for a in facts['articles']})} outlets"
                                            f"{'; ' + args.label if args.label else ''}",
                  doc=None if args.no_doc else DOC)
    for title, items in (("missed figures", s.misses), ("false figures", s.false), ("missed meetings or dates", s.missed_meetings), ("wrong meetings", s.wrong_meetings),
                         ("figures with the wrong scope", s.wrong_scopes),
                         ("figures with the wrong period year", s.wrong_periods)):
        if items:
            print(f"\n{title} ({len(items)}):")
            for line in items[:args.misses]:
                print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
