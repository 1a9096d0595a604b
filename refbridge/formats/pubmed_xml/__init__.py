"""The ``pubmed-xml`` format: PubMed's PubmedArticleSet XML (efetch, baseline and update files).

Read only. ``.xml`` files are recognised by their ``<PubmedArticleSet`` root and
``.xml.gz`` files (PubMed's baseline ships ~1,300 of them) are read directly: the
input layer unpacks gzip on the fly. This module only registers the format; the
reader (``read``, with ``article`` and ``book`` for the mapping) imports lxml and is
imported when a file is actually read, so that starting refbridge stays fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from ...context import Context
from ...hookspecs import hookimpl
from ...model import Record
from ...registry import Format, Registry

_ROOT = re.compile(r"<(PubmedArticleSet|PubmedArticle|PubmedBookArticle)[\s>]")
_DOCTYPE = re.compile(r"<!DOCTYPE\s+PubmedArticleSet\b")


def read_pubmed_xml(stream: IO[str], context: Context) -> Iterator[Record]:
    """Yield the records of a PubmedArticleSet, one at a time (see ``read``)."""
    from .read import read_pubmed_xml as read

    yield from read(stream, context)


def sniff_pubmed_xml(head: str) -> float:
    """Score a head of text as PubMed XML: its DOCTYPE or its root element decides."""
    if _DOCTYPE.search(head, 0, 4096):
        return 0.98
    match = _ROOT.search(head, 0, 8192)
    if match is None:
        return 0.0
    # The root must be the first element: a JATS article quoting PubMed XML is not PubMed XML.
    before = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", head[: match.start()], flags=re.DOTALL)
    return 0.98 if "<" not in before else 0.0


PUBMED_XML_FORMAT = Format(
    name="pubmed-xml",
    description="PubMed XML (PubmedArticleSet: efetch, baseline and update files; .xml.gz read directly)",
    extensions=(".xml",),
    read=read_pubmed_xml,
    write=None,
    sniff=sniff_pubmed_xml,
    primary=False,
)


@hookimpl
def refbridge_register_formats(registry: Registry[Format]) -> None:
    """Register the pubmed-xml format."""
    registry.add(PUBMED_XML_FORMAT)
