"""Every benchmark still runs end to end at a tiny size (no doc written): a benchmark that rots is
found here, not when someone next runs `make bench` (one crashed on a variable read after
sys.exit for weeks). tests/test_bench_smoke.py walks bench/ so a new benchmark without a smoke
run fails here."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, _pg_available

# bench module -> arguments of its smoke run (None: a library module, not a benchmark)
SMOKE = {
    "crawl_bench": None,           # its own test below (checks two figures)
    "browser_bench": ["--pages", "4", "--concurrency", "2", "--no-doc"],
    "dedup_bench": ["--sizes", "2000", "--no-doc"],
    "eval": ["--no-doc"],
    "eval_real": ["--set", "fixtures", "--no-doc"],
    "onboard_bench": ["wp-style"],  # sources add -> check -> crawl on one mirror archetype (prints, writes no doc)
    "extract_bench": ["--repeat", "1", "--no-doc"],
    "discovery_bench": ["--repeat", "1", "--sites", "vgp", "slug-noid", "--no-doc"],
    "search_bench": None,          # its own test below (both databases)
    "soak": None,                  # its own test below (writes a summary)
    "make_golden": None,           # its own test below (reproduces tests/golden)
    "eval_events": None,           # library of eval.py
    "soak_portals": None,          # library of soak.py
    "report": None,                # library: where figures go
    "golden": None,                # library of eval.py and eval_events.py
    "scale_bench": None,           # its own test: tests/test_scale_bench.py (PostgreSQL, worker processes)
    "scale_load": None,            # library of scale_bench.py (the loopback load)
}


def run_bench(module: str, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", f"bench.{module}", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def test_every_benchmark_has_a_smoke_run():
    modules = {p.stem for p in (ROOT / "bench").glob("*.py") if p.stem != "__init__"}
    assert modules <= set(SMOKE), f"benchmarks without a smoke run here: {sorted(modules - set(SMOKE))}"


@pytest.mark.parametrize("module", [m for m, a in SMOKE.items() if a is not None])
def test_benchmark_runs_at_smoke_size(module):
    doc = (ROOT / "docs" / "performance.md").read_bytes()
    res = run_bench(module, *SMOKE[module])
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    assert "Traceback" not in res.stderr
    assert (ROOT / "docs" / "performance.md").read_bytes() == doc          # --no-doc writes nothing
    assert res.stdout.strip(), "a benchmark that prints no figure"


def test_crawl_bench_reports_the_pipeline_against_bare_trafilatura():
    doc = (ROOT / "docs" / "performance.md").read_bytes()
    res = run_bench("crawl_bench", "--repeat", "1", "--no-doc")
    assert res.returncode == 0, res.stderr[-2000:]
    assert (ROOT / "docs" / "performance.md").read_bytes() == doc
    ratio = [line for line in res.stdout.splitlines() if line.startswith("ratio whole pipeline / bare trafilatura")]
    assert ratio and float(ratio[0].split()[-1].rstrip("x")) > 1.0      # ours does more than trafilatura alone
    downloads = [line for line in res.stdout.splitlines() if line.startswith("re-crawl: article downloads")]
    assert downloads and int(downloads[0].split()[-1]) == 0                # nothing re-downloaded when unchanged


def test_search_bench_runs_on_both_databases(tmp_path):
    backend = "both" if _pg_available() is None else "sqlite"
    res = run_bench("search_bench", "--articles", "2000", "--backend", backend, "--queries", "8", "--series", "8",
                    "--no-doc", "--sqlite-path", str(tmp_path / "b.db"))
    assert res.returncode == 0, res.stdout[-1500:] + res.stderr[-1500:]
    assert res.stdout.count("search p50 / p95") == (2 if backend == "both" else 1)


def test_make_golden_reproduces_the_committed_golden_set(tmp_path):
    res = run_bench("make_golden", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr[-2000:]
    golden = ROOT / "tests" / "golden"
    assert json.loads((tmp_path / "expected.json").read_text("utf-8")) == json.loads((golden / "expected.json").read_text("utf-8"))
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == sorted(p.name for p in (golden / "pages").iterdir())


def test_soak_runs_one_simulated_day(tmp_path):
    out = tmp_path / "soak"
    res = run_bench("soak", "--sources", "3", "--days", "1", "--parallel", "2", "--faults", "2", "--out", str(out),
                    timeout=600)
    assert res.returncode in (0, 1), res.stdout[-1500:] + res.stderr[-1500:]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["verdict"]["digests_all_sent_once"] and summary["verdict"]["no_failed_jobs"], summary
    assert summary["chromium_left"] == 0 and summary["crawls"] >= 3
