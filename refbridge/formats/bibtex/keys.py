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
from collections.abc import Collection

from refbridge._keyset import HashTable
from refbridge.errors import ConfigError
from refbridge.model import Record

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


def check_pattern(pattern: str) -> frozenset[str]:
    """Raise ConfigError unless ``pattern`` uses only known placeholders; return them."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]
    except ValueError as exc:
        raise ConfigError(f"key_pattern {pattern!r}: {exc}") from None
    unknown = [name for name in fields if name not in PLACEHOLDERS]
    if unknown or not fields:
        known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
        raise ConfigError(f"key_pattern {pattern!r}: use placeholders among {known}")
    return frozenset(fields)


_NOT_KEY_CHAR = re.compile(r"[^a-z0-9]")
_TITLE_SPLIT = re.compile(r"[\s\-–—:/]+")


def fold(text: str) -> str:
    """Lowercase ASCII letters and digits of ``text`` (accents removed, the rest dropped)."""
    if text.isascii():
        # NFKD leaves ASCII as it is; most words are letters only.
        lowered = text.lower()
        return lowered if lowered.isalnum() else _NOT_KEY_CHAR.sub("", lowered)
    decomposed = unicodedata.normalize("NFKD", text)
    return _NOT_KEY_CHAR.sub("", decomposed.encode("ascii", "ignore").decode("ascii").lower())


def _first_title_word(title: str) -> str:
    """The first folded title word that is not a short function word ("" if none)."""
    for word in _TITLE_SPLIT.split(title):
        folded = fold(word)
        if folded and folded not in _STOP_WORDS:
            return folded
    return ""


def key_parts(record: Record, needed: Collection[str] = PLACEHOLDERS) -> dict[str, str]:
    """The values of the pattern placeholders for a record (those in ``needed``)."""
    parts: dict[str, str] = {}
    if "author" in needed or "Author" in needed:
        people = record.authors or record.editors
        author = ""
        if people:
            first = people[0]
            author = fold(first.family or first.literal or first.given or "")
        parts["author"] = author or "anon"
        parts["Author"] = (author or "anon").capitalize()
    if "year" in needed:
        issued = record.issued
        parts["year"] = str(issued.year) if issued and issued.year is not None else "nd"
    if "title" in needed or "Title" in needed:
        title = _first_title_word(record.title or "")
        parts["title"] = title
        parts["Title"] = title.capitalize()
    if "journal" in needed:
        journal = record.container_title_short or record.container_title or ""
        parts["journal"] = "".join(fold(w)[:1] for w in journal.split())
    return parts


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
        self.needed = check_pattern(pattern)
        self.pattern = pattern
        # Hashes of the lowercased keys in a compact table: small on huge outputs.
        self.used = HashTable(numbers=False)

    def generate(self, record: Record) -> str:
        """A key made from the pattern (not yet unique)."""
        return clean_key(self.pattern.format_map(key_parts(record, self.needed))) or "ref"

    def unique(self, key: str) -> str:
        """``key``, or ``key`` plus the first free suffix; marks the result used."""
        candidate = key
        number = 0
        while self.used.add(hash(candidate.lower())) is not None:
            candidate = key + _suffix(number)
            number += 1
        return candidate
