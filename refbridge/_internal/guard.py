"""Guards around third-party plugin code during a run: one line naming the plugin.

The plugin manager wraps the readers, writers, sniffers, rewriters and transforms
that a plugin outside refbridge's own distribution registers. An exception from one
of them becomes a ``PluginError`` whose message names the plugin and where it
failed (``plugin 'titlecase' failed on refs.bib:12: ValueError: ...``); the CLI
prints it as ``refbridge: error: ...`` and exits with status 1, and an output file
is left as it was (it is written atomically). ``refbridge --debug`` also prints the
plugin's own traceback, at the moment it fails (so also in ``format``, which goes
on with the next file, and in a ``--jobs`` worker).

What passes through unchanged: refbridge's own errors (``RefbridgeError``: a
reader's ``ParseError``, a ``--strict`` stop, or another plugin's ``PluginError``
coming down the record stream), a closed standard output (``BrokenPipeError``:
``| head``), a reader's decoding error of its input (reported by line as RB021, as
for every format), and whatever a reader or transform before a writer raised
while the writer pulled records from it (it is theirs, not the writer's).

refbridge's own plugins are not wrapped: an exception from them is a bug in
refbridge, shown with its traceback; and their hot paths stay as they are.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import IO

from refbridge.context import Context
from refbridge.errors import RefbridgeError
from refbridge.model import Record
from refbridge.registry import Format, Reader, RecordStep, Sniffer, Transform, Writer
from refbridge.rewrite import Rewrite, Rewriter

#: Exceptions that are not the plugin's failure (see the module docstring).
_PASS_THROUGH = (RefbridgeError, BrokenPipeError)

_debug = False


class PluginError(RefbridgeError):
    """A third-party plugin's reader, writer, sniffer, rewriter or transform raised.

    The message names the plugin and where it failed; the plugin's own exception is
    the ``__cause__``. ``plugin`` is the plugin's name.
    """

    code = "RB005"

    def __init__(self, message: str, plugin: str = "") -> None:
        super().__init__(message)  # the message alone in args: pickles across --jobs workers
        self.plugin = plugin


def set_debug(on: bool) -> None:
    """``refbridge --debug``: print a failing plugin's traceback as well (process-wide,
    so that ``--jobs`` workers forked later do too)."""
    global _debug  # noqa: PLW0603 — one switch for the process, read by every guard
    _debug = on


def debugging() -> bool:
    """True when ``--debug`` asked for the tracebacks of failing plugins."""
    return _debug


def print_traceback(exc: BaseException) -> None:
    """Print ``exc``'s traceback to standard error (``--debug``)."""
    import traceback  # only --debug needs it: start-up stays as it was

    traceback.print_exception(exc, file=sys.stderr)
    sys.stderr.flush()


def _failure(plugin: str, where: str, exc: BaseException) -> PluginError:
    if _debug:
        print_traceback(exc)
    text = " ".join(str(exc).split())  # one line, whatever the plugin put in its message
    what = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return PluginError(f"plugin {plugin!r} failed {where}: {what}", plugin)


def _location(record: Record | None) -> str | None:
    """``file:line`` of a record (or its file, or its key), None when it tells nothing."""
    source = record.source if record is not None else None
    if source is not None and source.file:
        return f"{source.file}:{source.line}" if source.line else source.file
    if record is not None and record.key:
        return f"record {record.key!r}"
    return None


def guard_format(fmt: Format) -> Format:
    """``fmt`` with its reader, writer, sniffer and rewriter guarded."""
    plugin = fmt.plugin
    return replace(
        fmt,
        read=_guard_reader(fmt.read, plugin) if fmt.read is not None else None,
        write=_guard_writer(fmt.write, plugin) if fmt.write is not None else None,
        sniff=_guard_sniffer(fmt.sniff, plugin) if fmt.sniff is not None else None,
        rewrite=_guard_rewriter(fmt.rewrite, plugin) if fmt.rewrite is not None else None,
    )


def guard_transform(transform: Transform) -> Transform:
    """``transform`` with its factory, and the step the factory returns, guarded."""
    plugin, factory = transform.plugin, transform.factory

    def guarded_factory(context: Context) -> RecordStep:
        try:
            step = factory(context)
        except _PASS_THROUGH:
            raise
        except Exception as exc:
            raise _failure(plugin, f"setting up transform {transform.name!r}", exc) from exc

        def guarded_step(record: Record) -> Record | None:
            try:
                return step(record)
            except _PASS_THROUGH:
                raise
            except Exception as exc:
                raise _failure(plugin, f"on {_location(record) or 'a record'}", exc) from exc

        return guarded_step

    return replace(transform, factory=guarded_factory)


def _guard_reader(read: Reader, plugin: str) -> Reader:
    def guarded_read(stream: IO[str], context: Context) -> Iterator[Record]:
        last: Record | None = None
        try:
            for record in read(stream, context):
                last = record
                yield record
        except (*_PASS_THROUGH, UnicodeDecodeError):
            raise
        except Exception as exc:
            line = last.source.line if last is not None and last.source is not None else None
            after = f" after the record at line {line}" if line else ""
            raise _failure(plugin, f"reading {context.filename or '<input>'}{after}", exc) from exc

    return guarded_read


class _Feed:
    """The records a writer pulls: remembers the one in hand, and marks an exception
    raised upstream (by a reader or transform) as not the writer's."""

    __slots__ = ("_records", "current", "upstream")

    def __init__(self, records: Iterable[Record]) -> None:
        self._records = iter(records)
        self.current: Record | None = None
        self.upstream: BaseException | None = None

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> Record:
        try:
            record = next(self._records)
        except StopIteration:
            raise
        except BaseException as exc:
            self.upstream = exc
            raise
        self.current = record
        return record


def _guard_writer(write: Writer, plugin: str) -> Writer:
    def guarded_write(records: Iterable[Record], stream: IO[str], context: Context) -> None:
        feed = _Feed(records)
        try:
            write(feed, stream, context)
        except _PASS_THROUGH:
            raise
        except Exception as exc:
            if exc is feed.upstream:
                raise
            at = _location(feed.current)
            where = f"writing {context.filename or '<output>'}" + (f" on {at}" if at else "")
            raise _failure(plugin, where, exc) from exc

    return guarded_write


def _guard_sniffer(sniff: Sniffer, plugin: str) -> Sniffer:
    def guarded_sniff(head: str) -> float:
        try:
            return sniff(head)
        except _PASS_THROUGH:
            raise
        except Exception as exc:
            raise _failure(plugin, "guessing the format of an input", exc) from exc

    return guarded_sniff


def _guard_rewriter(rewrite: Rewriter, plugin: str) -> Rewriter:
    def guarded_rewrite(text: str, context: Context, step: RecordStep) -> Rewrite:
        upstream: list[BaseException] = []
        current: list[Record] = []

        def marked_step(record: Record) -> Record | None:
            # The step runs refbridge's transforms (and other plugins'): their failures are theirs.
            current[:] = [record]
            try:
                return step(record)
            except BaseException as exc:
                upstream[:] = [exc]
                raise

        try:
            return rewrite(text, context, marked_step)
        except _PASS_THROUGH:
            raise
        except Exception as exc:
            if upstream and exc is upstream[0]:
                raise
            at = _location(current[0]) if current else None
            where = f"rewriting {context.filename or '<input>'}" + (f" after {at}" if at else "")
            raise _failure(plugin, where, exc) from exc

    return guarded_rewrite
