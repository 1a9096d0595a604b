"""The ``csl-json`` format: CSL-JSON, the citation world's exchange format.

Zotero and Better BibTeX export it, pandoc and every citeproc read it. This module only
registers the format; the reader (``read``) and the writer (``write``) are imported when
a file is actually read or written, so that starting refbridge stays fast.

``.json`` is shared with refbridge's own ``json`` format: the sniffer scores a head of
text as CSL only when CSL's own names appear (``"container-title"``, ``"date-parts"``,
``"id"``...) and refbridge's field names (``"authors"``, ``"container_title"``) do not,
so each format wins on its own files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import IO

from ...context import Context
from ...hookspecs import hookimpl
from ...model import Record
from ...registry import Format, Option, Registry
from .field_map import FIELD_MAP

_KEY = re.compile(r'"([A-Za-z][A-Za-z_-]*)"\s*:')
#: Keys only CSL-JSON has (refbridge's JSON spells fields with underscores and has no ``id``).
_CSL_KEYS = frozenset(
    {
        "id", "citation-key", "author", "editor", "container-title", "container-title-short",
        "date-parts", "page", "DOI", "URL", "ISSN", "ISBN", "publisher-place", "title-short",
        "collection-title", "number-of-pages", "non-dropping-particle", "dropping-particle",
        "journalAbbreviation", "note", "event-title", "original-date", "call-number",
    }
)  # fmt: skip
#: Keys only refbridge's own JSON has.
_OWN_KEYS = frozenset(
    {"key", "authors", "editors", "container_title", "container_title_short", "pages", "doi",
     "url", "issn", "isbn", "place", "keywords", "notes", "extra", "source", "year", "month",
     "abstract_sections", "issued_end", "title_short", "term", "particle"}
)  # fmt: skip


def sniff_csl_json(head: str) -> float:
    """Score a head of text as CSL-JSON: JSON whose keys are CSL's, not refbridge's."""
    stripped = head.lstrip("\ufeff \t\r\n")
    if not stripped.startswith(("[", "{")):
        return 0.0
    keys = set(_KEY.findall(stripped, 0, 65536))  # the whole head: an abstract may come first
    csl = len(keys & _CSL_KEYS)
    own = len(keys & _OWN_KEYS)
    if own > csl or csl == 0:
        return 0.0
    # refbridge's JSON has no "id" outside keywords (which bring "term"): "id", "date-parts"
    # or two CSL names make it CSL, and beat refbridge json's 0.6.
    return 0.9 if csl >= 2 or keys & {"id", "date-parts"} else 0.5


def read_csl_json(stream: IO[str], context: Context) -> Iterator[Record]:
    """Yield the records of a CSL-JSON stream, one item at a time (see ``read``)."""
    from .read import read_csl_json as read

    yield from read(stream, context)


def write_csl_json(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write records as CSL-JSON (see ``write``)."""
    from .write import write_csl_json as write

    write(records, stream, context)


CSL_JSON_FORMAT = Format(
    name="csl-json",
    fields=FIELD_MAP,
    description="CSL-JSON (Zotero, Better BibTeX, pandoc, citeproc)",
    extensions=(".json", ".csl.json"),
    read=read_csl_json,
    write=write_csl_json,
    sniff=sniff_csl_json,
    primary=False,
    options=(
        Option(
            "profile",
            str,
            "standard",
            "standard: the CSL 1.0.2 schema; zotero: what Zotero's CSL JSON import reads "
            "(particles and suffixes in the name, journalAbbreviation, known item types)",
            ("standard", "zotero"),
        ),
    ),
)


@hookimpl
def refbridge_register_formats(registry: Registry[Format]) -> None:
    """Register the csl-json format."""
    registry.add(CSL_JSON_FORMAT)
