"""The ``bibtex`` and ``biblatex`` formats (``.bib``): plugin registration.

Both dialects share one reader (it understands BibTeX and BibLaTeX field names
alike) and one emitter; they differ in what the writer produces:

- ``bibtex``: ``journal``, ``year`` + ``month = nov`` + ``day``, ``address``,
  ``school`` for theses; ASCII output with LaTeX accents by default.
- ``biblatex``: ``journaltitle``, ISO ``date``, ``location``, ``institution``;
  UTF-8 output by default.

This module stays light: the reader and writer modules (which import pybtex and
latexcodec when they need them) are imported inside the functions below.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from refbridge.chunks import ChunkedWriting, Parallel
from refbridge.context import Context
from refbridge.formats.bibtex.chunks import BIB_CHUNKS
from refbridge.formats.bibtex.field_map import BIBLATEX_FIELD_MAP, BIBTEX_FIELD_MAP
from refbridge.hookspecs import hookimpl
from refbridge.model import Record
from refbridge.registry import Format, Option, Registry
from refbridge.rewrite import RecordStep, Rewrite

_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]", re.MULTILINE)
#: JabRef's declaration of a file's dialect (it writes it at the end of the file).
_JABREF_DIALECT = re.compile(r"jabref-meta:\s*databaseType:\s*(bibtex|biblatex)\b", re.IGNORECASE)
#: What only BibLaTeX files have: its own entry types and fields (``location``, ``urldate``,
#: ``shortjournal`` and ``eprint`` appear in BibTeX files too, ours included).
_BIBLATEX_MARKERS = re.compile(
    r"^[ \t]*(?:journaltitle|date|eventdate|origdate|maintitle|titleaddon|booktitleaddon)[ \t]*=|"
    r"^[ \t]*@[ \t]*(?:online|thesis|report|dataset|software|mvbook|mvcollection|mvproceedings|"
    r"mvreference|collection|bookinbook|suppbook|suppcollection|suppperiodical|inreference|set|"
    r"xdata|artwork|audio|image|jurisdiction|legislation|legal|movie|music|performance|standard|"
    r"video)[ \t]*[{(]",
    re.MULTILINE | re.IGNORECASE,
)
# fmt: off
_KNOWN_TYPES = frozenset(
    [
        "article", "book", "booklet", "conference", "inbook", "incollection", "inproceedings", "manual",
        "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished", "online",
        "thesis", "report", "string", "preamble", "comment", "dataset", "software", "patent",
        "collection", "reference", "inreference", "electronic", "www"
    ]
)
# fmt: on


def read_bibtex(stream: IO[str], context: Context) -> Iterator[Record]:
    """Read a .bib stream (BibTeX or BibLaTeX names), one entry at a time."""
    from refbridge.formats.bibtex.read import read_bib

    return read_bib(stream, context)


def write_bibtex(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write records as classic BibTeX."""
    from refbridge.formats.bibtex.write import write_bib

    write_bib(records, stream, context, "bibtex")


def write_biblatex(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write records as BibLaTeX (for biber)."""
    from refbridge.formats.bibtex.write import write_bib

    write_bib(records, stream, context, "biblatex")


def render_bibtex(records: list[Record], context: Context) -> list[Any]:
    """BibTeX entries with their cite keys still to be made unique (in a worker process)."""
    from refbridge.formats.bibtex.write import render_bib

    return list(render_bib(records, context, "bibtex"))


def render_biblatex(records: list[Record], context: Context) -> list[Any]:
    """BibLaTeX entries with their cite keys still to be made unique (in a worker process)."""
    from refbridge.formats.bibtex.write import render_bib

    return list(render_bib(records, context, "biblatex"))


def write_bibtex_pieces(pieces: Iterable[Any], stream: IO[str], context: Context) -> None:
    """Write rendered BibTeX entries, making their cite keys unique."""
    from refbridge.formats.bibtex.write import write_bib_pieces

    write_bib_pieces(pieces, stream, context, "bibtex")


def write_biblatex_pieces(pieces: Iterable[Any], stream: IO[str], context: Context) -> None:
    """Write rendered BibLaTeX entries, making their cite keys unique."""
    from refbridge.formats.bibtex.write import write_bib_pieces

    write_bib_pieces(pieces, stream, context, "biblatex")


def rewrite_bibtex(text: str, context: Context, step: RecordStep) -> Rewrite:
    """Rewrite a whole .bib text for ``refbridge format``, keeping all it does not change."""
    from refbridge.formats.bibtex.rewrite import rewrite_bib

    return rewrite_bib(text, context, step)


def sniff_bibtex(head: str) -> float:
    """Score a head of text as a .bib file: entries starting with ``@type{``."""
    types = {match.group(1).lower() for match in _ENTRY_START.finditer(head)}
    if types & _KNOWN_TYPES:
        return 0.9
    return 0.4 if types else 0.0


def sniff_biblatex(head: str) -> float:
    """Like ``sniff_bibtex``, but above it when the text is BibLaTeX (``bib_dialect``)."""
    score = sniff_bibtex(head)
    if score and bib_dialect(head) == "biblatex":
        return min(score + 0.05, 1.0)
    return score


def bib_dialect(text: str) -> str:
    """The dialect of a .bib text: what JabRef's ``databaseType`` declares (wherever it
    is), else ``biblatex`` when a BibLaTeX-only entry type or field appears anywhere,
    else ``bibtex``. ``refbridge format`` gives it the whole file."""
    declared = _JABREF_DIALECT.search(text)
    if declared is not None:
        return declared.group(1).lower()
    return "biblatex" if _BIBLATEX_MARKERS.search(text) else "bibtex"


def _options(ascii_default: bool) -> tuple[Option, ...]:
    return (
        Option(
            "ascii",
            bool,
            ascii_default,
            "write non-ASCII characters as LaTeX commands ({\\'e}); characters LaTeX has no "
            "command for (e.g. CJK) stay as they are",
        ),
        Option(
            "key_pattern",
            str,
            "{author}{year}{title}",
            "pattern of generated cite keys; placeholders {author} {Author} {year} {title} {Title} "
            "{journal}; keys are made unique with a, b, c... suffixes",
        ),
        Option("protect_capitals", bool, True, "brace words whose capitals must stay in titles ({COVID-19})"),
        Option(
            "resolve_crossref",
            bool,
            False,
            "copy missing fields from crossref parents when reading (holds the whole file in memory)",
        ),
    )


BIBTEX_FORMAT = Format(
    name="bibtex",
    fields=BIBTEX_FIELD_MAP,
    description="BibTeX .bib (journal, year/month macros; ASCII with LaTeX accents by default)",
    extensions=(".bib",),
    read=read_bibtex,
    write=write_bibtex,
    sniff=sniff_bibtex,
    options=_options(True),
    primary=True,
    formattable=True,
    parallel=Parallel(reading=BIB_CHUNKS, writing=ChunkedWriting(render_bibtex, write_bibtex_pieces)),
    rewrite=rewrite_bibtex,
)

BIBLATEX_FORMAT = Format(
    name="biblatex",
    fields=BIBLATEX_FIELD_MAP,
    description="BibLaTeX .bib for biber (journaltitle, shortjournal, ISO date; UTF-8 by default)",
    extensions=(".bib",),
    read=read_bibtex,
    write=write_biblatex,
    sniff=sniff_biblatex,
    options=_options(False),
    primary=False,
    formattable=True,
    parallel=Parallel(reading=BIB_CHUNKS, writing=ChunkedWriting(render_biblatex, write_biblatex_pieces)),
    rewrite=rewrite_bibtex,
)


@hookimpl
def refbridge_register_formats(registry: Registry[Format]) -> None:
    """Register the bibtex and biblatex formats."""
    registry.add(BIBTEX_FORMAT)
    registry.add(BIBLATEX_FORMAT)
