"""Values RIS has no tag for, written as Zotero's Extra lines (``PMID: 123``, ``event-place: Oslo``).

Zotero keeps what its item types have no field for in *Extra*, one ``name: value`` line
each (its PubMed and MEDLINE importers write ``PMID: …`` there, its BibTeX importer
``event-place: …``), and its citation processor reads those lines as CSL variables. Its
RIS import reads ``M2`` into Extra for every type (``M2: "extra"`` in RIS.js), so the
Zotero flavour writes these values as ``M2`` lines and they arrive where Zotero's own
importers put them. EndNote reads ``M2`` as a different field for each reference type
(Start Page, Issue Number...), so the EndNote flavour keeps the PMID in ``AN`` with ``DB``,
the PMCID in the type's own PMCID field (``fields.ENDNOTE_PMCID_TAGS``) where it has one,
and writes the other lines as ``N1`` notes, which EndNote shows as they are.

The PMCID is such a line in the Zotero flavour because Zotero's RIS import ignores
``C2`` (EndNote's PMCID field of a journal article) and its MEDLINE import keeps the
PMCID as the Extra line ``PMCID: PMC…``.

The reader takes such lines back from ``M2`` (and a note that is one such line) into the
record's fields; any other ``M2`` text stays in ``extra`` as before.
"""

from __future__ import annotations

import re
from typing import Any

from refbridge.identifiers import pmcid_with_prefix
from refbridge.model import PartialDate, Record

#: Extra-line names (Zotero's, CSL's) → model field; the order they are written in.
NAMES: dict[str, str] = {
    "PMID": "pmid",
    "PMCID": "pmcid",
    "event-place": "event_place",
    "original-date": "original_date",
}
_NAME_OF: dict[str, str] = {field: name for name, field in NAMES.items()}
_LINE = re.compile(r"(PMID|PMCID|event-place|original-date):[ \t]*(\S.*)")
_PMCID = re.compile(r"PMC\d+")
#: The fields written as lines in each flavour (the EndNote flavour's PMID goes in AN/DB,
#: its PMCID too where the type has a PMCID field: the writer skips it then).
FLAVOUR_FIELDS: dict[str, tuple[str, ...]] = {
    "zotero": ("pmid", "pmcid", "event_place", "original_date"),
    "endnote": ("pmcid", "event_place", "original_date"),
}
#: The tag the lines go in, by flavour.
FLAVOUR_TAG: dict[str, str] = {"zotero": "M2", "endnote": "N1"}


def _text(value: Any) -> str:
    if isinstance(value, PartialDate):
        return value.iso() or value.literal or ""
    return str(value)


def extra_lines(record: Record, flavour: str, skip: frozenset[str] = frozenset()) -> list[str]:
    """The Extra lines of ``record`` that the flavour writes (``event-place: Oslo``), but
    for the fields in ``skip`` (written in a tag of their own)."""
    lines: list[str] = []
    for field in FLAVOUR_FIELDS.get(flavour, ()):
        value = getattr(record, field)
        if field == "pmcid" and value:
            value = pmcid_with_prefix(value)  # Zotero's MEDLINE import writes "PMCID: PMC…"
        if value and field not in skip:
            text = " ".join(_text(value).split())
            if text:
                lines.append(f"{_NAME_OF[field]}: {text}")
    return lines


def read_extra_lines(by_tag: dict[str, list[list[Any]]], kw: dict[str, Any]) -> None:
    """Take Extra lines out of ``M2`` values (and ``N1`` notes that are one such line)
    into ``kw``; a field already read from its own tag wins, and what is left of a value
    stays under its tag."""
    for tag in ("M2", "N1"):
        kept: list[list[Any]] = []
        for entry in by_tag.get(tag, ()):
            if tag == "N1":
                if not _take(str(entry[0]), kw):
                    kept.append(entry)
                continue
            rest = [line for line in str(entry[0]).split("\n") if not _take(line, kw)]
            if rest:
                kept.append(["\n".join(rest), *entry[1:]])
        if kept:
            by_tag[tag] = kept
        else:
            by_tag.pop(tag, None)


def _take(line: str, kw: dict[str, Any]) -> bool:
    """Put one ``name: value`` line into ``kw``; True when it was taken."""
    match = _LINE.fullmatch(line.strip())
    if match is None:
        return False
    field, value = NAMES[match.group(1)], match.group(2).strip()
    if (field == "pmid" and not value.isdigit()) or (field == "pmcid" and not _PMCID.fullmatch(value)):
        return False
    if kw.get(field):
        return bool(kw[field] == value)  # the same value from its own tag: the line repeats it
    if field == "original_date":
        from refbridge.formats.ris.values import parse_date

        date, exact = parse_date(value)
        if date is None or not exact:
            return False
        kw[field] = date
    else:
        kw[field] = value
    return True
