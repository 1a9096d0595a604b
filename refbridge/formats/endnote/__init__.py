"""EndNote's own formats: ``endnote-xml`` (EndNote XML) and ``endnote`` (tagged, Refer/BibIX).

This module only registers the two formats; the readers and writers (``xml_read``,
``xml_write``, ``tagged_read``, ``tagged_write``, sharing the field mapping of
``mapping_read``/``mapping_write`` and the tables of ``types``) are imported when a
file is actually read or written, so that starting refbridge stays fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import IO

from refbridge.context import Context
from refbridge.formats.endnote.field_map import TAGGED_FIELD_MAP, XML_FIELD_MAP, ZOTERO_FIELD_MAP
from refbridge.hookspecs import hookimpl
from refbridge.model import Record
from refbridge.registry import Format, Option, Registry

#: ``<xml><records>`` (possibly after a declaration, comments or a DOCTYPE) opens EndNote XML.
_XML_ROOT = re.compile(r"<xml>\s*(?:<!--.*?-->\s*)*<records\s*>", re.DOTALL)
_RECORDS_ROOT = re.compile(r"<records>\s*<record>")
#: A tag line of the tagged format; EndNote's tag characters only (so ``%%`` comments of
#: BibTeX or LaTeX files do not count).
_TAG_LINE = re.compile(r"^%[0-9A-Z?@!#$\]&()*+^<>\[=~] \S", re.MULTILINE)
_TYPE_LINE = re.compile(r"^\s*%0 \S", re.MULTILINE)


def sniff_endnote_xml(head: str) -> float:
    """Score a head of text as EndNote XML: the ``<xml><records>`` root decides.

    A JATS or PubMed document has another root and scores 0 here; EndNote XML scores
    0 with their sniffers, so ``.xml`` files go to the right reader either way."""
    match = _XML_ROOT.search(head, 0, 16384)
    if match is not None:
        before = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", head[: match.start()], flags=re.DOTALL)
        return 0.95 if "<" not in before else 0.0
    if _RECORDS_ROOT.search(head, 0, 4096) and "<ref-type" in head:
        return 0.6
    return 0.0


def sniff_endnote(head: str) -> float:
    """Score a head of text as tagged EndNote: a ``%0 Type`` line, or several tag lines."""
    type_line = _TYPE_LINE.search(head, 0, 4096)
    tags = len(_TAG_LINE.findall(head, 0, 4096))
    if type_line is not None and head.count("\n", 0, type_line.start()) <= 20 and tags >= 2:
        return 0.9
    return 0.5 if tags >= 3 else 0.0


def read_endnote_xml(stream: IO[str], context: Context) -> Iterator[Record]:
    """Yield the records of an EndNote XML document (see ``xml_read``)."""
    from .xml_read import read_endnote_xml as read

    yield from read(stream, context)


def write_endnote_xml(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write records as EndNote XML (see ``xml_write``)."""
    from .xml_write import write_endnote_xml as write

    write(records, stream, context)


def read_endnote(stream: IO[str], context: Context) -> Iterator[Record]:
    """Yield the records of tagged EndNote text (see ``tagged_read``)."""
    from .tagged_read import read_endnote as read

    yield from read(stream, context)


def write_endnote(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write records as tagged EndNote text (see ``tagged_write``)."""
    from .tagged_write import write_endnote as write

    write(records, stream, context)


ENDNOTE_XML_FORMAT = Format(
    name="endnote-xml",
    fields=XML_FIELD_MAP,
    description="EndNote XML (<xml><records><record>, EndNote's export; Zotero, JabRef, Covidence read it)",
    extensions=(".xml",),
    read=read_endnote_xml,
    write=write_endnote_xml,
    sniff=sniff_endnote_xml,
    primary=False,
)

ENDNOTE_FORMAT = Format(
    name="endnote",
    fields=TAGGED_FIELD_MAP,
    # Where each flavour puts a field (what the zotero flavour leaves out has no place in its table).
    fields_by_option=("flavour", {"zotero": ZOTERO_FIELD_MAP, "endnote": TAGGED_FIELD_MAP}),
    description="EndNote tagged / Refer (%0, %A, %T ...; .enw files of 'Direct Export' buttons)",
    extensions=(".enw", ".ref", ".txt"),
    read=read_endnote,
    write=write_endnote,
    sniff=sniff_endnote,
    primary=False,  # .txt is RIS unless the content says otherwise
    options=(
        Option(
            "flavour",
            str,
            "zotero",
            "zotero: what Zotero's Refer importer reads with nothing moved to Extra (the DOI as a "
            "doi.org %U when there is no URL; what is left out is reported, RB040/RB981); endnote: every "
            "EndNote tag (%R DOI, %@ ISBN/ISSN, %M...), for EndNote's own import",
            ("zotero", "endnote"),
        ),
        Option("newline", str, "crlf", "line ends of the output", ("crlf", "lf")),
    ),
)


@hookimpl
def refbridge_register_formats(registry: Registry[Format]) -> None:
    """Register the endnote-xml and endnote formats."""
    registry.add(ENDNOTE_XML_FORMAT)
    registry.add(ENDNOTE_FORMAT)
