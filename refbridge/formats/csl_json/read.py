"""Read CSL-JSON item by item.

A top-level array is cut into its elements by a small incremental splitter over
``json.JSONDecoder.raw_decode``: the stream is read in blocks, each element is decoded
as soon as it is complete and the text before it is dropped, so memory holds one item
(and one block), not the file. The standard library's C decoder does the parsing, so
no dependency is added (``ijson`` would need its C backend to be as fast, and gives no
line numbers for diagnostics). A single top-level object is one item.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

from ...context import Context
from ...errors import ParseError
from ...model import Record, SourceLocation
from .item import item_to_record

_BLOCK = 1 << 16
#: An element longer than this that still does not decode is a syntax error, not a
#: partly read item: the reader stops reading more for it.
_MAX_ITEM = 1 << 24
_WS = re.compile(r"[ \t\r\n]*")
_NEXT_ITEM = re.compile(r"\}\s*,\s*(?=\{)")
_DECODER = json.JSONDecoder()


class _Buffer:
    """The unread part of the stream, with the line number of its start."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.text = ""
        self.pos = 0
        self.eof = False
        # Line counting is incremental: (position in ``text``, its line number).
        self.mark = 0
        self.mark_line = 1

    def more(self, size: int = _BLOCK) -> bool:
        """Read another block (dropping consumed text); False at the end of the stream."""
        if self.eof:
            return False
        block = self.stream.read(size)
        if not block:
            self.eof = True
            return False
        self.drop()
        self.text += block
        return True

    def drop(self) -> None:
        """Forget the text before ``pos``, keeping the line count."""
        if self.pos:
            self.mark_line = self.line_at(self.pos)
            self.mark = 0
            self.text = self.text[self.pos :]
            self.pos = 0

    def skip_ws(self) -> str:
        """Skip whitespace; return the next character ("" at the end)."""
        while True:
            self.pos = _WS.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text) or not self.more():
                return self.text[self.pos : self.pos + 1]

    @property
    def line(self) -> int:
        """Line number of the current position."""
        return self.line_at(self.pos)

    def line_at(self, pos: int) -> int:
        """Line number of a position in the buffer (positions only move forward)."""
        if pos >= self.mark:
            self.mark_line += self.text.count("\n", self.mark, pos)
        else:
            self.mark_line -= self.text.count("\n", pos, self.mark)
        self.mark = pos
        return self.mark_line

    def decode(self) -> tuple[Any, None] | tuple[None, ValueError | RecursionError]:
        """Decode the JSON value at ``pos``, reading more until it is complete."""
        size = _BLOCK
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except (ValueError, RecursionError) as exc:  # JSONDecodeError, and a 5,000-digit number
                if not _cut_short(exc, len(self.text)) or len(self.text) - self.pos > _MAX_ITEM:
                    return None, exc
                if not self.more(size):
                    return None, exc
                size = min(size * 2, _MAX_ITEM)  # doubling keeps a large item linear
                continue
            self.pos = end
            return value, None

    def resync(self) -> bool:
        """After a syntax error, move to the next ``}, {`` boundary; False if there is none."""
        while True:
            match = _NEXT_ITEM.search(self.text, self.pos + 1)
            if match is not None:
                self.pos = match.end()
                # json's error message counts lines from the start of the text it was given:
                # the next broken item must not count through the whole block again.
                self.drop()
                return True
            if not self.more():
                self.pos = len(self.text)
                return False


def _cut_short(problem: ValueError | RecursionError, length: int) -> bool:
    """True when decoding failed because the buffer ends inside the value (read more),
    not because the value is broken: the error is at the very end (a number, ``nul``, an
    escape cut there), or a string runs to the end."""
    if not isinstance(problem, json.JSONDecodeError):
        return False
    return problem.pos >= length - 8 or problem.msg.startswith("Unterminated string")


def read_csl_json(stream: IO[str], context: Context) -> Iterator[Record]:
    """Yield one record per CSL item of a top-level array (or of a single object)."""
    buffer = _Buffer(stream)
    first = buffer.skip_ws().lstrip("\ufeff")
    if first == "" and buffer.text.strip("\ufeff \t\r\n") == "":
        return
    if buffer.text[buffer.pos] == "\ufeff":
        buffer.pos += 1
        first = buffer.skip_ws()
    if first == "{":
        yield from _single(buffer, context)
        return
    if first != "[":
        raise ParseError(
            "not CSL-JSON: expected a JSON array of items or one item object",
            file=context.filename,
            line=buffer.line_at(buffer.pos),
            code="RB940",
        )
    buffer.pos += 1
    index = 0
    after_item = False  # a ',' is due before the next item
    while True:
        char = buffer.skip_ws()
        if char == "]":
            buffer.pos += 1
            _trailing(buffer, context)
            return
        if char == "":
            context.error("the array is not closed (a truncated file?)", code="RB941", line=buffer.line)
            return
        if after_item and char == ",":
            buffer.pos += 1
            char = buffer.skip_ws()
        elif after_item:
            context.error("missing ',' between items", code="RB941", line=buffer.line_at(buffer.pos))
        line = buffer.line_at(buffer.pos)
        start = buffer.pos
        value, problem = buffer.decode()
        index += 1
        after_item = problem is None
        if problem is not None:
            message = _message(problem)
            buffer.pos = start
            found = buffer.resync()
            where = "the rest of the file is" if not found else "the text up to the next item is"
            context.error(f"item {index}: invalid JSON ({message}); {where} skipped", code="RB941", line=line)
            if not found:
                return
            continue
        record = _record(value, index, line, context)
        if record is not None:
            yield record


def _single(buffer: _Buffer, context: Context) -> Iterator[Record]:
    value, problem = buffer.decode()
    if problem is not None:
        message = _message(problem)
        raise ParseError(f"invalid JSON: {message}", file=context.filename, line=1, code="RB940")
    _trailing(buffer, context)
    record = _record(value, 1, 1, context)
    if record is not None:
        yield record


def _message(problem: ValueError | RecursionError) -> str:
    if isinstance(problem, json.JSONDecodeError):
        return problem.msg
    return "nested too deeply" if isinstance(problem, RecursionError) else str(problem).split(";")[0]


def _trailing(buffer: _Buffer, context: Context) -> None:
    if buffer.skip_ws():
        context.warning(
            "text after the top-level JSON value is ignored", code="RB951", line=buffer.line_at(buffer.pos)
        )


def _record(value: Any, index: int, line: int, context: Context) -> Record | None:
    if not isinstance(value, dict):
        context.error(
            f"item {index} is not an object but {type(value).__name__}; skipped", code="RB942", line=line
        )
        return None
    key = value.get("citation-key") or value.get("id")
    key = key if isinstance(key, (str, int)) else None

    def report(severity: str, message: str, code: str) -> None:
        context.report(severity, message, code=code, line=line, key=None if key is None else str(key))  # type: ignore[arg-type]

    return item_to_record(value, SourceLocation(context.filename, line), report)
