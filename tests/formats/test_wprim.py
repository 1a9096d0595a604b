"""The wprim reader: the bundled sample's exact values, variants, diagnostics, sniffing, CLI."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import refbridge
from refbridge.abstracts import join_sections, split_sections
from refbridge.cli import cli
from refbridge.context import Context
from refbridge.errors import ParseError
from refbridge.formats.wprim import WPRIM_FORMAT, read_wprim, sniff_wprim
from refbridge.formats.wprim.names import normal_case, parse_name
from refbridge.model import AbstractSection, Keyword, PartialDate, Person, Record
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data" / "wprim"


def read_text(text: str, filename: str = "test.txt") -> tuple[list[Record], Context]:
    """Read WPRIM text from a string with a fresh context; return records and context."""
    context = Context("wprim", filename)
    return list(read_wprim(io.StringIO(text), context)), context


def codes(context: Context) -> list[str]:
    return context.sink.codes()


def one(text: str) -> Record:
    records, _ = read_text(text)
    assert len(records) == 1, records
    return records[0]


@pytest.fixture(scope="module")
def sample_session() -> Session:
    return Session()


@pytest.fixture(scope="module")
def sample(wprim_sample: Path, sample_session: Session) -> list[Record]:
    # No format given: the extension and the sniffer must pick wprim.
    return list(refbridge.read(wprim_sample, session=sample_session))


# -- the sample: exact values from issue 3 ------------------------------------------


def test_sample_has_three_journal_articles(sample: list[Record], sample_session: Session) -> None:
    assert len(sample) == 3
    assert [r.type for r in sample] == ["article-journal"] * 3
    assert [r.source.line for r in sample if r.source] == [1, 37, 41]
    assert all(
        r.source and r.source.file and r.source.file.endswith("wprim-search-results.txt") for r in sample
    )
    assert sample_session.sink.items == []


def test_sample_record_1(sample: list[Record], wprim_record_1: Record) -> None:
    record = sample[0]
    assert record.title == (
        "Safety and efficacy of human umbilical cord-derived mesenchymal stem cells in "
        "COVID-19 patients: A real-world observation"
    )
    assert len(record.authors) == 11
    assert record.authors[0] == Person(family="Wang", given="Siyu")
    assert record.authors[-1] == Person(family="Wang", given="Fu-Sheng")
    assert record.authors[1] == Person(family="Yang", given="Tao")
    assert record.container_title == "Chinese Medical Journal"
    assert record.issued == PartialDate(2025)
    assert (record.volume, record.issue, record.pages, record.elocation) == ("138", "22", "2984-2992", None)
    labels = [s.label for s in record.abstract_sections]
    assert labels == ["Background", "Methods", "Results", "Conclusions", "Trial registration"]
    assert record.abstract_sections[-1] == AbstractSection(
        "Trial registration", "Chinese Clinical Trial Registry, ChiCTR2000031430."
    )
    assert record.abstract_sections[0].text.startswith("The effects of human umbilical cord-derived")
    assert record.abstract_sections[3].text.startswith("Our results demonstrate the safety")
    assert record.abstract == join_sections(record.abstract_sections)
    assert split_sections(record.abstract or "") == record.abstract_sections
    assert len(record.keywords) == 12
    assert record.keywords[1] == Keyword("COVID-19", "therapy", True, "MeSH")
    assert record.keywords[0] == Keyword("Humans", None, False, "MeSH")
    assert record.keywords == wprim_record_1.keywords
    assert record.extra == {}
    # The hand-built record the writers' tests use (tests/conftest.py) is this one exactly.
    assert replace(record, source=None) == wprim_record_1


def test_sample_record_2(sample: list[Record]) -> None:
    record = sample[1]
    assert record.title == (
        "Evaluation of early postoperative psychological pain in patients with esophageal cancer "
        "and analysis on its influential factors"
    )
    assert len(record.authors) == 5
    assert record.authors[0] == Person(family="Hong", given="Zhipan")
    assert record.authors[-1] == Person(family="Wang", given="Xuezhi")
    assert record.container_title == "Chinese Journal of Primary Medicine and Pharmacy"
    assert record.issued == PartialDate(2022)
    assert (record.volume, record.issue, record.pages) == ("29", "8", "1156-1162")
    assert [s.label for s in record.abstract_sections] == ["Objective", "Methods", "Results", "Conclusion"]
    sections = record.abstract_sections
    assert sections[0].text.startswith("To investigate early postoperative psychological pain")
    assert sections[0].text.endswith("perioperative period of esophageal cancer.")
    assert sections[1].text.startswith("A cross-sectional study was conducted")
    assert sections[2].text.startswith("The average score of the distress thermometer")
    assert sections[3].text.startswith("The incidence of early postoperative psychological pain")
    assert record.abstract == join_sections(sections)
    assert record.keywords == []


def test_sample_record_3(sample: list[Record]) -> None:
    record = sample[2]
    assert record.title is not None
    assert record.title.startswith("Evaluation on the efficacy of human umbilical cord derived-mesenchymal")
    assert len(record.authors) == 10
    assert record.authors[8] == Person(family="Lü", given="Sa")
    assert record.authors[-1] == Person(family="Wang", given="Fusheng")
    assert record.container_title == "Chinese Journal of Infectious Diseases"
    assert record.issued == PartialDate(2012)
    assert (record.volume, record.issue, record.pages) == ("30", "4", "204-208")
    sections = record.abstract_sections
    assert [s.label for s in sections] == ["Objective", "Methods", "Results", "Conclusion"]
    assert sections[0].text.startswith("To evaluate the one-year follow-up")
    assert sections[1].text.startswith("Fifty-four liver cirrhosis patients")
    # A sentence starting "UC-MSC" inside Methods is not a label; the run-together one is.
    assert "trial.UC-MSC (0.5-1.0)" in sections[1].text
    assert sections[2].text.startswith("There were no significant differences")
    assert sections[3].text == (
        "UC-MSC transplantations may help to increase A1b level and reduce ascites in patients "
        "with decompensated liver cirrhosis."
    )
    assert record.abstract == join_sections(sections)
    assert record.keywords == []


def test_sample_survives_json_round_trip(sample: list[Record], tmp_path: Path) -> None:
    out = tmp_path / "sample.json"
    refbridge.write(sample, out, "json")
    assert list(refbridge.read(out)) == sample


# -- the format entry and sniffing ----------------------------------------------------


def test_format_is_registered_read_only(sample_session: Session, wprim_sample: Path) -> None:
    fmt = sample_session.format_named("wprim", need="read")
    assert fmt.readable and not fmt.writable
    assert fmt.extensions == (".wprim", ".txt") and fmt.primary is False
    head = wprim_sample.read_text(encoding="utf-8")
    assert sample_session.guess_format("results.txt", head, need="read").name == "wprim"
    assert sample_session.guess_format("results.dat", head, need="read").name == "wprim"
    assert WPRIM_FORMAT.name == "wprim"


def test_sniff_scores_the_sample_high(wprim_sample: Path) -> None:
    assert sniff_wprim(wprim_sample.read_text(encoding="utf-8")) > 0.8
    assert sniff_wprim("\ufeff" + wprim_sample.read_text(encoding="utf-8")) > 0.8


@pytest.mark.parametrize(
    "text",
    [
        "TY  - JOUR\nTI  - A title\nAU  - Wang, Siyu\nPY  - 2025\nER  - \n",
        "@article{wang2025,\n  title = {A title},\n  journal = {Chin Med J 2025;138(22):1-2},\n}\n",
        '[{"title": "A title", "type": "article-journal"}]',
        '<?xml version="1.0"?><article><front/></article>',
        "",
        "Just some prose.\nWith two lines; nothing more.",
    ],
)
def test_sniff_rejects_other_text(text: str) -> None:
    assert sniff_wprim(text) == 0.0


def test_sniff_rejects_the_shared_corpus(shared_dir: Path) -> None:
    files = sorted(p for p in (shared_dir / "corpus" / "real").rglob("*") if p.is_file())
    assert len(files) > 10
    for path in files:
        head = path.read_bytes()[:65536].decode("utf-8", errors="replace")
        assert sniff_wprim(head) <= 0.1, path.name


# -- variants written for these tests ---------------------------------------------------


@pytest.fixture(scope="module")
def variants() -> tuple[list[Record], Context]:
    context = Context("wprim", "variants.txt")
    with (DATA / "variants.txt").open(encoding="utf-8") as stream:
        return list(read_wprim(stream, context)), context


def test_variants_korean_names_supplement_and_headings(variants: tuple[list[Record], Context]) -> None:
    record = variants[0][0]
    assert record.title == "Seroprevalence of hepatitis B among pregnant women in Korea"
    assert record.source is not None and record.source.line == 3
    assert record.authors == [
        Person(family="Park", given="Kyung Hee"),
        Person(family="Kim", given="Ji-Won"),
        Person(family="Lee", given="Seung-Hyun"),
    ]
    assert record.container_title == "Journal of Korean Medical Science"
    assert (record.volume, record.issue, record.pages) == ("34", "Suppl 1", "S12-S19")
    assert [s.label for s in record.abstract_sections] == ["Background", "Methods", "Results", "Conclusions"]
    assert record.abstract_sections[2].text == "The results showed a prevalence of 3.1%."
    assert record.keywords == [
        Keyword("Humans", None, False, "MeSH"),
        Keyword("Pregnancy Complications, Infectious", "prevention & control", True, "MeSH"),
        Keyword("Republic of Korea", "epidemiology", False, "MeSH"),
        Keyword("Hepatitis B Surface Antigens", "blood", False, "MeSH"),
    ]


def test_variants_unnumbered_vietnamese_elocator(variants: tuple[list[Record], Context]) -> None:
    record = variants[0][1]
    assert record.title == "Tuberculosis treatment outcomes in Viet Nam: is adherence enough?"
    assert record.source is not None and record.source.line == 18
    assert record.authors == [
        Person(family="Nguyen", given="Van Anh"),
        Person(family="Tran", given="Thi Thu Ha"),
        Person(family="Nguyen Van", given="Hung"),
        Person(family="O'Brien", given="Mary"),
    ]
    assert (record.container_title, record.issued) == ("PLoS One", PartialDate(2021))
    assert (record.volume, record.issue, record.pages, record.elocation) == ("16", None, None, "e0247812")
    assert record.abstract == "We followed 300 patients for two years. The results are reported here."
    assert record.abstract_sections == []
    # A lone heading after the abstract has no ";" line: recognised by its shape.
    assert record.keywords == [Keyword("Directly Observed Therapy", None, False, "MeSH")]


def test_variants_chinese_names_no_abstract_no_pages(variants: tuple[list[Record], Context]) -> None:
    record = variants[0][2]
    assert record.authors == [
        Person(family="Zhang", given="Wei"),
        Person(family="Liu", given="Xiao-Ming"),
        Person(family="Lü", given="Sa"),
        Person(family="Zhao", given="Jian'an"),
    ]
    assert (record.volume, record.issue, record.pages) == ("28", "3", None)
    assert record.abstract is None and record.abstract_sections == [] and record.keywords == []


def test_variants_run_together_labels(variants: tuple[list[Record], Context]) -> None:
    record = variants[0][3]
    assert record.authors == [
        Person(family="Li", given="Hong"),
        Person(family="Beethoven", given="Ludwig", particle="van"),
        Person(family="Smith", given="John", suffix="Jr."),
    ]
    assert record.pages == "100-105"  # "100~105": the tilde becomes a hyphen
    assert record.abstract_sections == [
        AbstractSection("Objectives", "To test the splitter."),
        AbstractSection("Methods", "The results of 20 patients were read. Results were not split here."),
        AbstractSection("Results", "All 20 improved (P<0.05)."),
        AbstractSection("Conclusions", "It works."),
    ]
    assert record.keywords == [
        Keyword("Surgical Procedures, Operative", None, False, "MeSH"),
        Keyword("Stomach Neoplasms", "surgery", True, "MeSH"),
        Keyword("Stomach Neoplasms", "mortality", False, "MeSH"),
    ]


def test_variants_source_without_year(variants: tuple[list[Record], Context]) -> None:
    records, context = variants
    assert len(records) == 5
    record = records[4]
    assert record.title == "A record whose source line has no year"
    assert record.issued is None
    assert (record.container_title, record.volume, record.issue, record.pages) == (
        "Chinese Medical Journal",
        "138",
        "22",
        "2984-2992",
    )
    assert record.extra == {"wprim-source": "Chinese Medical Journal ;138(22):2984-2992"}
    found = [(d.code, d.line, d.severity) for d in context.sink.items]
    assert found == [("RB104", 1, "warning"), ("RB101", 35, "warning")]


# -- line endings, BOM, blank lines, streaming -------------------------------------------


def test_crlf_and_bom_files_read_like_the_sample(
    tmp_path: Path, wprim_sample: Path, sample: list[Record]
) -> None:
    lf = wprim_sample.read_bytes()
    assert b"\r\n" not in lf
    for name, data in [("crlf.txt", lf.replace(b"\n", b"\r\n")), ("bom.txt", b"\xef\xbb\xbf" + lf)]:
        path = tmp_path / name
        path.write_bytes(data)
        session = Session()
        records = list(refbridge.read(path, session=session))
        assert records == sample, name
        assert [r.source.line for r in records if r.source] == [1, 37, 41]
        assert session.sink.items == []


def test_crlf_and_bom_in_a_text_stream(wprim_sample: Path, sample: list[Record]) -> None:
    text = wprim_sample.read_text(encoding="utf-8")
    records, context = read_text("\ufeff" + text.replace("\n", "\r\n"))
    assert records == sample
    assert codes(context) == []


def test_blank_lines_anywhere(sample: list[Record], wprim_sample: Path) -> None:
    text = wprim_sample.read_text(encoding="utf-8")
    spaced = "\n\n" + "\n\n".join(text.splitlines()) + "\n\n"
    records, context = read_text(spaced)
    assert records == sample
    assert [r.source.line for r in records if r.source] == [3, 75, 83]
    assert codes(context) == []


class LineFeed:
    """A text stream that counts the lines handed out and refuses ``read()``."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines(keepends=True)
        self.taken = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self.taken >= len(self.lines):
            raise StopIteration
        self.taken += 1
        return self.lines[self.taken - 1]

    def read(self, size: int = -1) -> str:
        raise AssertionError("the reader must not read the whole stream")


def test_records_are_streamed(wprim_sample: Path) -> None:
    text = wprim_sample.read_text(encoding="utf-8") * 200
    feed = LineFeed(text)
    records = read_wprim(feed, Context("wprim", "big.txt"))  # type: ignore[arg-type]
    first = next(records)
    assert first.title is not None and first.title.startswith("Safety and efficacy")
    # Record 1 ends at line 36; the reader may look only a few lines further.
    assert feed.taken <= 36 + 8
    assert sum(1 for _ in records) == 599
    assert feed.taken == len(feed.lines)


# -- source lines ----------------------------------------------------------------------------

RECORD = "1.A title\nSiyu WANG ; Tao YANG\n{source}\n"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("J Korean Med Sci 2019;34(Suppl 1):S12-S19", ("34", "Suppl 1", "S12-S19", None)),
        ("Chin J Surg 2015;45 Suppl 2:S1–S5", ("45", "Suppl 2", "S1-S5", None)),
        ("PLoS One 2021;16(3):e0247812", ("16", "3", None, "e0247812")),
        ("PLoS One 2021;16:e0247812", ("16", None, None, "e0247812")),
        ("Chin J Hepatol 2020;28(3)", ("28", "3", None, None)),
        ("Chin J Hepatol 2020;28", ("28", None, None, None)),
        ("Chin J Hepatol 2020;", (None, None, None, None)),
        ("Chin J Hepatol 2020;(3):12-15", (None, "3", "12-15", None)),
        ("Chin J Hepatol 2020;28(3):12 - 15.", ("28", "3", "12-15", None)),
        ("Chin J Hepatol 2020;28(3):1156～1162", ("28", "3", "1156-1162", None)),
        ("Chin J Hepatol 2020;28(3):12-15, 18-20", ("28", "3", "12-15, 18-20", None)),
    ],
)
def test_source_line_variants(source: str, expected: tuple[str | None, ...]) -> None:
    records, context = read_text(RECORD.format(source=source))
    record = records[0]
    assert (record.volume, record.issue, record.pages, record.elocation) == expected
    assert record.issued == PartialDate(int(source.split(";", maxsplit=1)[0][-4:]))
    assert record.container_title == source.split(" 20", maxsplit=1)[0]
    assert codes(context) == [] and record.extra == {}


def test_source_line_with_month_and_doi() -> None:
    record = one(
        RECORD.format(source="Chin Med J 2020 Mar 5;133(5):501-503. doi:10.1097/CM9.0000000000000712")
    )
    assert record.issued == PartialDate(2020, 3, 5)
    assert record.doi == "10.1097/CM9.0000000000000712"
    assert (record.volume, record.issue, record.pages) == ("133", "5", "501-503")


def test_source_line_partly_understood() -> None:
    records, context = read_text(RECORD.format(source="Chin Med J 2020;133(5:501-503"))
    record = records[0]
    assert record.issued == PartialDate(2020) and record.container_title == "Chin Med J"
    assert record.extra == {"wprim-source": "Chin Med J 2020;133(5:501-503"}
    assert [(d.code, d.line) for d in context.sink.items] == [("RB102", 3)]


def test_source_line_without_year_is_reported_with_its_line() -> None:
    text = "\n1.A title\nSiyu WANG\nChinese Medical Journal 138(22):2984-2992\nPlain abstract here.\n"
    records, context = read_text(text)
    record = records[0]
    assert record.issued is None
    assert (record.container_title, record.volume, record.issue, record.pages) == (
        "Chinese Medical Journal",
        "138",
        "22",
        "2984-2992",
    )
    assert record.abstract == "Plain abstract here."
    assert record.extra["wprim-source"] == "Chinese Medical Journal 138(22):2984-2992"
    assert [(d.code, d.line) for d in context.sink.items] == [("RB101", 4)]


def test_record_without_source_line() -> None:
    records, context = read_text(
        "1.A title\nSiyu WANG ; Tao YANG\nAn abstract that is a sentence, long enough.\n"
    )
    assert records[0].abstract == "An abstract that is a sentence, long enough."
    assert records[0].container_title is None
    assert [(d.code, d.line) for d in context.sink.items] == [("RB105", 3)]


# -- where records start ----------------------------------------------------------------


def test_unnumbered_record_right_after_headings() -> None:
    text = (
        "1.First title\nSiyu WANG ; Tao YANG\nChin Med J 2025;138(22):2984-2992\n"
        "Humans\n;\nCOVID-19/therapy*\n"
        "Second title without a number\nKyung Hee PARK\nJ Korean Med Sci 2019;34(2):e12\n"
    )
    records, context = read_text(text)
    assert [r.title for r in records] == ["First title", "Second title without a number"]
    assert records[0].keywords == [
        Keyword("Humans", None, False, "MeSH"),
        Keyword("COVID-19", "therapy", True, "MeSH"),
    ]
    assert records[1].authors == [Person(family="Park", given="Kyung Hee")]
    assert records[1].source is not None and records[1].source.line == 7
    assert codes(context) == []


def test_unnumbered_record_after_blank_line_with_bad_source() -> None:
    text = (
        "1.First title\nSiyu WANG ; Tao YANG\nChin Med J 2025;138(22):2984-2992\nA plain abstract.\n\n"
        "Second title\nHu LIN ; Zheng ZHANG\nChin J Infect Dis ;30(4):204-208\n"
    )
    records, context = read_text(text)
    assert [r.title for r in records] == ["First title", "Second title"]
    assert records[0].abstract == "A plain abstract."
    assert records[1].volume == "30" and records[1].issued is None
    assert [(d.code, d.line) for d in context.sink.items] == [("RB101", 8)]


def test_record_missing_its_source_does_not_swallow_the_next_one() -> None:
    text = (
        "1.First title\nSiyu WANG ; Tao YANG\n"
        "2.Second title\nHu LIN ; Zheng ZHANG\nChin J Infect Dis 2012;30(4):204-208\n"
        "Third title without a number\nSa Lü\nChin Med J 2020;1(1):1-2\n"
    )
    records, context = read_text(text)
    assert [r.title for r in records] == ["First title", "Second title", "Third title without a number"]
    assert records[0].container_title is None and len(records[0].authors) == 2
    assert records[1].volume == "30" and records[2].authors == [Person(family="Lü", given="Sa")]
    assert codes(context) == []


def test_single_heading_without_abstract() -> None:
    record = one("1.A title\nSiyu WANG\nChin Med J 2025;1(1):1-2\nCOVID-19\n")
    assert record.abstract is None
    assert record.keywords == [Keyword("COVID-19", None, False, "MeSH")]


def test_record_without_authors() -> None:
    record = one("1.Editorial: a year of change!\nChin Med J 2025;138(1):1\n")
    assert record.title == "Editorial: a year of change!"
    assert record.authors == [] and record.pages == "1"


def test_title_punctuation() -> None:
    text = (
        "1.Is it safe?\nSiyu WANG\nChin Med J 2025;1(1):1-2\n"
        "2.It is safe.\nSiyu WANG\nChin Med J 2025;1(1):3-4\n"
        "3.And then...\nSiyu WANG\nChin Med J 2025;1(1):5-6\n"
    )
    records, _ = read_text(text)
    assert [r.title for r in records] == ["Is it safe?", "It is safe", "And then..."]


def test_title_broken_over_two_lines() -> None:
    record = one(
        "1.A long title that the page\nbroke over two lines\nSiyu WANG ; Tao YANG\nChin Med J 2025;1(1):1-2\n"
    )
    assert record.title == "A long title that the page broke over two lines"
    assert len(record.authors) == 2


def test_numbered_abstract_lines_do_not_start_records() -> None:
    text = (
        "1.A title\nSiyu WANG ; Tao YANG\nChin Med J 2025;1(1):1-2\n"
        "Objective: To list.\n2. First point, with a space after the number.\n"
        "3.Second point glued.\nMethods: Listed.\n"
    )
    records, _ = read_text(text)
    assert len(records) == 1
    sections = records[0].abstract_sections
    assert [s.label for s in sections] == ["Objective", "Methods"]
    assert "2. First point" in sections[0].text and "3.Second point glued." in sections[0].text


# -- abstracts ----------------------------------------------------------------------------


def abstract_of(*lines: str) -> Record:
    return one("1.A title\nSiyu WANG\nChin Med J 2025;1(1):1-2\n" + "\n".join(lines) + "\n")


def test_plain_abstract_with_label_words_is_not_split() -> None:
    text = "Background noise was measured in 20 wards. Results were good. The results. Methods differ."
    record = abstract_of(text)
    assert record.abstract == text and record.abstract_sections == []


def test_abstract_with_one_label_stays_plain() -> None:
    record = abstract_of("Objective: To see what one label does.")
    assert record.abstract == "Objective: To see what one label does." and record.abstract_sections == []


def test_labels_on_their_own_line_span_paragraphs() -> None:
    record = abstract_of(
        "PURPOSE", "First paragraph.", "Second paragraph.", "MATERIALS AND METHODS:", "We did it."
    )
    assert record.abstract_sections == [
        AbstractSection("Purpose", "First paragraph. Second paragraph."),
        AbstractSection("Materials and methods", "We did it."),
    ]
    assert record.abstract == "Purpose: First paragraph. Second paragraph.\nMaterials and methods: We did it."


def test_own_line_style_does_not_split_sentence_starts() -> None:
    record = abstract_of(
        "BACKGROUND:", "Patients With diabetes. Results From elsewhere.", "RESULTS:", "Fine."
    )
    assert record.abstract_sections == [
        AbstractSection("Background", "Patients With diabetes. Results From elsewhere."),
        AbstractSection("Results", "Fine."),
    ]


def test_inline_labels_in_capitals_and_registration() -> None:
    record = abstract_of("OBJECTIVE: To try. METHODS: Tried. TRIAL REGISTRATION: NCT01234567.")
    assert record.abstract_sections == [
        AbstractSection("Objective", "To try."),
        AbstractSection("Methods", "Tried."),
        AbstractSection("Trial registration", "NCT01234567."),
    ]


def test_local_label_and_space_separated_label() -> None:
    record = abstract_of("Case presentation: A man, 54.Conclusion This is rare.")
    assert record.abstract_sections == [
        AbstractSection("Case presentation", "A man, 54."),
        AbstractSection("Conclusion", "This is rare."),
    ]


def test_short_plain_abstract_is_not_taken_for_a_heading() -> None:
    record = one("1.A title\nSiyu WANG\nChin Med J 2025;1(1):1-2\nNo abstract available\n")
    assert record.abstract == "No abstract available" and record.keywords == []


# -- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Siyu WANG", Person(family="Wang", given="Siyu")),
        ("Fu-Sheng WANG", Person(family="Wang", given="Fu-Sheng")),
        ("Kyung Hee PARK", Person(family="Park", given="Kyung Hee")),
        ("Min-Jung KIM", Person(family="Kim", given="Min-Jung")),
        ("PARK Kyung Hee", Person(family="Park", given="Kyung Hee")),
        ("Van Anh NGUYEN", Person(family="Nguyen", given="Van Anh")),
        ("NGUYEN Van Anh", Person(family="Nguyen", given="Van Anh")),
        ("Hung NGUYEN VAN", Person(family="Nguyen Van", given="Hung")),
        ("Thi Thu Ha TRAN", Person(family="Tran", given="Thi Thu Ha")),
        ("Mary O'BRIEN", Person(family="O'Brien", given="Mary")),
        ("Anna SMITH-JONES", Person(family="Smith-Jones", given="Anna")),
        ("Sa LÜ", Person(family="Lü", given="Sa")),
        ("Sa Lü", Person(family="Lü", given="Sa")),
        ("Jian'an ZHAO", Person(family="Zhao", given="Jian'an")),
        ("Ludwig van BEETHOVEN", Person(family="Beethoven", given="Ludwig", particle="van")),
        ("John A SMITH", Person(family="Smith", given="John A")),
        ("John SMITH Jr", Person(family="Smith", given="John", suffix="Jr.")),
        ("WANG, Siyu", Person(family="Wang", given="Siyu")),
        ("WANG", Person(family="Wang")),
        ("COVID-19 Study Group", Person(literal="COVID-19 Study Group")),
    ],
)
def test_parse_name(name: str, person: Person) -> None:
    parsed = parse_name(name)
    assert parsed.person == person
    assert not parsed.guessed


def test_name_all_in_capitals_is_a_reported_guess() -> None:
    assert parse_name("SIYU WANG").person == Person(family="Wang", given="Siyu")
    assert parse_name("JH SMITH").person == Person(family="Smith", given="JH")
    assert parse_name("SIYU WANG").guessed
    records, context = read_text("1.A title\nSIYU WANG ; Tao YANG\nChin Med J 2025;1(1):1-2\n")
    assert records[0].authors[0] == Person(family="Wang", given="Siyu")
    assert [(d.code, d.line, d.severity) for d in context.sink.items] == [("RB106", 2, "info")]


def test_affiliation_marks_are_dropped_from_names() -> None:
    record = one("1.A title\nSiyu WANG1,2 ; Tao YANG*\nChin Med J 2025;1(1):1-2\n")
    assert record.authors == [Person(family="Wang", given="Siyu"), Person(family="Yang", given="Tao")]


def test_normal_case() -> None:
    assert [normal_case(t) for t in ("WANG", "FU-SHENG", "O'BRIEN", "NGUYEN VAN", "LÜ", "D’ARCY")] == [
        "Wang",
        "Fu-Sheng",
        "O'Brien",
        "Nguyen Van",
        "Lü",
        "D’Arcy",
    ]


# -- page chrome, stray lines, bad input -----------------------------------------------------


def test_unrecognised_line_after_headings_is_kept_and_reported() -> None:
    text = (
        "1.A title\nSiyu WANG\nChin Med J 2025;1(1):1-2\nHumans\n;\nFemale\n"
        "This sentence is not a heading. It was copied by mistake.\n"
    )
    records, context = read_text(text)
    assert records[0].keywords == [
        Keyword("Humans", None, False, "MeSH"),
        Keyword("Female", None, False, "MeSH"),
    ]
    assert records[0].extra == {
        "wprim-unparsed": ["This sentence is not a heading. It was copied by mistake."]
    }
    assert [(d.code, d.line) for d in context.sink.items] == [("RB103", 7)]


def test_chrome_is_ignored_and_ends_the_record() -> None:
    text = "1.A title\nSiyu WANG\nChin Med J 2025;1(1):1-2\n"
    text += "Result Analysis\nPrint\nSave\nE-mail\nCopyright WHO\n"
    records, context = read_text(text)
    assert len(records) == 1 and records[0].abstract is None
    assert [(d.code, d.line) for d in context.sink.items] == [("RB104", 8)]


def test_chrome_only_and_empty_input() -> None:
    for text in ("", "\n\n", "Result Analysis\nPrint\nSave\nE-mail\n"):
        records, context = read_text(text)
        assert records == [] and codes(context) == []


def test_text_that_is_not_wprim_is_a_parse_error() -> None:
    with pytest.raises(ParseError) as excinfo:
        read_text("TY  - JOUR\nTI  - A title\nER  - \n", "refs.ris")
    assert excinfo.value.code == "RB100"
    assert excinfo.value.line == 1 and excinfo.value.file == "refs.ris"


# -- CLI ---------------------------------------------------------------------------------------


def test_cli_convert_sample_to_json(cli_runner: CliRunner, wprim_sample: Path) -> None:
    result = cli_runner.invoke(cli, ["convert", str(wprim_sample), "-t", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data) == 3
    first = data[0]
    assert first["type"] == "article-journal"
    assert first["authors"][0] == {"family": "Wang", "given": "Siyu"}
    assert first["container_title"] == "Chinese Medical Journal"
    assert (first["volume"], first["issue"], first["pages"]) == ("138", "22", "2984-2992")
    assert first["issued"] == {"year": 2025}
    assert first["keywords"][1] == {
        "term": "COVID-19",
        "qualifier": "therapy",
        "major": True,
        "vocabulary": "MeSH",
    }
    assert first["keywords"][0] == {"term": "Humans", "vocabulary": "MeSH"}
    assert [s["label"] for s in first["abstract_sections"]] == [
        "Background",
        "Methods",
        "Results",
        "Conclusions",
        "Trial registration",
    ]
    assert data[2]["authors"][8] == {"family": "Lü", "given": "Sa"}
    assert data[2]["abstract_sections"][1]["text"].startswith("Fifty-four liver cirrhosis patients")


# -- property: the reader raises nothing but ParseError ------------------------------------

FRAGMENTS = [
    "",
    ";",
    "1.A title.",
    "2.",
    "12.3 mg",
    "Siyu WANG ; Tao YANG",
    "Sa Lü",
    "SIYU WANG",
    "Chinese Medical Journal 2025;138(22):2984-2992",
    "J 2020;(",
    "J ;1(2):3",
    "Journal 2019 Foo;1",
    "BACKGROUND:",
    "Objective:To x.Methods:Y",
    "ObjectiveTo a.MethodsFifty b.",
    "COVID-19/therapy*",
    "*Humans",
    "Result Analysis",
    "Print",
    "\ufeff",
    "\r",
    "(",
    "e0247812",
]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_raises_only_parse_error(text: str) -> None:
    try:
        records, _ = read_text(text)
    except ParseError:
        return
    assert all(r.source is not None and r.source.line for r in records)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=30))
def test_wprim_like_text_raises_only_parse_error(lines: list[str]) -> None:
    try:
        records, _ = read_text("\n".join(lines))
    except ParseError:
        return
    for record in records:
        assert record.type == "article-journal"
        if record.abstract_sections:
            assert record.abstract == join_sections(record.abstract_sections)
