"""Cite keys: kept when a record has one, generated from a pattern when not.

The default pattern ``{author}{year}{title}`` gives ``wang2025safety``: the first
author's family name folded to lowercase ASCII, the year, and the first title word
that is not a short function word. Keys depend only on the record, so they are
stable across runs; within one output a key already used gets a suffix
``a``, ``b``, ... ``z``, ``aa`` ... (``wang2025safetya``).
"""

from __future__ import annotations

import re
import string
import unicodedata

from ..errors import ConfigError
from ..model import Record

DEFAULT_KEY_PATTERN = "{author}{year}{title}"
PLACEHOLDERS = ("author", "Author", "year", "title", "Title", "journal")

#: Characters BibTeX or biber cannot have in a cite key.
_INVALID_KEY_CHARS = re.compile(r"[\s,{}()=\\\"#%'~]")
# fmt: off
_STOP_WORDS = frozenset(
    [
        "a", "an", "the", "on", "of", "in", "and", "or", "for", "to", "with", "at", "by", "from", "as",
        "is", "are", "via", "into", "about", "over", "under", "de", "la", "le", "les", "el", "der",
        "die", "das", "und", "du", "des"
    ]
)
# fmt: on


def check_pattern(pattern: str) -> None:
    """Raise ConfigError unless ``pattern`` uses only known placeholders."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]
    except ValueError as exc:
        raise ConfigError(f"key_pattern {pattern!r}: {exc}") from None
    unknown = [name for name in fields if name not in PLACEHOLDERS]
    if unknown or not fields:
        known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
        raise ConfigError(f"key_pattern {pattern!r}: use placeholders among {known}")


def fold(text: str) -> str:
    """Lowercase ASCII letters and digits of ``text`` (accents removed, the rest dropped)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode("ascii").lower())


def key_parts(record: Record) -> dict[str, str]:
    """The values of the pattern placeholders for a record."""
    people = record.authors or record.editors
    author = ""
    if people:
        first = people[0]
        author = fold(first.family or first.literal or first.given or "")
    words = [fold(w) for w in re.split(r"[\s\-–—:/]+", record.title or "")]
    significant = [w for w in words if w and w not in _STOP_WORDS]
    title = significant[0] if significant else ""
    journal = "".join(
        fold(w)[:1] for w in (record.container_title_short or record.container_title or "").split()
    )
    year = str(record.issued.year) if record.issued and record.issued.year is not None else ""
    return {
        "author": author or "anon",
        "Author": (author or "anon").capitalize(),
        "year": year or "nd",
        "title": title,
        "Title": title.capitalize(),
        "journal": journal,
    }


def clean_key(key: str) -> str:
    """``key`` with characters BibTeX cannot hold replaced by ``_``."""
    return _INVALID_KEY_CHARS.sub("_", key)


def _suffix(number: int) -> str:
    """0 → a, 25 → z, 26 → aa ..."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


class KeyMaker:
    """Hands out cite keys for one output, keeping them unique (case-insensitively,
    as BibTeX compares them)."""

    def __init__(self, pattern: str = DEFAULT_KEY_PATTERN) -> None:
        check_pattern(pattern)
        self.pattern = pattern
        self.used: set[int] = set()  # hashes of the lowercased keys: small on huge outputs

    def generate(self, record: Record) -> str:
        """A key made from the pattern (not yet unique)."""
        return clean_key(self.pattern.format_map(key_parts(record))) or "ref"

    def unique(self, key: str) -> str:
        """``key``, or ``key`` plus the first free suffix; marks the result used."""
        candidate = key
        number = 0
        while hash(candidate.lower()) in self.used:
            candidate = key + _suffix(number)
            number += 1
        self.used.add(hash(candidate.lower()))
        return candidate
