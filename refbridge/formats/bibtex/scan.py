"""Streaming split of a .bib file into entries (each parsed by ``bibtex_parse``).

``read_items`` reads the stream line by line and cuts it into chunks at lines
that start with ``@`` (after optional blanks); a chunk holds one entry and the
text after it, so memory stays flat whatever the file size. Each chunk is then
parsed: the entry's key and ``name = value # value`` fields (``@string`` macros
expanded, month macros predefined), where its closing delimiter is, and what
text follows (checked for lost fields, and for further entries that do not start
a line). Braces are counted as BibTeX counts them: a backslash does not escape one.

Cutting at ``@`` lines is also the error recovery: an entry whose closing brace
is missing ends at the next entry, so one unbalanced brace costs one entry, not
the rest of the file. Every syntax problem is reported with its line while every
field that could be read is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from refbridge.formats.bibtex.braces import closing
from refbridge.formats.bibtex.parse import LineCounter, Parser, Problem

_HEADER = re.compile(r"@[ \t]*([A-Za-z][\w:.+-]*)\s*")
_STRAY_FIELD = re.compile(r"^[ \t]*(?:[A-Za-z][\w-]*[ \t]*=[ \t]*[{\"\d]|\}[ \t]*,?[ \t]*$)", re.MULTILINE)

#: The month macros every BibTeX style defines.
MONTH_MACROS: dict[str, str] = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}


@dataclass(slots=True)
class Entry:
    """A parsed ``@type{key, ...}`` entry: key and raw fields (name lowercased,
    value whitespace-normalised, position in ``text``).

    ``complete`` is False when its closing delimiter never came (it was cut at
    the next entry or at the end of the file).
    """

    type: str
    key: str | None
    line: int
    text: str
    first_line: int
    fields: list[tuple[str, str, int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    complete: bool = True
    #: Where the entry starts (its ``@``) and ends (after its closing delimiter) in
    #: ``text``, and the (name start, value start, value end) of each field as written.
    start: int = 0
    end: int = 0
    spans: list[tuple[int, int, int]] = field(default_factory=list)

    def line_of(self, pos: int) -> int:
        """The file line of a position in the entry's text (-1: the entry's first line)."""
        return self.line if pos < 0 else self.first_line + self.text.count("\n", 0, pos)


@dataclass(slots=True)
class Other:
    """Anything but an entry: ``@string`` (defined in the macros as it is read),
    ``@preamble``, an ``@word`` with no ``{``, text that looks like a lost field
    (``stray``), and all the text between two entries as written (``text``)."""

    kind: str
    type: str
    line: int
    text: str = ""
    problems: list[Problem] = field(default_factory=list)


def read_items(stream: IO[str], macros: dict[str, str], first_line: int = 1) -> Iterator[Entry | Other]:
    """Yield the entries of a .bib stream, and the other things found on the way.

    ``first_line`` is the file line of the stream's first line (a chunk of a file).
    """
    parts: list[str] = []
    for lineno, line in enumerate(stream, first_line):
        starts = line[:1] == "@" or (line[:1] in (" ", "\t") and line.lstrip(" \t")[:1] == "@")
        if starts or not parts:
            if parts:
                yield from _chunk_items("".join(parts), first_line, macros)
            parts, first_line = [line], lineno
        else:
            parts.append(line)
    if parts:
        yield from _chunk_items("".join(parts), first_line, macros)


def define_macros(text: str, first_line: int, macros: dict[str, str]) -> None:
    """Read the ``@string`` definitions of one group of lines into ``macros``
    (problems are left to the reader of the group)."""
    for _item in _chunk_items(text, first_line, macros):
        pass


def _chunk_items(text: str, first_line: int, macros: dict[str, str]) -> Iterator[Entry | Other]:
    """The items in one chunk (normally one entry and the blank lines after it).

    The text between entries (comments, ``@string``, ``@preamble``, ``@comment``)
    is also yielded as it is written (``Other("text")``), so that a writer can put
    it back.
    """
    pos = gap = 0
    lines = LineCounter(text, first_line)
    while True:
        at = text.find("@", pos)
        yield from _strays(text, pos, len(text) if at < 0 else at, lines)
        if at < 0:
            if text[gap:].strip():
                yield Other("text", "", lines(gap), text[gap:])
            return
        header = _HEADER.match(text, at)
        if header is None:
            pos = at + 1
            continue
        entry_type, kind = header.group(1), header.group(1).lower()
        line = lines(at)
        opener = text[header.end() : header.end() + 1]
        if opener not in ("{", "("):
            if kind != "comment":
                yield Other("noheader", entry_type, line)
            pos = header.end()
            continue
        closer = "}" if opener == "{" else ")"
        parser = Parser(text, first_line, header.end() + 1, closer, macros, lines=lines)
        if kind == "comment":
            close = closing(text, parser.pos, len(text), opener)
            pos = len(text) if close < 0 else close + 1
            continue
        if kind == "string":
            parser.string_body()
            yield Other("string", entry_type, line, problems=parser.problems)
        elif kind == "preamble":
            value = parser.value()
            parser.close()
            yield Other("preamble", entry_type, line, value or "", parser.problems)
        else:
            if text[gap:at].strip():
                yield Other("text", "", lines(gap), text[gap:at])
            key = parser.key()
            fields = parser.fields()
            yield Entry(
                entry_type,
                key,
                line,
                text,
                first_line,
                fields,
                parser.problems,
                parser.closed,
                at,
                parser.pos,
                parser.spans,
            )
            gap = parser.pos
        pos = parser.pos


def _strays(text: str, start: int, end: int, lines: LineCounter) -> Iterator[Other]:
    """Text between entries that looks like a lost field or closing brace."""
    if end - start < 2:
        return
    for match in _STRAY_FIELD.finditer(text, start, end):
        if match.start() == 0 or text[match.start() - 1] == "\n":
            line_end = text.find("\n", match.start(), end)
            shown = text[match.start() : end if line_end < 0 else line_end].strip()
            yield Other("stray", "", lines(match.start()), shown)
