"""The transform loop: every active transform over each record, in order.

The one place that runs transform steps during a conversion. The serial runner
(``pipeline``) streams records through ``apply_transforms``; the parallel runner's
workers run ``transformed`` over a chunk's records, which also tells them which
records a step dropped (a chunk merger needs to know whether the first and last
records it read came through).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from refbridge._internal.account import Where, changed_fields
from refbridge._internal.inputs import Counts
from refbridge.model import Record
from refbridge.registry import RecordStep, Transform
from refbridge.session import Session

#: The instantiated transforms of a run, in order (``Session.transform_steps``).
Steps = Sequence[tuple[Transform, RecordStep]]


def transformed(
    steps: Steps, records: Iterable[Record], changes: dict[Where, tuple[str, ...]] | None = None
) -> Iterator[Record | None]:
    """Yield, for each record, what comes out of the steps: the record after every
    step, or None when a step dropped it (the steps after that one do not run).

    ``changes`` (``--report``) gets, by where a record was read, the fields the steps
    changed: the record before and after the whole loop are compared here, the one
    place every transform runs, so no transform needs to say what it did.
    """
    for record in records:
        current = record
        result: Record | None = current
        for _transform, step in steps:
            result = step(current)
            if result is None:
                break
            current = result
        if changes is not None and result is not None and result is not record and record.source is not None:
            diff = changed_fields(record, result)
            if diff:
                changes[record.source.file, record.source.line] = diff
        yield result


def apply_steps(steps: Steps, records: Iterable[Record], counts: Counts) -> Iterator[Record]:
    """Yield the records that come through ``steps``; count them read, and dropped."""
    changes = counts.account.changes if counts.account is not None else None
    for result in transformed(steps, records, changes):
        counts.read += 1
        if result is None:
            counts.dropped += 1
        else:
            yield result


def apply_transforms(session: Session, records: Iterable[Record], counts: Counts) -> Iterator[Record]:
    """``apply_steps`` with the session's active transforms, instantiated when the first
    record is asked for (what their factories report comes where it always has)."""
    yield from apply_steps(session.transform_steps(), records, counts)
