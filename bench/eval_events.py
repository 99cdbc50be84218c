"""Meetings and metrics against the team's annotations (the mirror articles), through the whole
extraction path on the golden pages: precision and recall per kind, trap hits, meeting dates."""
from __future__ import annotations

from dataclasses import dataclass, field

from bench.golden import GOLDEN, HELDOUT, golden_cases
from mirror.archetypes import load_articles
from pipelines.extract import extract_page
from pipelines.numbers import find_numbers


@dataclass
class EventScores:
    meetings_tp: int = 0
    meetings_fp: int = 0
    meetings_fn: int = 0
    meeting_dates_right: int = 0
    meeting_attrs: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in ("kind", "ordinal", "chair", "body", "format")})
    metrics_tp: int = 0
    metrics_fp: int = 0
    metrics_fn: int = 0
    metric_attrs: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in ("unit", "period", "scope", "qualifier")})
    trap_hits: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @staticmethod
    def _prf(tp, fp, fn):
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def meetings(self):
        return self._prf(self.meetings_tp, self.meetings_fp, self.meetings_fn)

    @property
    def metrics(self):
        return self._prf(self.metrics_tp, self.metrics_fp, self.metrics_fn)


def golden_pages():
    """(annotated article, page bytes, url, content type) for the golden set's article pages."""
    truth = {a.id: a for a in load_articles()}
    for case in golden_cases():
        if case["file"] == case["id"] + ".html":        # AMP/print variants repeat their article
            yield truth[case["id"]], (GOLDEN / "pages" / case["file"]).read_bytes(), case["url"], case["content_type"]


def heldout_pages():
    """The held-out set (tests/gold_heldout), written blind to the recognisers, rendered by the
    mirror's archetypes as served."""
    from mirror.archetypes import ARCHETYPES, render_article
    for a in load_articles(str(HELDOUT)):
        spec = ARCHETYPES[a.site]
        base = f"http://{spec.address}:8080"
        resp = render_article(spec, base, a, scripts=False)
        yield a, resp.body, base + a.path, resp.content_type


def evaluate_events(pages=None) -> EventScores:
    sc = EventScores()
    for art, body, url, ctype in (pages if pages is not None else golden_pages()):
        case = {"id": art.id}
        ex = extract_page(body, url, content_type=ctype)
        want = {f"{m['held_on']}|{m.get('scope', 'national')}": m for m in art.meetings}
        got = {m["key"]: m for m in ex.meetings}
        for k, m in want.items():
            if k in got:
                sc.meetings_tp += 1
                sc.meeting_dates_right += got[k]["held_on"] == m["held_on"]
                for f, cell in sc.meeting_attrs.items():
                    cell[1] += 1
                    cell[0] += (m.get(f) or None) == (got[k].get(f) or None)
            else:
                sc.meetings_fn += 1
                sc.misses.append(f"meeting {case['id']}: {k}")
        for k in got.keys() - want.keys():
            sc.meetings_fp += 1
            sc.misses.append(f"extra meeting {case['id']}: {k}")
        pending = list(art.metrics)
        trap_values = {n.value for t in art.traps for n in find_numbers(t)}
        for m in ex.metrics:
            match = next((w for w in pending if w["indicator"] == m["indicator"] and abs(w["value"] - m["value"]) < 1e-6), None)
            if match is None:
                sc.metrics_fp += 1
                sc.misses.append(f"extra metric {case['id']}: {m['indicator']}={m['value']}")
                if m["value"] in trap_values:
                    sc.trap_hits.append(f"{case['id']}: {m['indicator']}={m['value']} ({m['sentence'][:80]})")
                continue
            pending.remove(match)
            sc.metrics_tp += 1
            for f, cell in sc.metric_attrs.items():
                cell[1] += 1
                cell[0] += _same_period(match.get(f), m.get(f)) if f == "period" else (match.get(f) or None) == (m.get(f) or None)
        sc.metrics_fn += len(pending)
        sc.misses += [f"metric {case['id']}: {w['indicator']}={w['value']}" for w in pending]
    return sc


def _same_period(want: str | None, got: str | None) -> bool:
    """Periods compare as dates ("2023" is "năm 2023"; "2024-Q2" is "quý II/2024")."""
    from pipelines.periods import parse_period
    if not want or not got:
        return not want and (not got or got.startswith("ngày đăng"))
    a, b = parse_period(want), parse_period(got)
    return (a.start, a.end) == (b.start, b.end) if a and b else want == got


def rows(sc: EventScores) -> dict[str, str]:
    mp, mr, mf = sc.meetings
    xp, xr, xf = sc.metrics
    out = {
        "meetings precision / recall / F1": f"{mp:.3f} / {mr:.3f} / {mf:.3f} ({sc.meetings_tp} found, {sc.meetings_fp} extra, {sc.meetings_fn} missed)",
        "meeting dates right (of found)": f"{sc.meeting_dates_right}/{sc.meetings_tp}",
        "metrics precision / recall / F1": f"{xp:.3f} / {xr:.3f} / {xf:.3f} ({sc.metrics_tp} found, {sc.metrics_fp} extra, {sc.metrics_fn} missed)",
        "trap numbers taken as metrics": str(len(sc.trap_hits)),
    }
    out.update({f"meeting {k} right": f"{v[0]}/{v[1]}" for k, v in sc.meeting_attrs.items()})
    out.update({f"metric {k} right": f"{v[0]}/{v[1]}" for k, v in sc.metric_attrs.items()})
    return out
