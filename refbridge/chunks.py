"""``--jobs``: how a format lets worker processes read one large input together, and
render what they read.

A format that supports it gives its ``Format`` one ``Parallel`` object, which holds a
``ChunkedReading`` (``reading``), a ``ChunkedWriting`` (``writing``), or both.
A ``ChunkedReading`` has:

- ``split`` runs in the main process. It reads the stream and cuts it into
  ``Chunk``s at places where its reader holds no state (RIS: after an ``ER`` line;
  BibTeX: before an ``@entry`` line), carrying forward in ``Chunk.state`` what a later
  chunk needs from earlier ones (BibTeX: the ``@string`` macros).
- ``read`` runs in a worker process on one chunk and returns its records plus a small
  picklable summary of what the main process must know across chunks.
- ``merger`` (optional) makes, per input, the main-process object that gets each
  chunk's records and summary in input order and does what spans chunks (BibTeX:
  duplicate cite keys, text between entries that straddles a cut).

The records, their order and their values are the same as with the serial reader;
only the order of diagnostics within a chunk may differ. A format may also split its
writer (``ChunkedWriting``) so that workers render the records they read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, Protocol

from refbridge.context import Context
from refbridge.model import Record

#: Characters of input per chunk: big enough that sending a chunk to a worker costs
#: little next to reading it, small enough that a few in flight stay a few megabytes.
CHUNK_CHARS = 1 << 19


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of one input, cut where the reader holds no state.

    ``first_line`` is the file line of the text's first line; ``first``/``last``
    say whether it starts or ends the input; ``state`` is what the format carries
    over from earlier chunks (picklable).
    """

    text: str
    first_line: int
    first: bool
    last: bool
    state: Any = None


def cut_stream(
    stream: IO[str],
    size: int,
    find_cut: Callable[[str, int], int | None],
    whole_before_error: Callable[[str], int] | None = None,
) -> Iterator[tuple[str, int, bool, bool]]:
    """Read ``stream`` in blocks and cut it into pieces of more than ``size`` characters:
    ``find_cut(text, start)`` gives the index of the first cut at or after ``start``
    (None: more text must be read to tell). Yields (text, first_line, first, last).

    On a decoding error, ``whole_before_error(text)`` says how much of the text read
    holds complete records; that much is yielded as the last piece (as the serial
    reader reads the records before the bad byte), then the error is raised.
    """
    buffer = ""
    first_line = 1
    first = True
    while True:
        try:
            block = stream.read(size)
        except UnicodeDecodeError:
            whole = whole_before_error(buffer) if whole_before_error is not None else 0
            if whole:
                yield buffer[:whole], first_line, first, True
            raise
        if not block:
            break
        buffer += block
        while len(buffer) > size:
            cut = find_cut(buffer, size - 1)
            if cut is None:
                break
            text, buffer = buffer[:cut], buffer[cut:]
            yield text, first_line, first, False
            first_line += text.count("\n")
            first = False
    if buffer or first:
        yield buffer, first_line, first, True


@dataclass(slots=True)
class ChunkRead:
    """What a worker's ``read`` returns: the records as read, and a summary for the merger."""

    records: list[Record]
    summary: Any = None


class ChunkMerger(Protocol):
    """Main-process side of one chunked input (see the module docstring)."""

    def merge(self, records: list[Record], summary: Any, survivors: tuple[bool, bool]) -> list[Record]:
        """Take one chunk's records after the transforms, in input order; return those
        ready to write. ``survivors`` says whether the chunk's first and last records as
        read came through the transforms."""

    def finish(self) -> list[Record]:
        """Return the records still held back, at the end of the input."""


@dataclass(frozen=True, slots=True)
class ChunkedReading:
    """A format's support for reading one input in chunks (see the module docstring).

    ``accepts(context)`` may decline for a run (e.g. an option that needs the whole
    file at once); ``once_codes`` are diagnostic codes the serial reader reports once
    per input — repeats from later chunks (same code and message) are dropped.
    """

    split: Callable[[IO[str], Context, int], Iterator[Chunk]]
    read: Callable[[Chunk, Context], ChunkRead]
    merger: Callable[[Context], ChunkMerger] | None = None
    accepts: Callable[[Context], bool] | None = None
    once_codes: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ChunkedWriting:
    """A writer split in two, so that worker processes do most of the writing too.

    ``render(records, context)`` runs in a worker on a chunk's transformed records and
    returns one picklable piece per record; ``write(pieces, stream, context)`` runs in
    the main process, settles what needs the whole output (BibTeX: unique cite keys)
    and writes. ``write(render(records))`` must write what ``Format.write`` does.
    """

    render: Callable[[list[Record], Context], list[Any]]
    write: Callable[[Iterable[Any], IO[str], Context], None]
    #: May decline for a run (an option the split writer does not support).
    accepts: Callable[[Context], bool] | None = None


@dataclass(frozen=True, slots=True)
class Parallel:
    """What a format offers ``--jobs``: chunked reading, a split writer, or both.

    One optional object on ``Format`` (``Format(parallel=Parallel(reading=...))``)
    rather than a field per piece, so that a format without it shows nothing of the
    machinery, and the engine asks one question: ``fmt.parallel``.
    """

    reading: ChunkedReading | None = None
    writing: ChunkedWriting | None = None

    def __post_init__(self) -> None:
        # An empty Parallel is a mistake in a format's registration: say so at import.
        if self.reading is None and self.writing is None:
            raise ValueError(
                "Parallel needs reading=ChunkedReading(...), writing=ChunkedWriting(...), or both"
            )
