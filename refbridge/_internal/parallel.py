"""``--jobs``: worker processes read and transform, the main process writes.

The main process cuts each input into chunks (formats with a ``ChunkedReading``:
one large file is shared by all workers) or hands whole files to workers (other
formats, when there are several inputs), keeps a bounded window of chunks in
flight, and takes the results back in input order: records, counts and
diagnostics, which it passes on exactly as the serial pipeline would. Writing
stays in the main process, one record at a time, so the output is the same as
with one job.

Workers are forked from the main process after the session (plugins, options,
transform steps) is set up, so they share it without pickling it; where fork is
not available (Windows), ``--jobs`` falls back to one process.
"""

from __future__ import annotations

import io
import multiprocessing
import signal
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from refbridge.chunks import CHUNK_CHARS, Chunk, ChunkMerger, ChunkRead
from refbridge.context import Context
from refbridge.diagnostics import Diagnostic, DiagnosticSink
from refbridge.errors import ParseError, RefbridgeError
from refbridge.model import Record

if TYPE_CHECKING:
    from refbridge._internal.pipeline import Counts, Input, RecordsInput
    from refbridge.registry import RecordStep, Transform
    from refbridge.session import Session

# Set in the main process just before the workers are forked; read in the workers.
_session: Session | None = None
_steps: list[tuple[Transform, RecordStep]] = []


#: The output format's name and the output's name, when workers render what they read.
Render = tuple[str, "str | None"]


@dataclass(slots=True)
class _Task:
    """One unit of work for a worker: a chunk of an input, or a whole input file."""

    format_name: str
    filename: str
    chunk: Chunk | None = None
    path: str | None = None
    encoding: str | None = None
    render: Render | None = None  # the output format and name: render the records here


@dataclass(slots=True)
class _Result:
    records: list[Record]
    read: int = 0
    dropped: int = 0
    survivors: tuple[bool, bool] = (True, True)
    summary: Any = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unkept: dict[str, int] = field(default_factory=dict)
    error: Diagnostic | None = None
    rendered: bool = False  # ``records`` holds the output format's pieces


def _init_worker() -> None:
    # The main process prints diagnostics and handles Ctrl-C; workers only collect.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    assert _session is not None
    _session.sink.listener = None
    _session.sink.strict = False
    _session.sink.take()


def _run_task(task: _Task) -> _Result:
    """Worker side: read a chunk or a file, run the transforms, return everything."""
    session = _session
    assert session is not None
    result = _process(session, task)
    result.diagnostics, result.unkept = session.sink.take()
    return result


def _run_here(session: Session, task: _Task, state: _InputState) -> _Result:
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
        return _process(session, task)
    finally:
        sink.listener = listener


def _process(session: Session, task: _Task) -> _Result:
    """Read a chunk or a file and run the transforms over its records."""
    from refbridge._internal.pipeline import Input, parse_error_diagnostic

    error: Diagnostic | None = None
    summary: Any = None
    read: list[Record] = []
    if task.chunk is not None:
        fmt = session.plugins.formats.get(task.format_name)
        assert fmt is not None
        assert fmt.chunked is not None
        try:
            got: ChunkRead = fmt.chunked.read(task.chunk, session.context(fmt.name, task.filename))
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
    kept: list[Record] = []
    first_kept = last_kept = False
    last = len(read) - 1
    for index, record in enumerate(read):
        current: Record | None = record
        for _transform, step in _steps:
            current = step(current)  # type: ignore[arg-type]
            if current is None:
                break
        if current is not None:
            kept.append(current)
            first_kept = first_kept or index == 0
            last_kept = index == last
    result = _Result(kept, len(read), len(read) - len(kept), (first_kept, last_kept), summary, error=error)
    if task.render is not None:
        result.records = _render(session, task.render, kept)
        result.rendered = True
    return result


def _render(session: Session, render: Render, records: list[Record]) -> list[Any]:
    """The output format's pieces for ``records`` (see ``ChunkedWriting``)."""
    fmt = session.plugins.formats.get(render[0])
    assert fmt is not None
    assert fmt.chunked_write is not None
    return fmt.chunked_write.render(records, session.context(fmt.name, render[1]))


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
    future: Future[_Result] | None = None
    done: _Result | None = None
    local: Input | RecordsInput | None = None
    end: bool = False
    error: Diagnostic | None = None


def parallel_records(  # noqa: PLR0917 — run_conversion's arguments, passed on
    session: Session,
    inputs: list[Input | RecordsInput],
    counts: Counts,
    jobs: int,
    chunk_chars: int = CHUNK_CHARS,
    render: Render | None = None,
) -> Iterator[Any]:
    """Yield the transformed records of ``inputs`` in input order, read by ``jobs`` workers;
    with ``render``, the output format's pieces for them instead (``ChunkedWriting``),
    rendered by the workers where nothing is left to do to the records."""
    global _session, _steps  # noqa: PLW0603 — handed to the forked workers
    _session = session
    _steps = session.transform_steps()
    window = 2 * jobs
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker)
    try:
        work = _plan(session, inputs, pool, chunk_chars, render, several=len(inputs) > 1)
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
            yield from _finish(session, queue.popleft(), counts, render)
    finally:
        # On an error or Ctrl-C, chunks not yet started are dropped rather than read.
        pool.shutdown(wait=True, cancel_futures=True)
        _session, _steps = None, []


def _plan(
    session: Session,
    inputs: list[Input | RecordsInput],
    pool: ProcessPoolExecutor,
    chunk_chars: int,
    render: Render | None,
    *,
    several: bool,
) -> Iterator[_Pending]:
    """The queue entries for every input, made lazily (a chunk is cut when there is room)."""
    from refbridge._internal.pipeline import Input, parse_error_diagnostic

    started = False  # the first chunk is read here, before the workers start
    for item in inputs:
        state = _InputState(item.name)
        chunked = item.format.chunked if isinstance(item, Input) else None
        if isinstance(item, Input) and chunked is not None:
            context = session.context(item.format.name, item.name)
            if chunked.accepts is None or chunked.accepts(context):
                state.merger = chunked.merger(context) if chunked.merger else None
                state.once = chunked.once_codes
                state.format_name, state.texts = item.format.name, []
                # A merger still changes the records: they are rendered after it, here.
                here = render if state.merger is None else None
                try:
                    for chunk in item.chunks(chunk_chars):
                        if state.texts is not None:
                            state.texts.append(chunk.text)
                        task = _Task(item.format.name, item.name, chunk=chunk, render=here)
                        if not started:
                            started = True
                            yield _Pending(state, done=_run_here(session, task, state))
                        else:
                            yield _Pending(state, future=pool.submit(_run_task, task))
                except ParseError as exc:
                    yield _Pending(state, error=parse_error_diagnostic(exc, item.name))
                yield _Pending(state, end=True)
                continue
        if several and isinstance(item, Input) and item.opened.path is not None:
            item.close()
            task = _Task(
                item.format.name, item.name, path=item.name, encoding=item.requested_encoding, render=render
            )
            yield _Pending(state, future=pool.submit(_run_task, task))
            continue
        yield _Pending(state, local=item)


def _result(future: Future[_Result] | None) -> _Result:
    assert future is not None
    return future.result()


def _finish(session: Session, pending: _Pending, counts: Counts, render: Render | None) -> Iterator[Any]:
    """Pass one queue entry on: its counts and diagnostics to the run, its records (or
    their rendered pieces) out."""
    from refbridge._internal.pipeline import apply_transforms, read_all

    state = pending.state
    if pending.local is not None:
        local = apply_transforms(session, read_all(session, [pending.local], counts), counts)
        if render is None:
            yield from local
        else:
            for batch in _batches(local):
                yield from _render(session, render, batch)
        return
    if pending.end:
        if state.texts is not None and not state.failed:
            error = _whole_input_error(session, state)
            if error is not None:
                counts.failed_inputs.append(state.name)
                session.sink.add(error)
                state.failed = True
        if state.merger is not None and not state.failed:
            yield from _out(session, state.merger.finish(), render)
        return
    if pending.error is not None:
        counts.failed_inputs.append(state.name)
        session.sink.add(pending.error)
        if state.merger is not None:
            yield from _out(session, state.merger.finish(), render)
        state.failed = True
        return
    try:
        result = pending.done if pending.done is not None else _result(pending.future)
    except BrokenProcessPool:
        raise RefbridgeError(
            "a worker process died (out of memory?); nothing was written — run again with --jobs 1"
        ) from None
    if state.failed:
        return  # the serial reader would have stopped at the earlier error
    sink = session.sink
    for diagnostic in result.diagnostics:
        if diagnostic.code in state.once:
            key = (diagnostic.code, diagnostic.message)
            if key in state.seen_once:
                continue
            state.seen_once.add(key)
        sink.add(diagnostic)
    sink.count_unkept(result.unkept)
    counts.read += result.read
    counts.dropped += result.dropped
    state.read += result.read
    if state.read:
        state.texts = None  # the input has records: no verdict on the whole of it needed
    if result.rendered:
        yield from result.records
    else:
        out = result.records
        if state.merger is not None:
            out = state.merger.merge(out, result.summary, result.survivors)
        yield from _out(session, out, render)
    if result.error is not None:
        counts.failed_inputs.append(state.name)
        sink.add(result.error)
        if state.merger is not None:
            yield from _out(session, state.merger.finish(), render)
        state.failed = True


def _whole_input_error(session: Session, state: _InputState) -> Diagnostic | None:
    """The serial reader's verdict on a chunked input none of whose chunks held a record.

    A chunk without a record is normal, so chunk readers do not give up on one; only
    the serial reader sees a whole input and can tell that it holds no record at all
    (the BibTeX reader's RB213). It reads the input's text again here — held in
    ``state.texts`` only while no record has come — and only the ParseError it raises
    counts: the chunks reported the input's other diagnostics already.
    """
    from refbridge._internal.pipeline import parse_error_diagnostic

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


def _out(session: Session, records: list[Record], render: Render | None) -> list[Any]:
    """Records as they go out: as they are, or rendered."""
    if render is None or not records:
        return records
    return _render(session, render, records)


def _batches(records: Iterator[Record], size: int = 256) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
