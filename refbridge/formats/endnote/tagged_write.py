"""Write EndNote's tagged format (``.enw``), as EndNote's "Direct Export" files look.

``%0`` and the type's EndNote name first, then one tag line per value (one ``%A``
per author, one ``%K`` per keyword), a value's line breaks as continuation lines
(blank lines inside a value are dropped: a blank line ends a record), and a blank
line after each record. Line ends are CRLF by default, as EndNote writes them.

Flavour ``zotero`` (the default) writes what Zotero's Refer/BibIX importer reads without
moving anything into Extra (``zotero_flavour``): no ``%R`` (Zotero: Type, not DOI; the DOI
goes to ``%U`` as a doi.org URL when the record has no URL), ``%M``, ``%O``, ``%H``, nor
``%@``, ``%7``, ``%9`` where the Zotero type has no ISBN, edition or type field. What its
field table (``field_map.ZOTERO_FIELD_MAP``) gives no place, the engine reports record by
record (RB040), as for every format; what the flavour leaves out of a record beyond that
(a DOI when ``%U`` holds the record's URL, values of EndNote fields kept in ``extra``) it
reports itself by its field's name (RB981), once per output. Flavour ``endnote``
(``-O endnote.flavour=endnote``) writes every EndNote tag, for EndNote's own import.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from refbridge.context import Context
from refbridge.fieldmap import FIELDS, GETTERS, display_name, place_of
from refbridge.model import Record

from . import types as T
from .field_map import ZOTERO_FIELD_MAP
from .fields import Fields
from .mapping_write import WriteState, to_fields
from .zotero_flavour import for_zotero

NEWLINES = {"crlf": "\r\n", "lf": "\n"}

#: Tag order of the output (EndNote's export order: type, names, titles, source, ids, text);
#: ``%8`` before ``%D``, so that Zotero, which keeps the first of them, gets the whole date.
ORDER = "0AEY?H+TQ!JBOSCI7V6N&P8D9@RMLFU>KXZ<1234#$]GW~[=()*^"

#: A field's name in messages → its name in the field table.
_FIELD_NAMES = {display_name(name): name for name in FIELDS}

#: Fields the tagged format has no tag for (what the XML holds in containers).
_EXTRA_TAGS = {"abbr-1": "O", "web-urls": "U"}


def write_endnote(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write records as tagged EndNote text, one at a time."""
    newline = NEWLINES[context.option("newline")]
    zotero = context.option("flavour") == "zotero"
    state = WriteState(flavour=context.option("flavour"))
    for record in records:
        fields = to_fields(record, context, state)
        if zotero:
            for name, why in for_zotero(record, fields):
                if _accounted(name, record):
                    continue  # the engine reports it (RB040), for this record
                message = f"{name} not written: {why}; -O endnote.flavour=endnote writes it"
                state.once(context, f"zotero:{name}", message, record, severity="warning", code="RB981")
        lines = record_lines(fields)
        unwritten = sorted(
            name
            for name in fields.values
            if _tag(name, fields.ref_type) is None and not _written_as_another(name, fields)
        )
        for name in unwritten:
            state.once(context, f"tagged:{name}", f"EndNote field {name!r} has no tag; not written", record)
        stream.write(newline.join(lines) + newline + newline)


def _written_as_another(name: str, fields: Fields) -> bool:
    """Whether the tagless field ``name`` only repeats a value written under another tag: a
    journal's ``full-title`` (EndNote XML's term-list copy) is its ``secondary-title``, ``%J``."""
    return name == "full-title" and fields.values[name] == fields.values.get("secondary-title")


def _accounted(name: str, record: Record) -> bool:
    """Whether the engine reports the left-out value ``name`` of ``record`` as not written:
    the record holds the field and the zotero flavour's table gives it no place."""
    field = _FIELD_NAMES.get(name)
    return (
        field is not None
        and bool(GETTERS[field](record))
        and place_of(ZOTERO_FIELD_MAP, field, record.type) is None
    )


def _tag(name: str, ref_type: str | None) -> str | None:
    if name == "secondary-title":
        return "J" if ref_type in T.JOURNAL_TYPES else "B"
    if name.startswith("%") and len(name) == 2:
        return name[1]
    return T.TAG_OF.get(name) or _EXTRA_TAGS.get(name)


def record_lines(fields: Fields) -> list[str]:
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
        for value in tagged[tag]:
            parts = [part.strip() for part in value.splitlines() if part.strip()]
            if parts:
                lines.append(f"%{tag} {parts[0]}")
                lines.extend(parts[1:])
    return lines
