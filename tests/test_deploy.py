"""deploy/compose.yaml (PostgreSQL, a dispatcher, workers) parses, its services run what exists,
and deploy/dxwatch.toml is a valid cluster config once the environment gives it its database."""
import shlex
from pathlib import Path

import yaml

from crawler.config import load_config

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def test_compose_has_postgresql_a_dispatcher_and_workers():
    c = compose()
    services = c["services"]
    assert {"postgres", "dispatcher", "worker", "browser-worker"} <= set(services)
    assert services["postgres"]["healthcheck"]["test"]
    queues = {}
    for name in ("dispatcher", "worker", "browser-worker"):
        s = services[name]
        cmd = s["command"] if isinstance(s["command"], list) else shlex.split(s["command"])
        assert cmd[:2] == ["dxwatch", "worker"]
        queues[name] = cmd[cmd.index("--queues") + 1].split(",")
        assert s["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert s["environment"]["DXWATCH_CLUSTER_ENABLED"] == "true"
        assert s["environment"]["DXWATCH_STORAGE_URL"].startswith("postgresql+psycopg://")
        assert s["stop_signal"] == "SIGTERM"
    assert queues == {"dispatcher": ["control"], "worker": ["http"], "browser-worker": ["browser"]}
    assert (DEPLOY / services["worker"]["build"]["dockerfile"].removeprefix("deploy/")).is_file()
    assert set(c["volumes"]) >= {"pgdata"}


def test_the_deploy_config_is_a_valid_cluster_config():
    env = {"DXWATCH_STORAGE_URL": "postgresql+psycopg://dxwatch:x@postgres:5432/dxwatch",
           "DXWATCH_CLUSTER_ENABLED": "true", "DXWATCH_CRAWL_SOURCES_DIR": str(ROOT / "sources")}
    loaded = load_config(DEPLOY / "dxwatch.toml", environ=env)
    assert loaded.settings.cluster.enabled and loaded.settings.sources
    grace = compose()["x-dxwatch"]["stop_grace_period"]
    assert int(grace.removesuffix("m")) * 60 > loaded.settings.cluster.shutdown_grace
