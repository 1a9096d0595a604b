"""hypothesis strategies for records a .bib file can hold exactly, including what real
exports are full of: text with Greek letters, symbols and scripts (written as LaTeX
math), long abstracts, MeSH headings with commas, PubMed-style names, the et-al
marker, abbreviated journal names.

What BibTeX cannot hold is left out on purpose, and said here: runs of whitespace
and leading/trailing spaces (BibTeX collapses them), control characters, keys with
characters BibTeX forbids, keyword qualifiers without a vocabulary, particles that
start with a capital (BibTeX takes ``De Win`` as one family name).
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

from refbridge.abstracts import KNOWN_LABELS, join_sections, split_sections
from refbridge.model import CSL_TYPES, AbstractSection, Keyword, PartialDate, Person, Record

#: Fields the reader maps to slots (an ``extra`` entry with one of these names would
#: come back in the slot, not in ``extra``).
# fmt: off
READER_FIELDS = frozenset(
    [
        "author", "editor", "title", "journal", "journaltitle", "booktitle", "shortjournal", "year",
        "month", "day", "date", "volume", "number", "issue", "pages", "eid", "publisher", "school",
        "institution", "address", "location", "doi", "issn", "isbn", "eprint", "eprinttype", "pmcid",
        "pmid", "url", "language", "abstract", "keywords", "usera", "note", "entrysubtype", "entrytype",
        "crossref", "bibtex-text-before", "bibtex-text-after",
    ]
)
# fmt: on

_CHARS = st.characters(blacklist_categories=("Cc", "Cs"))


def _normalise(text: str) -> str:
    return re.sub(r"[ \t\n\r\f\v]+", " ", text).strip()


def line_text(max_size: int = 30) -> st.SearchStrategy[str]:
    """Non-empty single-line text of arbitrary Unicode, single-spaced."""
    return st.text(_CHARS, min_size=1, max_size=max_size).map(_normalise).filter(bool)


def lines_text() -> st.SearchStrategy[str]:
    """Several lines (a plain abstract or note with paragraphs)."""
    return st.lists(line_text(), min_size=1, max_size=3).map("\n".join)


#: What real exports' titles and abstracts are full of (issue 19): Greek letters and
#: symbols that .bib files write as LaTeX math, minus signs, scripts, a text's own dollars.
REAL_FRAGMENTS = (
    "IL-1β and TNF-α rose",
    "ΔCt of 2.1 ± 0.4",
    "5 μg/mL for 24 h",
    "p < 0.05",
    "p ≤ 0.001",
    "2 × 10⁻³ cells",
    "Σ⁰ hyperon production",
    "H₂O and CO₂ at 37 °C",
    "HbA1c fell by −0.3%",
    "κ = 0.71, τ² = 0.02",
    "costs US$ 5 and $x^2$",
    "the 20th anniversary",
    "“quoted” and ‘single’",
    "García, Müller & Søndergaard",
    "≥ 18 years",
    "γ-GT and β-blockers",
)


def real_text() -> st.SearchStrategy[str]:
    """A title- or abstract-like text made of real-export fragments."""
    return st.lists(st.sampled_from(REAL_FRAGMENTS), min_size=1, max_size=8).map(" ".join)


def real_abstract() -> st.SearchStrategy[str]:
    """A long abstract of real-export fragments, in one to three paragraphs."""
    paragraph = st.lists(st.sampled_from(REAL_FRAGMENTS), min_size=5, max_size=20).map(". ".join)
    return st.lists(paragraph, min_size=1, max_size=3).map("\n".join)


#: The et-al marker (BibTeX ``and others``); only ever the last name of a list.
ETAL = Person(literal="others")


@st.composite
def persons(draw: st.DrawFn) -> Person:
    """A personal name with optional particle and suffix, a PubMed-style one (family and
    initials), or a corporate name."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return Person(literal=draw(line_text().filter(lambda t: t.lower() != "others")))
    if kind == 1:
        return Person(family=draw(st.sampled_from(["Yang", "van der Berg", "O'Brien"])), given="Z")
    particle = draw(st.sampled_from([None, None, None, "van", "von", "de", "de la", "van der", "dos"]))
    suffix = draw(st.sampled_from([None, None, None, "Jr.", "III"]))
    given = draw(st.none() | line_text(15))
    return Person(family=draw(line_text(15)), given=given, particle=particle, suffix=suffix)


_HEADING_TERM = line_text(20).filter(lambda t: "/" not in t and "*" not in t)


#: MeSH headings whose descriptor holds a comma, and MeSH qualifiers (Web of Science and
#: PubMed-derived files write them in ';' lists).
MESH_WITH_COMMAS = ("Diabetes Mellitus, Type 2", "Aged, 80 and over", "Neoplasms, Glandular and Epithelial")
QUALIFIERS = ("epidemiology", "drug therapy", "therapeutic use", "prevention & control")


@st.composite
def keywords(draw: st.DrawFn) -> Keyword:
    """A free keyword, a vocabulary heading with optional qualifier and major mark, or
    a MeSH heading with a comma."""
    if draw(st.integers(0, 4)) == 0:
        qualifier = draw(st.none() | st.sampled_from(QUALIFIERS))
        return Keyword(draw(st.sampled_from(MESH_WITH_COMMAS)), qualifier, draw(st.booleans()), "MeSH")
    vocabulary = draw(st.sampled_from([None, "MeSH", "Emtree"]))
    if vocabulary is None:
        return Keyword(draw(line_text(20)))
    qualifier = draw(st.none() | _HEADING_TERM)
    return Keyword(draw(_HEADING_TERM), qualifier, draw(st.booleans()), vocabulary)


@st.composite
def abstracts(draw: st.DrawFn) -> tuple[str | None, list[AbstractSection]]:
    """A plain abstract, a structured one, or none."""
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return None, []
    if kind == 1:
        text = draw(lines_text())
        if split_sections(text):
            return None, []
        return text, []
    labels = st.sampled_from([label for label in KNOWN_LABELS if label == label.capitalize()])
    sections = draw(st.lists(st.builds(AbstractSection, labels, line_text()), min_size=2, max_size=4))
    return join_sections(sections), sections


@st.composite
def dates(draw: st.DrawFn) -> PartialDate | None:
    """A year, year-month or full date (or none)."""
    if draw(st.booleans()):
        return None
    year = draw(st.integers(1000, 2100))
    month = draw(st.none() | st.integers(1, 12))
    day = draw(st.none() | st.integers(1, 28)) if month else None
    return PartialDate(year, month, day)


#: Journal names as physics, chemistry and medicine abbreviate them.
ABBREVIATED_JOURNALS = ("Phys. Rev. Lett.", "J. Am. Chem. Soc.", "N. Engl. J. Med.", "Angew. Chem. Int. Ed.")

_EXTRA_NAME = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True).filter(lambda n: n not in READER_FIELDS)
_EXTRA_VALUE = line_text().filter(lambda v: v.count("{") == v.count("}") and _nested_ok(v))


def _nested_ok(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return True


@st.composite
def records(draw: st.DrawFn, key: str) -> Record:
    """A record with every slot BibTeX/BibLaTeX can hold, with the given cite key."""
    abstract, sections = draw(abstracts())
    if abstract is None and draw(st.integers(0, 2)) == 0:
        abstract = draw(real_abstract())
    optional = st.none() | line_text()
    authors = draw(st.lists(persons(), max_size=3))
    if authors and draw(st.integers(0, 4)) == 0:
        authors.append(ETAL)
    return Record(
        type=draw(st.sampled_from(CSL_TYPES)),
        key=key,
        title=draw(optional | real_text()),
        authors=authors,
        editors=draw(st.lists(persons(), max_size=2)),
        container_title=draw(optional),
        container_title_short=draw(optional | st.sampled_from(ABBREVIATED_JOURNALS)),
        volume=draw(optional),
        issue=draw(optional),
        pages=draw(
            st.none()
            | st.from_regex(
                r"[0-9A-Za-z]{1,5}((-{1,2}|–|—)[0-9A-Za-z]{1,5})?(, [0-9]{1,3}-[0-9]{1,3})?", fullmatch=True
            )
        ),
        elocation=draw(st.none() | st.from_regex(r"e[0-9]{4,8}", fullmatch=True)),
        issued=draw(dates()),
        doi=draw(st.none() | st.from_regex(r"10\.[0-9]{4,5}/[A-Za-z0-9._;()/:-]{1,20}", fullmatch=True)),
        issn=draw(st.lists(st.from_regex(r"[0-9]{4}-[0-9]{3}[0-9X]", fullmatch=True), max_size=2)),
        isbn=draw(st.none() | st.from_regex(r"97[89]-[0-9]-[0-9]{3}-[0-9]{5}-[0-9]", fullmatch=True)),
        pmid=draw(st.none() | st.from_regex(r"[1-9][0-9]{0,8}", fullmatch=True)),
        pmcid=draw(st.none() | st.from_regex(r"PMC[0-9]{1,8}", fullmatch=True)),
        url=draw(
            st.none() | st.from_regex(r"https://example\.org/[A-Za-z0-9_%~#?=&/.-]{0,20}", fullmatch=True)
        ),
        publisher=draw(optional),
        place=draw(optional),
        language=draw(optional),
        abstract=abstract,
        abstract_sections=sections,
        keywords=draw(st.lists(keywords(), max_size=4)),
        notes=draw(st.lists(line_text(), max_size=2)),
        extra=draw(st.dictionaries(_EXTRA_NAME, _EXTRA_VALUE, max_size=2)),
    )


def record_lists() -> st.SearchStrategy[list[Record]]:
    """One to three records with distinct cite keys."""
    keys = st.lists(
        st.from_regex(r"[A-Za-z][A-Za-z0-9:_./-]{0,15}", fullmatch=True),
        min_size=1,
        max_size=3,
        unique_by=str.lower,
    )
    return keys.flatmap(lambda ks: st.tuples(*[records(k) for k in ks]).map(list))
