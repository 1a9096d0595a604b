"""The RIS reader: lines are grouped into records as the stream is read, then each
record's tags are mapped to the model through the tables in ``ris_tables``.

Grouping is our own (rispy's parser wants the whole text and keeps only the first
value of a repeated single-valued tag); rispy supplies the table of known tags and
reference types. A record ends at ``ER`` or at the next ``TY``.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from ..abstracts import join_sections, split_sections
from ..context import Context
from ..errors import ParseError
from ..model import Keyword, PartialDate, Person, Record, SourceLocation
from ..pagespan import join_pages, split_pages
from . import ris_tables as T
from .ris_values import (
    ELOCATION,
    bare_doi,
    date_agrees,
    decode_vocabularies,
    parse_date,
    parse_name,
    read_keyword,
    split_keyword_value,
    split_standard_numbers,
)

#: Non-blank lines before the first TY after which the input is declared not RIS.
MAX_HEADER_LINES = 50

Field = tuple[str, list[str], int]  # tag, its lines (first line's value, continuations), line number
_SURROGATES = re.compile("[\udc80-\udcff]+")
_PMCID = re.compile(r"PMC\d+")


def read_ris(stream: IO[str], context: Context) -> Iterator[Record]:
    """Yield the records of a RIS stream one at a time (see the module docstring)."""
    known = T.known_tags()
    reported: set[str] = set()
    count = 0
    for start, fields in iter_raw_records(_lines(stream, context), context):
        count += 1
        yield build_record(start, fields, context, known, reported)
    if count == 0:
        context.warning("the input holds no RIS record", code="RB313")


# -- grouping ----------------------------------------------------------------------


def _lines(stream: IO[str], context: Context) -> Iterable[str]:
    """The stream's lines; bytes that are not valid in the detected UTF-8/cp1252
    (a file with mixed encodings) are decoded as cp1252 and reported by line."""
    encoding = codecs.lookup(getattr(stream, "encoding", None) or "ascii").name
    if not isinstance(stream, io.TextIOWrapper) or stream.errors != "strict":
        return stream
    if encoding not in ("utf-8", "utf-8-sig", "cp1252"):
        return stream
    stream.reconfigure(errors="surrogateescape")
    return _repair_lines(stream, context, encoding)


def _repair_lines(stream: IO[str], context: Context, encoding: str) -> Iterator[str]:
    for number, line in enumerate(stream, 1):
        if line.isascii() or not _SURROGATES.search(line):
            yield line
            continue
        context.warning(
            f"bytes that are not valid {encoding} decoded as cp1252 (mixed encodings?)",
            code="RB311",
            line=number,
        )
        yield _SURROGATES.sub(_decode_escaped, line)


def _decode_escaped(match: re.Match[str]) -> str:
    raw = bytes(ord(char) - 0xDC00 for char in match.group(0))
    return "".join(
        bytes([byte]).decode("cp1252", errors="strict")
        if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
        else chr(byte)
        for byte in raw
    )


def iter_raw_records(lines: Iterable[str], context: Context) -> Iterator[tuple[int, list[Field]]]:
    """Group lines into records: yield (line of the record's start, its fields).

    Continuation lines are appended to the field before them; text outside records
    is reported and skipped; a missing ``ER`` is reported and the record kept.
    """
    match = T.TAG_LINE.match
    single_line = T.SINGLE_LINE_TAGS
    fields: list[Field] | None = None
    start = 0
    seen_record = False
    outside: list[int] = []  # line numbers of the current block of text outside records
    outside_tags = False
    header_lines = 0
    number = 0
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        found = match(line)
        if found is None:
            if fields is not None:
                text = line.strip()
                current = fields[-1]
                current[1].append(text)
                if text and current[0] in single_line:
                    context.warning(
                        f"line without a tag joined to the {current[0]} value above",
                        code="RB303",
                        line=number,
                    )
            elif line.strip():
                outside.append(number)
                if not seen_record:
                    header_lines += 1
                    if header_lines > MAX_HEADER_LINES:
                        raise _not_ris(context, outside[0])
            continue
        tag = found.group(1)
        value = (found.group(2) or "").strip()
        if tag == "TY":
            if fields is not None:
                context.warning(
                    f"record has no ER line; the TY at line {number} starts the next record",
                    code="RB302",
                    line=start,
                )
                yield start, fields
            _report_outside(context, outside, outside_tags)
            outside, outside_tags = [], False
            fields = [("TY", [value], number)]
            start = number
            seen_record = True
        elif tag == "ER":
            if fields is None:
                outside.append(number)
                outside_tags = True
            else:
                yield start, fields
                fields = None
        elif fields is None and seen_record and not outside:
            context.warning(
                f"{tag} line after ER without a TY line: a new record starts here (type {T.DEFAULT_TYPE})",
                code="RB306",
                line=number,
            )
            fields = [(tag, [value], number)]
            start = number
        elif fields is None:
            outside.append(number)
            outside_tags = True
        else:
            fields.append((tag, [value], number))
    if not seen_record:
        if outside:
            raise _not_ris(context, outside[0])
        return
    _report_outside(context, outside, outside_tags)
    if fields is not None:
        context.warning(
            f"the input ends at line {number} inside a record with no ER line (truncated?); "
            "the record is kept",
            code="RB301",
            line=start,
        )
        yield start, fields


def _not_ris(context: Context, line: int) -> ParseError:
    return ParseError(
        "not a RIS file: no record starts with a 'TY  - ' line",
        file=context.filename,
        line=line,
        code="RB300",
    )


def _report_outside(context: Context, lines: list[int], tags: bool) -> None:
    if not lines:
        return
    where = f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}-{lines[-1]}"
    if tags:
        context.warning(
            f"tag lines outside any record ({where}, no TY before them) ignored", code="RB305", line=lines[0]
        )
    else:
        context.info(f"text outside records ({where}) ignored", code="RB304", line=lines[0])


# -- mapping -----------------------------------------------------------------------


class _Extra:
    """Values kept in ``extra``: one tag → its values in file order."""

    def __init__(self) -> None:
        self.values: dict[str, list[str]] = {}

    def add(self, tag: str, value: str) -> None:
        self.values.setdefault(tag, []).append(value)

    def result(self) -> dict[str, Any]:
        return {tag: v[0] if len(v) == 1 else v for tag, v in self.values.items()}


def build_record(
    start: int, fields: list[Field], context: Context, known: frozenset[str], reported: set[str]
) -> Record:
    """Map one record's fields to a Record (the tables in ``ris_tables`` decide)."""
    by_tag: dict[str, list[tuple[str, int]]] = {}
    for tag, lines, line in fields:
        if len(lines) == 1:
            value = lines[0]
        elif tag in T.SINGLE_LINE_TAGS:
            value = " ".join(part for part in lines if part)
        else:
            value = "\n".join(lines).strip()
        if value:
            by_tag.setdefault(tag, []).append((value, line))
    source = SourceLocation(context.filename, start)
    extra = _Extra()
    kw: dict[str, Any] = {"source": source}
    ty = by_tag["TY"][0][0].upper() if "TY" in by_tag else ""
    kw["type"] = _record_type(ty, by_tag, extra, context, start)
    creator_roles = T.CREATOR_TAGS_BY_TY.get(ty, T.CREATOR_TAGS)
    authors: list[Person] = []
    editors: list[Person] = []
    for tag, _lines, _line in fields:
        role = creator_roles.get(tag)
        if role is not None and tag in by_tag:
            target = authors if role == "authors" else editors
            target.extend(parse_name(value) for value, _ in by_tag.pop(tag))
    kw["authors"], kw["editors"] = authors, editors

    def conflict(tag: str, value: str, line: int, what: str) -> None:
        extra.add(tag, value)
        context.warning(f"a second {what} ({tag}) kept in extra: {value[:60]!r}", code="RB309", line=line)

    for slot, tags in T.SLOT_TAGS.items():
        winner: str | None = None
        for tag in tags:
            for value, line in by_tag.pop(tag, ()):
                if winner is None:
                    winner = value
                elif value != winner:
                    if slot == "url":
                        extra.add(tag, value)
                    else:
                        conflict(tag, value, line, slot)
        kw[slot] = winner
    if kw["abstract"] and "\n" in kw["abstract"]:
        sections = split_sections(kw["abstract"])
        if sections:
            kw["abstract_sections"] = sections
            kw["abstract"] = join_sections(sections)
    _map_container(by_tag, kw, conflict)
    _map_pages(by_tag, kw, extra)
    _map_dates(by_tag, kw, extra, context)
    _map_identifiers(by_tag, kw, extra, conflict)
    kw["keywords"] = _map_keywords(by_tag, extra, context)
    kw["notes"] = [value for value, _ in by_tag.pop("N1", ())]
    for tag, values in by_tag.items():
        if tag == "TY":
            continue
        if tag not in known and tag not in reported:
            reported.add(tag)
            context.info(f"tag {tag} is not a RIS tag; kept in extra", code="RB308", line=values[0][1])
        for value, _ in values:
            extra.add(tag, value)
    kw["extra"] = extra.result()
    return Record(**kw)


def _record_type(
    ty: str, by_tag: dict[str, list[tuple[str, int]]], extra: _Extra, context: Context, start: int
) -> str:
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
    elif T.TYPE_TO_RIS.get(csl) != ty:
        extra.add("TY", ty)  # EJOUR, CPAPER...: written back as it was
    return carried[0][0] if carried else csl


def _map_container(by_tag: dict[str, list[tuple[str, int]]], kw: dict[str, Any], conflict: Any) -> None:
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


def _map_pages(by_tag: dict[str, list[tuple[str, int]]], kw: dict[str, Any], extra: _Extra) -> None:
    sp_values, ep_values = by_tag.pop("SP", []), by_tag.pop("EP", [])
    c7_values = by_tag.pop("C7", [])
    sp = sp_values[0][0] if sp_values else None
    ep = ep_values[0][0] if ep_values else None
    elocation = c7_values[0][0] if c7_values else None
    pages = None
    if sp and ep:
        last = split_pages(sp)[1]
        if last is not None:
            pages = sp  # SP already holds the range
            if ep != last:
                extra.add("EP", ep)
        else:
            pages = join_pages(sp, ep)
    elif sp:
        if elocation is None and ELOCATION.fullmatch(sp):
            elocation = sp
        elif sp != elocation:
            pages = sp
    elif ep:
        extra.add("EP", ep)
    for tag, values in (("SP", sp_values[1:]), ("EP", ep_values[1:]), ("C7", c7_values[1:])):
        for value, _ in values:
            extra.add(tag, value)
    kw["pages"], kw["elocation"] = pages, elocation


def _map_dates(
    by_tag: dict[str, list[tuple[str, int]]], kw: dict[str, Any], extra: _Extra, context: Context
) -> None:
    parsed: list[tuple[str, str, int, PartialDate | None, bool]] = []
    for tag in T.DATE_TAGS:
        for value, line in by_tag.pop(tag, ()):
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
        if date is None:
            context.warning(f"date {value!r} ({tag}) not understood; kept in extra", code="RB310", line=line)
        if date is None or not exact or issued is None or not date_agrees(date, issued):
            extra.add(tag, value)


def _map_identifiers(
    by_tag: dict[str, list[tuple[str, int]]], kw: dict[str, Any], extra: _Extra, conflict: Any
) -> None:
    dois = by_tag.pop("DO", [])
    kw["doi"] = bare_doi(dois[0][0]) if dois else None
    for value, line in dois[1:]:
        if bare_doi(value) != kw["doi"]:
            conflict("DO", value, line, "DOI")
    issn: list[str] = []
    isbn: list[str] = []
    bookish = kw["type"] in T.BOOK_TYPES
    for value, _ in by_tag.pop("SN", ()):
        issns, isbns, exact = split_standard_numbers(value, bookish)
        issn.extend(i for i in issns if i not in issn)
        new_isbns = [i for i in isbns if i not in isbn]
        if not exact or (isbn and new_isbns) or len(new_isbns) > 1:
            extra.add("SN", value)
        isbn.extend(new_isbns)
    kw["issn"], kw["isbn"] = issn, (isbn[0] if isbn else None)
    databases = by_tag.get("DB", [])
    numbers = by_tag.get("AN", [])
    database = databases[0][0] if databases else ""
    if numbers and numbers[0][0].isdigit() and database.lower() in T.PUBMED_DATABASES:
        kw["pmid"] = numbers[0][0]
        del by_tag["AN"][0]
        if database == T.PUBMED_DB_DEFAULT:
            del by_tag["DB"][0]
    pmcids = by_tag.get("C2", [])
    if pmcids and _PMCID.fullmatch(pmcids[0][0]):
        kw["pmcid"] = pmcids[0][0]
        del by_tag["C2"][0]


def _map_keywords(by_tag: dict[str, list[tuple[str, int]]], extra: _Extra, context: Context) -> list[Keyword]:
    items = [item for value, _ in by_tag.pop("KW", ()) for item in split_keyword_value(value)]
    carried = by_tag.pop(T.VOCABULARY_TAG, None)
    tokens: list[str] | None = None
    if carried:
        tokens = decode_vocabularies(carried[0][0], len(items))
        if tokens is None:
            context.warning(
                f"{T.VOCABULARY_TAG} does not match the record's {len(items)} keywords; kept in extra",
                code="RB312",
                line=carried[0][1],
            )
        for value, _ in carried[0 if tokens is None else 1 :]:
            extra.add(T.VOCABULARY_TAG, value)
    keywords: list[Keyword] = []
    for index, item in enumerate(items):
        keywords.extend(read_keyword(item, tokens[index] if tokens else None))
    return keywords
