"""The lossless rewrite behind ``refbridge format``: the plugin API for it.

A format that can put a file back exactly as it was read offers a ``Rewriter``
(``Format.rewrite``). ``format`` hands it the whole text of one file and one step
that runs the format-time transforms on a record. The rewriter reads every record
as usual, passes it through the step, and writes the file back: every byte it
read (entries, fields as written, comments, macros, the text between records) is
kept, except the values that the step changed and the layout rules the format
documents. It returns the new text and one ``FieldChange`` per value it changed,
so that ``format -v`` can list them. Problems go to the context as diagnostics;
a file the format cannot read at all raises ``ParseError``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from refbridge.context import Context
from refbridge.model import Record

RecordStep = Callable[[Record], "Record | None"]


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One value the rewrite changed: where, which field (as the file names it), and
    the value as written before and after (None: the field was added / removed)."""

    line: int | None
    key: str | None
    field: str
    old: str | None
    new: str | None

    def describe(self, filename: str) -> str:
        """``refs.bib:12: pages: 2984-92 → 2984--2992`` (one line; long values shortened)."""
        where = f"{filename}:{self.line}" if self.line is not None else filename
        return f"{where}: {self.field}: {_shown(self.old)} → {_shown(self.new)}"


def _shown(value: str | None) -> str:
    if value is None:
        return "(none)"
    flat = " ".join(value.split())
    return flat if len(flat) <= 80 else flat[:77] + "..."


@dataclass
class Rewrite:
    """The outcome of rewriting one file."""

    text: str
    changes: list[FieldChange] = field(default_factory=list)
    records: int = 0


Rewriter = Callable[[str, Context, RecordStep], Rewrite]
