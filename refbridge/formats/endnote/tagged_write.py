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
from .fields import Fields
from .mapping_write import WriteState, to_fields

NEWLINES = {"crlf": "\r\n", "lf": "\n"}

#: Tag order of the output (EndNote's export order: type, names, titles, source, ids, text).
ORDER = "0AEY?H+TQ!JBOSCI7V6N&PD89@RMLFU>KXZ<1234#$]GW~[=()*^"

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


def write_endnote(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write records as tagged EndNote text, one at a time."""
    newline = NEWLINES[context.option("newline")]
    zotero = context.option("flavour") == "zotero"
    state = WriteState()
    for record in records:
        fields = to_fields(record, context, state)
        lines = record_lines(fields, zotero)
        unwritten = sorted(name for name in fields.values if _tag(name, fields.ref_type) is None)
        for name in unwritten:
            state.once(context, f"tagged:{name}", f"EndNote field {name!r} has no tag; not written", record)
        stream.write(newline.join(lines) + newline + newline)


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
