"""User keyword mapping tables: CSV or TOML files of ``from, to[, vocabulary]``.

CSV (any extension but ``.toml``), UTF-8, an optional header row
``from,to[,vocabulary]``, ``#`` comment lines::

    from,to,vocabulary
    heart attack,Myocardial Infarction,MeSH
    covid,COVID-19
    see also,

TOML::

    [[mapping]]
    from = "heart attack"
    to = "Myocardial Infarction"
    vocabulary = "MeSH"

``from`` matches a keyword's term case- and whitespace-insensitively; ``to`` is
the preferred term (empty: drop the keyword); ``vocabulary``, when given, replaces
the keyword's vocabulary. Qualifier and major mark are kept. A later row (or file)
for the same ``from`` wins. A bad row is reported with file and line and skipped;
a file that cannot be read at all is a configuration error.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refbridge.context import Context
from refbridge.errors import ConfigError

from .vocab import norm_key

_HEADER = ("from", "to", "vocabulary")
_TOML_ROW = re.compile(r"^\s*\[\[\s*mapping\s*\]\]", re.MULTILINE)
_TOML_LINE = re.compile(r"line (\d+)")


@dataclass(frozen=True, slots=True)
class Mapping:
    """One row of a mapping table: the preferred term (None: drop) and vocabulary."""

    to: str | None
    vocabulary: str | None
    file: str
    line: int


def load_mappings(paths: Iterable[str], context: Context) -> dict[str, Mapping]:
    """Load every mapping file in order; returns norm_key(from) -> Mapping.

    Raises ConfigError when a file is missing or cannot be decoded; reports bad
    rows (RB701, RB703), conflicting duplicates (RB702) and chains (RB704).
    """
    table: dict[str, Mapping] = {}
    for name in paths:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise ConfigError(f"keywords.mappings: cannot read mapping file {name!r}: {reason}") from None
        is_toml = path.suffix.lower() == ".toml"
        rows = _toml_rows(text, name, context) if is_toml else _csv_rows(text, name, context)
        for line, source, target, vocabulary in rows:
            key = norm_key(source)
            new = Mapping(" ".join(target.split()) or None, " ".join(vocabulary.split()) or None, name, line)
            old = table.get(key)
            if old is not None and (old.to, old.vocabulary) != (new.to, new.vocabulary):
                context.warning(
                    f"mapping for {source!r} given again (first at {old.file}:{old.line}); this one wins",
                    code="RB702",
                    file=name,
                    line=line,
                )
            table[key] = new
    _warn_chains(table, context)
    return table


def _warn_chains(table: dict[str, Mapping], context: Context) -> None:
    # Mappings apply once; a chain would make a second run change the output again.
    for key, rule in table.items():
        if rule.to is None:
            continue
        target = norm_key(rule.to)
        onward = table.get(target)
        if target != key and onward is not None and onward.to != rule.to:
            context.warning(
                f"mapping target {rule.to!r} is itself mapped (at {onward.file}:{onward.line}); "
                "mappings are applied once, so map straight to the final term",
                code="RB704",
                file=rule.file,
                line=rule.line,
            )


def _csv_rows(text: str, name: str, context: Context) -> Iterator[tuple[int, str, str, str]]:
    reader = csv.reader(text.splitlines())
    first = True
    for cells in reader:
        line = reader.line_num
        if not cells or not "".join(cells).strip() or cells[0].lstrip().startswith("#"):
            continue
        values = [c.strip() for c in cells]
        while len(values) > 2 and not values[-1]:
            values.pop()
        if first and tuple(v.lower() for v in values) == _HEADER[: len(values)] and len(values) >= 2:
            first = False
            continue
        first = False
        if len(values) not in (2, 3) or not values[0]:
            context.error(
                f"bad mapping row {','.join(cells)!r}: expected from,to[,vocabulary] "
                "with a non-empty 'from'; row skipped",
                code="RB701",
                file=name,
                line=line,
            )
            continue
        yield line, values[0], values[1], values[2] if len(values) == 3 else ""


def _toml_rows(text: str, name: str, context: Context) -> Iterator[tuple[int, str, str, str]]:
    # Imported only when a TOML table is given: tomllib is not needed otherwise.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_LINE.search(str(exc))
        context.error(
            f"invalid TOML in mapping file: {exc}; file ignored",
            code="RB700",
            file=name,
            line=int(match.group(1)) if match else None,
        )
        return
    lines = [text.count("\n", 0, m.start()) + 1 for m in _TOML_ROW.finditer(text)]
    for key in data:
        if key != "mapping":
            context.error(
                f"unknown key {key!r} in mapping file (expected [[mapping]] tables); ignored",
                code="RB703",
                file=name,
                line=_key_line(text, key),
            )
    rows = data.get("mapping", [])
    if not isinstance(rows, list):
        rows = [rows]
    for index, row in enumerate(rows):
        line = lines[index] if index < len(lines) else 1
        problem = _toml_row_problem(row)
        if problem:
            context.error(f"bad [[mapping]] table: {problem}; skipped", code="RB701", file=name, line=line)
            continue
        yield line, row["from"].strip(), row.get("to", "").strip(), row.get("vocabulary", "").strip()


def _toml_row_problem(row: Any) -> str | None:
    if not isinstance(row, dict):
        return "expected a table with from, to and optional vocabulary"
    unknown = sorted(set(row) - set(_HEADER))
    if unknown:
        return f"unknown key(s) {', '.join(unknown)} (expected from, to, vocabulary)"
    for key in _HEADER:
        if key in row and not isinstance(row[key], str):
            return f"{key} must be a string"
    if not row.get("from", "").strip():
        return "'from' is missing or empty"
    if "to" not in row:
        return "'to' is missing (use to = \"\" to drop the term)"
    return None


def _key_line(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*\[?\s*\"?{re.escape(key)}\"?\s*[\]=]", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None
