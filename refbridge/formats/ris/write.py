"""The RIS writer: Zotero's and EndNote's conventions, tags in a fixed order.

What Zotero does with each tag is recorded in the project's ZOTERO-IMPORT notes;
the choices below follow them (``T2`` + ``J2``, ``AU  - Family, Given``, ``SP``/``EP``,
``DA  - YYYY/MM/DD/``, one ``KW`` per keyword). refbridge's own tags ``XK`` (keyword
vocabularies) and ``XT`` (a CSL type no TY expresses) are ignored by Zotero and EndNote.

Where the flavours differ (option ``flavour``):

* ``paper-conference`` is ``TY  - CONF`` for Zotero, ``TY  - CPAPER`` for EndNote (whose
  CONF is a whole proceedings volume);
* a year-only date is also written as ``DA  - 2025///`` for Zotero (DA wins over PY there),
  but not for EndNote, which shows DA as typed;
* a structured abstract gets a blank line between sections for Zotero when its lines are of
  the length Zotero would re-flow into one paragraph (RIS.js keeps a break only after a short
  line or once a line over 85 characters was seen); EndNote keeps lines as they are;
* a record's single keyword with a comma is reported for Zotero only (RB320);
* the PMID and PMCID are Zotero's Extra lines (``M2  - PMCID: PMC…``) for Zotero, which
  ignores ``C2``; for EndNote the PMID is ``AN``/``DB`` and the PMCID EndNote's field of the
  type (``C2`` of a journal article, see ``fields.ENDNOTE_PMCID_TAGS``) or a note;
* a CSL ``document`` (and a type no TY expresses) is ``TY  - GRNT`` for Zotero, whose RIS
  import reads GEN as a journal article, and ``GEN`` for EndNote (``tables.ris_type``).

A single page is ``SP`` alone in both (an ``EP`` = ``SP`` would show as "e112-e112"); where
refbridge's reader would take that SP for an e-locator, refbridge's ``XP`` says it is pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import IO, Any

from refbridge.abstracts import join_sections
from refbridge.context import Context
from refbridge.formats.ris import fields as F
from refbridge.formats.ris import tables as T
from refbridge.formats.ris.extra_lines import FLAVOUR_TAG, extra_lines
from refbridge.formats.ris.values import (
    ELOCATION,
    format_date,
    format_name,
    parse_name,
)
from refbridge.formats.ris.write_keywords import put_keywords
from refbridge.identifiers import VALID_DOI, bare_doi, pmcid_with_prefix
from refbridge.model import Record
from refbridge.pagespan import join_pages, split_pages

NEWLINES = {"crlf": "\r\n", "lf": "\n"}
_TAG = re.compile(r"[A-Z][A-Z0-9]")
#: Zotero joins an abstract continuation line with a newline only if some line so far
#: was longer than 85 characters or the previous line was shorter than 65 (RIS.js).
ZOTERO_LONG_LINE = 85
ZOTERO_SHORT_LINE = 65
#: Tags of ``extra`` that refbridge writes in their own place (or never: ``ER`` would end
#: the record, a stale ``XK``/``XT`` would mislead), not again at the end.
_PLACED_EXTRA = frozenset({"TY", "ER", T.VOCABULARY_TAG, T.TYPE_TAG, T.PAGES_TAG})


@dataclass
class WriterState:
    """What the writer remembers across records of one output."""

    flavour: str = "zotero"
    long_line_seen: bool = False
    reported_keys: set[str] = field(default_factory=set)


def write_ris(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write records as RIS, one at a time; see the module docstring."""
    newline = NEWLINES[context.option("newline")]
    state = WriterState(flavour=context.option("flavour"))
    end = newline + newline
    for record in records:
        stream.write(newline.join(record_lines(record, context, state)) + end)


def _one_line(text: str) -> str:
    if "\n" not in text and "\r" not in text:
        return text.strip()
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def _is_long(line: str) -> bool:
    # A tag line's value is 6 characters shorter than the line: count only the value.
    return len(line) - (6 if T.TAG_LINE.match(line) else 0) > ZOTERO_LONG_LINE


class _Lines:
    """The lines of one record being written."""

    def __init__(self, record: Record, context: Context, state: WriterState) -> None:
        self.out: list[str] = []
        self.record = record
        self.context = context
        self.state = state

    def put(self, tag: str, value: str | None) -> None:
        if not value:
            return
        # _one_line inlined for the common single-line value (this runs ~30 times a record).
        text = value.strip() if "\n" not in value and "\r" not in value else _one_line(value)
        if text:
            self.out.append(tag + "  - " + text)

    def put_text(self, tag: str, value: str, *, zotero_breaks: bool = False) -> None:
        """A value that may span several lines: the first on the tag line, the rest as
        continuation lines (Zotero and refbridge join them with a newline)."""
        lines = [line.strip() for line in value.strip().split("\n")]
        if not lines or not lines[0]:
            return
        out = self.out
        out.append(f"{tag}  - {lines[0]}")
        if zotero_breaks and not self.state.long_line_seen:
            self.state.long_line_seen = any(_is_long(line) for line in out)
        for line in lines[1:]:
            if T.TAG_LINE.match(line):
                out[-1] += " " + line
                self.context.warning(
                    f"a line of the {tag} value looks like a RIS tag line; joined to the line before",
                    code="RB323",
                    record=self.record,
                )
                continue
            if zotero_breaks and not self.state.long_line_seen and len(out[-1]) >= ZOTERO_SHORT_LINE:
                out.append("")  # Zotero would join the line with a space; a blank line keeps a break
            out.append(line)
            if zotero_breaks and not self.state.long_line_seen:
                self.state.long_line_seen = _is_long(line)


def _read_back_type(ty: str) -> str:
    return T.TYPE_FROM_RIS.get(ty) or (T.UNKNOWN_TYPE if ty else T.DEFAULT_TYPE)


def _choose_type(record: Record, flavour: str) -> str:
    given = record.extra.get("TY")
    # EDBOOK reads its AU names as editors: not usable for a record with authors.
    if (
        isinstance(given, str)
        and _read_back_type(given.upper()) == record.type
        and not (given.upper() == "EDBOOK" and record.authors)
    ):
        return given
    return T.ris_type(record.type, flavour)


@lru_cache(maxsize=256)
def _creator_tags(ty: str) -> tuple[str, str]:
    """The tags for authors and for editors under a (upper-case) TY."""
    roles = T.CREATOR_TAGS_BY_TY.get(ty, T.CREATOR_TAGS)
    author_tag = next((tag for tag, role in roles.items() if role == "authors"), "AU")
    editor_tag = next(tag for tag, role in roles.items() if role == "editors" and tag != "ED")
    return author_tag, editor_tag


def record_lines(record: Record, context: Context, state: WriterState) -> list[str]:
    """The lines of one record, ``TY`` to ``ER``, in the order of ``WRITE_ORDER``."""
    w = _Lines(record, context, state)
    ty = _choose_type(record, state.flavour)
    w.put("TY", ty)
    if _read_back_type(ty.upper()) != record.type:
        w.put(T.TYPE_TAG, record.type)
    author_tag, editor_tag = _creator_tags(ty.upper())
    for tag, people in ((author_tag, record.authors), (editor_tag, record.editors)):
        for person in people:
            if person.is_etal:
                # RIS has no et-al marker: Zotero makes an author named "et al." (or
                # "others") of any AU line for it, so it is left out and said so.
                context.info(
                    f"{tag} list ends in 'et al.' (BibTeX 'and others'): RIS has no et-al marker; "
                    "not written",
                    code="RB326",
                    record=record,
                )
                continue
            if person.literal is not None and "," in person.literal:
                context.warning(
                    f"the name {person.literal!r} has a comma: Zotero and EndNote will split it "
                    "into family and given names",
                    code="RB322",
                    record=record,
                )
            elif person.literal is not None and parse_name(person.literal) != person:
                context.warning(
                    f"the name {person.literal!r} has the form of a family name and initials "
                    "('Yang Z'): refbridge reads it back as one",
                    code="RB322",
                    record=record,
                )
            w.put(tag, format_name(person))
    w.put("TI", record.title)
    _put_journal(w, record, ty.upper())
    w.put("VL", record.volume)
    w.put("IS", record.issue)
    whole = F.whole_pages(record, ty.upper())
    if whole:
        w.put("SP", whole)  # numPages for Zotero: the range or count whole, no EP
        w.put("C7", record.elocation)
        if whole == record.elocation:
            w.put(T.PAGES_TAG, whole)  # SP = C7 alone reads back as the e-locator only
        if record.pages and record.number_of_pages and record.number_of_pages != record.pages:
            w.context.warning(
                f"number-of-pages not written: {ty} holds one SP and it holds the pages",
                code="RB040",
                record=record,
            )
    else:
        _put_pages(w, record)
    _put_date(w, record, state.flavour)
    if record.doi:
        # The bare DOI: a URL form or a LaTeX escape (``\_``) would reach Zotero as written.
        doi = bare_doi(record.doi)
        if not VALID_DOI.fullmatch(doi):
            context.warning(f"DOI {doi!r} is not a valid DOI; Zotero drops it", code="RB321", record=record)
        w.put("DO", doi)
    abstract = join_sections(record.abstract_sections) if record.abstract_sections else record.abstract
    if abstract:
        w.put_text("AB", abstract, zotero_breaks=state.flavour == "zotero" and bool(record.abstract_sections))
    put_keywords(w, record, state.flavour)
    if F.tag_for(F.FIELD_TAGS["number"], ty.upper()) == "SN":
        w.put("SN", record.number)  # first: Zotero's Report/Patent Number is the first SN
    _put_standard_numbers(w, record)
    w.put("UR", record.url)
    w.put("LA", record.language)
    w.put("PB", record.publisher)
    w.put("CY", record.place)
    database = _put_pubmed(w, record)
    # EndNote's PMCID field of the type (C2 of a journal article); the Zotero flavour and the
    # EndNote types without one write the PMCID as a line (extra_lines.py).
    pmcid_tag = F.endnote_pmcid_tag(record, ty.upper()) if state.flavour == "endnote" else None
    own_tag = frozenset({"pmcid"}) if pmcid_tag is not None else frozenset()
    for line in extra_lines(record, state.flavour, own_tag):  # PMID, PMCID, event place...
        w.put(FLAVOUR_TAG[state.flavour], line)
    # Series, edition, short title, genre, other roles, access date... (fields.py's tables)
    skip = {"event_title", "number_of_pages"}
    if database is not None:
        skip.add("archive")  # the PubMed database name, written beside the PMID's AN
    if record.pmid and record.archive_location == record.pmid:
        skip.add("archive_location")
    if F.tag_for(F.FIELD_TAGS["number"], ty.upper()) == "SN":
        skip.add("number")
    F.write_fields(record, ty.upper(), w.put, format_name, frozenset(skip))
    if pmcid_tag is not None and record.pmcid:
        w.put(pmcid_tag, pmcid_with_prefix(record.pmcid))
    w.put("ID", record.key)
    for note in record.notes:
        w.put_text("N1", note)
    _put_extra(w, record, database)
    w.out.append("ER  - ")
    if state.flavour == "zotero" and not state.long_line_seen:
        state.long_line_seen = any(_is_long(line) for line in w.out)
    return w.out


def _put_journal(w: _Lines, record: Record, ty: str) -> None:
    proceedings_tag = F.CONTAINER_TAGS.get(ty)
    if proceedings_tag is not None:
        # Zotero reads T2 of a conference paper as the Conference Name, C3 as Proceedings Title.
        w.put("T2", record.event_title)
        w.put(proceedings_tag, record.container_title)
    elif F.tag_for(F.FIELD_TAGS["collection_title"], ty) != "T2":
        w.put("T2", record.container_title)
    else:
        # T2 is the series here (Zotero: a book's Series, a report's Series Title); BT
        # keeps the container for refbridge and EndNote (Zotero reads BT of a book as the
        # title only when TI is missing).
        w.put("BT", record.container_title)
    if record.container_title_short and not record.container_title:
        w.context.info(
            "only the journal abbreviation is known: written as J2, which Zotero also copies "
            "into Publication",
            code="RB325",
            record=record,
        )
    w.put("J2", record.container_title_short)


def _put_pages(w: _Lines, record: Record) -> None:
    pages, elocation = record.pages, record.elocation
    if pages and pages.strip():
        first, last = split_pages(pages)
        if first is None or join_pages(first, last) != pages.strip():
            first, last = pages.strip(), None  # discontiguous or unusual: SP keeps it whole
        w.put("SP", first)
        w.put("EP", last)
        w.put("C7", elocation)
        if last is None and (first == elocation or (elocation is None and ELOCATION.fullmatch(first))):
            # A single page the reader would take for the e-locator (SP alone shaped like
            # one, or SP = C7). Zotero and EndNote read SP alone as the pages, as they are
            # (an EP = SP would give them "e112-e112"); refbridge's XP tells its reader.
            w.put(T.PAGES_TAG, first)
        return
    if elocation:
        w.put("SP", elocation)  # Zotero's Pages; EndNote reads C7 as the article number
    w.put("C7", elocation)


def _put_date(w: _Lines, record: Record, flavour: str) -> None:
    issued = record.issued
    if issued is None or (issued.year is None and issued.month is None):
        return
    if issued.year is not None:
        w.put("PY", f"{issued.year:04d}")
    # EndNote shows DA as typed, so "2025///" is left out there; Zotero prefers DA to PY.
    if flavour == "zotero" or issued.month is not None:
        w.put("DA", format_date(issued))


def _put_standard_numbers(w: _Lines, record: Record) -> None:
    isbn = [record.isbn] if record.isbn else []
    items = isbn + record.issn if record.type in T.BOOK_TYPES else record.issn + isbn
    if items:
        w.put("SN", "; ".join(items))


def _put_pubmed(w: _Lines, record: Record) -> str | None:
    """Write the PMID as ``AN`` with ``DB`` naming PubMed; return the DB value used
    when it came from ``extra``."""
    if not record.pmid or w.state.flavour == "zotero":
        return None  # Zotero's flavour writes it as its Extra line ``PMID: …`` (extra_lines.py)
    w.put("AN", record.pmid)
    given = record.archive or record.extra.get("DB")
    if isinstance(given, str) and T.is_pubmed_database(given):
        w.put("DB", given)
        return given
    w.put("DB", T.PUBMED_DB_DEFAULT)
    return None


def _put_extra(w: _Lines, record: Record, database: str | None) -> None:
    for key, value in record.extra.items():
        if key in _PLACED_EXTRA or (key == "DB" and database is not None):
            continue
        if not _TAG.fullmatch(key):
            if key not in w.state.reported_keys:
                w.state.reported_keys.add(key)
                w.context.warning(
                    f"extra field {key!r} has no RIS tag; not written", code="RB324", record=record
                )
            continue
        values: list[Any] = value if isinstance(value, list) else [value]
        for item in values:
            if item is None:
                continue
            if key in T.SINGLE_LINE_TAGS:
                w.put(key, str(item))
            else:
                w.put_text(key, str(item))
