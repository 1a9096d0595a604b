"""Writing RIS: Zotero/EndNote conventions, options, diagnostics, WPRIM record 1 (conftest.py)."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest

import refbridge
from refbridge.abstracts import join_sections
from refbridge.formats.ris.tables import TAG_LINE, WRITE_ORDER
from refbridge.model import AbstractSection, Keyword, PartialDate, Person, Record
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data" / "ris"


def write(records: list[Record], session: Session | None = None, **options: str) -> str:
    """RIS text written for ``records`` with the given ris options."""
    session = session or Session(options={"ris": options})
    out = io.StringIO()
    refbridge.write(records, out, "ris", session=session)
    return out.getvalue()


def read(text: str, session: Session | None = None) -> list[Record]:
    return list(refbridge.read(io.StringIO(text), "ris", session=session or Session()))


def tags(text: str) -> list[str]:
    return [m.group(1) for line in text.splitlines() if (m := TAG_LINE.match(line))]


# -- WPRIM record 1 -------------------------------------------------------------------


def test_wprim_record_1_as_written(update_golden: bool, wprim_record_1: Record) -> None:
    text = write([wprim_record_1])
    golden = DATA / "wprim-record1.zotero.ris"
    if update_golden:
        golden.write_bytes(text.encode("utf-8"))
    assert text == golden.read_bytes().decode("utf-8")
    assert text.startswith("TY  - JOUR\r\nAU  - Wang, Siyu\r\nAU  - Yang, Tao\r\n")
    assert (
        "\r\nT2  - Chinese Medical Journal\r\nVL  - 138\r\nIS  - 22\r\nSP  - 2984\r\nEP  - 2992\r\n" in text
    )
    assert "\r\nPY  - 2025\r\nDA  - 2025///\r\n" in text
    assert "\r\nConclusions: Our results demonstrate" in text
    assert "\r\nKW  - COVID-19/therapy*\r\n" in text
    assert text.endswith("KW  - Treatment Outcome\r\nXK  - MeSH\r\nER  - \r\n\r\n")


def test_wprim_record_1_round_trips_with_its_vocabularies(wprim_record_1: Record) -> None:
    (back,) = read(write([wprim_record_1]))
    assert back == wprim_record_1
    assert back.keywords[0] == Keyword("Humans", None, False, "MeSH")


def test_wprim_reader_records_round_trip(wprim_sample: Path) -> None:
    records = list(refbridge.read(wprim_sample, "wprim", session=Session()))
    assert len(records) == 3
    assert read(write(records)) == records


# -- conventions ----------------------------------------------------------------------

FULL = Record(
    type="article-journal",
    key="wang2025",
    title="A title",
    authors=[Person(family="Berg", given="Jan", particle="van der"), Person(literal="WHO Collaborators")],
    editors=[Person(family="Ed", given="Ann", suffix="Jr.")],
    container_title="Chinese Medical Journal",
    container_title_short="Chin Med J (Engl)",
    volume="138",
    issue="22",
    pages="2984-2992",
    elocation="e12",
    issued=PartialDate(2025, 11, 24),
    doi="10.1097/CM9.0000000000003456",
    issn=["0366-6999", "2542-5641"],
    isbn="978-1-119-16781-5",
    pmid="41234567",
    pmcid="PMC1234567",
    url="https://example.org/a",
    publisher="Wolters Kluwer",
    place="Beijing",
    language="en",
    abstract="Plain abstract.",
    keywords=[Keyword("Humans"), Keyword("Lung Neoplasms, drug therapy")],
    notes=["A note\nwith two lines"],
    extra={"Y2": "2025/11/26/", "AD": ["Beijing", "Shanghai"], "timestamp": "x"},
)


def test_fixed_tag_order() -> None:
    written = tags(write([FULL]))
    assert written == [
        "TY", "AU", "AU", "A2", "TI", "T2", "J2", "VL", "IS", "SP", "EP", "C7", "PY", "DA", "DO", "AB",
        "KW", "KW", "SN", "UR", "LA", "PB", "CY", "M2", "M2", "ID", "N1", "Y2", "AD", "AD", "ER",
    ]  # fmt: skip
    assert tags(write([FULL], flavour="endnote"))[23:26] == ["AN", "DB", "C2"]
    placed = [t for t in written if t in WRITE_ORDER]
    assert placed == sorted(placed, key=WRITE_ORDER.index)


def test_values_as_zotero_and_endnote_read_them() -> None:
    text = write([FULL])
    for line in [
        "AU  - van der Berg, Jan",
        "AU  - WHO Collaborators",
        "A2  - Ed, Ann, Jr.",
        "SP  - 2984",
        "EP  - 2992",
        "C7  - e12",
        "DA  - 2025/11/24/",
        "SN  - 0366-6999; 2542-5641; 978-1-119-16781-5",
        "M2  - PMID: 41234567",  # Zotero's Extra line, where its PubMed import puts a PMID
        "M2  - PMCID: PMC1234567",  # and its MEDLINE import a PMCID (Zotero ignores C2)
        "N1  - A note\r\nwith two lines",
        "ER  - \r\n\r\n",
    ]:
        assert f"\r\n{line}" in text
    endnote = write([FULL], flavour="endnote")
    assert "\r\nAN  - 41234567\r\nDB  - PubMed\r\nC2  - PMC1234567\r\n" in endnote
    assert "\r\nC2  - " not in text and "PMCID" not in endnote


def test_newline_option() -> None:
    assert "\r" not in write([FULL], newline="lf")
    assert write([FULL], newline="lf").replace("\n", "\r\n") == write([FULL])


def test_deterministic(wprim_record_1: Record) -> None:
    assert write([FULL, wprim_record_1]) == write([FULL, wprim_record_1])


def test_endnote_flavour_differences() -> None:
    conference = Record(type="paper-conference", title="Talk", issued=PartialDate(2024))
    zotero, endnote = write([conference]), write([conference], flavour="endnote")
    assert zotero.startswith("TY  - CONF\r\n") and endnote.startswith("TY  - CPAPER\r\n")
    assert "DA  - 2024///" in zotero and "DA  -" not in endnote
    assert "DA  - 2024/05//" in write([replace(conference, issued=PartialDate(2024, 5))], flavour="endnote")


def test_type_carrier_and_kept_types() -> None:
    assert tags(write([Record(type="article")]))[:2] == ["TY", "XT"]
    assert write([Record(type="article")]).startswith("TY  - GEN\r\nXT  - article\r\n")
    # Zotero's RIS import reads GEN as a journal article, GRNT as a Document.
    collection = [Record(type="collection")]
    assert write(collection).startswith("TY  - GRNT\r\nXT  - collection\r\n")
    assert write(collection, flavour="endnote").startswith("TY  - GEN\r\nXT  - collection\r\n")
    assert write([Record(type="article-journal", extra={"TY": "EJOUR"})]).startswith("TY  - EJOUR\r\n")
    # A kept TY that no longer fits the record's type is not used.
    assert write([Record(type="book", extra={"TY": "EJOUR"})]).startswith("TY  - BOOK\r\n")


def test_book_editors_are_written_as_a3() -> None:
    text = write([Record(type="book", editors=[Person(family="Ed", given="Ann")])])
    assert "\r\nA3  - Ed, Ann\r\n" in text


@pytest.mark.parametrize(
    ("pages", "elocation", "expected"),
    [
        ("2984-2992", None, ["SP  - 2984", "EP  - 2992"]),
        ("2984–2992", None, ["SP  - 2984–2992"]),
        ("1-3, 5-7", None, ["SP  - 1-3, 5-7"]),
        ("12", None, ["SP  - 12"]),
        (None, "e0247812", ["SP  - e0247812", "C7  - e0247812"]),
        # A single page is SP alone (Zotero and EndNote would show SP = EP as "e5-e5");
        # refbridge's XP says it is the pages where SP alone would read as the e-locator.
        ("e5", None, ["SP  - e5", "XP  - e5"]),
        ("e5", "e5", ["SP  - e5", "C7  - e5", "XP  - e5"]),
        ("154", "154", ["SP  - 154", "C7  - 154", "XP  - 154"]),
        ("e5", "e12", ["SP  - e5", "C7  - e12"]),
        ("154", "e0256748", ["SP  - 154", "C7  - e0256748"]),
        ("C3-32--C3-35", None, ["SP  - C3-32", "EP  - C3-35"]),
    ],
)
def test_pages(pages: str | None, elocation: str | None, expected: list[str]) -> None:
    record = Record(pages=pages, elocation=elocation)
    text = write([record])
    assert [line for line in text.splitlines() if line[:2] in ("SP", "EP", "C7", "XP")] == expected
    assert read(text) == read(write([record], flavour="endnote")) == [record]


def test_structured_abstract_keeps_its_breaks_in_zotero() -> None:
    # Lines of 65-85 characters with no longer line before: Zotero would join them with a
    # space, so the Zotero flavour puts a blank line between the sections.
    sections = [
        AbstractSection("Background", "Mesenchymal stem cells were given to patients with pneumonia."),
        AbstractSection("Methods", "Twenty patients were followed for one year after treatment ended."),
        AbstractSection("Results", "Lung function improved."),
    ]
    record = Record(abstract=join_sections(sections), abstract_sections=sections)
    zotero, endnote = write([record]), write([record], flavour="endnote")
    assert "patients with pneumonia.\r\n\r\nMethods: Twenty" in zotero
    assert "patients with pneumonia.\r\nMethods: Twenty" in endnote
    assert "after treatment ended.\r\n\r\nResults:" in zotero
    assert read(zotero) == read(endnote) == [record]


def test_plain_abstract_paragraphs_round_trip() -> None:
    record = Record(abstract="First paragraph.\n\nSecond paragraph,\nsecond line.")
    assert read(write([record])) == [record]


# -- diagnostics ----------------------------------------------------------------------


def _codes(record: Record, **options: str) -> list[str]:
    session = Session(options={"ris": options})
    write([record], session)
    return [d.code for d in session.sink.items]


def test_single_keyword_with_a_comma() -> None:
    record = Record(keywords=[Keyword("Lung Neoplasms, drug therapy")])
    assert _codes(record) == ["RB320"]
    assert _codes(record, flavour="endnote") == []
    assert _codes(replace(record, keywords=[*record.keywords, Keyword("Humans")])) == []


def test_invalid_doi() -> None:
    assert _codes(Record(doi="10.1/ABC")) == ["RB321"]
    assert _codes(Record(doi="10.1097/CM9.0000000000003456")) == []


def test_literal_name_with_a_comma() -> None:
    assert _codes(Record(authors=[Person(literal="Group, The")])) == ["RB322"]


def test_values_that_cannot_be_written_unambiguously() -> None:
    assert _codes(Record(keywords=[Keyword("a; b"), Keyword("c")])) == ["RB323"]
    record = Record(abstract="First line\nAU  - not an author")
    session = Session()
    text = write([record], session)
    assert "AB  - First line AU  - not an author\r\n" in text
    assert [d.code for d in session.sink.items] == ["RB323"]
    assert _codes(Record(keywords=[Keyword("x", vocabulary="a|b")])) == ["RB323"]


def test_foreign_extra_fields_are_reported_once() -> None:
    session = Session()
    text = write([Record(extra={"timestamp": "1"}), Record(extra={"timestamp": "2"})], session)
    assert "timestamp" not in text
    assert [d.code for d in session.sink.items] == ["RB324"]


def test_extra_never_ends_a_record_early() -> None:
    text = write([Record(title="x", extra={"ER": "y", "XK": "MeSH", "C1": "kept"})])
    assert text.endswith("TI  - x\r\nC1  - kept\r\nER  - \r\n\r\n")


def test_abbreviation_alone() -> None:
    text = write([Record(container_title_short="Chin Med J")])
    assert "J2  - Chin Med J" in text and "T2  -" not in text
    assert _codes(Record(container_title_short="Chin Med J")) == ["RB325"]


# -- through the CLI-facing API -------------------------------------------------------


def test_convert_wprim_to_ris_file(wprim_sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.ris"
    session = Session(options={"ris": {"newline": "lf"}})
    counts = refbridge.convert(wprim_sample, out, to_format="ris", session=session)
    assert counts.written == 3
    text = out.read_bytes().decode("utf-8")
    assert "\r" not in text
    assert text.count("TY  - JOUR\n") == 3
    assert text.count("ER  - \n\n") == 3


def test_fields_of_another_format_that_are_not_written_are_warnings(tmp_path: Path) -> None:
    """A JabRef MEDLINE entry's own fields (copyright, status, owner...) have no RIS, MEDLINE,
    JATS or EndNote place: each is named in a warning, not only at -v."""
    from click.testing import CliRunner

    from refbridge.cli import cli

    shared = Path(__file__).resolve().parents[3] / "shared"
    source = shared / "corpus" / "real" / "nbib" / "jabref-NbibImporterTest.jabref-expected.bib"
    result = CliRunner().invoke(cli, ["convert", str(source), "-t", "ris", "-o", str(tmp_path / "out.ris")])
    assert result.exit_code == 0, result.output
    assert "warning: extra field 'article-doi' has no RIS tag; not written [RB324]" in result.stderr
    assert "refbridge: … and 26 more RB324 in" in result.stderr  # each is named with -v
    assert result.stderr.endswith("refbridge: 1 record read, 1 written, 0 errors, 31 warnings\n")
    verbose = CliRunner().invoke(
        cli, ["convert", str(source), "-t", "ris", "-o", str(tmp_path / "v.ris"), "-v"]
    )
    assert "warning: extra field 'copyright-owner' has no RIS tag; not written [RB324]" in verbose.stderr
    assert "CR  - 2015 Tschechlov Press." in (tmp_path / "v.ris").read_text(encoding="utf-8")  # the license
    for fmt, code in (("medline", "RB920"), ("jats", "RB411"), ("endnote-xml", "RB980")):
        session = Session()
        records = list(refbridge.read(source, "bibtex", session=session))
        refbridge.write(records, io.StringIO(), fmt, session=session)
        severities = {d.severity for d in session.sink.items if d.code == code and "copyright" in d.message}
        assert severities == {"warning"}, fmt
