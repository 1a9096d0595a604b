"""The MEDLINE reader: lines → fields → records, one record at a time.

A field is a tag padded to four characters, ``- ``, and the value (``PMID- 123``,
``AU  - Wang S``; ``PMID-123`` is accepted too); lines indented with spaces continue
the value before them. Records are separated by blank lines. Only the fields of the
record being read are held in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from refbridge.context import Context
from refbridge.errors import ParseError
from refbridge.model import Record

from .build import build_record

#: A tag line. A tag shorter than four characters must be followed by a space, so that
#: an unindented text line such as ``AB-1 blocks`` is not taken for one.
TAG_LINE = re.compile(r"([A-Z][A-Z0-9]{3}|[A-Z][A-Z0-9]{0,2}(?= )) *- ?(.*)")
#: Non-blank lines before the first tag line after which the input is not MEDLINE.
GIVE_UP_AFTER = 50


@dataclass
class Field:
    """One tag and its value (continuation lines joined), with the line it starts on."""

    tag: str
    parts: list[str]
    line: int

    @property
    def value(self) -> str:
        """The value with continuation lines joined and runs of spaces collapsed."""
        return " ".join(" ".join(self.parts).split())


@dataclass
class _State:
    fields: list[Field] = field(default_factory=list)
    seen_tag: bool = False
    stray_lines: int = 0
    stray_reported: bool = False
    first_stray: int | None = None


def read_medline(stream: IO[str], context: Context) -> Iterator[Record]:
    """Yield the records of a MEDLINE stream (see the module docstring)."""
    count = 0
    for fields in _blocks(stream, context):
        record = build_record(fields, context)
        count += 1
        yield record
    if count == 0:
        context.warning("the input holds no MEDLINE record", code="RB901", line=1)


def _blocks(stream: IO[str], context: Context) -> Iterator[list[Field]]:
    """The fields of each record, in order."""
    state = _State()
    number = 0
    for number, raw in enumerate(stream, 1):
        line = raw.rstrip("\r\n")
        if number == 1:
            line = line.lstrip("\ufeff")
        if not line.strip():
            state.stray_reported = False
            if state.fields:
                yield state.fields
                state.fields = []
            continue
        match = TAG_LINE.fullmatch(line)
        if match is not None:
            tag = match.group(1)
            if state.first_stray is not None:
                _report_stray(context, state.first_stray)
                state.first_stray = None
            state.seen_tag = True
            state.stray_reported = False
            if tag == "PMID" and any(f.tag == "PMID" for f in state.fields):
                context.warning(
                    "a PMID line with no blank line before it: a new record starts here",
                    code="RB910",
                    line=number,
                )
                yield state.fields
                state.fields = []
            state.fields.append(Field(tag, [match.group(2)], number))
            continue
        if state.fields:
            if not line[0].isspace():
                context.warning(
                    "a line without a tag and without indentation; joined to the value before it",
                    code="RB903",
                    line=number,
                )
            state.fields[-1].parts.append(line)
            continue
        _stray(state, context, number)
    if state.fields:
        yield state.fields
    elif not state.seen_tag and state.stray_lines:
        raise ParseError(
            "not a MEDLINE file: no tag line such as 'PMID- '", file=context.filename, code="RB900"
        )


def _stray(state: _State, context: Context, number: int) -> None:
    """A text line outside any record: reported once per run of such lines; the input is
    given up on when no tag line came among the first ``GIVE_UP_AFTER`` lines."""
    state.stray_lines += 1
    if not state.seen_tag and state.stray_lines > GIVE_UP_AFTER:
        raise ParseError(
            f"not a MEDLINE file: no tag line such as 'PMID- ' in the first {GIVE_UP_AFTER} lines",
            file=context.filename,
            line=number,
            code="RB900",
        )
    if not state.stray_reported:
        state.stray_reported = True
        if state.seen_tag:
            _report_stray(context, number)
        else:  # reported once a tag line shows that this is MEDLINE at all
            state.first_stray = number


def _report_stray(context: Context, number: int) -> None:
    context.warning("text outside any record (no tag before it); ignored", code="RB902", line=number)
