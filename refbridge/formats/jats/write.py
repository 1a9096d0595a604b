"""The JATS writers: streaming, one record at a time.

The XML declaration, DOCTYPE and opening tags are written as text; each record
is built as a small tree of tuples (``Node``), written as pretty-printed text (the
same characters lxml's serialization gives, without lxml) and dropped; then the
closing tags are written. ``jats`` writes one ``<article>`` whose ``<back>``
holds the ``<ref-list>``; ``jats-article`` writes a single ``<article>`` for one
record and a ``<pmc-articleset>`` of ``<article>`` elements (as PubMed Central's
efetch returns them) for any other number. Output is UTF-8 and deterministic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import IO

from refbridge.context import Context
from refbridge.formats.jats.build import NOT_XML, Builder, serialize, strip_invalid
from refbridge.formats.jats.cite_write import Node, attribute_text, node_element, node_text, ref_node
from refbridge.formats.jats.front_write import article_element, article_node
from refbridge.formats.jats.tables import ARTICLESET_DOCTYPE, PUBLIC_ID, SYSTEM_ID
from refbridge.model import Record

_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
_ARTICLE_DOCTYPE = f'<!DOCTYPE article PUBLIC "{PUBLIC_ID}" "{SYSTEM_ID}">\n'


def write_ref_list(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write an ``<article>`` whose ``<back><ref-list>`` has one ``<ref>`` per record."""
    builder = Builder(context)
    _ref_list_start(builder, stream, context)
    use_lxml = context.option("serializer") == "lxml"
    for index, record in enumerate(records, start=1):
        node = ref_node(builder, record, index)
        stream.write(ref_text(builder, node, record, use_lxml))
    _ref_list_end(builder, stream)


def _ref_list_start(builder: Builder, stream: IO[str], context: Context) -> None:
    title: str = context.option("title")
    stream.write(_DECLARATION + _ARTICLE_DOCTYPE)
    stream.write(
        '<article xmlns:xlink="http://www.w3.org/1999/xlink" dtd-version="1.2">\n'
        "  <front>\n    <article-meta/>\n  </front>\n  <back>\n    <ref-list>\n"
    )
    if title:
        stream.write(f"      <title>{_escape(builder.text(title))}</title>\n")


def _ref_list_end(builder: Builder, stream: IO[str]) -> None:
    stream.write("    </ref-list>\n  </back>\n</article>\n")
    builder.report("fields with no place in a JATS reference list were not written (use -t jats-article)")


# -- the reference list written by worker processes (--jobs) -----------------------------------

# Placeholders for the ref's ID and specific-use, given in the main process: private-use
# characters, which XML may hold and the emitter writes as they are.
_ID, _MARK = "\ue000", "\ue001"


@dataclass(frozen=True, slots=True)
class RefPiece:
    """One ``<ref>`` as rendered in a worker: its text with the ID still to be given,
    the record's key, and the fields that found no place in it."""

    text: str
    key: str | None
    unwritten: tuple[str, ...]


class _IdsLater(Builder):
    """A builder whose IDs are placeholders: they must be unique in the whole output."""

    def unique_id(self, key: str | None, fallback: str) -> tuple[str, str | None]:
        return _ID, _MARK


def render_refs(records: list[Record], context: Context) -> list[RefPiece]:
    """The ``<ref>`` of each record, IDs left to ``write_ref_pieces`` (in a worker process)."""
    builder = _IdsLater(context)
    pieces = []
    for record in records:
        builder.unwritten = Counter()
        text = ref_text(builder, ref_node(builder, record, 0), record)
        pieces.append(RefPiece(text, record.key, tuple(builder.unwritten.elements())))
    return pieces


def write_ref_pieces(pieces: Iterable[RefPiece], stream: IO[str], context: Context) -> None:
    """Write rendered refs (``render_refs``) with unique IDs: what ``write_ref_list``
    writes for the same records."""
    builder = Builder(context)
    _ref_list_start(builder, stream, context)
    for index, piece in enumerate(pieces, start=1):
        ref_id, marker = builder.unique_id(piece.key, f"ref{index}")
        mark = "" if marker is None else f' specific-use="{attribute_text(marker)}"'
        # The placeholders' first occurrences are in the ref's start tag, written first.
        text = piece.text.replace(f' specific-use="{_MARK}"', mark, 1).replace(_ID, ref_id, 1)
        builder.unwritten.update(piece.unwritten)
        stream.write(text)
    _ref_list_end(builder, stream)


def ref_text(builder: Builder, node: Node, record: Record, use_lxml: bool = False) -> str:
    """A ref node as pretty-printed XML at ref-list depth, by lxml or by the text emitter."""
    if use_lxml:
        try:
            return serialize(node_element(node), 3)
        except ValueError:  # lxml refuses control characters: remove them as the text path does
            return builder.clean_text(serialize(node_element(_clean(node)), 3), record)
    out: list[str] = []
    node_text(node, 3, out)
    return builder.clean_text("".join(out), record)


def article_text(node: Node, level: int) -> str:
    """An article node as pretty-printed XML at nesting ``level``.

    Text was cleaned as the node was built; anything XML cannot hold that is left
    (in an attribute taken from ``extra``) goes to lxml, which decides as before.
    """
    out: list[str] = []
    node_text(node, level, out)
    text = "".join(out)
    if NOT_XML.search(text) is not None:
        return serialize(article_element(node), level, keep_ns=True)
    return text


def _clean(node: Node) -> Node:
    tag, attrs, text, children = node
    return (
        tag,
        tuple((name, strip_invalid(value)) for name, value in attrs),
        None if text is None else strip_invalid(text),
        None if children is None else [_clean(child) for child in children],
    )


def write_articles(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write one ``<article>`` of front matter per record; several in a ``<pmc-articleset>``."""
    builder = Builder(context)
    iterator: Iterator[Record] = iter(records)
    # Peek at two records: the root element depends on whether there is exactly one.
    first = list(_take(iterator, 2))
    single = len(first) == 1
    stream.write(_DECLARATION)
    if single:
        stream.write(_ARTICLE_DOCTYPE)
    else:
        stream.write(ARTICLESET_DOCTYPE + "\n<pmc-articleset>\n")
    level = 0 if single else 1
    for index, record in enumerate(chain(first, iterator), start=1):
        stream.write(article_text(article_node(builder, record, index), level))
    if not single:
        stream.write("</pmc-articleset>\n")
    builder.report("fields not written")


def _take(iterator: Iterator[Record], count: int) -> Iterator[Record]:
    for _ in range(count):
        try:
            yield next(iterator)
        except StopIteration:
            return


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
