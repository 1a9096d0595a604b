"""Write EndNote's tagged format (``.enw``), as EndNote's "Direct Export" files look.

``%0`` and the type's EndNote name first, then one tag line per value (one ``%A``
per author, one ``%K`` per keyword), a value's line breaks as continuation lines
(blank lines inside a value are dropped: a blank line ends a record), and a blank
line after each record. Line ends are CRLF by default, as EndNote writes them.

Flavour ``zotero`` (``-O endnote.flavour=zotero``) leaves out the tags that Zotero's
Refer/BibIX importer reads into a field the item type lacks (which Zotero then moves
into Extra) or into the wrong field: ``%R`` (Zotero: Type, not DOI), ``%M``, ``%O``,
``%H``, and ``%@``, ``%7``, ``%9`` where the type has no ISBN, edition or type field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from refbridge.context import Context
from refbridge.model import Record

from . import types as T
from .fields import Fields, format_name
from .mapping_write import WriteState, to_fields

NEWLINES = {"crlf": "\r\n", "lf": "\n"}

#: Tag order of the output (EndNote's export order: type, names, titles, source, ids, text);
#: ``%8`` before ``%D``, so that Zotero, which keeps the first of them, gets the whole date.
ORDER = "0AEY?H+TQ!JBOSCI7V6N&P8D9@RMLFU>KXZ<1234#$]GW~[=()*^"

#: Fields the tagged format has no tag for (what the XML holds in containers).
_EXTRA_TAGS = {"abbr-1": "O", "web-urls": "U"}

#: Zotero's Refer importer: tags it misreads or moves to Extra for every type, and the
#: EndNote types on which %@ (ISBN), %7 (edition) and %9 (Type) are valid Zotero fields.
ZOTERO_DROPPED = frozenset("RMOH")
ZOTERO_FIELD_TYPES: dict[str, frozenset[str]] = {
    "@": frozenset({"Book", "Book Section", "Conference Proceedings", "Report", "Thesis", "Edited Book",
                    "Electronic Book", "Electronic Book Section", "Encyclopedia", "Dictionary"}),
    "7": frozenset({"Book", "Book Section", "Edited Book", "Newspaper Article", "Map", "Electronic Book",
                    "Electronic Book Section", "Encyclopedia", "Dictionary"}),
    "9": frozenset({"Thesis", "Report", "Manuscript", "Unpublished Work", "Web Page", "Map",
                    "Personal Communication"}),
}  # fmt: skip


#: Types with a Zotero series field (a report's series has no place in Zotero's Refer import).
ZOTERO_SERIES_TYPES = frozenset({"Book", "Edited Book", "Electronic Book", "Classical Work", "Catalog"})
#: Types whose pages Zotero holds as a page count its Refer importer does not fill.
ZOTERO_PAGE_COUNT_TYPES = frozenset({"Book", "Edited Book", "Electronic Book", "Thesis", "Manuscript"})


def write_endnote(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write records as tagged EndNote text, one at a time."""
    newline = NEWLINES[context.option("newline")]
    zotero = context.option("flavour") == "zotero"
    state = WriteState()
    for record in records:
        fields = to_fields(record, context, state)
        if zotero:
            for_zotero(record, fields)
        lines = record_lines(fields, zotero)
        unwritten = sorted(name for name in fields.values if _tag(name, fields.ref_type) is None)
        for name in unwritten:
            state.once(context, f"tagged:{name}", f"EndNote field {name!r} has no tag; not written", record)
        stream.write(newline.join(lines) + newline + newline)


def for_zotero(record: Record, fields: Fields) -> None:
    """Adapt a record's fields to Zotero's Refer importer, which reads ``%E`` as editors and
    ``%Y`` as translators whatever the type, ``%Q`` as an author, ``%B`` as the
    publication, ``%N`` as the issue, and joins repeated tags with commas."""
    ref_type = fields.ref_type or T.DEFAULT_TYPE
    for name in T.NAME_FIELDS:
        fields.pop(name)
    for name, people in (
        ("authors", record.authors),
        ("secondary-authors", record.editors),
        ("tertiary-authors", record.contributors.get("translator", [])),
    ):
        for person in people:
            if not person.is_etal:
                fields.add(name, format_name(person))
    fields.values["url"] = fields.pop("url")[:1]
    fields.pop("translated-title")
    if ref_type in T.SERIES_IN_SECONDARY:
        series = fields.pop("secondary-title")
        if ref_type in ZOTERO_SERIES_TYPES:
            fields.values["tertiary-title"] = series  # %S: Zotero's series
    if ref_type not in T.ISSUE_IN_NUMBER:
        fields.pop("number")
    if ref_type in ZOTERO_PAGE_COUNT_TYPES:
        fields.pop("pages")
    if ref_type in T.CONFERENCE_TYPES:
        fields.pop("pub-location")
        fields.values["pub-location"] = fields.pop("custom1")  # Zotero's place is the publisher's


def _tag(name: str, ref_type: str | None) -> str | None:
    if name == "secondary-title":
        return "J" if ref_type in T.JOURNAL_TYPES else "B"
    if name.startswith("%") and len(name) == 2:
        return name[1]
    return T.TAG_OF.get(name) or _EXTRA_TAGS.get(name)


def record_lines(fields: Fields, zotero: bool = False) -> list[str]:
    """The tag lines of one record (without the blank line that ends it)."""
    ref_type = fields.ref_type or T.DEFAULT_TYPE
    tagged: dict[str, list[str]] = {}
    for name, values in fields.values.items():
        tag = _tag(name, ref_type)
        if tag is None:
            continue
        if name == "abbr-1" and "alt-title" in fields.values:
            continue
        tagged.setdefault(tag, []).extend(values)
    lines = [f"%0 {ref_type}"]
    for tag in sorted(tagged, key=lambda t: (ORDER.find(t) if t in ORDER else len(ORDER), t)):
        if zotero and (tag in ZOTERO_DROPPED or ref_type not in ZOTERO_FIELD_TYPES.get(tag, {ref_type})):
            continue
        for value in tagged[tag]:
            parts = [part.strip() for part in value.splitlines() if part.strip()]
            if parts:
                lines.append(f"%{tag} {parts[0]}")
                lines.extend(parts[1:])
    return lines
