"""Helpers shared by the bibtex/biblatex tests: read and write strings, WPRIM record 1 for .bib."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from refbridge.context import Context
from refbridge.formats.bibtex import BIBLATEX_FORMAT, BIBTEX_FORMAT
from refbridge.model import Record
from refbridge.registry import resolve_options

FORMATS = {"bibtex": BIBTEX_FORMAT, "biblatex": BIBLATEX_FORMAT}


def context(dialect: str, filename: str = "test.bib", **options: Any) -> Context:
    """A context with the format's options resolved (defaults plus ``options``)."""
    fmt = FORMATS[dialect]
    return Context(dialect, filename, resolve_options(fmt.options, options, dialect))


def read(text: str, dialect: str = "bibtex", **options: Any) -> tuple[list[Record], Context]:
    """Read .bib text; return the records and the context (its sink holds the diagnostics)."""
    ctx = context(dialect, **options)
    reader = FORMATS[dialect].read
    assert reader is not None
    return list(reader(io.StringIO(text), ctx)), ctx


def write(records: Iterable[Record], dialect: str = "bibtex", **options: Any) -> tuple[str, Context]:
    """Write records; return the text and the context."""
    ctx = context(dialect, "out.bib", **options)
    out = io.StringIO()
    writer = FORMATS[dialect].write
    assert writer is not None
    writer(records, out, ctx)
    return out.getvalue(), ctx


def diagnostics(ctx: Context) -> list[tuple[str, int | None]]:
    """(code, line) of every diagnostic, in order."""
    return [(d.code, d.line) for d in ctx.sink.items]


def with_short_journal(record: Record) -> Record:
    """WPRIM record 1 (the ``wprim_record_1`` fixture of tests/conftest.py) as a run with the
    default transforms writes it to .bib: with the journal's ISO 4 abbreviation, which the
    writers put in ``shortjournal``."""
    return replace(record, container_title_short="Chin. Med. J.")
