"""Reading RIS: tag variants, types, names, keywords, encodings, bad input, real files."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

import refbridge
from refbridge.errors import ParseError
from refbridge.formats.ris import sniff_ris
from refbridge.model import AbstractSection, Keyword, PartialDate, Person, Record
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data" / "ris"


def read_text(text: str, session: Session) -> list[Record]:
    """Records of a RIS text given as a stream (no encoding detection involved)."""
    return list(refbridge.read(io.StringIO(text), "ris", session=session))


def read_one(text: str, session: Session) -> Record:
    records = read_text(text, session)
    assert len(records) == 1
    return records[0]


def codes(session: Session) -> list[str]:
    return [d.code for d in session.sink.items]


def ris(*lines: str) -> str:
    return "\n".join(lines) + "\n"


# -- tag variants ---------------------------------------------------------------------


def test_title_and_author_variants(session: Session) -> None:
    record = read_one(
        ris("TY  - JOUR", "T1  - A title", "A1  - Wang, Siyu", "AU  - Li, Lei", "ER  - "), session
    )
    assert record.title == "A title"
    assert record.authors == [Person(family="Li", given="Lei"), Person(family="Wang", given="Siyu")]


def test_editors_from_a2_and_ed(session: Session) -> None:
    record = read_one(ris("TY  - CHAP", "A2  - Editor, Ann", "ED  - Editor, Bob", "ER  - "), session)
    assert record.editors == [Person(family="Editor", given="Ann"), Person(family="Editor", given="Bob")]


def test_book_editors_are_a3_and_a2_is_the_series_editor(session: Session) -> None:
    # Zotero reads A2 of a BOOK as seriesEditor (oracle-checked, fields.py).
    record = read_one(ris("TY  - BOOK", "A3  - Ed, Ann", "A2  - Series, Sam", "ER  - "), session)
    assert record.editors == [Person(family="Ed", given="Ann")]
    assert record.contributors == {"collection-editor": [Person(family="Series", given="Sam")]}
    assert record.extra == {}


def test_edbook_names_are_editors(session: Session) -> None:
    record = read_one(ris("TY  - EDBOOK", "AU  - Ed, Ann", "ER  - "), session)
    assert (record.type, record.authors, record.editors) == ("book", [], [Person(family="Ed", given="Ann")])
    assert record.extra == {"TY": "EDBOOK"}


@pytest.mark.parametrize(
    ("lines", "full", "short"),
    [
        (["T2  - Chinese Medical Journal", "J2  - Chin Med J"], "Chinese Medical Journal", "Chin Med J"),
        (["JF  - Chinese Medical Journal", "JA  - Chin Med J"], "Chinese Medical Journal", "Chin Med J"),
        (["JO  - Acta Materialia"], "Acta Materialia", None),
        (["T2  - Full", "JO  - Abbr"], "Full", "Abbr"),
        (["J2  - Abbr"], None, "Abbr"),
        (["T2  - Full", "JF  - Full", "JO  - Abbr", "JA  - Abbr", "J2  - Abbr"], "Full", "Abbr"),
    ],
)
def test_journal_tags(lines: list[str], full: str | None, short: str | None, session: Session) -> None:
    record = read_one(ris("TY  - JOUR", *lines, "ER  - "), session)
    assert (record.container_title, record.container_title_short) == (full, short)
    assert record.extra == {}


def test_a_third_journal_name_is_kept_and_reported(session: Session) -> None:
    record = read_one(ris("TY  - JOUR", "T2  - Full", "J2  - Abbr", "JA  - Other", "ER  - "), session)
    assert record.extra == {"JA": "Other"}
    assert codes(session) == ["RB309"]


@pytest.mark.parametrize(
    ("lines", "issued"),
    [
        (["PY  - 2025"], PartialDate(2025)),
        (["PY  - 2025///"], PartialDate(2025)),
        (["DA  - 2025/11/24/"], PartialDate(2025, 11, 24)),
        (["Y1  - 2016/12//"], PartialDate(2016, 12)),
        (["PY  - 2025", "DA  - 2025/11//"], PartialDate(2025, 11)),
        (["DA  - 2025/11/24", "PY  - 2025"], PartialDate(2025, 11, 24)),
    ],
)
def test_exact_dates_are_consumed(lines: list[str], issued: PartialDate, session: Session) -> None:
    record = read_one(ris("TY  - JOUR", *lines, "ER  - "), session)
    assert record.issued == issued
    assert record.extra == {}


def test_free_text_date_fills_the_date_and_is_kept(session: Session) -> None:
    record = read_one(ris("TY  - JOUR", "PY  - 2025", "DA  - Nov 20", "ER  - "), session)
    assert record.issued == PartialDate(2025, 11, 20)
    assert record.extra == {"DA": "Nov 20"}


def test_unreadable_date_is_kept_and_reported(session: Session) -> None:
    record = read_one(ris("TY  - JOUR", "PY  - forthcoming", "ER  - "), session)
    assert record.issued is None
    assert record.extra == {"PY": "forthcoming"}
    assert codes(session) == ["RB310"]


def test_abstract_variants_and_structured_sections(session: Session) -> None:
    record = read_one(ris("TY  - JOUR", "N2  - Only N2.", "ER  - "), session)
    assert record.abstract == "Only N2."
    structured = read_one(
        ris("TY  - JOUR", "AB  - BACKGROUND: Why.", "METHODS: How.", "", "Results: What.", "ER  - "), session
    )
    assert structured.abstract_sections == [
        AbstractSection("Background", "Why."),
        AbstractSection("Methods", "How."),
        AbstractSection("Results", "What."),
    ]
    assert structured.abstract == "Background: Why.\nMethods: How.\nResults: What."


def test_ab_wins_over_n2(session: Session) -> None:
    record = read_one(ris("TY  - JOUR", "N2  - Other.", "AB  - Main.", "ER  - "), session)
    assert (record.abstract, record.extra) == ("Main.", {"N2": "Other."})


@pytest.mark.parametrize(
    ("lines", "pages", "elocation"),
    [
        (["SP  - 2984", "EP  - 2992"], "2984-2992", None),
        (["EP  - 2992", "SP  - 2984"], "2984-2992", None),
        (["SP  - 2984-2992"], "2984-2992", None),
        (["SP  - 2984–2992"], "2984–2992", None),
        (["SP  - 2984-2992", "EP  - 2992"], "2984-2992", None),
        (["SP  - 1-3, 5-7"], "1-3, 5-7", None),
        (["SP  - e0247812"], None, "e0247812"),
        (["SP  - e5", "C7  - e5"], None, "e5"),
        (["SP  - 12", "EP  - 19", "C7  - e5"], "12-19", "e5"),
        (["SP  - 274"], "274", None),
        # refbridge's XP: the SP is the pages, though shaped like or equal to the e-locator.
        (["SP  - e5", "XP  - e5"], "e5", None),
        (["SP  - e5", "C7  - e5", "XP  - e5"], "e5", "e5"),
        (["SP  - 154", "C7  - 154", "XP  - 154"], "154", "154"),
    ],
)
def test_pages(lines: list[str], pages: str | None, elocation: str | None, session: Session) -> None:
    record = read_one(ris("TY  - JOUR", *lines, "ER  - "), session)
    assert (record.pages, record.elocation) == (pages, elocation)
    assert record.extra == {}


def test_identifiers(session: Session) -> None:
    record = read_one(
        ris(
            "TY  - JOUR",
            "DO  - https://doi.org/10.1097/CM9.0000000000003456",
            "SN  - 0366-6999; 2542-5641",
            "AN  - 41234567",
            "DB  - PubMed",
            "C2  - PMC1234567",
            "UR  - https://example.org/a",
            "UR  - https://example.org/b",
            "L1  - https://example.org/a.pdf",
            "ER  - ",
        ),
        session,
    )
    assert record.doi == "10.1097/CM9.0000000000003456"
    assert record.issn == ["0366-6999", "2542-5641"]
    assert (record.pmid, record.pmcid, record.url) == ("41234567", "PMC1234567", "https://example.org/a")
    assert record.extra == {"UR": "https://example.org/b", "L1": "https://example.org/a.pdf"}


def test_accession_number_of_another_database_is_not_a_pmid(session: Session) -> None:
    record = read_one(ris("TY  - JOUR", "AN  - 2-s2.0-4544289390", "DB  - Scopus", "ER  - "), session)
    assert record.pmid is None
    assert (record.archive, record.archive_location) == ("Scopus", "2-s2.0-4544289390")
    assert record.extra == {}


def test_isbn_by_shape_and_issn_qualifiers(session: Session) -> None:
    book = read_one(ris("TY  - BOOK", "SN  - 978-1-119-16781-5", "ER  - "), session)
    assert (book.isbn, book.issn) == ("978-1-119-16781-5", [])
    journal = read_one(ris("TY  - JOUR", "SN  - 2325-9671 (electronic)", "ER  - "), session)
    assert journal.issn == ["2325-9671"]
    assert journal.extra == {"SN": "2325-9671 (electronic)"}


def test_other_fields(session: Session) -> None:
    record = read_one(
        ris(
            "TY  - RPRT",
            "PB  - World Health Organization",
            "CY  - Geneva",
            "LA  - eng",
            "M3  - Guideline",
            "ID  - who2023",
            "N1  - First note",
            "N1  - Second note",
            "continued",
            "ER  - ",
        ),
        session,
    )
    assert (record.type, record.publisher, record.place, record.language, record.key) == (
        "report",
        "World Health Organization",
        "Geneva",
        "eng",
        "who2023",
    )
    assert record.notes == ["First note", "Second note\ncontinued"]
    assert record.genre == "Guideline"  # M3 of RPRT: Zotero's Report Type
    assert record.extra == {}


# -- types ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ty", "csl", "kept"),
    [
        ("JOUR", "article-journal", None),
        ("EJOUR", "article-journal", "EJOUR"),
        ("BOOK", "book", None),
        ("CHAP", "chapter", None),
        ("CONF", "paper-conference", None),
        ("CPAPER", "paper-conference", None),
        ("THES", "thesis", None),
        ("RPRT", "report", None),
        ("ELEC", "webpage", None),
        ("GEN", "document", None),
        ("GRNT", "document", None),
        ("SOUND", "song", None),
        ("MUSIC", "song", None),
        ("BLOG", "post-weblog", None),
        ("DICT", "entry-dictionary", None),
        ("ART", "graphic", None),
        ("HEAR", "hearing", None),
        ("STAT", "legislation", None),
        ("ABST", "article-journal", "ABST"),
        ("FIGURE", "document", "FIGURE"),
    ],
)
def test_reference_types(ty: str, csl: str, kept: str | None, session: Session) -> None:
    record = read_one(ris(f"TY  - {ty}", "ER  - "), session)
    assert record.type == csl
    assert record.extra.get("TY") == kept
    assert codes(session) == []


def test_every_ris_type_is_mapped_to_a_model_type() -> None:
    from rispy.config import TYPE_OF_REFERENCE_MAPPING

    from refbridge.formats.csl_json.tables import SCHEMA_TYPES
    from refbridge.formats.ris.tables import TYPE_FROM_RIS, TYPE_TO_RIS
    from refbridge.model import CSL_TYPES

    # Zotero's GRNT (a Document) besides the specification's types.
    assert set(TYPE_FROM_RIS) == set(TYPE_OF_REFERENCE_MAPPING) | {"GRNT"}
    assert set(TYPE_FROM_RIS.values()) <= set(TYPE_TO_RIS) <= SCHEMA_TYPES
    assert set(CSL_TYPES) <= set(TYPE_TO_RIS)


def test_unknown_type_is_kept_and_reported(session: Session) -> None:
    record = read_one(ris("TY  - PODCAST", "TI  - x", "ER  - "), session)
    assert (record.type, record.extra) == ("document", {"TY": "PODCAST"})
    assert codes(session) == ["RB307"]


def test_type_carrier_tag(session: Session) -> None:
    record = read_one(ris("TY  - GEN", "XT  - article", "ER  - "), session)
    assert (record.type, record.extra) == ("article", {})


# -- names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Wang, Siyu", Person(family="Wang", given="Siyu")),
        ("WANG,Siyu", Person(family="WANG", given="Siyu")),
        ("Smith, John, Jr.", Person(family="Smith", given="John", suffix="Jr.")),
        ("van der Berg, Jan", Person(family="Berg", given="Jan", particle="van der")),
        ("d'Alembert, Jean", Person(family="d'Alembert", given="Jean")),
        ("World Health Organization", Person(literal="World Health Organization")),
        # Family and initials without a comma (Embase, PubMed-derived files, Rayyan, Covidence).
        ("Fanning E.", Person(family="Fanning", given="E.")),
        ("Yang Z", Person(family="Yang", given="Z")),
        ("van der Berg JH", Person(family="Berg", given="JH", particle="van der")),
        ("Smith-Jones A.-B.", Person(family="Smith-Jones", given="A.-B.")),
        ("Cancer Research UK", Person(literal="Cancer Research UK")),
        (
            "Centers for Disease Control and Prevention",
            Person(literal="Centers for Disease Control and Prevention"),
        ),
        ("WHO", Person(literal="WHO")),
        ("Federico,", Person(family="Federico")),
    ],
)
def test_names(text: str, person: Person, session: Session) -> None:
    assert read_one(ris("TY  - JOUR", f"AU  - {text}", "ER  - "), session).authors == [person]


# -- keywords -------------------------------------------------------------------------


def test_keywords_plain_mesh_and_pubmed_style(session: Session) -> None:
    record = read_one(
        ris(
            "TY  - JOUR",
            "KW  - Humans",
            "KW  - COVID-19/therapy*",
            "KW  - *COVID-19/therapy",
            "KW  - *Kidney Diseases/diagnosis/*therapy",
            "KW  - Lung Neoplasms, drug therapy",
            "KW  - HIV/AIDS",
            "KW  - a; b",
            "ER  - ",
        ),
        session,
    )
    assert record.keywords == [
        Keyword("Humans"),
        Keyword("COVID-19", "therapy", True, "MeSH"),
        Keyword("COVID-19", "therapy", True, "MeSH"),
        Keyword("Kidney Diseases", "diagnosis", True, "MeSH"),
        Keyword("Kidney Diseases", "therapy", True, "MeSH"),
        Keyword("Lung Neoplasms, drug therapy"),
        Keyword("HIV/AIDS"),
        Keyword("a"),
        Keyword("b"),
    ]


def test_vocabulary_carrier(session: Session) -> None:
    record = read_one(
        ris("TY  - JOUR", "KW  - Humans", "KW  - COVID-19/therapy*", "XK  - MeSH", "ER  - "), session
    )
    assert record.keywords == [
        Keyword("Humans", vocabulary="MeSH"),
        Keyword("COVID-19", "therapy", True, "MeSH"),
    ]
    mixed = read_one(ris("TY  - JOUR", "KW  - HIV/AIDS", "KW  - x/y", "XK  - =author|", "ER  - "), session)
    assert mixed.keywords == [Keyword("HIV/AIDS", vocabulary="author"), Keyword("x", "y")]


def test_vocabulary_carrier_that_does_not_fit_is_kept(session: Session) -> None:
    record = read_one(
        ris("TY  - JOUR", "KW  - a", "KW  - b", "KW  - c", "XK  - MeSH|MeSH", "ER  - "), session
    )
    assert record.keywords == [Keyword("a"), Keyword("b"), Keyword("c")]
    assert record.extra == {"XK": "MeSH|MeSH"}
    assert codes(session) == ["RB312"]


# -- layout and bad input -------------------------------------------------------------


def test_crlf_blank_lines_and_single_space_tags(session: Session) -> None:
    text = "\r\n\r\nTY - JOUR\r\nTI  - One\r\n\r\nER  -\r\n\r\n\r\nTY  - BOOK\r\nTI  - Two\r\nER  - \r\n"
    records = read_text(text, session)
    assert [(r.type, r.title) for r in records] == [("article-journal", "One"), ("book", "Two")]
    assert [r.source.line for r in records if r.source] == [3, 9]
    assert codes(session) == []


def test_continuation_of_a_single_line_field_is_joined_and_reported(session: Session) -> None:
    record = read_one(ris("TY  - JOUR", "TI  - A title that was", "   hard-wrapped", "ER  - "), session)
    assert record.title == "A title that was hard-wrapped"
    assert [(d.code, d.line) for d in session.sink.items] == [("RB303", 3)]


def test_missing_final_er_keeps_the_record(session: Session) -> None:
    records = read_text(
        ris("TY  - JOUR", "TI  - One", "ER  - ", "TY  - JOUR", "TI  - Two", "AU  - Wan"), session
    )
    assert [r.title for r in records] == ["One", "Two"]
    assert records[1].authors == [Person(literal="Wan")]
    assert [(d.code, d.line) for d in session.sink.items] == [("RB301", 4)]


def test_missing_er_before_the_next_ty(session: Session) -> None:
    records = read_text(ris("TY  - JOUR", "TI  - One", "TY  - JOUR", "TI  - Two", "ER  - "), session)
    assert [r.title for r in records] == ["One", "Two"]
    assert [(d.code, d.line) for d in session.sink.items] == [("RB302", 1)]


def test_tags_after_er_without_ty_start_a_record(session: Session) -> None:
    records = read_text(ris("TY  - BOOK", "TI  - One", "ER  - ", "TI  - Two", "ER  - "), session)
    assert [(r.type, r.title) for r in records] == [("book", "One"), ("article-journal", "Two")]
    assert [(d.code, d.line) for d in session.sink.items] == [("RB306", 4)]


def test_text_between_records_is_reported(session: Session) -> None:
    records = read_text(
        ris("Provider: X", "TY  - JOUR", "ER  - ", "stray", "AU  - x", "TY  - JOUR", "ER  - "), session
    )
    assert len(records) == 2
    assert [(d.code, d.line) for d in session.sink.items] == [("RB304", 1), ("RB305", 4)]


def test_a_file_that_is_not_ris_is_a_parse_error(wprim_sample: Path, session: Session) -> None:
    with pytest.raises(ParseError) as caught:
        list(refbridge.read(wprim_sample, "ris", session=session))
    assert (caught.value.code, caught.value.line) == ("RB300", 1)
    with pytest.raises(ParseError):
        read_text("just some text\nAU  - looks like a tag\n", session)


def test_a_file_that_is_not_ris_is_a_diagnostic_in_a_conversion(wprim_sample: Path, tmp_path: Path) -> None:
    session = Session()
    counts = refbridge.convert(wprim_sample, tmp_path / "out.ris", "ris", session=session)
    assert counts.failed_inputs == [str(wprim_sample)]
    assert "RB300" in codes(session)


def test_empty_input(session: Session) -> None:
    assert read_text("\n\n", session) == []
    assert codes(session) == ["RB313"]


def test_truncated_file(tmp_path: Path, session: Session) -> None:
    full = (DATA / "zotero-export.ris").read_bytes()
    cut = full[: full.index(b"KW  - SARS-CoV-2") + 10]
    path = tmp_path / "truncated.ris"
    path.write_bytes(cut)
    records = list(refbridge.read(path, session=session))
    assert len(records) == 1
    assert records[0].keywords[-1] == Keyword("SARS")
    assert records[0].volume == "138"
    assert codes(session) == ["RB301"]


# -- encodings through refbridge.read(path) ---------------------------------------------

ENCODED = ris("TY  - JOUR", "AU  - Müller, Jürgen", "TI  - Ω-3 fatty acids – a review", "ER  - ")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_unicode_encodings(encoding: str, tmp_path: Path, session: Session) -> None:
    path = tmp_path / "in.ris"
    path.write_bytes(ENCODED.replace("\n", "\r\n").encode(encoding))
    record = next(iter(refbridge.read(path, session=session)))
    assert (record.authors[0].family, record.title) == ("Müller", "Ω-3 fatty acids – a review")
    assert codes(session) == []


def test_cp1252_is_detected_and_reported(tmp_path: Path, session: Session) -> None:
    path = tmp_path / "in.ris"
    path.write_bytes(
        ris("TY  - JOUR", "AU  - Müller, Jürgen", "TI  - 5–7 – “quoted”", "ER  - ").encode("cp1252")
    )
    record = next(iter(refbridge.read(path, session=session)))
    assert (record.authors[0].family, record.title) == ("Müller", "5–7 – “quoted”")
    assert codes(session) == ["RB020"]


def test_mixed_encodings_are_repaired_by_line(tmp_path: Path, session: Session) -> None:
    good = ris("TY  - JOUR", "AU  - Müller, Jürgen", "TI  - " + "x" * 200, "ER  - ")
    count = 65_536 // len(good.encode("utf-8")) + 2  # beyond the head used to detect the encoding
    path = tmp_path / "mixed.ris"
    path.write_bytes(
        good.encode("utf-8") * count
        + ris("TY  - JOUR", "AU  - Kowalski, Łucja", "TI  - Café").encode("utf-8")[:-1]
        + b"\nAU  - M\xfcller, J\xfcrgen\nER  - \n"
    )
    records = list(refbridge.read(path, session=session))
    assert len(records) == count + 1
    assert records[-1].authors == [
        Person(family="Kowalski", given="Łucja"),
        Person(family="Müller", given="Jürgen"),
    ]
    assert records[-1].title == "Café"
    assert [(d.code, d.line) for d in session.sink.items] == [("RB311", 4 * count + 4)]


# -- sniffing and extensions ------------------------------------------------------------


def test_sniff(wprim_sample: Path) -> None:
    assert sniff_ris(ris("TY  - JOUR", "ER  - ")) > 0.9
    assert sniff_ris(ris("Provider: JSTOR", "Database: JSTOR", "", "TY  - JOUR")) > 0.9
    assert sniff_ris(wprim_sample.read_text(encoding="utf-8")[:4096]) == 0.0
    assert sniff_ris("@article{x, title={y}}") == 0.0


def test_txt_file_is_sniffed_as_ris(tmp_path: Path, session: Session) -> None:
    path = tmp_path / "export.txt"
    path.write_text(ris("TY  - JOUR", "TI  - Sniffed", "ER  - "), encoding="utf-8")
    assert [r.title for r in refbridge.read(path, session=session)] == ["Sniffed"]


# -- real files -----------------------------------------------------------------------

REAL = [
    "colrev-ieee_ris.ris",
    "colrev-jstor_ris.ris",
    "jabref-RisImporterTestScience.ris",
    "jabref-RisImporterTestScopus.ris",
    "rispy-example_empty_tag.ris",
    "rispy-example_multiline.ris",
]


@pytest.mark.parametrize("name", REAL)
def test_real_files_every_record_accounted_for(name: str, shared_dir: Path, session: Session) -> None:
    path = shared_dir / "corpus" / "real" / "ris" / name
    text = path.read_text(encoding="utf-8")
    records = list(refbridge.read(path, session=session))
    starts = [number for number, line in enumerate(text.splitlines(), 1) if line.startswith("TY  - ")]
    assert [r.source.line for r in records if r.source] == starts
    assert not [d for d in session.sink.items if d.severity == "error"]


def _bib_fields(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    return {
        m[1]: m[2] for m in re.finditer(r"^\s*(\w+)\s*=\s*\{(.*?)\},?$", text, flags=re.MULTILINE | re.DOTALL)
    }


@pytest.mark.parametrize("stem", ["jabref-RisImporterTestScience", "jabref-RisImporterTestScopus"])
def test_real_files_agree_with_jabref(stem: str, shared_dir: Path, session: Session) -> None:
    folder = shared_dir / "corpus" / "real" / "ris"
    expected = _bib_fields(folder / f"{stem}.jabref-expected.bib")
    (record,) = refbridge.read(folder / f"{stem}.ris", session=session)
    assert " and ".join(f"{p.family}, {p.given}" for p in record.authors) == expected["author"]
    assert record.title == expected["title"]
    assert record.container_title == expected["journal"]
    assert record.issued is not None and str(record.issued.year) == expected["year"]
    assert record.volume == expected["volume"]
    assert record.pages == expected["pages"].replace("--", "-")
    assert record.doi == expected["doi"]
    assert ", ".join(k.term for k in record.keywords) == expected["keywords"]
    assert record.url == expected["url"]
    assert record.issue == expected.get("number")
    assert record.issn == ([expected["issn"]] if "issn" in expected else [])


def test_real_files_exact_values(shared_dir: Path, session: Session) -> None:
    folder = shared_dir / "corpus" / "real" / "ris"
    science = next(iter(refbridge.read(folder / "jabref-RisImporterTestScience.ris", session=session)))
    assert science.issued == PartialDate(2016, 12)
    assert science.title == "Phase separation and ω transformation in binary V-Ti and ternary V-Ti-Cr alloys"
    scopus = next(iter(refbridge.read(folder / "jabref-RisImporterTestScopus.ris", session=session)))
    assert scopus.notes == ["Cited By :44", "Export Date: 1 April 2016"]
    assert scopus.extra["AD"][2].startswith("Dipartimento di Metodologie Fisiche, Facoltà di Ingegneria")
    assert (scopus.extra["M3"], scopus.archive) == ("Article", "Scopus")
    embase = next(iter(refbridge.read(folder / "rispy-example_empty_tag.ris", session=session)))
    assert (embase.key, embase.authors, embase.pages) == (
        "2006713348",
        [Person(family="Fanning", given="E.")],
        None,
    )
    assert (embase.container_title, embase.container_title_short) == (
        "Orthopaedic Journal of Sports Medicine",
        "Orthop. J. Sports Med.",
    )
    assert (embase.doi, embase.issn, embase.issued) == (
        "10.1177/2325967120950040",
        ["2325-9671"],
        PartialDate(2020),
    )
    # Embase's star marks a major Emtree term: major, but not MeSH.
    assert embase.keywords[0] == Keyword("athlete", None, True, None)
    assert embase.abstract is not None and embase.abstract.endswith(
        "\nOutcome measures are valuable when determining an athlete's safe return to sport..."
    )
    multiline = list(refbridge.read(folder / "rispy-example_multiline.ris", session=session))
    assert [r.notes for r in multiline] == [["first line\n* second line\n* last line"]] * 3
    assert multiline[0].abstract == "first line, ER then second line and at the end the last line"
    assert multiline[1].abstract == "first line,\nER then second line and at the end\nthe last line"
    ieee = list(refbridge.read(folder / "colrev-ieee_ris.ris", session=session))
    assert [(r.type, r.pages, r.issued) for r in ieee] == [
        ("paper-conference", "183-186", PartialDate(2020, 8)),
        ("article-journal", "14-25", PartialDate(2017, 3)),
    ]
    assert ieee[0].authors[0] == Person(literal="A. Author-One")
    assert ieee[0].extra == {"Y1": "4-8 Aug. 2020"}
    jstor = list(refbridge.read(folder / "colrev-jstor_ris.ris", session=session))
    assert [r.type for r in jstor] == ["article-journal", "article-journal", "chapter", "report"]
    assert jstor[1].issn == ["21111112", "2777777X"]
    assert (jstor[2].isbn, jstor[2].editors[1], jstor[2].collection_title) == (
        "9777777777779",
        Person(family="Editor", given="Laureen"),
        "Tertiary Title",
    )
