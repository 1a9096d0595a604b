"""The transform loop: every active transform over each record, in order.

The one place that runs transform steps during a conversion. The serial runner
(``pipeline``) streams records through ``apply_transforms``; the parallel runner's
workers run ``transformed`` over a chunk's records, which also tells them which
records a step dropped (a chunk merger needs to know whether the first and last
records it read came through).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from refbridge._internal.inputs import Counts
from refbridge.model import Record
from refbridge.registry import RecordStep, Transform
from refbridge.session import Session

#: The instantiated transforms of a run, in order (``Session.transform_steps``).
Steps = Sequence[tuple[Transform, RecordStep]]


def transformed(steps: Steps, records: Iterable[Record]) -> Iterator[Record | None]:
    """Yield, for each record, what comes out of the steps: the record after every
    step, or None when a step dropped it (the steps after that one do not run)."""
    for record in records:
        current = record
        result: Record | None = current
        for _transform, step in steps:
            result = step(current)
            if result is None:
                break
            current = result
        yield result


def apply_steps(steps: Steps, records: Iterable[Record], counts: Counts) -> Iterator[Record]:
    """Yield the records that come through ``steps``; count them read, and dropped."""
    for result in transformed(steps, records):
        counts.read += 1
        if result is None:
            counts.dropped += 1
        else:
            yield result


def apply_transforms(session: Session, records: Iterable[Record], counts: Counts) -> Iterator[Record]:
    """``apply_steps`` with the session's active transforms, instantiated when the first
    record is asked for (what their factories report comes where it always has)."""
    yield from apply_steps(session.transform_steps(), records, counts)
