"""The ``wprim`` format: records copied as text from a WPRIM search-result page.

WPRIM (Western Pacific Region Index Medicus) shows each hit as a numbered title,
an author line (``Siyu WANG ; Tao YANG``), a source line
(``Chinese Medical Journal 2025;138(22):2984-2992``), an optional abstract and
optional MeSH headings. The format is read-only. This module stays light to
import: the reader lives in ``wprim_parse`` and is imported when first used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from refbridge.chunks import Parallel
from refbridge.context import Context
from refbridge.formats.wprim.chunks import WPRIM_CHUNKS
from refbridge.hookspecs import hookimpl
from refbridge.model import Record
from refbridge.registry import Format, Registry

# Sniffing only: a source line, an author line with a name in capitals, a numbered title.
_SNIFF_SOURCE = re.compile(
    r"^[^;\n]{2,300}?[\s,.](?:1[5-9]|20)\d\d\s*;\s*[\w ]*(?:\([^)\n]*\))?(?::\s*\S+)?\s*$"
)
_SNIFF_AUTHORS = re.compile(
    r"^[^\W\d_][^;:/()\n]{0,60}\b[^\W\d_a-z]{2,}\b[^;:/()\n]{0,30}(?:\s;\s[^;:/()\n]{1,80})*$"
)
_SNIFF_NUMBERED = re.compile(r"^\d{1,5}\.\S")
# Other formats' tell-tale openings: RIS tags, BibTeX entries, JSON, XML.
_FOREIGN = re.compile(r"^\s*(?:[A-Z][A-Z0-9]  - |@[A-Za-z]+\s*[{(]|[\[{<])")


def sniff_wprim(head: str) -> float:
    """Score a head of text as a WPRIM page: a title, author and source line in a row."""
    if _FOREIGN.match(head):
        return 0.0
    lines = [line.strip() for line in head.lstrip("\ufeff").splitlines()[:400]]
    lines = [line for line in lines if line]
    best = 0.0
    triples = 0
    for i in range(1, len(lines)):
        if not _SNIFF_SOURCE.match(lines[i]):
            continue
        score = 0.4
        if _SNIFF_AUTHORS.match(lines[i - 1]):
            score = 0.7
            if i >= 2 and _SNIFF_NUMBERED.match(lines[i - 2]):
                score = 0.9
                triples += 1
        best = max(best, score)
    if triples >= 2:
        best = 0.95
    if any(line.startswith(("TY  - ", "ER  -", "PMID- ")) for line in lines[:50]):
        best = min(best, 0.1)
    return best


def read_wprim(stream: IO[str], context: Context) -> Iterator[Record]:
    """Yield the records of a WPRIM page, one at a time (see ``wprim_parse``)."""
    from refbridge.formats.wprim.parse import read_records

    yield from read_records(stream, context)


WPRIM_FORMAT = Format(
    name="wprim",
    description="text copied from a WPRIM / Index Medicus search-result page (read-only)",
    extensions=(".wprim", ".txt"),
    read=read_wprim,
    sniff=sniff_wprim,
    primary=False,
    parallel=Parallel(reading=WPRIM_CHUNKS),
)


@hookimpl
def refbridge_register_formats(registry: Registry[Format]) -> None:
    """Register the read-only wprim format."""
    registry.add(WPRIM_FORMAT)
