"""EndNote's generic fields → a ``Record`` (shared by the XML and the tagged reader).

Every field with a slot goes to it, by the record's reference type where EndNote
labels a field per type (see ``types``); every other field, and every value a slot
could not take, is kept in ``extra`` under ``endnote:<field>`` so that writing the
record back as EndNote loses nothing.
"""

from __future__ import annotations

import re
from typing import Any

from refbridge.abstracts import split_sections
from refbridge.context import Context
from refbridge.mesh import MESH, format_heading, looks_like_mesh_heading, parse_heading
from refbridge.model import Keyword, Person, Record, SourceLocation

from . import types as T
from .dates import format_range, read_date
from .fields import PREFIX, Fields, clean_doi, parse_date, parse_name, split_isbn_issn

#: ``extra`` keys with a meaning to the writer.
REF_TYPE_KEY = f"{PREFIX}ref-type"
MARKUP_KEY = f"{PREFIX}markup"
RESEARCH_NOTES_KEY = f"{PREFIX}research-notes"
ISBN_KEY = f"{PREFIX}isbn"
DATE_KEY = f"{PREFIX}date"
KEYWORDS_KEY = f"{PREFIX}keywords"

_PMCID = re.compile(r"^PMC\d+$", re.IGNORECASE)
_ROLE_SLOTS = {"author": "authors", "editor": "editors"}
#: Fields whose line breaks are kept (paragraphs); all others are one line.
MULTILINE = frozenset({"abstract", "notes", "research-notes", "isbn"})


def resolve_type(fields: Fields, context: Context) -> tuple[str, str | None]:
    """The EndNote type name of a record (by name, then number) and, when the name was
    not understood, the text to keep."""
    given = (fields.ref_type or "").strip()
    if given:
        for name in (given, T.REF_TYPE_ALIASES.get(given, "")):
            if name in T.REF_TYPES:
                return name, None
        folded = {n.casefold(): n for n in (*T.REF_TYPES, *T.REF_TYPE_ALIASES)}.get(given.casefold())
        if folded is not None:
            return T.REF_TYPE_ALIASES.get(folded, folded), None
    number = (fields.ref_number or "").strip()
    if number.isdigit() and int(number) in T.REF_TYPE_BY_NUMBER:
        return T.REF_TYPE_BY_NUMBER[int(number)], (given or None)
    if given or number:
        context.warning(
            f"unknown reference type {given or number!r}: read as {T.DEFAULT_TYPE}, kept in extra",
            code="RB972",
            line=fields.line,
        )
        return T.DEFAULT_TYPE, given or number
    return T.DEFAULT_TYPE, None


def to_record(fields: Fields, context: Context) -> Record:
    """Map one EndNote record's fields to a Record."""
    kw: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    name, unknown = resolve_type(fields, context)
    kw["type"] = T.REF_TYPES[name][1]
    if unknown is not None or T.WRITE_TYPE.get(kw["type"]) != name:
        extra[REF_TYPE_KEY] = unknown if unknown is not None else name
    _names(fields, name, kw, extra)
    _titles(fields, name, kw, extra)
    _numbers(fields, name, kw, extra)
    _dates(fields, kw, extra, context)
    _identifiers(fields, name, kw, extra, context)
    _texts(fields, kw, extra)
    keywords = fields.pop("keywords")
    if keywords:
        kw["keywords"] = read_keywords(keywords, pubmed=kw.get("pmid") is not None)
        if [keyword_text(k) for k in kw["keywords"]] != keywords:
            extra[KEYWORDS_KEY] = keywords  # PubMed's ``Term/*qualifier`` notation, written back as read
    for field, values in fields.values.items():
        extra[PREFIX + field] = values[0] if len(values) == 1 else values
    if fields.markup:
        extra[MARKUP_KEY] = dict(fields.markup)
    if extra:
        kw["extra"] = extra
    return Record(**kw, source=SourceLocation(context.filename, fields.line))


def _names(fields: Fields, ref_type: str, kw: dict[str, Any], extra: dict[str, Any]) -> None:
    roles = T.roles_for(ref_type)
    contributors: dict[str, list[Person]] = {}
    for field in T.NAME_FIELDS:
        people = [parse_name(text) for text in fields.pop(field) if text.strip(" ,")]
        role = roles[field]
        slot = _ROLE_SLOTS.get(role)
        if slot is not None:
            kw.setdefault(slot, []).extend(people)
        elif people:
            contributors.setdefault(role, []).extend(people)
    if contributors:
        kw["contributors"] = contributors


def _titles(fields: Fields, ref_type: str, kw: dict[str, Any], extra: dict[str, Any]) -> None:
    kw["title"] = _one(fields, "title", extra)
    kw["title_short"] = _one(fields, "short-title", extra)
    kw["original_title"] = _one(fields, "translated-title", extra)
    secondary = _one(fields, "secondary-title", extra)
    tertiary = _one(fields, "tertiary-title", extra)
    if ref_type in T.SERIES_IN_SECONDARY:
        kw["collection_title"] = secondary
        if tertiary:
            extra[PREFIX + "tertiary-title"] = tertiary
    else:
        kw["container_title"] = secondary
        kw["collection_title"] = tertiary
    if ref_type in T.CONFERENCE_TYPES:
        # A conference's Secondary Title is its Conference Name, Custom 3 its Proceedings
        # Title (as Zotero reads them); the writer repeats the proceedings title as the
        # name when there is none.
        proceedings = _one(fields, "custom3", extra)
        kw["container_title"] = proceedings
        kw["event_title"] = secondary if secondary != proceedings else None
    full = _one(fields, "full-title", extra)
    if full and not kw.get("container_title"):
        kw["container_title"] = full
    elif full and full != kw.get("container_title"):
        extra[PREFIX + "full-title"] = full
    kw["container_title_short"] = _one(fields, "abbr-1", extra)
    alt = _one(fields, "alt-title", extra)
    if alt and ref_type in T.JOURNAL_TYPES and not kw["container_title_short"]:
        kw["container_title_short"] = alt  # EndNote labels it Alternate Journal
    elif alt and alt != kw["container_title_short"]:
        extra[PREFIX + "alt-title"] = alt


def _numbers(fields: Fields, ref_type: str, kw: dict[str, Any], extra: dict[str, Any]) -> None:
    kw["pages"] = _one(fields, "pages", extra)
    kw["volume"] = _one(fields, "volume", extra)
    number = _one(fields, "number", extra)
    issue = _one(fields, "issue", extra)
    if ref_type in T.ISSUE_IN_NUMBER or (ref_type not in T.SERIES_NUMBER_IN_NUMBER and issue is None):
        slot = "issue" if ref_type in T.ISSUE_IN_NUMBER else "number"
        kw[slot] = number
    elif ref_type in T.SERIES_NUMBER_IN_NUMBER:
        kw["collection_number"] = number
    else:
        kw["number"] = number
    if issue is not None:
        if kw.get("issue") is None:
            kw["issue"] = issue
        else:
            extra[PREFIX + "issue"] = issue
    kw["number_of_volumes"] = _one(fields, "num-vols", extra)
    kw["edition"] = _one(fields, "edition", extra)
    kw["section"] = _one(fields, "section", extra)
    kw["genre"] = _one(fields, "work-type", extra)
    kw["publisher"] = _one(fields, "publisher", extra)
    if ref_type in T.CONFERENCE_TYPES:
        kw["event_place"] = _one(fields, "pub-location", extra)
        kw["place"] = _one(fields, "custom1", extra)
    else:
        kw["place"] = _one(fields, "pub-location", extra)
    kw["language"] = _one(fields, "language", extra)
    kw["call_number"] = _one(fields, "call-num", extra)


def _dates(fields: Fields, kw: dict[str, Any], extra: dict[str, Any], context: Context) -> None:
    year_text = _one(fields, "year", extra)
    date_text = _one(fields, "date", extra)
    year = int(year_text) if year_text and year_text.isdigit() and len(year_text) <= 4 else None
    if year_text and year is None and date_text is None:
        whole = read_date(year_text, None)  # a tagged %D holding a whole date
        if whole.understood and whole.issued is not None and whole.issued.year is not None:
            year, date_text, year_text = whole.issued.year, year_text, None
    if year_text and year is None:
        extra[PREFIX + "year"] = year_text
        context.warning(f"year {year_text!r} not understood; kept in extra", code="RB974", line=fields.line)
    read = read_date(date_text, year)
    # The text as written (``Mar 17``, ``December 4-9, 2017``) is written back while the
    # date is unchanged; text that is no date is the date's literal instead.
    written = format_range(read.issued, read.issued_end) if read.issued is not None else ""
    if date_text and read.understood and date_text != written:
        extra[DATE_KEY] = date_text
    kw["issued"] = read.issued
    kw["issued_end"] = read.issued_end
    accessed = _one(fields, "access-date", extra)
    if accessed:
        parsed = parse_date(accessed, None)
        if parsed is not None and parsed.year is not None:
            kw["accessed"] = parsed
        else:
            extra[PREFIX + "access-date"] = accessed


def _identifiers(
    fields: Fields, ref_type: str, kw: dict[str, Any], extra: dict[str, Any], context: Context
) -> None:
    isbn = _one(fields, "isbn", extra)
    if isbn:
        split = split_isbn_issn(isbn)
        if split is None and ref_type in T.REPORT_NUMBER_IN_ISBN and kw.get("number") is None:
            kw["number"] = isbn  # EndNote's Report Number
        elif split is None:
            extra[ISBN_KEY] = isbn
        else:
            issns, isbns = split
            kw["issn"] = list(dict.fromkeys(issns))
            if isbns:
                kw["isbn"] = isbns[0]
            orders = ("; ".join([*isbns, *kw["issn"]]), "; ".join([*kw["issn"], *isbns]))
            if isbn.strip() not in orders or len(isbns) > 1:
                extra[ISBN_KEY] = isbn  # written back as it was while the values are unchanged
    doi_text = _one(fields, "electronic-resource-num", extra)
    if doi_text:
        doi = clean_doi(doi_text)
        if doi is None:
            extra[PREFIX + "electronic-resource-num"] = doi_text
        else:
            kw["doi"] = doi
    _database(fields, kw, extra)
    if ref_type in T.JOURNAL_TYPES:
        pmcid = fields.first("custom2")
        if pmcid and _PMCID.match(pmcid.strip()):
            kw["pmcid"] = pmcid.strip().upper()
            fields.pop("custom2")
    article_number = fields.first("custom7")
    if article_number and ref_type in T.ARTICLE_NUMBER_TYPES:
        kw["elocation"] = article_number.strip()
        fields.pop("custom7")
        if kw.get("pages") == kw["elocation"]:
            kw["pages"] = None  # written as Pages too, for readers without Custom 7
    urls = fields.pop("url") + fields.pop("web-urls")
    if urls:
        kw["url"] = urls[0]
        if len(urls) > 1:
            extra[PREFIX + "url"] = urls[1:]
    label = _one(fields, "label", extra)
    if label:
        kw["key"] = label


def _database(fields: Fields, kw: dict[str, Any], extra: dict[str, Any]) -> None:
    """Accession Number, Name of Database and Database Provider: a PubMed database's
    accession number is the PMID; otherwise, as EndNote's RIS has them (``AN``, ``DB``) and
    refbridge's RIS reader reads them, the archive location and the archive. The Name of
    Database that only marks a PMID (``PubMed``, with ``NLM`` or no provider: what the writer
    adds to a PMID) is no archive; any other provider is kept in extra."""
    accession = _one(fields, "accession-num", extra)
    name = _one(fields, "remote-database-name", extra)
    provider = fields.first("remote-database-provider")
    database = " ".join(text for text in (name, provider) if text)
    if accession and accession.isdigit() and T.is_pubmed_database(database):
        kw["pmid"] = accession
        providers = fields.values.get("remote-database-provider", [T.PUBMED_PROVIDER])
        if name == T.PUBMED_NAME and providers == [T.PUBMED_PROVIDER]:
            name = None
            fields.pop("remote-database-provider")
    elif accession:
        kw["archive_location"] = accession
    kw["archive"] = name


def _texts(fields: Fields, kw: dict[str, Any], extra: dict[str, Any]) -> None:
    abstract = _one(fields, "abstract", extra)
    if abstract:
        kw["abstract"] = abstract
        sections = split_sections(abstract)
        if sections:
            kw["abstract_sections"] = sections
    notes = fields.pop("notes")
    research = fields.pop("research-notes")
    if research:
        extra[RESEARCH_NOTES_KEY] = research[0] if len(research) == 1 else research
    if notes or research:
        kw["notes"] = notes + research


def keyword_text(keyword: Keyword) -> str:
    """A keyword as EndNote's Keywords field holds it: MeSH in heading notation."""
    if keyword.qualifier is None and not keyword.major:
        return keyword.term
    return format_heading(keyword, "suffix")


def read_keywords(texts: list[str], *, pubmed: bool) -> list[Keyword]:
    """Keywords, one a value; MeSH headings (``Neoplasms/*epidemiology``) parsed: those whose
    qualifiers are MeSH qualifiers, and in a PubMed record every ``Term/qualifier``. A plain
    term (``Humans``) has no vocabulary: EndNote's Keywords field does not say."""
    result: list[Keyword] = []
    for text in texts:
        for raw in text.splitlines():
            line = raw.strip()
            if not line:
                continue
            if looks_like_mesh_heading(line) or (pubmed and "/" in line):
                # A star alone (Embase's and PsycINFO's ``*athlete``) marks a major term; it
                # is MeSH only with a qualifier, as the RIS and BibTeX readers read it (a
                # PsycINFO record may carry a PMID too).
                mesh = "/" in line
                result.extend(parse_heading(line, MESH if mesh else None))
            else:
                result.append(Keyword(line))
    return result


def _one(fields: Fields, name: str, extra: dict[str, Any]) -> str | None:
    """The field's value; a second, different one goes to extra."""
    values = fields.pop(name)
    if not values:
        return None
    rest = [v for v in values[1:] if v != values[0]]
    if rest:
        extra[PREFIX + name] = rest[0] if len(rest) == 1 else rest
    return values[0]
