"""The MEDLINE writer: PubMed's tag order, wrapped continuation lines, ``FAU`` and ``AU``
both, ``MH`` headings in PubMed's notation, ``AID``/``LID`` for DOIs and e-locators,
``PT`` from the record's publication types (or its type).

Values from ``extra["medline:TAG"]`` are written back in their tag's place; tags
that PubMed's order does not list come last.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from refbridge.context import Context
from refbridge.identifiers import bookshelf_url
from refbridge.mesh import MESH
from refbridge.model import Keyword, Person, Record

from . import names
from .build import csl_type
from .dates import format_dp
from .numbers import BOOK_ACCESSION, BOOK_ACCESSION_KIND, ISSN, bare_number
from .tags import (
    AUTHOR_KEYWORDS_OWNER,
    EXTRA_PREFIX,
    LANGUAGE_CODES,
    ORDER,
    PT_FROM_TYPE,
    PUBLICATION_TYPE,
    PUBMED_XML_LISTS,
)
from .text import join_abstract, wrap

NEWLINES = {"lf": "\n", "crlf": "\r\n"}
_TAG = re.compile(r"[A-Z][A-Z0-9]{0,3}")
#: Extra tags written before the name blocks rather than in ORDER: after a name they would
#: be read back as that person's (they are in extra because they belonged to no one).
_NAME_EXTRA = ("AUID", "AD")
_INVESTIGATOR_EXTRA = ("IRAD",)
_ORDERED = frozenset(ORDER) | frozenset(_NAME_EXTRA) | frozenset(_INVESTIGATOR_EXTRA)


@dataclass
class WriterState:
    """What the writer remembers across the records of one output."""

    width: int = 80
    reported: set[str] = field(default_factory=set)


def write_medline(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write records as MEDLINE, a blank line after each (see the module docstring)."""
    newline = NEWLINES[context.option("newline")]
    state = WriterState(width=context.option("width"))
    for record in records:
        stream.write(newline.join(record_lines(record, context, state)) + newline + newline)


def _is_medline_key(key: str) -> bool:
    """``medline:TAG`` with a tag the reader would read back as one (``PHST``, not ``phst x``)."""
    return key.startswith(EXTRA_PREFIX) and bool(_TAG.fullmatch(key[len(EXTRA_PREFIX) :].upper()))


def _values(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


class _Lines:
    """The lines of one record being written."""

    def __init__(self, record: Record, context: Context, state: WriterState) -> None:
        self.record = record
        self.context = context
        self.state = state
        self.out: list[str] = []
        self.extra: dict[str, list[str]] = {}
        for key, value in record.extra.items():
            if _is_medline_key(key):  # BibTeX gives the keys back in lower case: medline:own
                self.extra.setdefault(key[len(EXTRA_PREFIX) :].upper(), []).extend(_values(value))
        # Decided before any tag is written (writing pops the extra values it writes).
        #: A chapter's book title goes to BTI, unless a BTI of its own was kept in extra.
        self.book_in_bti = record.type == "chapter" and "BTI" not in self.extra
        is_book = record.type == "book"
        #: Whether BTI, TI and JT will be written: they decide the type a reader sees.
        self.has_bti = (is_book and bool(record.title)) or (self.book_in_bti and bool(record.container_title))
        self.has_bti = self.has_bti or "BTI" in self.extra
        self.has_ti = (not is_book and bool(record.title)) or "TI" in self.extra
        self.has_jt = bool(record.container_title) and not self.book_in_bti
        self.isbn_in_is = False

    def put(self, tag: str, value: str | None) -> None:
        if value is not None and value.strip():
            self.out.extend(wrap(tag, value, self.state.width))

    def put_extra(self, tag: str) -> None:
        for value in self.extra.pop(tag, []):
            self.put(tag, value)

    def once(self, key: str, message: str, code: str, *, warn: bool = False) -> None:
        """An informational note (or a warning: a value not written), once per output for
        each ``key``."""
        if key not in self.state.reported:
            self.state.reported.add(key)
            (self.context.warning if warn else self.context.info)(message, code=code, record=self.record)


def record_lines(record: Record, context: Context, state: WriterState) -> list[str]:
    """The lines of one record, in PubMed's tag order."""
    w = _Lines(record, context, state)
    for key in record.extra:
        if not _is_medline_key(key) and key not in PUBMED_XML_LISTS.values():
            w.once(f"extra:{key}", f"extra field {key!r} has no MEDLINE tag; not written", "RB920", warn=True)
    for role in record.contributors:
        if role != "contributor":
            w.once(f"role:{role}", f"{role} names have no MEDLINE tag; not written", "RB924")
    for tag in ORDER:
        writer = _WRITERS.get(tag)
        if writer is not None:
            writer(w, record)
        if tag != "IS":
            w.put_extra(tag)
    for tag in list(w.extra):  # tags PubMed's order does not know, as they were read
        w.put_extra(tag)
    return w.out


# -- one function per tag (or block) ---------------------------------------------------


def _pmid(w: _Lines, record: Record) -> None:
    w.put("PMID", record.pmid)


def _issn(w: _Lines, record: Record) -> None:
    given = w.extra.pop("IS", [])
    numbers = {bare_number(line) for line in given}
    issns = {n for n in numbers if ISSN.fullmatch(n)}
    # The lines as read (with their kinds) when they still hold exactly the record's ISSNs
    # and its ISBN; a book's other ISBNs (ISBN-10 beside ISBN-13) live only in these lines.
    if given and issns == set(record.issn) and (record.isbn in numbers or numbers == issns):
        w.isbn_in_is = record.isbn in numbers
        for line in given:
            w.put("IS", line)
        return
    for issn in record.issn:
        w.put("IS", issn)


def _date(w: _Lines, record: Record) -> None:
    if record.issued is not None and (record.issued.year is not None or record.issued.literal):
        w.put("DP", format_dp(record.issued, record.issued_end))


def _title(w: _Lines, record: Record) -> None:
    if record.type != "book":
        w.put("TI", record.title)


def _book_title(w: _Lines, record: Record) -> None:
    if record.type == "book":
        w.put("BTI", record.title)
    elif w.book_in_bti:
        w.put("BTI", record.container_title)


def _pages(w: _Lines, record: Record) -> None:
    w.put("PG", record.pages)


def _location(w: _Lines, record: Record) -> None:
    if record.doi:
        w.put("LID", f"{record.doi} [doi]")
    if record.elocation:
        # "[pii]" beside other pages would read back as a publisher item identifier.
        beside_pages = record.pages not in (None, "", record.elocation)
        w.put("LID", record.elocation if beside_pages else f"{record.elocation} [pii]")
    if record.url != _bookshelf_url(record):  # read back from the AID's accession
        w.put("LID", record.url)


def _accession(record: Record) -> str | None:
    """The record's NCBI Bookshelf accession (``NBK1116``), from its call number."""
    number = record.call_number
    return number if number and BOOK_ACCESSION.fullmatch(number) else None


def _bookshelf_url(record: Record) -> str | None:
    accession = _accession(record)
    return bookshelf_url(accession) if accession else None


def _abstract(w: _Lines, record: Record) -> None:
    if record.abstract_sections:
        w.put("AB", join_abstract(record.abstract_sections))
    elif record.abstract:
        if "\n" in record.abstract.strip():
            w.once("abstract-lines", "line breaks of an abstract are written as spaces", "RB922")
        w.put("AB", record.abstract)


def _person(w: _Lines, person: Person, tags: tuple[str, str, str], corporate: str | None) -> None:
    full_tag, short_tag, affiliation_tag = tags
    if person.is_etal:
        w.put(short_tag, "et al.")
        return
    if person.literal is not None:
        w.put(corporate or full_tag, person.literal)
    else:
        if not names.is_initials_only(person):
            w.put(full_tag, names.format_full(person))
        w.put(short_tag, names.format_short(person))
    if person.orcid:
        w.put("AUID", f"ORCID: {person.orcid}")
    for affiliation in person.affiliations:
        w.put(affiliation_tag, affiliation)


def _names(w: _Lines, record: Record) -> None:
    for tag in _NAME_EXTRA:
        w.put_extra(tag)
    for person in record.editors:
        _person(w, person, ("FED", "ED", "AD"), None)
    for person in record.authors:
        _person(w, person, ("FAU", "AU", "AD"), "CN")


def _investigators(w: _Lines, record: Record) -> None:
    for tag in _INVESTIGATOR_EXTRA:
        w.put_extra(tag)
    for person in record.contributors.get("contributor", []):
        _person(w, person, ("FIR", "IR", "IRAD"), None)


def _from_pubmed_xml(w: _Lines, key: str, first: str | None) -> list[str]:
    """The items of a pubmed-xml reader's list (``pubmed-languages``, ``pubmed-isbns``: every
    value, the first of which is in the record's slot) that the slot does not hold."""
    items = _values(w.record.extra.get(key))
    return [item for item in items if item != first] if len(items) > 1 else []


def _language(w: _Lines, record: Record) -> None:
    languages = [record.language] if record.language else []
    # A bilingual article's other languages, as the pubmed-xml reader keeps them (the
    # MEDLINE reader keeps them as medline:LA, written after this in LA's place).
    languages += _from_pubmed_xml(w, PUBMED_XML_LISTS["LA"], record.language)
    for language in languages:
        w.put("LA", LANGUAGE_CODES.get(language.casefold(), language))


def _publication_types(w: _Lines, record: Record) -> None:
    types = [k.term for k in record.keywords if k.vocabulary == PUBLICATION_TYPE]
    # Every PubMed record has a publication type; the type's own is added when the
    # record's types are missing or would read back as another type.
    if not types or csl_type(types, w.has_bti, w.has_ti, w.has_jt) != record.type:
        own = PT_FROM_TYPE.get(record.type)
        if own is None:
            own = PT_FROM_TYPE["article-journal"]
            w.once(
                f"type:{record.type}",
                f"type {record.type!r} has no MEDLINE publication type; written as {own!r}",
                "RB921",
            )
        if own not in types:
            types.append(own)
    for value in types:
        w.put("PT", value)


def _original_title(w: _Lines, record: Record) -> None:
    w.put("TT", record.original_title)


def _simple(tag: str, get: Callable[[Record], str | None]) -> Callable[[_Lines, Record], None]:
    def write(w: _Lines, record: Record) -> None:
        w.put(tag, get(record))

    return write


def _journal(w: _Lines, record: Record) -> None:
    if w.has_jt:
        w.put("JT", record.container_title)


def _isbn(w: _Lines, record: Record) -> None:
    if not w.isbn_in_is:
        w.put("ISBN", record.isbn)
        for isbn in _from_pubmed_xml(w, PUBMED_XML_LISTS["ISBN"], record.isbn):
            w.put("ISBN", isbn)


def is_mesh(keyword: Keyword) -> bool:
    """A keyword written as ``MH``: vocabulary MeSH, or heading-shaped with no vocabulary."""
    if keyword.vocabulary is None:
        return keyword.qualifier is not None or keyword.major
    return keyword.vocabulary.casefold() == MESH.casefold()


def mesh_lines(keywords: list[Keyword]) -> list[str]:
    """``MH`` values: the qualifiers of one descriptor on one line, each with its own ``*``
    (``Mesenchymal Stem Cells/*cytology/metabolism``); a major keyword without qualifier
    marks the descriptor (``*COVID-19``, and ``*COVID-19/therapy`` with its pairs)."""
    headings: dict[str, list[str]] = {}  # descriptor heading → its qualifiers
    plain: dict[str, str] = {}  # term → the heading key of its keyword without qualifier
    for keyword in keywords:
        term = keyword.term
        if keyword.qualifier is None:
            key = f"*{term}" if keyword.major else term
            plain.setdefault(term, key)
            headings.setdefault(key, [])
            continue
        # Pairs join the heading of their descriptor's major mark, else a heading of their own.
        own = plain.get(term, "")
        key = own if own.startswith("*") else f"/{term}"
        headings.setdefault(key, []).append(("*" if keyword.major else "") + keyword.qualifier)
    return ["/".join([key.lstrip("/"), *qualifiers]) for key, qualifiers in headings.items()]


def _mesh(w: _Lines, record: Record) -> None:
    for value in mesh_lines([k for k in record.keywords if is_mesh(k)]):
        w.put("MH", value)


def _pmc(w: _Lines, record: Record) -> None:
    w.put("PMC", record.pmcid)


def _other_terms(w: _Lines, record: Record) -> None:
    groups: dict[str | None, list[str]] = {}
    for keyword in record.keywords:
        if keyword.vocabulary == PUBLICATION_TYPE or is_mesh(keyword):
            continue
        term = keyword.term if keyword.qualifier is None else f"{keyword.term}/{keyword.qualifier}"
        groups.setdefault(keyword.vocabulary, []).append(term)
    for owner, terms in groups.items():
        w.put("OTO", owner or AUTHOR_KEYWORDS_OWNER)
        for term in terms:
            w.put("OT", term)


def _notes(w: _Lines, record: Record) -> None:
    for note in record.notes:
        w.put("GN", note)


def _article_ids(w: _Lines, record: Record) -> None:
    if record.doi:
        w.put("AID", f"{record.doi} [doi]")
    accession = _accession(record)
    line = f"{accession} [{BOOK_ACCESSION_KIND}]"
    # A MEDLINE record's own AID line is in extra, written next; a pubmed-xml book's is not.
    if accession and line not in w.extra.get("AID", []):
        w.put("AID", line)


_WRITERS: dict[str, Callable[[_Lines, Record], None]] = {
    "PMID": _pmid,
    "IS": _issn,
    "VI": _simple("VI", lambda r: r.volume),
    "IP": _simple("IP", lambda r: r.issue),
    "DP": _date,
    "TI": _title,
    "BTI": _book_title,
    "CTI": _simple("CTI", lambda r: r.collection_title),
    "PB": _simple("PB", lambda r: r.publisher),
    "PG": _pages,
    "LID": _location,
    "AB": _abstract,
    "CI": _simple("CI", lambda r: r.license),
    "NAMES": _names,
    "LA": _language,
    "PT": _publication_types,
    "TT": _original_title,
    "PL": _simple("PL", lambda r: r.place),
    "TA": _simple("TA", lambda r: r.container_title_short),
    "JT": _journal,
    "GN": _notes,
    "EN": _simple("EN", lambda r: r.edition),
    "ISBN": _isbn,
    "MH": _mesh,
    "PMC": _pmc,
    "OTO": _other_terms,
    "INVESTIGATORS": _investigators,
    "AID": _article_ids,
}
