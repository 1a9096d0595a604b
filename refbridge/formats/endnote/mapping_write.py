"""A ``Record`` → EndNote's generic fields (shared by the XML and the tagged writer).

The inverse of ``mapping_read``: each slot goes to the field EndNote uses for it in
the record's reference type, and ``extra["endnote:<field>"]`` values come back to
their fields. What EndNote has no field for is reported once per run and output.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from refbridge.context import Context
from refbridge.diagnostics import Severity
from refbridge.model import Record

from . import types as T
from .dates import format_range, read_date
from .fields import PREFIX, Fields, format_name, split_isbn_issn
from .mapping_read import (
    DATE_KEY,
    ISBN_KEY,
    KEYWORDS_KEY,
    MARKUP_KEY,
    REF_TYPE_KEY,
    RESEARCH_NOTES_KEY,
    keyword_text,
    read_keywords,
)
from .styled import plain_of_markup

#: extra keys the mapping itself places (not written back as fields of their own).
_PLACED = frozenset({REF_TYPE_KEY, MARKUP_KEY, RESEARCH_NOTES_KEY, ISBN_KEY, DATE_KEY, KEYWORDS_KEY})


@dataclass
class WriteState:
    """What a writer remembers across the records of one output (to report once)."""

    reported: set[str] = field(default_factory=set)
    #: The tagged writer's flavour; the zotero flavour reports what it leaves out itself.
    flavour: str = "endnote"

    def once(
        self,
        context: Context,
        key: str,
        message: str,
        record: Record,
        *,
        severity: Severity = "info",
        code: str = "RB980",
    ) -> None:
        """Report a diagnostic (by default an RB980 info) the first time ``key`` is met."""
        if key not in self.reported:
            self.reported.add(key)
            context.report(severity, message, code=code, record=record)


def type_name(record: Record) -> str:
    """The EndNote type written for a record: the one it was read from, else by CSL type."""
    given = record.extra.get(REF_TYPE_KEY)
    if isinstance(given, str) and given in T.REF_TYPES and T.REF_TYPES[given][1] == record.type:
        return given
    if isinstance(given, str) and given not in T.REF_TYPES and record.type == T.REF_TYPES[T.DEFAULT_TYPE][1]:
        return given  # a type name this EndNote does not know (a renamed type), read as the default
    return T.WRITE_TYPE.get(record.type, "Generic")


def to_fields(record: Record, context: Context, state: WriteState) -> Fields:
    """The EndNote fields of a record (values as plain text, markup where kept)."""
    name = type_name(record)
    number = T.REF_TYPES.get(name, T.REF_TYPES[T.DEFAULT_TYPE])[0]
    out = Fields(ref_type=name, ref_number=str(number))
    _names(record, name, out, context, state)
    _titles(record, name, out)
    _numbers(record, name, out)
    _dates(record, out)
    _identifiers(record, name, out, context, state)
    if record.abstract:
        out.add("abstract", record.abstract)
    research = record.extra.get(RESEARCH_NOTES_KEY)
    research_notes = [research] if isinstance(research, str) else list(research or [])
    notes = list(record.notes)
    for text in research_notes:
        if text in notes:
            notes.remove(text)
            out.add("research-notes", text)
    if notes:
        out.add("notes", "\n\n".join(notes))
    given = record.extra.get(KEYWORDS_KEY)
    if isinstance(given, list) and read_keywords(given, pubmed=record.pmid is not None) == record.keywords:
        for text in given:
            out.add("keywords", text)
    else:
        for keyword in record.keywords:
            out.add("keywords", keyword_text(keyword))
    _extra(record, out, context, state)
    markup = record.extra.get(MARKUP_KEY)
    if isinstance(markup, dict):
        for key, text in markup.items():
            if isinstance(text, str) and out.first(key) == plain_of_markup(text):
                out.markup[key] = text  # the styled runs, unless a transform changed the text
    return out


def _names(record: Record, ref_type: str, out: Fields, context: Context, state: WriteState) -> None:
    roles = T.roles_for(ref_type)
    people = {"author": record.authors, "editor": record.editors, **record.contributors}
    placed: set[str] = set()
    for field_name in T.NAME_FIELDS:
        role = roles[field_name]
        if role in placed:
            continue
        placed.add(role)
        for person in people.get(role, []):
            if person.is_etal:
                state.once(context, "etal", "EndNote has no et-al. marker; 'and others' not written", record)
                continue
            out.add(field_name, format_name(person))
    for role, names in people.items():
        if names and role not in placed:
            state.once(
                context,
                f"role:{role}",
                f"{ref_type} has no EndNote field for the role {role!r}; not written",
                record,
            )
    addresses = record.extra.get(PREFIX + "auth-address")
    if addresses is None:
        seen: list[str] = []
        for person in record.authors:
            seen.extend(a for a in person.affiliations if a not in seen)
        for address in seen:
            out.add("auth-address", address)


def _titles(record: Record, ref_type: str, out: Fields) -> None:
    out.add("title", record.title or "")
    if ref_type in T.SERIES_IN_SECONDARY:
        out.add("secondary-title", record.collection_title or "")
        if record.container_title:
            out.add("full-title", record.container_title)
    elif ref_type in T.CONFERENCE_TYPES:
        # Conference Name, and the Proceedings Title in Custom 3 (Zotero's proceedingsTitle);
        # without a conference name the proceedings title is printed as EndNote prints it.
        out.add("secondary-title", record.event_title or record.container_title or "")
        out.add("tertiary-title", record.collection_title or "")
        out.add("custom3", record.container_title or "")
    else:
        out.add("secondary-title", record.container_title or "")
        out.add("tertiary-title", record.collection_title or "")
        full_given = isinstance(record.extra.get(PREFIX + "full-title"), str)
        if record.container_title and ref_type in T.JOURNAL_TYPES and not full_given:
            out.add("full-title", record.container_title)  # EndNote's journal term list
    if record.container_title_short:
        out.add("abbr-1" if ref_type in T.JOURNAL_TYPES else "alt-title", record.container_title_short)
    out.add("short-title", record.title_short or "")
    out.add("translated-title", record.original_title or "")


def _numbers(record: Record, ref_type: str, out: Fields) -> None:
    elocation = record.elocation if ref_type in T.ARTICLE_NUMBER_TYPES else None
    out.add("pages", record.pages or elocation or "")
    out.add("volume", record.volume or "")
    if ref_type in T.ISSUE_IN_NUMBER:
        out.add("number", record.issue or "")
        if record.number:
            out.add("report-id", record.number)
    elif ref_type in T.SERIES_NUMBER_IN_NUMBER:
        out.add("number", record.collection_number or "")
        if record.issue:
            out.add("issue", record.issue)
        if record.number:
            out.add("report-id", record.number)
    else:
        if ref_type not in T.REPORT_NUMBER_IN_ISBN or record.isbn or record.issn or ISBN_KEY in record.extra:
            out.add("number", record.number or "")  # else the Report Number goes to ``isbn``
        if record.issue:
            out.add("issue", record.issue)
    out.add("num-vols", record.number_of_volumes or "")
    out.add("edition", record.edition or "")
    out.add("section", record.section or "")
    out.add("work-type", record.genre or "")
    if ref_type in T.CONFERENCE_TYPES:
        out.add("pub-location", record.event_place or "")  # labelled Conference Location
        out.add("custom1", record.place or "")
    else:
        out.add("pub-location", record.place or "")
    out.add("publisher", record.publisher or "")
    out.add("language", record.language or "")
    out.add("call-num", record.call_number or "")


def _dates(record: Record, out: Fields) -> None:
    issued = record.issued
    if issued is not None and issued.year is not None:
        out.add("year", f"{issued.year:04d}")
    given = record.extra.get(DATE_KEY)
    year = issued.year if issued is not None else None
    if isinstance(given, str) and read_date(given, year) == (issued, record.issued_end):
        out.add("date", given)  # as read, while the record's date is unchanged
    elif issued is not None:
        out.add("date", format_range(issued, record.issued_end))
    if record.accessed is not None:
        out.add("access-date", record.accessed.iso())


def _identifiers(record: Record, ref_type: str, out: Fields, context: Context, state: WriteState) -> None:
    given = record.extra.get(ISBN_KEY)
    isbn = [record.isbn] if record.isbn else []
    values = [*record.issn, *isbn] if ref_type in T.JOURNAL_TYPES else [*isbn, *record.issn]
    if isinstance(given, str):
        split = split_isbn_issn(given)
        if split is None:
            out.add("isbn", given)
        elif list(dict.fromkeys(split[0])) == record.issn and split[1][:1] == isbn:
            out.add("isbn", given)  # as it was read (annotations, line breaks)
            values = []
    if values:
        out.add("isbn", "; ".join(values))
    elif ref_type in T.REPORT_NUMBER_IN_ISBN and record.number and not out.values.get("isbn"):
        out.add("isbn", record.number)
    _database(record, out, context, state)
    if record.key:
        out.add("label", record.key)
    if record.url:
        out.add("url", record.url)
    if ref_type in T.JOURNAL_TYPES and record.pmcid:
        out.add("custom2", record.pmcid)
    if ref_type in T.ARTICLE_NUMBER_TYPES and record.elocation:
        out.add("custom7", record.elocation)
    if record.doi:
        out.add("electronic-resource-num", record.doi)


def _database(record: Record, out: Fields, context: Context, state: WriteState) -> None:
    """Accession Number and Name of Database: the PMID with a PubMed database's name (the
    archive's, when it is one), else the archive location and the archive. EndNote has one
    of each, so a PMID leaves no room for another database's name or accession number."""
    archive, location = record.archive, record.archive_location
    if record.pmid:
        out.add("accession-num", record.pmid)
        given = PREFIX + "remote-database-name" in record.extra
        if archive is not None and T.is_pubmed_database(archive):
            out.add("remote-database-name", archive)
        elif not given:
            out.add("remote-database-name", T.PUBMED_NAME)  # says that the Accession Number is a PMID
            if PREFIX + "remote-database-provider" not in record.extra:
                out.add("remote-database-provider", T.PUBMED_PROVIDER)
        for name, value in (("archive", archive), ("archive-location", location)):
            unwritten = value is not None and value not in (record.pmid, out.first("remote-database-name"))
            if unwritten and state.flavour != "zotero":  # the zotero flavour's table has no place
                message = f"{name} not written: EndNote's Accession Number holds the PMID ({value!r})"
                state.once(context, f"pmid-{name}", message, record, severity="warning")
        return
    out.add("accession-num", location or "")
    out.add("remote-database-name", archive or "")


def _extra(record: Record, out: Fields, context: Context, state: WriteState) -> None:
    for key, value in record.extra.items():
        if key in _PLACED:
            continue
        if not key.startswith(PREFIX):
            message = f"extra field {key!r} has no EndNote field; not written"
            state.once(context, key, message, record, severity="warning")
            continue
        name = key[len(PREFIX) :]
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                out.add(name, item)
