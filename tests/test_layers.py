"""The house in layers, enforced: import-linter's contracts (pyproject.toml [tool.importlinter]:
each layer imports only those below it, crawling code never imports the mirror, the mirror
imports no crawling code, nothing imports the benchmarks, no import cycles), plus what
import-linter cannot see by itself: every module of crawler/ is placed in a layer, every
top-level package is analysed, scheduler.py imports only what is below it, and the wheel carries
neither the mirror nor its gold annotations."""
import ast
import fnmatch
import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LINTER = PYPROJECT["tool"]["importlinter"]
LAYERS = next(c for c in LINTER["contracts"] if c["type"] == "layers")["layers"]


def test_import_contracts_hold():
    res = subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()",
                          "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=240,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.returncode == 0, res.stdout[-6000:] + res.stderr[-2000:]
    assert "0 broken" in res.stdout


def _layer_modules() -> set[str]:
    return {m.strip().strip("()") for layer in LAYERS for m in layer.replace("|", ":").split(":")}


def test_every_crawler_module_sits_in_a_layer():
    """The crawler package holds the CLI (the top) and the Scrapy core (the middle), so the layers
    contract names its modules one by one: a new module must be placed too."""
    declared = _layer_modules()
    modules = {f"crawler.{p.stem}" for p in (ROOT / "crawler").glob("*.py") if p.stem != "__init__"}
    assert modules - declared == set(), "add these to a layer in pyproject.toml [tool.importlinter]"
    assert declared - modules - {"spiders", "scheduler", "alerts", "cluster", "storage", "pipelines", "common"} == set()


def test_every_top_level_package_is_analysed():
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages == set(LINTER["root_packages"])


def test_scheduler_imports_only_what_is_below_it():
    tree = ast.parse((ROOT / "scheduler.py").read_text(encoding="utf-8"))
    ours = {"common", "pipelines", "storage", "spiders", "crawler", "alerts", "mirror", "bench", "tests"}
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    ours_imported = {m for m in imported if m.split(".")[0] in ours}
    assert ours_imported, "scheduler.py imports nothing of ours? then this test looks at the wrong file"
    wrong = {m for m in ours_imported if m.split(".")[0] in ("mirror", "bench", "tests")
             or m.startswith(("crawler.cli", "crawler.demo"))}
    assert wrong == set()


def test_the_wheel_carries_no_mirror_and_no_gold_annotations():
    setuptools = PYPROJECT["tool"]["setuptools"]
    include = setuptools["packages"]["find"]["include"]
    assert not any(fnmatch.fnmatch(name, pattern) for pattern in include for name in ("mirror", "mirror.archetypes", "tests"))
    data = setuptools.get("package-data", {})
    assert not any("mirror" in pkg or any("mirror" in p or "gold" in p for p in pats) for pkg, pats in data.items())
    for pkg, patterns in data.items():             # every pattern names files that exist
        for pattern in patterns:
            assert list((ROOT / pkg).glob(pattern)), f"{pkg}: {pattern} matches nothing"
