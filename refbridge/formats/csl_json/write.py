"""Write records as CSL-JSON valid against the CSL 1.0.2 schema.

Keys come in a fixed order (``id``, ``type``, then the variables sorted by name, as
Better BibTeX sorts them), so the same records always give the same bytes. Only schema
variables appear at the top level; the rest goes into ``note`` as ``key: value`` lines,
which the reader turns back into fields.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import IO, Any

from ...abstracts import join_sections
from ...context import Context
from ...model import Keyword, PartialDate, Person, Record
from .dates import date_text, parse_raw, write_date
from .item import EXTRA_ETAL, EXTRA_OPEN
from .names import NAME_FLAGS, is_etal, parse_flags, write_name
from .note import join_note, note_key, split_note
from .tables import (
    CUSTOM_KEY,
    DATE_SLOTS,
    DATE_VARIABLES,
    LIST_VARIABLES,
    NAME_VARIABLES,
    NOTE_SLOTS,
    OBJECT_VARIABLES,
    SCHEMA_TEXT_VARIABLES,
    SCHEMA_TYPES,
    TEXT_SLOTS,
    TOP_NOTE_SLOTS,
    ZOTERO_TYPES,
)

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
_UNSAFE_ID = re.compile(r"\s+")
#: ``extra`` keys the writer consumes itself.
_CONSUMED = frozenset({NAME_FLAGS, EXTRA_OPEN, "id"})
_SEASON_NAMES = ("Spring", "Summer", "Autumn", "Winter")


class _Ids:
    """Unique item ids for one output: the cite key, else one made from name and year."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.seen: set[str] = set()

    def make(self, record: Record, wanted: str | None) -> str:
        base = wanted
        if not base:
            first = next((p for p in record.authors if p.family or p.literal), None)
            name = (first.family or first.literal or "") if first else ""
            word = re.sub(r"[^\w]", "", name.split(" ")[0].lower()) or "item"
            base = f"{word}{record.issued.year if record.issued and record.issued.year else ''}"
            self.context.info(f"no cite key; id {base!r} generated", code="RB960", record=record)
        candidate, suffix = base, 0
        while candidate in self.seen:
            suffix += 1
            candidate = f"{base}{chr(ord('a') + (suffix - 1) % 26)}{'' if suffix <= 26 else suffix}"
        if candidate != base and wanted:
            self.context.warning(
                f"id {base!r} already written; written as {candidate!r}", code="RB961", record=record
            )
        self.seen.add(candidate)
        return candidate


def _date(
    value: PartialDate, end: PartialDate | None, zotero: bool, open_end: bool = False
) -> dict[str, Any]:
    if zotero and value.season is not None and value.year is not None and value.month is None:
        # Zotero prints a CSL season as a bare number ("2 2020"); its date parser reads the name.
        return {"raw": f"{_SEASON_NAMES[(value.season - 1) % 4]} {value.year}"}
    if zotero and value.year is not None and value.literal is None and value.season is None:
        # Zotero spells date-parts out ("March 1900"); a raw ISO date it keeps as its
        # BibTeX and RIS imports do ("1900-03"), and a range as EDTF ("2020/2021").
        return {"raw": date_text(value, end) + ("/.." if open_end else "") + ("~" if value.circa else "")}
    return write_date(value, end, open_end=open_end)


def _people(
    people: list[Person], role: str, flags: dict[tuple[str, int], dict[str, str]], zotero: bool
) -> tuple[list[dict[str, Any]], bool]:
    """Name objects of one role, and whether the list ended with the et-al marker."""
    names = [
        write_name(p, flags.get((role, i), {}), zotero=zotero) for i, p in enumerate(people) if not is_etal(p)
    ]
    return [n for n in names if n], any(is_etal(p) for p in people)


def record_to_item(record: Record, item_id: str, context: Context, *, zotero: bool) -> dict[str, Any]:
    """The CSL item of one record (unordered; ``write_csl_json`` orders the keys)."""
    item: dict[str, Any] = {"id": item_id}
    record_type = record.type if record.type in SCHEMA_TYPES else "document"
    if zotero and record_type in ZOTERO_TYPES:
        context.info(
            f"type {record_type!r} written as {ZOTERO_TYPES[record_type]!r}: Zotero has no item type for it",
            code="RB962",
            record=record,
        )
        record_type = ZOTERO_TYPES[record_type]
    item["type"] = record_type
    pairs: list[tuple[str, str]] = []
    kept: dict[str, Any] = {}  # custom["refbridge"]: what neither a variable nor a note line holds
    if record.type != record_type and record.type not in SCHEMA_TYPES:
        pairs.append(("csl-type", record.type))
    if record.key:
        item["citation-key"] = record.key
    for variable, slot in TEXT_SLOTS.items():
        value = getattr(record, slot)
        if value:
            item[variable] = value
    if record.elocation and "page" not in item:
        item["page"] = record.elocation  # where citeproc prints it; the note line says what it is
    if not record.abstract and record.abstract_sections:
        item["abstract"] = join_sections(record.abstract_sections)
    if record.issn:
        item["ISSN"] = ", ".join(record.issn)
    if record.keywords:
        terms = [
            k.term + (f"/{k.qualifier}" if k.qualifier else "") + ("*" if k.major else "")
            for k in record.keywords
        ]
        separator = "; " if any("," in t for t in terms) else ", "
        item["keyword"] = separator.join(terms)
        if any(separator.strip() in t for t in terms) or any(_structured(k) for k in record.keywords):
            kept["keywords"] = [_keyword_dict(k) for k in record.keywords]
    flags = parse_flags(record.extra.get(NAME_FLAGS))
    roles = {"author": record.authors, "editor": record.editors, **record.contributors}
    for role, people in roles.items():
        names, etal = _people(people, role, flags, zotero)
        if names:
            item[role] = names
        if etal:
            pairs.append((EXTRA_ETAL, role))
    open_range = record.extra.get(EXTRA_OPEN) == "issued"
    for variable, slot in DATE_SLOTS.items():
        value = getattr(record, slot)
        if value is not None:
            end = record.issued_end if slot == "issued" else None
            item[variable] = _date(value, end, zotero, open_end=open_range and slot == "issued")
    if zotero:
        _zotero_adjust(item, pairs)
    # A variable outside the schema (``license``) comes before the extra lines, where the
    # lines of a sorted item's other such variables (``part-number``) put it.
    late = [slot for slot in NOTE_SLOTS if slot not in TOP_NOTE_SLOTS.values()]
    _note_slots(record, [slot for slot in NOTE_SLOTS if slot not in late], pairs, kept)
    for key, value in record.extra.items():
        if key not in _CONSUMED:
            _extra(item, pairs, kept, key, value)
    _note_slots(record, late, pairs, kept)
    note = join_note(pairs, record.notes)
    if note:
        item["note"] = note
        if len(record.notes) > 1 or (record.notes and split_note(note)[1] != record.notes[0]):
            kept["notes"] = record.notes  # several notes share one ``note``; keep where they part
    if kept:
        custom = item.get("custom")
        item["custom"] = {**(custom if isinstance(custom, dict) else {}), CUSTOM_KEY: kept}
    return item


def _note_slots(record: Record, slots: list[str], pairs: list[tuple[str, str]], kept: dict[str, Any]) -> None:
    """Model fields CSL has no variable for: a ``note`` line each, or ``custom`` when the
    value is not one line."""
    for slot in slots:
        value = getattr(record, slot)
        if value and _one_line(value):
            pairs.append((slot, value))
        elif value:
            kept.setdefault("fields", {})[slot] = value


def _structured(keyword: Keyword) -> bool:
    """True when the ``keyword`` string cannot say all of a keyword (its vocabulary, ids...)."""
    return bool(
        keyword.qualifier or keyword.major or keyword.vocabulary or keyword.id or keyword.qualifier_id
    )


def _keyword_dict(keyword: Keyword) -> dict[str, Any]:
    fields = ("term", "qualifier", "major", "vocabulary", "id", "qualifier_id")
    return {name: getattr(keyword, name) for name in fields if getattr(keyword, name) not in (None, False)}


def _zotero_adjust(item: dict[str, Any], pairs: list[tuple[str, str]]) -> None:
    """What Zotero's CSL JSON import reads differently from the schema (docs/formats.md)."""
    if "container-title-short" in item:
        item["journalAbbreviation"] = item.pop("container-title-short")
    if "original-date" in item:  # dropped for most item types; Zotero keeps its Extra line
        date = item.pop("original-date")
        pairs.append(("original-date", str(date.get("raw") or date.get("literal") or "")))


def _extra(
    item: dict[str, Any], pairs: list[tuple[str, str]], kept: dict[str, Any], key: str, value: Any
) -> None:
    """An ``extra`` field: a schema variable at the top level, else a ``key: value`` note line
    when the reader will read it back as it is, else ``custom["refbridge"]["extra"]``."""
    if key in DATE_VARIABLES and key not in item and isinstance(value, str):
        read = parse_raw(value)
        if read.start is not None and read.problem is None:
            item[key] = write_date(read.start, read.end, open_end=read.open_end)
            return
    elif key in _EXTRA_AT_TOP and key not in item:
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value):
            item[key] = str(value)
            return
    elif key in LIST_VARIABLES and key not in item:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            item[key] = value
            return
    elif key in OBJECT_VARIABLES and key not in item and isinstance(value, dict):
        item[key] = value
        return
    values = value if isinstance(value, list) and len(value) > 1 else [value]
    if note_key(key) == key and key not in _NOT_IN_NOTE and all(_one_line(v) for v in values):
        pairs.extend((key, v) for v in values)
    else:
        kept.setdefault("extra", {})[key] = value


#: Schema variables an ``extra`` field is written as (the others would be read into a slot).
_EXTRA_AT_TOP = SCHEMA_TEXT_VARIABLES - {*TEXT_SLOTS, "ISSN", "keyword", "note", "citation-key"}
#: Keys a note line cannot carry back into ``extra``: the reader routes them to slots.
_NOT_IN_NOTE = frozenset(
    {*TEXT_SLOTS, *NAME_VARIABLES, *DATE_VARIABLES, *NOTE_SLOTS, EXTRA_ETAL, "ISSN", "keyword", "type", "id"}
)


def _one_line(value: Any) -> bool:
    """A string that survives as the value of a ``key: value`` line."""
    return (
        isinstance(value, str)
        and value == value.strip()
        and value != ""
        and "\n" not in value
        and "\r" not in value
    )


def write_csl_json(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write an array of CSL items, one item at a time, one variable per line."""
    zotero = context.option("profile") == "zotero"
    ids = _Ids(context)
    first = True
    stream.write("[")
    for record in records:
        wanted = record.extra.get("id") if isinstance(record.extra.get("id"), str) else record.key
        item_id = ids.make(record, _UNSAFE_ID.sub("_", wanted) if wanted else None)
        item = record_to_item(record, item_id, context, zotero=zotero)
        lost = [name for name in ("orcid", "affiliations") if _people_have(record, name)]
        if lost:
            context.info(
                f"CSL-JSON has no place for names' {' and '.join(lost)}; not written",
                code="RB963",
                record=record,
            )
        order = ["id", "type", *sorted(k for k in item if k not in ("id", "type"))]
        body = ",\n".join(f"    {_dumps(k)}: {_dumps(item[k])}" for k in order)
        stream.write(("\n" if first else ",\n") + f"  {{\n{body}\n  }}")
        first = False
    stream.write("]\n" if first else "\n]\n")


def _people_have(record: Record, attribute: str) -> bool:
    people = [*record.authors, *record.editors, *(p for ps in record.contributors.values() for p in ps)]
    return any(getattr(p, attribute) for p in people)
