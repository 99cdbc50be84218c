"""Places: the 63 provinces before the 2025 reorganisation, the 34 after, and which old unit each
new one took in (pipelines/data/provinces.toml, validated on load).

A scope keeps the name it was written with ("Sóc Trăng", 2024): `now(name)` is the unit it belongs
to today (Cần Thơ). Finding names works on folded text ("Soc Trang", "SÓC TRĂNG" alike).
"""
from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from pipelines.textnorm import fold, soft_fold

DATA = Path(__file__).with_name("data") / "provinces.toml"


class PlacesDataError(ValueError):
    """The province table is malformed: the message names the file and the entry."""


class _Unit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    kind: Literal["province", "city"] = "province"
    took_in: list[str]

    @model_validator(mode="after")
    def _keeps_a_name(self):
        if self.name not in self.took_in:
            raise ValueError(f"{self.name}: a new unit keeps the name of one it took in")
        return self


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reorganised_on: date
    unit: list[_Unit]
    agencies: dict[str, list[str]] = {}
    operators: dict[str, list[str]] = {}
    aliases: dict[str, str] = {}


class Places:
    def __init__(self, table: _Table):
        self.reorganised_on = table.reorganised_on
        self.units_now = [u.name for u in table.unit]
        self.now_of = {old: u.name for u in table.unit for old in u.took_in}
        self.before = sorted(self.now_of)
        missing = sorted(set(table.aliases.values()) - set(self.before))
        if missing:
            raise PlacesDataError(f"{DATA}: aliases: {', '.join(missing)} is not a province name")
        self.by_fold = {fold(n): n for n in self.before} | {fold(a): n for a, n in table.aliases.items()}
        names = sorted(self.by_fold, key=len, reverse=True)
        self._rx = re.compile(r"(?<![\w])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])")
        self.agency_by = {soft_fold(n): n for n in table.agencies} | {
            soft_fold(a): n for n, aliases in table.agencies.items() for a in aliases}
        alts = sorted(self.agency_by, key=len, reverse=True)
        self._agency_rx = re.compile(r"(?<![\w])(" + "|".join(re.escape(n) for n in alts) + r")(?![\w])")
        self.operator_by = {soft_fold(n): n for n in table.operators} | {
            soft_fold(a): n for n, aliases in table.operators.items() for a in aliases}
        ops = sorted(self.operator_by, key=len, reverse=True) or ["(?!)"]
        self._operator_rx = re.compile(r"(?<![\w])(" + "|".join(re.escape(n) for n in ops) + r")(?![\w])")

    def find(self, folded: str) -> list[tuple[int, str]]:
        """(position, name as of before 2025) of every province named in folded text (longest wins)."""
        return [(m.start(), self.by_fold[m.group(1)]) for m in self._rx.finditer(folded)]

    def agencies(self, soft: str) -> list[tuple[int, int, str]]:
        """(start, end, name) of every ministry or national agency named in soft-folded text."""
        return [(m.start(), m.end(), self.agency_by[m.group(1)]) for m in self._agency_rx.finditer(soft)]

    def operators(self, soft: str) -> list[tuple[int, int, str]]:
        """(start, end, name) of every network operator named in soft-folded text (Viettel, VNPT…)."""
        return [(m.start(), m.end(), self.operator_by[m.group(1)]) for m in self._operator_rx.finditer(soft)]

    def now(self, name: str | None) -> str | None:
        """The unit a province belongs to today; None for a scope that is not a province."""
        return self.now_of.get(name) if name else None


def _load(path: Path) -> Places:
    try:
        return Places(_Table.model_validate(tomllib.loads(path.read_text(encoding="utf-8"))))
    except tomllib.TOMLDecodeError as e:
        raise PlacesDataError(f"{path}: {e}") from None
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        raise PlacesDataError(f"{path}: {where}: {err['msg']}") from None


@lru_cache(maxsize=1)
def places() -> Places:
    return _load(DATA)


@lru_cache(maxsize=8192)
def _find_provinces(folded: str) -> tuple[tuple[int, str], ...]:
    return tuple(places().find(folded))


def find_provinces(folded: str) -> list[tuple[int, str]]:
    """(position, name as of before 2025) of every province named in folded text (cached)."""
    return list(_find_provinces(folded))


def scope_now(scope: str | None) -> str | None:
    """The province a scope belongs to today ("Sóc Trăng" -> "Cần Thơ"); "national" stays."""
    if scope in (None, "", "national"):
        return scope
    return places().now(scope) or scope


def clear_cache() -> None:
    _find_provinces.cache_clear()
