"""The RIS reader: lines are grouped into records as the stream is read, then each
record's tags are mapped to the model through the tables in ``ris_tables``.

Grouping (``ris_group``) is our own: rispy's parser wants the whole text and keeps
only the first value of a repeated single-valued tag; rispy supplies the table of
known tags and reference types.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from refbridge.abstracts import KNOWN_LABELS, join_sections
from refbridge.context import Context
from refbridge.formats.ris import fields as F
from refbridge.formats.ris import tables as T
from refbridge.formats.ris.group import RawRecord, Values, allow_mixed_encodings, iter_raw_records
from refbridge.formats.ris.quirks import split_type_line, type_code
from refbridge.formats.ris.read_keywords import map_keywords
from refbridge.formats.ris.values import (
    ELOCATION,
    date_agrees,
    parse_date,
    parse_name,
    split_standard_numbers,
)
from refbridge.identifiers import bare_doi, parse_doi
from refbridge.model import AbstractSection, PartialDate, Person, Record, SourceLocation
from refbridge.pagespan import join_pages, split_pages

_LABELS = {label.lower(): label for label in KNOWN_LABELS}


def read_ris(stream: IO[str], context: Context) -> Iterator[Record]:
    """Yield the records of a RIS stream one at a time (see the module docstring)."""
    known = T.known_tags()
    reported: set[str] = set()
    count = 0
    repair = allow_mixed_encodings(stream)
    for start, fields, dirty in iter_raw_records(stream, context, repair=repair):
        count += 1
        yield build_record(start, finish_entries(fields, dirty), context, known, reported)
    if count == 0:
        context.warning("the input holds no RIS record", code="RB313")


# -- mapping -----------------------------------------------------------------------


class _Extra:
    """Values kept in ``extra``: one tag → its values in file order."""

    def __init__(self) -> None:
        self.values: dict[str, list[str]] = {}

    def add(self, tag: str, value: str) -> None:
        self.values.setdefault(tag, []).append(value)

    def result(self) -> dict[str, Any]:
        return {tag: v[0] if len(v) == 1 else v for tag, v in self.values.items()}


def finish_entries(raw: RawRecord, dirty: set[str]) -> Values:
    """Finish the entries of the ``dirty`` tags as [value, line]: continuation lines
    joined with a space for single-line tags, with a newline for running text; empty
    values dropped."""
    for tag in dirty:
        entries = raw.get(tag)
        if entries is None:
            continue  # ER
        for entry in entries:
            if len(entry) > 2:
                if tag in T.SINGLE_LINE_TAGS:
                    entry[0] = " ".join(part for part in entry if isinstance(part, str) and part)
                else:
                    entry[0] = "\n".join([entry[0], *entry[2:]]).strip()
                del entry[2:]
        entries[:] = [entry for entry in entries if entry[0]]
        if not entries:
            del raw[tag]
    return raw


def split_structured(text: str) -> list[AbstractSection]:
    """``refbridge.abstracts.split_sections``, without a regex per line (a test checks
    that both agree): sections when every non-empty line is ``Known label: text``."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return []
    sections = []
    for line in lines:
        label, colon, rest = line.partition(":")
        known = _LABELS.get(label.rstrip().lower()) if colon else None
        if known is None:
            return []
        sections.append(AbstractSection(known, rest.strip()))
    return sections


def build_record(
    start: int, raw: RawRecord, context: Context, known: frozenset[str], reported: set[str]
) -> Record:
    """Map one record's finished fields to a Record (the tables in ``ris_tables`` decide)."""
    by_tag = raw
    extra = _Extra()
    kw: dict[str, Any] = {"source": SourceLocation(context.filename, start)}
    ty, glued_pmid = _type_code(by_tag, extra, context)
    kw["type"] = _record_type(ty, by_tag, extra, context, start)
    authors: list[Person] = []
    editors: list[Person] = []
    for tag, role in T.CREATOR_TAGS_BY_TY.get(ty, T.CREATOR_TAGS).items():
        entries = by_tag.pop(tag, None)
        if entries:
            (authors if role == "authors" else editors).extend([parse_name(e[0]) for e in entries])
    kw["authors"], kw["editors"] = authors, editors

    def conflict(tag: str, value: str, line: int, what: str) -> None:
        extra.add(tag, value)
        context.warning(f"a second {what} ({tag}) kept in extra: {value[:60]!r}", code="RB309", line=line)

    pop = by_tag.pop
    for slot, tags in T.SLOT_TAGS.items():
        winner: str | None = None
        for tag in tags:
            entries = pop(tag, None)
            if entries is None:
                continue
            for value, line in entries:
                if winner is None:
                    winner = value
                elif value != winner:
                    if slot == "url":
                        extra.add(tag, value)
                    else:
                        conflict(tag, value, line, slot)
        kw[slot] = winner
    if kw["title"] is None and "ST" in by_tag:
        kw["title"] = by_tag["ST"][0][0]  # the only title; ST is also the short title
    abstract = kw["abstract"]
    if abstract and "\n" in abstract:
        sections = split_structured(abstract)
        if sections:
            kw["abstract_sections"] = sections
            kw["abstract"] = join_sections(sections)
    proceedings = F.read_conference(by_tag, ty, kw)
    _map_container(by_tag, kw, conflict)
    if proceedings is not None:
        if kw["container_title"] is None:
            kw["container_title"] = proceedings
        else:
            extra.add("C3", proceedings)
    F.read_pmcid(by_tag, ty, kw)  # before the pages: an EBOOK's C7 is its PMCID
    # Where the writer puts a book's whole page range in SP (Zotero's # of Pages), an SP
    # alone is pages as written, never an e-locator (that one travels in C7).
    _map_pages(by_tag, kw, extra, whole=F.tag_for(F.FIELD_TAGS["number_of_pages"], ty) == "SP")
    _map_dates(by_tag, kw, extra, context)
    F.read_number(by_tag, ty, kw)
    _map_identifiers(by_tag, kw, extra, conflict)
    # Series, edition, short title, archive, other roles ... (fields.py's tables)
    F.read_fields(by_tag, ty, kw, parse_name)
    if glued_pmid is not None:
        if kw.get("pmid") in (None, glued_pmid):
            kw["pmid"] = glued_pmid
        else:
            extra.add("PMID", glued_pmid)
    if "KW" in by_tag:
        kw["keywords"] = map_keywords(by_tag, context, keep=extra.add)
    if "N1" in by_tag:
        kw["notes"] = [value for value, _ in by_tag.pop("N1")]
    for tag, values in by_tag.items():
        if tag == "TY":
            continue
        if tag not in known and tag not in reported:
            reported.add(tag)
            context.info(f"tag {tag} is not a RIS tag; kept in extra", code="RB308", line=values[0][1])
        for value, _ in values:
            extra.add(tag, value)
    if extra.values:
        kw["extra"] = extra.result()
    return Record(**kw)


def _type_code(by_tag: Values, extra: _Extra, context: Context) -> tuple[str, str | None]:
    """The record's TY code (a type name such as ``Journal Article`` read as its code), and
    a PMID glued onto the TY line; a glued two-letter tag becomes that tag's first value."""
    if "TY" not in by_tag:
        return "", None
    entry = by_tag["TY"][0]
    value, tag, glued = split_type_line(entry[0])
    pmid = None
    if tag is not None and glued is not None:
        entry[0] = value
        context.warning(
            f"tag {tag} on the TY line ({value!r}); read as a field of its own", code="RB314", line=entry[1]
        )
        if tag == "PMID" and glued.isdigit():
            pmid = glued
        elif len(tag) == 2:
            by_tag.setdefault(tag, []).insert(0, [glued, entry[1]])
        elif glued:
            extra.add(tag, glued)
    code = type_code(value, T.TYPE_FROM_RIS)
    if code is None:
        return value.upper(), pmid
    if code != value.strip().upper():
        context.info(f"TY {value!r} is a type name; read as {code}", code="RB315", line=entry[1])
        entry[0] = code
    return code, pmid


def _record_type(ty: str, by_tag: Values, extra: _Extra, context: Context, start: int) -> str:
    carried = by_tag.pop(T.TYPE_TAG, None)
    csl = T.TYPE_FROM_RIS.get(ty)
    if csl is None and ty:
        name = by_tag["TY"][0][0]
        extra.add("TY", name)
        context.warning(
            f"unknown reference type TY {name!r}: read as {T.UNKNOWN_TYPE}, TY kept in extra",
            code="RB307",
            line=start,
        )
        csl = T.UNKNOWN_TYPE
    elif csl is None:
        csl = T.DEFAULT_TYPE
    elif ty not in T.written_types(csl):
        extra.add("TY", ty)  # EJOUR, SOUND...: written back as it was
    return carried[0][0] if carried else csl


_RARE_CONTAINER_TAGS = frozenset(T.CONTAINER_TAGS + T.ABBREVIATION_TAGS) - {"T2", "J2"}


def _map_container(by_tag: Values, kw: dict[str, Any], conflict: Any) -> None:
    if not by_tag.keys() & _RARE_CONTAINER_TAGS:
        # The usual case (and refbridge's own output): at most T2 and J2.
        full_entries, short_entries = by_tag.pop("T2", None), by_tag.pop("J2", None)
        full = full_entries[0][0] if full_entries else None
        short = short_entries[0][0] if short_entries else None
        kw["container_title"], kw["container_title_short"] = full, short
        for tag, entries in (("T2", full_entries), ("J2", short_entries)):
            if entries is not None and len(entries) > 1:
                for value, line in entries[1:]:
                    if value not in (full, short):
                        conflict(tag, value, line, "journal title")
        return
    full_tags = T.CONTAINER_TAGS
    short_tags = T.ABBREVIATION_TAGS
    if not any(tag in by_tag for tag in full_tags) and "JO" in by_tag:
        full_tags = ("JO",)  # JO alone names the journal in full (IEEE, Elsevier exports)
        short_tags = tuple(tag for tag in short_tags if tag != "JO")
    full_values = [(tag, *item) for tag in full_tags for item in by_tag.pop(tag, ())]
    short_values = [(tag, *item) for tag in short_tags for item in by_tag.pop(tag, ())]
    full = full_values[0][1] if full_values else None
    short = short_values[0][1] if short_values else None
    kw["container_title"], kw["container_title_short"] = full, short
    for tag, value, line in full_values + short_values:
        if value not in (full, short):
            conflict(tag, value, line, "journal title")


def _map_pages(by_tag: Values, kw: dict[str, Any], extra: _Extra, *, whole: bool = False) -> None:
    pop = by_tag.pop
    sp_values, ep_values, c7_values = pop("SP", None), pop("EP", None), pop("C7", None)
    xp_values = pop(T.PAGES_TAG, None)
    sp = sp_values[0][0] if sp_values else None
    ep = ep_values[0][0] if ep_values else None
    elocation = c7_values[0][0] if c7_values else None
    marked = xp_values[0][0] if xp_values else None
    pages = None
    if marked is not None and marked == sp and not ep:
        pages = sp  # refbridge's XP: this SP is the pages, though it looks like an e-locator
        marked = None
    elif sp and ep:
        # A hyphen in EP too means hyphenated pages ("C3-32" to "C3-35"), not a range in SP.
        last = None if sp.isalnum() or "-" in ep else split_pages(sp)[1]
        if last is not None:
            pages = sp  # SP already holds the range
            if ep != last:
                extra.add("EP", ep)
        else:
            pages = join_pages(sp, ep)
    elif sp:
        if elocation is None and not whole and ELOCATION.fullmatch(sp):
            elocation = sp
        elif sp != elocation:
            pages = sp
    elif ep:
        extra.add("EP", ep)
    if marked is not None:
        extra.add(T.PAGES_TAG, marked)  # an XP that is not the record's SP
    for tag, values in (("SP", sp_values), ("EP", ep_values), ("C7", c7_values), (T.PAGES_TAG, xp_values)):
        if values is not None and len(values) > 1:
            for value, _ in values[1:]:
                extra.add(tag, value)
    kw["pages"], kw["elocation"] = pages, elocation


def _map_dates(by_tag: Values, kw: dict[str, Any], extra: _Extra, context: Context) -> None:
    parsed: list[tuple[str, str, int, PartialDate | None, bool]] = []
    pop = by_tag.pop
    for tag in T.DATE_TAGS:
        entries = pop(tag, None)
        if entries is not None:
            for value, line in entries:
                date, exact = parse_date(value)
                parsed.append((tag, value, line, date, exact))
    issued: PartialDate | None = None
    for _tag, _value, _line, date, _exact in parsed:
        if date is None:
            continue
        if issued is None:
            issued = date
        elif issued.year is None and date.year is not None:
            issued = PartialDate(date.year, issued.month, issued.day)
    kw["issued"] = issued
    for tag, value, line, date, exact in parsed:
        if (
            exact
            and date is not None
            and issued is not None
            and (date is issued or date_agrees(date, issued))
        ):
            continue
        if date is None:
            context.warning(f"date {value!r} ({tag}) not understood; kept in extra", code="RB310", line=line)
        extra.add(tag, value)


def _map_identifiers(by_tag: Values, kw: dict[str, Any], extra: _Extra, conflict: Any) -> None:
    pop = by_tag.pop
    dois = pop("DO", None)
    if dois:
        kw["doi"] = doi = bare_doi(dois[0][0])
        parsed = parse_doi(dois[0][0])
        if parsed is not None and parsed.url and not kw.get("url"):
            kw["url"] = parsed.url  # the DOI's URL form was the record's only URL
        for value, line in dois[1:]:
            if bare_doi(value) != doi:
                conflict("DO", value, line, "DOI")
    numbers = pop("SN", None)
    if numbers:
        bookish = kw["type"] in T.BOOK_TYPES
        issn: list[str] = []
        isbn: list[str] = []
        for value, _ in numbers:
            issns, isbns, exact = split_standard_numbers(value, bookish)
            issn.extend(i for i in issns if i not in issn)
            new_isbns = [i for i in isbns if i not in isbn]
            if not exact or (isbn and new_isbns) or len(new_isbns) > 1:
                extra.add("SN", value)
            isbn.extend(new_isbns)
        kw["issn"] = issn
        if isbn:
            kw["isbn"] = isbn[0]
    if "AN" in by_tag and "DB" in by_tag:
        database = by_tag["DB"][0][0]
        accession = by_tag["AN"][0][0]
        if accession.isdigit() and T.is_pubmed_database(database):
            kw["pmid"] = accession
            _drop_first(by_tag, "AN")
            if database == T.PUBMED_DB_DEFAULT:
                _drop_first(by_tag, "DB")


def _drop_first(by_tag: Values, tag: str) -> None:
    entries = by_tag[tag]
    if len(entries) == 1:
        del by_tag[tag]
    else:
        del entries[0]
