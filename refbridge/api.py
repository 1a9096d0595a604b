"""The Python API: ``read``, ``write`` and ``convert``."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from refbridge._internal.account import FieldAccount
from refbridge._internal.inputs import Counts, Input, InputSource, Source
from refbridge._internal.pipeline import run_conversion
from refbridge._internal.textio import atomic_output
from refbridge._internal.transforms import apply_transforms
from refbridge.context import Context
from refbridge.model import Record
from refbridge.session import Session


def read(
    source: Source,
    format: str | None = None,
    *,
    session: Session | None = None,
    encoding: str | None = None,
    transform: bool = False,
) -> Iterator[Record]:
    """Yield the records of ``source`` (a path, ``-`` or a text stream).

    The format is taken from ``format``, else the file extension, else the content.
    With ``transform=True`` the enabled transforms are applied as in ``convert``.
    Diagnostics go to ``session.sink`` (a default session is made if none is given).
    """
    session = session or Session()
    item = Input(session, source, format, encoding)
    records = item.records()
    if transform:
        records = apply_transforms(session, records, Counts())
    return records


def write(
    records: Iterable[Record],
    dest: str | os.PathLike[str] | IO[str],
    format: str | None = None,
    *,
    session: Session | None = None,
) -> None:
    """Write ``records`` to ``dest`` (a path, written atomically, or a text stream).

    The format is ``format``, else guessed from the path's extension. A field the format
    has no place for is reported to ``session.sink`` (RB040), as ``convert`` does.
    """
    session = session or Session()
    if format is not None:
        fmt = session.format_named(format, need="write")
    else:
        fmt = session.guess_format(
            str(dest) if isinstance(dest, (str, os.PathLike)) else None, None, need="write"
        )
    assert fmt.write is not None
    account = FieldAccount.start(fmt, report=False, options=session.options_for(fmt.name))
    records = account.records(records, session.sink)
    if isinstance(dest, (str, os.PathLike)):
        with atomic_output(dest) as stream:
            fmt.write(records, stream, session.context(fmt.name, str(dest)))
    else:
        fmt.write(records, dest, Context(fmt.name, None, session.options_for(fmt.name), session.sink))


def convert(
    source: InputSource | list[InputSource],
    dest: Source,
    from_format: str | None = None,
    to_format: str | None = None,
    *,
    session: Session | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    enable: Iterable[str] = (),
    disable: Iterable[str] = (),
    strict: bool = False,
    encoding: str | None = None,
    jobs: int | None = 1,
) -> Counts:
    """Convert ``source`` (one or several) to ``dest``, applying the enabled transforms.

    A source is a path, ``-``, a text stream, or an iterable of ``Record`` (e.g. a
    generator); ``dest`` is a path (written atomically), ``-`` or a text stream.
    A path is not written at all (a previous file is left as it was) when a reader
    gave up on a source, or when errors were reported and no record was read; the
    returned ``Counts.not_written`` then says why.
    ``options`` maps a format or transform name to its option values, as
    ``-O name.option=value`` does on the command line. ``jobs`` > 1 reads and
    transforms in that many worker processes (0 or None: every CPU for large
    inputs), with the same output; the default, 1, stays in this process. Returns the
    record counts; diagnostics are in ``session.sink``.
    """
    if session is None:
        session = Session(options=options, enable=enable, disable=disable, strict=strict)
    # A list of sources, unless it is a list of records (one in-memory source).
    is_source_list = isinstance(source, list) and not (source and isinstance(source[0], Record))
    sources: list[InputSource] = source if is_source_list else [source]  # type: ignore[assignment,list-item]
    return run_conversion(
        session, sources, dest, from_format=from_format, to_format=to_format, encoding=encoding, jobs=jobs
    )
