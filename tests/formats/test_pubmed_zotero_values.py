"""What Zotero's own PubMed importers keep of a record reaches Zotero through refbridge.

Two exports of the same PubMed records, MEDLINE (``books-and-numbers.nbib``) and PubMed
XML (``books-and-languages.xml``): a National Academies book with two ISBNs, Bookshelf
chapters, a bilingual Spanish/English article and a book with its PMC id in
``PubmedBookData``. Zotero's MEDLINE and PubMed XML imports of the originals are the
judges of the values; refbridge's readers must agree with each other on the same record,
and the values must survive RIS, BibTeX and a MEDLINE round trip.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest

import refbridge
from refbridge.model import Record
from refbridge.session import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from zotero import zotero_import

DATA = Path(__file__).resolve().parents[1] / "data"
NBIB = DATA / "medline" / "books-and-numbers.nbib"
XML = DATA / "pubmed_xml" / "books-and-languages.xml"
JABREF_NBIB = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "corpus"
    / "real"
    / "nbib"
    / "jabref-NbibImporterTest.nbib"
)


def _read(path: Path | str, fmt: str | None = None) -> dict[str, Record]:
    source: Any = io.StringIO(path) if isinstance(path, str) else path
    return {r.pmid or "": r for r in refbridge.read(source, fmt, session=Session())}


def _write(records: list[Record], fmt: str) -> str:
    out = io.StringIO()
    refbridge.write(records, out, fmt, session=Session())
    return out.getvalue()


def _zotero(translator: str, text: str | bytes) -> dict[str, dict[str, Any]]:
    """Zotero's items by PMID (from the PMID field or the ``PMID: …`` line of Extra)."""
    items = {}
    for item in zotero_import(translator, text):
        pmid = item.get("PMID") or next(
            line.split(":", 1)[1].strip()
            for line in item.get("extra", "").splitlines()
            if line.startswith("PMID:")
        )
        items[pmid] = item
    return items


def _extra_lines(item: dict[str, Any]) -> set[str]:
    return {line.strip() for line in item.get("extra", "").splitlines() if line.strip()}


@pytest.fixture(scope="module")
def medline() -> dict[str, Record]:
    return _read(NBIB)


@pytest.fixture(scope="module")
def xml() -> dict[str, Record]:
    return _read(XML)


# -- ISSNs and ISBNs in IS and ISBN lines -------------------------------------------------


def test_medline_standard_numbers_are_bare(medline: dict[str, Record]) -> None:
    book, article, springer = medline["24983039"], medline["36841234"], medline["30285347"]
    # IS lines with their kinds: the ISBN of a book, an ISSN of a journal.
    assert (book.isbn, book.issn) == ("9780309297387", [])
    assert book.extra["medline:IS"] == ["9780309297387 (Print)", "0309297389 (Electronic)"]
    assert (article.isbn, article.issn) == (None, ["1578-8989", "0025-7753"])
    assert article.extra["medline:IS"] == [
        "1578-8989 (Electronic)",
        "0025-7753 (Print)",
        "0025-7753 (Linking)",
    ]
    # "ISBN 978-…" in IS and in ISBN: the number without its name.
    assert springer.isbn == "978-3-319-93700-7"
    assert springer.extra["medline:IS"] == ["ISBN 978-3-319-93700-7", "ISBN 978-3-319-93701-4"]
    assert springer.extra["medline:ISBN"] == "ISBN 978-3-319-93700-7"


def test_an_isbn_with_its_name_reaches_zotero_as_the_bare_number() -> None:
    """JabRef's test file: ``ISBN- ISBN 978-3-86680-192-9`` on a journal article. Zotero's
    MEDLINE import keeps the number (in Extra: a journal article has no ISBN field)."""
    [record] = _read(JABREF_NBIB).values()
    assert record.isbn == "978-3-86680-192-9"
    [original] = _zotero("medline", JABREF_NBIB.read_bytes()).values()
    assert "ISBN: 9783866801929" in _extra_lines(original)
    [converted] = _zotero("bibtex", _write([record], "bibtex")).values()
    # Zotero's BibTeX import keeps the hyphens its MEDLINE import drops: the same ISBN.
    assert "ISBN: 978-3-86680-192-9" in _extra_lines(converted)
    ris = _write([record], "ris")
    assert "ISBN" not in ris


@pytest.mark.parametrize("target", ["ris", "bibtex"])
def test_book_isbns_reach_zotero(medline: dict[str, Record], target: str) -> None:
    originals = _zotero("medline", NBIB.read_bytes())
    converted = _zotero(target, _write(list(medline.values()), target))
    for pmid in ("24983039", "30285347"):
        assert originals[pmid]["ISBN"] == converted[pmid]["ISBN"].replace("-", "")
    assert converted["24983039"]["ISBN"] == "9780309297387"


def test_medline_writes_back_every_isbn(medline: dict[str, Record], xml: dict[str, Record]) -> None:
    text = _write(list(medline.values()), "medline")
    for line in (
        "IS  - 9780309297387 (Print)",
        "IS  - 0309297389 (Electronic)",
        "IS  - ISBN 978-3-319-93701-4",
        "ISBN- ISBN 978-3-319-93700-7",
    ):
        assert line in text.splitlines()
    assert _read(text, "medline") == medline
    # PubMed XML's two Isbn elements: the first is the record's, both are kept and written.
    book = xml["24983039"]
    assert (book.isbn, book.extra["pubmed-isbns"]) == ("9780309297387", ["9780309297387", "0309297389"])
    [zotero] = [i for p, i in _zotero("pubmedxml", XML.read_bytes()).items() if p == "24983039"]
    assert zotero["ISBN"] == ", ".join(book.extra["pubmed-isbns"])
    lines = _write([book], "medline").splitlines()
    assert [line for line in lines if line.startswith("ISBN")] == ["ISBN- 9780309297387", "ISBN- 0309297389"]
    [back] = _read(_write([book], "medline"), "medline").values()
    assert (back.isbn, back.extra["medline:ISBN"]) == ("9780309297387", "0309297389")


# -- Bookshelf accessions: call number and URL --------------------------------------------


def test_both_readers_take_the_bookshelf_accession(
    medline: dict[str, Record], xml: dict[str, Record]
) -> None:
    zotero = _zotero("pubmedxml", XML.read_bytes())
    for pmid, accession in (("24983039", "NBK202207"), ("25577877", "NBK273711")):
        url = f"http://www.ncbi.nlm.nih.gov/books/{accession}/"
        assert (xml[pmid].call_number, xml[pmid].url) == (accession, url)
        assert (zotero[pmid]["callNumber"], zotero[pmid]["url"]) == (accession, url)
    book = medline["24983039"]
    assert (book.call_number, book.url) == (xml["24983039"].call_number, xml["24983039"].url)
    chapter = medline["20301308"]
    assert (chapter.call_number, chapter.url) == ("NBK1205", "http://www.ncbi.nlm.nih.gov/books/NBK1205/")


@pytest.mark.parametrize("source", [NBIB, XML], ids=["medline", "pubmed-xml"])
def test_the_accession_reaches_zotero_through_ris(source: Path) -> None:
    records = list(_read(source).values())
    judge = _zotero("pubmedxml", XML.read_bytes())["24983039"]
    converted = _zotero("ris", _write(records, "ris"))["24983039"]
    assert (converted["callNumber"], converted["url"]) == (judge["callNumber"], judge["url"])


def test_medline_writes_the_accession_once_and_no_url(
    xml: dict[str, Record], medline: dict[str, Record]
) -> None:
    """The URL is read back from the accession: no ``LID`` URL line beside the ``AID``."""
    for records in (medline, xml):
        text = _write([records["24983039"]], "medline")
        assert text.count("AID - NBK202207 [bookaccession]") == 1
        assert "LID - http" not in text
        [back] = _read(text, "medline").values()
        assert (back.call_number, back.url) == ("NBK202207", "http://www.ncbi.nlm.nih.gov/books/NBK202207/")


# -- PMC ids, languages, place, dates -------------------------------------------------------


def test_pmcids_from_article_id_lists(xml: dict[str, Record], medline: dict[str, Record]) -> None:
    assert xml["36841234"].pmcid == medline["36841234"].pmcid == "PMC9754221"
    # A book's ids are in BookDocument's ArticleIdList and in PubmedBookData's.
    assert (xml["25577877"].pmcid, xml["25577877"].doi) == ("PMC4781146", "10.3310/hta19010")
    assert "pubmed-article-ids" not in xml["25577877"].extra  # the pubmed id is the PMID
    judge = _zotero("pubmedxml", XML.read_bytes())["36841234"]
    converted = _zotero("bibtex", _write(list(xml.values()), "bibtex"))["36841234"]
    assert f"PMCID: {judge['PMCID']}" in _extra_lines(converted)


def test_both_readers_keep_every_language(medline: dict[str, Record], xml: dict[str, Record]) -> None:
    article = xml["36841234"]
    assert (article.language, article.extra["pubmed-languages"]) == ("spa", ["spa", "eng"])
    assert _zotero("pubmedxml", XML.read_bytes())["36841234"]["language"] == "spa, eng"
    assert (xml["25577877"].language, xml["25577877"].extra["pubmed-languages"]) == ("eng", ["eng", "nor"])
    nbib = medline["36841234"]
    assert (nbib.language, nbib.extra["medline:LA"]) == ("spa", "eng")
    # Written as MEDLINE, the XML's languages are LA lines, read back as the .nbib's are.
    text = _write([article], "medline")
    assert [line for line in text.splitlines() if line.startswith("LA")] == ["LA  - spa", "LA  - eng"]
    [back] = _read(text, "medline").values()
    assert (back.language, back.extra["medline:LA"]) == (nbib.language, nbib.extra["medline:LA"])


def test_place_of_a_journal_article(medline: dict[str, Record], xml: dict[str, Record]) -> None:
    """MEDLINE's PL is PubMed XML's MedlineJournalInfo/Country: both readers' place, and the
    place Zotero's MEDLINE import gives."""
    assert xml["36841234"].place == medline["36841234"].place == "Spain"
    assert _zotero("medline", NBIB.read_bytes())["36841234"]["place"] == "Spain"
    assert "pubmed-country" not in xml["36841234"].extra
    assert _zotero("ris", _write([xml["36841234"]], "ris"))["36841234"]["place"] == "Spain"


def test_book_date_is_the_whole_pub_date(medline: dict[str, Record], xml: dict[str, Record]) -> None:
    """Book/PubDate is PubMed's publication date of the book; its MEDLINE DP is the same
    day (``2014 May 30``, which Zotero's MEDLINE import keeps). Zotero's PubMed XML import
    keeps only the year."""
    assert xml["24983039"].issued == medline["24983039"].issued
    assert xml["24983039"].issued is not None and xml["24983039"].issued.iso() == "2014-05-30"
    assert _zotero("medline", NBIB.read_bytes())["24983039"]["date"] == "2014 May 30"
    assert _zotero("pubmedxml", XML.read_bytes())["24983039"]["date"] == "2014"
