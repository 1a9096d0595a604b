"""The medline reader on a hand-made 50-record PubMed export, CRLF/BOM input, and bad input."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

import refbridge
from refbridge.context import Context
from refbridge.errors import ParseError
from refbridge.model import AbstractSection, Keyword, PartialDate, Person, Record
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data" / "medline"
EXPORT = DATA / "pubmed-export-50.nbib"
PT = "PublicationType"


def read_text(text: str) -> tuple[list[Record], Session]:
    session = Session()
    fmt = session.format_named("medline", need="read")
    assert fmt.read is not None
    context = Context("medline", "input.nbib", session.options_for("medline"), session.sink)
    return list(fmt.read(io.StringIO(text), context)), session


@pytest.fixture(scope="module")
def export() -> dict[str, Record]:
    records = list(refbridge.read(EXPORT, session=Session()))
    assert len(records) == 50
    return {r.pmid or "": r for r in records}


def test_fifty_records_with_full_names_dois_mesh_and_types(export: dict[str, Record]) -> None:
    text = EXPORT.read_text(encoding="utf-8")
    blocks = text.strip().split("\n\n")
    assert len(export) == len(blocks) == 50
    for block in blocks:
        record = export[re.search(r"^PMID- (\d+)", block, re.M).group(1)]  # type: ignore[union-attr]
        fau = re.findall(r"^FAU - (.+)$", block, re.M)
        # Every author's full name: as many authors as FAU (or AU, before 2002) and CN lines.
        names = fau or re.findall(r"^AU  - (.+)$", block, re.M)
        persons = [a for a in record.authors if not a.is_literal]
        assert len(persons) == len(names)
        if fau:
            assert [f"{a.particle + ' ' if a.particle else ''}{a.family}, {a.given}" for a in persons] == [
                n.removesuffix(" Jr") if "," in n else f"{n}, None" for n in fau
            ]
        dois = set(re.findall(r"^(?:AID|LID) - (\S+) \[doi\]$", block, re.M))
        assert {record.doi} - {None} == dois
        assert [k.term for k in record.keywords if k.vocabulary == PT] == re.findall(
            r"^PT  - (.+)$", block, re.M
        )
        mh = re.findall(r"^MH  - (.+)$", block, re.M)
        mesh = [k for k in record.keywords if k.vocabulary == "MeSH"]
        # One keyword per qualifier, plus one for a descriptor marked in itself.
        assert len(mesh) == sum(max(1, h.count("/")) + (h.startswith("*") and "/" in h) for h in mh)


def test_mesh_headings_keep_each_qualifiers_own_mark(export: dict[str, Record]) -> None:
    record = export["36000000"]
    mesh = [k for k in record.keywords if k.vocabulary == "MeSH"]
    assert mesh[:5] == [
        Keyword("Humans", vocabulary="MeSH"),
        Keyword("COVID-19", None, True, "MeSH"),  # *COVID-19/epidemiology/mortality
        Keyword("COVID-19", "epidemiology", False, "MeSH"),
        Keyword("COVID-19", "mortality", False, "MeSH"),
        Keyword("SARS-CoV-2", "immunology", True, "MeSH"),
    ]
    stem = [k for k in export["36104729"].keywords if k.term == "Mesenchymal Stem Cells"]
    assert stem == [
        Keyword("Mesenchymal Stem Cells", "cytology", True, "MeSH"),
        Keyword("Mesenchymal Stem Cells", "metabolism", False, "MeSH"),
    ]
    pnas = export["8692918"]
    assert Keyword("Protein Structure, Secondary", None, True, "MeSH") in pnas.keywords
    assert [k for k in pnas.keywords if k.term == "Aurovertins"] == [
        Keyword("Aurovertins", "chemistry", True, "MeSH"),
        Keyword("Aurovertins", "metabolism", True, "MeSH"),
    ]


def test_journal_article_with_long_author_list_orcid_and_affiliations(export: dict[str, Record]) -> None:
    record = export["36000000"]
    assert record.type == "article-journal"
    assert record.title is not None and record.title.startswith("Effectiveness of a booster dose")
    assert len(record.authors) == 47
    assert record.authors[-1] == Person(literal="SARS-CoV-2 Booster Effectiveness Study Group")
    assert record.authors[2] == Person(
        family="Adeyemi",
        given="Chloé",
        orcid="0000-0003-2142-6580",
        affiliations=(
            "Center for Stem Cell Research, All India Institute of Medical Sciences, New Delhi, India.",
            "Center for Stem Cell Research, Massachusetts General Hospital, Harvard Medical School, "
            "Boston, MA, USA.",
        ),
    )
    assert record.authors[5].particle == "van der" and record.authors[5].family == "Berg"
    assert record.container_title == "Nature" and record.container_title_short == "Nature"
    assert (record.volume, record.issue, record.pages) == ("10", "1", "100-9")
    assert record.issued == PartialDate(2018, 1, 1)
    assert record.issn == ["1476-4687", "0028-0836"]
    assert record.extra["medline:IS"] == ["1476-4687 (Electronic)", "0028-0836 (Linking)"]
    assert record.language == "eng" and record.place == "England"  # LA as written
    assert record.pmcid == "PMC12000000"
    assert record.genre is None  # only "Journal Article"
    assert [s.label for s in record.abstract_sections] == ["Background", "Methods", "Results", "Conclusions"]
    assert record.abstract == "\n".join(f"{s.label}: {s.text}" for s in record.abstract_sections)
    assert record.license == "© 2018. The Author(s)."
    assert record.extra["medline:GR"] == [
        "R01 AI120000/AI/NIAID NIH HHS/United States",
        "82150000/National Natural Science Foundation of China/",
    ]
    assert [k.term for k in record.keywords if k.vocabulary is None] == [
        "COVID-19", "vaccine effectiveness", "mortality", "cohort",
    ]  # fmt: skip


def test_structured_abstract_labels_of_several_styles(export: dict[str, Record]) -> None:
    jama = export["36104729"]
    assert [s.label for s in jama.abstract_sections] == [
        "Objective",
        "Design, setting, and participants",
        "Main outcomes and measures",
        "Results",
        "Conclusions and relevance",
    ]
    chapter = export["20301295"]
    assert chapter.abstract_sections[1] == AbstractSection(
        "Diagnosis/testing",
        "The diagnosis of AATD is established in a proband with a low serum concentration of AAT and "
        "biallelic pathogenic variants in SERPINA1.",
    )
    # "INTRODUCCIÓN:" alone is not a structured abstract.
    assert export["34567890"].abstract_sections == []


def test_book_chapter_with_editors(export: dict[str, Record]) -> None:
    record = export["20301295"]
    assert record.type == "chapter"
    assert record.title == "Alpha-1 Antitrypsin Deficiency"
    assert record.container_title == "GeneReviews(R)"
    assert record.publisher == "University of Washington, Seattle" and record.place == "Seattle (WA)"
    assert record.editors[0] == Person(family="Adam", given="Margaret P")
    assert len(record.editors) == 4 and len(record.authors) == 3
    assert record.genre == "Review"
    assert record.issued == PartialDate(1993)
    assert record.extra["medline:AID"] == "NBK1519 [bookaccession]"


def test_book_with_corporate_author_and_isbns(export: dict[str, Record]) -> None:
    record = export["21796828"]
    assert record.type == "book"
    assert record.title == "Dietary Reference Intakes for Calcium and Vitamin D"
    assert record.container_title is None
    assert record.authors == [
        Person(
            literal="Institute of Medicine (US) Committee to Review Dietary Reference Intakes for "
            "Vitamin D and Calcium"
        )
    ]
    assert record.editors[3] == Person(family="Del Valle", given="Heather B")
    assert record.isbn == "9780309163941" and record.extra["medline:ISBN"] == "0309163940"
    assert record.doi == "10.17226/13050"


def test_translated_titles_languages_and_dates(export: dict[str, Record]) -> None:
    french = export["36599290"]
    assert french.title == "[Management of acute heart failure in the elderly]."
    assert french.original_title == "Prise en charge de l'insuffisance cardiaque aiguë du sujet âgé."
    assert french.language == "fre"
    assert (french.issued, french.issued_end) == (PartialDate(2023, 1), PartialDate(2023, 2))
    assert french.authors[1] == Person(family="Cruz", given="José Luis", particle="de la")
    # Beside pages, PubMed's "pii" is the publisher's item identifier, not an e-locator.
    assert (french.elocation, french.doi) == (None, "10.1016/j.lpm.2022.104155")
    assert french.extra["medline:LID"] == "S0755-4982(22)00098-1 [pii]"
    german = export["38512044"]
    assert german.language == "ger" and german.issued == PartialDate(2024, season=1)
    assert german.abstract is None
    assert german.authors[0].orcid == "0000-0002-1825-0097"
    spanish = export["34567890"]
    assert spanish.language == "spa"
    assert spanish.issued == PartialDate(2021, season=3, literal="2021 Autumn")
    assert spanish.authors == [
        Person(family="Martínez", given="Isabella"),
        Person(literal="Grupo de Estudio del Asma Infantil"),
    ]
    assert spanish.contributors == {
        "contributor": [
            Person(
                family="Rodríguez",
                given="Mateo",
                affiliations=("Hospital Universitario La Paz, Madrid, Spain.",),
            ),
            Person(family="Santos", given="Maria", particle="dos"),
        ]
    }
    assert export["12519941"].issued == PartialDate(2002, 12)
    assert export["12519941"].issued_end == PartialDate(2003, 1)
    assert (export["21089244"].issued, export["21089244"].issued_end) == (
        PartialDate(2010, 12, 15),
        PartialDate(2010, 12, 31),
    )


def test_errata_comments_preprints_and_old_records(export: dict[str, Record]) -> None:
    erratum = export["35332345"]
    assert erratum.genre == "Published Erratum" and erratum.abstract is None
    assert erratum.extra["medline:EFR"] == (
        "Nature. 2022 Mar;603(7902):679-686. doi: 10.1038/s41586-022-04412-z. PMID: 35234567"
    )
    letter = export["36720001"]
    assert letter.genre == "Letter"
    assert letter.authors == [
        Person(
            family="Smith",
            given="Robert J",
            suffix="Jr",
            affiliations=("Vanderbilt University Medical Center, Nashville, TN.",),
        ),
        Person(family="Selvamani"),
    ]
    assert letter.extra["medline:CON"].endswith("PMID: 36027570")
    preprint = export["39301122"]
    assert preprint.type == "article" and preprint.container_title == "Research square"
    assert preprint.elocation == "rs.3.rs-4871234" and preprint.pages is None
    old = export["8692918"]  # 1996: initials only (AU), no FAU
    assert old.authors[0] == Person(
        family="Raaij",
        given="MJ",
        particle="van",
        affiliations=(
            "Medical Research Council Laboratory of Molecular Biology, Cambridge, United Kingdom.",
        ),
    )
    assert old.issued == PartialDate(1996, 7, 9) and old.doi == "10.1073/pnas.93.14.6913"
    with_erratum = [r for r in export.values() if "medline:EIN" in r.extra]
    assert len(with_erratum) == 4


def test_crlf_and_bom_read_like_the_lf_file(export: dict[str, Record]) -> None:
    session = Session()
    records = list(refbridge.read(DATA / "crlf-bom.nbib", session=session))
    assert [r.pmid for r in records] == ["8692918", "20301295", "36599290"]
    assert records == [export["8692918"], export["20301295"], export["36599290"]]
    assert list(session.sink) == []


def test_a_pubmed_txt_is_medline_not_ris(tmp_path: Path) -> None:
    path = tmp_path / "pubmed-Heart-set.txt"
    path.write_bytes((DATA / "crlf-bom.nbib").read_bytes())
    session = Session()
    assert (
        session.guess_format(str(path), path.read_text(encoding="utf-8-sig"), need="read").name == "medline"
    )
    assert len(list(refbridge.read(path, session=Session()))) == 3
    # An RIS .txt stays RIS, and an output .txt is RIS.
    assert session.guess_format("x.txt", "TY  - JOUR\nTI  - A\nER  - \n", need="read").name == "ris"
    assert session.guess_format("out.txt", None, need="write").name == "ris"
    assert session.guess_format("out.nbib", None, need="write").name == "medline"
    assert session.guess_format(None, "\nPMID- 1\nTI  - x\n", need="read").name == "medline"


def test_not_medline_is_a_parse_error() -> None:
    with pytest.raises(ParseError) as caught:
        read_text("just some text\nthat is not\na MEDLINE file\n")
    assert caught.value.code == "RB900" and caught.value.file == "input.nbib"
    with pytest.raises(ParseError):
        read_text("".join(f"line {i}\n" for i in range(60)) + "PMID- 1\n")


def test_empty_input_is_reported_not_refused() -> None:
    records, session = read_text("\n\n")
    assert records == [] and session.sink.codes() == ["RB901"]


def test_bad_input_is_reported_with_its_line_and_the_rest_read() -> None:
    text = (
        "Search results from PubMed\n\n"
        "PMID- 1\nTI  - First\nTI  - second part\nVI  - 3\nVI  - 4\nDP  - sometime\nAD  - Nowhere\n"
        "FAU - Doe, Jane\nAU  - Doe J\nAUID- ISNI: 0000000121032683\nXYZ - unknown\n"
        "IS  - not-a-number\nIRAD- Lab\nabstract text without indentation\n"
        "PMID- 2\nTI  - Second record\n\nstray text\n\nPMID- 3\n"
    )
    records, session = read_text(text)
    assert [r.pmid for r in records] == ["1", "2", "3"]
    found = {(d.code, d.line) for d in session.sink}
    assert found == {
        ("RB902", 1), ("RB905", 5), ("RB906", 7), ("RB907", 8), ("RB908", 9), ("RB913", 12),
        ("RB909", 13), ("RB912", 14), ("RB908", 15), ("RB903", 16), ("RB910", 17), ("RB902", 20),
    }  # fmt: skip
    first = records[0]
    assert first.title == "First: second part" and first.volume == "3"
    assert first.extra["medline:VI"] == "4" and first.extra["medline:DP"] == "sometime"
    assert first.extra["medline:AD"] == "Nowhere" and first.extra["medline:XYZ"] == "unknown"
    assert first.extra["medline:IRAD"] == "Lab abstract text without indentation"
    assert first.authors == [Person(family="Doe", given="Jane")]
    assert all(d.file == "input.nbib" for d in session.sink)


def test_pmid_without_space_and_doi_prefix_and_record_without_pmid() -> None:
    records, session = read_text(
        "PMID-22664220\nPT  - Technical Report\nAID - doi:10.1016/j.cpr.2005.02.002\n\nTI  - x\n"
    )
    assert records[0].pmid == "22664220" and records[0].doi == "10.1016/j.cpr.2005.02.002"
    assert records[0].type == "report"
    assert session.sink.codes() == ["RB904"]


def test_cli_converts_a_pubmed_txt_to_ris_and_lists_the_format(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from refbridge.cli import cli

    source = tmp_path / "pubmed-result.txt"
    source.write_bytes((DATA / "crlf-bom.nbib").read_bytes())
    result = CliRunner().invoke(cli, ["convert", str(source), "-t", "ris", "-q"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("TY  - ") == 3
    assert "M2  - PMID: 20301295" in result.stdout and "T2  - GeneReviews(R)" in result.stdout
    listing = CliRunner().invoke(cli, ["formats"])
    row = next(line for line in listing.stdout.splitlines() if line.startswith("medline "))
    assert row.split()[:3] == ["medline", "yes", "yes"] and ".nbib" in row


class _Records(io.TextIOBase):
    """A text stream of ``count`` copies of one record, made line by line as it is read."""

    def __init__(self, record: str, count: int) -> None:
        self.lines = [*record.splitlines(keepends=True), "\n"]
        self.count = count

    def __iter__(self):  # type: ignore[no-untyped-def]
        for number in range(self.count):
            for line in self.lines:
                yield line.replace("PMID- 1", f"PMID- {number}")


def test_reading_streams_one_record_at_a_time() -> None:
    import tracemalloc

    record = (DATA / "pubmed-export-50.nbib").read_text(encoding="utf-8").strip().split("\n\n")[0]
    session = Session()
    fmt = session.format_named("medline", need="read")
    assert fmt.read is not None
    context = Context("medline", "big.nbib", session.options_for("medline"), session.sink)

    def peak(count: int, keep: bool) -> int:
        tracemalloc.start()
        try:
            records = fmt.read(_Records(record, count), context)  # type: ignore[arg-type, misc]
            held = list(records) if keep else sum(1 for _ in records)
            assert (len(held) if isinstance(held, list) else held) == count
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    peak(1, keep=False)  # imports the reader's modules, which would count otherwise
    # Reading 300 records one at a time peaks lower than holding 10 of them.
    assert peak(300, keep=False) < peak(10, keep=True)
