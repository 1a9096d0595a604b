"""Reading one large RIS input in chunks, in worker processes (``--jobs``).

The input is cut just after an ``ER  -`` line: there the grouping loop holds no
record, so a chunk read on its own gives the records the whole file would. The
only state that spans chunks is carried in ``Chunk.state`` (the encoding whose
stray bytes are repaired) or handled by the main process (the once-per-input
remark about unknown tags, RB308).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import IO

from refbridge.chunks import Chunk, ChunkedReading, ChunkRead, cut_stream
from refbridge.context import Context
from refbridge.model import Record

_RECORD_END = re.compile(r"\nER  -[^\n]*\n")


def split_ris(stream: IO[str], context: Context, size: int) -> Iterator[Chunk]:
    """Cut a RIS stream into chunks of about ``size`` characters, each ending with an ER line."""
    from refbridge.formats.ris.group import allow_mixed_encodings

    repair = allow_mixed_encodings(stream)
    for text, first_line, first, last in cut_stream(stream, size, _after_record, _last_record_end):
        yield Chunk(text, first_line, first, last, repair)


def _after_record(text: str, start: int) -> int | None:
    found = _RECORD_END.search(text, start)
    return found.end() if found is not None else None


def _last_record_end(text: str) -> int:
    return max((found.end() for found in _RECORD_END.finditer(text)), default=0)


def read_ris_chunk(chunk: Chunk, context: Context) -> ChunkRead:
    """Read one chunk's records (in a worker process)."""
    from refbridge.formats.ris import tables as T
    from refbridge.formats.ris.group import iter_raw_records, note_decode_errors
    from refbridge.formats.ris.read import build_record, finish_entries

    if chunk.state:
        note_decode_errors()
    known = T.known_tags()
    reported: set[str] = set()
    records: list[Record] = [
        build_record(start, finish_entries(fields, dirty), context, known, reported)
        for start, fields, dirty in iter_raw_records(
            io.StringIO(chunk.text),
            context,
            repair=chunk.state,
            first_line=chunk.first_line,
            after_record=not chunk.first,
        )
    ]
    if chunk.first and chunk.last and not records:
        context.warning("the input holds no RIS record", code="RB313")
    return ChunkRead(records)


RIS_CHUNKS = ChunkedReading(split=split_ris, read=read_ris_chunk, once_codes=frozenset({"RB308"}))
