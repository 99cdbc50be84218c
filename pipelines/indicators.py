"""The indicator registry (pipelines/data/indicators.toml): which known CĐS indicator a recognised
figure is, by the words around it (matched soft-folded: case, NFC and tone placement do not
matter, tone marks do: "bản" is not "ban"). Data, not code: adding an indicator is adding an entry there
(docs/indicators.md). Validated on load by pydantic; an error names the entry and the key."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipelines.grammar import alternation

DATA = Path(__file__).with_name("data") / "indicators.toml"
OTHER = "other"
CLASS_OF_UNIT = {"%": "percent", "rank": "rank", "điểm": "score", "bậc": "move", "Mbps": "speed", "Gbps": "speed"}


def figure_class(unit: str) -> str:
    return CLASS_OF_UNIT.get(unit, "quantity")


class RegistryError(ValueError):
    """The registry file is malformed: the message names the file, the entry and the key."""


class _Example(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    value: float


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    unit: str
    cls: Literal["score", "rank", "move", "percent", "quantity", "speed"] = Field(alias="class")
    kind: Literal["level", "change", "rank"] | None = None
    synonyms: list[str] = []
    nouns: list[str] = []
    context: list[str] = []
    excludes: list[str] = []
    range: tuple[float, float]
    examples: list[_Example] = Field(min_length=2)
    traps: list[str] = Field(min_length=1)

    @field_validator("key")
    @classmethod
    def _not_other(cls, v: str) -> str:
        if v == OTHER:
            raise ValueError("'other' is kept for figures outside the registry")
        return v

    @model_validator(mode="after")
    def _matchable(self):
        if self.cls == "quantity" and not self.nouns:
            raise ValueError("a quantity needs nouns (what it counts)")
        if self.cls != "quantity" and not self.synonyms:
            raise ValueError("needs synonyms (the words that name it)")
        if self.range[0] > self.range[1]:
            raise ValueError("range: low end above high end")
        return self

    @property
    def figure_kind(self) -> str:
        return self.kind or {"rank": "rank", "move": "change"}.get(self.cls, "level")


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    indicator: list[Entry]

    @model_validator(mode="after")
    def _unique(self):
        keys = [e.key for e in self.indicator]
        dup = sorted({k for k in keys if keys.count(k) > 1})
        if dup:
            raise ValueError(f"duplicate key {dup[0]!r}")
        return self


def _words(phrases: list[str]) -> re.Pattern | None:
    return re.compile(rf"(?<!\w)(?:{alternation(phrases)})(?!\w)") if phrases else None


@dataclass(frozen=True)
class Indicator:
    entry: Entry
    synonyms: re.Pattern | None
    nouns: re.Pattern | None
    context: re.Pattern | None
    excludes: re.Pattern | None

    @property
    def key(self) -> str:
        return self.entry.key


class Registry:
    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.indicators = [Indicator(e, _words(e.synonyms), re.compile(rf"^(?:{alternation(e.nouns)})(?!\w)") if e.nouns
                                     else None, _words(e.context), _words(e.excludes)) for e in entries]
        self.by_key = {i.key: i for i in self.indicators}
        self.order = {e.key: n for n, e in enumerate(entries)}

    def rank(self, key: str) -> int:
        """An indicator's place in the reading order (DTI first); "other" and unknown keys last."""
        return self.order.get(key, len(self.order))

    def match(self, cls: str, kind: str, value: float, counted: str, before: str, label: str, prev: str) -> Indicator | None:
        """The indicator a figure is: `before` is its sentence up to the number, `label` the words
        it measures, `prev` the sentence before (all soft-folded); the nearest synonym wins."""
        window = f"{prev} \x00 {before}"
        after = f" \x00 {label}"
        best, best_at = None, -1.0
        in_label = {}                       # a synonym in the words the figure measures beats any before it;
        for ind in self.indicators:         # the later one is the more specific ("chỉ số DTI trụ cột xã hội số")
            if ind.synonyms is not None:
                hits = list(ind.synonyms.finditer(label))
                if hits and not (ind.excludes is not None and ind.excludes.search(label)):
                    in_label[ind.key] = hits[-1].start() + len(hits[-1].group(0)) / 1000
        for ind in self.indicators:
            e = ind.entry
            if e.cls != cls or e.figure_kind != kind:
                continue
            if not (e.range[0] <= value <= e.range[1]):
                continue
            if ind.nouns is not None and not ind.nouns.match(counted):
                continue
            if ind.context is not None and not ind.context.search(f"{window}{after}"):
                continue
            at = len(window) + 1 if ind.nouns is not None and ind.synonyms is None else -1
            if ind.synonyms is not None:
                hits = [m for m in ind.synonyms.finditer(window)]
                if hits:
                    last = hits[-1]
                    if ind.excludes is not None and ind.excludes.search(window, last.end()):
                        hits = []
                    else:
                        at = last.start() + len(last.group(0)) / 1000
                if not hits:
                    m = ind.synonyms.search(after) or (ind.nouns is not None and ind.synonyms.search(counted))
                    if not m:
                        continue
                    at = len(window) + 0.5
            if ind.key in in_label:
                at = 1e9 + in_label[ind.key]
            if at > best_at:
                best, best_at = ind, at
        return best


def _load(path: Path) -> Registry:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise RegistryError(f"{path}: {e}") from None
    try:
        return Registry(_File.model_validate(data).indicator)
    except ValidationError as e:
        err = e.errors()[0]
        loc = list(err["loc"])
        where = ".".join(str(x) for x in loc)
        if len(loc) >= 2 and loc[0] == "indicator" and isinstance(loc[1], int):
            entry = data["indicator"][loc[1]]
            where = f"indicator {entry.get('key', '#' + str(loc[1] + 1))!r}" + (f".{'.'.join(map(str, loc[2:]))}" if loc[2:] else "")
        raise RegistryError(f"{path}: {where}: {err['msg']}") from None


@lru_cache(maxsize=1)
def registry() -> Registry:
    return _load(DATA)


def load_registry(path: Path) -> Registry:
    """A registry from another file (tests, a site's own)."""
    return _load(path)
