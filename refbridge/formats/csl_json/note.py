"""``note`` as Zotero and Better BibTeX use it: ``key: value`` lines, then free text.

CSL has no place for a PMID before 1.0.2, nor for fields of other formats, so exporters
write them as lines ``PMID: 123`` / ``original-date: 1850`` at the start of ``note``
(Zotero's "Extra" cheater syntax). refbridge reads the leading block of such lines into
fields and writes what has no CSL variable the same way; the text after the block is a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .tables import SCHEMA_VARIABLES, ZOTERO_LABELS

_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_.:\-]{0,60}?|[A-Za-z][A-Za-z ]{0,30}?):[ \t]+(\S.*?)\s*$")
_BY_LOWER = {name.lower(): name for name in SCHEMA_VARIABLES}


def note_key(label: str) -> str | None:
    """The field a note label names: a CSL variable, a Zotero label, or an ``extra`` key
    (one word); None for a label that is part of free text (``Seen in print``)."""
    lower = label.strip().lower()
    if lower in ZOTERO_LABELS:
        return ZOTERO_LABELS[lower]
    if lower in _BY_LOWER:
        return _BY_LOWER[lower]
    if " " in label or lower in ("note", "notes", "http", "https"):
        return None
    return label


def split_note(note: str) -> tuple[list[tuple[str, str]], str | None]:
    """The leading ``key: value`` lines of a note (as (key, value)) and the rest of its text."""
    lines = note.splitlines()
    pairs: list[tuple[str, str]] = []
    index = 0
    for index, line in enumerate(lines):  # noqa: B007 - the index after the loop is used
        match = _LINE.match(line)
        key = note_key(match.group(1)) if match else None
        if match is None or key is None:
            break
        pairs.append((key, match.group(2)))
    else:
        index = len(lines)
    rest = "\n".join(lines[index:]).strip("\n")
    return pairs, rest if rest.strip() else None


def join_note(pairs: Iterable[tuple[str, str]], notes: Iterable[str]) -> str | None:
    """``key: value`` lines (newlines in a value become spaces) followed by the notes."""
    lines = [f"{key}: {' '.join(value.split())}" for key, value in pairs if value.strip()]
    text = "\n".join([*lines, *(n for n in notes if n.strip())])
    return text or None
