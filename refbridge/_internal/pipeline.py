"""read → transform → write, one record at a time.

Nothing here holds more than the record in hand: readers yield, transforms map,
writers consume an iterator. Memory stays flat whatever the input size.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

from refbridge._internal.textio import OpenedInput, atomic_output, find_undecodable_line, open_input
from refbridge.chunks import CHUNK_CHARS, Chunk
from refbridge.context import Context
from refbridge.diagnostics import Diagnostic
from refbridge.errors import ParseError, UsageError
from refbridge.model import Record
from refbridge.registry import Format
from refbridge.session import Session

T = TypeVar("T")
Source = str | os.PathLike[str] | IO[str]
#: What ``convert`` accepts as input: a source, or records already in hand (a generator).
InputSource = Source | Iterable[Record]


@dataclass
class Counts:
    """How many records went in and out of a run.

    ``failed_inputs`` are the inputs a reader gave up on; ``not_written`` says why the
    output file was left as it was (None: it was written, or the output is a stream).
    """

    read: int = 0
    dropped: int = 0
    written: int = 0
    failed_inputs: list[str] = field(default_factory=list)
    not_written: str | None = None


class _OutputKept(Exception):
    """Raised inside ``atomic_output`` so that it removes the new file and keeps the old one."""


class RecordsInput:
    """Records already in hand (e.g. a generator) used as an input."""

    def __init__(self, records: Iterable[Record], name: str = "<records>") -> None:
        self.name = name
        self._records = records

    def records(self) -> Iterator[Record]:
        """Yield the records as given."""
        yield from self._records

    def close(self) -> None:
        """Nothing to close."""


class Input:
    """One opened input with its format decided, ready to yield records."""

    def __init__(
        self, session: Session, source: Source, format_name: str | None = None, encoding: str | None = None
    ) -> None:
        self.session = session
        encoding = encoding or session.config.run.get("encoding")
        self.requested_encoding: str | None = encoding
        self.opened: OpenedInput = open_input(source, encoding)
        try:
            if format_name:
                self.format: Format = session.format_named(format_name, need="read")
            else:
                self.format = session.guess_format(self.opened.name, self.opened.head, need="read")
        except BaseException:
            self.opened.close()
            raise

    @property
    def name(self) -> str:
        """The input's display name (path, ``<stdin>`` or the stream's name)."""
        return self.opened.name

    def close(self) -> None:
        """Close the underlying stream (not standard input)."""
        self.opened.close()

    def records(self) -> Iterator[Record]:
        """Yield the input's records; the stream is closed when done."""
        assert self.format.read is not None
        yield from self._guarded(self.format.read)

    def chunks(self, size: int) -> Iterator[Chunk]:
        """Cut the input into chunks of about ``size`` characters for worker processes
        (the format must have a ``ChunkedReading``); the stream is closed when done."""
        chunked = self.format.chunked
        assert chunked is not None
        yield from self._guarded(lambda stream, context: chunked.split(stream, context, size))

    def _guarded(self, produce: Callable[[IO[str], Context], Iterator[T]]) -> Iterator[T]:
        """Run ``produce`` on the stream: encoding remarks, decoding errors reported by
        line, the file closed, and a change of the file while it was read reported."""
        context = self.session.context(self.format.name, self.name)
        detected = self.opened.encoding
        if detected.guessed:
            context.warning(
                f"assumed encoding {detected.name} ({detected.reason}); use --encoding to override",
                code="RB020",
            )
        try:
            yield from produce(self.opened.stream, context)
        except UnicodeDecodeError as exc:
            where = find_undecodable_line(self.opened.path, detected.name) if self.opened.path else None
            line, byte = where if where else (None, exc.object[exc.start])
            raise ParseError(
                f"cannot decode byte 0x{byte:02x} as {detected.name} ({exc.reason}); "
                "records before it were read; give the right encoding with --encoding",
                file=self.name,
                line=line,
                code="RB021",
            ) from None
        finally:
            self.opened.close()
        if self.opened.changed_since_opened():
            context.error(
                "the file changed while it was being read; the records read may be incomplete — run again",
                code="RB022",
            )


def apply_transforms(session: Session, records: Iterable[Record], counts: Counts) -> Iterator[Record]:
    """Run every active transform over each record, in order; count drops."""
    steps = session.transform_steps()
    for record in records:
        counts.read += 1
        current = record
        for _transform, step in steps:
            result = step(current)
            if result is None:
                counts.dropped += 1
                break
            current = result
        else:
            yield current


def read_all(session: Session, inputs: list[Input | RecordsInput], counts: Counts) -> Iterator[Record]:
    """Chain the inputs' records; an input the reader gives up on is reported, the rest go on."""
    for item in inputs:
        try:
            yield from item.records()
        except ParseError as exc:
            counts.failed_inputs.append(item.name)
            session.sink.add(parse_error_diagnostic(exc, item.name))


def parse_error_diagnostic(exc: ParseError, name: str) -> Diagnostic:
    """The diagnostic for a reader giving up on an input."""
    return Diagnostic("error", exc.message, exc.code, exc.file or name, exc.line)


def run_conversion(
    session: Session,
    sources: Sequence[InputSource],
    dest: Source,
    *,
    from_format: str | None = None,
    to_format: str | None = None,
    encoding: str | None = None,
    progress: Callable[[Iterator[Record]], Iterator[Record]] | None = None,
    jobs: int | None = 1,
    chunk_chars: int = CHUNK_CHARS,
) -> Counts:
    """Convert ``sources`` into ``dest`` (a path, ``-`` for stdout, or a text stream).

    Inputs are opened and their formats decided before any output is created, so a
    usage error leaves nothing behind; the output file is written atomically. It is
    not written at all (an existing file is left as it was, no new one is made) when
    a reader gave up on an input, or when errors were reported and no record was
    read: ``Counts.not_written`` then says why (see ``unwritable``).
    ``jobs`` > 1 reads and transforms in that many worker processes (0 or None:
    every CPU when the inputs are large; see ``refbridge._internal.parallel``); the output is
    the same. ``chunk_chars`` is the size of the pieces one large input is cut into.
    """
    if not sources:
        raise UsageError("no input given")
    inputs: list[Input | RecordsInput] = []
    try:
        for source in sources:
            if isinstance(source, (str, os.PathLike)) or hasattr(source, "read"):
                inputs.append(Input(session, source, from_format, encoding))  # type: ignore[arg-type]
            else:
                inputs.append(RecordsInput(source))
        out_format = _output_format(session, dest, to_format)
    except BaseException:
        for item in inputs:
            item.close()
        raise
    counts = Counts()
    errors_before = session.sink.count("error")
    to_file = isinstance(dest, (str, os.PathLike)) and str(dest) != "-"
    out_stream = None if to_file else sys.stdout if isinstance(dest, (str, os.PathLike)) else dest
    out_name = str(dest) if to_file else getattr(out_stream, "name", None)
    write = out_format.write
    assert write is not None
    workers = _worker_count(session, inputs, jobs)
    records: Iterator[Any]
    if workers > 1:
        from refbridge._internal.parallel import parallel_records

        # Workers also render what they read when the output format allows it.
        split = out_format.chunked_write
        if split is not None and split.accepts is not None:
            split = split if split.accepts(session.context(out_format.name, out_name)) else None
        render = (out_format.name, out_name) if split is not None else None
        records = parallel_records(session, inputs, counts, workers, chunk_chars, render)
        if split is not None:
            write = split.write
    else:
        records = apply_transforms(session, read_all(session, inputs, counts), counts)
    if progress is not None:
        records = progress(records)
    counted = _count_written(records, counts)
    if out_stream is None:
        try:
            with atomic_output(dest) as stream:  # type: ignore[arg-type]
                write(counted, stream, session.context(out_format.name, out_name))
                # Decided once everything was read: the new file is complete but kept
                # only if it holds every input (what the README promises).
                reason = unwritable(counts, session.sink.count("error") - errors_before)
                if reason is not None:
                    raise _OutputKept(reason)
        except _OutputKept as kept:
            counts.not_written = str(kept)
            counts.written = 0
    else:
        write(counted, out_stream, session.context(out_format.name, out_name))
        out_stream.flush()
    return counts


def unwritable(counts: Counts, errors: int) -> str | None:
    """Why a run's output must not replace the output file, or None when it may.

    An input the reader gave up on would be silently missing from the output, even
    when other inputs were read; and a run that read nothing but reported errors has
    nothing to show for them. Either way the previous file (if any) is worth more.
    """
    if counts.failed_inputs:
        names = ", ".join(dict.fromkeys(counts.failed_inputs))  # each once, in input order
        return f"{names} could not be read"
    if counts.read == 0 and errors:
        return f"no record could be read ({errors} error{'s' if errors != 1 else ''})"
    return None


def _worker_count(session: Session, inputs: Sequence[Input | RecordsInput], jobs: int | None) -> int:
    """How many worker processes to use (1: none). Strict mode stops at the first
    problem, which only one process can do."""
    from refbridge._internal import jobs as processes

    if jobs == 1 or session.sink.strict or not processes.available():
        return 1
    size = 0
    for item in inputs:
        path = item.opened.path if isinstance(item, Input) else None
        size += os.path.getsize(path) if path is not None and os.path.isfile(path) else 0
    return processes.resolve_jobs(jobs, size)


def _output_format(session: Session, dest: Source, to_format: str | None) -> Format:
    to_format = to_format or session.config.run.get("to")
    if to_format:
        return session.format_named(to_format, need="write")
    if isinstance(dest, (str, os.PathLike)) and str(dest) != "-":
        return session.guess_format(str(dest), None, need="write")
    raise UsageError("give the output format with -t when writing to standard output")


def _count_written(records: Iterable[T], counts: Counts) -> Iterator[T]:
    for record in records:
        counts.written += 1
        yield record
