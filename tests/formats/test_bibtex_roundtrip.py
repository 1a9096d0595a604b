"""Round trips: ``read(write(records)) == records`` for both dialects.

On the hand-made test files, the real-world files of the shared corpus, the WPRIM
sample (through its reader) and generated records with arbitrary Unicode.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from bibtex_helpers import read, with_short_journal, write
from bibtex_strategies import record_lists
from hypothesis import HealthCheck, example, given, settings

import refbridge
from refbridge.formats.bibtex.fields import NUMBER_TYPES
from refbridge.formats.bibtex.latex_write import text_to_latex
from refbridge.model import Keyword, PartialDate, Person, Record
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data" / "bibtex"
DIALECTS = ("bibtex", "biblatex")


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("name", ["features.bib", "broken.bib"])
def test_hand_made_files_round_trip(name: str, dialect: str) -> None:
    records, _ = read((DATA / name).read_text(encoding="utf-8"), dialect)
    text, _ = write(records, dialect)
    again, ctx = read(text, dialect)
    if name == "broken.bib":
        # The duplicate key is written with a suffix (reported); everything else is equal.
        assert [r.key for r in again] == [
            "before",
            "missingcomma",
            "unknownmacro",
            "unbalanced",
            "after",
            "aftera",
        ]
        again[-1] = _with_key(again[-1], "after")
    assert again == records
    assert ctx.sink.count("error") == ctx.sink.count("warning") == 0


def _with_key(record: Record, key: str | None) -> Record:
    return replace(record, key=key)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_wprim_record_1_round_trips(dialect: str, wprim_record_1: Record) -> None:
    record = with_short_journal(wprim_record_1)
    text, _ = write([record], dialect)
    (back,), ctx = read(text, dialect)
    assert back == _with_key(record, "wang2025safety")
    assert back.keywords == wprim_record_1.keywords
    assert ctx.sink.items == []


@pytest.mark.parametrize("dialect", DIALECTS)
def test_wprim_sample_round_trips(
    dialect: str, wprim_sample: Path, make_session: Callable[..., Session], wprim_record_1: Record
) -> None:
    session = make_session()
    records = list(refbridge.read(wprim_sample, "wprim", session=session, transform=True))
    assert len(records) == 3
    text, _ = write(records, dialect)
    back, ctx = read(text, dialect)
    assert [r.key for r in back] == ["wang2025safety", "hong2022evaluation", "lin2012evaluation"]
    assert [_with_key(r, None) for r in back] == records
    assert back[0].keywords == wprim_record_1.keywords
    assert back[0].container_title_short == "Chin. Med. J."
    assert [s.label for s in back[0].abstract_sections][-1] == "Trial registration"
    assert ctx.sink.items == []


# -- the real-world files of the shared corpus ------------------------------------------

#: file → number of entries (not counting @string, @preamble, @comment).
REAL_FILES = {
    "colrev-acm_bib.bib": 2,
    "colrev-scopus_bib.bib": 11,
    "jabref-complex.bib": 20,
    "jabref-crossref.bib": 4,
}


def _entry_count(text: str) -> int:
    types = re.findall(r"^\s*@\s*(\w+)", text, flags=re.MULTILINE)
    return sum(1 for t in types if t.lower() not in ("string", "preamble", "comment"))


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_real_files_read_and_round_trip(name: str, dialect: str, shared_dir: Path) -> None:
    text = (shared_dir / "corpus" / "real" / "bib" / name).read_text(encoding="utf-8")
    records, ctx = read(text, dialect)
    assert len(records) == _entry_count(text) == REAL_FILES[name]  # every entry accounted for
    expected_codes = {
        "colrev-scopus_bib.bib": ["RB200"],  # cite key "Conference paper2022775"
        "jabref-complex.bib": ["RB202", "RB209"],  # @Preamble{preamble}, \textit
    }.get(name, [])
    assert sorted(set(ctx.sink.codes())) == expected_codes
    written, write_ctx = write(records, dialect)
    again, again_ctx = read(written, dialect)
    if name == "colrev-scopus_bib.bib":
        assert write_ctx.sink.codes() == ["RB222"]  # the key's space is written as "_"
        index = [r.key for r in records].index("Conference paper2022775")
        assert again[index].key == "Conference_paper2022775"
        again[index] = _with_key(again[index], "Conference paper2022775")
    else:
        assert write_ctx.sink.codes() == []
    assert again == records
    # Only the problem inside the text kept between entries comes back (@Preamble{preamble}).
    assert again_ctx.sink.codes() == (["RB202"] if name == "jabref-complex.bib" else [])


def test_real_file_exact_values(shared_dir: Path) -> None:
    folder = shared_dir / "corpus" / "real" / "bib"
    complex_records = {r.key: r for r in read((folder / "jabref-complex.bib").read_text(encoding="utf-8"))[0]}
    names = complex_records["10250999"].authors
    assert names == [
        Person(family="Hippel", given="Eric", particle="von"),
        Person(family="Reagle", given="Joseph M.", suffix="Jr."),
        # "Sherry, John F., Jr." is Last, Jr, First to BibTeX: the file has the parts swapped.
        Person(family="Sherry", given="Jr.", suffix="John F."),
        Person(family="Huevel", given="Johan A", particle="van den", suffix="Jr."),
    ]
    inproc = complex_records["1137631"]
    assert inproc.authors[0] == Person(family="Boström", given="Gustav")
    assert (inproc.type, inproc.pages, inproc.isbn) == ("paper-conference", "11-18", "1-59593-411-1")
    assert (inproc.place, inproc.event_place) == (
        "New York, NY, USA",
        "Shanghai, China",
    )  # ACM: address, location
    thesis = complex_records["deBraga2001"]
    assert thesis.title == (
        "The postcranial anatomy of Procolophon (Parareptilia: Procolophonidae) and its implications "
        "for the origin of turtles"
    )
    assert (thesis.type, thesis.publisher, thesis.place) == (
        "thesis",
        "Department of Zoology, University of Toronto",
        "Canada",
    )
    acm = read((folder / "colrev-acm_bib.bib").read_text(encoding="utf-8"))[0]
    assert acm[0].issued == PartialDate(1900, 3)
    assert [k.term for k in acm[0].keywords] == ["creative writing", "funny writing", "lazy writing"]
    assert acm[1].pages == "123–456"  # an en dash in the file stays (the pages plugin normalises it)
    assert (acm[1].place, acm[1].event_place) == ("New York, NY, USA", "Barcelona, Spain")
    crossref = read((folder / "jabref-crossref.bib").read_text(encoding="utf-8"), resolve_crossref=True)[0]
    assert crossref[0].container_title.startswith(
        "12th Working IEEE/IFIP Conference on Software Architecture"
    )
    assert crossref[0].editors[0] == Person(family="Bass", given="Len")


# -- generated records with arbitrary Unicode -------------------------------------------

# An escaped character (``\$`` of a keyword "$") or a math span ``$...$``: scanned together so
# that an escaped dollar never opens a span that runs on into the next record.
_ESCAPE_OR_MATH = re.compile(r"\\.|\$(?:[^$\\]|\\.)*\$", re.DOTALL)


def strip_math(latex: str) -> str:
    """``latex`` without its math spans (written as they are); escapes are kept."""
    return _ESCAPE_OR_MATH.sub(lambda m: m.group() if m.group().startswith("\\") else "", latex)


def test_strip_math_keeps_escaped_dollars_out_of_spans() -> None:
    # The case hypothesis found: a keyword "$" (written \$) before a math abstract.
    assert strip_math(r"{$\beta$} \$ x $\¡$ y") == r"{} \$ x  y"
    assert strip_math(r"\\$a$") == "\\\\"


@pytest.mark.parametrize(
    ("dialect", "ascii_only"), [("bibtex", True), ("biblatex", False), ("bibtex", False), ("biblatex", True)]
)
def test_generated_records_round_trip(dialect: str, ascii_only: bool) -> None:
    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(record_lists())
    @example(  # found in CI: an escaped "$" keyword, then a math abstract in the next record
        [
            Record(type="article", key="A", abstract="IL-1β rose", keywords=[Keyword("$")]),
            Record(type="article", key="B", abstract="$\\¡$"),
        ]
    )
    def check(records: list[Record]) -> None:
        text, write_ctx = write(records, dialect, ascii=ascii_only)
        back, read_ctx = read(text, dialect)
        # A report's or patent's BibTeX number is its own number: an issue comes back so.
        assert back == [
            replace(r, number=r.issue, issue=None)
            if r.type in NUMBER_TYPES and r.issue and not r.number
            else r
            for r in records
        ]
        assert read_ctx.sink.count("error") == read_ctx.sink.count("warning") == 0
        assert "RB226" not in write_ctx.sink.codes()
        if ascii_only:
            # Only characters LaTeX has no command for may be left non-ASCII (extra and
            # math are written as they are).
            plain, _ = write([replace(r, extra={}) for r in records], dialect, ascii=True)
            plain = strip_math(plain)
            assert all(c.isascii() or text_to_latex(c, ascii_only=True) == c for c in plain)

    check()
