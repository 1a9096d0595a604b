"""Writing RIS: Zotero/EndNote conventions, options, diagnostics, WPRIM record 1."""

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

SECTIONS = [
    AbstractSection(
        "Background",
        "The effects of human umbilical cord-derived mesenchymal stem cell (UC-MSC) treatment on "
        "coronavirus disease 2019 (COVID-19) patients have been preliminarily characterized. However, "
        "real-world data on the safety and efficacy of intravenous transfusions of MSCs in hospitalized "
        "COVID-19 patients at the convalescent stage remain to be reported.",
    ),
    AbstractSection(
        "Methods",
        "This was a single-arm, multicenter, real-word study in which a contemporaneous external control "
        "was included as the control group. Besides, severe and critical COVID-19 patients were considered "
        "together as the severe group, given the small number of critical patients. For a total of 110 "
        "patients, 21 moderate patients and 31 severe patients were enrolled in the MSC treatment group, "
        "while 26 moderate patients and 32 severe patients were enrolled in the control group. All patients "
        "received standard treatment. The MSC treatment patients additionally received intravenous infusions "
        "of MSCs at a dose of 4 × 10 7 cells on days 0, 3, and 6, respectively. The clinical outcomes, "
        "including adverse events (AEs), lung lesion proportion on chest computed tomography, pulmonary "
        "function, 6-min walking distance (6-MWD), clinical symptoms, and laboratory parameters, were "
        "measured on days 28, 90, 180, 270, and 360 during the follow-up visits.",
    ),
    AbstractSection(
        "Results",
        "In patients with moderate COVID-19, MSC treatment improved pulmonary function parameters, "
        "including forced expiratory volume in the first second (FEV1) and maximum forced vital capacity "
        "(VCmax) on days 28 (FEV1, 2.75 [2.35, 3.23] vs . 2.11 [1.96, 2.35], P = 0.008; VCmax, 2.92 "
        "[2.55, 3.60] vs . 2.47 [2.18, 2.68], P = 0.041), 90 (FEV1, 2.93 [2.63, 3.27] vs . 2.38 [2.24, "
        "2.63], P = 0.017; VCmax, 3.52 [3.02, 3.80] vs . 2.59 [2.45, 3.15], P = 0.017), and 360 (FEV1, "
        "2.91 [2.75, 3.18] vs . 2.30 [2.16, 2.70], P = 0.019; VCmax,3.61 [3.35, 3.97] vs . 2.69 [2.56, "
        "3.23], P = 0.036) compared with the controls. In addition, in severe patients, MSC treatment "
        "notably reduced the proportion of ground-glass lesions in the whole lung volume on day 90 ( P = "
        "0.045) compared with the controls. No difference in the incidence of AEs was observed between the "
        "two groups. Similarly, no significant differences were found in the 6-MWD, D-dimer levels, or "
        "interleukin-6 concentrations between the MSC and control groups.",
    ),
    AbstractSection(
        "Conclusions",
        "Our results demonstrate the safety and potential of MSC treatment for improved lung lesions and "
        "pulmonary function in convalescent COVID-19 patients. However, comprehensive and long-term studies "
        "are required to confirm the efficacy of MSC treatment.",
    ),
    AbstractSection("Trial registration", "Chinese Clinical Trial Registry, ChiCTR2000031430."),
]
AUTHORS = [
    ("Wang", "Siyu"), ("Yang", "Tao"), ("Li", "Tiantian"), ("Shi", "Lei"), ("Xu", "Ruonan"),
    ("Zhang", "Chao"), ("Wang", "Zerui"), ("Zhang", "Ziying"), ("Shi", "Ming"), ("Xu", "Zhe"),
    ("Wang", "Fu-Sheng"),
]  # fmt: skip
MESH = "MeSH"
#: WPRIM record 1, built by hand from samples/wprim-search-results.txt (independent of the wprim reader).
WPRIM_RECORD_1 = Record(
    type="article-journal",
    title="Safety and efficacy of human umbilical cord-derived mesenchymal stem cells in COVID-19 "
    "patients: A real-world observation",
    authors=[Person(family=family, given=given) for family, given in AUTHORS],
    container_title="Chinese Medical Journal",
    volume="138",
    issue="22",
    pages="2984-2992",
    issued=PartialDate(2025),
    abstract=join_sections(SECTIONS),
    abstract_sections=SECTIONS,
    keywords=[
        Keyword("Humans", vocabulary=MESH),
        Keyword("COVID-19", "therapy", True, MESH),
        Keyword("Female", vocabulary=MESH),
        Keyword("Male", vocabulary=MESH),
        Keyword("Mesenchymal Stem Cell Transplantation", "adverse effects", True, MESH),
        Keyword("Middle Aged", vocabulary=MESH),
        Keyword("Adult", vocabulary=MESH),
        Keyword("Umbilical Cord", "cytology", True, MESH),
        Keyword("Mesenchymal Stem Cells", "cytology", True, MESH),
        Keyword("SARS-CoV-2", vocabulary=MESH),
        Keyword("Aged", vocabulary=MESH),
        Keyword("Treatment Outcome", vocabulary=MESH),
    ],
)


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


def test_wprim_record_1_as_written(update_golden: bool) -> None:
    text = write([WPRIM_RECORD_1])
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


def test_wprim_record_1_round_trips_with_its_vocabularies() -> None:
    (back,) = read(write([WPRIM_RECORD_1]))
    assert back == WPRIM_RECORD_1
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
        "KW", "KW", "SN", "UR", "LA", "PB", "CY", "AN", "DB", "C2", "ID", "N1", "Y2", "AD", "AD", "ER",
    ]  # fmt: skip
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
        "AN  - 41234567",
        "DB  - PubMed",
        "N1  - A note\r\nwith two lines",
        "ER  - \r\n\r\n",
    ]:
        assert f"\r\n{line}" in text


def test_newline_option() -> None:
    assert "\r" not in write([FULL], newline="lf")
    assert write([FULL], newline="lf").replace("\n", "\r\n") == write([FULL])


def test_deterministic() -> None:
    assert write([FULL, WPRIM_RECORD_1]) == write([FULL, WPRIM_RECORD_1])


def test_endnote_flavour_differences() -> None:
    conference = Record(type="paper-conference", title="Talk", issued=PartialDate(2024))
    zotero, endnote = write([conference]), write([conference], flavour="endnote")
    assert zotero.startswith("TY  - CONF\r\n") and endnote.startswith("TY  - CPAPER\r\n")
    assert "DA  - 2024///" in zotero and "DA  -" not in endnote
    assert "DA  - 2024/05//" in write([replace(conference, issued=PartialDate(2024, 5))], flavour="endnote")


def test_type_carrier_and_kept_types() -> None:
    assert tags(write([Record(type="article")]))[:2] == ["TY", "XT"]
    assert write([Record(type="article")]).startswith("TY  - GEN\r\nXT  - article\r\n")
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
        ("e5", None, ["SP  - e5", "EP  - e5"]),
        ("C3-32--C3-35", None, ["SP  - C3-32", "EP  - C3-35"]),
    ],
)
def test_pages(pages: str | None, elocation: str | None, expected: list[str]) -> None:
    record = Record(pages=pages, elocation=elocation)
    text = write([record])
    assert [line for line in text.splitlines() if line[:2] in ("SP", "EP", "C7")] == expected
    assert read(text) == [record]


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
