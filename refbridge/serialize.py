"""Record ↔ plain dict (JSON-ready), with every model field name kept as it is."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from refbridge.model import AbstractSection, Keyword, PartialDate, Person, Record, SourceLocation

_NESTED_LISTS: dict[str, type] = {
    "authors": Person,
    "editors": Person,
    "abstract_sections": AbstractSection,
    "keywords": Keyword,
}
RECORD_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Record))


_FIELD_NAMES: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls))
    for cls in (Person, Keyword, AbstractSection, PartialDate, SourceLocation)
}


def _compact(obj: Any) -> dict[str, Any]:
    """A small dataclass as a dict without its None/default-False members."""
    result = {}
    for name in _FIELD_NAMES[type(obj)]:
        value = getattr(obj, name)
        if value is not None and value is not False:
            result[name] = value
    return result


_DATES = ("issued", "issued_end", "original_date", "accessed")


def _compact_person(person: Person) -> dict[str, Any]:
    result = _compact(person)
    if person.affiliations:
        result["affiliations"] = list(person.affiliations)
    else:
        result.pop("affiliations", None)
    return result


def record_to_dict(record: Record) -> dict[str, Any]:
    """Return the record as a JSON-ready dict; empty slots are left out."""
    result: dict[str, Any] = {}
    for name in RECORD_FIELDS:
        value = getattr(record, name)
        if value is None or value in ([], {}):
            continue
        if name in ("authors", "editors"):
            value = [_compact_person(item) for item in value]
        elif name in _NESTED_LISTS:
            value = [_compact(item) for item in value]
        elif name == "contributors":
            value = {role: [_compact_person(p) for p in people] for role, people in value.items()}
        elif name in _DATES or name == "source":
            value = _compact(value)
        result[name] = value
    return result


class RecordDataError(ValueError):
    """A dict that does not describe a record; the message says which field is wrong."""


def record_from_dict(data: dict[str, Any], source: SourceLocation | None = None) -> tuple[Record, list[str]]:
    """Build a record from a dict made by ``record_to_dict``.

    Returns the record and the names of unknown keys, which are kept in ``extra``
    under their own names so nothing is lost.
    """
    if not isinstance(data, dict):
        raise RecordDataError(f"expected an object, got {type(data).__name__}")
    kwargs: dict[str, Any] = {}
    unknown: list[str] = []
    extra = dict(data.get("extra") or {})
    for name, value in data.items():
        if name == "source":
            continue
        if name not in RECORD_FIELDS:
            unknown.append(name)
            extra[name] = value
            continue
        if name == "extra":
            if not isinstance(value, dict):
                raise RecordDataError("extra: expected an object")
            continue
        kwargs[name] = _convert_field(name, value)
    if extra:
        kwargs["extra"] = extra
    return Record(**kwargs, source=source), unknown


def _person(item: Any) -> Person:
    if not isinstance(item, dict):
        raise RecordDataError(f"expected a name object, got {type(item).__name__}")
    data = dict(item)
    if "affiliations" in data:
        data["affiliations"] = tuple(data["affiliations"])
    return Person(**data)


def _convert_field(name: str, value: Any) -> Any:
    try:
        if name in ("authors", "editors"):
            if not isinstance(value, list):
                raise RecordDataError(f"{name}: expected a list")
            return [_person(item) for item in value]
        if name in _NESTED_LISTS:
            cls = _NESTED_LISTS[name]
            if not isinstance(value, list):
                raise RecordDataError(f"{name}: expected a list")
            return [cls(**item) for item in value]
        if name in _DATES:
            return PartialDate(**value) if value is not None else None
        if name == "contributors":
            if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
                raise RecordDataError("contributors: expected an object of role → list of names")
            return {str(role): [_person(item) for item in people] for role, people in value.items()}
        if name in ("issn", "notes"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise RecordDataError(f"{name}: expected a list of strings")
            return list(value)
    except TypeError as exc:
        raise RecordDataError(f"{name}: {exc}") from None
    if value is not None and not isinstance(value, str):
        raise RecordDataError(f"{name}: expected a string, got {type(value).__name__}")
    return value
