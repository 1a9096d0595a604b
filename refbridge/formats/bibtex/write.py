"""Writing records as BibTeX or BibLaTeX, one entry at a time.

Our own emitter (pybtex's writer encodes character by character and is about 40×
slower). Output is deterministic: one field per line, in a fixed order, names
padded to one width, every value braced except month macros, a trailing comma,
one blank line between entries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from refbridge.abstracts import join_sections
from refbridge.context import Context
from refbridge.formats.bibtex import fields as F
from refbridge.formats.bibtex.keys import KeyMaker, clean_key
from refbridge.formats.bibtex.latex_write import SHORT_VALUE, _balanced, short_to_latex, text_to_latex
from refbridge.formats.bibtex.names import format_name
from refbridge.formats.bibtex.tables import (
    BIBLATEX,
    MONTH_MACRO_NAMES,
    READ_TYPES,
    SUBTYPE_FOR,
    TEXT_AFTER,
    TEXT_BEFORE,
    TYPE_TERMS,
    VALID_TYPES,
    VOCABULARY_FIELD,
    canonical_type,
    container_field,
    csl_type,
    publisher_fields,
)
from refbridge.formats.bibtex.write_keywords import keyword_text, suffix_stars, vocabulary_carrier
from refbridge.identifiers import bare_doi
from refbridge.model import Record

_FIELD_NAME = re.compile(r"[a-z][a-z0-9_:.+/-]*")
_NAME_WIDTH = 12
_PAGE_DASHES = str.maketrans({"-": "\x00", "\u2013": "\x01", "\u2014": "\x02"})
#: "  name         = " for the fields the writer itself names (extra fields are formatted as met).
# fmt: off
_FIELD_PREFIXES = {
    name: f"  {name:<{_NAME_WIDTH}} = "
    for name in (
        "author", "editor", "title", "journal", "journaltitle", "booktitle", "shortjournal", "year",
        "month", "day", "date", "volume", "number", "pages", "eid", "publisher", "institution",
        "school", "organization", "address", "location", "venue", "doi", "issn", "isbn", "eprint",
        "eprinttype", "pmid", "pmcid", "url", "language", "abstract", "keywords", "note",
        "entrysubtype", VOCABULARY_FIELD,
    )
}
# fmt: on


@dataclass(frozen=True, slots=True)
class Piece:
    """One entry as rendered (``EntryWriter.piece``): the text before and after its cite
    key, the key to make unique, whether the record had one, and where it came from."""

    head: str
    tail: str
    base: str
    given: bool
    file: str | None
    line: int | None
    key: str | None


class EntryWriter:
    """Formats records as entries of one dialect with the run's options."""

    def __init__(self, dialect: str, context: Context) -> None:
        self.dialect = dialect
        self.context = context
        # ascii's default differs by dialect: each Format declares its own (bibtex on, biblatex off).
        self.ascii_only: bool = context.option("ascii")
        self.protect: bool = context.option("protect_capitals")
        self.keys = KeyMaker(context.option("key_pattern"))

    def text(self, value: str, protect: bool = False) -> str:
        """A text value encoded for this dialect."""
        if len(value) <= SHORT_VALUE:  # text_to_latex's cached path, called directly
            return short_to_latex(value, self.ascii_only, protect and self.protect)
        return text_to_latex(value, ascii_only=self.ascii_only, protect=protect and self.protect)

    def entry(self, record: Record) -> str:
        """The complete entry text for one record (with the file text kept around it)."""
        return self.join(self.piece(record))

    def piece(self, record: Record) -> Piece:
        """The entry of one record with its cite key still to be made unique: all but
        that can be done in a worker process (``--jobs``)."""
        entry_type, subtype = self.entry_type(record)
        base = self.base_key(record)
        fields = self.fields(record, subtype)
        before, after = record.extra.get(TEXT_BEFORE), record.extra.get(TEXT_AFTER)
        lines = [",\n"]
        for name, value in fields:
            prefix = _FIELD_PREFIXES.get(name)
            if prefix is None:
                prefix = f"  {name:<{_NAME_WIDTH}} = "
            lines.append(prefix + value + ",\n")
        lines.append("}\n")
        if isinstance(after, str) and after:
            lines.append(f"\n{after}\n")
        head = f"{before}\n\n@{entry_type}{{" if isinstance(before, str) and before else f"@{entry_type}{{"
        source = record.source
        return Piece(
            head,
            "".join(lines),
            base,
            bool(record.key),
            source.file if source is not None else None,
            source.line if source is not None else None,
            record.key,
        )

    def join(self, piece: Piece) -> str:
        """The entry text, with the cite key made unique in this output."""
        key = self.keys.unique(piece.base)
        where = {"file": piece.file, "line": piece.line, "key": piece.key}
        if not piece.given:
            self.context.info(f"no cite key; generated {key!r}", code="RB223", **where)
        elif key != piece.base:
            self.context.warning(
                f"cite key {piece.base!r} already written; this entry is written as {key!r}",
                code="RB221",
                **where,
            )
        return piece.head + key + piece.tail

    def entry_type(self, record: Record) -> tuple[str, str | None]:
        """The entry type, and the entrysubtype needed to read the CSL type back."""
        csl = record.type
        has_url = record.url is not None
        original = record.extra.get("entrytype")
        if (
            isinstance(original, str)
            and original in VALID_TYPES[self.dialect]
            and (READ_TYPES.get(original) == csl or original == "misc")
        ):
            entry_type = original
        else:
            entry_type = canonical_type(csl, self.dialect)
        if csl_type(entry_type, None, has_url) == csl:
            return entry_type, None
        return entry_type, SUBTYPE_FOR.get(csl, csl)

    def base_key(self, record: Record) -> str:
        """The record's cite key, cleaned, or a generated one (not yet made unique)."""
        if record.key:
            cleaned = clean_key(record.key)
            if cleaned != record.key:
                self.context.warning(
                    f"cite key {record.key!r} has characters BibTeX cannot hold; written as {cleaned!r}",
                    code="RB222",
                    record=record,
                )
            return cleaned
        return self.keys.generate(record)

    def fields(self, record: Record, subtype: str | None) -> list[tuple[str, str]]:
        """(name, value as written) for every field of the record, in the fixed order."""
        out: list[tuple[str, str]] = []
        bibtex = self.dialect != BIBLATEX

        def add(name: str, value: str | None, protect: bool = False) -> None:
            if value:
                out.append((name, "{" + self.text(value, protect) + "}"))

        csl = record.type
        add_names = self.names
        if record.authors:
            out.append(("author", add_names(record, record.authors)))
        if record.editors:
            out.append(("editor", add_names(record, record.editors)))
        add("title", record.title, protect=True)
        container = container_field(csl, self.dialect)
        add(container, record.container_title, protect=container == "booktitle")
        add("shortjournal", record.container_title_short)
        out.extend(self.date(record, bibtex))
        add("volume", record.volume)
        # ``number`` is a report's, patent's or book's own number there (fields.py): the
        # issue then goes to biblatex's ``issue``, which Zotero also reads as Issue.
        add("issue" if F.number_taken(record) else "number", record.issue)
        if record.pages:
            out.append(("pages", "{" + self.pages(record.pages) + "}"))
        elif record.elocation and bibtex:
            # Zotero's BibTeX import ignores eid and reads the article number from pages
            # (BibTeX styles print pages, not eid). biblatex prints both: eid alone there.
            out.append(("pages", "{" + self.pages(record.elocation) + "}"))
        add("eid", record.elocation)
        add(publisher_fields(csl)[0 if bibtex else -1], record.publisher)
        add("address" if bibtex else "location", record.place)
        # biblatex's event place is venue; BibTeX exports (ACM, JabRef) put it in location
        # beside the publisher's address, and Zotero's import reads that as event-place.
        add("location" if bibtex and record.place and record.type == "paper-conference" else "venue",
            record.event_place)  # fmt: skip
        # The bare DOI: a URL form (``https://doi.org/…``) is not what a doi field holds.
        self.verbatim(out, record, "doi", bare_doi(record.doi) if record.doi else None)
        add("issn", ", ".join(record.issn))
        add("isbn", record.isbn)
        if record.pmid and "eprint" not in record.extra:
            self.verbatim(out, record, "eprint", record.pmid)
            out.append(("eprinttype", "{pubmed}"))
        else:
            add("pmid", record.pmid)
        add("pmcid", record.pmcid)
        self.verbatim(out, record, "url", record.url)
        add("language", record.language)
        add("abstract", record.abstract or join_sections(record.abstract_sections))
        out.extend(self.keywords(record))
        add("note", "\n".join(record.notes))

        def add_people(name: str, people: list[Any]) -> None:
            if people:
                out.append((name, add_names(record, people)))

        F.write_fields(record, not bibtex, add, add_people)
        if subtype:
            out.append(("entrysubtype", "{" + subtype + "}"))
        out.extend(self.extra(record, {name for name, _ in out}))
        return out

    def pages(self, pages: str) -> str:
        """Pages with each hyphen doubled (``2984--2992``; the reader halves them) and
        dashes written as commands, so that no ``--`` ligature is left to misread."""
        encoded = self.text(pages.translate(_PAGE_DASHES))
        return (
            encoded.replace("\x00", "--").replace("\x01", "\\textendash{}").replace("\x02", "\\textemdash{}")
        )

    def names(self, record: Record, people: Iterable[Any]) -> str:
        """A name list (``A and B``), warning about names that cannot read back the same."""
        written = []
        for person in people:
            text, exact = format_name(person, self.ascii_only)
            if not exact:
                self.context.warning(
                    f"name {person.display()!r} cannot be written so that BibTeX reads back the same parts",
                    code="RB226",
                    record=record,
                )
            written.append(text)
        return "{" + " and ".join(written) + "}"

    def date(self, record: Record, bibtex: bool) -> list[tuple[str, str]]:
        """``year``/``month`` macro/``day`` for BibTeX; ISO ``date`` for BibLaTeX."""
        issued, end = record.issued, record.issued_end
        if issued is None:
            return []
        span = f"{issued.iso()}/{end.iso()}" if end is not None and end.year is not None else None
        if not bibtex and issued.year is not None:
            return [("date", "{" + (span or issued.iso()) + "}")]
        out = []
        if issued.year is not None:
            out.append(("year", f"{{{issued.year}}}"))
        if issued.month is not None:
            out.append(("month", MONTH_MACRO_NAMES[issued.month - 1] if bibtex else f"{{{issued.month}}}"))
            if issued.day is not None:
                out.append(("day", f"{{{issued.day}}}"))
        if span:
            # BibTeX styles print year (the start); the range is also written as biblatex's
            # date, which Zotero's BibTeX import and refbridge's reader take whole.
            out.append(("date", "{" + span + "}"))
        return out

    def verbatim(self, out: list[tuple[str, str]], record: Record, name: str, value: str | None) -> None:
        """A field written as it is (URL, DOI); braces are only percent-encoded when unbalanced."""
        if not value:
            return
        if not _balanced(value):
            value = value.replace("{", "%7B").replace("}", "%7D")
            self.context.warning(
                f"{name} has unbalanced braces; written percent-encoded", code="RB228", record=record
            )
        out.append((name, "{" + value + "}"))

    def keywords(self, record: Record) -> list[tuple[str, str]]:
        """``keywords`` (comma-separated, braced when a keyword holds a comma or
        semicolon) and, when needed, the vocabulary carrier in ``usera``."""
        if not record.keywords:
            return []
        parts: list[str] = []
        split_risk: list[str] = []
        suffix = suffix_stars(record.keywords)
        for keyword in record.keywords:
            written = keyword_text(keyword, suffix)
            encoded = self.text(written)
            if "," in written or ";" in written:
                split_risk.append(written)
                encoded = "{" + encoded + "}"
            parts.append(encoded)
        if split_risk:
            self.context.info(
                f"keywords with a comma or semicolon are braced; Zotero's BibTeX import still splits them: "
                f"{'; '.join(split_risk)[:80]!r}",
                code="RB220",
                record=record,
            )
        out = [("keywords", "{" + ", ".join(parts) + "}")]
        carrier = vocabulary_carrier(record.keywords)
        if carrier is not None and VOCABULARY_FIELD in record.extra:
            # The field is the user's own: it is written as it was, never overwritten.
            self.context.info(
                f"keyword vocabularies not written: the entry's own {VOCABULARY_FIELD} field is kept",
                code="RB229",
                record=record,
            )
        elif carrier is not None:
            out.append((VOCABULARY_FIELD, "{" + self.text(carrier) + "}"))
        return out

    def extra(self, record: Record, taken: set[str]) -> list[tuple[str, str]]:
        """``extra`` fields written back unchanged (they hold BibTeX source text)."""
        out: list[tuple[str, str]] = []
        for raw_name, value in record.extra.items():
            if raw_name in ("entrytype", TEXT_BEFORE, TEXT_AFTER):
                continue
            name = raw_name.lower()
            if not _FIELD_NAME.fullmatch(name):
                name = re.sub(r"[^a-z0-9_:.+/-]+", "-", name).strip("-") or "extra"
            if name == "location" and name in taken and "venue" not in taken:
                # A BibTeX entry with both address and location: biblatex writes the
                # address as location, and the other place is the event's, biblatex's venue.
                name = "venue"
            if name in taken:
                self.context.warning(
                    f"extra field {raw_name!r} clashes with a field written from the record; not written",
                    code="RB224",
                    record=record,
                )
                continue
            text = "; ".join(str(v) for v in value) if isinstance(value, list) else str(value)
            if name == "type" and self.dialect != BIBLATEX and text.strip().lower() in TYPE_TERMS:
                # A biblatex key (``candthesis``): BibTeX styles print ``type`` as it is.
                text = TYPE_TERMS[text.strip().lower()]
            if not _balanced(text):
                self.context.warning(
                    f"extra field {raw_name!r} has unbalanced braces; written with the braces escaped",
                    code="RB225",
                    record=record,
                )
                text = self.text(text)
            taken.add(name)
            out.append((name, "{" + text + "}"))
        return out


def render_bib(records: list[Record], context: Context, dialect: str) -> list[Piece]:
    """The entries of ``records`` with their cite keys still to be made unique (run in
    worker processes; ``write_bib_pieces`` finishes them in the main process)."""
    writer = EntryWriter(dialect, context)
    return [writer.piece(record) for record in records]


def write_bib_pieces(pieces: Iterable[Piece], stream: IO[str], context: Context, dialect: str) -> None:
    """Write rendered entries (``render_bib``), making their cite keys unique; the
    output is what ``write_bib`` writes for the same records."""
    writer = EntryWriter(dialect, context)
    separator = ""
    for piece in pieces:
        stream.write(separator + writer.join(piece))
        separator = "\n"


def write_bib(records: Iterable[Record], stream: IO[str], context: Context, dialect: str) -> None:
    """Write records to ``stream`` as entries of ``dialect``, one at a time."""
    writer = EntryWriter(dialect, context)
    separator = ""
    for record in records:
        stream.write(separator + writer.entry(record))  # one write per entry
        separator = "\n"
