"""Real exports read the way their authors meant them (issue 19): keyword lists and
RIS as databases write it. The files in tests/data are made to look like Web of
Science, Scopus and PubMed-derived ``.bib`` files, Ovid PsycINFO/MEDLINE, EndNote and
screening tools' (Rayyan, Covidence) RIS; each test names the class it stands for.
Zotero's RIS and BibTeX importers (tests/zotero.py) are the oracle where one is named."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import refbridge
from refbridge.formats.bibtex.read_keywords import split_keywords
from refbridge.model import Keyword, PartialDate, Person, Record
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data"
M = "MeSH"


def read(path: Path) -> tuple[list[Record], list[str]]:
    """The records of a file as its reader gives them, and the codes reported."""
    session = Session()
    records = list(refbridge.read(path, session=session))
    return records, [d.code for d in session.diagnostics]


def convert(text: str, source: str, target: str) -> str:
    out = io.StringIO()
    refbridge.convert(io.StringIO(text), out, from_format=source, to_format=target, session=Session())
    return out.getvalue().replace("\r\n", "\n")


# -- keyword lists --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        # Web of Science / PubMed-derived: ';' separates, commas belong to the headings.
        (
            "Cohort Studies; Diabetes Mellitus, Type 2/epidemiology; Neoplasms/drug therapy*",
            ["Cohort Studies", "Diabetes Mellitus, Type 2/epidemiology", "Neoplasms/drug therapy*"],
        ),
        ("a, b, c", ["a", "b", "c"]),  # BibTeX's own commas
        ("{Aged, 80 and over}, Humans", ["{Aged, 80 and over}", "Humans"]),  # braces protect
        ("{a; b}, c", ["{a; b}", "c"]),  # a braced ';' is not a separator
        ("x; {y; z}; w", ["x", "{y; z}", "w"]),
        ("single", ["single"]),
        ("", []),
    ],
)
def test_split_keywords(value: str, parts: list[str]) -> None:
    assert split_keywords(value) == parts


def test_bib_keyword_lists_of_wos_scopus_and_pubmed() -> None:
    records, _ = read(DATA / "bibtex" / "wos-scopus-pubmed.bib")
    wos, scopus, pubmed = records
    assert wos.keywords == [
        Keyword("Cohort Studies"),
        Keyword("Diabetes Mellitus, Type 2", "epidemiology", False, M),
        Keyword("Neoplasms", "drug therapy", True, M),
        Keyword("Metformin", "therapeutic use", False, M),
    ]
    assert scopus.keywords == [
        Keyword("Humans"),
        Keyword("Sleep Initiation and Maintenance Disorders", "epidemiology", False, M),
        Keyword("Aged, 80 and over"),
    ]
    assert [(k.term, k.qualifier, k.major) for k in pubmed.keywords] == [
        ("Cohort Studies", None, False),
        ("Diabetes Mellitus, Type 2", "drug therapy", True),
        ("Humans", None, False),
        ("Insulin, Long-Acting", "therapeutic use", True),
    ]
    for record in records:  # never a garbage heading glued across a ';'
        assert not any(";" in k.term or (k.qualifier and ";" in k.qualifier) for k in record.keywords)


def test_keyword_list_through_the_keywords_transform() -> None:
    """The transform (on by default) keeps the reader's ';' split, and splits a lone
    ';' string the same way."""
    path = DATA / "bibtex" / "wos-scopus-pubmed.bib"
    records = list(refbridge.read(path, session=Session(), transform=True))
    assert [(k.term, k.qualifier) for k in records[0].keywords] == [
        ("Cohort Studies", None),
        ("Diabetes Mellitus, Type 2", "epidemiology"),
        ("Neoplasms", "drug therapy"),
        ("Metformin", "therapeutic use"),
    ]
    lone = "Cohort Studies; Diabetes Mellitus, Type 2/epidemiology; Neoplasms/drug therapy*"
    session = Session()
    (_, step), *_ = [s for s in session.transform_steps() if s[0].name == "keywords"]
    result = step(Record(keywords=[Keyword(lone)]))
    assert result is not None
    assert result.keywords == [
        Keyword("Cohort Studies", None, False, M),
        Keyword("Diabetes Mellitus, Type 2", "epidemiology", False, M),
        Keyword("Neoplasms", "drug therapy", True, M),
    ]
    psycinfo = step(Record(keywords=[Keyword("*Major Depression; Antidepressant Drugs")]))
    assert psycinfo is not None
    assert psycinfo.keywords == [Keyword("Major Depression", None, True), Keyword("Antidepressant Drugs")]


def test_star_descriptors_are_major_not_mesh() -> None:
    """PsycINFO's ``*Major Depression`` (APA thesaurus) is a major term, not MeSH; Ovid
    MEDLINE's ``*Diabetes Mellitus, Type 2/dt [Drug Therapy]`` is a MeSH heading."""
    psycinfo, medline = read(DATA / "ris" / "psycinfo-ovid.ris")[0]
    assert psycinfo.keywords[:3] == [
        Keyword("Major Depression", None, True, None),
        Keyword("Cognitive Behavior Therapy", None, True, None),
        Keyword("Antidepressant Drugs"),
    ]
    assert medline.keywords[1] == Keyword("Diabetes Mellitus, Type 2", "drug therapy", True, M)
    assert medline.keywords[3] == Keyword("Insulin, Long-Acting", "therapeutic use", True, M)
    # Written back in their own form, read back the same, with no carrier line.
    ris = convert((DATA / "ris" / "psycinfo-ovid.ris").read_text(), "ris", "ris")
    assert "KW  - *Major Depression\n" in ris
    assert "XK  - " not in ris.split("ER  - ")[0]
    again = list(refbridge.read(io.StringIO(ris), "ris", session=Session()))
    assert again[0].keywords[:2] == psycinfo.keywords[:2]


def test_star_descriptor_in_bibtex_and_the_transform() -> None:
    bib = (
        "@article{k, title={T}, keywords={*Major Depression; Antidepressant Drugs; Depression/drug therapy*}}"
    )
    record = next(iter(refbridge.read(io.StringIO(bib), "bibtex", session=Session())))
    assert record.keywords == [
        Keyword("Major Depression", None, True, None),
        Keyword("Antidepressant Drugs"),
        Keyword("Depression", "drug therapy", True, M),
    ]


def test_a_users_xk_line_is_kept_and_not_overwritten() -> None:
    """RIS: an ``XK`` line of the source that does not fit refbridge's carrier is the
    user's: kept, written back as it was, and never replaced by refbridge's carrier."""
    ris = "TY  - JOUR\nTI  - T\nKW  - Neoplasms/therapy*\nKW  - b\nKW  - c\nXK  - a|b\nER  - \n"
    session = Session()
    records = list(refbridge.read(io.StringIO(ris), "ris", session=session))
    assert records[0].extra.get("XK") == "a|b"
    assert [d.code for d in session.diagnostics] == ["RB312"]
    out = convert(ris, "ris", "ris")
    assert "XK  - a|b\n" in out
    assert out.count("XK  - ") == 1


# -- RIS as databases write it ------------------------------------------------------------------


def test_tag_glued_onto_the_ty_line() -> None:
    records, codes = read(DATA / "ris" / "psycinfo-ovid.ris")
    assert [(r.type, r.pmid) for r in records] == [
        ("article-journal", "33355555"),
        ("article-journal", "33412789"),
    ]
    assert "TY" not in records[0].extra
    assert codes.count("RB314") == 2
    two = list(
        refbridge.read(io.StringIO("TY  - JOUR T1  - Glued title\nER  - \n"), "ris", session=Session())
    )
    assert (two[0].type, two[0].title) == ("article-journal", "Glued title")


def test_type_names_and_short_title_only() -> None:
    records, codes = read(DATA / "ris" / "endnote-issn.ris")
    assert [r.type for r in records] == ["article-journal", "article-journal", "chapter"]
    assert codes.count("RB315") == 2
    assert records[2].title == "Qualitative interviewing"  # ST with no TI: Zotero's reading
    assert "TY" not in records[1].extra and "TY" not in records[2].extra
    out = convert((DATA / "ris" / "endnote-issn.ris").read_text(), "ris", "ris")
    assert "TY  - Journal Article" not in out and "TY  - CHAP\n" in out


def test_second_issn_on_an_untagged_line() -> None:
    records, codes = read(DATA / "ris" / "endnote-issn.ris")
    assert records[0].issn == ["1932-8494", "1932-8486"]
    assert records[1].issn == ["1389-9457", "1878-5506"]
    assert "RB303" not in codes


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Yang Z", Person(family="Yang", given="Z")),
        ("O'Brien K", Person(family="O'Brien", given="K")),
        ("van der Berg JH", Person(family="Berg", given="JH", particle="van der")),
        ("Smith-Jones AB", Person(family="Smith-Jones", given="AB")),
        ("Müller T", Person(family="Müller", given="T")),
        ("Cancer Research UK", Person(literal="Cancer Research UK")),
    ],
)
def test_family_and_initials_without_a_comma(text: str, person: Person) -> None:
    records, _ = read(DATA / "ris" / "rayyan-covidence.ris")
    people = [p for r in records for p in r.authors]
    assert person in people
    single = list(
        refbridge.read(io.StringIO(f"TY  - JOUR\nAU  - {text}\nER  - \n"), "ris", session=Session())
    )
    assert single[0].authors == [person]


def test_screening_tool_keywords_split_on_semicolons_only() -> None:
    records, _ = read(DATA / "ris" / "rayyan-covidence.ris")
    assert [k.term for k in records[0].keywords] == [
        "Hip Fractures",
        "Early Ambulation",
        "Aged, 80 and over",
        "Humans",
    ]


@pytest.mark.parametrize(
    ("month", "date"),
    [
        ("{MAR 1}", PartialDate(2021, 3, 1)),
        ("{Mar. 15}", PartialDate(2021, 3, 15)),
        ("{1 March}", PartialDate(2021, 3, 1)),
    ],
)
def test_web_of_science_month_and_day(month: str, date: PartialDate) -> None:
    bib = f"@article{{k, title={{T}}, year={{2021}}, month={month}}}"
    record = next(iter(refbridge.read(io.StringIO(bib), "bibtex", session=Session())))
    assert record.issued == date
    assert "month" not in record.extra


def test_wos_file_month_and_day() -> None:
    records, codes = read(DATA / "bibtex" / "wos-scopus-pubmed.bib")
    assert records[0].issued == PartialDate(2021, 3, 1)
    assert "RB210" not in codes


@pytest.mark.slow
def test_zotero_reads_our_ris_of_these_exports_with_names_split() -> None:
    """Zotero's RIS import of refbridge's RIS has two-field names where the source had
    ``Yang Z`` (Zotero's own import of the source makes a one-field name)."""
    from zotero import zotero_import

    out = convert((DATA / "ris" / "rayyan-covidence.ris").read_text(), "ris", "ris")
    items = zotero_import("ris", out)
    creators = items[0]["creators"]
    assert creators[0] == {"lastName": "Yang", "firstName": "Z", "creatorType": "author"}
    assert all(c.get("fieldMode") != 1 for c in creators)
