"""``--jobs``, the workers' side: what one task is, how a worker runs it, and the pool.

A task is a chunk of an input (formats with ``parallel.reading``) or a whole input
file; a worker reads it, runs the transform loop (``transforms``) over its records,
renders them when the output format has a split writer, and returns everything
(``Result``) with the diagnostics it collected. ``parallel`` decides the tasks and
takes the results back in input order.

Workers are forked from the main process after the session (plugins, options,
transform steps) is set up, so they share it without pickling it; where fork is
not available (Windows), ``--jobs`` falls back to one process (``jobs.available``).
"""

from __future__ import annotations

import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from refbridge._internal.account import Checker, Entry, Where
from refbridge._internal.inputs import Input, parse_error_diagnostic
from refbridge._internal.transforms import Steps, transformed
from refbridge.chunks import Chunk, ChunkedReading, ChunkedWriting, ChunkRead
from refbridge.diagnostics import Diagnostic
from refbridge.errors import ParseError
from refbridge.model import Record
from refbridge.registry import Format
from refbridge.session import Session

# Set in the main process just before the workers are forked; read in the workers.
_session: Session | None = None
_steps: Steps = []

#: The output format's name and the output's name, when workers render what they read.
Render = tuple[str, "str | None"]
#: One record as the output format's split writer takes it (``ChunkedWriting.render``).
Piece = Any


@dataclass(slots=True)
class Task:
    """One unit of work for a worker: a chunk of an input, or a whole input file."""

    format_name: str
    filename: str
    chunk: Chunk | None = None
    path: str | None = None
    encoding: str | None = None
    render: Render | None = None  # the output format and name: render the records here
    report: bool = False  # --report: note what the transforms changed, and what was written


@dataclass(slots=True)
class Result:
    """What a task gives back: its transformed records (or, when the task renders, their
    pieces), its counts, the diagnostics it collected and the error that stopped it."""

    records: list[Record]
    pieces: list[Piece] | None = None  # rendered: ``records`` is then empty
    read: int = 0
    dropped: int = 0
    #: Whether the first and last records read came through the transforms (for a merger).
    survivors: tuple[bool, bool] = (True, True)
    summary: Any = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unkept: dict[str, int] = field(default_factory=dict)
    error: Diagnostic | None = None
    #: The fields the transforms changed, by where a record was read (``--report``).
    changes: dict[Where, tuple[str, ...]] | None = None
    #: The account of the records rendered (``account``): what the main process reports.
    accounts: list[Entry] = field(default_factory=list)


def reading_of(fmt: Format) -> ChunkedReading | None:
    """The format's chunked reader, if it has one."""
    return fmt.parallel.reading if fmt.parallel is not None else None


def writing_of(fmt: Format) -> ChunkedWriting | None:
    """The format's split writer, if it has one."""
    return fmt.parallel.writing if fmt.parallel is not None else None


def start_pool(session: Session, steps: Steps, jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` workers that inherit ``session`` and ``steps`` (forked lazily,
    at the first task submitted). End it with ``stop_pool``."""
    global _session, _steps  # handed to the forked workers, which inherit them
    _session, _steps = session, steps
    context = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Wait for the tasks running, drop those not started (an error, Ctrl-C), forget the run."""
    global _session, _steps
    pool.shutdown(wait=True, cancel_futures=True)
    _session, _steps = None, []


def _init_worker() -> None:
    # The main process prints diagnostics and handles Ctrl-C; workers only collect.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    assert _session is not None
    _session.sink.listener = None
    _session.sink.strict = False
    _session.sink.take()


def run_task(task: Task) -> Result:
    """Worker side: read a chunk or a file, run the transforms, return everything."""
    session = _session
    assert session is not None
    result = process(session, _steps, task)
    result.diagnostics, result.unkept = session.sink.take()
    return result


def process(session: Session, steps: Steps, task: Task) -> Result:
    """Read a chunk or a file and run the transforms over its records (and render them,
    when the task says so)."""
    error: Diagnostic | None = None
    summary: Any = None
    read: list[Record] = []
    if task.chunk is not None:
        fmt = session.plugins.formats.get(task.format_name)
        assert fmt is not None
        reading = reading_of(fmt)
        assert reading is not None
        try:
            got: ChunkRead = reading.read(task.chunk, session.context(fmt.name, task.filename))
            read, summary = got.records, got.summary
        except ParseError as exc:
            error = parse_error_diagnostic(exc, task.filename)
    else:
        assert task.path is not None
        try:
            item = Input(session, task.path, task.format_name, task.encoding)
            for record in item.records():
                read.append(record)
        except ParseError as exc:
            error = parse_error_diagnostic(exc, task.filename)
    changes: dict[Where, tuple[str, ...]] | None = {} if task.report else None
    results = list(transformed(steps, read, changes))
    kept = [record for record in results if record is not None]
    survivors = (bool(results) and results[0] is not None, bool(results) and results[-1] is not None)
    result = Result(
        kept, read=len(read), dropped=len(read) - len(kept), survivors=survivors, summary=summary, error=error
    )
    result.changes = changes
    if task.render is not None:
        result.records, result.pieces = [], render_pieces(session, task.render, kept)
        # The account is made where the records are (the main process reports it in order).
        # The same table as the main process's account: the run's options of the format.
        checker = Checker.of(session.plugins.formats.get(task.render[0]), session.options_for(task.render[0]))
        entries = (checker.entry(record, full=task.report) for record in kept)
        result.accounts = [entry for entry in entries if entry is not None]
    return result


def render_pieces(session: Session, target: Render, records: list[Record]) -> list[Piece]:
    """The output format's pieces for ``records`` (see ``ChunkedWriting``)."""
    fmt = session.plugins.formats.get(target[0])
    assert fmt is not None
    writing = writing_of(fmt)
    assert writing is not None
    return writing.render(records, session.context(fmt.name, target[1]))
