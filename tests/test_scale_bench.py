"""bench/scale_bench.py at a smoke size (4 hosts, 8 sources; 1 and 2 workers, the 2-worker run with
its SIGKILL and connection drop; today's daemon beside them) on the real PostgreSQL: it runs end to
end and what must hold holds."""
import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, _pg_available


@pytest.mark.timed_waits          # its daemon baseline runs the real daemon (APScheduler waits on an Event)
def test_scale_bench_smoke(tmp_path):
    if _pg_available():
        pytest.skip("PostgreSQL not reachable")
    out = tmp_path / "scale.json"
    res = subprocess.run([sys.executable, "-m", "bench.scale_bench", "--hosts", "4", "--per-host", "2",
                          "--workers", "1,2", "--window", "30", "--interval", "10", "--concurrency", "4",
                          "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=400)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    data = json.loads(out.read_text())
    assert data["sources"] == 8 and data["hosts"] == 4
    assert [r["workers"] for r in data["runs"]] == [1, 2]
    for key in ("sources_per_hour", "cpu_s_per_source", "p95_lag_s"):
        assert all(key in r for r in data["runs"])
    assert data["runs"][0]["crawls"] >= 8 and data["baseline"]["crawls"] >= 1
    assert data["politeness_violations"] == 0 and data["lost"] == 0 and data["stalled_after_cleanup"] == 0
    assert data["runs"][1]["faults"].get("kill") is not None
