"""The pivot record model shared by every reader, writer and transform.

Modelled on CSL-JSON variables. These names are a contract: third-party plugins and
the test suite rely on them, so rename nothing without a deprecation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Person:
    """A personal or corporate name.

    ``literal`` holds a corporate or unparsable name; the other parts are then None.
    ``Person.ETAL`` is the "and others" / ``<etal/>`` marker at the end of a name list.
    """

    family: str | None = None
    given: str | None = None
    particle: str | None = None
    suffix: str | None = None
    literal: str | None = None
    #: An ORCID iD (``0000-0002-1825-0097``, without the URL) and the person's affiliations.
    orcid: str | None = None
    affiliations: tuple[str, ...] = ()

    @property
    def is_etal(self) -> bool:
        """True for the "et al." marker (BibTeX ``and others``, JATS ``<etal/>``)."""
        return self.literal == ETAL_LITERAL and self.family is None

    @property
    def is_literal(self) -> bool:
        """True for a corporate or unparsable name kept whole."""
        return self.literal is not None

    def display(self) -> str:
        """Return the name as it would be printed: ``Given particle Family, Suffix``."""
        if self.literal is not None:
            return self.literal
        parts = [p for p in (self.given, self.particle, self.family) if p]
        text = " ".join(parts)
        return f"{text}, {self.suffix}" if self.suffix else text


@dataclass(frozen=True, slots=True)
class Keyword:
    """A keyword or subject heading.

    For MeSH ``COVID-19/therapy*``: term ``COVID-19``, qualifier ``therapy``, major True.
    """

    term: str
    qualifier: str | None = None
    major: bool = False
    vocabulary: str | None = None
    #: The vocabulary's identifiers of the term and of the qualifier (MeSH ``D000086382``, ``Q000628``).
    id: str | None = None
    qualifier_id: str | None = None


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date of which only the year, or year and month, may be known.

    ``season`` (1 spring .. 4 winter, as CSL numbers them) stands in for a month;
    ``circa`` marks an approximate date; ``literal`` keeps a date that has no parts
    (``Forthcoming``, ``2023 Jan-Feb`` as a journal printed it) as written.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: int | None = None
    circa: bool = False
    literal: str | None = None

    def iso(self) -> str:
        """Return ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` for the parts that are known."""
        if self.year is None:
            return ""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text


@dataclass(frozen=True, slots=True)
class AbstractSection:
    """One labelled section of a structured abstract (``Background``, ``Methods``...)."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """Where a record was read from, for diagnostics."""

    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file or '<input>'}:{self.line or 0}"


@dataclass(frozen=True, slots=True)
class Record:
    """One bibliographic record, the pivot between every format.

    ``pages`` is canonical text with an ASCII hyphen (``2984-2992``, ``S12-S19``,
    ``1-3, 5-7``); ``extra`` keeps every source field without a slot so that a round
    trip loses nothing. ``source`` is excluded from equality: a record read back from
    another file is still the same record.
    """

    type: str = "article-journal"
    key: str | None = None
    title: str | None = None
    authors: list[Person] = field(default_factory=list)
    editors: list[Person] = field(default_factory=list)
    container_title: str | None = None
    container_title_short: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    elocation: str | None = None
    issued: PartialDate | None = None
    doi: str | None = None
    issn: list[str] = field(default_factory=list)
    isbn: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    publisher: str | None = None
    place: str | None = None
    language: str | None = None
    abstract: str | None = None
    abstract_sections: list[AbstractSection] = field(default_factory=list)
    keywords: list[Keyword] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # -- CSL variables added for the complete model (issue 18); all optional --------
    #: ``title-short`` and ``original-title`` (a translated work's title in its language).
    title_short: str | None = None
    original_title: str | None = None
    #: Other CSL name roles → people: ``translator``, ``collection-editor``,
    #: ``container-author``, ``director``, ``interviewer``, ``recipient``,
    #: ``reviewed-author``, ``composer``, ``illustrator``, ``original-author`` ...
    contributors: dict[str, list[Person]] = field(default_factory=dict)
    collection_title: str | None = None
    collection_number: str | None = None
    edition: str | None = None
    #: CSL ``number``: a report, patent, standard or bill number.
    number: str | None = None
    genre: str | None = None
    medium: str | None = None
    section: str | None = None
    number_of_pages: str | None = None
    number_of_volumes: str | None = None
    event_title: str | None = None
    event_place: str | None = None
    #: The end of a date range (``issued`` is its start): ``1984/1986``, ``4-8 Aug. 2020``.
    issued_end: PartialDate | None = None
    original_date: PartialDate | None = None
    accessed: PartialDate | None = None
    archive: str | None = None
    archive_location: str | None = None
    call_number: str | None = None
    #: The citation as printed when it has no structure (JATS ``mixed-citation`` text).
    unstructured: str | None = None
    #: CSL ``license`` (Zotero's Rights): a licence or copyright statement
    #: (``CC BY 4.0``, ``© 2023 Elsevier Ltd. All rights reserved.``).
    license: str | None = None
    #: CSL ``source`` (Zotero's Library Catalog; RIS ``DP``, EndNote's Name of Database /
    #: Database Provider): the database or catalogue the record was taken from. Not ``source``,
    #: which is the record's ``SourceLocation``.
    library_catalog: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    source: SourceLocation | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        """A short human name for messages: the key, else the start of the title."""
        if self.key:
            return self.key
        if self.title:
            return repr(self.title[:40] + ("…" if len(self.title) > 40 else ""))
        return "<untitled record>"


#: ``Person(literal=ETAL_LITERAL)`` marks "et al." at the end of a name list.
ETAL_LITERAL = "others"

#: The CSL name roles ``Record.contributors`` may hold (author and editor have slots of their own).
CONTRIBUTOR_ROLES: tuple[str, ...] = (
    "chair", "collection-editor", "compiler", "composer", "container-author", "contributor",
    "curator", "director", "editorial-director", "executive-producer", "guest", "host",
    "illustrator", "interviewer", "narrator", "organizer", "original-author", "performer",
    "producer", "recipient", "reviewed-author", "script-writer", "series-creator", "translator",
)  # fmt: skip

#: English month names and their abbreviations (lower case) → month number; every
#: reader that meets ``Nov`` or ``November`` in a date uses this one table.
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

#: The CSL type names refbridge's formats map to and from.
CSL_TYPES: tuple[str, ...] = (
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "bill",
    "book",
    "chapter",
    "dataset",
    "document",
    "entry-encyclopedia",
    "legal_case",
    "manuscript",
    "map",
    "motion_picture",
    "paper-conference",
    "patent",
    "personal_communication",
    "report",
    "review",
    "software",
    "speech",
    "standard",
    "thesis",
    "webpage",
)


def _pickle_by_fields(cls: type) -> None:
    """Pickle a model class as (class, field values): records travel between worker
    processes (``--jobs``), and the dataclass default (a Python loop over
    ``fields()`` for every object) costs about twice as much."""
    from dataclasses import fields
    from operator import attrgetter

    names = [f.name for f in fields(cls)]
    get = attrgetter(*names)

    def __reduce__(self: object) -> tuple[type, tuple[Any, ...]]:
        return cls, get(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]


for _cls in (Person, Keyword, PartialDate, AbstractSection, SourceLocation, Record):
    _pickle_by_fields(_cls)
