"""Round trips: RIS → model → RIS on exports and real files, model → RIS → model as a
property, BibTeX → RIS → BibTeX, and the reader's robustness on arbitrary text."""

from __future__ import annotations

import io
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import refbridge
from refbridge.abstracts import KNOWN_LABELS, join_sections, normal_label, split_sections
from refbridge.context import Context
from refbridge.errors import ParseError
from refbridge.formats.ris.read import read_ris, split_structured
from refbridge.formats.ris.values import parse_name
from refbridge.identifiers import bare_doi
from refbridge.model import CSL_TYPES, AbstractSection, Keyword, PartialDate, Person, Record
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data" / "ris"
EXPORTS = ["zotero-export.ris", "endnote-export.ris", "pubmed-export.ris", "wprim-record1.zotero.ris"]
REAL = [
    "colrev-ieee_ris.ris",
    "colrev-jstor_ris.ris",
    "jabref-RisImporterTestScience.ris",
    "jabref-RisImporterTestScopus.ris",
    "rispy-example_empty_tag.ris",
    "rispy-example_multiline.ris",
]


_SESSIONS: dict[str, Session] = {}


def _session(flavour: str = "zotero") -> Session:
    # Building a session loads every plugin: reuse one per flavour (property tests call this a lot).
    if flavour not in _SESSIONS:
        _SESSIONS[flavour] = Session(options={"ris": {"flavour": flavour}})
    return _SESSIONS[flavour]


def write(records: list[Record], flavour: str = "zotero") -> str:
    out = io.StringIO()
    refbridge.write(records, out, "ris", session=_session(flavour))
    return out.getvalue()


def read(text: str) -> list[Record]:
    return list(refbridge.read(io.StringIO(text), "ris", session=_session()))


@pytest.mark.parametrize("flavour", ["zotero", "endnote"])
@pytest.mark.parametrize("name", EXPORTS)
def test_exports_round_trip(name: str, flavour: str) -> None:
    records = list(refbridge.read(DATA / name, session=Session()))
    text = write(records, flavour=flavour)
    assert read(text) == records
    assert write(read(text), flavour=flavour) == text


@pytest.mark.parametrize("name", REAL)
def test_real_files_round_trip(name: str, shared_dir: Path) -> None:
    records = list(refbridge.read(shared_dir / "corpus" / "real" / "ris" / name, session=Session()))
    assert read(write(records)) == records


def test_refbridge_output_is_a_fixed_point() -> None:
    golden = (DATA / "wprim-record1.zotero.ris").read_bytes().decode("utf-8")
    assert write(read(golden)) == golden


def test_zotero_export_values_survive() -> None:
    first = next(iter(refbridge.read(DATA / "zotero-export.ris", session=Session())))
    assert first.extra == {"Y2": "2025/11/26/08:15:02"}
    assert first.library_catalog == "wprim.wpro.who.int"  # DP (Zotero's Library Catalog)
    assert first.title_short == "Safety and efficacy of UC-MSCs in COVID-19 patients"
    (back,) = read(write([first]))
    assert (back.extra, back.library_catalog) == (first.extra, first.library_catalog)
    assert [s.label for s in back.abstract_sections] == [
        "Background",
        "Methods",
        "Results",
        "Conclusions",
        "Trial registration",
    ]


# -- BibTeX → RIS → BibTeX ------------------------------------------------------------

SHARED_FIELDS = [f.name for f in fields(Record) if f.name not in ("extra", "source", "doi")]


@pytest.mark.parametrize("name", ["colrev-acm_bib.bib", "colrev-scopus_bib.bib", "jabref-complex.bib"])
def test_bibtex_to_ris_to_bibtex(name: str, shared_dir: Path) -> None:
    """Going through RIS loses nothing that BibTeX → BibTeX itself keeps."""

    def through_bibtex(items: list[Record]) -> list[Record]:
        out = io.StringIO()
        refbridge.write(items, out, "bibtex", session=Session())
        return list(refbridge.read(io.StringIO(out.getvalue()), "bibtex", session=Session()))

    records = list(refbridge.read(shared_dir / "corpus" / "real" / "bib" / name, "bibtex", session=Session()))
    assert records
    via_ris = read(write(records))
    direct, back = through_bibtex(records), through_bibtex(via_ris)
    assert len(back) == len(direct) == len(records)
    for expected, after in zip(direct, back, strict=True):
        for field in SHARED_FIELDS:
            assert getattr(after, field) == getattr(expected, field), (expected.key, field)
        # RIS reads a DOI given as a URL as the bare DOI.
        assert after.doi == (bare_doi(expected.doi) if expected.doi else None)


# -- model → RIS → model ----------------------------------------------------------------

_LETTERS = st.characters(
    blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"), blacklist_characters=",;|/*:\\"
)
_WORD = st.text(_LETTERS, min_size=1, max_size=8)
_PHRASE = st.lists(_WORD, min_size=1, max_size=5).map(" ".join)
_CAPITAL = st.from_regex(r"[A-ZÀ-Ý][a-zà-ÿ]{0,8}", fullmatch=True)
_OPTIONAL = st.none() | _PHRASE
_LINES = (
    st.lists(st.one_of(_PHRASE, _PHRASE, st.just("")), min_size=1, max_size=4)
    .filter(lambda lines: bool(lines[0] and lines[-1]))
    .map("\n".join)
)

_PERSON = st.one_of(
    # A literal of the form 'Yang Z' is read back as family and initials (RB322).
    st.builds(Person, literal=_PHRASE).filter(lambda p: parse_name(p.literal or "") == p),
    st.builds(
        Person,
        family=st.lists(_CAPITAL, min_size=1, max_size=2).map(" ".join),
        given=st.none() | _PHRASE,
        particle=st.none() | st.sampled_from(["van", "van der", "de la", "von"]),
        suffix=st.none() | st.sampled_from(["Jr.", "III"]),
    ),
)
_PAGES = st.none() | st.sampled_from(
    [
        "2984-2992",
        "S12-S19",
        "1-3, 5-7",
        "12",
        "2984–2992",
        "e5",
        "5-5",
        "iii-x",
        "C3-32--C3-35",
        "C3-3--C3-3",
    ]
)
_VOCABULARY = st.none() | st.sampled_from(["MeSH", "Emtree", "author"])
_KEYWORD = st.one_of(
    st.builds(Keyword, term=_PHRASE, qualifier=st.none() | _PHRASE.map(str.lower), major=st.booleans(),
              vocabulary=_VOCABULARY),
    st.builds(Keyword, term=st.sampled_from(["HIV/AIDS", "*starred", "x/y"]), vocabulary=_VOCABULARY),
)  # fmt: skip
_LABELS = sorted({normal_label(label) for label in KNOWN_LABELS})
_SECTIONS = st.lists(st.builds(AbstractSection, st.sampled_from(_LABELS), _PHRASE), min_size=2, max_size=4)
# Tags no model field reads (C3, CN, CR, DP, ET, M1, M3, NV, SE, ST, Y2 now have fields: fields.py).
_FREE_TAGS = ["AD", "C1", "LB", "RN", "U1", "ZZ"]
_EXTRA = st.dictionaries(
    st.sampled_from(_FREE_TAGS), st.one_of(_LINES, st.lists(_PHRASE, min_size=2, max_size=3)), max_size=3
)


@st.composite
def records(draw: st.DrawFn) -> Record:
    """Records with every field RIS can hold (values in the shapes the model keeps)."""
    abstract: str | None = None
    sections: list[AbstractSection] = []
    if draw(st.booleans()):
        sections = draw(_SECTIONS)
        abstract = join_sections(sections)
    else:
        abstract = draw(st.none() | _LINES)
    month = draw(st.none() | st.integers(1, 12))
    return Record(
        type=draw(st.sampled_from(CSL_TYPES)),
        key=draw(st.none() | st.from_regex(r"[A-Za-z][A-Za-z0-9:_-]{0,15}", fullmatch=True)),
        title=draw(_OPTIONAL),
        authors=draw(st.lists(_PERSON, max_size=4)),
        editors=draw(st.lists(_PERSON, max_size=2)),
        container_title=draw(_OPTIONAL),
        container_title_short=draw(_OPTIONAL),
        volume=draw(st.none() | st.from_regex(r"[0-9]{1,3}", fullmatch=True)),
        issue=draw(st.none() | st.from_regex(r"[0-9]{1,2}( Suppl [0-9])?", fullmatch=True)),
        pages=draw(_PAGES),
        elocation=draw(st.none() | st.from_regex(r"e[0-9]{1,7}", fullmatch=True)),
        issued=draw(
            st.none()
            | st.builds(
                PartialDate,
                st.integers(1000, 2999),
                st.just(month),
                st.none() if month is None else st.none() | st.integers(1, 28),
            )
        ),
        doi=draw(st.none() | st.from_regex(r"10\.[0-9]{4,5}/[a-z0-9]{1,10}", fullmatch=True)),
        issn=draw(
            st.lists(st.from_regex(r"[0-9]{4}-[0-9]{3}[0-9X]", fullmatch=True), max_size=2, unique=True)
        ),
        isbn=draw(st.none() | st.from_regex(r"97[89]-[0-9]-[0-9]{3}-[0-9]{5}-[0-9]", fullmatch=True)),
        pmid=draw(st.none() | st.from_regex(r"[1-9][0-9]{4,7}", fullmatch=True)),
        pmcid=draw(st.none() | st.from_regex(r"PMC[0-9]{4,7}", fullmatch=True)),
        url=draw(st.none() | st.from_regex(r"https://example\.org/[a-z0-9]{1,8}", fullmatch=True)),
        publisher=draw(_OPTIONAL),
        place=draw(_OPTIONAL),
        language=draw(st.none() | st.sampled_from(["en", "eng", "chi", "zh-CN"])),
        abstract=abstract,
        abstract_sections=sections,
        keywords=draw(st.lists(_KEYWORD, max_size=5)),
        notes=draw(st.lists(_LINES, max_size=2)),
        license=draw(_OPTIONAL),
        library_catalog=draw(_OPTIONAL),
        extra=draw(_EXTRA),
    )


@settings(max_examples=100, deadline=None)
@given(st.lists(records(), min_size=1, max_size=3))
def test_model_to_ris_to_model(items: list[Record]) -> None:
    assert read(write(items)) == items


@settings(max_examples=50, deadline=None)
@given(st.lists(records(), min_size=1, max_size=2))
def test_model_to_endnote_ris_to_model(items: list[Record]) -> None:
    assert read(write(items, flavour="endnote")) == items


# -- robustness -----------------------------------------------------------------------

_RIS_LIKE = st.lists(
    st.one_of(
        st.sampled_from(
            ["TY  - JOUR", "ER  - ", "", "TY - BOOK", "AU  - Wang, Siyu", "KW  - a/b*", "XK  - MeSH|"]
        ),
        st.builds(
            lambda tag, value: f"{tag}  - {value}", st.from_regex(r"[A-Z][A-Z0-9]", fullmatch=True), st.text()
        ),
        st.text(max_size=30),
    ),
    max_size=30,
).map("\n".join)


@settings(max_examples=200, deadline=None)
@given(_RIS_LIKE)
def test_reader_raises_nothing_but_parse_error(text: str) -> None:
    context = Context("ris", "<test>")
    try:
        records = list(read_ris(io.StringIO(text), context))
    except ParseError as exc:
        assert exc.code == "RB300"
        return
    for record in records:
        assert isinstance(record, Record)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.builds(
                lambda label, text: f"{label}: {text}",
                st.sampled_from([*KNOWN_LABELS, "BACKGROUND", "Trial"]),
                st.text(max_size=20),
            ),
            st.text(max_size=25),
        ),
        max_size=5,
    ).map("\n".join)
)  # fmt: skip
def test_split_structured_agrees_with_split_sections(text: str) -> None:
    assert split_structured(text) == split_sections(text)


def test_a_book_whose_pages_look_like_an_e_locator_keeps_them_as_pages(tmp_path: Path) -> None:
    # Found by test_model_to_ris_to_model: a book's pages go whole into SP (Zotero's
    # # of Pages), so an SP of ``e5`` read back must be the pages, not an e-locator.
    from refbridge.model import Record

    out = tmp_path / "book.ris"
    refbridge.write([Record(type="book", pages="e5", elocation="e12")], out, "ris", session=Session())
    back = list(refbridge.read(out, "ris", session=Session()))
    assert (back[0].pages, back[0].elocation) == ("e5", "e12")
