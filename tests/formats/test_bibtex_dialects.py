"""biblatex thesis and report types ↔ BibTeX entry types (issue 19), checked with the
real ``bibtex`` (plain.bst) and ``biber``: ``@thesis{type = {mathesis}}`` is a master's
thesis, never "mathesis, MIT" in a BibTeX bibliography."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from test_bibtex_consumers import _program, run_biber, run_bibtex

import refbridge
from refbridge.model import Record
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data" / "bibtex"
THESES = DATA / "jabref-biblatex-theses.bib"


def convert(text: str | Path, to: str, source: str = "biblatex") -> str:
    stream = io.StringIO(text) if isinstance(text, str) else text
    records = list(refbridge.read(stream, source))
    out = io.StringIO()
    refbridge.write(records, out, to, session=Session())
    return out.getvalue()


def types_and_type_fields(bib: str) -> list[tuple[str, str | None]]:
    """(entry type, ``type`` field or None) of each entry of ``bib``."""
    result = []
    for entry in re.split(r"\n(?=@)", bib.strip()):
        head = re.match(r"@(\w+)\{", entry)
        if head is None or head.group(1).lower() == "comment":
            continue
        field = re.search(r"^  type\s+= \{(.*)\},$", entry, re.M)
        result.append((head.group(1), field.group(1) if field else None))
    return result


def test_biblatex_types_to_bibtex_entry_types() -> None:
    bib = convert(THESES, "bibtex")
    assert types_and_type_fields(bib) == [
        ("mastersthesis", None),
        ("phdthesis", None),
        ("phdthesis", "Candidate thesis"),
        ("techreport", None),
        ("techreport", "Research report"),
        ("phdthesis", "Diplomarbeit"),  # not a key: BibTeX prints it as written
    ]


def test_biblatex_output_keeps_the_keys() -> None:
    bib = convert(THESES, "biblatex")
    assert types_and_type_fields(bib) == [
        ("mastersthesis", None),
        ("phdthesis", None),
        ("phdthesis", "candthesis"),
        ("techreport", None),
        ("techreport", "resreport"),
        ("thesis", "Diplomarbeit"),
    ]


@pytest.mark.slow
def test_plain_bst_prints_the_kind_of_thesis(tmp_path: Path) -> None:
    # JabRef's metadata block is kept with the entries; the helper counts only entries.
    bib = convert(THESES, "bibtex").replace("@Comment{jabref-meta: databaseType:biblatex;}\n", "")
    assert run_bibtex(bib, tmp_path) == []
    bbl = " ".join((tmp_path / "refs.bbl").read_text(encoding="utf-8").split())
    for printed in (
        "Master's thesis, Massachusetts Institute of Technology",
        'PhD thesis, ETH Z{\\"u}rich, 2021',
        "Candidate thesis, Lomonosov Moscow State University, 2015",
        "Technical Report NIST TN 1234, National Institute of Standards and Technology, 2018",
        "Research report, CERN, 2017",
        'Diplomarbeit, Technische Universit{\\"a}t M{\\"u}nchen, 2010',
    ):
        assert printed in bbl
    assert not re.search(r"mathesis|candthesis|resreport|techreport,", bbl)


@pytest.mark.slow
def test_biber_accepts_the_biblatex_output(tmp_path: Path) -> None:
    _program("biber")
    assert run_biber(convert(THESES, "biblatex"), tmp_path) == []


def test_bibtex_round_trip_is_stable() -> None:
    once = convert(THESES, "bibtex")
    assert convert(once, "bibtex", source="bibtex") == once
    biblatex = convert(THESES, "biblatex")
    assert convert(biblatex, "biblatex") == biblatex


def test_records_of_the_two_spellings_are_equal() -> None:
    """``@thesis{type = {mathesis}}`` and ``@mastersthesis`` are the same record; so are the
    old output ``@phdthesis{type = {mathesis}}`` and a report's ``type = {techreport}``."""

    def record(text: str, dialect: str = "biblatex") -> Record:
        return next(refbridge.read(io.StringIO(text), dialect))

    fields = "author = {Lee, Anna}, title = {T}, institution = {MIT}, date = {2019}"
    master = record(f"@mastersthesis{{a, {fields}}}")
    assert record(f"@thesis{{a, type = {{mathesis}}, {fields}}}") == master
    assert record(f"@phdthesis{{a, type = {{mathesis}}, {fields}}}") == master
    assert record(f"@Thesis{{a, type = {{MAthesis}}, {fields}}}") == master
    assert master.type == "thesis" and master.extra == {"entrytype": "mastersthesis"}
    report = record(f"@report{{a, type = {{techreport}}, {fields}}}")
    assert report == record(f"@techreport{{a, {fields}}}") and report.type == "report"
    # A thesis key on a report (or the reverse) is not a type key of that entry: kept.
    odd = record(f"@report{{a, type = {{mathesis}}, {fields}}}")
    assert odd.extra["type"] == "mathesis" and odd.extra["entrytype"] == "report"
