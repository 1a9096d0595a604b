"""JATS XML: the formats ``jats`` (a reference list) and ``jats-article`` (article front matter).

Both are read by the same reader: a JATS article gives its own record, then one
record per ``<ref>`` (option ``select``: ``all``, ``article`` or ``references``).
``jats`` writes an ``<article>`` whose ``<back><ref-list>`` holds one ``<ref>``
per record; ``jats-article`` writes one ``<article>`` of front matter per record
(several are wrapped in a ``<pmc-articleset>``). Output is valid against the JATS
1.2 Archiving DTD. Parsing never loads a DTD, never expands an entity and never
uses the network.

This module is the entry point and stays light: lxml is imported by the reader
and writer modules, which are imported only when a file is read or written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from refbridge.chunks import ChunkedWriting, Parallel
from refbridge.context import Context
from refbridge.formats.jats.field_map import JATS_ARTICLE_FIELD_MAP, JATS_FIELD_MAP
from refbridge.hookspecs import hookimpl
from refbridge.model import Record
from refbridge.registry import Format, Option, Registry

_SELECT = Option(
    "select",
    str,
    "all",
    "which records to read from an article: all (the article, then its references), "
    "article (its front matter only) or references (its reference list only)",
    choices=("all", "article", "references"),
)
_REF_LIST_TITLE = Option("title", str, "References", "title of the written <ref-list> (empty: none)")
_SERIALIZER = Option(
    "serializer",
    str,
    "text",
    "how each <ref> is serialized: text (fast, default) or lxml (the reference; same output, slower)",
    choices=("text", "lxml"),
)

_JATS_DOCTYPE = re.compile(r"<!DOCTYPE\s+(article|pmc-articleset)\b[^>]*(JATS|NLM|jats|nlm|articleset)")
_ROOT = re.compile(r"<(article|pmc-articleset|ref-list)[\s>]")
_MARKERS = ("<front", "<article-meta", "<journal-meta", "<ref-list", "<element-citation", "<mixed-citation")


def sniff_jats(head: str) -> float:
    """Score a head of text as JATS: by its DOCTYPE, else its root element and JATS elements."""
    if _JATS_DOCTYPE.search(head):
        return 0.95
    root = _ROOT.search(head)
    if root is None:
        return 0.5 if "<element-citation" in head or "<mixed-citation" in head else 0.0
    return 0.85 if any(marker in head for marker in _MARKERS) else 0.3


def read_jats(stream: IO[str], context: Context) -> Iterator[Record]:
    """Read a JATS article, article set or reference list (see ``jats_read``)."""
    from refbridge.formats.jats.read import read_jats as read

    return read(stream, context)


def write_jats(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write records as a JATS reference list (see ``jats_write``)."""
    from refbridge.formats.jats.write import write_ref_list

    write_ref_list(records, stream, context)


def render_jats(records: list[Record], context: Context) -> list[Any]:
    """The ``<ref>`` of each record, IDs still to be given (in a worker process)."""
    from refbridge.formats.jats.write import render_refs

    return list(render_refs(records, context))


def write_jats_pieces(pieces: Iterable[Any], stream: IO[str], context: Context) -> None:
    """Write refs rendered by workers, giving them unique IDs."""
    from refbridge.formats.jats.write import write_ref_pieces

    write_ref_pieces(pieces, stream, context)


def _renders_in_workers(context: Context) -> bool:
    serializer: str = context.option("serializer")
    return serializer != "lxml"  # the built-in emitter only


def write_jats_article(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write records as JATS article front matter (see ``jats_write``)."""
    from refbridge.formats.jats.write import write_articles

    write_articles(records, stream, context)


JATS_FORMAT = Format(
    name="jats",
    fields=JATS_FIELD_MAP,
    description="JATS XML reference list (<ref-list> of <element-citation>); reads articles too",
    extensions=(".xml", ".nxml"),
    read=read_jats,
    write=write_jats,
    sniff=sniff_jats,
    options=(_SELECT, _REF_LIST_TITLE, _SERIALIZER),
    parallel=Parallel(writing=ChunkedWriting(render_jats, write_jats_pieces, _renders_in_workers)),
)

JATS_ARTICLE_FORMAT = Format(
    name="jats-article",
    fields=JATS_ARTICLE_FIELD_MAP,
    description="JATS XML article front matter, one <article> per record (<pmc-articleset> for several)",
    extensions=(".xml",),
    read=read_jats,
    write=write_jats_article,
    sniff=None,
    options=(_SELECT,),
    primary=False,
)


@hookimpl
def refbridge_register_formats(registry: Registry[Format]) -> None:
    """Register the jats and jats-article formats."""
    registry.add(JATS_FORMAT)
    registry.add(JATS_ARTICLE_FORMAT)
