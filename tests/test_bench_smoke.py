"""The search benchmark still runs end to end on both databases (tiny size, no doc written):
a benchmark that rots is found here, not after a 20-minute load."""
import subprocess
import sys

from tests.conftest import ROOT, _pg_available


def test_search_bench_runs_on_both_databases(tmp_path):
    backend = "both" if not _pg_available() else "sqlite"
    res = subprocess.run([sys.executable, "-m", "bench.search_bench", "--articles", "2000", "--backend", backend,
                          "--queries", "8", "--series", "8", "--no-doc", "--sqlite-path", str(tmp_path / "b.db")],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stdout[-1500:] + res.stderr[-1500:]
    assert res.stdout.count("search p50 / p95") == (2 if backend == "both" else 1)
