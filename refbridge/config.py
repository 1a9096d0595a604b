"""Configuration: ``[tool.refbridge]`` in the nearest pyproject.toml, or refbridge.toml.

Top-level keys are the run settings below; a table named after a format or
transform holds that plugin's options; ``[tool.refbridge.sync]`` is read by the
``sync`` command. Unknown keys are an error naming the key (checked once the
plugins are loaded, since they define the option tables).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from refbridge.errors import ConfigError

#: Top-level keys and their types.
RUN_KEYS: dict[str, type] = {
    "disable": list,
    "enable": list,
    "strict": bool,
    "encoding": str,
    "jobs": int,
    "from": str,
    "to": str,
}
#: Tables that belong to a command rather than to a plugin.
COMMAND_TABLES = {"sync", "format"}
#: Keys of ``[tool.refbridge.format]``: transforms to run in ``refbridge format`` besides
#: the normalising ones, and transforms not to run there.
FORMAT_KEYS = ("enable", "disable")


@dataclass
class Config:
    """The loaded configuration and where it came from."""

    path: Path | None = None
    run: dict[str, Any] = field(default_factory=dict)
    plugin_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)

    def where(self, key: str) -> str:
        """Describe where a key lives, for error messages."""
        return f"{self.path}: [tool.refbridge] {key}" if self.path else key


def find_config_file(start: Path) -> Path | None:
    """Return the nearest refbridge.toml or pyproject.toml with [tool.refbridge], upwards."""
    for folder in [start, *start.parents]:
        own = folder / "refbridge.toml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and b"[tool.refbridge" in pyproject.read_bytes():
            return pyproject
    return None


def load_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """Load the given config file, or discover one from ``start`` (default: cwd)."""
    if path is None:
        path = find_config_file((start or Path.cwd()).resolve())
        if path is None:
            return Config()
    # Imported here: most runs (a pre-commit hook in a repository without a config) need no TOML.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("refbridge", {})
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: Path | None = None) -> Config:
    """Split a ``[tool.refbridge]`` table into run settings and plugin option tables."""
    config = Config(path=path)
    for key, value in data.items():
        if isinstance(value, dict):
            if key in COMMAND_TABLES:
                if key == "format":
                    _check_format_table(value, config)
                config.tables[key] = value
            else:
                config.plugin_options[key] = value
            continue
        expected = RUN_KEYS.get(key)
        if expected is None:
            raise ConfigError(
                f"{config.where(key)}: unknown key {key!r} (known: {', '.join(sorted(RUN_KEYS))}, "
                "or a table named after a format or transform)"
            )
        checked = [value] if expected is list and isinstance(value, str) else value
        if not isinstance(checked, expected):
            raise ConfigError(f"{config.where(key)}: expected {expected.__name__}, got {value!r}")
        config.run[key] = checked
    return config


def _check_format_table(table: dict[str, Any], config: Config) -> None:
    """``[tool.refbridge.format]`` holds only lists of transform names."""
    for key, value in table.items():
        where = config.where(f"format.{key}")
        if key not in FORMAT_KEYS:
            raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(FORMAT_KEYS)})")
        if isinstance(value, str):
            table[key] = [value]
        elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: expected a list of transform names, got {value!r}")


def parse_cli_options(pairs: tuple[str, ...] | list[str]) -> dict[str, dict[str, Any]]:
    """Turn ``-O plugin.option=value`` strings into {plugin: {option: value}}."""
    result: dict[str, dict[str, Any]] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        owner, dot, option = name.strip().partition(".")
        if not sep or not dot or not owner or not option:
            raise ConfigError(f"option {pair!r} is not of the form PLUGIN.OPTION=VALUE")
        result.setdefault(owner, {})[option] = value
    return result
