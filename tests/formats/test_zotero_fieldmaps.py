"""The mappings of the complete record model (issue 18) in RIS and BibTeX, with the exact
values written and what Zotero's own importers (tests/zotero.py) read from them.

Each test pins one mapping decision of refbridge/formats/ris/fields.py or
refbridge/formats/bibtex/fields.py; docs/formats.md lists the same table.
"""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import refbridge
from refbridge.model import PartialDate, Person, Record
from refbridge.session import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from zotero import zotero_import


def write(records: list[Record], fmt: str) -> str:
    stream = io.StringIO()
    refbridge.write(records, stream, format=fmt, session=Session())
    return stream.getvalue().replace("\r\n", "\n")


def read(text: str, fmt: str) -> list[Record]:
    return list(refbridge.read(io.StringIO(text), format=fmt, session=Session()))


def zotero(text: str, translator: str) -> dict[str, Any]:
    (item,) = zotero_import(translator, text)
    return item


PAPER = Record(
    type="paper-conference",
    title="Paper",
    container_title="Proceedings of X",
    event_title="X 2020",
    title_short="Pap",
    collection_title="LNCS",
    accessed=PartialDate(2023, 4, 17),
)
BOOK = Record(
    type="book",
    title="Book",
    pages="30-64",
    collection_title="Series B",
    collection_number="7",
    edition="3",
    contributors={"translator": [Person(family="Trans", given="Tom")]},
)
REPORT = Record(
    type="report", title="Rep", number="TR-99", genre="Technical report", collection_title="Rep series"
)
THESIS = Record(type="thesis", title="Thesis", genre="PhD thesis", number_of_pages="200", publisher="MIT")


def test_ris_conference_paper_proceedings_in_c3_and_conference_in_t2() -> None:
    text = write([PAPER], "ris")
    assert "T2  - X 2020\nC3  - Proceedings of X\n" in text
    assert "ST  - Pap\n" in text and "T3  - LNCS\n" in text and "Y2  - 2023-04-17\n" in text
    assert read(text, "ris")[0].event_title == "X 2020"
    assert read(text, "ris")[0].container_title == "Proceedings of X"


def test_ris_book_series_number_and_whole_page_range() -> None:
    text = write([BOOK], "ris")
    assert "SP  - 30-64\n" in text and "EP  -" not in text
    assert "T2  - Series B\n" in text and "M1  - 7\n" in text and "ET  - 3\n" in text
    assert "A4  - Trans, Tom\n" in text
    (back,) = read(text, "ris")
    assert (back.collection_title, back.collection_number, back.edition, back.pages) == (
        "Series B",
        "7",
        "3",
        "30-64",
    )
    assert back.contributors == BOOK.contributors


def test_ris_report_number_first_sn_and_genre_m3() -> None:
    text = write([replace(REPORT, isbn="978-1-119-16781-5")], "ris")
    assert text.index("SN  - TR-99") < text.index("SN  - 978-1-119-16781-5")
    assert "M3  - Technical report\n" in text and "T2  - Rep series\n" in text
    (back,) = read(text, "ris")
    assert (back.number, back.isbn, back.genre, back.collection_title) == (
        "TR-99",
        "978-1-119-16781-5",
        "Technical report",
        "Rep series",
    )


def test_ris_thesis_page_count_in_sp() -> None:
    text = write([THESIS], "ris")
    assert "SP  - 200\n" in text and "M3  - PhD thesis\n" in text
    (back,) = read(text, "ris")
    # SP reads back as pages (a book's SP may be its page range; Zotero: # of Pages either way).
    assert (back.pages, back.genre) == ("200", "PhD thesis")


def test_ris_archive_and_call_number() -> None:
    record = Record(title="T", archive="JSTOR", archive_location="123", call_number="QA76")
    text = write([record], "ris")
    assert "DB  - JSTOR\n" in text and "AN  - 123\n" in text and "CN  - QA76\n" in text
    (back,) = read(text, "ris")
    assert (back.archive, back.archive_location, back.call_number, back.pmid) == (
        "JSTOR",
        "123",
        "QA76",
        None,
    )


def test_bibtex_fields_of_the_complete_model() -> None:
    text = write([PAPER, BOOK, REPORT, THESIS], "bibtex")
    assert (
        "  booktitle    = {Proceedings of {X}},\n" in text or "  booktitle    = {Proceedings of X},\n" in text
    )
    for line in (
        "  eventtitle   = {X 2020},\n",
        "  shorttitle   = {Pap},\n",
        "  series       = {LNCS},\n",
        "  urldate      = {2023-04-17},\n",
        "  number       = {7},\n",
        "  edition      = {3},\n",
        "  translator   = {Trans, Tom},\n",
        "  pages        = {30--64},\n",
        "  number       = {TR-99},\n",
        "  type         = {Technical report},\n",
        "  pagetotal    = {200},\n",
        "  type         = {PhD thesis},\n",
    ):
        assert line in text, line
    back = read(text, "bibtex")
    assert [r.event_title for r in back] == ["X 2020", None, None, None]
    assert (back[1].collection_number, back[1].contributors) == ("7", BOOK.contributors)
    # A report's number reads back as its number (Zotero: Report Number).
    assert (back[2].number, back[2].genre, back[3].number_of_pages) == ("TR-99", "Technical report", "200")
    assert back[0].accessed == PartialDate(2023, 4, 17)


def test_bibtex_subtitle_joined_as_zotero_joins_it() -> None:
    (record,) = read("@book{a, title = {Main}, subtitle = {The sub}}", "bibtex")
    assert record.title == "Main: The sub"
    (record,) = read("@book{a, title = {Main?}, subtitle = {The sub}}", "bibtex")
    assert record.title == "Main? The sub"


def test_bibtex_e_locator_also_in_pages_for_zotero() -> None:
    record = Record(title="T", container_title="J", elocation="e46493")
    text = write([record], "bibtex")
    assert "  pages        = {e46493},\n" in text and "  eid          = {e46493},\n" in text
    (back,) = read(text, "bibtex")
    assert (back.pages, back.elocation) == (None, "e46493")
    assert "pages" not in write([record], "biblatex")  # biblatex prints eid itself


def test_biblatex_other_roles_as_editora() -> None:
    record = Record(type="book", title="B", contributors={"compiler": [Person(family="Comp", given="C")]})
    text = write([record], "biblatex")
    assert "  editora      = {Comp, C},\n" in text and "  editoratype  = {compiler},\n" in text
    assert read(text, "biblatex")[0].contributors == record.contributors


# -- what Zotero reads (the oracle) ----------------------------------------------------


@pytest.mark.slow
def test_zotero_reads_the_ris_fields() -> None:
    paper = zotero(write([PAPER], "ris"), "ris")
    assert (paper["proceedingsTitle"], paper["conferenceName"], paper["series"], paper["shortTitle"]) == (
        "Proceedings of X",
        "X 2020",
        "LNCS",
        "Pap",
    )
    assert paper["accessDate"] == "2023-04-17"
    book = zotero(write([BOOK], "ris"), "ris")
    assert (book["numPages"], book["series"], book["seriesNumber"], book["edition"]) == (
        "30-64",
        "Series B",
        "7",
        "3",
    )
    assert book["creators"] == [{"lastName": "Trans", "firstName": "Tom", "creatorType": "translator"}]
    report = zotero(write([REPORT], "ris"), "ris")
    assert (report["reportNumber"], report["reportType"], report["seriesTitle"]) == (
        "TR-99",
        "Technical report",
        "Rep series",
    )
    thesis = zotero(write([THESIS], "ris"), "ris")
    assert (thesis["numPages"], thesis["thesisType"]) == ("200", "PhD thesis")


@pytest.mark.slow
def test_zotero_reads_the_bibtex_fields() -> None:
    paper = zotero(write([PAPER], "bibtex"), "bibtex")
    assert (paper["proceedingsTitle"], paper["conferenceName"], paper["series"], paper["shortTitle"]) == (
        "Proceedings of X",
        "X 2020",
        "LNCS",
        "Pap",
    )
    book = zotero(write([BOOK], "bibtex"), "bibtex")
    assert (book["numPages"], book["series"], book["seriesNumber"], book["edition"]) == (
        "30–64",
        "Series B",
        "7",
        "3",
    )
    report = zotero(write([REPORT], "bibtex"), "bibtex")
    assert (report["reportNumber"], report["reportType"]) == ("TR-99", "Technical report")
    thesis = zotero(write([THESIS], "bibtex"), "bibtex")
    assert (thesis["numPages"], thesis["thesisType"]) == ("200", "PhD thesis")
    article = zotero(write([Record(title="T", container_title="J", elocation="e46493")], "bibtex"), "bibtex")
    assert article["pages"] == "e46493"
