"""Failures keep outputs: an input a reader gives up on, or a run that read nothing but
reported errors, never replaces an existing output file and never leaves a new one.

Each reader's failure paths are run through the real CLI with ``-o`` naming a file that
holds a previous real conversion: exit status 1, the old file byte for byte, the reader's
error printed once with the input's name, then ``output not written``. The same with
``--jobs 2`` (chunked readers: BibTeX, RIS, WPRIM) and with no previous output file.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

import refbridge
from refbridge._internal import jobs as processes
from refbridge._internal.pipeline import run_conversion
from refbridge.chunks import Chunk
from refbridge.cli import cli
from refbridge.errors import ParseError
from refbridge.formats.bibtex.chunks import read_bib_chunk
from refbridge.session import Session

#: Output files as a previous, successful run left them (real records, each format).
PREVIOUS = {
    "ris": (
        "TY  - JOUR\n"
        "AU  - Darwin, Charles\n"
        "TI  - On the tendency of species to form varieties\n"
        "T2  - Journal of the Proceedings of the Linnean Society of London. Zoology\n"
        "PY  - 1858\n"
        "VL  - 3\n"
        "IS  - 9\n"
        "SP  - 45\n"
        "EP  - 62\n"
        "DO  - 10.1111/j.1096-3642.1858.tb02500.x\n"
        "ER  - \n"
    ),
    "bib": (
        "@article{darwin1858tendency,\n"
        "  author = {Darwin, Charles and Wallace, Alfred},\n"
        "  title = {On the tendency of species to form varieties},\n"
        "  journal = {Journal of the Proceedings of the Linnean Society of London. Zoology},\n"
        "  year = {1858},\n"
        "  volume = {3},\n"
        "  pages = {45--62},\n"
        "}\n"
    ),
    "json": '[\n  {"type": "article-journal", "title": "On the tendency of species to form varieties"}\n]\n',
    "xml": (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<ref-list>\n"
        '  <ref id="ref1"><element-citation publication-type="journal">'
        "<article-title>On the tendency of species to form varieties</article-title>"
        "<year>1858</year></element-citation></ref>\n"
        "</ref-list>\n"
    ),
}

NOTES = (
    "Reading list for Monday\n"
    "- Darwin 1859, On the origin of species (ask Anna for her copy)\n"
    "- the Wallace letters: see the archive box 12\n"
)
IEEE_ABRV = (
    "% IEEEabrv.bib: abbreviated IEEE journal names for IEEEtran.bst\n"
    "\n"
    '@STRING{IEEE_J_AC = "{IEEE} Trans. Automat. Contr."}\n'
    '@STRING{IEEE_J_AES = "{IEEE} Trans. Aerosp. Electron. Syst."}\n'
    '@STRING{IEEE_J_ANNE = "{IEEE} Trans. Neural Networks"}\n'
)
JABREF_SETTINGS_ONLY = (
    "% Encoding: UTF-8\n"
    "\n"
    "@Comment{jabref-meta: databaseType:biblatex;}\n"
    "\n"
    "@Comment{jabref-meta: saveOrderConfig:specified;citationkey;false;}\n"
)
MEDLINE = (
    "PMID- 33301246\n"
    "OWN - NLM\n"
    "STAT- MEDLINE\n"
    "TI  - Safety and Efficacy of the BNT162b2 mRNA Covid-19 Vaccine.\n"
    "AU  - Polack FP\n"
    "TA  - N Engl J Med\n"
    "DP  - 2020 Dec 31\n"
    "\n"
    "PMID- 33378609\n"
    "TI  - Efficacy and Safety of the mRNA-1273 SARS-CoV-2 Vaccine.\n"
    "AU  - Baden LR\n"
    "TA  - N Engl J Med\n"
)
XHTML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<html xmlns="http://www.w3.org/1999/xhtml">\n'
    "<head><title>Search results</title></head>\n"
    "<body><p>3 results</p></body>\n"
    "</html>\n"
)
TRUNCATED_JATS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<article>\n"
    "<front><article-meta><title-group><article-title>Safety</article-title>\n"
    "</front>\n"
)
WPRIM_CHROME = (
    "Western Pacific Region Index Medicus\n"
    "Search results\n"
    "Your search for 'dengue vaccine' found no documents.\n"
)
BAD_JSON = '[\n  {"title": "On the tendency of species",\n]\n'


@dataclass(frozen=True)
class Case:
    """One failure path: the input the reader gives up on, and its error line (``{src}``:
    the input's path)."""

    id: str
    reader: str
    filename: str
    content: str
    error: str
    output: str  # the output file's extension
    chunked: bool  # the reader cuts one input into chunks with --jobs


NOT_BIB = "error: no BibTeX entry found (no @type{key, ...} block); not a .bib file [RB213]"
ONLY_DEFINITIONS = "error: holds only @string/@preamble/@comment definitions, no entry [RB213]"
NOT_RIS = "error: not a RIS file: no record starts with a 'TY  - ' line [RB300]"
NOT_JATS = "error: not a JATS document: the root element is <{http://www.w3.org/1999/xhtml}html> [RB401]"
BAD_XML = (
    "error: not well-formed XML: Opening and ending tag mismatch: title-group line 3 and front, "
    "line 4, column 9 [RB400]"
)
NO_WPRIM = (
    "error: no WPRIM record found (expected a title line, an author line and a source line "
    "such as 'Journal 2020;12(3):45-50') [RB100]"
)

CASES = [
    Case("bibtex-notes", "bibtex", "notes.txt", NOTES, f"{{src}}:1: {NOT_BIB}", "bib", True),
    Case(
        "bibtex-string-only",
        "bibtex",
        "IEEEabrv.bib",
        IEEE_ABRV,
        f"{{src}}:1: {ONLY_DEFINITIONS}",
        "ris",
        True,
    ),
    Case("biblatex-notes", "biblatex", "notes.txt", NOTES, f"{{src}}:1: {NOT_BIB}", "json", True),
    Case(
        "biblatex-comment-only",
        "biblatex",
        "settings.bib",
        JABREF_SETTINGS_ONLY,
        f"{{src}}:1: {ONLY_DEFINITIONS}",
        "bib",
        True,
    ),
    Case("ris-medline", "ris", "pubmed-export.nbib", MEDLINE, f"{{src}}:1: {NOT_RIS}", "ris", True),
    Case("jats-xhtml", "jats", "results.xml", XHTML, f"{{src}}:2: {NOT_JATS}", "xml", False),
    Case("jats-malformed", "jats", "article.xml", TRUNCATED_JATS, f"{{src}}:4: {BAD_XML}", "ris", False),
    Case("jats-article-xhtml", "jats-article", "results.xml", XHTML, f"{{src}}:2: {NOT_JATS}", "ris", False),
    Case(
        "jats-article-malformed",
        "jats-article",
        "article.xml",
        TRUNCATED_JATS,
        f"{{src}}:4: {BAD_XML}",
        "bib",
        False,
    ),
    Case("wprim-no-records", "wprim", "results.txt", WPRIM_CHROME, f"{{src}}:1: {NO_WPRIM}", "ris", True),
    Case(
        "json-invalid",
        "json",
        "records.json",
        BAD_JSON,
        "{src}:3: error: invalid JSON: Expecting property name enclosed in double quotes [RB030]",
        "json",
        False,
    ),
]

JOBS = [1, pytest.param(2, marks=pytest.mark.skipif(not processes.available(), reason="no fork"))]


def _convert(runner: CliRunner, args: list[str]) -> tuple[int, list[str]]:
    result = runner.invoke(cli, ["convert", "--no-progress", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stderr.splitlines()


def _files(folder: Path) -> list[str]:
    """Every name in ``folder``, temporary files (``.NAME.xxx.tmp``) included."""
    return sorted(path.name for path in folder.iterdir())


@pytest.mark.parametrize("jobs", JOBS)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_an_input_the_reader_gives_up_on_keeps_the_existing_output(
    case: Case, jobs: int, tmp_path: Path, cli_runner: CliRunner
) -> None:
    # --jobs 2 runs the chunked path for the readers that have one (the others read whole).
    parallel = Session().format_named(case.reader, need="read").parallel
    assert (parallel is not None and parallel.reading is not None) == case.chunked
    src = tmp_path / case.filename
    src.write_text(case.content, encoding="utf-8")
    out = tmp_path / f"existing.{case.output}"
    previous = PREVIOUS[case.output].encode("utf-8")
    out.write_bytes(previous)
    status, stderr = _convert(cli_runner, [str(src), "-f", case.reader, "-o", str(out), "-j", str(jobs)])
    assert status == 1
    assert out.read_bytes() == previous
    assert stderr == [
        case.error.replace("{src}", str(src)),
        f"refbridge: output not written: {src} could not be read; {out} is left as it was",
        "refbridge: 0 records read, 0 written, 1 error, 0 warnings",
    ]
    assert _files(tmp_path) == sorted([src.name, out.name])


@pytest.mark.parametrize("jobs", JOBS)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_an_input_the_reader_gives_up_on_creates_no_output(
    case: Case, jobs: int, tmp_path: Path, cli_runner: CliRunner
) -> None:
    src = tmp_path / case.filename
    src.write_text(case.content, encoding="utf-8")
    out = tmp_path / f"new.{case.output}"
    status, stderr = _convert(cli_runner, [str(src), "-f", case.reader, "-o", str(out), "-j", str(jobs)])
    assert status == 1
    assert stderr == [
        case.error.replace("{src}", str(src)),
        f"refbridge: output not written: {src} could not be read; {out} was not created",
        "refbridge: 0 records read, 0 written, 1 error, 0 warnings",
    ]
    assert _files(tmp_path) == [src.name]


GOOD_RIS = (
    "TY  - JOUR\n"
    "AU  - Wallace, Alfred Russel\n"
    "TI  - On the law which has regulated the introduction of new species\n"
    "T2  - Annals and Magazine of Natural History\n"
    "PY  - 1855\n"
    "VL  - 16\n"
    "SP  - 184\n"
    "EP  - 196\n"
    "ER  - \n"
)


@pytest.mark.parametrize("jobs", JOBS)
def test_one_input_given_up_on_among_good_ones_keeps_the_output(
    jobs: int, tmp_path: Path, cli_runner: CliRunner
) -> None:
    """The output would silently lack the failed input's records: it is not written."""
    good = tmp_path / "wallace.ris"
    good.write_text(GOOD_RIS, encoding="utf-8")
    bad = tmp_path / "pubmed-export.nbib"
    bad.write_text(MEDLINE, encoding="utf-8")
    notes = tmp_path / "records.json"
    notes.write_text(BAD_JSON, encoding="utf-8")
    out = tmp_path / "existing.ris"
    out.write_text(PREVIOUS["ris"], encoding="utf-8")
    # -f ris for all: the .json file is not RIS either.
    status, stderr = _convert(
        cli_runner, [str(good), str(bad), str(notes), "-f", "ris", "-o", str(out), "-j", str(jobs)]
    )
    assert status == 1
    assert out.read_text(encoding="utf-8") == PREVIOUS["ris"]
    assert stderr == [
        f"{bad}:1: {NOT_RIS}",
        f"{notes}:1: {NOT_RIS}",
        f"refbridge: output not written: {bad}, {notes} could not be read; {out} is left as it was",
        "refbridge: 1 record read, 0 written, 2 errors, 0 warnings",
    ]
    # Each input in its own format: the JSON reader gives up on its input too.
    status, stderr = _convert(cli_runner, [str(good), str(notes), "-o", str(out), "-j", str(jobs)])
    assert status == 1
    assert out.read_text(encoding="utf-8") == PREVIOUS["ris"]
    assert stderr == [
        f"{notes}:3: error: invalid JSON: Expecting property name enclosed in double quotes [RB030]",
        f"refbridge: output not written: {notes} could not be read; {out} is left as it was",
        "refbridge: 1 record read, 0 written, 1 error, 0 warnings",
    ]
    assert _files(tmp_path) == sorted([good.name, bad.name, notes.name, out.name])


@pytest.mark.parametrize("jobs", JOBS)
def test_a_reader_giving_up_partway_keeps_the_output(
    jobs: int, tmp_path: Path, cli_runner: CliRunner
) -> None:
    """Records before an undecodable byte were read, but the rest of the input would be missing."""
    src = tmp_path / "refs.bib"
    entries = "".join(f"@article{{k{n}, title = {{Title {n}}}, year = 2020}}\n" for n in range(3000))
    # The bad byte lies beyond the head that decides the encoding (UTF-8, not a guess).
    src.write_bytes(entries.encode("ascii") + b"@article{bad, title = {\xff\xfe}}\n")
    out = tmp_path / "existing.ris"
    out.write_text(PREVIOUS["ris"], encoding="utf-8")
    status, stderr = _convert(cli_runner, [str(src), "-o", str(out), "-j", str(jobs)])
    assert status == 1
    assert out.read_text(encoding="utf-8") == PREVIOUS["ris"]
    assert stderr[:2] == [
        f"{src}:3001: error: cannot decode byte 0xff as utf-8 (invalid start byte); records before it "
        "were read; give the right encoding with --encoding [RB021]",
        f"refbridge: output not written: {src} could not be read; {out} is left as it was",
    ]
    summary = re.fullmatch(r"refbridge: (\d+) records read, 0 written, 1 error, 0 warnings", stderr[2])
    assert summary is not None and len(stderr) == 3
    # Decoding stops at the block that holds the bad byte; how many records come before it
    # depends on the block size (--jobs cuts larger blocks): never all of them.
    assert int(summary.group(1)) < 3000
    assert _files(tmp_path) == sorted([src.name, out.name])


def test_no_record_read_and_errors_reported_keeps_the_output(tmp_path: Path, cli_runner: CliRunner) -> None:
    """Every record skipped with an error (no reader gave up): there is nothing to show."""
    src = tmp_path / "records.json"
    src.write_text('[{"title": 5}, {"title": ["a"]}]\n', encoding="utf-8")
    out = tmp_path / "existing.ris"
    out.write_text(PREVIOUS["ris"], encoding="utf-8")
    status, stderr = _convert(cli_runner, [str(src), "-o", str(out)])
    assert status == 1
    assert out.read_text(encoding="utf-8") == PREVIOUS["ris"]
    assert stderr == [
        f"{src}:1: error: record 1 skipped: title: expected a string, got int [RB031]",
        f"{src}:1: error: record 2 skipped: title: expected a string, got list [RB031]",
        f"refbridge: output not written: no record could be read (2 errors); {out} is left as it was",
        "refbridge: 0 records read, 0 written, 2 errors, 0 warnings",
    ]


@pytest.mark.parametrize("jobs", JOBS)
def test_a_good_conversion_still_replaces_the_output(
    jobs: int, tmp_path: Path, cli_runner: CliRunner
) -> None:
    src = tmp_path / "wallace.ris"
    src.write_text(GOOD_RIS, encoding="utf-8")
    out = tmp_path / "existing.ris"
    out.write_text(PREVIOUS["ris"], encoding="utf-8")
    status, stderr = _convert(cli_runner, [str(src), "-o", str(out), "-j", str(jobs)])
    assert status == 0
    assert stderr == ["refbridge: 1 record read, 1 written, 0 errors, 0 warnings"]
    written = out.read_text(encoding="utf-8")
    assert written != PREVIOUS["ris"]
    assert "TI  - On the law which has regulated the introduction of new species\n" in written
    assert written.count("ER  - ") == 1
    assert _files(tmp_path) == sorted([src.name, out.name])


@pytest.mark.parametrize("jobs", JOBS)
def test_an_empty_bib_file_is_an_empty_bibliography(jobs: int, tmp_path: Path, cli_runner: CliRunner) -> None:
    """Not an error: the output is replaced by an empty one (e.g. a new project's refs.bib)."""
    src = tmp_path / "refs.bib"
    src.write_text("\n\n", encoding="utf-8")
    out = tmp_path / "existing.ris"
    out.write_text(PREVIOUS["ris"], encoding="utf-8")
    status, stderr = _convert(cli_runner, [str(src), "-o", str(out), "-j", str(jobs)])
    assert status == 0
    assert stderr == ["refbridge: 0 records read, 0 written, 0 errors, 0 warnings"]
    assert out.read_bytes() == b""


# -- the BibTeX reader's verdict on a whole input, and the API -----------------------------


def _read_bib(text: str) -> tuple[list[refbridge.Record], list[str]]:
    session = Session()
    records = list(refbridge.read(io.StringIO(text), "bibtex", session=session))
    return records, [str(d) for d in session.sink]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (NOTES, NOT_BIB),
        ("% just a comment\n% and another\n", NOT_BIB),
        (IEEE_ABRV, ONLY_DEFINITIONS),
        (JABREF_SETTINGS_ONLY, ONLY_DEFINITIONS),
        ('@preamble{"\\providecommand{\\noopsort}[1]{}"}\n', ONLY_DEFINITIONS),
        ("@comment this file is empty on purpose\n", ONLY_DEFINITIONS),
    ],
    ids=["notes", "percent-comments", "strings", "jabref-comments", "preamble", "bare-comment"],
)
def test_the_bibtex_reader_gives_up_on_an_input_without_entries(text: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        _read_bib(text)
    assert str(caught.value) == f"<stream>:1: {message}"


@pytest.mark.parametrize("text", ["", "\n", "  \n\t\n"], ids=["empty", "newline", "blank"])
def test_an_empty_bib_input_is_not_an_error(text: str) -> None:
    assert _read_bib(text) == ([], [])


def test_a_chunk_without_an_entry_is_not_an_error() -> None:
    """With --jobs, a chunk may hold only @string blocks; only the whole input is judged."""
    session = Session()
    context = session.context("bibtex", "refs.bib")
    read = read_bib_chunk(Chunk(IEEE_ABRV, 1, True, False), context)
    assert (read.records, list(session.sink)) == ([], [])


@pytest.mark.skipif(not processes.available(), reason="no fork on this platform")
def test_an_input_without_entries_cut_into_many_chunks_is_judged_once(tmp_path: Path) -> None:
    src = tmp_path / "IEEEfull.bib"
    src.write_text(
        "% IEEE full journal names\n"
        + "".join(f'@STRING{{IEEE_J_{n} = "{{IEEE}} Transactions number {n}"}}\n' for n in range(300)),
        encoding="utf-8",
    )
    out = tmp_path / "existing.bib"
    out.write_text(PREVIOUS["bib"], encoding="utf-8")
    session = Session()
    counts = run_conversion(session, [str(src)], str(out), jobs=2, chunk_chars=200)
    assert [str(d) for d in session.sink] == [f"{src}:1: {ONLY_DEFINITIONS}"]
    assert (counts.read, counts.written, counts.failed_inputs) == (0, 0, [str(src)])
    assert counts.not_written == f"{src} could not be read"
    assert out.read_text(encoding="utf-8") == PREVIOUS["bib"]


def test_the_api_keeps_the_output_and_says_why(tmp_path: Path) -> None:
    src = tmp_path / "pubmed-export.nbib"
    src.write_text(MEDLINE, encoding="utf-8")
    out = tmp_path / "existing.ris"
    out.write_text(PREVIOUS["ris"], encoding="utf-8")
    session = Session()
    counts = refbridge.convert(src, out, "ris", session=session)
    assert counts.not_written == f"{src} could not be read"
    assert (counts.read, counts.written, counts.failed_inputs) == (0, 0, [str(src)])
    assert session.sink.codes() == ["RB300"]
    assert out.read_text(encoding="utf-8") == PREVIOUS["ris"]
    # A stream gets what was converted as it comes: nothing to keep, nothing "not written".
    stream = io.StringIO()
    counts = refbridge.convert(src, stream, "ris", "ris", session=Session())
    assert (counts.not_written, stream.getvalue()) == (None, "")
