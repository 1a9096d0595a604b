"""Reading .bib files (BibTeX and BibLaTeX field names alike) into records.

Entries come one at a time from ``bibtex_scan.read_items``; each is
mapped onto the model and yielded before the next is read. Only with the
``resolve_crossref`` option are all entries held, because BibTeX puts the
cross-referenced parent after its children.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from refbridge._keyset import HashTable
from refbridge.abstracts import split_sections
from refbridge.context import Context
from refbridge.errors import ParseError
from refbridge.formats.bibtex import fields as F
from refbridge.formats.bibtex.crossref import resolve_crossrefs
from refbridge.formats.bibtex.latex import latex_to_text
from refbridge.formats.bibtex.names import parse_name, split_names
from refbridge.formats.bibtex.read_dates import date_range, issued
from refbridge.formats.bibtex.read_keywords import read_keywords
from refbridge.formats.bibtex.scan import MONTH_MACROS, Entry, read_items
from refbridge.formats.bibtex.tables import (
    BIBLATEX,
    BIBTEX,
    READ_TYPES,
    TEXT_AFTER,
    TEXT_BEFORE,
    canonical_type,
    csl_type,
    entry_type_for_key,
    journal_fields,
    publisher_fields,
)
from refbridge.identifiers import doi_and_url
from refbridge.model import Person, Record, SourceLocation

_ISSN_SPLIT = re.compile(r"(?<!\s)(?:\s*[,;]\s*|\s+(?=\d{4}-?\d{3}[\dXx]))")
_LATEX_IN_PAGES = re.compile(r"[\\{}~$%`]")


def read_bib(stream: IO[str], context: Context) -> Iterator[Record]:
    """Yield the records of a .bib stream, reporting problems through ``context``.

    Raises ``ParseError`` (RB213) when the input holds text but no entry at all.
    """
    dialect = BIBLATEX if context.name == BIBLATEX else BIBTEX
    items: Iterable[Entry | str] = entries(stream, context)
    if context.option("resolve_crossref"):
        items = resolve_crossrefs(list(items), context)
    # Hashes, not the keys themselves, in a compact table: memory stays small on a million entries.
    seen = HashTable()
    text: list[str] = []
    previous: Record | None = None  # held back one entry, for the text after the last
    for item in items:
        if isinstance(item, str):
            text.append(item)
            continue
        if item.key is not None:
            check_duplicate(seen, item.key, item.line, context)
        record = to_record(item, dialect, context)
        if text:
            record.extra[TEXT_BEFORE] = "".join(text).strip()
            text = []
        if previous is not None:
            yield previous
        previous = record
    if previous is not None:
        if text:
            previous.extra[TEXT_AFTER] = "".join(text).strip()
        yield previous
        return
    # No entry at all. The other readers give up on input that holds none of their
    # records; so does this one, else a conversion would replace an output with nothing.
    # (Only the whole input is judged here: a chunk of one, ``--jobs``, holds no entry
    # legitimately; ``parallel`` asks this reader about an input none of whose chunks did.)
    # ``text`` holds every non-blank group of lines, ``@string``/``@preamble``/``@comment``
    # blocks included as written; an empty file is an empty bibliography, not an error.
    whole = "".join(text)
    if not whole.strip():
        return
    if re.search(r"^[ \t]*@[ \t]*(?:string|preamble|comment)\b", whole, re.IGNORECASE | re.MULTILINE):
        message = "holds only @string/@preamble/@comment definitions, no entry"
    else:
        message = "no BibTeX entry found (no @type{key, ...} block); not a .bib file"
    raise ParseError(message, file=context.filename, line=1, code="RB213")


def check_duplicate(seen: HashTable, key: str, line: int, context: Context) -> None:
    """Report a cite key already in ``seen`` (hashes of folded keys → first line); else note it."""
    first = seen.add(hash(key.lower()), line)
    if first is not None:
        context.warning(
            f"duplicate cite key {key!r} (first at line {first}); both entries kept",
            code="RB203",
            line=line,
            key=key,
        )


def entries(
    stream: IO[str], context: Context, macros: dict[str, str] | None = None, first_line: int = 1
) -> Iterator[Entry | str]:
    """The entries of the stream and the text between them; problems are reported here.

    ``macros`` are the ``@string`` macros defined before the stream starts (a chunk
    of a file); month macros are always defined.
    """
    defined: dict[str, str] = dict(MONTH_MACROS) if macros is None else dict(macros)
    for item in read_items(stream, defined, first_line):
        if isinstance(item, Entry):
            if not item.complete:
                last = item.first_line + item.text.rstrip().count("\n")
                context.error(
                    f"@{item.type} entry is not closed (unbalanced braces); read up to line {last}",
                    code="RB201",
                    line=item.line,
                    key=item.key,
                )
            _report(context, item.problems, item.key)
            yield item
            continue
        _report(context, item.problems)
        if item.kind == "text":
            yield item.text
        elif item.kind == "stray":
            context.warning(
                f"text between entries looks like a lost field or brace, ignored: {item.text[:60]!r}",
                code="RB205",
                line=item.line,
            )
        elif item.kind == "noheader" and (
            item.type.lower() in READ_TYPES or item.type.lower() in ("string", "preamble")
        ):
            context.warning(f"@{item.type} is not followed by {{ or (; ignored", code="RB200", line=item.line)


def _report(context: Context, problems: Iterable[Any], key: str | None = None) -> None:
    for problem in problems:
        context.report(problem.severity, problem.message, code=problem.code, line=problem.line, key=key)


def to_record(parsed: Entry, dialect: str, context: Context) -> Record:
    """Map one parsed entry onto a Record; unmapped fields go to ``extra``."""
    line = parsed.line
    fields: dict[str, str] = {}
    for name, value, position in parsed.fields:
        if name in fields:
            context.warning(
                f"field {name!r} given twice; the first value is kept, {value[:40]!r} dropped",
                code="RB204",
                line=parsed.line_of(position),
                key=parsed.key,
            )
            continue
        fields[name] = value
    entry_type = entry_type_for_key(parsed.type.lower(), fields)
    subtype = fields.get("entrysubtype")
    csl = csl_type(entry_type, subtype, "url" in fields)
    dropped: set[str] = set()
    kept: list[str] = []

    def text(name: str) -> str | None:
        value = fields.pop(name, None)
        if value is None:
            return None
        return latex_to_text(value, dropped.add, kept.append) or None

    def first_of(names: Iterable[str]) -> str | None:
        for name in names:
            if name in fields:
                return text(name)
        return None

    values: dict[str, Any] = {"type": csl, "key": parsed.key}
    if subtype is not None and csl_type(entry_type, None, "url" in fields) != csl:
        del fields["entrysubtype"]
    values["authors"] = _names(fields.pop("author", None), context, line, parsed.key)
    values["editors"] = _names(fields.pop("editor", None), context, line, parsed.key)
    values["title"] = text("title")
    # Series, edition, short title, subtitle, other roles... (fields.py's tables); before
    # ``number`` is read as the issue, since a report's or a book's number is not one.
    F.read_fields(fields, csl, values, text, lambda raw: _names(raw, context, line, parsed.key))
    biblatex = dialect == BIBLATEX
    full, short = journal_fields(fields, csl, biblatex)
    values["container_title"] = text(full) if full else None
    values["container_title_short"] = text(short) if short else None
    values["volume"] = text("volume")
    values["issue"] = first_of(("number", "issue"))
    values["pages"] = _pages(fields.pop("pages", None))
    values["elocation"] = text("eid")
    if values["pages"] is not None and values["pages"] == values["elocation"]:
        values["pages"] = None  # the writer's copy of the e-locator for Zotero (see write.py)
    span = date_range(fields)
    values["issued"], values["issued_end"] = span or (issued(fields, context, line, parsed.key), None)
    values["doi"], values["url"] = doi_and_url(fields.pop("doi", None), fields.pop("url", None))
    values["issn"] = [s for s in _ISSN_SPLIT.split(text("issn") or "") if s]
    values["isbn"] = text("isbn")
    values["pmid"] = text("pmid")
    if fields.get("eprinttype", "").lower() == "pubmed" and "eprint" in fields and values["pmid"] is None:
        values["pmid"] = fields.pop("eprint")
        del fields["eprinttype"]
    values["pmcid"] = text("pmcid")
    publisher = publisher_fields(csl)
    values["publisher"] = first_of(publisher[::-1] if biblatex else publisher)
    if not biblatex and csl == "paper-conference" and "address" in fields and "location" in fields:
        # ACM's and JabRef's BibTeX: address is the publisher's place, location the event's
        # (Zotero's BibTeX import reads it as event-place too).
        values["event_place"] = values.get("event_place") or text("location")
    values["place"] = first_of(("location", "address") if biblatex else ("address", "location"))
    values["language"] = text("language")
    abstract = text("abstract")
    values["abstract"] = abstract
    values["abstract_sections"] = split_sections(abstract) if abstract and "\n" in abstract else []
    values["keywords"] = read_keywords(fields, context, line, parsed.key)
    note = text("note")
    values["notes"] = note.split("\n") if note else []
    if entry_type != canonical_type(csl, dialect):
        fields = {"entrytype": entry_type, **fields}
    values["extra"] = fields
    if dropped:
        context.info(
            "LaTeX formatting dropped (the text is kept): " + ", ".join(f"\\{n}" for n in sorted(dropped)),
            code="RB209",
            line=line,
            key=parsed.key,
        )
    if kept:
        # Once per record, however many fields hold such LaTeX.
        shown = ", ".join(dict.fromkeys(piece[:40] for piece in kept))
        context.info(
            f"LaTeX kept as written (no Unicode form): {shown[:120]}", code="RB206", line=line, key=parsed.key
        )
    return Record(**values, source=SourceLocation(context.filename, line))


def _names(value: str | None, context: Context, line: int, key: str | None) -> list[Person]:
    if not value:
        return []
    people = []
    for raw in split_names(value):
        person, problem = parse_name(raw)
        if problem:
            context.warning(problem, code="RB208", line=line, key=key)
        people.append(person)
    return people


def _pages(value: str | None) -> str | None:
    """BibTeX ``--`` ranges become the model's hyphen; each pair of hyphens is one."""
    if not value:
        return None
    pages = value.replace("--", "-")
    if _LATEX_IN_PAGES.search(pages):
        # Keep the hyphens away from latexcodec's ligatures.
        pages = latex_to_text(pages.replace("-", "{-}"))
    return pages or None
