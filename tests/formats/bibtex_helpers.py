"""Helpers shared by the bibtex/biblatex tests: read and write strings, WPRIM record 1."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from refbridge.abstracts import join_sections
from refbridge.context import Context
from refbridge.formats.bibtex import BIBLATEX_FORMAT, BIBTEX_FORMAT
from refbridge.model import AbstractSection, Keyword, PartialDate, Person, Record
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


WPRIM_KEYWORDS = [
    Keyword("Humans", None, False, "MeSH"),
    Keyword("COVID-19", "therapy", True, "MeSH"),
    Keyword("Female", None, False, "MeSH"),
    Keyword("Male", None, False, "MeSH"),
    Keyword("Mesenchymal Stem Cell Transplantation", "adverse effects", True, "MeSH"),
    Keyword("Middle Aged", None, False, "MeSH"),
    Keyword("Adult", None, False, "MeSH"),
    Keyword("Umbilical Cord", "cytology", True, "MeSH"),
    Keyword("Mesenchymal Stem Cells", "cytology", True, "MeSH"),
    Keyword("SARS-CoV-2", None, False, "MeSH"),
    Keyword("Aged", None, False, "MeSH"),
    Keyword("Treatment Outcome", None, False, "MeSH"),
]

_SECTIONS = [
    AbstractSection(
        "Background",
        "The effects of human umbilical cord-derived mesenchymal stem cell (UC-MSC) treatment on coronavirus "
        "disease 2019 (COVID-19) patients have been preliminarily characterized.",
    ),
    AbstractSection(
        "Methods",
        "The MSC treatment patients additionally received intravenous infusions of MSCs at a dose of "
        "4 × 10 7 cells on days 0, 3, and 6, respectively.",
    ),
    AbstractSection(
        "Results", "In patients with moderate COVID-19, MSC treatment improved pulmonary function."
    ),
    AbstractSection("Conclusions", "Our results demonstrate the safety and potential of MSC treatment."),
    AbstractSection("Trial registration", "Chinese Clinical Trial Registry, ChiCTR2000031430."),
]


def wprim_record_1() -> Record:
    """WPRIM sample record 1 built by hand (abstract sections shortened)."""
    names = [
        ("Wang", "Siyu"), ("Yang", "Tao"), ("Li", "Tiantian"), ("Shi", "Lei"), ("Xu", "Ruonan"),
        ("Zhang", "Chao"), ("Wang", "Zerui"), ("Zhang", "Ziying"), ("Shi", "Ming"), ("Xu", "Zhe"),
        ("Wang", "Fu-Sheng"),
    ]  # fmt: skip
    return Record(
        type="article-journal",
        title="Safety and efficacy of human umbilical cord-derived mesenchymal stem cells in COVID-19 "
        "patients: A real-world observation",
        authors=[Person(family=family, given=given) for family, given in names],
        container_title="Chinese Medical Journal",
        container_title_short="Chin. Med. J.",
        volume="138",
        issue="22",
        pages="2984-2992",
        issued=PartialDate(2025),
        abstract=join_sections(_SECTIONS),
        abstract_sections=list(_SECTIONS),
        keywords=list(WPRIM_KEYWORDS),
    )
