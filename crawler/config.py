"""Configuration: the strict TOML schema (crawler.config_schema), layered defaults < file <
sources/ < environment."""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from common.secrets import exposure_warning
from crawler.config_schema import *  # noqa: F401,F403  (the schema's names are this module's too)
from crawler.config_schema import (DEFAULT_CONFIG_NAME, ENV_PREFIX, ConfigError, Settings, SourceConfig,
                                   parse_duration)


@dataclass
class LoadedConfig:
    settings: Settings
    path: Path | None            # the config file, None when built-in defaults only
    base_dir: Path               # relative paths in the config resolve against this
    warnings: list[str] = field(default_factory=list)    # e.g. a password in a world-readable file

    def resolve(self, p: str) -> Path:
        path = Path(p)
        return path if path.is_absolute() else self.base_dir / path

    def source(self, source_id: str) -> SourceConfig:
        for s in self.settings.sources:
            if s.id == source_id:
                return s
        known = ", ".join(s.id for s in self.settings.sources) or "none configured"
        raise ConfigError(str(self.path or "config"), f"sources.{source_id}", f"no such source (known: {known})")


def _format_loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _raise_validation(file: str, err: ValidationError, prefix: str = "") -> None:
    first = err.errors()[0]
    loc = _format_loc(tuple(first["loc"]))
    key = f"{prefix}{loc}" if loc != "(top level)" or not prefix else prefix.rstrip(".")
    if first["type"] == "extra_forbidden":
        raise ConfigError(file, key, "unknown key")
    if first["type"] == "missing":
        raise ConfigError(file, key, "required key is missing")
    msg = first["msg"].removeprefix("Value error, ")
    got = first.get("input")
    if first["type"].endswith("_type") or first["type"] in ("bool_parsing", "int_parsing", "float_parsing"):
        msg = f"{msg} (got {got!r})"
    raise ConfigError(file, key, msg)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(str(path), "(syntax)", f"not valid TOML: {e}") from None
    except OSError as e:
        raise ConfigError(str(path), "(file)", f"cannot be read: {e.strerror}") from None


def _env_value(raw: str) -> Any:
    """Environment values are TOML literals when they parse as such, else plain strings."""
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def _apply_env(data: dict[str, Any], environ: dict[str, str]) -> dict[str, str]:
    """DXWATCH_<SECTION>_<KEY> overrides; returns {section.key: variable} for error messages.
    A variable naming a known section but an unknown key is an error (a typo must not pass)."""
    sections = {name: model for name, model in Settings.model_fields.items() if name != "sources"}
    origin: dict[str, str] = {}
    for var, raw in environ.items():
        if not var.startswith(ENV_PREFIX):
            continue
        rest = var[len(ENV_PREFIX):].lower()
        for section in sections:
            if rest.startswith(section + "_"):
                key = rest[len(section) + 1:]
                model = sections[section].annotation
                if key not in model.model_fields:  # type: ignore[union-attr]
                    raise ConfigError("environment", var, f"unknown key {section}.{key}")
                data.setdefault(section, {})[key] = _env_value(raw)
                origin[f"{section}.{key}"] = var
                break
    return origin


def load_config(path: str | os.PathLike | None = None, environ: dict[str, str] | None = None) -> LoadedConfig:
    """Load the configuration: explicit path > $DXWATCH_CONFIG > ./dxwatch.toml > defaults."""
    environ = dict(os.environ if environ is None else environ)
    explicit = path or environ.get("DXWATCH_CONFIG")
    cfg_path: Path | None = Path(explicit) if explicit else None
    if cfg_path is None and Path(DEFAULT_CONFIG_NAME).is_file():
        cfg_path = Path(DEFAULT_CONFIG_NAME)
    if cfg_path is not None and not cfg_path.is_file():
        raise ConfigError(str(cfg_path), "(file)", "does not exist")
    data: dict[str, Any] = _read_toml(cfg_path) if cfg_path else {}
    warnings = [w for w in [exposure_warning(cfg_path, data) if cfg_path else None] if w]
    base_dir = cfg_path.parent.resolve() if cfg_path else Path.cwd()
    label = str(cfg_path) if cfg_path else "built-in defaults"
    env_origin = _apply_env(data, environ)
    inline = data.pop("sources", [])
    if not isinstance(inline, list):
        raise ConfigError(label, "sources", "expected an array of tables [[sources]]")
    explicit_sources_dir = "sources_dir" in data.get("crawl", {})
    try:
        settings = Settings.model_validate(data)
    except ValidationError as e:
        loc = _format_loc(tuple(e.errors()[0]["loc"]))
        if loc in env_origin:      # a bad value that came from the environment names its variable
            try:
                _raise_validation("environment", e)
            except ConfigError as ce:
                raise ConfigError("environment", env_origin[loc], ce.expected) from None
        _raise_validation(label, e)
        raise  # unreachable
    settings.storage.url = _resolve_sqlite(settings.storage.url, base_dir)
    if settings.cluster.enabled and not settings.storage.url.startswith("postgresql"):
        raise ConfigError(label, "cluster.enabled", "the cluster needs PostgreSQL: storage.url is SQLite "
                          "(see docs/cluster.md)")
    entries: list[tuple[SourceConfig, str, str]] = []   # (source, file, key)
    for i, raw in enumerate(inline):
        entries.append((_validate_source(raw, label, f"sources[{i}]."), label, f"sources[{i}].id"))
    sources_dir = Path(settings.crawl.sources_dir) if settings.crawl.sources_dir else None
    if sources_dir is not None and not sources_dir.is_absolute():
        sources_dir = base_dir / sources_dir
    if sources_dir is not None and explicit_sources_dir and not sources_dir.is_dir():
        raise ConfigError(label, "crawl.sources_dir", f'no such directory: {sources_dir} (use "" for none)')
    if sources_dir is not None and sources_dir.is_dir():
        for f in sorted(sources_dir.glob("*.toml")):
            raw = _read_toml(f)
            src = _validate_source(raw, str(f), "")
            if src.id != f.stem:
                raise ConfigError(str(f), "id", f"expected the file name {f.stem!r}, got {src.id!r}")
            entries.append((src, str(f), "id"))
    seen: dict[str, str] = {}
    for src, file, key in entries:
        if src.id in seen:
            raise ConfigError(file, key, f"duplicate source id {src.id!r} (first defined in {seen[src.id]})")
        seen[src.id] = file
    settings.sources = [e[0] for e in entries]
    return LoadedConfig(settings=settings, path=cfg_path, base_dir=base_dir, warnings=warnings)


def _resolve_sqlite(url: str, base_dir: Path) -> str:
    """A relative SQLite path is relative to the config file's folder, like sources_dir."""
    m = re.match(r"^(sqlite(?:\+\w+)?:///)(?!/)(.+)$", url)
    if not m or m.group(2).startswith(":memory:"):
        return url
    return m.group(1) + str((base_dir / m.group(2)).resolve())


def _validate_source(raw: Any, file: str, prefix: str) -> SourceConfig:
    if not isinstance(raw, dict):
        raise ConfigError(file, prefix.rstrip(".") or "(top level)", "expected a table of source keys")
    try:
        return SourceConfig.model_validate(raw)
    except ValidationError as e:
        _raise_validation(file, e, prefix)
        raise
