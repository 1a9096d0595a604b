"""Read EndNote XML (``<xml><records><record>``), one record at a time.

The decoded text is fed in chunks to an lxml pull parser that never loads a DTD,
never resolves an entity and never uses the network; each ``<record>`` is mapped
as soon as it ends and then removed from the tree, so memory stays flat. EndNote
files have no DOCTYPE: one that is present is blanked out before parsing (keeping
line numbers), and a placeholder external identifier that is never fetched takes
its place, so that XXE, billion-laughs and remote-DTD documents are read without
disclosure, blow-up or network access, and an undeclared ``&nbsp;`` becomes its
character instead of a fatal error.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

from refbridge.context import Context
from refbridge.errors import ParseError
from refbridge.model import Record

from .fields import Fields
from .mapping_read import MULTILINE, to_record
from .styled import plain_of_markup, runs_of, to_markup

if TYPE_CHECKING:
    from lxml import etree  # type: ignore[import-untyped]

CHUNK = 64 * 1024
#: The prolog (declaration, comments, DOCTYPE) may not be longer than this.
PROLOG_LIMIT = 1024 * 1024
_PLACEHOLDER = '<!DOCTYPE xml SYSTEM "refbridge-unused.dtd">'
_DECLARATION = re.compile(r"\s*<\?xml\s[^>]*\?>")
_WS = re.compile(r"\s+")
_FIRST_ELEMENT = re.compile(r"<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^>]*>|<([A-Za-z_][\w.:-]*)", re.DOTALL)
#: Containers whose children are fields of their own (``titles/title`` is ``title``).
_FLAT = frozenset({"titles", "periodical"})
#: Record children that describe the exporting library, not the work (the writer numbers
#: its records itself).
_SKIPPED = frozenset({"database", "source-app", "foreign-keys", "rec-number"})


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _doctype_end(text: str, start: int) -> int | None:
    """Index past the ``>`` that closes the DOCTYPE at ``start`` (internal subset and
    quotes skipped), or None when it does not end within ``text``."""
    depth = 0
    quote = ""
    for i in range(start + 9, len(text)):
        char = text[i]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        elif char == ">" and depth == 0:
            return i + 1
    return None


def read_prolog(stream: IO[str], context: Context) -> str:
    """The start of the document with its declaration and DOCTYPE blanked and the
    placeholder DOCTYPE inserted; reports a DOCTYPE that was removed."""
    text = stream.read(CHUNK)
    while True:
        declaration = _DECLARATION.match(text)
        start = declaration.end() if declaration else 0
        found = text.find("<!DOCTYPE", start)
        first_element = re.search(r"<[A-Za-z_]", text[start:])
        if found < 0 or (first_element is not None and start + first_element.start() < found):
            break
        end = _doctype_end(text, found)
        if end is not None:
            context.warning(
                "the DOCTYPE (and any entities it declares) is ignored: EndNote XML has none",
                code="RB973",
                line=text.count("\n", 0, found) + 1,
            )
            text = text[:found] + _blank(text[found:end]) + text[end:]
            break
        more = stream.read(CHUNK)
        if not more or len(text) > PROLOG_LIMIT:
            raise ParseError(
                "the document's DOCTYPE does not end", file=context.filename, line=1, code="RB970"
            )
        text += more
    declaration = _DECLARATION.match(text)
    if declaration:
        text = _blank(declaration.group(0)) + text[declaration.end() :]
    return _PLACEHOLDER + text


def root_name(text: str) -> str | None:
    """The name of the first element in ``text`` (comments and processing instructions
    skipped), or None when there is none."""
    for match in _FIRST_ELEMENT.finditer(text):
        if match.group(1):
            return match.group(1)
    return None


def read_endnote_xml(stream: IO[str], context: Context) -> Iterator[Record]:
    """Yield the records of an EndNote XML document as they are parsed."""
    from lxml import etree

    # Only the end of each <record> reaches Python: an event per element costs a third of
    # the reading time.
    parser = etree.XMLPullParser(
        events=("end",),
        tag="record",
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        encoding="utf-8",
    )
    count = 0
    chunk = read_prolog(stream, context)
    root = root_name(chunk)
    if root is not None and root not in {"xml", "records"}:
        line = chunk.count("\n", 0, chunk.find(f"<{root}")) + 1
        raise ParseError(
            f"not EndNote XML: the root element is <{root}>, not <xml><records>",
            file=context.filename,
            line=line,
            code="RB970",
        )
    while True:
        failure: Exception | None = None
        try:
            if chunk:
                parser.feed(chunk.encode("utf-8", "replace"))
            else:
                tree = parser.close()
                root = root or (tree.tag if tree is not None else None)
        except etree.XMLSyntaxError as exc:
            failure = exc
        for _event, element in parser.read_events():
            count += 1
            yield to_record(collect(element, context), context)
            parent = element.getparent()
            element.clear()
            if parent is not None:
                parent.remove(element)
        if failure is not None:
            _syntax_error(failure, context, count)
            return
        if not chunk:
            break
        chunk = stream.read(CHUNK)
    if root is None:
        raise ParseError("not EndNote XML: no element at all", file=context.filename, line=1, code="RB970")


def _syntax_error(exc: Exception, context: Context, count: int) -> None:
    message = str(getattr(exc, "msg", None) or exc)[:200]
    line = getattr(exc, "lineno", None) or None
    if count == 0:
        raise ParseError(f"not well-formed XML: {message}", file=context.filename, line=line, code="RB970")
    context.error(
        f"not well-formed XML after {count} records: {message}; the rest is not read", code="RB971", line=line
    )


def collect(record: etree._Element, context: Context) -> Fields:
    """The generic fields of one ``<record>`` element."""
    fields = Fields(line=record.sourceline)
    _resolve_entities(record, context)
    for child in record:
        if not isinstance(child.tag, str) or child.tag in _SKIPPED:
            continue
        tag = child.tag
        if tag == "ref-type":
            fields.ref_type = child.get("name")
            fields.ref_number = (child.text or "").strip()
        elif tag == "contributors":
            for group in child:
                for author in group if isinstance(group.tag, str) else ():
                    _add(fields, str(group.tag), author)
        elif tag in _FLAT:
            for sub in child:
                if isinstance(sub.tag, str):
                    _add(fields, sub.tag, sub)
        elif tag == "alt-periodical":
            for sub in child:
                if isinstance(sub.tag, str):
                    _add(fields, f"alt-periodical/{sub.tag}", sub)
        elif tag == "keywords":
            for keyword in child:
                _add(fields, "keywords", keyword)
        elif tag == "dates":
            _dates(fields, child)
        elif tag == "urls":
            for group in child:
                name = {"related-urls": "url"}.get(str(group.tag), str(group.tag))
                for url in group if isinstance(group.tag, str) else ():
                    _add(fields, name, url)
        elif len(child) and all(isinstance(c.tag, str) and c.tag != "style" for c in child):
            for sub in child:  # an unknown container: keep its leaves under its name
                _add(fields, f"{tag}/{sub.tag}", sub)
        else:
            _add(fields, tag, child)
    return fields


def _dates(fields: Fields, dates: etree._Element) -> None:
    for child in dates:
        if child.tag == "year":
            _add(fields, "year", child)
        elif child.tag == "pub-dates":
            for date in child:
                _add(fields, "date", date)
        elif child.tag == "copyright-dates":
            for date in child:
                _add(fields, "copyright-date", date)


def _add(fields: Fields, name: str, element: etree._Element) -> None:
    runs = runs_of(element)
    raw = "".join(text for _, text in runs)
    multiline = name in MULTILINE or name == "keywords"  # EndNote separates keywords by line breaks too
    plain = _clean(raw, multiline)
    if not plain:
        return
    fields.add(name, plain)
    markup = to_markup(runs)
    if markup is not None:
        markup = _clean(markup, multiline)
        if plain_of_markup(markup) == plain and name not in fields.markup:
            fields.markup[name] = markup


def _clean(text: str, multiline: bool) -> str:
    """Collapse XML whitespace; in running text (abstracts, notes) keep EndNote's line
    breaks (``&#xD;``) as newlines."""
    if not multiline:
        # Pretty-printed files break and indent values; a value on one line keeps its spaces.
        return _WS.sub(" ", text).strip() if any(c in text for c in "\n\r\t") else text.strip()
    lines = [
        _WS.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    joined = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", joined)


def _resolve_entities(element: etree._Element, context: Context) -> None:
    """Replace entity nodes (undeclared ``&nbsp;``, entities of an ignored DOCTYPE) by
    their HTML character, or remove them (one warning per record)."""
    from lxml import etree

    parents = {id(node.getparent()): node.getparent() for node in element.iter(etree.Entity)}
    removed: list[tuple[str, int | None]] = []
    for parent in parents.values():
        if parent is None:
            continue
        kept: list[etree._Element] = []
        pieces = [parent.text or ""]
        for child in parent:
            if isinstance(child, etree._Entity):
                char = html.entities.html5.get(f"{child.name};", "")
                if not char:
                    removed.append((child.name, child.sourceline))
                tail = child.tail or ""
                if not char and "".join(pieces[-2:])[-1:].isspace():
                    tail = tail.lstrip()  # "x &gone; y" reads "x y"
                pieces += [char, tail]
            else:
                _flush(parent, kept, pieces)
                kept.append(child)
                pieces = [child.tail or ""]
        _flush(parent, kept, pieces)
        tails = [child.tail for child in kept]
        parent[:] = kept  # one rebuild: removing entity nodes one by one is quadratic
        for child, tail in zip(kept, tails, strict=True):
            child.tail = tail
    if removed:
        names = ", ".join(sorted({f"&{name};" for name, _ in removed}))
        context.warning(
            f"{len(removed)} entity references with no character removed ({names[:100]}); no DTD is read",
            code="RB973",
            line=removed[0][1],
        )


def _flush(parent: etree._Element, kept: list[etree._Element], pieces: list[str]) -> None:
    """Put the text gathered since the last kept child where it belongs."""
    text = "".join(pieces) or None
    if kept:
        kept[-1].tail = text
    else:
        parent.text = text
