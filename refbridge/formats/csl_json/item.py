"""One CSL-JSON item (a parsed dict) → a ``Record``, with diagnostics through a callback."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from ...abstracts import split_sections
from ...model import ETAL_LITERAL, Keyword, PartialDate, Person, Record, SourceLocation
from .dates import date_text, parse_raw, read_date
from .names import NAME_FLAGS, read_name
from .note import split_note
from .richtext import strip_markup
from .tables import (
    ALIASES,
    CUSTOM_KEY,
    DATE_SLOTS,
    DATE_VARIABLES,
    LIST_VARIABLES,
    NAME_SLOTS,
    NAME_VARIABLES,
    NOTE_SLOTS,
    OBJECT_VARIABLES,
    RICH_TEXT,
    SCHEMA_TYPES,
    SCHEMA_VARIABLES,
    TEXT_SLOTS,
    TOP_NOTE_SLOTS,
)

#: (severity, message, code) → reported by the reader with the item's file and line.
Report = Callable[[str, str, str], None]

#: ``extra`` keys of what only CSL-JSON says (read back by the writer).
EXTRA_TYPE = "csl-type"
EXTRA_OPEN = "csl-open-range"
EXTRA_ETAL = "et-al"
_NAMES_IN_NOTE = re.compile(r"\s*\|\|\s*")


def _scalar(value: Any) -> str | None:
    """A CSL string-or-number value as text; None for other JSON values."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return value if isinstance(value, str) else None


class _Item:
    """The fields of one item as they are read; ``item_to_record`` makes the record."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.fields: dict[str, Any] = {}
        self.contributors: dict[str, list[Person]] = {}
        self.extra: dict[str, Any] = {}
        self.flags: list[str] = []
        self.dropped_tags: set[str] = set()
        self.kept_keywords: list[Keyword] | None = None
        self.kept_notes: list[str] | None = None

    def text(self, variable: str, value: Any) -> str | None:
        text = _scalar(value)
        if text is None:
            self.report("warning", f"{variable!r} is not text or a number; kept in extra", "RB945")
            self.extra[variable] = value
            return None
        if variable in RICH_TEXT:
            text, tags = strip_markup(text)
            self.dropped_tags.update(tags)
        return text.strip() if variable != "abstract" else text.strip("\n ")

    def names(self, variable: str, value: Any) -> None:
        if not isinstance(value, list):
            value = [value]
        people: list[Person] = []
        for index, item in enumerate(value):
            person = read_name(item, variable, index, self.flags)
            if isinstance(person, str):
                self.report("warning", f"{variable} {index + 1}: {person}; kept in extra", "RB946")
                self.extra.setdefault(f"{variable}-unread", []).append(json.dumps(item, ensure_ascii=False))
                continue
            people.append(person)
        if variable in NAME_SLOTS:
            self.fields[NAME_SLOTS[variable]] = people
        else:
            self.contributors[variable] = people

    def date(self, variable: str, value: Any) -> None:
        result = read_date(value)
        if result.problem is not None:
            self.report("warning", f"{variable}: {result.problem}", "RB947")
        if result.start is None:
            if not isinstance(value, dict) or value:
                self.extra[variable] = value if isinstance(value, str) else json.dumps(value)
            return
        slot = DATE_SLOTS.get(variable)
        if slot == "issued":
            self.fields["issued"] = result.start
            self.fields["issued_end"] = result.end
            if result.open_end:
                self.extra[EXTRA_OPEN] = "issued"
        elif slot is not None and result.end is None and not result.open_end:
            self.fields[slot] = result.start
        else:
            text = date_text(result.start, result.end) + ("/.." if result.open_end else "")
            self.extra[variable] = text

    def variable(self, variable: str, value: Any, *, in_note: bool = False) -> None:
        """Route one top-level variable (or ``note`` line) to its slot or to ``extra``."""
        target = ALIASES.get(variable, variable)
        if target in TEXT_SLOTS:
            if variable in ALIASES and TEXT_SLOTS[target] in self.fields:
                self.extra[variable] = _scalar(value) or value
                return
            text = self.text(target, value)
            if text:
                self.fields[TEXT_SLOTS[target]] = text
        elif variable in NAME_VARIABLES:
            self.names(variable, value)
        elif variable in DATE_VARIABLES:
            self.date(variable, value)
        elif variable == "ISSN":
            text = self.text(variable, value) or ""
            self.fields["issn"] = [p for p in re.split(r"[,;\s]+", text) if p]
        elif variable == "keyword":
            text = self.text(variable, value) or ""
            separator = ";" if ";" in text else ","
            self.fields["keywords"] = [Keyword(t.strip()) for t in text.split(separator) if t.strip()]
        elif variable == "custom" and isinstance(value, dict) and isinstance(value.get(CUSTOM_KEY), dict):
            self.kept(value[CUSTOM_KEY])
            rest = {k: v for k, v in value.items() if k != CUSTOM_KEY}
            if rest:
                self.extra["custom"] = rest
        elif variable in LIST_VARIABLES or variable in OBJECT_VARIABLES:
            self.extra[variable] = value
        elif variable in TOP_NOTE_SLOTS and TOP_NOTE_SLOTS[variable] not in self.fields:
            text = self.text(variable, value)
            if text:
                self.fields[TOP_NOTE_SLOTS[variable]] = text
        else:
            if variable not in SCHEMA_VARIABLES and not in_note:
                self.report("info", f"{variable!r} is not a CSL 1.0.2 variable; kept in extra", "RB948")
            text = _scalar(value)
            if text is None:
                self.report("warning", f"{variable!r} is not text or a number; kept in extra", "RB945")
            elif variable in RICH_TEXT:
                text = self.text(variable, text)
            self.extra[variable] = value if text is None else text

    def kept(self, data: dict[str, Any]) -> None:
        """``custom["refbridge"]``: what refbridge's writer could not put elsewhere."""
        keywords = data.get("keywords")
        if isinstance(keywords, list) and all(
            isinstance(k, dict) and isinstance(k.get("term"), str) for k in keywords
        ):
            names = ("term", "qualifier", "major", "vocabulary", "id", "qualifier_id")
            self.kept_keywords = [Keyword(**{n: k[n] for n in names if n in k}) for k in keywords]
        fields = data.get("fields")
        if isinstance(fields, dict):
            self.fields.update({k: v for k, v in fields.items() if k in NOTE_SLOTS and isinstance(v, str)})
        notes = data.get("notes")
        if isinstance(notes, list) and all(isinstance(n, str) for n in notes):
            self.kept_notes = notes
        extra = data.get("extra")
        if isinstance(extra, dict):
            self.extra.update(extra)

    def note_line(self, key: str, value: str) -> None:
        """A ``key: value`` line of ``note``: the item's own variable wins over it."""
        if key in NAME_VARIABLES:
            parts = _NAMES_IN_NOTE.split(value, maxsplit=1)
            person = Person(family=parts[0], given=parts[1]) if len(parts) == 2 else Person(literal=value)
            if key in NAME_SLOTS:
                self.fields.setdefault(NAME_SLOTS[key], []).append(person)
            else:
                self.contributors.setdefault(key, []).append(person)
        elif key in DATE_VARIABLES:
            slot = DATE_SLOTS.get(key)
            if key in self.extra or (slot is not None and self.fields.get(slot) is not None):
                self.report("warning", f"note line {key}: {value!r} repeats the item's {key}", "RB950")
                self.extra[f"note:{key}"] = value
            else:
                self.date(key, {"raw": value})
        elif key == EXTRA_ETAL:
            self.extra.setdefault(EXTRA_ETAL, []).append(value)
        elif key in ("id", "type"):
            self.extra[key] = value
        elif key in NOTE_SLOTS and key not in self.fields:
            self.fields[key] = value
        else:
            slot = TEXT_SLOTS.get(ALIASES.get(key, key))
            if slot is not None and self.fields.get(slot):
                if self.fields[slot] != value:
                    self.report(
                        "warning", f"note line {key}: {value!r} differs from the item's {key}", "RB950"
                    )
                    self.extra[f"note:{key}"] = value
                return
            if key in self.extra and key not in SCHEMA_VARIABLES:
                current = self.extra[key]
                self.extra[key] = [*(current if isinstance(current, list) else [current]), value]
                return
            self.variable(key, value, in_note=True)


def item_to_record(data: dict[str, Any], source: SourceLocation, report: Report) -> Record:
    """Build the record of one CSL item; every variable goes to a slot or to ``extra``."""
    item = _Item(report)
    raw_type = data.get("type")
    if isinstance(raw_type, str) and raw_type in SCHEMA_TYPES:
        record_type = raw_type
    else:
        record_type = "document"
        what = "no type" if raw_type is None else f"unknown type {raw_type!r}"
        report("warning", f"item has {what}; read as 'document'", "RB943")
        if raw_type is not None:
            item.extra[EXTRA_TYPE] = _scalar(raw_type) or json.dumps(raw_type)
    key = _scalar(data.get("citation-key")) or _scalar(data.get("id"))
    if key is None:
        report("warning", "item has no id", "RB944")
    elif data.get("id") is not None and _scalar(data.get("id")) not in (key, re.sub(r"\s+", "_", key)):
        item.extra["id"] = _scalar(data["id"]) or json.dumps(data["id"])
    notes: list[str] = []
    # Zotero's aliases last: they fill a slot only when the CSL variable is missing.
    for variable, value in sorted(data.items(), key=lambda pair: pair[0] in ALIASES):
        if variable in ("type", "id", "citation-key", "note") or value is None:
            continue
        item.variable(variable, value)
    note = _scalar(data.get("note"))
    if note:
        pairs, rest = split_note(note)
        for note_key, value in pairs:
            item.note_line(note_key, value)
        if rest:
            notes.append(rest)
    if item.kept_notes is not None:
        notes = item.kept_notes
    if item.kept_keywords is not None:
        item.fields["keywords"] = item.kept_keywords
    if item.flags:
        item.extra[NAME_FLAGS] = "\n".join(item.flags)
    etal = item.extra.pop(EXTRA_ETAL, [])
    for role in etal if isinstance(etal, list) else [etal]:
        people = item.fields.get(NAME_SLOTS[role]) if role in NAME_SLOTS else item.contributors.get(role)
        if people is not None:
            people.append(Person(literal=ETAL_LITERAL))
    if item.dropped_tags:
        tags = ", ".join(f"<{t}>" for t in sorted(item.dropped_tags))
        report("info", f"rich-text markup dropped (the text is kept): {tags}", "RB949")
    if item.fields.get("elocation") and item.fields.get("pages") == item.fields["elocation"]:
        del item.fields["pages"]  # the writer's page for citeproc, not pages of the record
    abstract = item.fields.get("abstract")
    if abstract and "\n" in abstract:
        item.fields["abstract_sections"] = split_sections(abstract)
    return Record(
        type=record_type,
        key=key,
        contributors=item.contributors,
        notes=notes,
        extra=item.extra,
        source=source,
        **item.fields,
    )


__all__ = ["PartialDate", "Report", "item_to_record", "parse_raw"]
