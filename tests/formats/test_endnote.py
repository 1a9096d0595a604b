"""EndNote XML and tagged EndNote: reading real and realistic exports into the model,
sniffing, and the structure of what the writers write."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

import refbridge
from refbridge.errors import ParseError
from refbridge.model import Keyword, PartialDate, Person, Record
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data" / "endnote"
REAL = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "real" / "endnote"
STYLE = '<style face="normal" font="default" size="100%">'


def read(path: Path | str, fmt: str | None = None, session: Session | None = None) -> list[Record]:
    source = io.StringIO(path) if isinstance(path, str) else path
    return list(refbridge.read(source, fmt, session=session or Session()))


def write(records: list[Record], fmt: str, **options: str) -> str:
    out = io.StringIO()
    refbridge.write(
        records, out, fmt, session=Session(options={"endnote": dict(options)} if options else None)
    )
    return out.getvalue()


# -- EndNote XML: real file ------------------------------------------------------------


def test_bookends_export_reads_every_field() -> None:
    (record,) = read(REAL / "jabref-EndnoteXmlImporterTestArticle.xml")
    assert record.type == "article-journal"
    assert record.authors == [
        Person("Ahmad", "AS"),
        Person("Ormiston-Smith", "N"),
        Person("Sasieni", "PD"),
    ]
    assert record.title == (
        "Trends in the lifetime risk of developing cancer in Great Britain: "
        "comparison of risk for those born from 1930 to 1960"
    )
    assert (record.container_title, record.volume, record.issue, record.pages) == (
        "Br J Cancer",
        "112",
        "5",
        "943-7",
    )
    assert record.issued == PartialDate(2015, 3, 3)
    assert record.doi == "10.1038/bjc.2014.606"
    assert record.issn == ["1532-1827", "0007-0920"]
    assert record.url == "http://www.ncbi.nlm.nih.gov/pubmed/25647015"
    assert record.abstract == "test abstract"
    assert record.notes == ["some notes"]
    assert record.keywords[2] == Keyword("Aged, 80 and over")
    assert record.keywords[9] == Keyword("Neoplasms", "epidemiology", True, "MeSH")
    assert len(record.keywords) == 13
    # No remote database names PubMed: the accession number is not taken for a PMID, but kept
    # as the archive location (where EndNote's RIS puts it, AN).
    assert record.pmid is None
    assert (record.archive_location, record.archive) == ("25647015", None)
    assert record.extra["endnote:isbn"] == "1532-1827 (Electronic)\n0007-0920 (Linking)"
    assert record.extra["endnote:pdf-urls"].endswith("/Ahmad%20et%20al%202015.pdf")
    assert record.extra["endnote:auth-address"].startswith("Queen Mary University of London, Centre")
    assert record.source is not None and record.source.line == 4


# -- EndNote XML: realistic EndNote 21 export -----------------------------------------------


@pytest.fixture(scope="module")
def en21() -> list[Record]:
    return read(DATA / "endnote21-export.xml")


def test_ref_types_by_name(en21: list[Record]) -> None:
    assert [r.type for r in en21] == [
        "article-journal", "book", "chapter", "paper-conference", "thesis", "report", "webpage"
    ]  # fmt: skip


def test_styled_runs_are_joined_and_kept_as_markup(en21: list[Record]) -> None:
    article = en21[0]
    assert article.title == "Calcium (Ca2+) signalling in Escherichia coli biofilms under antibiotic stress"
    assert article.extra["endnote:markup"]["title"] == (
        "Calcium (Ca<sup>2+</sup>) signalling in <i>Escherichia coli</i> biofilms under antibiotic stress"
    )
    assert en21[4].extra["endnote:markup"] == {"title": "Deep learning for <i>in vivo</i> microscopy"}


def test_pubmed_record_identifiers_and_mesh(en21: list[Record]) -> None:
    article = en21[0]
    assert (article.pmid, article.pmcid, article.doi) == (
        "33664243",
        "PMC7933251",
        "10.1038/s41467-021-21234-5",
    )
    assert article.elocation == "1443" and article.pages is None
    assert article.issn == ["2041-1723"]
    assert (article.container_title, article.container_title_short) == ("Nature Communications", "Nat Commun")
    assert article.keywords[:3] == [
        Keyword("Anti-Bacterial Agents", "pharmacology", True, "MeSH"),
        Keyword("Biofilms", "drug effects", False, "MeSH"),
        Keyword("Biofilms", "growth & development", True, "MeSH"),
    ]
    # a plain heading has no vocabulary: EndNote's Keywords field does not say
    assert article.keywords[-1] == Keyword("Humans")
    assert article.abstract_sections[1].label == "Methods"
    assert article.abstract_sections[1].text == "We imaged Ca2+ transients in E. coli."
    assert article.key == "Muller2021"
    assert article.notes == ["1", "Read for journal club; see Fig. 3."]
    assert article.extra["endnote:research-notes"] == "Read for journal club; see Fig. 3."
    assert article.url == "https://www.ncbi.nlm.nih.gov/pubmed/33664243"
    assert article.extra["endnote:url"] == ["https://www.nature.com/articles/s41467-021-21234-5"]
    assert article.authors[1] == Person("Øster", "Åse K.")
    assert article.authors[3] == Person("Berg", "Jan", particle="van der")


def test_roles_follow_the_reference_type(en21: list[Record]) -> None:
    book, chapter, conference, thesis, report = en21[1:6]
    # Book: Secondary Author is the Series Editor, Tertiary Author the Editor, Subsidiary the Translator
    assert book.editors == [Person("Rabassa", "Gregory")]
    assert book.contributors == {
        "collection-editor": [Person("Smith", "Anne")],
        "translator": [Person("Grossman", "Edith")],
    }
    assert (book.collection_title, book.collection_number) == (
        "Biblioteca de Literatura Latinoamericana",
        "14",
    )
    assert (book.edition, book.number_of_volumes, book.genre) == ("2nd", "3", "Novel")
    assert (book.title_short, book.original_title) == ("Cien años", "One Hundred Years of Solitude")
    assert book.isbn == "978-84-9759-205-0" and book.call_number == "PQ8180.17.A73 C5 2007"
    # Book Section: Secondary Author is the book's Editor, Tertiary the Series Editor
    assert chapter.editors == [Person("Kowalski", "Łukasz"), Person("Śliwa", "Zofia")]
    assert chapter.contributors == {"collection-editor": [Person("Hastie", "Trevor")]}
    assert (chapter.container_title, chapter.collection_title) == (
        "Handbook of Data Science",
        "Springer Handbooks",
    )
    assert (chapter.section, chapter.collection_number) == ("9", "7")
    assert conference.editors == [Person("Guyon", "Isabelle")]
    assert (conference.event_place, conference.place) == ("Long Beach, CA, USA", None)
    # Secondary Title is the Conference Name; Custom 3 (none here) the Proceedings Title
    assert conference.event_title == "Advances in Neural Information Processing Systems 30 (NeurIPS 2017)"
    assert conference.container_title is None
    assert conference.extra["endnote:date"] == "December 4-9, 2017"
    assert thesis.contributors == {"contributor": [Person("Yılmaz", "Mehmet")]}  # EndNote: Advisor
    assert (thesis.publisher, thesis.genre) == ("Boğaziçi University", "PhD thesis")
    assert report.authors == [Person(literal="World Health Organization")]
    assert (report.number, report.collection_title) == ("WHO/CDS/TB/2023.1", "WHO Technical Report Series")
    assert report.extra["endnote:custom1"] == "Licence: CC BY-NC-SA 3.0 IGO"


def test_web_page_dates(en21: list[Record]) -> None:
    page = en21[6]
    assert (page.issued, page.accessed) == (PartialDate(2024, 1, 15), PartialDate(2024, 2, 1))
    assert page.container_title == "Wikipedia"


def test_mendeley_style_numbers_and_plain_text() -> None:
    records = read(DATA / "mendeley-style.xml")
    assert [r.type for r in records] == ["article-journal", "article-journal", "book"]
    assert records[0].doi == "10.1016/j.joi.2013.09.001"
    assert records[0].url == "https://www.sciencedirect.com/science/article/pii/S1751157713000758"
    assert (records[0].issue, records[0].issn) == ("4", ["1751-1577"])
    assert records[0].authors[0] == Person("Björk", "Bo-Christer")
    assert records[1].doi == "10.1371/journal.pmed.0020124"
    assert records[1].issued == PartialDate(2005, 8, 30)
    assert records[1].pages == "e124"
    assert records[2].title == "The Structure of Scientific Revolutions"
    assert all("endnote:ref-type" not in r.extra for r in records)


# -- tagged --------------------------------------------------------------------------------


def test_pubmed_like_direct_export() -> None:
    first, second = read(DATA / "pubmed-like.enw")
    assert first.authors[2] == Person("Johansson", "Åsa")
    assert (first.pmid, first.pmcid, first.doi) == (
        "36801062",
        "PMC10012345",
        "10.1016/j.vaccine.2023.02.034",
    )
    assert first.issued == PartialDate(2023, 3, 17)
    assert first.issn == ["1873-2518"]
    assert first.keywords[2] == Keyword("Influenza Vaccines", "administration & dosage", True, "MeSH")
    assert first.keywords[0] == Keyword("Aged")
    assert [s.label for s in first.abstract_sections] == ["Background", "Methods", "Results", "Conclusions"]
    assert first.title_short == "Influenza VE in older adults"
    assert (
        first.extra["endnote:auth-address"]
        == "Department of Epidemiology, Peking University, Beijing, China."
    )
    assert second.original_title == "Antibiotic resistance in children"
    assert second.issued == PartialDate(2023, 2)
    assert second.issn == ["0929-693X"]
    # a star alone marks a major term, MeSH only with a qualifier (as RIS reads it)
    assert second.keywords[2] == Keyword("Drug Resistance, Bacterial", None, True)


def test_publisher_like_direct_export_with_bom_and_crlf() -> None:
    article, chapter, paper = read(DATA / "publisher-like.enw")
    assert article.key == "Hughes2018" and article.issued == PartialDate(2018, 4, 18)
    assert (article.container_title, article.issue, article.pages) == ("Nature", "7702", "492-496")
    assert chapter.type == "chapter"
    assert chapter.editors == [Person("Solomon", "Susan"), Person("Qin", "Dahe")]
    assert (chapter.container_title, chapter.collection_title) == (
        "Climate Change 2007: The Physical Science Basis",
        "Assessment Report of the Intergovernmental Panel on Climate Change",
    )
    assert (chapter.isbn, chapter.edition, chapter.section) == ("978-0-521-88009-1", "1", "8")
    assert paper.type == "paper-conference"
    assert paper.event_title == "2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)"
    assert [k.term for k in paper.keywords] == ["Training", "Neural networks", "Image recognition"]
    assert paper.extra["endnote:date"] == "27-30 June 2016"


def test_jabref_tagged_file_without_blank_lines() -> None:
    session = Session()
    records = read(REAL / "jabref-Endnote.entries.enw", session=session)
    # 13 %0 lines: 8 records with nothing but a type are skipped and reported, as JabRef drops them.
    assert len(records) == 5
    assert [d.code for d in session.sink].count("RB978") == 8
    first = records[0]
    assert first.authors == [Person(literal="testA0"), Person(literal="testA1")]
    assert first.editors == [Person(literal="testE0"), Person(literal="testE1")]
    assert first.title == "testT"
    thesis = records[4]
    assert (thesis.type, thesis.genre, thesis.extra["endnote:work-type"]) == ("thesis", "Ph.D.", "Masters")
    assert thesis.extra["endnote:electronic-resource-num"] == "testRw"  # no DOI
    assert records[1].extra["endnote:ref-type"] == "Test0"


def test_refer_file_written_by_zotero() -> None:
    (record,) = read(REAL / "jabref-refer.bibIX.Journal.ref")
    assert record.container_title == "Publication" and record.collection_title == "Series"
    assert record.contributors == {"translator": [Person("TranslatorL", "TranslatorF I")]}
    assert record.issued == PartialDate(2025)


def test_continuation_lines_and_header() -> None:
    text = (
        "Exported from Example\n\n%0 Journal Article\n%T A title broken\n  over two lines\n"
        "%X Line one\nline two\n"
    )
    session = Session()
    (record,) = read(text, "endnote", session=session)
    assert record.title == "A title broken over two lines"
    assert record.abstract == "Line one\nline two"
    assert [d.code for d in session.sink] == ["RB975"]


def test_not_endnote_is_a_parse_error() -> None:
    with pytest.raises(ParseError) as tagged:
        read("TY  - JOUR\nER  - \n", "endnote")
    assert tagged.value.code == "RB976"
    with pytest.raises(ParseError) as xml:
        read("<article><front/></article>", "endnote-xml")
    assert xml.value.code == "RB970"


def test_broken_xml_after_records_keeps_them() -> None:
    text = (
        f"<xml><records><record><titles><title>{STYLE}One</style></title></titles></record>\n"
        "<record><oops></records>"
    )
    session = Session()
    records = read(text, "endnote-xml", session=session)
    assert [r.title for r in records] == ["One"]
    assert [(d.code, d.line) for d in session.sink] == [("RB971", 2)]


def test_unknown_ref_type_is_reported_and_kept() -> None:
    session = Session()
    text = '<xml><records><record><ref-type name="Holography">99</ref-type></record></records></xml>'
    (record,) = read(text, "endnote-xml", session=session)
    assert record.type == "article-journal" and record.extra["endnote:ref-type"] == "Holography"
    assert [d.code for d in session.sink] == ["RB972"]


# -- sniffing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (DATA / "endnote21-export.xml", "endnote-xml"),
        (DATA / "mendeley-style.xml", "endnote-xml"),
        (REAL / "jabref-EndnoteXmlImporterTestArticle.xml", "endnote-xml"),
        (DATA / "pubmed-like.enw", "endnote"),
        *((path, "jats") for path in sorted((REAL.parent / "jats").glob("*.*xml"))),
        *((path, "pubmed-xml") for path in sorted((REAL.parent / "pubmed-xml").glob("*.xml"))),
    ],
    ids=lambda v: v.name if isinstance(v, Path) else v,
)
def test_xml_sniffing_picks_the_right_reader(path: Path, expected: str) -> None:
    session = Session()
    head = path.read_text(encoding="utf-8-sig")[:8192]
    assert session.guess_format(path.name, head, need="read").name == expected


def test_tagged_sniffed_from_other_extensions() -> None:
    session = Session()
    head = (DATA / "publisher-like.enw").read_text(encoding="utf-8-sig")
    assert session.guess_format("export.txt", head, need="read").name == "endnote"
    assert session.guess_format("out.txt", None, need="write").name == "ris"
    assert session.guess_format(None, head, need="read").name == "endnote"
    assert (
        session.guess_format(None, "%% a LaTeX comment\n@article{k, title={T}}\n", need="read").name
        == "bibtex"
    )


# -- writing structure ---------------------------------------------------------------------


def test_xml_writer_structure(en21: list[Record]) -> None:
    text = write(en21[:1], "endnote-xml")
    assert text.startswith(
        '<?xml version="1.0" encoding="UTF-8" ?><xml><records>\n<record><rec-number>1</rec-number>'
    )
    assert '<ref-type name="Journal Article">17</ref-type>' in text
    assert (
        f'<title>{STYLE}Calcium (Ca</style><style face="superscript" font="default" size="100%">2+</style>'
        in text
    )
    order = ["<contributors>", "<titles>", "<periodical>", "<pages>", "<keywords>", "<dates>", "<isbn>",
             "<accession-num>", "<abstract>", "<notes>", "<research-notes>", "<label>", "<urls>", "<custom2>",
             "<electronic-resource-num>", "<remote-database-name>", "<language>"]  # fmt: skip
    positions = [text.index(tag) for tag in order]
    assert positions == sorted(positions)
    assert "Background: Bacterial biofilms tolerate antibiotics.&#xD;Methods:" in text
    assert text.endswith("</record>\n</records></xml>\n")


def test_tagged_writer_structure(en21: list[Record]) -> None:
    text = write(en21[1:2], "endnote", flavour="endnote")
    assert text.split("\r\n")[:6] == [
        "%0 Book", "%A García Márquez, Gabriel", "%E Smith, Anne", "%Y Rabassa, Gregory",
        "%? Grossman, Edith", "%T Cien años de soledad",
    ]  # fmt: skip
    assert text.endswith("\r\n\r\n")


def test_corporate_names_keep_endnotes_trailing_comma(en21: list[Record]) -> None:
    assert "%A World Health Organization,\r\n" in write(en21[5:6], "endnote")


# -- JabRef's expected import -----------------------------------------------------------------


def test_jabref_expected_import_agrees_on_every_field_both_keep() -> None:
    """JabRef's expected .bib beside the XML: the fields both keep agree; the differences are
    choices explained in docs/formats.md (JabRef keeps the ISBN field and the date text as
    written, puts the author address in ``address`` and the PDF link in ``file``)."""
    (mine,) = read(REAL / "jabref-EndnoteXmlImporterTestArticle.xml")
    (jabref,) = read(REAL / "jabref-EndnoteXmlImporterTestArticle.jabref-expected.bib")
    same = ["type", "title", "authors", "container_title", "volume", "issue", "pages", "doi", "url"]
    same += ["abstract", "notes"]
    assert [getattr(mine, f) for f in same] == [getattr(jabref, f) for f in same]
    assert jabref.issued == PartialDate(2015) and jabref.extra["date"] == "Mar 3"
    assert mine.issued == PartialDate(2015, 3, 3)
    assert jabref.isbn == "1532-1827 (Electronic) 0007-0920 (Linking)"
    assert (mine.isbn, mine.issn) == (None, ["1532-1827", "0007-0920"])
    assert jabref.place == mine.extra["endnote:auth-address"]
    assert jabref.extra["file"] == mine.extra["endnote:pdf-urls"]
    # JabRef joins the keywords with "; "; refbridge keeps each, and their text as written.
    bib = (REAL / "jabref-EndnoteXmlImporterTestArticle.jabref-expected.bib").read_text(encoding="utf-8")
    keywords = re.search(r"keywords = \{(.*)\},", bib)
    assert keywords is not None and "; ".join(mine.extra["endnote:keywords"]) == keywords.group(1)


def test_keywords_separated_by_line_breaks_in_one_element() -> None:
    text = (
        '<xml><records><record><ref-type name="Journal Article">17</ref-type><keywords>'
        f"<keyword>{STYLE}Humans&#xD;Neoplasms/*epidemiology</style></keyword>"
        f"<keyword>{STYLE}Aged, 80 and over</style></keyword></keywords></record></records></xml>"
    )
    (record,) = read(text, "endnote-xml")
    assert record.keywords == [
        Keyword("Humans"),
        Keyword("Neoplasms", "epidemiology", True, "MeSH"),
        Keyword("Aged, 80 and over"),
    ]
    assert read(write([record], "endnote-xml"), "endnote-xml") == [record]
