"""EndNote's Date field (``<pub-dates><date>``, tagged ``%8``) and its database fields, read into
the model's dates (``issued``, ``issued_end``, ``PartialDate.literal``), ``archive`` and
``archive_location``, written back as read, and what Zotero makes of refbridge's RIS and BibTeX
of them (tests/zotero.py)."""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import refbridge
from refbridge.formats.endnote.dates import DateRange, format_range, read_date
from refbridge.formats.endnote.mapping_read import MARKUP_KEY
from refbridge.model import PartialDate, Person, Record
from refbridge.session import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from zotero import zotero_import

DATA = Path(__file__).resolve().parents[1] / "data" / "endnote"


def read(source: Path | str, fmt: str | None = None, session: Session | None = None) -> list[Record]:
    stream = io.StringIO(source) if isinstance(source, str) else source
    return list(refbridge.read(stream, fmt, session=session or Session()))


def write(records: list[Record], fmt: str, session: Session | None = None) -> str:
    out = io.StringIO()
    refbridge.write(records, out, fmt, session=session or Session())
    return out.getvalue()


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("Mar 3", 2015, DateRange(PartialDate(2015, 3, 3))),
        ("March 3, 2015", None, DateRange(PartialDate(2015, 3, 3))),
        ("3 Mar 2015", 2015, DateRange(PartialDate(2015, 3, 3))),
        ("2021/03/04", 2021, DateRange(PartialDate(2021, 3, 4))),
        ("2015/03/03/", 2015, DateRange(PartialDate(2015, 3, 3))),
        ("Spring", 2020, DateRange(PartialDate(2020, season=1))),
        ("Winter 2019", 2019, DateRange(PartialDate(2019, season=4))),
        ("December 4-9, 2017", 2017, DateRange(PartialDate(2017, 12, 4), PartialDate(2017, 12, 9))),
        ("December 4–9, 2017", 2017, DateRange(PartialDate(2017, 12, 4), PartialDate(2017, 12, 9))),
        ("27-30 June 2016", 2016, DateRange(PartialDate(2016, 6, 27), PartialDate(2016, 6, 30))),
        ("Aug. 4-8, 2020", 2020, DateRange(PartialDate(2020, 8, 4), PartialDate(2020, 8, 8))),
        ("Mar-Apr", 2023, DateRange(PartialDate(2023, 3), PartialDate(2023, 4))),
        ("Mar 3-Apr 5", 2020, DateRange(PartialDate(2020, 3, 3), PartialDate(2020, 4, 5))),
        ("Dec 2023-Jan 2024", 2024, DateRange(PartialDate(2023, 12), PartialDate(2024, 1))),
        ("1984-1986", 1984, DateRange(PartialDate(1984), PartialDate(1986))),
        ("2017-12-04/2017-12-09", 2017, DateRange(PartialDate(2017, 12, 4), PartialDate(2017, 12, 9))),
        # Not a date, or not one this parser can place: kept whole, with the Year.
        ("In press", 2025, DateRange(PartialDate(2025, literal="In press"))),
        ("03/04/2021", 2021, DateRange(PartialDate(2021, literal="03/04/2021"))),  # March 4 or 3 April?
        ("Mid-March", 2020, DateRange(PartialDate(2020, literal="Mid-March"))),
        ("Apr-Mar", 2020, DateRange(PartialDate(2020, literal="Apr-Mar"))),  # a reversed range
        ("2020/12/01", 2021, DateRange(PartialDate(2021, literal="2020/12/01"))),  # the Year says 2021
        ("Epub ahead of print", None, DateRange(PartialDate(literal="Epub ahead of print"))),
        ("", 2019, DateRange(PartialDate(2019))),
    ],
)
def test_read_date(text: str, year: int | None, expected: DateRange) -> None:
    assert read_date(text, year) == expected


@pytest.mark.parametrize(
    ("issued", "end", "text"),
    [
        (PartialDate(2017, 12, 4), PartialDate(2017, 12, 9), "2017-12-04/2017-12-09"),
        (PartialDate(1984), PartialDate(1986), "1984/1986"),
        (PartialDate(2015, 3, 3), None, "2015-03-03"),
        (PartialDate(2015), None, ""),
        (PartialDate(2025, literal="In press"), None, "In press"),
    ],
)
def test_format_range_reads_back(issued: PartialDate, end: PartialDate | None, text: str) -> None:
    assert format_range(issued, end) == text
    if text:
        assert read_date(text, issued.year) == (issued, end)


def test_endnote21_conference_date_range() -> None:
    conference = read(DATA / "endnote21-export.xml")[3]
    assert (conference.issued, conference.issued_end) == (PartialDate(2017, 12, 4), PartialDate(2017, 12, 9))
    assert conference.extra["endnote:date"] == "December 4-9, 2017"  # written back as read


def test_endnote20_export_dates_and_databases() -> None:
    spring, trial, paper, book, thesis, pubmed = read(DATA / "endnote20-dates.xml")
    assert (spring.issued, spring.issued_end) == (PartialDate(2020, season=1), None)
    assert spring.extra["endnote:date"] == "Spring"
    assert (trial.issued, trial.issued_end) == (PartialDate(2023, 3), PartialDate(2023, 4))
    # Another database's record: its Name of Database and Accession Number are where EndNote's
    # RIS puts them (DB, AN), the archive and its location; the provider has no slot.
    assert (trial.archive, trial.archive_location, trial.pmid) == (
        "Web of Science",
        "WOS:000912345600001",
        None,
    )
    assert trial.extra["endnote:remote-database-provider"] == "Clarivate"
    assert (paper.issued, paper.issued_end) == (PartialDate(2020, 8, 4), PartialDate(2020, 8, 8))
    assert (book.issued, book.issued_end) == (PartialDate(2025, literal="In press"), None)
    assert "endnote:date" not in book.extra
    # EndNote 20/21 label a Thesis's Tertiary Author "Advisor": Zotero's and CSL's contributor.
    assert thesis.contributors == {"contributor": [Person("Bäckström", "Henrik")]}
    assert thesis.editors == []
    assert thesis.issued == PartialDate(2022, 6, 30)
    assert (pubmed.issued, pubmed.issued_end) == (PartialDate(2023, 12), PartialDate(2024, 1))
    # PubMed's own database name only says that the accession number is a PMID.
    assert (pubmed.pmid, pubmed.archive, pubmed.archive_location) == ("38412345", None, None)
    assert not any(key.startswith("endnote:remote-database") for key in pubmed.extra)


def test_medline_database_is_the_archive() -> None:
    article = read(DATA / "endnote21-export.xml")[0]
    assert (article.pmid, article.archive) == ("33664243", "Medline")
    assert article.extra["endnote:remote-database-provider"] == "NLM"
    assert article.key == "Muller2021"  # EndNote's Label


def test_thesis_secondary_author_is_no_advisor() -> None:
    """A Thesis's Secondary Author has no label in EndNote 20/21: read as EndNote's generic
    Secondary Author, an editor (older files and other programs put names there)."""
    text = (
        '<?xml version="1.0" encoding="UTF-8" ?><xml><records><record><ref-type name="Thesis">32'
        "</ref-type><contributors><authors><author>Lindgren, Åsa</author></authors><secondary-authors>"
        "<author>Holm, Per</author></secondary-authors><tertiary-authors><author>Berg, Nils</author>"
        "</tertiary-authors></contributors><titles><title>Frost heave in road embankments</title></titles>"
        "<dates><year>2019</year></dates></record></records></xml>"
    )
    (thesis,) = read(text, "endnote-xml")
    assert thesis.editors == [Person("Holm", "Per")]
    assert thesis.contributors == {"contributor": [Person("Berg", "Nils")]}


def test_tagged_dates() -> None:
    paper = read(DATA / "publisher-like.enw")[2]
    assert (paper.issued, paper.issued_end) == (PartialDate(2016, 6, 27), PartialDate(2016, 6, 30))
    text = (
        "%0 Journal Article\n%A Ivanova, Darya\n%T Permafrost carbon feedbacks\n%J Nature Climate Change\n"
        "%D 2026\n%8 In press\n\n%0 Magazine Article\n%A Ngata, Hemi\n%T Reading the tides\n"
        "%J New Scientist\n%D 2019\n%8 Winter\n\n%0 Journal Article\n%A Rossi, Chiara\n"
        "%T Lettere dal fronte\n%J Studi Storici\n%D 2018/05/02\n"
    )
    press, winter, whole = read(text, "endnote")
    assert press.issued == PartialDate(2026, literal="In press")
    assert winter.issued == PartialDate(2019, season=4)
    assert whole.issued == PartialDate(2018, 5, 2)  # a %D holding a whole date


@pytest.mark.parametrize("fmt", ["endnote-xml", "endnote"])
def test_dates_and_databases_written_back(fmt: str) -> None:
    records = read(DATA / "endnote20-dates.xml")
    options = {"endnote": {"flavour": "endnote"}}
    if fmt == "endnote":  # the tagged format has no styled text (the title's italics)
        records = [replace(r, extra={k: v for k, v in r.extra.items() if k != MARKUP_KEY}) for r in records]
    assert read(write(records, fmt, Session(options=options)), fmt) == records
    text = write(records, fmt, Session(options=options))
    for written in (
        "Spring",
        "Mar-Apr",
        "Aug. 4-8, 2020",
        "In press",
        "Web of Science",
        "WOS:000912345600001",
    ):
        assert written in text


def test_changed_dates_written_as_iso() -> None:
    """A date from another format (a BibTeX range) or one a transform changed: its ISO form,
    which reads back as the same date."""
    (record,) = read(
        "@inproceedings{k, title={Deep residual learning}, author={He, Kaiming}, "
        "booktitle={CVPR}, date={2016-06-27/2016-06-30}}",
        "bibtex",
    )
    text = write([record], "endnote-xml")
    assert "2016-06-27/2016-06-30" in text
    (back,) = read(text, "endnote-xml")
    assert (back.issued, back.issued_end) == (PartialDate(2016, 6, 27), PartialDate(2016, 6, 30))


def test_pmid_beside_another_archive() -> None:
    """EndNote has one Accession Number and one Name of Database: the PMID takes them, and
    the other database's name and number are reported as not written."""
    record = Record(
        title="Sertraline versus CBT",
        pmid="33355555",
        archive="APA PsycInfo",
        archive_location="2021-12345-001",
    )
    session = Session()
    (back,) = read(write([record], "endnote-xml", session), "endnote-xml")
    assert (back.pmid, back.archive, back.archive_location) == ("33355555", None, None)
    messages = [d.message for d in session.sink if d.code == "RB980"]
    assert "archive not written: EndNote's Accession Number holds the PMID ('APA PsycInfo')" in messages
    assert any(m.startswith("archive-location not written") and "2021-12345-001" in m for m in messages)


# -- what Zotero makes of refbridge's conversions ---------------------------------------------


def _zotero(path: Path, fmt: str) -> list[dict[str, Any]]:
    out = io.StringIO()
    refbridge.convert(path, out, to_format=fmt, session=Session())
    return zotero_import(fmt, out.getvalue())


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["ris", "bibtex"])
def test_zotero_gets_the_month_day_and_range(fmt: str) -> None:
    """Zotero's EndNote XML import keeps ``December 4-9, 2017`` as text; from refbridge's RIS
    and BibTeX it gets the same days."""
    original = zotero_import("endnotexml", (DATA / "endnote21-export.xml").read_text(encoding="utf-8"))
    assert original[3]["date"] == "December 4-9, 2017"
    converted = _zotero(DATA / "endnote21-export.xml", fmt)
    assert converted[3]["date"].startswith("2017-12-04")
    if fmt == "bibtex":
        assert converted[3]["date"] == "2017-12-04/2017-12-09"
    assert converted[0]["date"] == "2021-03-04"  # ``Mar 4`` with the Year


@pytest.mark.slow
def test_zotero_gets_the_database_from_ris() -> None:
    """Zotero's RIS import reads DB as the archive and AN as its location (its EndNote XML
    import puts the Name of Database in Library Catalog, which the model has no slot for)."""
    original = zotero_import("endnotexml", (DATA / "endnote20-dates.xml").read_text(encoding="utf-8"))
    assert original[1]["libraryCatalog"] == "Web of Science"
    items = _zotero(DATA / "endnote20-dates.xml", "ris")
    assert (items[1]["archive"], items[1]["archiveLocation"]) == ("Web of Science", "WOS:000912345600001")
