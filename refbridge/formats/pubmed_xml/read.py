"""The PubMed XML reader: a stream of records from a PubmedArticleSet.

Parsing streams with lxml's pull parser (``etree.XMLPullParser``, the push form of
``iterparse``): each ``PubmedArticle``/``PubmedBookArticle`` is mapped when its end
tag arrives and cleared at once, with the siblings before it, so memory stays flat
on a 30,000-record baseline file. The parser never loads a DTD, never resolves an
entity and never uses the network; the DOCTYPE (and any internal subset, where XXE
and billion-laughs attacks live) is replaced before parsing, without moving a line.

A document that is not well formed loses only the article where the error is: the
reader reports it (RB991) and starts a new parser at the next article's start tag.
``DeleteCitation`` elements of update files are not records: their PMIDs are
reported once, at the end (RB994).
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from ...context import Context
from ...errors import ParseError
from ...model import Record
from .article import article_record
from .book import book_record

if TYPE_CHECKING:
    from lxml import etree  # type: ignore[import-untyped]

#: Characters of decoded text fed per chunk.
CHUNK = 64 * 1024
#: The root element must start within this many characters.
PROLOG_LIMIT = 1024 * 1024
#: An external identifier that is never fetched: with it, an undeclared entity
#: (``&nbsp;``) stays in the tree as an entity node instead of being a fatal error.
_DOCTYPE = '<!DOCTYPE PubmedArticleSet SYSTEM "refbridge-unused.dtd">'
_ROOT = re.compile(r"<(PubmedArticleSet|PubmedArticle|PubmedBookArticle)[\s>]")
_ARTICLE_START = re.compile(r"<(PubmedArticle|PubmedBookArticle|DeleteCitation|DeleteDocument)[\s>]")
_DECLARATION = re.compile(r"\s*<\?xml\s[^>]*\?>")
_WATCHED = ("PubmedArticle", "PubmedBookArticle", "DeleteCitation", "DeleteDocument")
#: How far back a start tag split between two chunks may begin.
_OVERLAP = 40


def _blank(text: str) -> str:
    """Only the newlines of ``text``: line numbers stay what they were."""
    return "\n" * text.count("\n")


class _Reader:
    """One pass over a document; ``offset`` is the absolute line before the parser's line 1."""

    def __init__(self, stream: IO[str], context: Context) -> None:
        self.stream = stream
        self.context = context
        self.offset = 0
        self.deleted: list[str] = []
        self.entities: dict[str, int] = {}
        self.entity_line: int | None = None
        self.damaged = False

    def read(self) -> str:
        """The next chunk of text; a damaged gzip stream ends the input with an error."""
        try:
            return self.stream.read(CHUNK)
        except (OSError, EOFError) as exc:
            self.damaged = True
            self.context.error(
                f"the compressed input is damaged or truncated ({exc}); reading stopped here",
                code="RB998",
            )
            return ""

    def head(self) -> str:
        """The start of the document, its prolog made safe; ParseError if it is not PubMed XML."""
        text = self.read()
        match = _ROOT.search(text)
        while match is None and len(text) < PROLOG_LIMIT:
            more = self.read()
            if not more:
                break
            text += more
            match = _ROOT.search(text)
        if match is None and self.damaged:
            raise ParseError(
                "the compressed input is damaged before its first article",
                file=self.context.filename,
                code="RB998",
            )
        if match is None:
            raise ParseError(
                "not PubMed XML: no <PubmedArticleSet>, <PubmedArticle> or <PubmedBookArticle> element",
                file=self.context.filename,
                line=1,
                code="RB990",
            )
        prolog = text[: match.start()]
        declaration = _DECLARATION.match(prolog)
        if declaration:
            # The text is already decoded; the parser is told it gets UTF-8, whatever was declared.
            prolog = _blank(declaration.group(0)) + prolog[declaration.end() :]
        doctype_at = prolog.find("<!DOCTYPE")
        if doctype_at >= 0:
            doctype = prolog[doctype_at:]
            if "[" in doctype:
                self.context.warning(
                    "the DOCTYPE's internal subset was ignored: refbridge never expands entities",
                    code="RB992",
                    line=prolog.count("\n", 0, doctype_at) + 1,
                )
            prolog = prolog[:doctype_at] + _DOCTYPE + _blank(doctype)
        else:
            prolog += _DOCTYPE
        return prolog + text[match.start() :]

    def handle(self, events: Iterable[tuple[str, etree._Element]]) -> Iterator[Record]:
        """Records of the elements that ended, each freed at once."""
        for _event, element in events:
            line = element.sourceline + self.offset if element.sourceline else None
            if element.tag in ("DeleteCitation", "DeleteDocument"):
                self.deleted.extend(pmid.text.strip() for pmid in element.iter("PMID") if pmid.text)
            else:
                self._resolve_entities(element)
                if element.tag == "PubmedArticle":
                    yield article_record(element, self.context, line)
                else:
                    yield book_record(element, self.context, line)
            _drop(element)

    def _resolve_entities(self, element: etree._Element) -> None:
        """Replace entity nodes (``&nbsp;``) by their HTML5 character, or remove them."""
        from lxml import etree

        parents: dict[int, etree._Element] = {}
        for node in element.iter(etree.Entity):
            parent = node.getparent()
            if parent is not None:
                parents.setdefault(id(parent), parent)
        for parent in parents.values():
            self._rebuild(parent, etree)

    def _rebuild(self, parent: etree._Element, etree: Any) -> None:
        """One pass over ``parent``'s children: each entity node becomes text of the node before
        it. (Removing them one by one and growing a string each time was quadratic: a fuzzed
        input of 250 KB of entity references took over 4 s.)"""
        head = [parent.text or ""]
        current = head
        kept: list[tuple[etree._Element, list[str]]] = []
        for child in parent:
            if isinstance(child, etree._Entity):
                char = html.entities.html5.get(f"{child.name};", "")
                if not char:
                    self.entities[child.name] = self.entities.get(child.name, 0) + 1
                    if self.entity_line is None:
                        self.entity_line = (child.sourceline or 0) + self.offset
                current += (char, child.tail or "")
            else:
                current = [child.tail or ""]
                kept.append((child, current))
        parent[:] = [child for child, _ in kept]
        parent.text = "".join(head) or None
        for child, tails in kept:
            child.tail = "".join(tails) or None

    def resync(self, exc: etree.XMLSyntaxError, chunk: str, chunk_line: int) -> str | None:
        """Report a syntax error; the text from the next article's start tag on, or None at the end."""
        line, column = getattr(exc, "position", (exc.lineno or 0, 0))
        absolute = self.offset + (line or 0)
        message = _message(exc)
        self.context.error(
            f"not well-formed XML ({message}); the article here was skipped", code="RB991", line=absolute
        )
        start = 0
        if absolute >= chunk_line:
            lines = chunk.split("\n")
            index = absolute - chunk_line
            if index < len(lines):
                in_line = lines[index].encode("utf-8")[: max(column - 1, 0)].decode("utf-8", "ignore")
                start = sum(len(part) + 1 for part in lines[:index]) + len(in_line)
            else:
                start = len(chunk)
        rest, rest_line = chunk[start:], chunk_line + chunk.count("\n", 0, start)
        while (found := _ARTICLE_START.search(rest)) is None:
            more = self.read()
            if not more:
                return None
            keep = rest[-_OVERLAP:]
            rest_line += rest.count("\n") - keep.count("\n")
            rest = keep + more
        rest_line += rest.count("\n", 0, found.start())
        self.offset = rest_line - 1
        return "<PubmedArticleSet>" + rest[found.start() :]

    def report(self) -> None:
        """The deletions of an update file and the entities that had no character."""
        if self.deleted:
            self.context.info(
                f"{len(self.deleted)} deletion(s) (DeleteCitation), not records: PMIDs "
                + ", ".join(self.deleted),
                code="RB994",
            )
        if self.entities:
            names = ", ".join(f"&{name};" for name in sorted(self.entities))
            self.context.warning(
                f"{sum(self.entities.values())} reference(s) to unknown entities removed: {names}",
                code="RB993",
                line=self.entity_line,
            )


def _message(exc: etree.XMLSyntaxError) -> str:
    """lxml's message without its own position (relative to a restarted parser, so misleading)."""
    message = str(getattr(exc, "msg", None) or exc)
    message = re.sub(r"\s*\(<string>, line \d+\)$", "", message)
    return re.sub(r",? line \d+, column \d+", "", message).strip()


def _drop(element: etree._Element) -> None:
    """Free a handled element and the siblings before it (already handled)."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _new_parser() -> etree.XMLPullParser:
    """A pull parser reporting the end of articles, with every risky feature off."""
    from lxml import etree

    return etree.XMLPullParser(
        events=("end",),
        tag=_WATCHED,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        encoding="utf-8",
    )


def read_pubmed_xml(stream: IO[str], context: Context) -> Iterator[Record]:
    """Yield the records of a PubmedArticleSet (see the module docstring)."""
    from lxml import etree

    reader = _Reader(stream, context)
    chunk: str | None = reader.head()
    chunk_line = 1
    parser = _new_parser()
    try:
        while chunk:
            try:
                parser.feed(chunk.encode("utf-8", "replace"))
                failure = None
            except etree.XMLSyntaxError as exc:
                failure = exc
            # Articles completed before a syntax error in the same chunk are still delivered.
            yield from reader.handle(parser.read_events())
            if failure is not None:
                chunk = reader.resync(failure, chunk, chunk_line)
                if chunk is None:
                    return
                chunk_line = reader.offset + 1
                parser = _new_parser()
                continue
            chunk_line += chunk.count("\n")
            chunk = reader.read()
        try:
            parser.close()
        except etree.XMLSyntaxError as exc:
            # The elements lxml closes for an unfinished document are not articles: no events read.
            message = _message(exc)
            context.error(
                f"the document ends early ({message}); the last article was skipped",
                code="RB991",
                line=chunk_line,
            )
            return
        yield from reader.handle(parser.read_events())
    finally:
        reader.report()
