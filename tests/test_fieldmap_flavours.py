"""The engine's account follows the output format's options (``Format.fields_by_option``).

The tagged endnote format's two flavours place fields differently: the default, zotero, writes
the editors of a report or thesis (``%E``, as Zotero's Refer import reads them) where the
endnote flavour has no tag for them, and leaves out what Zotero would move to Extra. A
realistic library converted with ``-t endnote`` through the CLI: no warning says a written
value was not written, every value left out is reported exactly once (by the engine, RB040,
or by the flavour, RB981), ``--report`` says the same of each record for either flavour,
and ``--jobs 2`` gives the same account.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from refbridge._internal.account import Checker
from refbridge._internal.pipeline import run_conversion
from refbridge.cli import cli
from refbridge.formats.endnote.field_map import TAGGED_FIELD_MAP, ZOTERO_FIELD_MAP
from refbridge.formats.ris.field_map import ENDNOTE_FLAVOUR_FIELD_MAP
from refbridge.formats.ris.field_map import FIELD_MAP as RIS_FIELD_MAP
from refbridge.hookspecs import hookimpl
from refbridge.registry import Format, Option, Registry
from refbridge.session import Session

LIBRARY = r"""
@techreport{who2022,
  author      = {{World Health Organization}},
  editor      = {Allegranzi, Benedetta and Kilpatrick, Claire},
  title       = {Global report on infection prevention and control},
  institution = {World Health Organization},
  address     = {Geneva},
  number      = {WHO/UHL/IHS/2022.1},
  year        = {2022},
}

@phdthesis{kowalski2018,
  author  = {Kowalski, Zofia},
  editor  = {Nowak, Jan},
  title   = {Modelowanie przepływów w sieciach rzecznych},
  school  = {Uniwersytet Warszawski},
  address = {Warszawa},
  year    = {2018},
}

@article{nguyen2021,
  author  = {Nguyễn, Thị Minh and Müller, Jürgen},
  title   = {Antibiotic tolerance of biofilms grown under low oxygen},
  journal = {Journal of Microbial Ecology},
  year    = {2021},
  volume  = {12},
  number  = {3},
  pages   = {101--118},
  doi     = {10.1234/jme.2021.0042},
  issn    = {1234-5678},
}

@article{sato2019,
  author  = {Satō, Haruki},
  title   = {Measuring the reach of open peer review},
  journal = {Research Evaluation Quarterly},
  year    = {2019},
  doi     = {10.1007/s11192-019-03001-9},
  issn    = {0138-9130},
  url     = {https://link.example.org/article/s11192-019-03001-9},
}
"""

#: Record → the fields not written, by flavour (the editors: written by zotero, not by endnote).
NOT_WRITTEN = {
    "zotero": {
        "who2022": ["number"],
        "kowalski2018": [],
        # The journal's abbreviation (the journal transform's) goes to Zotero's Extra: left out.
        "nguyen2021": ["container-title-short", "issn"],
        "sato2019": ["container-title-short", "issn"],  # and its DOI beside the URL (RB981)
    },
    "endnote": {
        "who2022": ["editors"],
        # A thesis's Secondary Author (EndNote labels none; its Advisor is the Tertiary
        # Author): the editor is written there and read back as the editor.
        "kowalski2018": [],
        "nguyen2021": [],
        "sato2019": [],
    },
}


def _convert(tmp_path: Path, *args: str, name: str = "out") -> tuple[str, str, dict[str, Any]]:
    """Run ``convert`` on the library; return the output, stderr and the --report data."""
    source = tmp_path / "library.bib"
    source.write_text(LIBRARY, encoding="utf-8")
    target, report = tmp_path / f"{name}.enw", tmp_path / f"{name}.json"
    # -v: every warning (by default a code's repeats in a file are counted, not printed).
    argv = ["convert", str(source), "-t", "endnote", "-o", str(target), "--report", str(report), "-v", *args]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text(encoding="utf-8"))
    return target.read_text(encoding="utf-8"), result.stderr, data


def _warnings(stderr: str) -> list[tuple[str, str, str]]:
    """(file:line, field, code) of every "not written" warning."""
    found = []
    for line in stderr.splitlines():
        if " not written: " in line and ": warning: " in line:
            where, _, rest = line.partition(": warning: ")
            found.append((where.rsplit("/", 1)[-1], rest.partition(" not written")[0], rest[-6:-1]))
    return found


def test_default_flavour_reports_no_false_loss_and_every_loss_once(tmp_path: Path) -> None:
    text, stderr, data = _convert(tmp_path)
    # Written, and not reported: the editors of the report and of the thesis, the DOI of the
    # article without a URL (as a doi.org %U).
    for line in ("%E Allegranzi, Benedetta", "%E Kilpatrick, Claire", "%E Nowak, Jan"):
        assert f"{line}\n" in text
    assert "%U https://doi.org/10.1234/jme.2021.0042\n" in text
    warnings = _warnings(stderr)
    assert all(field != "editors" for _where, field, _code in warnings), stderr
    # Left out, each reported exactly once: by the engine, or by the flavour beyond its table.
    assert sorted(warnings) == [
        ("library.bib:2", "number", "RB040"),
        ("library.bib:21", "container-title-short", "RB040"),
        ("library.bib:21", "issn", "RB040"),
        ("library.bib:33", "container-title-short", "RB040"),
        ("library.bib:33", "doi", "RB981"),
        ("library.bib:33", "issn", "RB040"),
    ]
    for value in ("WHO/UHL/IHS/2022.1", "1234-5678", "0138-9130", "%R"):
        assert value not in text
    doi_lines = [line for line in text.splitlines() if "s11192-019-03001-9" in line]
    assert doi_lines == ["%U https://link.example.org/article/s11192-019-03001-9"]
    assert data["not_written"] == {"container-title-short": 2, "issn": 2, "number": 1}
    assert {entry["record"]: entry["not_written"] for entry in data["records"]} == NOT_WRITTEN["zotero"]
    assert stderr.splitlines()[-1].endswith(
        "5 fields not written: container-title-short ×2, issn ×2, number ×1"
    )


def test_endnote_flavour_accounts_for_its_own_table(tmp_path: Path) -> None:
    text, stderr, data = _convert(tmp_path, "-O", "endnote.flavour=endnote")
    for line in ("%R 10.1234/jme.2021.0042", "%@ 1234-5678", "%@ WHO/UHL/IHS/2022.1"):
        assert f"{line}\n" in text
    assert "%E Nowak, Jan\n" in text  # the thesis's editor; a report has no editor tag
    assert sorted(_warnings(stderr)) == [("library.bib:2", "editors", "RB040")]
    assert "editors not written: endnote (flavour=endnote) has no place for it [RB040]" in stderr
    assert {entry["record"]: entry["not_written"] for entry in data["records"]} == NOT_WRITTEN["endnote"]
    written = {entry["record"]: entry["written"] for entry in data["records"]}
    assert {"doi", "issn"} <= set(written["nguyen2021"])
    assert "editors" not in written["who2022"] and "number" in written["who2022"]


@pytest.mark.parametrize("flavour", ["zotero", "endnote"])
def test_report_same_with_jobs(tmp_path: Path, flavour: str) -> None:
    option = ("-O", f"endnote.flavour={flavour}")
    one = _convert(tmp_path, *option, "--jobs", "1", name="one")
    two = _convert(tmp_path, *option, "--jobs", "2", name="two")
    assert one[0] == two[0]
    assert one[2] == two[2]
    assert _warnings(one[1]) == _warnings(two[1])
    assert {entry["record"]: entry["not_written"] for entry in two[2]["records"]} == NOT_WRITTEN[flavour]


def test_field_table_by_option() -> None:
    session = Session()
    endnote = session.format_named("endnote", need="write")
    ris = session.format_named("ris", need="write")
    assert endnote.field_table({}) is ZOTERO_FIELD_MAP  # the option's declared default
    assert endnote.field_table({"flavour": "zotero"}) is ZOTERO_FIELD_MAP
    assert endnote.field_table({"flavour": "endnote"}) is TAGGED_FIELD_MAP
    assert ris.field_table(session.options_for("ris")) is RIS_FIELD_MAP
    assert ris.field_table({"flavour": "endnote"}) is ENDNOTE_FLAVOUR_FIELD_MAP
    assert Checker.of(endnote, {"flavour": "endnote"}).table is TAGGED_FIELD_MAP
    assert Checker.of(endnote).table is ZOTERO_FIELD_MAP
    plain = Format(name="plain", description="x", fields={"title": "T"})
    assert plain.field_table({"anything": 1}) == {"title": "T"}


def test_fields_by_option_must_name_a_declared_option() -> None:
    with pytest.raises(TypeError, match="undeclared option 'flavor'"):
        Format(name="x", description="x", fields_by_option=("flavor", {}))
    fmt = Format(
        name="x",
        description="x",
        options=(Option("flavour", str, "a", "which", ("a", "b")),),
        fields={"title": "A"},
        fields_by_option=("flavour", {"b": {"title": "B"}}),
    )
    assert fmt.field_table({"flavour": "a"}) == {"title": "A"}  # a value without a table: ``fields``
    assert fmt.field_table({"flavour": "b"}) == {"title": "B"}


def test_workers_account_with_the_runs_options(tmp_path: Path, make_session: Any) -> None:
    """A worker that renders what it read (a split writer: bibtex's) accounts with the table
    of the run's option value, as the main process does: the same counts and report."""
    bibtex = Session().format_named("bibtex", need="write")
    assert bibtex.fields is not None and bibtex.parallel is not None and bibtex.parallel.writing is not None
    strict = {**bibtex.fields, "edition": None}  # a flavour that (says it) has no place for it

    class Plugin:
        @hookimpl
        def refbridge_register_formats(self, registry: Registry[Format]) -> None:
            flavour = Option("flavour", str, "loose", "which table", ("loose", "strict"))
            registry.add(
                replace(
                    bibtex,
                    name="bibtex-flavoured",
                    extensions=(),
                    primary=False,
                    options=(*bibtex.options, flavour),
                    fields_by_option=("flavour", {"strict": strict}),
                )
            )

    # A RIS input, cut into chunks that workers read and render (a BibTeX chunk is rendered
    # here, after the chunks' merger).
    source = tmp_path / "refs.ris"
    entries = (f"TY  - BOOK\nID  - b{i}\nTI  - Book {i}\nET  - {i % 3 + 1}\nER  - \n\n" for i in range(400))
    source.write_text("".join(entries), encoding="utf-8")
    results = {}
    for jobs in (1, 2):
        session = make_session(
            extra_plugins=[("flavoured", Plugin())], options={"bibtex-flavoured": {"flavour": "strict"}}
        )
        counts = run_conversion(
            session, [str(source)], tmp_path / f"out{jobs}.bib", to_format="bibtex-flavoured",
            jobs=jobs, chunk_chars=2_000, report=True,
        )  # fmt: skip
        assert counts.account is not None and counts.account.report is not None
        results[jobs] = (counts.account.unwritten, counts.account.report)
    assert results[1] == results[2]
    assert results[2][0] == {"edition": 400}
