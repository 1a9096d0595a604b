"""The formats' field tables (``Format.fields``) hold what their writers do, the engine
reports what a writer has no place for (RB040), and docs/model.md is generated from them.

For every table and every field of the model, a record holding only that field (and a
title) is converted through the engine: the value must land where the table says (the
tag, element or field name it names is on a line of the output that holds the value),
or, where the table says "no place", be absent from the output and reported as not
written. A failure lists every entry to fix at once: when a writer learns a new place
for a field, its table says so, and ``python -m refbridge.docs_model`` updates the doc.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner
from fieldmap_cases import needle, record_with

from refbridge import docs_model
from refbridge._internal.pipeline import run_conversion
from refbridge.cli import cli
from refbridge.fieldmap import FIELDS, check_table, display_name
from refbridge.formats.ris.field_map import ENDNOTE_FLAVOUR_FIELD_MAP
from refbridge.model import Person, Record, SourceLocation
from refbridge.session import Session


def _tables() -> list[tuple[str, dict[str, dict[str, str]], Mapping[str, str | None]]]:
    """(format, its options, the table to check it against): every format with a table, and
    for a format whose table depends on an option (``Format.fields_by_option``: the flavours
    of ris and of the tagged endnote format) the table of each of the option's values."""
    session = Session()
    cases: list[tuple[str, dict[str, dict[str, str]], Mapping[str, str | None]]] = []
    for fmt in session.plugins.formats:
        if fmt.fields_by_option is not None:
            option, tables = fmt.fields_by_option
            for value, table in tables.items():
                cases.append((fmt.name, {fmt.name: {option: value}}, table))
        elif fmt.fields is not None:
            cases.append((fmt.name, {}, fmt.fields))
    return sorted(cases, key=lambda case: (case[0], str(case[1])))


def _case_id(name: str, options: dict[str, dict[str, str]]) -> str:
    return "-".join([name, *(value for given in options.values() for value in given.values())])


TABLES = _tables()


def _session(options: dict[str, dict[str, str]]) -> Session:
    """A session that runs no transform: the records reach the writer as built."""
    names = [t.name for t in Session().plugins.transforms]
    return Session(options=options, disable=names)


def _convert(session: Session, records: list[Record], to: str) -> str:
    out = io.StringIO()
    run_conversion(session, [records], out, to_format=to)
    return out.getvalue()


def _token(place: str) -> str | None:
    """The literal name a place starts with (``<fpage>, <lpage>`` → ``fpage``); None for a
    description in parentheses."""
    if place.startswith("("):
        return None
    match = re.match(r"[<%]?([^\s,<>]+)", place)
    return match.group(1) if match else None


def _open_elements(text: str, end: int) -> list[str]:
    """The XML elements open at ``end`` in ``text``, outermost first."""
    stack: list[str] = []
    for match in re.finditer(r"<(/?)([\w:-]+)[^>]*?(/?)>", text[:end]):
        if match.group(3):
            continue
        if not match.group(1):
            stack.append(match.group(2))
        elif stack and stack[-1] == match.group(2):
            stack.pop()
    return stack


def _placed(text: str, value: str, place: str) -> bool:
    """Whether ``value`` is written where ``place`` says: inside the element it names
    (XML), or on a line that holds the tag or field name it starts with."""
    token = _token(place)
    if token is None:
        return True
    if place.startswith("<"):
        at = text.find(value)
        line_start = text.rfind("\n", 0, at) + 1
        return token in _open_elements(text, at) or token in text[line_start:at]
    return any(token in line for line in text.splitlines() if value in line)


def test_every_table_covers_the_model() -> None:
    for name, _options, table in TABLES:
        check_table(table, name)
    assert {name for name, _o, _t in TABLES} >= {
        "bibtex", "biblatex", "ris", "jats", "jats-article", "json", "medline", "csl-json",
        "endnote", "endnote-xml",
    }  # fmt: skip


def test_ris_flavours_have_the_same_gaps() -> None:
    """The RIS flavours differ in where they write a field, never in whether they do."""
    ris = next(table for name, options, table in TABLES if options == {"ris": {"flavour": "zotero"}})
    zotero = {name for name in FIELDS if ris[name] is None}
    endnote = {name for name in FIELDS if ENDNOTE_FLAVOUR_FIELD_MAP[name] is None}
    assert zotero == endnote


@pytest.mark.parametrize(
    ("name", "options", "table"), TABLES, ids=[_case_id(name, options) for name, options, _t in TABLES]
)
def test_table_holds_what_the_writer_does(
    name: str, options: dict[str, dict[str, str]], table: Mapping[str, str | None]
) -> None:
    session = _session(options)
    wrong: list[str] = []
    keys = [*FIELDS, *(key for key in table if "@" in key)]
    for key in keys:
        field, _, record_type = key.partition("@")
        before = len(session.sink.items)
        text = _convert(session, [record_with(field, record_type or "article-journal")], name)
        named = [
            d
            for d in session.sink.items[before:]
            if d.message.startswith(f"{display_name(field)} not written")
        ]
        reported = [d for d in named if d.code == "RB040"]
        place, value = table[key], needle(field)
        if place is None:
            if value in text:
                wrong.append(f"{key}: table says no place, but the writer wrote {value!r}")
            if not reported:
                wrong.append(f"{key}: no place, but not reported as not written")
            if len(named) > len(reported):
                wrong.append(f"{key}: reported by the engine (RB040) and by the writer too")
            continue
        if reported:
            wrong.append(f"{key}: table says {place!r}, but it was reported as not written")
        if field == "extra" and place.startswith("("):
            continue  # the writer places known keys and reports the others itself
        if value not in text:
            wrong.append(f"{key}: table says {place!r}, but {value!r} is not in the output")
        elif not _placed(text, value, place):
            wrong.append(f"{key}: table says {place!r}, but {value!r} is not written there")
    assert not wrong, f"{name} {options or ''}: the field table disagrees with the writer:\n" + "\n".join(
        wrong
    )


def test_docs_model_is_generated() -> None:
    assert docs_model.PATH.read_text(encoding="utf-8") == docs_model.render(), (
        "docs/model.md is out of date: run python -m refbridge.docs_model"
    )
    assert docs_model.main(["--check"]) == 0


def _series_records() -> list[Record]:
    """Records with fields RIS (in this table) may have no place for."""
    where = "refs.bib"
    return [
        Record(
            key=f"k{i}",
            title=f"T{i}",
            number_of_pages=str(100 + i),
            event_title="Meeting" if i % 2 else None,
            contributors={"translator": [Person("Tr", "A")]} if i == 0 else {},
            source=SourceLocation(where, 1 + 5 * i),
        )
        for i in range(5)
    ]


def test_engine_counts_and_reports_fields_not_written() -> None:
    session = _session({})
    counts = run_conversion(session, [_series_records()], io.StringIO(), to_format="medline")
    account = counts.account
    assert account is not None
    # medline has no place for the number of pages nor an event title (see its table).
    assert account.unwritten["number-of-pages"] == 5
    assert account.unwritten["event-title"] == 2
    assert account.unwritten["translator"] == 1
    # Most frequent first, then by name.
    assert account.summary() == (
        "13 fields not written: key ×5, number-of-pages ×5, event-title ×2, translator ×1"
    )
    messages = [str(d) for d in session.sink if d.code == "RB040"]
    assert "refs.bib:6: warning: number-of-pages not written: medline has no place for it [RB040]" in messages
    assert account.report is None  # no report unless asked for


def test_format_without_table_reports_nothing() -> None:
    from refbridge._internal.account import Checker
    from refbridge.registry import Format

    checker = Checker.of(Format(name="third", description="x"))
    assert checker.entry(_series_records()[0], full=False) is None


def test_cli_report_and_summary(tmp_path: Path) -> None:
    source = tmp_path / "refs.bib"
    source.write_text(
        "@book{b1,\n  title = {A Book},\n  year = {2001},\n  pagetotal = {321},\n}\n"
        "@article{a1,\n  title = {An article},\n  journal = {J},\n  year = {2002},\n}\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.json"
    result = CliRunner().invoke(cli, ["convert", str(source), "-t", "medline", "--report", str(report)])
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["format"] == "medline"
    first = data["records"][0]
    assert first["source"].endswith("refs.bib:1")
    assert "title" in first["written"]
    assert data["not_written"] == {
        name: count for name, count in data["not_written"].items() if count
    }  # counts only the fields met
    assert len(data["records"]) == 2
    for entry in data["records"]:
        assert set(entry) == {"record", "source", "written", "not_written", "changed"}


@pytest.mark.parametrize("to", ["ris", "jats", "bibtex"])
def test_report_same_with_jobs(tmp_path: Path, to: str) -> None:
    """--jobs 2 gives the same counts, diagnostics and report as one process: a large
    BibTeX input is cut into chunks that workers read and transform, and render too
    when the output format has a split writer (jats, bibtex; ris is written here)."""
    entries = [
        f"@book{{b{i},\n  title = {{Book {i}}},\n  date = {{2001/2003}},\n  series = {{Ser {i % 3}}},\n"
        f"  edition = {{{i % 4 + 1}}},\n  pagetotal = {{{i}}},\n  pages = {{1--{i + 1}}},\n"
        f"  journal = {{ANN NY ACAD SCI}},\n}}\n"
        for i in range(3000)
    ]
    source = tmp_path / "refs.bib"
    source.write_text("".join(entries), encoding="utf-8")
    results = {}
    for jobs in (1, 2):
        session = Session()
        out = tmp_path / f"out{jobs}.{to}"
        counts = run_conversion(
            session, [str(source)], out, to_format=to, jobs=jobs, chunk_chars=20_000, report=True
        )
        assert counts.account is not None and counts.account.report is not None
        codes = sorted(d.code for d in session.sink)
        results[jobs] = (counts.account.unwritten, counts.account.report, codes, out.read_bytes())
    assert results[1] == results[2]
    unwritten, report, _codes, _out = results[1]
    assert len(report) == 3000
    if to != "bibtex":
        assert unwritten  # a test of something: these formats leave fields out
    assert any(entry["changed"] for entry in report)  # the transforms changed the pages
