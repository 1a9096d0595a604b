"""Reading one large .bib input in chunks, in worker processes (``--jobs``).

The input is cut before a line starting with ``@`` — exactly where the serial
scanner (``bibtex_scan.read_items``) cuts it into groups — so every entry is
parsed from the same text either way. What spans chunks:

- ``@string`` macros: the main process reads the ``@string`` groups as it cuts and
  hands each chunk the macros defined before it (``Chunk.state``);
- duplicate cite keys: each chunk reports its keys, the main process checks them
  in file order (RB203, as the serial reader words it);
- text between entries (comments, ``@comment``), which the serial reader attaches
  to the next entry (``TEXT_BEFORE``) or, at the end, to the last (``TEXT_AFTER``):
  a chunk reports the text before its first and after its last entry, and the main
  process attaches it as the serial reader would, holding back each chunk's last
  record until it knows whether text follows it.
"""

from __future__ import annotations

import bisect
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from refbridge._keyset import HashTable
from refbridge.chunks import Chunk, ChunkedReading, ChunkRead, cut_stream
from refbridge.context import Context
from refbridge.model import Record


@dataclass(slots=True)
class _Summary:
    """What a chunk tells the main process: keys as read, and the text around its entries."""

    keys: list[tuple[str, int]] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)  # text pieces before the first entry
    tail: list[str] = field(default_factory=list)  # after the last entry (all, if no entry)
    read: int = 0


_GROUP_START = re.compile(r"\n[ \t]*@")  # where bibtex_scan.read_items starts a group
_STRING = re.compile(r"@[ \t]*string", re.IGNORECASE)


def split_bib(stream: IO[str], context: Context, size: int) -> Iterator[Chunk]:
    """Cut a .bib stream into chunks of about ``size`` characters, each starting at an ``@`` line."""
    from refbridge.formats.bibtex.scan import MONTH_MACROS

    macros: dict[str, str] = dict(MONTH_MACROS)
    defined: dict[str, str] | None = None  # the macros a chunk starts with (None: months only)
    for text, first_line, first, last in cut_stream(stream, size, _group_start, _last_group_start):
        yield Chunk(text, first_line, first, last, defined)
        if _define_macros(text, macros):
            defined = dict(macros)


def _group_start(text: str, start: int) -> int | None:
    found = _GROUP_START.search(text, start)
    return found.start() + 1 if found is not None else None


def _last_group_start(text: str) -> int:
    start = 0
    for found in _GROUP_START.finditer(text):
        start = found.start() + 1
    return start


def _define_macros(text: str, macros: dict[str, str]) -> bool:
    """Read the ``@string`` definitions of ``text`` into ``macros``, parsing the whole
    groups that hold them as the scanner does; True if there were any."""
    from refbridge.formats.bibtex.scan import define_macros

    found = [match.start() for match in _STRING.finditer(text)]
    if not found:
        return False
    starts = [0] + [match.start() + 1 for match in _GROUP_START.finditer(text)]
    groups = sorted({bisect.bisect_right(starts, position) - 1 for position in found})
    for group in groups:
        end = starts[group + 1] if group + 1 < len(starts) else len(text)
        define_macros(text[starts[group] : end], 0, macros)
    return True


def read_bib_chunk(chunk: Chunk, context: Context) -> ChunkRead:
    """Read one chunk's records (in a worker process); see the module docstring."""
    from refbridge.formats.bibtex.read import entries, to_record
    from refbridge.formats.bibtex.tables import BIBLATEX, BIBTEX, TEXT_BEFORE

    dialect = BIBLATEX if context.name == BIBLATEX else BIBTEX
    summary = _Summary()
    records: list[Record] = []
    text: list[str] = []
    for item in entries(io.StringIO(chunk.text), context, chunk.state, chunk.first_line):
        if isinstance(item, str):
            text.append(item)
            continue
        if item.key is not None:
            summary.keys.append((item.key, item.line))
        record = to_record(item, dialect, context)
        if not records:
            summary.lead = text
        if text:
            record.extra[TEXT_BEFORE] = "".join(text).strip()
        text = []
        records.append(record)
    summary.tail = text
    summary.read = len(records)
    return ChunkRead(records, summary)


class BibMerger:
    """Main-process side of one chunked .bib input (see the module docstring)."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.seen = HashTable()
        self.pending: list[str] = []  # text pieces after the last record read so far
        self.held: Record | None = None
        self.held_is_last_read = False

    def merge(self, records: list[Record], summary: Any, survivors: tuple[bool, bool]) -> list[Record]:
        """Check the chunk's keys, attach text across the cut, hold back its last record."""
        from refbridge.formats.bibtex.read import check_duplicate
        from refbridge.formats.bibtex.tables import TEXT_BEFORE

        assert isinstance(summary, _Summary)
        for key, line in summary.keys:
            check_duplicate(self.seen, key, line, self.context)
        first_kept, last_kept = survivors
        if summary.read:
            if self.pending and first_kept:
                records[0].extra[TEXT_BEFORE] = "".join(self.pending + summary.lead).strip()
            self.pending = summary.tail
        else:
            self.pending = self.pending + summary.tail
        out: list[Record] = []
        if records:
            if self.held is not None:
                out.append(self.held)
            out.extend(records[:-1])
            self.held = records[-1]
        if summary.read:
            self.held_is_last_read = last_kept
        return out

    def finish(self) -> list[Record]:
        """The held-back record, with the text after the last entry attached."""
        from refbridge.formats.bibtex.tables import TEXT_AFTER

        held, self.held = self.held, None
        if held is None:
            return []
        if self.pending and self.held_is_last_read:
            held.extra[TEXT_AFTER] = "".join(self.pending).strip()
        self.pending = []
        return [held]


def _accepts(context: Context) -> bool:
    # Resolving crossrefs needs the whole file at once.
    return not context.option("resolve_crossref")


BIB_CHUNKS = ChunkedReading(split=split_bib, read=read_bib_chunk, merger=BibMerger, accepts=_accepts)
