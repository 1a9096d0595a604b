"""Reading one large WPRIM text in chunks, in worker processes (``--jobs``).

The text is cut before a line that certainly starts a record whatever came before
it: a numbered title (``12.Title``) that does not itself look like a source line,
followed by an author line with a name in capitals and then a source line. The
serial reader starts a record there in every state, and the few lines its
lookahead reads across the cut decide nothing differently (they are a title and
an author line, which no earlier line is continued by). The first such line is
never a cut, so the first chunk holds a record and does not report "no record"
when the input has records later.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import IO

from refbridge.chunks import Chunk, ChunkedReading, ChunkRead, cut_stream
from refbridge.context import Context

_NUMBERED_LINE = re.compile(r"\n[ \t]*\d{1,5}\.[ \t]*\S[^\n]*\n")


def split_wprim(stream: IO[str], context: Context, size: int) -> Iterator[Chunk]:
    """Cut WPRIM text into chunks of about ``size`` characters, each starting at a record."""
    first_start: int | None = None  # the first certain record start of the text not yet cut

    def find(text: str, start: int) -> int | None:
        nonlocal first_start
        if first_start is None:
            first_start = _find_cut(text, 0)
            if first_start is None:
                return None
        cut = _find_cut(text, max(start, first_start))
        if cut is not None:
            first_start = 0  # from the second chunk on, each starts at a record
        return cut

    # A decoding error ends the input, as in the serial reader.
    for text, first_line, first, last in cut_stream(stream, size, find):
        yield Chunk(text, first_line, first, last)


def _next_lines(text: str, start: int, count: int) -> list[str] | None:
    """The ``count`` lines from ``start``, stripped, or None if the text ends before."""
    lines = []
    for _ in range(count):
        end = text.find("\n", start)
        if end < 0:
            return None
        lines.append(text[start:end].strip())
        start = end + 1
    return lines


def _find_cut(text: str, start: int) -> int | None:
    """Where the first certain record start at or after ``start`` begins (its line's
    first character), or None when the text does not reach far enough to tell."""
    from refbridge.formats.wprim.parse import AUTHORS_LINE, LOOKAHEAD, author_line_kind
    from refbridge.formats.wprim.source import is_source, looks_like_source

    position = start
    while True:
        found = _NUMBERED_LINE.search(text, position)
        if found is None:
            return None
        following = _next_lines(text, found.end(), LOOKAHEAD + 4)
        if following is None:
            return None  # not enough lines read yet to look ahead
        ahead = [line for line in following[:LOOKAHEAD] if line]
        title = found.group(0).strip()
        if (
            len(ahead) >= 2
            and author_line_kind(ahead[0]) == AUTHORS_LINE
            and is_source(ahead[1])
            and not is_source(title)
            and not looks_like_source(title)
        ):
            return found.start() + 1
        position = found.end() - 1


def read_wprim_chunk(chunk: Chunk, context: Context) -> ChunkRead:
    """Read one chunk's records (in a worker process)."""
    from refbridge.formats.wprim.parse import read_records

    return ChunkRead(list(read_records(io.StringIO(chunk.text), context, chunk.first_line)))


WPRIM_CHUNKS = ChunkedReading(split=split_wprim, read=read_wprim_chunk)
