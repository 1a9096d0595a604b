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

from collections.abc import Iterable, Iterator
from itertools import chain
from typing import IO

from ..context import Context
from ..model import Record
from .jats_build import NOT_XML, Builder, serialize, strip_invalid
from .jats_cite_write import Node, node_element, node_text, ref_node
from .jats_front_write import article_element, article_node
from .jats_tables import ARTICLESET_DOCTYPE, PUBLIC_ID, SYSTEM_ID

_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
_ARTICLE_DOCTYPE = f'<!DOCTYPE article PUBLIC "{PUBLIC_ID}" "{SYSTEM_ID}">\n'


def write_ref_list(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write an ``<article>`` whose ``<back><ref-list>`` has one ``<ref>`` per record."""
    builder = Builder(context)
    title = str(context.options.get("title", "References") or "")
    stream.write(_DECLARATION + _ARTICLE_DOCTYPE)
    stream.write(
        '<article xmlns:xlink="http://www.w3.org/1999/xlink" dtd-version="1.2">\n'
        "  <front>\n    <article-meta/>\n  </front>\n  <back>\n    <ref-list>\n"
    )
    if title:
        stream.write(f"      <title>{_escape(builder.text(title))}</title>\n")
    use_lxml = context.options.get("serializer") == "lxml"
    for index, record in enumerate(records, start=1):
        node = ref_node(builder, record, index)
        stream.write(ref_text(builder, node, record, use_lxml))
    stream.write("    </ref-list>\n  </back>\n</article>\n")
    builder.report("fields with no place in a JATS reference list were not written (use -t jats-article)")


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
