"""The inputs of a run: opened, their format decided, read through one guard.

This is the bottom of the engine: both runners (``pipeline`` in one process,
``parallel`` with ``--jobs``) take their inputs from here, and nothing here knows
about either runner. An ``Input`` opens a path or stream and decides its format;
everything that reads it — the reader, the chunk cutter, ``refbridge format``'s
whole-text read — goes through ``Input._guarded``, which reports the encoding
guess, a byte that cannot be decoded (by line) and a file that changed while it
was read, and closes the stream.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, TypeVar

from refbridge._internal.account import FieldAccount
from refbridge._internal.textio import OpenedInput, find_undecodable_line, open_input
from refbridge.chunks import Chunk
from refbridge.context import Context
from refbridge.diagnostics import Diagnostic
from refbridge.errors import ParseError
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
    #: The account of the fields the output format wrote or not (``account``).
    account: FieldAccount | None = None


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

    def read_text(self) -> str:
        """The whole decoded text, read through the same guard as the records (encoding
        remarks, undecodable bytes as a ParseError with the line); the stream is closed."""
        return "".join(self._guarded(lambda stream, _context: iter([stream.read()])))

    def chunks(self, size: int) -> Iterator[Chunk]:
        """Cut the input into chunks of about ``size`` characters for worker processes
        (the format must have ``parallel.reading``); the stream is closed when done."""
        assert self.format.parallel is not None
        reading = self.format.parallel.reading
        assert reading is not None
        yield from self._guarded(lambda stream, context: reading.split(stream, context, size))

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


def open_inputs(
    session: Session, sources: Sequence[InputSource], format_name: str | None, encoding: str | None
) -> list[Input | RecordsInput]:
    """Open every source and decide its format, before anything is read or written (so a
    usage error leaves nothing behind); on any error the ones already opened are closed."""
    inputs: list[Input | RecordsInput] = []
    try:
        for source in sources:
            if isinstance(source, (str, os.PathLike)) or hasattr(source, "read"):
                inputs.append(Input(session, source, format_name, encoding))  # type: ignore[arg-type]
            else:
                inputs.append(RecordsInput(source))
    except BaseException:
        close_all(inputs)
        raise
    return inputs


def close_all(inputs: Iterable[Input | RecordsInput]) -> None:
    """Close every input (a run that stops before reading them)."""
    for item in inputs:
        item.close()


def read_all(session: Session, inputs: Iterable[Input | RecordsInput], counts: Counts) -> Iterator[Record]:
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
