"""RIS tags of the complete record model (issue 18), as data, with their reader and writer.

Which tag holds a model field depends on the reference type, because Zotero's RIS import
(``fieldMap`` in RIS.js) reads the same tag as different fields by type: ``T2`` is a
book's *Series* but a conference paper's *Conference Name*; ``SN`` is a report's *Report
Number*, a patent's *Patent Number*, elsewhere an ISBN/ISSN. Every choice below was
checked with the Zotero oracle (tests/zotero.py); docs/formats.md lists them.
The tables map a model field to ``{TY: tag}``; the key ``"*"`` is the tag for every other
TY, and a field absent for a TY (and without ``"*"``) has no tag Zotero reads there.
"""

from __future__ import annotations

import re
from typing import Any

from refbridge.formats.ris.extra_lines import read_extra_lines
from refbridge.model import PartialDate, Person, Record

DEFAULT = "*"

#: Single-valued model fields → {TY: tag}. Zotero's reading of each is in the comment.
FIELD_TAGS: dict[str, dict[str, str]] = {
    # ST → shortTitle for every type.
    "title_short": {DEFAULT: "ST"},
    # T2 of CONF → conferenceName (C3 is the proceedings title, see CONTAINER_TAGS).
    "event_title": {"CONF": "T2", "CPAPER": "T2"},
    # T2 → series (BOOK) / seriesTitle (RPRT, COMP, MAP); T3 → series elsewhere.
    "collection_title": {
        "BOOK": "T2",
        "EDBOOK": "T2",
        "RPRT": "T2",
        "COMP": "T2",
        "MAP": "T2",
        DEFAULT: "T3",
    },
    # M1 → seriesNumber (BOOK); SV → seriesNumber (CHAP) and EndNote's Series Volume.
    "collection_number": {"BOOK": "M1", "EDBOOK": "M1", DEFAULT: "SV"},
    # SN → reportNumber (RPRT), patentNumber (PAT); M1 → billNumber (BILL).
    "number": {"RPRT": "SN", "PAT": "SN", "BILL": "M1"},
    # ET → edition (moved to Extra for types without an edition).
    "edition": {DEFAULT: "ET"},
    # M3 → thesisType, reportType, manuscriptType, mapType, websiteType, letterType,
    # presentationType; on other types Zotero reads M3 as a DOI, so it is not written there.
    "genre": dict.fromkeys(("THES", "RPRT", "MANSCPT", "MAP", "ELEC", "BLOG", "PCOMM", "SLIDE"), "M3"),
    # SE → section.
    "section": {DEFAULT: "SE"},
    # SP → numPages for books, theses and manuscripts (EndNote: Number of Pages).
    "number_of_pages": {"BOOK": "SP", "EDBOOK": "SP", "THES": "SP", "MANSCPT": "SP"},
    # NV → numberOfVolumes (IS for a book section).
    "number_of_volumes": {"CHAP": "IS", DEFAULT: "NV"},
    # DB → archive, AN → archiveLocation, CN → callNumber (a PMID's AN/DB: see the writer).
    "archive": {DEFAULT: "DB"},
    "archive_location": {DEFAULT: "AN"},
    "call_number": {DEFAULT: "CN"},
    # CR → rights (in the import map of deprecated tags: read, never written by Zotero's
    # export; EndNote has no Rights field and keeps the line as an unknown tag).
    "license": {DEFAULT: "CR"},
    # DP → libraryCatalog (EndNote: Database Provider; DB, the Name of Database, is archive).
    "library_catalog": {DEFAULT: "DP"},
}

#: The container title of a conference paper: C3 → proceedingsTitle (T2 is the
#: conference's name); other types keep T2 (the writer's general case).
CONTAINER_TAGS: dict[str, str] = {"CONF": "C3", "CPAPER": "C3"}

#: EndNote's PMCID field by TY (the EndNote flavour; Zotero reads none of these as a PMCID,
#: so the Zotero flavour writes the Extra line ``PMCID: …`` instead): Custom 2 of a Journal
#: Article, Custom 3 of an Electronic Article, Custom 7 of an Electronic Book. Other types
#: have no PMCID field in EndNote; the PMCID is a note ``PMCID: …`` there.
ENDNOTE_PMCID_TAGS: dict[str, str] = {"JOUR": "C2", "EJOUR": "C3", "EBOOK": "C7"}
#: The tag refbridge's reader also takes a PMCID from under any TY (EndNote's JOUR tag,
#: which refbridge wrote for every type before the flavours differed).
PMCID_TAG = "C2"
_PMCID = re.compile(r"PMC\d+")

#: Date fields and their tags: Y2 → accessDate.
DATE_TAGS: dict[str, str] = {"accessed": "Y2"}

#: Name tags of ``Record.contributors`` roles → {TY: tag}: A4 → translator (Zotero reads A4
#: of CONF/MPCT/DATA as contributor), A3 → seriesEditor of sections and papers, A2 → seriesEditor
#: of books and reports, A2 → recipient of letters.
ROLE_TAGS: dict[str, dict[str, str]] = {
    "translator": {"CONF": "", "CPAPER": "", "MPCT": "", "DATA": "", DEFAULT: "A4"},
    "contributor": {"CONF": "A4", "CPAPER": "A4", "MPCT": "A4", "DATA": "A4", "THES": "A3"},
    "collection-editor": {
        "BOOK": "A2", "RPRT": "A2", "CHAP": "A3", "CONF": "A3", "CPAPER": "A3", "ENCYC": "A3", "DICT": "A3",
        "MAP": "A3",
    },
    "recipient": {"PCOMM": "A2", "ICOMM": "A2"},
}  # fmt: skip


def tag_for(table: dict[str, str], ty: str) -> str | None:
    """The tag of a field under TY ``ty``, or None when Zotero reads none there."""
    return table.get(ty, table.get(DEFAULT)) or None


def role_of_tag(tag: str, ty: str) -> str | None:
    """The contributor role a name tag holds under ``ty`` (the reverse of ``ROLE_TAGS``)."""
    for role, table in ROLE_TAGS.items():
        if tag_for(table, ty) == tag:
            return role
    return None


def _iso(date: PartialDate) -> str:
    return date.iso() or (date.literal or "")


def read_fields(by_tag: dict[str, list[list[Any]]], ty: str, kw: dict[str, Any], parse_name: Any) -> None:
    """Take the tags of ``FIELD_TAGS``/``ROLE_TAGS``/``DATE_TAGS`` under ``ty`` out of
    ``by_tag`` into ``kw`` (first value wins; later values stay for ``extra``)."""
    for name, table in FIELD_TAGS.items():
        tag = tag_for(table, ty)
        if tag is None or tag not in by_tag or kw.get(name):
            continue
        if name == "number" and tag == "SN":
            continue  # the identifier reader decides which SN is the number (read_number)
        kw[name] = _take(by_tag, tag)
    contributors: dict[str, list[Person]] = {}
    for tag in ("A2", "A3", "A4"):
        role = role_of_tag(tag, ty)
        if role is not None and tag in by_tag:
            contributors.setdefault(role, []).extend(parse_name(value) for value, _ in by_tag.pop(tag))
    if contributors:
        kw["contributors"] = contributors
    read_extra_lines(by_tag, kw)
    for name, tag in DATE_TAGS.items():
        if tag in by_tag:
            from refbridge.formats.ris.values import parse_date

            date, exact = parse_date(by_tag[tag][0][0])
            if date is not None and exact:
                kw[name] = date
                _take(by_tag, tag)


def _take(by_tag: dict[str, list[list[Any]]], tag: str) -> str:
    entries = by_tag[tag]
    value: str = entries.pop(0)[0]
    if not entries:
        del by_tag[tag]
    return value


def write_fields(
    record: Record, ty: str, put: Any, format_name: Any, skip: frozenset[str] = frozenset()
) -> None:
    """Write the fields of ``FIELD_TAGS`` (but those in ``skip``), the contributor roles and
    the dates of ``DATE_TAGS`` under ``ty`` through ``put(tag, value)``."""
    for name, table in FIELD_TAGS.items():
        tag = tag_for(table, ty)
        value = getattr(record, name)
        if tag is not None and value and name not in skip:
            put(tag, value)
    for role, people in record.contributors.items():
        tag = tag_for(ROLE_TAGS.get(role, {}), ty)
        if tag is not None:
            for person in people:
                if not person.is_etal:
                    put(tag, format_name(person))
    for name, tag in DATE_TAGS.items():
        date = getattr(record, name)
        if date is not None and _iso(date):
            put(tag, _iso(date))


def read_conference(by_tag: dict[str, list[list[Any]]], ty: str, kw: dict[str, Any]) -> str | None:
    """Before the container is read: ``T2`` of a book or report → ``collection_title``
    (Zotero's Series); for a conference paper ``T2`` → ``event_title`` (Zotero's Conference
    Name), and the ``C3`` proceedings title is returned for the caller to make the container."""
    if tag_for(FIELD_TAGS["collection_title"], ty) == "T2" and "T2" in by_tag:
        kw["collection_title"] = _take(by_tag, "T2")  # a book's or report's series, as Zotero reads it
    container_tag = CONTAINER_TAGS.get(ty)
    if container_tag is None:
        return None
    event_tag = tag_for(FIELD_TAGS["event_title"], ty)
    if event_tag is not None and event_tag in by_tag:
        kw["event_title"] = _take(by_tag, event_tag)
    return _take(by_tag, container_tag) if container_tag in by_tag else None


def read_number(by_tag: dict[str, list[list[Any]]], ty: str, kw: dict[str, Any]) -> None:
    """For TYs whose ``SN`` is a report or patent number: the first ``SN`` that is not an
    ISSN or ISBN → ``number`` (the others are left for the identifier reader)."""
    from refbridge.formats.ris.values import _ISBN, _ISSN

    if tag_for(FIELD_TAGS["number"], ty) != "SN" or "SN" not in by_tag:
        return
    for index, (value, _line) in enumerate(by_tag["SN"]):
        items = [item.strip() for item in value.split(";")]
        if not any(_ISSN.fullmatch(item) or _ISBN.fullmatch(item) for item in items):
            kw["number"] = value
            del by_tag["SN"][index]
            if not by_tag["SN"]:
                del by_tag["SN"]
            return


def endnote_pmcid_tag(record: Record, ty: str) -> str | None:
    """The tag the EndNote flavour writes the PMCID of ``record`` in under ``ty`` (its
    ``ENDNOTE_PMCID_TAGS`` entry), or None: the PMCID is then a note ``PMCID: …``. An
    Electronic Book's C7 holds the e-locator when the record has one (EndNote's C7 is the
    Article Number of most types)."""
    tag = ENDNOTE_PMCID_TAGS.get(ty)
    if tag == "C7" and record.elocation:
        return None
    return tag


def read_pmcid(by_tag: dict[str, list[list[Any]]], ty: str, kw: dict[str, Any]) -> None:
    """Take the PMCID from the TY's EndNote PMCID tag, else from ``C2``, into ``kw``: the
    first value shaped ``PMC123``; before the pages are read (an EBOOK's C7 is its PMCID)."""
    for tag in dict.fromkeys((ENDNOTE_PMCID_TAGS.get(ty, PMCID_TAG), PMCID_TAG)):
        entries = by_tag.get(tag)
        if entries and _PMCID.fullmatch(entries[0][0].strip()):
            kw["pmcid"] = entries[0][0].strip()
            _take(by_tag, tag)
            return


def whole_pages(record: Record, ty: str) -> str | None:
    """The ``SP`` of a type whose SP is Zotero's numPages: the page range or count whole
    (an ``EP`` would reach Zotero as an Extra "Pages" line); None for other types."""
    if tag_for(FIELD_TAGS["number_of_pages"], ty) != "SP":
        return None
    return record.pages or record.number_of_pages
