"""Safe, streaming XML input for the JATS reader.

The decoded text stream is re-encoded to UTF-8 chunk by chunk and fed to an
``lxml`` pull parser that never loads a DTD, never resolves an entity and never
touches the network. Before feeding, the prolog is rewritten so that hostile
documents are read rather than refused, without changing any line number:

- the XML declaration is blanked out (the parser is told the bytes are UTF-8,
  whatever the declaration said: the core has already decoded the input);
- a DOCTYPE's internal subset (where XXE, billion-laughs and parameter-entity
  attacks live) is dropped, and the DOCTYPE keeps or gains an external identifier
  that is never fetched, so references to undeclared entities (``&nbsp;`` from
  the JATS DTD) stay in the tree as entity nodes instead of being fatal errors;
- entity nodes are later replaced by the HTML5 character of the same name, or
  removed and reported.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from refbridge.errors import ParseError

if TYPE_CHECKING:
    from lxml import etree  # type: ignore[import-untyped]

#: Characters of decoded text read per chunk.
CHUNK = 64 * 1024
#: The prolog (declaration, comments, DOCTYPE) may not be longer than this.
PROLOG_LIMIT = 1024 * 1024
#: The external identifier given to a DOCTYPE that had none; never fetched.
PLACEHOLDER_SYSTEM_ID = "refbridge-unused.dtd"

_DOCTYPE_HEAD = re.compile(
    r"<!DOCTYPE\s+(?P<name>[^\s\[>]+)"
    r"(?:\s+PUBLIC\s*(?P<pub>\"[^\"]*\"|'[^']*')(?:\s*(?P<sys1>\"[^\"]*\"|'[^']*'))?"
    r"|\s+SYSTEM\s*(?P<sys2>\"[^\"]*\"|'[^']*'))?\s*$",
    re.DOTALL,
)
_WS = re.compile(r"[ \t\r\n]+")


@dataclass
class Prolog:
    """What the document's prolog declared (for diagnostics)."""

    doctype: str | None = None
    public_id: str | None = None
    system_id: str | None = None
    internal_subset: str | None = None
    line: int = 1
    #: True when the input holds no element at all (empty, blank, only a prolog).
    empty: bool = False


@dataclass
class EntityReport:
    """Entity references met in the document: replaced by a character, or removed."""

    replaced: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    first_line: int | None = None


def _blank(text: str) -> str:
    """Spaces for every character but newlines, so line numbers are kept."""
    return re.sub(r"[^\n]", " ", text)


def _scan_doctype(text: str, start: int) -> int | None:
    """Index just past the ``>`` closing the DOCTYPE at ``start``, or None if not in ``text``."""
    i = start + len("<!DOCTYPE")
    in_subset = False
    quote = ""
    n = len(text)
    while i < n:
        char = text[i]
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif in_subset and text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            if end < 0:
                return None
            i = end + 3
            continue
        elif char == "[" and not in_subset:
            in_subset = True
        elif char == "]" and in_subset:
            in_subset = False
        elif char == ">" and not in_subset:
            return i + 1
        i += 1
    return None


def _rewrite_doctype(decl: str, prolog: Prolog) -> str:
    """A DOCTYPE without internal subset, padded with the newlines it replaces."""
    bracket = decl.find("[")
    subset_at = bracket if bracket >= 0 and _DOCTYPE_HEAD.match(decl[:bracket]) else -1
    head = decl[:subset_at] if subset_at >= 0 else decl[:-1]
    match = _DOCTYPE_HEAD.match(head)
    if subset_at >= 0:
        prolog.internal_subset = decl[subset_at + 1 : decl.rfind("]")]
    if match is None:
        prolog.doctype = "?"
        external = f'SYSTEM "{PLACEHOLDER_SYSTEM_ID}"'
        name = "article"
    else:
        name = match.group("name")
        prolog.doctype = name
        pub = match.group("pub")
        sys_id = match.group("sys1") or match.group("sys2")
        prolog.public_id = pub[1:-1] if pub else None
        prolog.system_id = sys_id[1:-1] if sys_id else None
        if pub and sys_id:
            external = f"PUBLIC {pub} {sys_id}"
        elif sys_id:
            external = f"SYSTEM {sys_id}"
        else:
            external = f'SYSTEM "{PLACEHOLDER_SYSTEM_ID}"'
    replacement = f"<!DOCTYPE {name} {external}>"
    return replacement + "\n" * (decl.count("\n") - replacement.count("\n"))


def read_prolog(stream: IO[str], filename: str | None) -> tuple[str, Prolog]:
    """Read the start of the document up to its root element and return it rewritten.

    Raises ParseError when the prolog does not end within ``PROLOG_LIMIT`` characters.
    """
    text = stream.read(CHUNK)
    prolog = Prolog()
    out: list[str] = []
    pos = 0
    declaration = re.match(r"\s*<\?xml\s[^>]*\?>", text)
    if declaration:
        out.append(_blank(declaration.group(0)))
        pos = declaration.end()
    saw_doctype = False
    while True:
        skipped = len(text) - len(text[pos:].lstrip())
        out.append(text[pos:skipped])
        pos = skipped
        rest = text[pos:]
        end: int | None
        if rest.startswith("<!--") or rest.startswith("<?"):
            closer = "-->" if rest.startswith("<!--") else "?>"
            found = text.find(closer, pos + 2)
            end = found + len(closer) if found >= 0 else None
        elif rest.startswith("<!DOCTYPE"):
            end = _scan_doctype(text, pos)
        elif not rest:
            more = stream.read(CHUNK)
            if not more:
                prolog.empty = True
                break
            text += more
            continue
        else:
            break
        if end is None:
            more = stream.read(CHUNK)
            if not more or len(text) > PROLOG_LIMIT:
                if not more:
                    break
                raise ParseError(
                    "the document's prolog (DOCTYPE) is too long", file=filename, line=1, code="RB400"
                )
            text += more
            continue
        piece = text[pos:end]
        if piece.startswith("<!DOCTYPE"):
            saw_doctype = True
            prolog.line = text.count("\n", 0, pos) + 1
            piece = _rewrite_doctype(piece, prolog)
        out.append(piece)
        pos = end
    if not saw_doctype:
        # Without an external identifier an undeclared entity would be a fatal error.
        out.append(f'<!DOCTYPE article SYSTEM "{PLACEHOLDER_SYSTEM_ID}">')
    out.append(text[pos:])
    return "".join(out), prolog


def new_parser(tags: tuple[str, ...]) -> etree.XMLPullParser:
    """A pull parser reporting the end of ``tags``, with every risky feature off."""
    from lxml import etree

    return etree.XMLPullParser(
        events=("end",),
        tag=tags,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        encoding="utf-8",
    )


def chunks(stream: IO[str], head: str) -> Iterator[bytes]:
    """The rewritten head, then the rest of the stream, as UTF-8 bytes."""
    yield head.encode("utf-8", "replace")
    while True:
        text = stream.read(CHUNK)
        if not text:
            return
        yield text.encode("utf-8", "replace")


def syntax_error(exc: Exception, filename: str | None) -> ParseError:
    """A ParseError for an lxml syntax error, with its line."""
    message = str(getattr(exc, "msg", None) or exc)
    message = re.sub(r"(?<!\s)\s*\(<string>, line \d+\)$", "", message).strip()
    line = getattr(exc, "lineno", None)
    return ParseError(f"not well-formed XML: {message}", file=filename, line=line or None, code="RB400")


def resolve_entity_nodes(element: etree._Element, report: EntityReport) -> None:
    """Replace entity-reference nodes under ``element`` by their HTML5 character or nothing."""
    from lxml import etree

    for node in list(element.iter(etree.Entity)):
        name = node.name
        char = html.entities.html5.get(f"{name};", "")
        bucket = report.replaced if char else report.removed
        bucket[name] = bucket.get(name, 0) + 1
        if report.first_line is None:
            report.first_line = node.sourceline
        parent = node.getparent()
        if parent is None:
            continue
        text = char + (node.tail or "")
        node.tail = None
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
        parent.remove(node)


def text_of(element: etree._Element | None) -> str:
    """The element's text with inline markup dropped and XML whitespace collapsed."""
    if element is None:
        return ""
    raw: str = (element.text or "") if len(element) == 0 else "".join(element.itertext())
    return collapse(raw)


def collapse(text: str) -> str:
    """Collapse XML whitespace runs to one space and strip."""
    if "\n" in text or "  " in text or "\t" in text or "\r" in text:
        return _WS.sub(" ", text).strip()
    return text.strip(" ")
