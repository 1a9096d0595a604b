"""Journal lists: loading JabRef CSV files, TOML override files and the built-in list.

File formats (all UTF-8, a byte order mark is allowed):

JabRef CSV (``journal_abbreviations_*.csv`` from abbrv.jabref.org): no header, every
field double-quoted, 2 to 4 columns ``"Full Name","Abbreviation"[,"Shortest"[,"Frequency"]]``.
The third and fourth columns are ignored. A ``;``-separated file is accepted too
(older JabRef lists). Lines starting with ``#`` are comments. A first comment line
``# columns: full,iso4,nlm`` makes the third column an explicit NLM abbreviation
(the built-in list ``refbridge_plugins/data/journals.csv`` uses this).

TOML override file (a path ending in ``.toml``)::

    [journals]
    "Chinese Medical Journal" = "Chin. Med. J."
    "Journal of Clinical Investigation" = { iso4 = "J. Clin. Investig.", nlm = "J Clin Invest" }

Each list becomes a ``JournalIndex``: dicts keyed by ``journal_key`` for full names
and for abbreviations, built once per run. Entries whose keys collide but whose
answers differ are all kept, so a lookup can report the conflict.
"""

from __future__ import annotations

import csv
import io
import itertools
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from refbridge.errors import ConfigError

from .style import journal_key

BUILTIN_LABEL = "built-in list"
_COLUMNS_DIRECTIVE = "# columns:"


class Entry(NamedTuple):
    """One list entry: a full name, its abbreviation, and where it was read.

    A named tuple rather than a dataclass: lists of 100k rows make 100k of them.
    """

    full: str
    abbreviation: str
    nlm: str | None
    source: str
    line: int

    def where(self) -> str:
        """``source:line`` for messages."""
        return f"{self.source}:{self.line}"


@dataclass(frozen=True, slots=True)
class Problem:
    """A row of a list file that could not be used."""

    source: str
    line: int
    message: str
    serious: bool = True


@dataclass
class JournalIndex:
    """Entries of one or more lists, found by normalised full name or abbreviation.

    The full-name dict is built as rows are added; the abbreviation dict only when
    the first expansion asks for it (most runs never do).
    """

    label: str
    entries: list[Entry] = field(default_factory=list)
    by_full: dict[str, Entry] = field(default_factory=dict)
    # Only keys with more than one distinct answer live here (first entry included).
    more_full: dict[str, list[Entry]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _by_abbreviation: dict[str, Entry] | None = None
    _more_abbreviation: dict[str, list[Entry]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, entry: Entry) -> None:
        """Add an entry; it is found by its full name and by each of its abbreviations."""
        self.entries.append(entry)
        _insert(self.by_full, self.more_full, journal_key(entry.full), entry, _same_abbreviation)
        if self._by_abbreviation is not None:
            self._index_abbreviations(entry)

    def find_full(self, name: str) -> list[Entry]:
        """Entries whose full name has the same ``journal_key`` as ``name``."""
        return _candidates(self.by_full, self.more_full, journal_key(name))

    def find_abbreviation(self, abbreviation: str) -> list[Entry]:
        """Entries one of whose abbreviations has the same ``journal_key``."""
        if self._by_abbreviation is None:
            self._by_abbreviation = {}
            for entry in self.entries:
                self._index_abbreviations(entry)
        return _candidates(self._by_abbreviation, self._more_abbreviation, journal_key(abbreviation))

    def _index_abbreviations(self, entry: Entry) -> None:
        assert self._by_abbreviation is not None
        key = journal_key(entry.abbreviation)
        _insert(self._by_abbreviation, self._more_abbreviation, key, entry, _same_full)
        if entry.nlm:
            nlm_key = journal_key(entry.nlm)
            if nlm_key != key:
                _insert(self._by_abbreviation, self._more_abbreviation, nlm_key, entry, _same_full)


def _same_abbreviation(a: Entry, b: Entry) -> bool:
    return a.abbreviation == b.abbreviation and a.nlm == b.nlm


def _same_full(a: Entry, b: Entry) -> bool:
    return journal_key(a.full) == journal_key(b.full)


def _insert(
    primary: dict[str, Entry],
    more: dict[str, list[Entry]],
    key: str,
    entry: Entry,
    same: Callable[[Entry, Entry], bool],
) -> None:
    if not key:
        return
    first = primary.setdefault(key, entry)
    if first is entry:
        return
    others = more.get(key)
    if others is None:
        if not same(first, entry):
            more[key] = [first, entry]
    elif not any(same(other, entry) for other in others):
        others.append(entry)


def _candidates(primary: dict[str, Entry], more: dict[str, list[Entry]], key: str) -> list[Entry]:
    if key in more:
        return list(more[key])
    entry = primary.get(key)
    return [entry] if entry is not None else []


# -- loading ----------------------------------------------------------------------------


def load_lists(paths: Iterable[str]) -> tuple[JournalIndex, JournalIndex]:
    """Load the user's lists: (TOML overrides, CSV lists), each merged into one index.

    Raises ConfigError for a missing or unreadable file or invalid TOML; a bad row
    of a CSV list is kept as a ``Problem`` of the index and skipped.
    """
    overrides = JournalIndex("override files")
    lists = JournalIndex("user lists")
    for raw in paths:
        path = Path(raw).expanduser()
        try:
            if path.suffix.lower() == ".toml":
                _load_toml(path, raw, overrides)
            else:
                with path.open(encoding="utf-8-sig", newline="") as stream:
                    read_csv(stream, raw, lists)
        except OSError as exc:
            raise ConfigError(
                f"journal-abbreviation.lists: cannot read {raw!r}: {exc.strerror or exc}"
            ) from None
        except UnicodeDecodeError:
            raise ConfigError(f"journal-abbreviation.lists: {raw!r} is not UTF-8 text") from None
    return overrides, lists


def load_builtin() -> JournalIndex:
    """The list shipped in ``refbridge_plugins/data/journals.csv``."""
    from importlib.resources import files

    text = (files("refbridge_plugins") / "data" / "journals.csv").read_text(encoding="utf-8")
    index = JournalIndex(BUILTIN_LABEL)
    read_csv(io.StringIO(text, newline=""), BUILTIN_LABEL, index)
    return index


def read_csv(stream: Iterable[str], source: str, index: JournalIndex) -> None:
    """Add the rows of a JabRef CSV list (see the module docstring) to ``index``."""
    lines = iter(stream)
    first = next(lines, None)
    if first is None:
        return
    nlm_column = _has_nlm_column(first)
    delimiter = ";" if '";"' in first and '","' not in first else ","
    rows = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
    for row in rows:
        if not row or row[0].lstrip().startswith("#") or not "".join(row).strip():
            continue
        full = row[0].strip()
        abbreviation = row[1].strip() if len(row) > 1 else ""
        if not full or not abbreviation:
            # JabRef's own lists hold rows with an empty abbreviation: noted, not a fault.
            empty = bool(full) and len(row) > 1
            message = "empty abbreviation" if empty else "needs a full name and an abbreviation"
            index.problems.append(Problem(source, rows.line_num, message, serious=not empty))
            continue
        nlm = (row[2].strip() or None) if nlm_column and len(row) > 2 else None
        index.add(Entry(full, abbreviation, nlm, source, rows.line_num))


def _has_nlm_column(first_line: str) -> bool:
    text = first_line.strip().lower()
    if not text.startswith(_COLUMNS_DIRECTIVE):
        return False
    columns = [part.strip() for part in text[len(_COLUMNS_DIRECTIVE) :].split(",")]
    return columns[:3] == ["full", "iso4", "nlm"]


def _load_toml(path: Path, source: str, index: JournalIndex) -> None:
    text = path.read_text(encoding="utf-8-sig")
    if sys.version_info >= (3, 11):  # imported here: only TOML override lists need it
        import tomllib
    else:  # pragma: no cover - Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"journal-abbreviation.lists: {source}: invalid TOML: {exc}") from None
    unknown = sorted(set(data) - {"journals"})
    table = data.get("journals")
    if unknown or not isinstance(table, dict):
        raise ConfigError(
            f"journal-abbreviation.lists: {source}: expected only a [journals] table "
            f'of "Full Name" = "Abbrev." entries'
        )
    for full, value in table.items():
        number = _line_of(text, full)
        if isinstance(value, str):
            index.add(Entry(full, value, None, source, number))
        elif isinstance(value, dict) and isinstance(value.get("iso4"), str) and set(value) <= {"iso4", "nlm"}:
            nlm = value.get("nlm")
            index.add(Entry(full, value["iso4"], nlm if isinstance(nlm, str) else None, source, number))
        else:
            raise ConfigError(
                f"journal-abbreviation.lists: {source}: [journals] {full!r} must be a string "
                "or a table { iso4 = ..., nlm = ... }"
            )


def _line_of(text: str, key: str) -> int:
    """The line where a TOML key is written (tomllib keeps no positions); 0 if unknown."""
    for quoted in (f'"{key}"', f"'{key}'", key):
        position = text.find(quoted)
        if position >= 0:
            return text.count("\n", 0, position) + 1
    return 0
