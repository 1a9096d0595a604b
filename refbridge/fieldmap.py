"""The fields of the record model that a format's field table accounts for.

A format's field table (``Format.fields``) maps each name of ``FIELDS`` to where the
format's writer puts the value (a tag, element or field name, with a note), or to
None: the format has no place for it. The engine reports a non-empty field that the
table maps to None as not written (RB040), and ``docs/model.md`` is generated from
the tables (``python -m refbridge.docs_model``), so what the documentation says and
what the writers do are checked against each other by the test suite.

Names are the model's attribute names, with the CSL name roles of ``contributors``
as ``contributors.<role>``. A key ``<field>@<type>`` (``collection_number@book``)
overrides the field's entry for records of that CSL type: where a writer puts a field,
or whether it writes it at all, may depend on the type. ``type`` and ``source`` are not accounted for: every
format writes a type, and the source location is not part of the record's content.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields as dataclass_fields
from typing import Any

from refbridge.model import CONTRIBUTOR_ROLES, CSL_TYPES, Record

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


def place_of(table: FieldTable, name: str, record_type: str) -> str | None:
    """Where ``table`` says a record of ``record_type`` has field ``name`` written."""
    typed = f"{name}@{record_type}"
    return table[typed] if typed in table else table.get(name)


def type_overrides(table: FieldTable) -> dict[str, dict[str, str | None]]:
    """The entries of ``table`` that hold for one type only: type → field → place."""
    result: dict[str, dict[str, str | None]] = {}
    for key, place in table.items():
        name, _, record_type = key.partition("@")
        if record_type:
            result.setdefault(record_type, {})[name] = place
    return result


def role_places(placed: Mapping[str, str | None]) -> dict[str, str | None]:
    """The ``contributors.<role>`` entries of a table: every CSL name role of the model, with
    its place where ``placed`` names one and None ("no place") for the others."""
    unknown = sorted(set(placed) - set(CONTRIBUTOR_ROLES))
    if unknown:
        raise ValueError(f"not contributor roles of the model: {unknown}")
    return {f"contributors.{role}": placed.get(role) for role in CONTRIBUTOR_ROLES}


def check_table(table: FieldTable, owner: str) -> None:
    """Raise ValueError when ``table`` misses a field of ``FIELDS`` or names one that is
    not in it, or a type that is not a CSL type (a table that drifted from the model)."""
    missing = [name for name in FIELDS if name not in table]
    unknown = [
        key
        for key in table
        if key.partition("@")[0] not in GETTERS or (key.partition("@")[2] or "article") not in CSL_TYPES
    ]
    if missing or unknown:
        raise ValueError(f"field table of {owner}: missing {missing}, unknown {unknown}")


def unplaced(table: FieldTable, record_type: str) -> tuple[str, ...]:
    """The fields ``table`` has no place for in a record of ``record_type``."""
    return tuple(name for name in FIELDS if place_of(table, name, record_type) is None)


def present(record: Record, names: Any = FIELDS) -> list[str]:
    """The names among ``names`` whose value in ``record`` is not empty."""
    return [name for name in names if GETTERS[name](record)]
