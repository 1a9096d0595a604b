"""The lossless RIS rewrite of ``refbridge format`` (``ris_rewrite``): every byte it read
comes back except the values a transform changed."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from refbridge.cli import cli
from refbridge.context import Context
from refbridge.errors import ParseError
from refbridge.formats.ris.read import read_ris
from refbridge.formats.ris.rewrite import rewrite_ris
from refbridge.formats.ris.write import WriterState, record_lines
from refbridge.model import Keyword, PartialDate, Person, Record
from refbridge.rewrite import FieldChange, RecordStep, Rewrite
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data" / "ris"
REAL = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real" / "ris"
FILES = sorted(REAL.glob("*.ris")) + sorted(DATA.glob("*.ris"))


def text_of(path: Path) -> str:
    """A file's text as ``format`` hands it to the rewrite: BOM off, line ends ``\\n``."""
    return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")


def ris(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def identity(record: Record) -> Record:
    return record


def format_step(session: Session | None = None) -> RecordStep:
    """The default format-time transforms (pages, keywords) as one step."""
    session = session or Session()
    steps = [step for t, step in session.transform_steps() if t.name in ("pages", "keywords")]

    def run(record: Record) -> Record | None:
        current: Record | None = record
        for step in steps:
            if current is None:
                return None
            current = step(current)
        return current

    return run


class Recording:
    """A step that remembers what it returned (the records the rewrite must write)."""

    def __init__(self, step: RecordStep) -> None:
        self.step = step
        self.results: list[Record | None] = []

    def __call__(self, record: Record) -> Record | None:
        result = self.step(record)
        self.results.append(result)
        return result


def rewrite(text: str, step: RecordStep, session: Session | None = None) -> Rewrite:
    """``rewrite_ris`` with the ris format's default options (diagnostics to ``session``)."""
    if session is not None:
        return rewrite_ris(text, session.context("ris", "refs.ris"), step)
    return rewrite_ris(text, Context("ris", "refs.ris", {"flavour": "zotero", "newline": "crlf"}), step)


def read(text: str) -> list[Record]:
    return list(read_ris(io.StringIO(text), Context("ris")))


def check_rewrite(text: str, step: RecordStep) -> Rewrite:
    """Rewrite ``text`` and check what holds for every rewrite: the records read back
    are the step's results (a dropped record as it was), and a second run changes
    nothing."""
    recording = Recording(step)
    result = rewrite(text, recording)
    originals = read(text)
    expected = [
        new if new is not None else old for old, new in zip(originals, recording.results, strict=True)
    ]
    assert read(result.text) == expected
    again = rewrite(result.text, step)
    assert again.text == result.text
    assert again.changes == []
    return result


# -- with nothing to change, every file comes back as it was ------------------------------


def test_the_corpus_is_there() -> None:
    assert len([path for path in FILES if path.parent == REAL]) >= 6, REAL


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_identity_gives_every_file_back(path: Path) -> None:
    text = text_of(path)
    result = check_rewrite(text, identity)
    assert result.text == text
    assert result.changes == []
    assert result.records == len(read(text))


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_equal_copies_change_nothing_either(path: Path) -> None:
    # A step that returns a new but equal record (what most transforms do) is no change.
    text = text_of(path)
    assert rewrite(text, dataclasses.replace).text == text


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_the_reader_s_diagnostics_are_reported_once(path: Path) -> None:
    text = text_of(path)
    reading, rewriting = Session(), Session()
    list(read_ris(io.StringIO(text), reading.context("ris", "refs.ris")))
    rewrite(text, format_step(), rewriting)
    assert [str(d) for d in rewriting.sink.items if d.code.startswith("RB3")] == [
        str(d) for d in reading.sink.items
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_default_transforms_leave_the_corpus_files_alone(path: Path) -> None:
    # Nothing in these exports needs normalising: format must not touch them (DOI URLs,
    # several ISSNs in one SN, unknown tags, EndNote dates, empty tags, headers).
    text = text_of(path)
    result = check_rewrite(text, format_step())
    assert result.text == text
    assert result.changes == []


def test_a_dropped_record_is_left_as_written() -> None:
    text = ris("TY  - JOUR", "SP  - 2984-92", "ER  - ")
    result = rewrite(text, lambda record: None)
    assert (result.text, result.changes, result.records) == (text, [], 1)


def test_text_with_no_record_comes_back_unchanged() -> None:
    session = Session()
    for text in ("", "\n\n", "   \n"):
        assert rewrite(text, identity, session).text == text
    assert [d.code for d in session.sink.items] == ["RB313"] * 3


def test_text_that_is_not_ris_is_a_parse_error() -> None:
    with pytest.raises(ParseError) as caught:
        rewrite("just some notes\n" * 60, identity)
    assert caught.value.code == "RB300"


# -- the default transforms on real files with realistic dirt ------------------------------


def dirty(path: Path, *edits: tuple[str, str]) -> str:
    text = text_of(path)
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    import difflib

    removed, added = [], []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def test_scopus_export_abbreviated_last_page_and_duplicate_keyword() -> None:
    text = dirty(
        REAL / "jabref-RisImporterTestScopus.ris",
        ("EP  - 2327\n", "EP  - 27\n"),
        ("KW  - Transverse isotropy\n", "KW  - Transverse isotropy\nKW  - composite\n"),
    )
    result = check_rewrite(text, format_step())
    # The KW lines are written anew, but the ones kept read as they did.
    assert changed_lines(text, result.text) == (["EP  - 27", "KW  - composite"], ["EP  - 2327"])
    assert result.text == text_of(REAL / "jabref-RisImporterTestScopus.ris")
    assert result.changes == [
        FieldChange(7, None, "EP", "27", "2327"),
        FieldChange(
            16,
            None,
            "KW",
            "Composite; Inclusions; Statistical distribution; Transverse isotropy; composite",
            "Composite; Inclusions; Statistical distribution; Transverse isotropy",
        ),
    ]


def test_endnote_export_en_dash_range_becomes_sp_and_ep() -> None:
    # EndNote writes the whole range into SP; an en dash and a shortened last page.
    text = dirty(DATA / "endnote-export.ris", ("SP  - 1156-1162\n", "SP  - 1156–62\n"))
    result = check_rewrite(text, format_step())
    assert changed_lines(text, result.text) == (["SP  - 1156–62"], ["SP  - 1156", "EP  - 1162"])
    assert result.changes == [
        FieldChange(14, "1042", "SP", "1156–62", "1156"),
        FieldChange(14, "1042", "EP", None, "1162"),
    ]
    (first, *rest) = read(result.text)
    assert first.pages == "1156-1162"
    assert rest == read(text)[1:]


def test_ieee_conference_record_with_empty_and_duplicate_tags() -> None:
    # IEEE: empty IS/VO/VL, JO and JA beside T2, a Y1 with a day range. Only EP changes.
    text = dirty(REAL / "colrev-ieee_ris.ris", ("EP  - 186\n", "EP  - 6\n"))
    result = check_rewrite(text, format_step())
    assert changed_lines(text, result.text) == (["EP  - 6"], ["EP  - 186"])
    assert result.text == text_of(REAL / "colrev-ieee_ris.ris")
    assert result.changes == [FieldChange(5, None, "EP", "6", "186")]


# -- hand-built records: exact changes, and what must stay byte for byte ------------------------------


def test_abbreviated_last_page_in_ep() -> None:
    text = ris("TY  - JOUR", "TI  - Safety of UC-MSCs", "SP  - 2984", "EP  - 92", "ER  - ")
    result = check_rewrite(text, format_step())
    assert result.text == ris("TY  - JOUR", "TI  - Safety of UC-MSCs", "SP  - 2984", "EP  - 2992", "ER  - ")
    assert result.changes == [FieldChange(4, None, "EP", "92", "2992")]
    assert result.changes[0].describe("refs.ris") == "refs.ris:4: EP: 92 → 2992"


def test_combined_range_in_sp() -> None:
    text = ris("TY  - JOUR", "SP  - 2984-92", "PY  - 2025", "ER  - ")
    result = check_rewrite(text, format_step())
    assert result.text == ris("TY  - JOUR", "SP  - 2984", "EP  - 2992", "PY  - 2025", "ER  - ")
    assert result.changes == [
        FieldChange(2, None, "SP", "2984-92", "2984"),
        FieldChange(2, None, "EP", None, "2992"),
    ]


@pytest.mark.parametrize("dash", ["–", "—", "--"])
def test_dashes_in_a_range(dash: str) -> None:
    text = ris("TY  - JOUR", f"SP  - 145{dash}172", "ER  - ")
    result = check_rewrite(text, format_step())
    assert result.text == ris("TY  - JOUR", "SP  - 145", "EP  - 172", "ER  - ")
    assert [c.field for c in result.changes] == ["SP", "EP"]


def test_supplement_pages_and_combined_volume_issue() -> None:
    text = ris("TY  - JOUR", "VL  - 138(22)", "SP  - S12-9", "ER  - ")
    result = check_rewrite(text, format_step())
    assert result.text == ris("TY  - JOUR", "VL  - 138", "IS  - 22", "SP  - S12", "EP  - S19", "ER  - ")
    assert result.changes == [
        FieldChange(2, None, "VL", "138(22)", "138"),
        FieldChange(2, None, "IS", None, "22"),
        FieldChange(3, None, "SP", "S12-9", "S12"),
        FieldChange(3, None, "EP", None, "S19"),
    ]


def test_duplicate_keywords() -> None:
    text = ris(
        "TY  - JOUR",
        "KW  - Humans",
        "KW  - COVID-19/therapy*",
        "KW  - humans",
        "KW  - Mesenchymal Stem Cells/cytology*",
        "ID  - wang2025",
        "ER  - ",
    )
    result = check_rewrite(text, format_step())
    assert result.text == ris(
        "TY  - JOUR",
        "KW  - Humans",
        "KW  - COVID-19/therapy*",
        "KW  - Mesenchymal Stem Cells/cytology*",
        "ID  - wang2025",
        "ER  - ",
    )
    assert result.changes == [
        FieldChange(
            2,
            "wang2025",
            "KW",
            "Humans; COVID-19/therapy*; humans; Mesenchymal Stem Cells/cytology*",
            "Humans; COVID-19/therapy*; Mesenchymal Stem Cells/cytology*",
        )
    ]


def test_keywords_in_one_line() -> None:
    text = ris("TY  - JOUR", "KW  - Humans; Female; Humans", "ER  - ")
    result = check_rewrite(text, format_step())
    assert result.text == ris("TY  - JOUR", "KW  - Humans", "KW  - Female", "ER  - ")
    assert result.changes == [FieldChange(2, None, "KW", "Humans; Female; Humans", "Humans; Female")]


#: An EndNote-style record with everything the writer would write differently.
MESSY = (
    "TY  - JOUR",
    "A1  - Wang,Siyu",
    "T1  - Safety and efficacy of human umbilical cord-derived mesenchymal stem cells  ",
    "JO  - Chin Med J (Engl)",
    "Y1  - 2001///",
    "VL  - 138",
    "IS  - ",
    "SP  - 2984-92",
    "DO  - https://doi.org/10.1371/journal.pone.0046493",
    "SN  - 978-1-119-16781-5; 978-0-19-852663-6",
    "C7  - e0046493",
    "ST  - Safety of UC-MSCs",
    "XX  - a tag no one knows",
    "AB  - Background: The effects of UC-MSC treatment on COVID-19 patients have been",
    "preliminarily characterized.",
    "",
    "Methods: This was a single-arm, multicenter study.",
    "KW  - Humans",
    "KW  - COVID-19/therapy*",
    "KW  - humans",
    "N1  - first line",
    "      * second line",
    "      * last line",
    "M3  - Journal Article",
    "ER  -",
)


def test_only_the_changed_tags_change_in_a_messy_record() -> None:
    header = ("Provider: JSTOR http://www.jstor.org", "Database: JSTOR", "", "")
    text = ris(*header, *MESSY, "", "", *MESSY)
    result = check_rewrite(text, format_step())
    fixed = [
        *MESSY[:7],
        "SP  - 2984",
        "EP  - 2992",
        *MESSY[8:17],
        "KW  - Humans",
        "KW  - COVID-19/therapy*",
        *MESSY[20:],
    ]
    assert result.text == ris(*header, *fixed, "", "", *fixed)
    second = len(header) + len(MESSY) + 2
    keywords = ("Humans; COVID-19/therapy*; humans", "Humans; COVID-19/therapy*")
    assert result.changes == [
        FieldChange(12, None, "SP", "2984-92", "2984"),
        FieldChange(12, None, "EP", None, "2992"),
        FieldChange(22, None, "KW", *keywords),
        FieldChange(second + 8, None, "SP", "2984-92", "2984"),
        FieldChange(second + 8, None, "EP", None, "2992"),
        FieldChange(second + 18, None, "KW", *keywords),
    ]
    record = read(result.text)[0]
    assert record.doi == "10.1371/journal.pone.0046493"
    assert record.extra["SN"] == "978-1-119-16781-5; 978-0-19-852663-6"
    assert record.pages == "2984-2992"


def test_records_without_er_and_without_a_final_newline() -> None:
    # A record ended by the next TY (RB302) and a truncated last record (RB301).
    text = "TY  - JOUR\nSP  - 12-9\nTY  - JOUR\nSP  - 2984\nEP  - 92"
    result = check_rewrite(text, format_step())
    assert result.text == "TY  - JOUR\nSP  - 12-9\nTY  - JOUR\nSP  - 2984\nEP  - 2992"
    assert result.changes == [FieldChange(5, None, "EP", "92", "2992")]


def test_a_byte_order_mark_stays() -> None:
    text = "\ufeff" + ris("TY  - JOUR", "SP  - 2984", "EP  - 92", "ER  - ")
    result = rewrite(text, format_step())
    assert result.text == "\ufeff" + ris("TY  - JOUR", "SP  - 2984", "EP  - 2992", "ER  - ")


# -- where the writer's lines go for other steps --------------------------------------------


def test_a_tag_of_the_same_field_takes_the_place_of_the_one_it_replaces() -> None:
    # A step that changes authors and journal abbreviation (not a format-time
    # transform, but the placement is the same): AU where A1 was, T2/J2 where JO/JA were.
    text = ris(
        "TY  - JOUR",
        "T1  - A title",
        "A1  - Fanning E.",
        "JO  - Orthopaedic Journal of Sports Medicine",
        "VL  - 8",
        "JA  - Orthop J Sports Med",
        "ER  - ",
    )

    def step(record: Record) -> Record:
        return dataclasses.replace(
            record, authors=[Person("Fanning", "Emma")], container_title_short="Orthop. J. Sports Med."
        )

    result = check_rewrite(text, step)
    assert result.text == ris(
        "TY  - JOUR",
        "T1  - A title",
        "AU  - Fanning, Emma",
        "T2  - Orthopaedic Journal of Sports Medicine",
        "J2  - Orthop. J. Sports Med.",
        "VL  - 8",
        "ER  - ",
    )
    assert [(c.line, c.field, c.old, c.new) for c in result.changes] == [
        (3, "A1", "Fanning E.", None),
        (3, "AU", None, "Fanning, Emma"),
        (4, "JO", "Orthopaedic Journal of Sports Medicine", None),
        (4, "T2", None, "Orthopaedic Journal of Sports Medicine"),
        (4, "J2", None, "Orthop. J. Sports Med."),
        (6, "JA", "Orthop J Sports Med", None),
    ]


def test_an_added_tag_goes_after_the_tag_before_it_in_the_writer_s_order() -> None:
    text = ris("TY  - JOUR", "TI  - A title", "PY  - 2020", "UR  - https://example.org/1", "ER  - ")

    def step(record: Record) -> Record:
        return dataclasses.replace(record, keywords=[Keyword("Humans", vocabulary="MeSH")], volume="3")

    result = check_rewrite(text, step)
    assert result.text == ris(
        "TY  - JOUR",
        "TI  - A title",
        "VL  - 3",
        "PY  - 2020",
        "KW  - Humans",
        "XK  - MeSH",
        "UR  - https://example.org/1",
        "ER  - ",
    )


def test_a_record_that_starts_without_ty_and_stray_lines_after_it() -> None:
    text = ris(
        "TY  - JOUR", "SP  - 1", "ER  - ", "SP  - 2984-92", "ER  - ", "Provider: x", "AU  - stray", "ER  - "
    )
    result = check_rewrite(text, format_step())
    assert result.text == text.replace("SP  - 2984-92\n", "SP  - 2984\nEP  - 2992\n")
    assert [(c.line, c.field) for c in result.changes] == [(4, "SP"), (4, "EP")]


#: Changes of every kind of field, as any step might make them.
CHANGES = {
    "pages": lambda r: dataclasses.replace(r, pages="1-9"),
    "no pages": lambda r: dataclasses.replace(r, pages=None, elocation=None),
    "volume and issue": lambda r: dataclasses.replace(r, volume="9", issue="7"),
    "keyword added": lambda r: dataclasses.replace(
        r, keywords=[*r.keywords, Keyword("Humans", vocabulary="MeSH")]
    ),
    "keyword removed": lambda r: dataclasses.replace(r, keywords=r.keywords[1:]),
    "doi": lambda r: dataclasses.replace(r, doi="10.5555/new"),
    "journal": lambda r: dataclasses.replace(r, container_title_short="J Short"),
    "authors": lambda r: dataclasses.replace(r, authors=[Person("Wang", "Siyu"), *r.authors[1:]]),
    "title": lambda r: dataclasses.replace(r, title="A new title"),
    "abstract": lambda r: dataclasses.replace(r, abstract="First line.\nSecond line."),
    "date": lambda r: dataclasses.replace(r, issued=PartialDate(2001, 2)),
    "type": lambda r: dataclasses.replace(r, type="book"),
    "extra": lambda r: dataclasses.replace(r, extra={**r.extra, "U1": "x"}),
}


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_any_change_to_one_record_touches_that_record_only(path: Path, change: str) -> None:
    text = text_of(path)
    records = read(text)
    lines = text.splitlines()
    starts = [record.source.line if record.source and record.source.line else 0 for record in records]
    for index, record in enumerate(records):
        new = CHANGES[change](record)

        def step(seen: Record, start: int = starts[index], new: Record = new) -> Record:
            return new if seen.source and seen.source.line == start else seen

        result = rewrite(text, step)
        back = read(result.text)
        # As the writer's own lines of the new record read (RIS cannot hold everything).
        assert back[index] == read("\n".join(record_lines(new, Context("ris"), WriterState())))[0]
        assert back[:index] + back[index + 1 :] == records[:index] + records[index + 1 :]
        # Not a byte changes before the record or after it (up to the next record).
        after = len(lines) + 1 - starts[index + 1] if index + 1 < len(records) else 0
        new_lines = result.text.splitlines()
        assert new_lines[: starts[index] - 1] == lines[: starts[index] - 1]
        assert new_lines[len(new_lines) - after :] == lines[len(lines) - after :]
        assert rewrite(result.text, step).text == result.text


# -- through the command line -----------------------------------------------------------------


def test_format_command_keeps_crlf_and_lists_the_changes(tmp_path: Path, cli_runner: CliRunner) -> None:
    path = tmp_path / "refs.ris"
    lines = [
        "TY  - JOUR",
        "DO  - https://doi.org/10.1371/journal.pone.0046493",
        "SP  - 2984-92",
        "ER  - ",
        "",
    ]
    path.write_bytes("\r\n".join(lines).encode())
    result = cli_runner.invoke(cli, ["format", "-v", str(path)])
    assert result.exit_code == 1, result.output
    assert f"{path}:3: SP: 2984-92 → 2984" in result.stderr
    assert path.read_bytes() == (
        b"TY  - JOUR\r\nDO  - https://doi.org/10.1371/journal.pone.0046493\r\nSP  - 2984\r\nEP  - 2992\r\n"
        b"ER  - \r\n"
    )
    again = cli_runner.invoke(cli, ["format", str(path)])
    assert again.exit_code == 0, again.output
