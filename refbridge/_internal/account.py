"""The account of every field: what the output format wrote of each record, and what not.

Generic, from the output format's field table for the run's options
(``Format.field_table``: ``Format.fields``, or the table of an option's value, as the
tagged EndNote format's ``flavour``; ``refbridge.fieldmap``):
a field that is not empty in a record and that the table maps to None ("no place") is
reported as not written (RB040), counted by field for the summary line, and — with
``--report`` — listed in a per-record account beside the fields written and those a
transform changed. Writers need no code for it; a format without a table (a third
party's) is not accounted for.

The check runs where a record meets the writer: in this process for the serial runner,
or in a worker that renders its records (``--jobs`` with a split writer), which sends
back ``Entry`` tuples that the main process ``take``s in input order, so the counts and
the report are the same with any number of jobs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from refbridge.diagnostics import Diagnostic, DiagnosticSink
from refbridge.fieldmap import FIELDS, GETTERS, FieldTable, display_name, unplaced
from refbridge.model import Record
from refbridge.registry import Format

CODE = "RB040"
#: A record's account: its file, line and label, the fields not written and (for the
#: report only) the fields written.
Entry = tuple["str | None", "int | None", str, tuple[str, ...], "tuple[str, ...] | None"]
#: Where a record was read (file, line): how the changes a transform made are found again.
Where = tuple["str | None", "int | None"]


@dataclass(frozen=True, slots=True)
class _Gaps:
    """What the check looks at for one record type."""

    attrs: tuple[str, ...]
    roles: frozenset[str]
    placed: tuple[str, ...]


@dataclass(slots=True)
class Checker:
    """The per-record check for one output format (cheap: only the fields the format has
    no place for are looked at, unless the report wants the written ones too)."""

    table: FieldTable | None = None
    #: Record type → what to look at (made on first use: a run meets few types).
    by_type: dict[str, _Gaps] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        """True when the format has a field table."""
        return self.table is not None

    @classmethod
    def of(cls, fmt: Format | None, options: Mapping[str, Any] | None = None) -> Checker:
        """The check for ``fmt``'s field table with the run's resolved ``options`` of the
        format (its defaults when None); an inactive check when it has no table."""
        return cls(fmt.field_table(options or {}) if fmt is not None else None)

    def _gaps(self, record_type: str) -> _Gaps:
        gaps = self.by_type.get(record_type)
        if gaps is None:
            assert self.table is not None
            missing = unplaced(self.table, record_type)
            roles = frozenset(name.partition(".")[2] for name in missing if name.startswith("contributors."))
            gaps = self.by_type[record_type] = _Gaps(
                attrs=tuple(name for name in missing if not name.startswith("contributors.")),
                roles=roles,
                placed=tuple(name for name in FIELDS if name not in missing),
            )
        return gaps

    def entry(self, record: Record, *, full: bool) -> Entry | None:
        """The record's account, or None when nothing is to be said (all written, no report)."""
        if self.table is None:
            if not full:
                return None
            missing: list[str] = []
            names: tuple[str, ...] = FIELDS
        else:
            gaps = self._gaps(record.type)
            missing = [name for name in gaps.attrs if getattr(record, name)]
            if gaps.roles and record.contributors:
                missing += [
                    f"contributors.{role}"
                    for role, people in record.contributors.items()
                    if people and role in gaps.roles
                ]
            if not missing and not full:
                return None
            names = gaps.placed
        written = tuple(name for name in names if GETTERS[name](record)) if full else None
        where = record.source
        return (
            where.file if where else None,
            where.line if where else None,
            record.label,
            tuple(missing),
            written,
        )


@dataclass(slots=True)
class FieldAccount:
    """A run's account: fields not written by field name, and the per-record report."""

    format_name: str = ""
    checker: Checker = field(default_factory=Checker)
    #: The format as RB040 messages name it (``endnote (flavour=zotero)``, see ``_shown_format``).
    shown_format: str = ""
    #: Display name of a field → how many records it was not written for.
    unwritten: dict[str, int] = field(default_factory=dict)
    #: With ``--report``: one dict per record written, and the fields transforms changed.
    report: list[dict[str, Any]] | None = None
    changes: dict[Where, tuple[str, ...]] | None = None

    @classmethod
    def start(cls, fmt: Format, *, report: bool, options: Mapping[str, Any] | None = None) -> FieldAccount:
        """The account of a run writing ``fmt`` with its resolved ``options``."""
        checker = Checker.of(fmt, options)
        account = cls(fmt.name, checker, report=[] if report else None, changes={} if report else None)
        account.shown_format = _shown_format(fmt, options or {})
        return account

    @property
    def full(self) -> bool:
        """True when a per-record report is wanted."""
        return self.report is not None

    def records(self, records: Iterable[Record], sink: DiagnosticSink) -> Iterator[Record]:
        """Pass ``records`` on, accounting for each."""
        checker, full = self.checker, self.full
        for record in records:
            entry = checker.entry(record, full=full)
            if entry is not None:
                self.take(entry, sink)
            yield record

    def take(self, entry: Entry, sink: DiagnosticSink) -> None:
        """Report and count one record's account (made here or in a worker)."""
        file, line, label, missing, written = entry
        for name in missing:
            shown = display_name(name)
            self.unwritten[shown] = self.unwritten.get(shown, 0) + 1
            sink.add(
                Diagnostic(
                    "warning",
                    f"{shown} not written: {self.shown_format or self.format_name} has no place for it",
                    CODE,
                    file,
                    line,
                    label,
                )
            )
        if self.report is not None:
            changed = (
                self.changes.get((file, line), ()) if self.changes is not None and file is not None else ()
            )
            self.report.append(
                {
                    "record": label,
                    "source": f"{file or '<input>'}:{line or 0}",
                    "written": [display_name(name) for name in written or ()],
                    "not_written": [display_name(name) for name in missing],
                    "changed": [display_name(name) for name in changed],
                }
            )

    def summary(self) -> str:
        """``12 fields not written: series ×10, event-place ×2`` (empty when all were)."""
        if not self.unwritten:
            return ""
        total = sum(self.unwritten.values())
        ranked = sorted(self.unwritten.items(), key=lambda item: (-item[1], item[0]))
        parts = ", ".join(f"{name} ×{count:,}" for name, count in ranked)
        return f"{total:,} field{'s' if total != 1 else ''} not written: {parts}"


def _shown_format(fmt: Format, options: Mapping[str, Any]) -> str:
    """The format's name, with the option's value when the tables of the option's values
    differ in what they give no place (``endnote (flavour=zotero)``: another value may
    write the field), so that a warning says what to change."""
    if fmt.fields_by_option is None:
        return fmt.name
    option, tables = fmt.fields_by_option
    gaps = {frozenset(key for key, place in table.items() if place is None) for table in tables.values()}
    if len(gaps) < 2 or option not in options:
        return fmt.name
    return f"{fmt.name} ({option}={options[option]})"


#: Every field a transform may change, ``type`` included.
_COMPARED: tuple[str, ...] = ("type", *FIELDS)


def changed_fields(before: Record, after: Record) -> tuple[str, ...]:
    """The fields whose value differs between ``before`` and ``after``."""
    return tuple(name for name in _COMPARED if _value(before, name) != _value(after, name))


def _value(record: Record, name: str) -> Any:
    return record.type if name == "type" else GETTERS[name](record)
