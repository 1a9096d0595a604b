"""The ``medline`` format: PubMed's MEDLINE tagged export (``.nbib``, "PubMed format").

This module only registers the format; the reader (``read``, ``build``) and the
writer (``write``) are imported when a MEDLINE file is actually read or written, so
that starting refbridge stays fast. The tag tables are data in ``tags``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import IO

from refbridge.context import Context
from refbridge.formats.medline.field_map import FIELD_MAP
from refbridge.hookspecs import hookimpl
from refbridge.model import Record
from refbridge.registry import Format, Option, Registry

_PMID_LINE = re.compile(r"^\ufeff?PMID ?- ?\d", re.MULTILINE)
#: Tags of three or four letters in MEDLINE's layout, which RIS (two-character tags) never has.
_LONG_TAG_LINE = re.compile(r"^(?:[A-Z]{4}- |[A-Z]{3} - )", re.MULTILINE)


def read_medline(stream: IO[str], context: Context) -> Iterator[Record]:
    """Yield the records of a MEDLINE stream, one at a time (see ``medline.read``)."""
    from .read import read_medline as read

    yield from read(stream, context)


def write_medline(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write records as MEDLINE (see ``medline.write``)."""
    from .write import write_medline as write

    write(records, stream, context)


def sniff_medline(head: str) -> float:
    """Score a head of text as MEDLINE: a ``PMID- `` line decides; without one, several
    three- or four-letter tag lines (``FAU - ``, ``STAT- ``) make it likely."""
    match = _PMID_LINE.search(head, 0, 4096)
    if match is not None:
        return 0.97 if head.count("\n", 0, match.start()) <= 20 else 0.8
    return 0.7 if len(_LONG_TAG_LINE.findall(head, 0, 4096)) >= 2 else 0.0


MEDLINE_FORMAT = Format(
    name="medline",
    fields=FIELD_MAP,
    description="PubMed MEDLINE / .nbib tagged export",
    extensions=(".nbib", ".medline", ".txt"),
    read=read_medline,
    write=write_medline,
    sniff=sniff_medline,
    # .txt is RIS's (and WPRIM's) too: a PubMed .txt is recognised by its content.
    primary=False,
    options=(
        Option("newline", str, "lf", "line ends of the output", ("lf", "crlf")),
        Option("width", int, 80, "longest output line; continuation lines wrap there (PubMed: 88)"),
    ),
)


@hookimpl
def refbridge_register_formats(registry: Registry[Format]) -> None:
    """Register the medline format."""
    registry.add(MEDLINE_FORMAT)
