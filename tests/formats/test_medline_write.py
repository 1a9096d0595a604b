"""The medline writer: round trips, PubMed's notation, wrapping, and what it reports."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest

import refbridge
from refbridge.context import Context
from refbridge.model import AbstractSection, Keyword, PartialDate, Person, Record
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data" / "medline"
CORPUS = sorted((Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real" / "nbib").glob("*.nbib"))
INPUTS = [DATA / "pubmed-export-50.nbib", DATA / "crlf-bom.nbib", *CORPUS]


def write(records: list[Record], **options: object) -> tuple[str, Session]:
    session = Session()
    fmt = session.format_named("medline", need="write")
    assert fmt.write is not None
    resolved = {**session.options_for("medline"), **options}
    out = io.StringIO()
    fmt.write(records, out, Context("medline", "out.nbib", resolved, session.sink))
    return out.getvalue(), session


def read(text: str) -> list[Record]:
    return list(refbridge.read(io.StringIO(text), "medline", session=Session()))


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_medline_model_medline_round_trip(path: Path) -> None:
    records = list(refbridge.read(path, session=Session()))
    text, _ = write(records)
    assert read(text) == records
    again, _ = write(read(text))
    assert again == text  # the writer's output is a fixed point
    assert max(len(line) for line in text.splitlines()) <= 80


def test_round_trip_through_convert_with_the_default_transforms(tmp_path: Path) -> None:
    out = tmp_path / "out.nbib"
    counts = refbridge.convert(DATA / "pubmed-export-50.nbib", out, disable=["keywords"])
    assert counts.written == 50
    assert len(read(out.read_text(encoding="utf-8"))) == 50


def test_pubmed_layout_of_a_written_record() -> None:
    record = Record(
        title="Mesenchymal stem cells for steroid-refractory acute graft-versus-host disease: a "
        "randomised trial in 212 patients across fourteen centres.",
        authors=[
            Person(family="Wang", given="Siyu", orcid="0000-0002-1825-0097", affiliations=("A, B.", "C.")),
            Person(family="Raaij", given="M J", particle="van"),
            Person(family="King", given="Martin Luther", suffix="Jr"),
            Person(family="Kim", given="MJ"),
            Person(literal="COVID Study Group"),
        ],
        container_title="Chinese medical journal",
        container_title_short="Chin Med J (Engl)",
        volume="138",
        issue="22",
        pages="2984-2992",
        issued=PartialDate(2025, 11, 20),
        doi="10.1097/CM9.0000000000003912",
        issn=["0366-6999"],
        pmid="41234567",
        language="zh",
        abstract_sections=[AbstractSection("Background", "Why."), AbstractSection("Methods", "How.")],
        keywords=[
            Keyword("Humans", vocabulary="MeSH"),
            Keyword("Mesenchymal Stem Cells", "cytology", True, "MeSH"),
            Keyword("Mesenchymal Stem Cells", "metabolism", False, "MeSH"),
            Keyword("COVID-19", None, True, "MeSH"),
            Keyword("COVID-19", "therapy", False, "MeSH"),
            Keyword("Randomized Controlled Trial", vocabulary="PublicationType"),
            Keyword("stem cells"),
        ],
    )
    text, session = write([record])
    assert text == (
        "PMID- 41234567\n"
        "IS  - 0366-6999\n"
        "VI  - 138\n"
        "IP  - 22\n"
        "DP  - 2025 Nov 20\n"
        "TI  - Mesenchymal stem cells for steroid-refractory acute graft-versus-host\n"
        "      disease: a randomised trial in 212 patients across fourteen centres.\n"
        "PG  - 2984-2992\n"
        "LID - 10.1097/CM9.0000000000003912 [doi]\n"
        "AB  - BACKGROUND: Why. METHODS: How.\n"
        "FAU - Wang, Siyu\n"
        "AU  - Wang S\n"
        "AUID- ORCID: 0000-0002-1825-0097\n"
        "AD  - A, B.\n"
        "AD  - C.\n"
        "FAU - van Raaij, M J\n"
        "AU  - van Raaij MJ\n"
        "FAU - King, Martin Luther Jr\n"
        "AU  - King ML Jr\n"
        "AU  - Kim MJ\n"
        "CN  - COVID Study Group\n"
        "LA  - chi\n"
        "PT  - Randomized Controlled Trial\n"
        "TA  - Chin Med J (Engl)\n"
        "JT  - Chinese medical journal\n"
        "MH  - Humans\n"
        "MH  - Mesenchymal Stem Cells/*cytology/metabolism\n"
        "MH  - *COVID-19/therapy\n"
        "OTO - NOTNLM\n"
        "OT  - stem cells\n"
        "AID - 10.1097/CM9.0000000000003912 [doi]\n"
        "\n"
    )
    assert list(session.sink) == []
    back = read(text)[0]
    assert back.keywords == [record.keywords[5], *record.keywords[:5], record.keywords[6]]
    assert back.authors == record.authors


def test_width_and_newline_options() -> None:
    record = Record(title="word " * 60, pmid="1")
    text, _ = write([record], width=88, newline="crlf")
    lines = text.split("\r\n")
    assert max(len(line) for line in lines) <= 88 and max(len(line) for line in lines) > 80
    assert "\n" not in text.replace("\r\n", "")


def test_types_without_a_publication_type_and_fields_without_a_tag_are_reported() -> None:
    records = [
        Record(type="webpage", title="A page", url="https://example.org/a", extra={"M3": "x"}),
        Record(type="webpage", title="Another", contributors={"translator": [Person(family="T")]}),
        Record(type="book", title="A book", abstract="Line one.\nLine two."),
    ]
    text, session = write(records)
    assert session.sink.codes() == ["RB920", "RB921", "RB924", "RB922"]
    back = read(text)
    assert [r.type for r in back] == ["article-journal", "article-journal", "book"]
    assert back[0].url == "https://example.org/a" and back[2].abstract == "Line one. Line two."
    assert "BTI - A book\nAB  - Line one. Line two.\nPT  - Book\n" in text


def test_chapter_and_book_titles_go_where_pubmed_puts_them() -> None:
    chapter = Record(
        type="chapter",
        title="Peutz-Jeghers Syndrome",
        container_title="Cancer Syndromes",
        editors=[Person(family="Boardman", given="Lisa A")],
        publisher="NCBI",
        place="Bethesda (MD)",
    )
    text, _ = write([chapter])
    assert text == (
        "PB  - NCBI\nTI  - Peutz-Jeghers Syndrome\nBTI - Cancer Syndromes\nFED - Boardman, Lisa A\n"
        "ED  - Boardman LA\nPT  - Book Chapter\nPL  - Bethesda (MD)\n\n"
    )
    # Read back, the type written comes as a publication type (keyword and genre) too.
    assert read(text) == [
        replace(
            chapter, keywords=[Keyword("Book Chapter", vocabulary="PublicationType")], genre="Book Chapter"
        )
    ]


def test_dates_in_pubmed_notation() -> None:
    cases = {
        "2024 Spring": (PartialDate(2024, season=1), None),
        "2023 Jan-Feb": (PartialDate(2023, 1), PartialDate(2023, 2)),
        "2010 Dec 15-31": (PartialDate(2010, 12, 15), PartialDate(2010, 12, 31)),
        "2019 Nov 28-Dec 4": (PartialDate(2019, 11, 28), PartialDate(2019, 12, 4)),
        "2002 Dec-2003 Jan": (PartialDate(2002, 12), PartialDate(2003, 1)),
        "1998-1999": (PartialDate(1998), PartialDate(1999)),
        "2020 Summer-Fall": (PartialDate(2020, season=2), PartialDate(2020, season=3)),
        "2021 Autumn": (PartialDate(2021, season=3, literal="2021 Autumn"), None),
        "2019 Nov/Dec": (PartialDate(2019, literal="2019 Nov/Dec"), None),
    }
    for dp, (issued, end) in cases.items():
        record = read(f"PMID- 1\nDP  - {dp}\n")[0]
        assert (record.issued, record.issued_end) == (issued, end), dp
        assert f"DP  - {dp}\n" in write([record])[0]


def test_medline_fields_come_back_through_bibtex() -> None:
    # BibTeX keeps extra fields under lower-case names (medline:own); they are MEDLINE tags again.
    records = list(refbridge.read(DATA / "crlf-bom.nbib", session=Session()))
    bib = io.StringIO()
    refbridge.write(records, bib, "bibtex", session=Session())
    back = list(refbridge.read(io.StringIO(bib.getvalue()), "bibtex", session=Session()))
    assert back[0].extra["medline:own"] == "NLM"
    text, session = write(back)
    assert "PMID- 8692918\nOWN - NLM\nSTAT- MEDLINE\nDCOM- 19960829\n" in text
    assert "CI  - Copyright (c) 1993-2024, University of Washington, Seattle." in text
    assert [d.code for d in session.sink if d.code == "RB920"] == []
