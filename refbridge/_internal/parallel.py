"""``--jobs``: worker processes read and transform, the main process writes.

The main process cuts each input into chunks (formats with ``parallel.reading``:
one large file is shared by all workers) or hands whole files to workers (other
formats, when there are several inputs), keeps a bounded window of tasks in
flight, and takes the results back in input order: records, counts and
diagnostics, which it passes on exactly as the serial runner would (the diagnostics
in line order too: ``held``). Writing
stays in the main process, one record at a time, so the output is the same as
with one job. When the output format has a split writer (``parallel.writing``)
the workers also render what they read, and ``parallel_pieces`` yields those
pieces instead of records (``parallel_records``).

What a worker does with a task is in ``workers``; inputs and the transform loop
come from ``inputs`` and ``transforms``, which the serial runner (``pipeline``)
uses too. Nothing here imports ``pipeline``, which chooses this runner.
"""

from __future__ import annotations

import io
from collections import deque
from collections.abc import Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial

from refbridge._internal.held import holding, show_held
from refbridge._internal.inputs import Counts, Input, RecordsInput, parse_error_diagnostic, read_all
from refbridge._internal.transforms import Steps, apply_steps
from refbridge._internal.workers import (
    Piece,
    Render,
    Result,
    Task,
    process,
    reading_of,
    render_pieces,
    run_task,
    start_pool,
    stop_pool,
)
from refbridge.chunks import CHUNK_CHARS, ChunkMerger
from refbridge.context import Context
from refbridge.diagnostics import Diagnostic, DiagnosticSink
from refbridge.errors import ParseError, RefbridgeError
from refbridge.model import Record
from refbridge.session import Session


@dataclass(slots=True)
class _InputState:
    """Main-process bookkeeping for one input while its chunks are in flight."""

    name: str
    merger: ChunkMerger | None = None
    once: frozenset[str] = frozenset()
    seen_once: set[tuple[str, str]] = field(default_factory=set)
    failed: bool = False
    #: Records read from the input's chunks so far.
    read: int = 0
    #: A chunked input's format, and its text while none of its chunks has given a record
    #: (then dropped): see ``_whole_input_error``.
    format_name: str | None = None
    texts: list[str] | None = None


@dataclass(slots=True)
class _Pending:
    """One entry of the in-order queue: a task in flight, local records, an input's
    end, or an error that stopped an input."""

    state: _InputState
    future: Future[Result] | None = None
    done: Result | None = None
    local: Input | RecordsInput | None = None
    end: bool = False
    error: Diagnostic | None = None
    #: Diagnostics already counted in the run's sink but not yet shown (its listener): those
    #: of cutting this chunk, or of processing it here; shown in line order with the chunk's.
    held: list[Diagnostic] = field(default_factory=list)


# What the in-order queue gives out, one of three kinds.
@dataclass(frozen=True, slots=True)
class _Records:
    """Transformed records ready to go out (a chunk's or a whole file's, after the merger)."""

    records: list[Record]


@dataclass(frozen=True, slots=True)
class _Pieces:
    """What the workers rendered of a chunk's or a file's records (``ChunkedWriting``)."""

    pieces: list[Piece]


@dataclass(frozen=True, slots=True)
class _Streamed:
    """An input read and transformed here, one record at a time (records in hand, stdin)."""

    records: Iterator[Record]


_Out = _Records | _Pieces | _Streamed


def parallel_records(
    session: Session,
    inputs: list[Input | RecordsInput],
    counts: Counts,
    jobs: int,
    chunk_chars: int = CHUNK_CHARS,
) -> Iterator[Record]:
    """Yield the transformed records of ``inputs`` in input order, read by ``jobs`` workers."""
    outs = _in_order(session, inputs, counts, jobs, chunk_chars, None)
    try:
        for out in outs:
            assert not isinstance(out, _Pieces)  # nothing is rendered without a render
            yield from out.records
    finally:
        outs.close()  # stops the workers now, whatever stopped the writer


def parallel_pieces(  # noqa: PLR0917 — run_conversion's arguments, passed on
    session: Session,
    inputs: list[Input | RecordsInput],
    counts: Counts,
    jobs: int,
    chunk_chars: int,
    render: Render,
) -> Iterator[Piece]:
    """Yield the output format's pieces for the transformed records of ``inputs``, in
    input order (``ChunkedWriting``): rendered by the workers where nothing is left to do
    to the records, here otherwise (after a chunk merger, for an input read here)."""
    outs = _in_order(session, inputs, counts, jobs, chunk_chars, render)
    try:
        for out in outs:
            if isinstance(out, _Pieces):
                yield from out.pieces
            elif isinstance(out, _Streamed):
                for batch in _batches(out.records):
                    yield from render_pieces(session, render, _accounted(session, counts, batch))
            elif out.records:
                yield from render_pieces(session, render, _accounted(session, counts, out.records))
    finally:
        outs.close()


def _in_order(  # noqa: PLR0917 — run_conversion's arguments, passed on
    session: Session,
    inputs: list[Input | RecordsInput],
    counts: Counts,
    jobs: int,
    chunk_chars: int,
    render: Render | None,
) -> Generator[_Out, None, None]:
    """Run the inputs through the workers and give out what they return in input order,
    keeping a bounded window of tasks in flight."""
    # One set of steps for the run, as with one process: the workers inherit it, and the
    # inputs read here (records in hand, stdin) go through it too.
    steps = session.transform_steps()
    window = 2 * jobs
    pool = start_pool(session, steps, jobs)
    try:
        report = counts.account is not None and counts.account.full
        work = _plan(
            session, steps, inputs, pool, chunk_chars, render, several=len(inputs) > 1, report=report
        )
        queue: deque[_Pending] = deque()
        exhausted = False
        while True:
            while not exhausted and len(queue) < window:
                item = next(work, None)
                if item is None:
                    exhausted = True
                else:
                    queue.append(item)
            if not queue:
                break
            yield from _finish(session, steps, queue.popleft(), counts)
    finally:
        # On an error or Ctrl-C, chunks not yet started are dropped rather than read.
        stop_pool(pool)


def _plan(  # noqa: PLR0917 — the run's settings, passed on
    session: Session,
    steps: Steps,
    inputs: list[Input | RecordsInput],
    pool: ProcessPoolExecutor,
    chunk_chars: int,
    render: Render | None,
    *,
    several: bool,
    report: bool,
) -> Iterator[_Pending]:
    """The queue entries for every input, made lazily (a chunk is cut when there is room)."""
    started = False  # the first chunk is read here, before the workers start
    for item in inputs:
        state = _InputState(item.name)
        reading = reading_of(item.format) if isinstance(item, Input) else None
        if isinstance(item, Input) and reading is not None:
            context = session.context(item.format.name, item.name)
            if reading.accepts is None or reading.accepts(context):
                state.merger = reading.merger(context) if reading.merger else None
                state.once = reading.once_codes
                state.format_name, state.texts = item.format.name, []
                # A merger still changes the records: they are rendered after it, here.
                here = render if state.merger is None else None
                chunks = item.chunks(chunk_chars)
                held: list[Diagnostic] = []
                try:
                    # What the cutter reports (RIS: a record without ER) is shown with the
                    # chunk it belongs to, so that diagnostics keep the input's order.
                    while (chunk := holding(session.sink, held, partial(next, chunks, None))) is not None:
                        if state.texts is not None:
                            state.texts.append(chunk.text)
                        task = Task(item.format.name, item.name, chunk=chunk, render=here, report=report)
                        if not started:
                            started = True
                            done = holding(
                                session.sink, held, partial(_run_here, session, steps, task, state)
                            )
                            yield _Pending(state, done=done, held=held)
                        else:
                            yield _Pending(state, future=pool.submit(run_task, task), held=held)
                        held = []
                except ParseError as exc:
                    yield _Pending(state, error=parse_error_diagnostic(exc, item.name), held=held)
                    held = []
                yield _Pending(state, end=True, held=held)
                continue
        if several and isinstance(item, Input) and item.opened.path is not None:
            item.close()
            task = Task(
                item.format.name,
                item.name,
                path=item.name,
                encoding=item.requested_encoding,
                render=render,
                report=report,
            )
            yield _Pending(state, future=pool.submit(run_task, task))
            continue
        yield _Pending(state, local=item)


def _run_here(session: Session, steps: Steps, task: Task, state: _InputState) -> Result:
    """Process a task in the main process (the first chunk, before the workers are
    forked: what the reader and transforms load on first use is then loaded once and
    inherited). Its diagnostics go to the run's sink directly."""
    sink = session.sink
    listener = sink.listener

    def note(diagnostic: Diagnostic) -> None:
        if diagnostic.code in state.once:
            state.seen_once.add((diagnostic.code, diagnostic.message))
        if listener is not None:
            listener(diagnostic)

    sink.listener = note
    try:
        return process(session, steps, task)
    finally:
        sink.listener = listener


def _result(future: Future[Result] | None) -> Result:
    assert future is not None
    return future.result()


def _finish(session: Session, steps: Steps, pending: _Pending, counts: Counts) -> Iterator[_Out]:
    """Pass one queue entry on: its counts and diagnostics to the run, what it holds out."""
    state = pending.state
    if pending.local is not None:
        yield _Streamed(apply_steps(steps, read_all(session, [pending.local], counts), counts))
        return
    if pending.end:
        show_held(session.sink, pending.held, None)
        if state.texts is not None and not state.failed:
            error = _whole_input_error(session, state)
            if error is not None:
                counts.failed_inputs.append(state.name)
                session.sink.add(error)
                state.failed = True
        if state.merger is not None and not state.failed:
            yield _Records(state.merger.finish())
        return
    if pending.error is not None:
        show_held(session.sink, pending.held, None)
        counts.failed_inputs.append(state.name)
        session.sink.add(pending.error)
        if state.merger is not None:
            yield _Records(state.merger.finish())
        state.failed = True
        return
    try:
        result = pending.done if pending.done is not None else _result(pending.future)
    except BrokenProcessPool:
        raise RefbridgeError(
            "a worker process died (out of memory?); nothing was written — run again with --jobs 1"
        ) from None
    if state.failed:
        show_held(session.sink, pending.held, None)  # counted already: shown, as counted
        return  # the serial reader would have stopped at the earlier error
    sink = session.sink
    once_filtered = []
    for diagnostic in result.diagnostics:
        if diagnostic.code in state.once:
            key = (diagnostic.code, diagnostic.message)
            if key in state.seen_once:
                continue
            state.seen_once.add(key)
        once_filtered.append(diagnostic)
    result.diagnostics = once_filtered
    show_held(sink, pending.held, result)
    sink.count_unkept(result.unkept)
    account = counts.account
    if account is not None:
        if result.changes and account.changes is not None:
            account.changes.update(result.changes)
        for entry in result.accounts:
            account.take(entry, sink)
    counts.read += result.read
    counts.dropped += result.dropped
    state.read += result.read
    if state.read:
        state.texts = None  # the input has records: no verdict on the whole of it needed
    if result.pieces is not None:
        yield _Pieces(result.pieces)
    elif state.merger is not None:
        yield _Records(state.merger.merge(result.records, result.summary, result.survivors))
    else:
        yield _Records(result.records)
    if result.error is not None:
        counts.failed_inputs.append(state.name)
        sink.add(result.error)
        if state.merger is not None:
            yield _Records(state.merger.finish())
        state.failed = True


def _whole_input_error(session: Session, state: _InputState) -> Diagnostic | None:
    """The serial reader's verdict on a chunked input none of whose chunks held a record.

    A chunk without a record is normal, so chunk readers do not give up on one; only
    the serial reader sees a whole input and can tell that it holds no record at all
    (the BibTeX reader's RB213). It reads the input's text again here — held in
    ``state.texts`` only while no record has come — and only the ParseError it raises
    counts: the chunks reported the input's other diagnostics already.
    """
    assert state.texts is not None and state.format_name is not None
    fmt = session.plugins.formats.get(state.format_name)
    assert fmt is not None
    if fmt.read is None:
        return None
    text, state.texts = "".join(state.texts), None
    quiet = Context(fmt.name, state.name, session.options_for(fmt.name), DiagnosticSink())
    try:
        for _record in fmt.read(io.StringIO(text), quiet):
            pass
    except ParseError as exc:
        return parse_error_diagnostic(exc, state.name)
    return None


def _accounted(session: Session, counts: Counts, records: list[Record]) -> list[Record]:
    """``records``, accounted for (``account``) before they are rendered here."""
    if counts.account is None:
        return records
    return list(counts.account.records(records, session.sink))


def _batches(records: Iterator[Record], size: int = 256) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
