"""A cheaper ``dataclasses.replace`` for ``Record``, for the transforms' hot paths.

``dataclasses.replace`` looks up the dataclass fields, builds a keyword dict and
calls ``__init__`` with keywords on every call: about three times the cost of
reading all fields at once with one ``attrgetter`` and calling ``Record`` with
positional arguments, which is what ``with_changes`` does. The result is the
same record ``replace`` would make (``Record`` has no ``__post_init__`` and no
``init=False`` field); any other class, a subclass included, goes through
``dataclasses.replace``.
"""

from __future__ import annotations

from dataclasses import fields, replace
from operator import attrgetter
from typing import Any

from refbridge.model import Record

_NAMES = tuple(f.name for f in fields(Record))
_ALL = attrgetter(*_NAMES)
_POSITION = {name: index for index, name in enumerate(_NAMES)}
# Positional construction is only right when every field is an __init__ argument.
_POSITIONAL = all(f.init for f in fields(Record)) and not hasattr(Record, "__post_init__")


def with_changes(record: Record, changes: dict[str, Any]) -> Record:
    """``dataclasses.replace(record, **changes)``, faster for a plain ``Record``."""
    if type(record) is not Record or not _POSITIONAL:
        return replace(record, **changes)
    values = list(_ALL(record))
    for name, value in changes.items():
        values[_POSITION[name]] = value
    return Record(*values)
