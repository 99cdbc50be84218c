"""Near-duplicate benchmark: lookup time per new article and index memory on synthetic archives
(100k and, with BENCH_DEDUP_SIZES, more), and precision/recall on the team's labelled pairs."""
from __future__ import annotations

import itertools
import os
import random
import resource
import time

from datasketch import MinHashLSH

from bench.report import DOC, parser, write_section
from mirror.archetypes import load_articles
from pipelines.stories import NUM_PERM, THRESHOLD, signature
from pipelines.textnorm import fold



def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def labelled_pairs():
    """Positives: the mirror's syndicated copies plus edited copies made here (byline changed, a
    sentence added, a new title, a paragraph dropped). Negatives: every other pair of articles."""
    arts = [a for a in load_articles() if len(a.body) >= 3]
    docs = {a.id: (a.title, a.lead, a.lead + "\n\n" + "\n\n".join(a.body)) for a in arts}
    rng = random.Random(7)
    positives = [(a.id, a.syndicated_from) for a in arts if a.syndicated_from]
    for a in rng.sample(arts, 20):
        edits = {
            "byline": (a.title, a.lead, docs[a.id][2] + "\n\nTheo Báo địa phương"),
            "sentence": (a.title, a.lead, docs[a.id][2] + "\n\nSở Thông tin và Truyền thông sẽ tiếp tục theo dõi, đôn đốc."),
            "title": ("Tin mới: " + a.title.lower(), a.lead, docs[a.id][2]),
            "dropped": (a.title, a.lead, a.lead + "\n\n" + "\n\n".join(a.body[:-1])),
        }
        for kind, doc in edits.items():
            docs[f"{a.id}~{kind}"] = doc
            positives.append((f"{a.id}~{kind}", a.id))
    pos = {frozenset(p) for p in positives}
    originals = [a.id for a in arts]
    negatives = [(x, y) for x, y in itertools.combinations(originals, 2) if frozenset((x, y)) not in pos]
    return docs, positives, negatives


def quality() -> dict[str, str]:
    docs, positives, negatives = labelled_pairs()
    sigs = {k: signature(*v) for k, v in docs.items()}

    def same(x, y):
        return sigs[x] is not None and sigs[y] is not None and sigs[x].jaccard(sigs[y]) >= THRESHOLD
    tp = sum(same(x, y) for x, y in positives)
    fp = sum(same(x, y) for x, y in negatives)
    fn = len(positives) - tp
    return {"labelled pairs": f"{len(positives)} duplicates, {len(negatives)} non-duplicates",
            "precision / recall at the threshold": f"{tp / max(1, tp + fp):.3f} / {tp / max(1, tp + fn):.3f}",
            "threshold (Jaccard estimate)": f"{THRESHOLD}"}


def synthetic(n: int, vocab: list[str], rng: random.Random):
    for _ in range(n):
        words = rng.choices(vocab, k=220)
        text = " ".join(words)
        yield " ".join(words[:12]), "", text


def scale(n: int, vocab: list[str]) -> dict[str, str]:
    rng = random.Random(n)
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    before = rss_mb()
    t_sig = 0.0
    for i, (title, lead, text) in enumerate(synthetic(n, vocab, rng)):
        t0 = time.perf_counter()
        sig = signature(title, lead, text)
        t_sig += time.perf_counter() - t0
        lsh.insert(i, sig)
    built = rss_mb()
    probes = list(synthetic(1000, vocab, random.Random(-n)))
    sigs = [signature(*p) for p in probes]
    t0 = time.perf_counter()
    for j, sig in enumerate(sigs):
        lsh.query(sig)
        lsh.insert(n + j, sig)
    lookup = (time.perf_counter() - t0) / len(sigs)
    return {f"{n:,} articles: lookup + insert per new article": f"{lookup * 1000:.2f} ms",
            f"{n:,} articles: signature per article": f"{t_sig / n * 1000:.2f} ms",
            f"{n:,} articles: index memory (RSS growth)": f"{built - before:.0f} MB"}


def main(argv: list[str] | None = None) -> None:
    ap = parser(__doc__)
    ap.add_argument("--sizes", default=os.environ.get("BENCH_DEDUP_SIZES", "100000"),
                    help="synthetic archive sizes, comma-separated")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    vocab = sorted({w for a in load_articles() for w in fold(" ".join(a.body)).split() if w.isalpha()})
    rows = quality()
    for n in sizes:
        rows.update(scale(n, vocab))
    write_section("dedup", rows, f"MinHash {NUM_PERM} permutations, syllable 3-shingles; synthetic articles of "
                                 f"220 syllables drawn from the mirror's vocabulary", doc=None if args.no_doc else DOC)


if __name__ == "__main__":
    main()
