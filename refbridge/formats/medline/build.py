"""One MEDLINE record's fields → a ``Record`` (see docs/formats.md, "medline").

Slots first (title, people, journal, identifiers, date, abstract, keywords); every
other tag is kept in ``extra["medline:TAG"]`` (a string, or a list when repeated) and
written back by the writer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from refbridge.abstracts import join_sections
from refbridge.context import Context
from refbridge.identifiers import bare_doi, bookshelf_url
from refbridge.mesh import MESH, parse_heading
from refbridge.model import Keyword, Person, Record, SourceLocation

from . import names
from .dates import parse_dp
from .numbers import BOOK_ACCESSION, BOOK_ACCESSION_KIND, ISSN, bare_number, is_isbn
from .tags import (
    AUTHOR_KEYWORDS_OWNER,
    CSL_FROM_PT,
    EXTRA_PREFIX,
    KNOWN_TAGS,
    NAME_TAGS,
    PLAIN_TYPE,
    PUBLICATION_TYPE,
    SLOTS,
    TYPE_PRIORITY,
)
from .text import split_abstract

if TYPE_CHECKING:
    from .read import Field

#: Slots where a second, different value is suspicious (reported RB906).
_SINGLE = frozenset(SLOTS)
_IDENTIFIER = re.compile(r"(.*?)\s*\[([A-Za-z-]+)\]")


@dataclass
class _PersonDraft:
    """A person being read: the name, and what follows it (``AUID``, ``AD``)."""

    group: str
    person: Person
    full: bool
    short_seen: bool = False
    orcid: str | None = None
    affiliations: list[str] = field(default_factory=list)

    def done(self) -> Person:
        person = self.person
        if self.orcid is None and not self.affiliations:
            return person
        return Person(
            person.family, person.given, person.particle, person.suffix, person.literal,
            orcid=self.orcid, affiliations=tuple(self.affiliations),
        )  # fmt: skip


class _Builder:
    """Collects one record's fields; ``finish`` makes the Record."""

    def __init__(self, context: Context, line: int) -> None:
        self.context = context
        self.line = line
        self.values: dict[str, Any] = {}
        self.extra: dict[str, Any] = {}
        self.titles: list[str] = []
        self.book_title: str | None = None
        self.people: list[_PersonDraft] = []
        self.keywords: list[Keyword] = []
        self.types: list[str] = []
        self.owner: str | None = None
        self.issns: list[str] = []
        self.is_lines: list[str] = []
        self.notes: list[str] = []
        self.locators: list[tuple[str, str, str]] = []

    # -- fields -------------------------------------------------------------------

    def add(self, item: Field) -> None:
        """Read one field into the record being built."""
        tag, value, line = item.tag, item.value, item.line
        if not value:
            return
        handler = _HANDLERS.get(tag)
        if handler is not None:
            handler(self, tag, value, line)
        elif tag in SLOTS:
            self.slot(tag, SLOTS[tag], value, line)
        elif tag in NAME_TAGS:
            self.name(tag, value)
        else:
            if tag not in KNOWN_TAGS:
                self.context.info(f"tag {tag} is not a MEDLINE tag; kept in extra", code="RB909", line=line)
            self.keep(tag, value)

    def keep(self, tag: str, value: str) -> None:
        """Keep a value in ``extra["medline:TAG"]`` (a list once there are several)."""
        key = EXTRA_PREFIX + tag
        known = self.extra.get(key)
        if known is None:
            self.extra[key] = value
        elif isinstance(known, list):
            known.append(value)
        else:
            self.extra[key] = [known, value]

    def second(self, tag: str, value: str, line: int, what: str) -> None:
        """A second value for a single-valued field: the first wins, this one goes to extra."""
        self.context.warning(
            f"a second {what} ({tag}); the first is kept, this one is in extra",
            code="RB906",
            line=line,
        )
        self.keep(tag, value)

    def slot(self, tag: str, name: str, value: str, line: int) -> None:
        if name not in self.values:
            self.values[name] = value
        elif tag in _SINGLE and self.values[name] != value:
            self.second(tag, value, line, name.replace("_", " "))
        else:
            self.keep(tag, value)

    def title(self, tag: str, value: str, line: int) -> None:
        if self.titles:
            self.context.warning("a second title (TI); joined to the first", code="RB905", line=line)
        self.titles.append(value)

    def bti(self, tag: str, value: str, line: int) -> None:
        if self.book_title is None:
            self.book_title = value
        else:
            self.second(tag, value, line, "book title")

    def abstract(self, tag: str, value: str, line: int) -> None:
        if "abstract" in self.values:
            self.second(tag, value, line, "abstract")
            return
        sections = split_abstract(value)
        self.values["abstract"] = join_sections(sections) if sections else value
        if sections:
            self.values["abstract_sections"] = sections

    def name(self, tag: str, value: str) -> None:
        group, kind = NAME_TAGS[tag]
        last = self.people[-1] if self.people else None
        if kind == "short" and last is not None and last.group == group and last.full and not last.short_seen:
            last.short_seen = True  # the initials form of the full name just read
            return
        if kind == "corporate":
            person = Person(literal=value)
        else:
            person = names.full_name(value) if kind == "full" else names.short_name(value)
        self.people.append(_PersonDraft(group, person, full=kind == "full"))

    def detail(self, tag: str, value: str, line: int) -> None:
        if not self.people:
            self.context.warning(f"{tag} before any name; kept in extra", code="RB908", line=line)
            self.keep(tag, value)
            return
        draft = self.people[-1]
        if tag == "IRAD" and draft.group != "contributor":
            self.context.warning(
                "IRAD after a name that is not an investigator's; kept in extra", code="RB908", line=line
            )
            self.keep(tag, value)
            return
        if tag in ("AD", "IRAD"):
            draft.affiliations.append(value)
            return
        orcid = names.orcid_of(value)
        if orcid is None or draft.orcid is not None:
            self.context.info(
                f"author identifier {value!r} is not an ORCID iD; kept in extra", code="RB913", line=line
            )
            self.keep(tag, value)
        else:
            draft.orcid = orcid

    def language(self, tag: str, value: str, line: int) -> None:
        if "language" in self.values:
            self.keep(tag, value)  # a second language of a bilingual article
        else:
            # As written (eng), as Zotero's MEDLINE import and refbridge's other readers keep a
            # language; the writers that need a code convert it (JATS xml:lang, MEDLINE LA).
            self.values["language"] = value

    def publication_type(self, tag: str, value: str, line: int) -> None:
        self.types.append(value)
        self.keywords.append(Keyword(value, vocabulary=PUBLICATION_TYPE))

    def mesh(self, tag: str, value: str, line: int) -> None:
        """``Desc/*q1/q2``: one keyword per qualifier with its own mark. A descriptor marked
        in itself (``*Desc/q1``) also gives a major keyword without qualifier before its
        pairs, as the pubmed-xml reader does, so that the heading is written back as read."""
        starred = value.startswith("*") and "/" in value
        keywords = parse_heading(value[1:] if starred else value, MESH)
        if starred and keywords:
            self.keywords.append(Keyword(keywords[0].term, None, True, MESH))
        self.keywords.extend(keywords)

    def other_term_owner(self, tag: str, value: str, line: int) -> None:
        self.owner = None if value.upper() == AUTHOR_KEYWORDS_OWNER else value

    def other_term(self, tag: str, value: str, line: int) -> None:
        self.keywords.append(Keyword(value, vocabulary=self.owner))

    def standard_number(self, tag: str, value: str, line: int) -> None:
        """``IS``: an ISSN, or a book's ISBN (``9780309163941 (Print)``, ``ISBN 978-…``). The
        lines themselves, kinds included, are kept in extra (see ``finish``); so is a book's
        second ISBN, which the model's one ``isbn`` cannot hold."""
        self.is_lines.append(value)
        number = bare_number(value)
        if ISSN.fullmatch(number):
            if number not in self.issns:
                self.issns.append(number)
        elif is_isbn(number):
            self.values.setdefault("isbn", number)
        else:
            self.context.warning(
                f"IS {value!r} is neither an ISSN nor an ISBN; kept in extra", code="RB912", line=line
            )

    def isbn(self, tag: str, value: str, line: int) -> None:
        """``ISBN``: the bare number (``ISBN- ISBN 978-3-86680-192-9`` → ``978-3-86680-192-9``);
        a book's second ISBN (ISBN-10 beside ISBN-13, print beside electronic) stays in extra."""
        number = bare_number(value)
        if "isbn" not in self.values:
            self.values["isbn"] = number
        else:
            self.keep(tag, value)

    def location(self, tag: str, value: str, line: int) -> None:
        """``LID`` (e-locator, DOI) and ``AID`` (article identifiers)."""
        match = _IDENTIFIER.fullmatch(value)
        ident, kind = (match.group(1), match.group(2).lower()) if match else (value, "")
        if not match and ident.lower().startswith("doi:"):
            ident, kind = ident[4:].strip(), "doi"
        if kind == "doi":
            ident = bare_doi(ident)  # ``https://doi.org/…`` in hand-made files: the bare DOI
            if self.values.setdefault("doi", ident) != ident:
                self.second(tag, value, line, "DOI")
        elif kind == BOOK_ACCESSION_KIND and BOOK_ACCESSION.fullmatch(ident):
            # As Zotero's PubMed XML import (and refbridge's pubmed-xml reader) read the same
            # book: the accession is the call number, its Bookshelf page the URL. The line stays
            # in extra too, so that it is written back where and as it was read.
            self.values.setdefault("call_number", ident)
            self.values.setdefault("url", bookshelf_url(ident))
            self.keep(tag, value)
        elif tag == "LID" and kind in ("pii", "") and not ident.lower().startswith("http"):
            self.locators.append((ident, value, kind))  # decided with the pages, in finish
        elif tag == "LID" and not kind and "url" not in self.values:
            self.values["url"] = ident
        else:
            self.keep(tag, value)

    def pmc(self, tag: str, value: str, line: int) -> None:
        self.slot("PMC", "pmcid", value, line)

    def date(self, tag: str, value: str, line: int) -> None:
        if "issued" in self.values:
            self.second(tag, value, line, "publication date")
            return
        parsed = parse_dp(value)
        if parsed is None:
            self.context.warning(f"DP {value!r} has no year; kept in extra", code="RB907", line=line)
            self.keep(tag, value)
            return
        self.values["issued"], end = parsed
        if end is not None:
            self.values["issued_end"] = end

    def note(self, tag: str, value: str, line: int) -> None:
        self.notes.append(value)

    # -- the record ---------------------------------------------------------------

    def finish(self) -> Record:
        """The Record of the fields read."""
        values, extra = self.values, self.extra
        values["type"] = self._type()
        genres = [t for t in self.types if t.casefold() != PLAIN_TYPE.casefold()]
        values["genre"] = genres[0] if genres else None
        self._titles(values["type"])
        groups: dict[str, list[Person]] = {"authors": [], "editors": [], "contributor": []}
        for draft in self.people:
            groups[draft.group].append(draft.done())
        values["authors"], values["editors"] = groups["authors"], groups["editors"]
        if groups["contributor"]:
            values["contributors"] = {"contributor": groups["contributor"]}
        values["issn"] = self.issns
        if any("(" in line for line in self.is_lines) or len(self.is_lines) > len(self.issns):
            extra[EXTRA_PREFIX + "IS"] = list(self.is_lines)  # the kinds: (Print), (Linking)...
        self._locators()
        values["keywords"] = self.keywords
        values["notes"] = self.notes
        record = Record(**values, extra=extra, source=SourceLocation(self.context.filename, self.line))
        if not record.pmid:
            self.context.info("a record without a PMID", code="RB904", record=record)
        return record

    def _type(self) -> str:
        journal = "container_title" in self.values
        return csl_type(self.types, self.book_title is not None, bool(self.titles), journal)

    def _locators(self) -> None:
        """An ``LID … [pii]`` is the e-locator when it is where the article is found: there
        are no pages, or the pages are it (``e0247812``). Beside other pages it is a publisher
        item identifier (Elsevier's ``S0755-4982(22)00098-1``) and stays in extra. A bare
        ``LID`` (as refbridge writes an e-locator beside pages) is the e-locator."""
        pages = self.values.get("pages")
        for ident, value, kind in self.locators:
            if "elocation" not in self.values and (not kind or pages in (None, ident)):
                self.values["elocation"] = ident
            else:
                self.keep("LID", value)

    def _titles(self, csl_type: str) -> None:
        """TI and BTI by type: a book's title is its BTI, a chapter's book is its BTI."""
        title = None
        for part in self.titles:  # several TI lines are joined, as JabRef does
            title = part if title is None else f"{title}{' ' if title[-1] in '.:;?!,' else ': '}{part}"
        book = self.book_title
        if csl_type == "book" and book is not None:
            if title is not None:
                self.keep("TI", title)
            title, book = book, None
        elif csl_type == "chapter" and book is not None and "container_title" not in self.values:
            self.values["container_title"], book = book, None
        if book is not None:
            self.keep("BTI", book)
        self.values["title"] = title


_HANDLERS = {
    "TI": _Builder.title,
    "BTI": _Builder.bti,
    "AB": _Builder.abstract,
    "AUID": _Builder.detail,
    "AD": _Builder.detail,
    "IRAD": _Builder.detail,
    "LA": _Builder.language,
    "PT": _Builder.publication_type,
    "MH": _Builder.mesh,
    "OTO": _Builder.other_term_owner,
    "OT": _Builder.other_term,
    "IS": _Builder.standard_number,
    "ISBN": _Builder.isbn,
    "LID": _Builder.location,
    "AID": _Builder.location,
    "PMC": _Builder.pmc,
    "PMCID": _Builder.pmc,
    "DP": _Builder.date,
    "GN": _Builder.note,
}


def csl_type(types: list[str], book_title: bool, title: bool, journal: bool) -> str:
    """The CSL type of a record with these publication types: the first of ``TYPE_FROM_PT``
    that it has; else a BTI without a journal makes a chapter (with a TI) or a book."""
    ranked = sorted((TYPE_PRIORITY[t.casefold()], t) for t in types if t.casefold() in TYPE_PRIORITY)
    if ranked:
        return CSL_FROM_PT[ranked[0][1].casefold()]
    if any("dissertation" in t.casefold() for t in types):
        return "thesis"
    if book_title and not journal:
        return "chapter" if title else "book"
    return "article-journal"


def build_record(fields: list[Field], context: Context) -> Record:
    """The Record of one block of fields."""
    builder = _Builder(context, fields[0].line)
    for item in fields:
        builder.add(item)
    return builder.finish()
