"""The fields of the record model that a format's field table accounts for.

A format's field table (``Format.fields``) maps each name of ``FIELDS`` to where the
format's writer puts the value (a tag, element or field name, with a note), or to
None: the format has no place for it. The engine reports a non-empty field that the
table maps to None as not written (RB040), and ``docs/model.md`` is generated from
the tables (``python -m refbridge.docs_model``), so what the documentation says and
what the writers do are checked against each other by the test suite.

Names are the model's attribute names, with the CSL name roles of ``contributors``
as ``contributors.<role>``. ``type`` and ``source`` are not accounted for: every
format writes a type, and the source location is not part of the record's content.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields as dataclass_fields
from typing import Any

from refbridge.model import CONTRIBUTOR_ROLES, Record

#: Attributes of ``Record`` that are not content to account for.
_NOT_CONTENT = frozenset({"type", "source", "contributors"})

#: Every accounted field, in the model's order, then the contributor roles.
FIELDS: tuple[str, ...] = (
    *(f.name for f in dataclass_fields(Record) if f.name not in _NOT_CONTENT),
    *(f"contributors.{role}" for role in CONTRIBUTOR_ROLES),
)

#: A format's field table: field name → where the writer puts it, or None (no place).
FieldTable = Mapping[str, "str | None"]


def _getter(name: str) -> Callable[[Record], Any]:
    if name.startswith("contributors."):
        role = name.partition(".")[2]
        return lambda record: record.contributors.get(role)
    return lambda record: getattr(record, name)


#: How to read each field of a record (a value that is falsy counts as empty).
GETTERS: dict[str, Callable[[Record], Any]] = {name: _getter(name) for name in FIELDS}


def display_name(name: str) -> str:
    """The field's name in messages and reports: CSL style (``collection-title``,
    ``translator``)."""
    return name.partition(".")[2] if name.startswith("contributors.") else name.replace("_", "-")


def check_table(table: FieldTable, owner: str) -> None:
    """Raise ValueError when ``table`` misses a field of ``FIELDS`` or names one that is
    not in it (a table that drifted from the model)."""
    missing = [name for name in FIELDS if name not in table]
    unknown = [name for name in table if name not in GETTERS]
    if missing or unknown:
        raise ValueError(f"field table of {owner}: missing {missing}, unknown {unknown}")


def unplaced(table: FieldTable) -> tuple[tuple[str, Callable[[Record], Any]], ...]:
    """The fields ``table`` has no place for, with their getters (what the engine checks
    on every record: a short tuple, so that the account costs little)."""
    return tuple((name, GETTERS[name]) for name in FIELDS if name in table and table[name] is None)


def present(record: Record, names: Any = FIELDS) -> list[str]:
    """The names among ``names`` whose value in ``record`` is not empty."""
    return [name for name in names if GETTERS[name](record)]
