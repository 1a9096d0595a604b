"""Diagnostics: problems found in the input, reported with file, line and a code.

Readers, transforms and writers report through a ``Context`` (see ``context.py``);
the pipeline collects them in a ``DiagnosticSink``. Every code is documented in
``docs/errors.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from refbridge.errors import StrictModeError

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One reported problem or remark."""

    severity: Severity
    message: str
    code: str
    file: str | None = None
    line: int | None = None
    key: str | None = None
    #: Where in a document whose lines do not tell its parts apart (a PMC ``.nxml`` holds
    #: every reference on one line): ``ref id="pntd.0002065-Murphy1"``.
    element: str | None = None

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        inside = f"<{self.element}>: " if self.element else ""
        return f"{where}: {self.severity}: {inside}{self.message} [{self.code}]"


class DiagnosticSink:
    """Collects diagnostics; in strict mode, raises at the first warning or error.

    ``listener`` is called with each diagnostic as it arrives (the CLI prints them
    immediately rather than at the end, so a long conversion shows problems early).
    Only the first ``keep`` diagnostics (of which at most ``keep_info`` informational
    ones) are kept in ``items`` — a transform reporting
    on every record of a million-record file must not make memory grow — but the
    counts per severity are always exact.
    """

    def __init__(
        self,
        *,
        strict: bool = False,
        listener: Callable[[Diagnostic], None] | None = None,
        keep: int = 10_000,
        keep_info: int = 1_000,
    ) -> None:
        self.strict = strict
        self.listener = listener
        self.keep = keep
        self.keep_info = keep_info
        self._kept_info = 0
        self.items: list[Diagnostic] = []
        self._counts: dict[str, int] = dict.fromkeys(SEVERITIES, 0)

    def add(self, diagnostic: Diagnostic) -> None:
        """Record a diagnostic, tell the listener, and stop in strict mode."""
        self._counts[diagnostic.severity] += 1
        # Informational remarks (one per record from some transforms) get a smaller share.
        is_info = diagnostic.severity == "info"
        if len(self.items) < self.keep and not (is_info and self._kept_info >= self.keep_info):
            self.items.append(diagnostic)
            self._kept_info += is_info
        if self.listener is not None:
            self.listener(diagnostic)
        if self.strict and diagnostic.severity != "info":
            raise StrictModeError(diagnostic)

    def take(self) -> tuple[list[Diagnostic], dict[str, int]]:
        """Hand over what was collected and start afresh (a worker process does this
        after each chunk): the kept diagnostics, and per severity how many were not kept."""
        items = self.items
        unkept = dict(self._counts)
        for diagnostic in items:
            unkept[diagnostic.severity] -= 1
        self.items = []
        self._counts = dict.fromkeys(SEVERITIES, 0)
        self._kept_info = 0
        return items, unkept

    def count_unkept(self, counts: Mapping[str, int]) -> None:
        """Add diagnostics that were counted elsewhere but not kept (see ``take``)."""
        for severity, number in counts.items():
            self._counts[severity] += number

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def count(self, severity: Severity) -> int:
        """Number of diagnostics of one severity (including any not kept)."""
        return self._counts[severity]

    def codes(self) -> list[str]:
        """The codes reported, in order (handy in tests)."""
        return [d.code for d in self.items]
