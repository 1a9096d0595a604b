"""Diagnostics held back in the main process of a ``--jobs`` run, shown in input order.

The main process cuts an input into chunks (the cutter reports as it reads: RIS records
without ``ER``), processes the first chunk itself, and gets the others' diagnostics from the
workers, each of which reads its whole chunk before it transforms it. Shown as they arrive,
the diagnostics would come out of order; ``parallel`` holds them per chunk and shows them
with the chunk's result, in line order, as the serial runner shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from refbridge._internal.workers import Result
from refbridge.diagnostics import Diagnostic, DiagnosticSink

T = TypeVar("T")


def holding(sink: DiagnosticSink, held: list[Diagnostic], run: Callable[[], T]) -> T:
    """Run ``run`` with the sink's listener holding what it would show in ``held``."""
    listener = sink.listener
    sink.listener = held.append if listener is not None else None
    try:
        return run()
    finally:
        sink.listener = listener


def show_held(sink: DiagnosticSink, held: list[Diagnostic], result: Result | None) -> None:
    """Show held diagnostics and add a worker's, together in line order (a worker reads its
    whole chunk before transforming it, and the cutter reports ahead of the workers)."""
    merged = [(d, True) for d in held] + [(d, False) for d in (result.diagnostics if result else [])]
    merged.sort(key=lambda pair: pair[0].line or 0)
    for diagnostic, counted in merged:
        if not counted:  # a worker's: counted and shown by the sink
            sink.add(diagnostic)
        elif sink.listener is not None:
            sink.listener(diagnostic)
    if result is not None:
        result.diagnostics = []
