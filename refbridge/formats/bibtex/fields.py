"""BibTeX/BibLaTeX fields of the complete record model (issue 18), as data.

Each mapping was checked with Zotero's BibTeX import (tests/zotero.py): ``shorttitle`` →
Short Title, ``series`` → Series, ``edition``, ``translator`` → translator, ``eventtitle``
→ Conference Name, ``pagetotal`` → # of Pages, ``type`` → Thesis/Report Type, ``urldate``
→ Accessed, ``chapter`` → Section, ``copyright`` → Rights, ``subtitle`` joined to the
title as "Title: Subtitle",
``number`` → Report Number (report), Patent Number (patent), Series Number (book,
section), Issue elsewhere. biblatex's ``editora``/``editoratype`` carry one more role
(Zotero ignores them). docs/formats.md lists the table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from refbridge.formats.bibtex.tables import TYPE_KEYS
from refbridge.model import PartialDate, Person, Record

#: Model field → BibTeX field, the same in both dialects (read and written).
TEXT_FIELDS: dict[str, str] = {
    "title_short": "shorttitle",
    "collection_title": "series",
    "edition": "edition",
    "event_title": "eventtitle",
    "number_of_pages": "pagetotal",
    "section": "chapter",
    "license": "copyright",  # Zotero's BibTeX import and export: copyright ↔ Rights
}

#: CSL types whose ``number`` field is the model's ``number`` (Zotero: Report Number,
#: Patent Number) and those whose ``number`` is the series number (Zotero: Series Number).
NUMBER_TYPES: frozenset[str] = frozenset({"report", "patent", "standard", "bill"})
SERIES_NUMBER_TYPES: frozenset[str] = frozenset({"book", "chapter"})
OWN_NUMBER_TYPES: frozenset[str] = NUMBER_TYPES | SERIES_NUMBER_TYPES

#: CSL types whose ``type`` field is the genre (Zotero: Thesis Type, Report Type).
GENRE_TYPES: frozenset[str] = frozenset({"thesis", "report", "manuscript", "webpage", "map", "speech"})

#: Name fields of ``Record.contributors`` roles: BibTeX's and biblatex's ``translator``.
ROLE_FIELDS: dict[str, str] = {"translator": "translator"}
#: biblatex ``editortype`` values → CSL role, for ``editora``/``editorb``/``editorc``.
EDITOR_TYPES: dict[str, str] = {
    "compiler": "compiler",
    "director": "director",
    "organizer": "organizer",
    "collaborator": "contributor",
    "redactor": "editorial-director",
    "translator": "translator",
}
ROLE_EDITOR_TYPES: dict[str, str] = {role: name for name, role in EDITOR_TYPES.items()}

#: The date field of ``accessed``.
ACCESSED_FIELD = "urldate"

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
#: Zotero joins ``subtitle`` with ": " unless the title ends or the subtitle starts with
#: punctuation of its own (BibTeX.js, processField).
_TITLE_END = re.compile(r"[-–—:!?.;]$")
_SUBTITLE_START = re.compile(r"^[-–—:.;¡¿]")


def join_subtitle(title: str | None, subtitle: str) -> str:
    """``Title: Subtitle`` as Zotero joins them."""
    title = (title or "").strip()
    subtitle = subtitle.strip()
    if not _TITLE_END.search(title) and not _SUBTITLE_START.match(subtitle):
        return f"{title}: {subtitle}" if title else f": {subtitle}"
    return f"{title} {subtitle}" if title else subtitle


def _date(text: str | None) -> PartialDate | None:
    match = _DATE.fullmatch(text.strip()) if text else None
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    return PartialDate(year, month, day if month else None)


def read_fields(
    fields: dict[str, str],
    csl: str,
    values: dict[str, Any],
    text: Callable[[str], str | None],
    names: Callable[[str | None], list[Person]],
) -> None:
    """Take the fields of the tables above out of ``fields`` into ``values`` (``text``
    pops and decodes a field, ``names`` parses a name list). Runs before ``number``
    is read as the issue."""
    for slot, name in TEXT_FIELDS.items():
        if name in fields:
            values[slot] = text(name)
    if "subtitle" in fields:
        values["title"] = join_subtitle(values.get("title"), text("subtitle") or "")
    # ``number`` is a report's, patent's, standard's or bill's own number (Zotero: Report
    # Number...), a book's series number beside a ``series``; otherwise the issue.
    if "number" in fields:
        if csl in NUMBER_TYPES:
            values["number"] = text("number")
        elif csl in SERIES_NUMBER_TYPES and ("series" in fields or values.get("collection_title")):
            values["collection_number"] = text("number")
    # A biblatex type key (``candthesis``) stays in extra: the writer translates it per dialect.
    if csl in GENRE_TYPES and "type" in fields and fields["type"].strip().lower() not in TYPE_KEYS:
        values["genre"] = text("type")
    accessed = _date(fields.get(ACCESSED_FIELD))
    if accessed is not None:
        values["accessed"] = accessed
        del fields[ACCESSED_FIELD]
    contributors: dict[str, list[Person]] = {}
    for role, name in ROLE_FIELDS.items():
        if name in fields:
            contributors[role] = names(fields.pop(name))
    for suffix in ("a", "b", "c"):
        kind = fields.get(f"editor{suffix}type", "").strip().lower()
        editor_role = EDITOR_TYPES.get(kind)
        if editor_role is not None and f"editor{suffix}" in fields and editor_role not in contributors:
            contributors[editor_role] = names(fields.pop(f"editor{suffix}"))
            del fields[f"editor{suffix}type"]
    if contributors:
        values["contributors"] = contributors


def write_fields(
    record: Record,
    biblatex: bool,
    add: Callable[[str, str | None], None],
    add_names: Callable[[str, list[Person]], None],
) -> None:
    """Write the fields of the tables above through ``add(name, value)`` and
    ``add_names(name, people)``."""
    for slot, name in TEXT_FIELDS.items():
        add(name, getattr(record, slot))
    if record.type in NUMBER_TYPES:
        add("number", record.number)
    elif record.type in SERIES_NUMBER_TYPES:
        add("number", record.collection_number)
    if record.type in GENRE_TYPES:
        add("type", record.genre)
    if record.accessed is not None and record.accessed.year is not None:
        add(ACCESSED_FIELD, record.accessed.iso())
    letters = iter("abc")
    for role, people in record.contributors.items():
        if role in ROLE_FIELDS:
            add_names(ROLE_FIELDS[role], people)
        elif biblatex and role in ROLE_EDITOR_TYPES:
            letter = next(letters, None)
            if letter is not None:
                add_names(f"editor{letter}", people)
                add(f"editor{letter}type", ROLE_EDITOR_TYPES[role])


def number_taken(record: Record) -> bool:
    """True when ``number`` holds the record's own or series number, so that its issue
    must be written as ``issue`` (see ``read_fields``)."""
    if record.type in NUMBER_TYPES:
        return bool(record.number)
    return record.type in SERIES_NUMBER_TYPES and bool(record.collection_number)
