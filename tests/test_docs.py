"""The documentation stays true: every repository path and every code name that README.md and
docs/*.md mention in backticks exists (a doc that tells the reader to edit `SITE_KEYS`, which
exists nowhere, fails here)."""
import importlib
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PACKAGES = {"common", "pipelines", "storage", "spiders", "crawler", "alerts", "cluster", "mirror", "bench", "scheduler"}
TOP = PACKAGES - {"scheduler"} | {"tests", "docs", "sources", "deploy", ".ci"}
# Names the docs show on purpose as wrong (the errors dxwatch gives for them are the point), and
# names of other software's that the docs mention.
SHOWN_AS_WRONG = {
    "DXWATCH_CRAWL_PER_HOST_CONCURENCY",    # a misspelt variable, and the error it gets
}
NOT_OURS = {
    "date_trunc",                           # PostgreSQL's, in docs/sql.md's portability advice
}
FILE_TYPES = (".py", ".toml", ".md", ".json", ".txt", ".db", ".cfg", ".html")


def spans() -> list[tuple[str, str]]:
    out = []
    for doc in DOCS:
        text = re.sub(r"```.*?```", "", doc.read_text(encoding="utf-8"), flags=re.S)   # code blocks are examples
        out += [(doc.name, s) for s in re.findall(r"`([^`\n]+)`", text)]
    return out


def _corpus() -> str:
    """Every tracked text file but the docs themselves."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    parts = []
    for f in files:
        p = ROOT / f
        if p.suffix in (".py", ".toml", ".json", ".cfg", ".ini", ".mako", ".html", ".txt") or p.name in ("Makefile", "run"):
            if not (p.suffix == ".md" or f.startswith("tests/golden/pages/")):
                parts.append(p.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


CORPUS = _corpus()


def repo_paths():
    for doc, s in spans():
        path = s.split("::")[0]
        first = path.split("/")[0]
        if "/" in path and " " not in path and (first in TOP or (ROOT / first).is_file()):
            yield doc, s
        elif "/" not in path and path.endswith(FILE_TYPES) and (ROOT / path).is_file():
            yield doc, s          # a file at the top: README.md, pyproject.toml, scheduler.py


def code_names():
    for doc, s in spans():
        name = s.removesuffix("()")
        if not re.fullmatch(r"[A-Za-z_][\w]*(\.[A-Za-z_]\w*)*", name) or name in SHOWN_AS_WRONG | NOT_OURS \
                or name.endswith(FILE_TYPES):
            continue
        dotted = "." in name and name.split(".")[0] in PACKAGES
        camel = re.fullmatch(r"[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+(\.\w+)?", name)
        snake = "_" in name.strip("_")
        if dotted or camel or snake:
            yield doc, name


def test_the_checks_see_the_docs():
    assert len(list(repo_paths())) > 50 and len(list(code_names())) > 100


IGNORED = {line.strip() for line in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
           if "/" in line.strip("/") and not line.startswith("#")}


def test_local_only_folders_the_docs_name_are_ignored_by_git():
    """A folder the docs describe as local-only (tests/real/local/) must be ignored, so its text is never committed."""
    named = {s for _, s in repo_paths() if s in IGNORED}
    assert "tests/real/local/" in named
    tracked = subprocess.run(["git", "ls-files", *named], cwd=ROOT, capture_output=True, text=True).stdout
    assert not tracked.strip(), tracked


@pytest.mark.parametrize("doc,span", sorted(set(repo_paths())))
def test_every_path_in_the_docs_exists(doc, span):
    path, _, test = span.partition("::")
    if path in IGNORED:       # a local-only folder the docs describe (third-party text): it must stay ignored
        return
    pattern = re.sub(r"<[^>]+>", "*", path.rstrip("/"))
    found = list(ROOT.glob(pattern)) if "*" in pattern else [ROOT / pattern] if (ROOT / pattern).exists() else []
    assert found, f"{doc}: `{span}` does not exist"
    if test:
        assert re.search(rf"^def {re.escape(test)}\(", found[0].read_text(encoding="utf-8"), re.M), f"{doc}: `{span}`"


def config_key(name: str) -> bool:
    """`section.key` of the configuration, or its variable DXWATCH_<SECTION>_<KEY>."""
    from crawler.config import Settings
    if name.startswith("DXWATCH_"):
        rest = name.removeprefix("DXWATCH_").lower()
        section = next((s for s in Settings.model_fields if rest.startswith(s + "_")), None)
        name = f"{section}.{rest[len(section) + 1:]}" if section else name
    section, _, key = name.partition(".")
    model = Settings.model_fields.get(section)
    return bool(key) and model is not None and key in getattr(model.annotation, "model_fields", {})


@pytest.mark.parametrize("doc,name", sorted(set(code_names())))
def test_every_code_name_in_the_docs_exists(doc, name):
    if config_key(name):
        return
    if "." in name and name.split(".")[0] in PACKAGES:
        parts = name.split(".")
        for i in range(len(parts), 0, -1):          # the longest importable prefix, then attributes
            try:
                obj = importlib.import_module(".".join(parts[:i]))
            except ModuleNotFoundError:
                continue
            for attr in parts[i:]:
                assert hasattr(obj, attr), f"{doc}: `{name}`: no {attr!r} in {obj!r}"
                obj = getattr(obj, attr)
            return
        pytest.fail(f"{doc}: `{name}`: no such module")
    last = name.split(".")[-1]
    assert re.search(rf"(?<![\w]){re.escape(last)}(?![\w])", CORPUS), f"{doc}: `{name}` is named nowhere in the code"
