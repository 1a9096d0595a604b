"""The ``ris`` format: RIS as Zotero, EndNote, PubMed and database exports write it.

This module only registers the format; the reader (``ris_read``), the writer
(``ris_write``) and the lossless rewrite of ``refbridge format`` (``ris_rewrite``) are
imported when a RIS file is actually read or written, so that starting refbridge stays
fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING

from refbridge.chunks import Parallel
from refbridge.context import Context
from refbridge.formats.ris.chunks import RIS_CHUNKS
from refbridge.formats.ris.field_map import ENDNOTE_FLAVOUR_FIELD_MAP, FIELD_MAP
from refbridge.hookspecs import hookimpl
from refbridge.model import Record
from refbridge.registry import Format, Option, Registry

if TYPE_CHECKING:
    from refbridge.rewrite import RecordStep, Rewrite

_TY_LINE = re.compile(r"^\s*TY {1,2}- ?\S", re.MULTILINE)
_ANY_TAG_LINE = re.compile(r"^[A-Z][A-Z0-9] {1,2}-( |$)", re.MULTILINE)


def read_ris(stream: IO[str], context: Context) -> Iterator[Record]:
    """Yield the records of a RIS stream, one at a time (see ``ris_read``)."""
    from refbridge.formats.ris.read import read_ris as read

    yield from read(stream, context)


def write_ris(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write records as RIS (see ``ris_write``)."""
    from refbridge.formats.ris.write import write_ris as write

    write(records, stream, context)


def rewrite_ris(text: str, context: Context, step: RecordStep) -> Rewrite:
    """Rewrite a RIS text through ``step``, keeping every byte the step did not change
    (``refbridge format``; see ``ris_rewrite``)."""
    from refbridge.formats.ris.rewrite import rewrite_ris as rewrite

    return rewrite(text, context, step)


def sniff_ris(head: str) -> float:
    """Score a head of text as RIS: a ``TY  - `` line among the first lines decides."""
    match = _TY_LINE.search(head, 0, 4096)
    if match is not None:
        before = head[: match.start()]
        return 0.95 if before.count("\n") <= 20 else 0.6
    return 0.2 if len(_ANY_TAG_LINE.findall(head, 0, 4096)) >= 3 else 0.0


RIS_FORMAT = Format(
    name="ris",
    fields=FIELD_MAP,
    fields_by_option=("flavour", {"zotero": FIELD_MAP, "endnote": ENDNOTE_FLAVOUR_FIELD_MAP}),
    description="RIS (Zotero, EndNote, PubMed, Scopus, Web of Science exports)",
    extensions=(".ris", ".txt"),
    read=read_ris,
    write=write_ris,
    sniff=sniff_ris,
    formattable=True,
    parallel=Parallel(reading=RIS_CHUNKS),
    rewrite=rewrite_ris,
    options=(
        Option(
            "flavour",
            str,
            "zotero",
            "write for Zotero or EndNote where they differ (conference paper TY, DA, abstract breaks)",
            ("zotero", "endnote"),
        ),
        Option("newline", str, "crlf", "line ends of the output", ("crlf", "lf")),
    ),
)


@hookimpl
def refbridge_register_formats(registry: Registry[Format]) -> None:
    """Register the ris format."""
    registry.add(RIS_FORMAT)
