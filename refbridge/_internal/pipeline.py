"""read → transform → write: one conversion, and the choice of who runs it.

``run_conversion`` opens the inputs (``inputs``), decides the output format and
writes the output atomically. The records come from one of two runners: here, in
this process, one record at a time (``inputs.read_all`` through
``transforms.apply_transforms``: memory stays flat whatever the input size); or,
with ``--jobs``, from ``parallel``, whose workers read and transform and, when the
output format has a split writer, render what they read too. Either way the
writer sees the records (or their rendered pieces) in input order, so the output
is the same.

The engine's modules import one way: ``pipeline`` → ``parallel`` → ``transforms``
→ ``inputs``; nothing below imports what is above it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any, TypeVar

from refbridge._internal.account import FieldAccount
from refbridge._internal.inputs import (
    Counts,
    Input,
    InputSource,
    RecordsInput,
    Source,
    close_all,
    open_inputs,
    parse_error_diagnostic,
    read_all,
)
from refbridge._internal.textio import atomic_output
from refbridge._internal.transforms import apply_transforms
from refbridge.chunks import CHUNK_CHARS, ChunkedWriting
from refbridge.context import Context
from refbridge.errors import UsageError
from refbridge.model import Record
from refbridge.registry import Format
from refbridge.session import Session

__all__ = [
    "Counts",
    "InputSource",
    "Source",
    "parse_error_diagnostic",  # cli.sync reports a reader's ParseError with it
    "run_conversion",
    "unwritable",
]

T = TypeVar("T")
#: Wraps what goes to the writer (a progress bar): one item per record — a record, or its
#: piece for a split writer — each passed on unchanged.
Progress = Callable[[Iterator[Any]], Iterator[Any]]
#: Writes a run's output to a stream: the records, or their pieces through a split writer.
_Emit = Callable[[IO[str], Context], None]


class _OutputKept(Exception):
    """Raised inside ``atomic_output`` so that it removes the new file and keeps the old one."""


def run_conversion(
    session: Session,
    sources: Sequence[InputSource],
    dest: Source,
    *,
    from_format: str | None = None,
    to_format: str | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
    jobs: int | None = 1,
    chunk_chars: int = CHUNK_CHARS,
    report: bool = False,
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
    ``progress`` wraps what goes to the writer, one item per record.
    ``Counts.account`` says which fields the output format had no place for (each also
    reported, RB040); ``report`` asks it for a per-record account too (``--report``).
    """
    if not sources:
        raise UsageError("no input given")
    inputs = open_inputs(session, sources, from_format, encoding)
    try:
        out_format = _output_format(session, dest, to_format)
    except BaseException:
        close_all(inputs)
        raise
    options = session.options_for(out_format.name)
    counts = Counts(account=FieldAccount.start(out_format, report=report, options=options))
    errors_before = session.sink.count("error")
    to_file = isinstance(dest, (str, os.PathLike)) and str(dest) != "-"
    out_stream = None if to_file else sys.stdout if isinstance(dest, (str, os.PathLike)) else dest
    out_name = str(dest) if to_file else getattr(out_stream, "name", None)
    emit = _runner(session, inputs, counts, out_format, out_name, jobs, chunk_chars, progress)
    if out_stream is None:
        try:
            with atomic_output(dest) as stream:  # type: ignore[arg-type]
                emit(stream, session.context(out_format.name, out_name))
                # Decided once everything was read: the new file is complete but kept
                # only if it holds every input (what the README promises).
                reason = unwritable(counts, session.sink.count("error") - errors_before)
                if reason is not None:
                    raise _OutputKept(reason)
        except _OutputKept as kept:
            counts.not_written = str(kept)
            counts.written = 0
    else:
        emit(out_stream, session.context(out_format.name, out_name))
        out_stream.flush()
    return counts


def _runner(  # noqa: PLR0917 — run_conversion's settings, passed on
    session: Session,
    inputs: list[Input | RecordsInput],
    counts: Counts,
    out_format: Format,
    out_name: str | None,
    jobs: int | None,
    chunk_chars: int,
    progress: Progress | None,
) -> _Emit:
    """Choose who reads and transforms (this process, or worker processes) and what the
    writer gets (records, or pieces the workers rendered); return what writes it all."""
    workers = _worker_count(session, inputs, jobs)
    if workers <= 1:
        return _write_records(
            session,
            out_format,
            apply_transforms(session, read_all(session, inputs, counts), counts),
            counts,
            progress,
        )
    # parallel imports multiprocessing and concurrent.futures: only runs with workers pay for them.
    from refbridge._internal.parallel import parallel_pieces, parallel_records

    writing = _split_writer(session, out_format, out_name)
    if writing is None:
        records = parallel_records(session, inputs, counts, workers, chunk_chars)
        return _write_records(session, out_format, records, counts, progress)
    pieces = parallel_pieces(session, inputs, counts, workers, chunk_chars, (out_format.name, out_name))
    # One piece per record: the progress bar and the written count see what they would see
    # of the records.
    counted = _count_written(progress(pieces) if progress is not None else pieces, counts)
    return lambda stream, context: writing.write(counted, stream, context)


def _write_records(
    session: Session,
    out_format: Format,
    records: Iterator[Record],
    counts: Counts,
    progress: Progress | None,
) -> _Emit:
    """What writes ``records`` (counted as written) with the output format's own writer."""
    write = out_format.write
    assert write is not None
    if counts.account is not None:
        records = counts.account.records(records, session.sink)
    counted = _count_written(progress(records) if progress is not None else records, counts)
    return lambda stream, context: write(counted, stream, context)


def _split_writer(session: Session, out_format: Format, out_name: str | None) -> ChunkedWriting | None:
    """The output format's split writer, when it has one and accepts this run's options."""
    writing = out_format.parallel.writing if out_format.parallel is not None else None
    if writing is not None and writing.accepts is not None:
        return writing if writing.accepts(session.context(out_format.name, out_name)) else None
    return writing


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


def _count_written(items: Iterable[T], counts: Counts) -> Iterator[T]:
    """Pass ``items`` on, counting each as a record written."""
    for item in items:
        counts.written += 1
        yield item
