"""Data files validated strictly on load: unknown keys are errors, and an error names the file,
the key and what is expected (as the configuration does). Used for the gold and golden fixtures
and the mirror's site manifests, so a renamed key (`[[metric]]` for `[[metrics]]`) fails loudly
instead of silently counting as "nothing expected"."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

M = TypeVar("M", bound=BaseModel)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FixtureError(ValueError):
    """A data file that does not match its schema: file, key, what is expected."""

    def __init__(self, file: str, key: str, expected: str):
        self.file, self.key, self.expected = file, key, expected
        super().__init__(f"{file}: {key}: {expected}")


def key_of(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out or "(top level)"


def validate(model: type[M], data: Any, file: str | Path, prefix: str = "") -> M:
    """`data` as a `model`, or FixtureError naming the file and the first wrong key (after
    `prefix`, e.g. "[3]." for the fourth entry of a list)."""
    try:
        return model.model_validate(data)
    except ValidationError as e:
        errors = e.errors()      # a misspelt key is both unknown and missing: name the unknown one
        first = next((x for x in errors if x["type"] == "extra_forbidden"), errors[0])
        key = prefix + key_of(tuple(first["loc"]))
        if first["type"] == "extra_forbidden":
            raise FixtureError(str(file), key, "unknown key") from None
        if first["type"] == "missing":
            raise FixtureError(str(file), key, "required key is missing") from None
        raise FixtureError(str(file), key, first["msg"].removeprefix("Value error, ")) from None


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        raise FixtureError(str(path), "(syntax)", f"not valid TOML: {e}") from None


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise FixtureError(str(path), "(syntax)", f"not valid JSON: {e}") from None
