"""The JATS reader: a stream of records from a JATS article, article set or reference list.

For each ``<article>`` (one, or several in a ``<pmc-articleset>``) the reader
yields the article's own record (from its front matter) and then one record per
``<ref>``. Option ``select``: ``all`` (default), ``article`` (front matter only)
or ``references`` (references only). Parsing streams: each ``<ref>`` is read
when its end tag arrives and cleared at once, and article bodies are dropped as
soon as they end, so memory stays flat however long the input.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING

from refbridge.context import Context
from refbridge.errors import ParseError
from refbridge.formats.jats.cite_read import ref_records
from refbridge.formats.jats.front_read import article_record
from refbridge.formats.jats.xmlin import (
    EntityReport,
    Prolog,
    chunks,
    new_parser,
    read_prolog,
    resolve_entity_nodes,
    syntax_error,
)
from refbridge.model import Record

if TYPE_CHECKING:
    from lxml import etree  # type: ignore[import-untyped]

#: Elements whose end the reader acts on.
_WATCHED = ("ref", "front", "body", "back", "floats-group", "sub-article", "response", "article")
#: Root elements of documents this reader understands even when they hold no reference.
_JATS_ROOTS = frozenset({"article", "pmc-articleset", "ref-list", "back", "ref"})
SELECT_CHOICES = ("all", "article", "references")


class _Reader:
    def __init__(self, context: Context) -> None:
        self.context = context
        select = context.option("select")
        self.want_article = select in ("all", "article")
        self.want_refs = select in ("all", "references")
        self.entities = EntityReport()
        self.seen = 0

    def handle(self, events: Iterable[tuple[str, etree._Element]]) -> Iterator[Record]:
        for _event, element in events:
            tag = element.tag
            if tag == "ref":
                self.seen += 1
                if self.want_refs:
                    resolve_entity_nodes(element, self.entities)
                    yield from ref_records(element, self.context)
                _drop(element, siblings=True)
            elif tag == "front":
                parent = element.getparent()
                if parent is not None and parent.tag == "article":
                    self.seen += 1
                    if self.want_article:
                        resolve_entity_nodes(element, self.entities)
                        record = article_record(parent, element, self.context)
                        if record is not None:
                            yield record
                _drop(element, siblings=False)
            else:
                _drop(element, siblings=tag == "article")

    def report_prolog(self, prolog: Prolog) -> None:
        where = {"line": prolog.line}
        subset = prolog.internal_subset
        if subset is not None and subset.strip():
            kinds = []
            if "<!ENTITY" in subset:
                kinds.append("parameter entity" if "<!ENTITY %" in subset else "entity")
            if "SYSTEM" in subset or "PUBLIC" in subset:
                kinds.append("external reference")
            what = " and ".join(kinds) if kinds else "declarations"
            self.context.warning(
                f"the DOCTYPE's internal subset ({what}) was ignored: refbridge never expands entities",
                code="RB402",
                **where,
            )
        if prolog.system_id and "://" in prolog.system_id:
            self.context.info(
                f"the DTD {prolog.system_id} was not loaded (refbridge never loads DTDs or uses the network)",
                code="RB403",
                **where,
            )

    def report_entities(self) -> None:
        report = self.entities
        if report.removed:
            names = ", ".join(f"&{n};" for n in sorted(report.removed))
            total = sum(report.removed.values())
            self.context.warning(
                f"{total} reference(s) to undeclared entities removed: {names}",
                code="RB404",
                line=report.first_line,
            )
        if report.replaced:
            names = ", ".join(f"&{n};" for n in sorted(report.replaced))
            self.context.info(
                f"entity references replaced by their HTML5 characters: {names}",
                code="RB404",
                line=report.first_line,
            )


def _drop(element: etree._Element, *, siblings: bool) -> None:
    """Free a handled element (and the already handled siblings before it)."""
    element.clear(keep_tail=True)
    if siblings:
        parent = element.getparent()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]


def read_jats(stream: IO[str], context: Context) -> Iterator[Record]:
    """Yield the records of a JATS document (see the module docstring)."""
    from lxml import etree

    reader = _Reader(context)
    head, prolog = read_prolog(stream, context.filename)
    if prolog.empty:
        raise ParseError(
            "the input has no XML element: not a JATS document", file=context.filename, code="RB401"
        )
    reader.report_prolog(prolog)
    parser = new_parser(_WATCHED)
    failure: Exception | None = None
    try:
        for data in chunks(stream, head):
            try:
                parser.feed(data)
            except etree.XMLSyntaxError as exc:
                failure = exc
            # Records completed before a syntax error in the same chunk are still delivered.
            yield from reader.handle(parser.read_events())
            if failure is not None:
                raise syntax_error(failure, context.filename)
        try:
            root = parser.close()
        except etree.XMLSyntaxError as exc:
            failure = exc
        yield from reader.handle(parser.read_events())
        if failure is not None:
            raise syntax_error(failure, context.filename)
    finally:
        reader.report_entities()
    if reader.seen == 0 and root.tag not in _JATS_ROOTS:
        raise ParseError(
            f"not a JATS document: the root element is <{root.tag}>",
            file=context.filename,
            line=root.sourceline,
            code="RB401",
        )
