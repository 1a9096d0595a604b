"""Our .bib output through the real consumers: ``bibtex`` (plain style) and
``biber --tool --validate-datamodel``, with zero errors and zero warnings.

Inputs: the WPRIM sample (through its reader and the default plugins), WPRIM
record 1 built by hand, a generated corpus of biomedical articles
(benchmarks/generate.py), and one record of every kind with the fields its entry
type requires. A test is skipped only when the program is not installed
(``.ci/run`` installs both).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from bibtex_helpers import with_short_journal, write

import refbridge
from refbridge.model import PartialDate, Person, Record
from refbridge.serialize import record_from_dict
from refbridge.session import Session

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        package = "biber" if name == "biber" else "texlive-binaries"
        pytest.skip(f"{name} is not installed (Debian: apt-get install {package})")
    return path


def run_bibtex(text: str, folder: Path) -> list[str]:
    """Run bibtex (plain style, every entry cited); return its warning and error lines."""
    program = _program("bibtex")
    (folder / "out.bib").write_text(text, encoding="utf-8")
    (folder / "refs.aux").write_text("\\citation{*}\n\\bibdata{out}\n\\bibstyle{plain}\n", encoding="utf-8")
    result = subprocess.run(
        [program, "refs"], cwd=folder, capture_output=True, text=True, timeout=120, check=False
    )
    log = (folder / "refs.blg").read_text(encoding="utf-8", errors="replace")
    problems = [
        line for line in log.splitlines() if re.search(r"warning|error|expecting|repeated", line, re.I)
    ]
    problems = [line for line in problems if not line.startswith(("warning$", "error$"))]
    assert result.returncode == 0 or problems, result.stdout
    if not problems:
        bbl = (folder / "refs.bbl").read_text(encoding="utf-8", errors="replace")
        assert bbl.count("\\bibitem") == text.count("\n@") + (1 if text.startswith("@") else 0)
    return problems


def run_biber(text: str, folder: Path) -> list[str]:
    """Run biber's data-model validation; return its WARN and ERROR lines."""
    program = _program("biber")
    (folder / "out.bib").write_text(text, encoding="utf-8")
    result = subprocess.run(
        [program, "--tool", "--validate-datamodel", "--output-directory", str(folder), "out.bib"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    problems = [line for line in result.stdout.splitlines() if line.startswith(("WARN", "ERROR"))]
    assert result.returncode == 0 or problems, result.stdout + result.stderr
    return problems


@pytest.fixture(scope="module")
def wprim_records(wprim_sample: Path) -> list[Record]:
    return list(refbridge.read(wprim_sample, "wprim", session=Session(), transform=True))


@pytest.fixture(scope="module")
def generated(
    tmp_path_factory: pytest.TempPathFactory, generate_records: Callable[..., None]
) -> list[Record]:
    """150 generated biomedical articles (non-ASCII names, particles, Greek, MeSH...)."""
    out = tmp_path_factory.mktemp("generated")
    generate_records(out, 150, "json")
    data = json.loads((out / "gen-150.json").read_text(encoding="utf-8"))
    return [record_from_dict(item)[0] for item in data]


def _every_kind() -> list[Record]:
    """One record per kind, with the fields BibTeX's plain style and biblatex require."""
    author = [Person(family="Müller", given="Anna"), Person(family="Berg", given="Jan", particle="van der")]
    common = {"authors": author, "title": "On SARS-CoV-2 & the 50% rule", "issued": PartialDate(2021, 5, 4)}
    return [
        Record(type="article-journal", container_title="Journal of Tests", volume="3", pages="1-9", **common),  # type: ignore[arg-type]
        Record(type="book", publisher="Springer", place="Berlin", isbn="978-3-16-148410-0", **common),  # type: ignore[arg-type]
        Record(
            type="chapter",
            editors=[Person(family="Lago", given="Patricia")],
            container_title="Edited Book",
            publisher="Wiley",
            pages="10-20",
            **common,  # type: ignore[arg-type]
        ),
        Record(type="paper-conference", container_title="Proceedings of Tests", pages="5-6", **common),  # type: ignore[arg-type]
        Record(type="thesis", publisher="University of Toronto", **common),  # type: ignore[arg-type]
        Record(type="report", publisher="WHO", issue="12", **common),  # type: ignore[arg-type]
        Record(type="webpage", url="https://example.org/page", **common),  # type: ignore[arg-type]
        Record(type="manuscript", notes=["In preparation."], **common),  # type: ignore[arg-type]
        Record(type="dataset", url="https://example.org/data", **common),  # type: ignore[arg-type]
    ]


def _all_cases(wprim: list[Record], record_1: Record, generated: list[Record]) -> list[Record]:
    """Every case in one file (one run of each program keeps the suite fast); the
    writer makes the keys unique."""
    return [*wprim, with_short_journal(record_1), *_every_kind(), *generated]


def test_bibtex_program_reads_our_output_cleanly(
    wprim_records: list[Record], wprim_record_1: Record, generated: list[Record], tmp_path: Path
) -> None:
    """The ``bibtex`` dialect through classic BibTeX (the ``biblatex`` one is for biber)."""
    records = _all_cases(wprim_records, wprim_record_1, generated)
    text, ctx = write(records, "bibtex")
    assert ctx.sink.count("error") == ctx.sink.count("warning") == 0
    assert text.count("\n@") + 1 == len(records) == 3 + 1 + 9 + 150
    assert run_bibtex(text, tmp_path) == []


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_biber_validates_our_output_cleanly(
    dialect: str, wprim_records: list[Record], wprim_record_1: Record, generated: list[Record], tmp_path: Path
) -> None:
    text, ctx = write(_all_cases(wprim_records, wprim_record_1, generated), dialect)
    assert ctx.sink.count("error") == ctx.sink.count("warning") == 0
    assert run_biber(text, tmp_path) == []


def test_the_checks_can_fail(tmp_path: Path) -> None:
    """The same runs report problems when there are some (so a clean run means something)."""
    assert run_bibtex("@article{a, title = {T}}\n@article{a, title = {T}}\n", tmp_path)
    assert run_biber("@article{a, title = {T}, pmid = {1}}\n", tmp_path)


def test_generated_bib_converts_cleanly(
    make_session: Callable[..., Session],
    tmp_path: Path,
    generated: list[Record],
    generate_records: Callable[..., None],
) -> None:
    """The benchmark's own .bib (LaTeX accents, math, braces) → refbridge → bibtex and biber."""
    out = tmp_path / "gen"
    generate_records(out, 150, "bibtex")
    session = make_session()
    records = list(refbridge.read(out / "gen-150.bib", "bibtex", session=session))
    assert len(records) == 150
    assert session.sink.count("error") == session.sink.count("warning") == 0
    text, _ = write(records, "bibtex")
    assert run_bibtex(text, tmp_path) == []
    assert run_biber(text, tmp_path) == []
