"""MeSH vocabulary the keywords plugin needs to split and parse keyword strings.

Three tables, kept as data:

- ``QUALIFIERS``: every MeSH qualifier (subheading) in use since 2000, so that
  ``Term/qualifier`` is told apart from a term with a slash (``HIV/AIDS``), and the
  comma notation ``Lung Neoplasms, drug therapy`` is recognised.
- the inverted descriptors in the packaged ``data/mesh-inverted.csv``: common MeSH
  descriptors written with commas (``Neoplasms, Glandular and Epithelial``), so a
  comma inside them is never taken as a separator. Not the whole of MeSH (about
  30 000 descriptors), the frequent ones: a term missing there is at risk only
  where commas are treated as separators.
- the check tags (``Humans``, ``Female``...) in the packaged
  ``data/mesh-check-tags.csv``, loaded only when ``drop_check_tags`` is on.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib.resources import files


def norm_key(text: str) -> str:
    """Lookup key: whitespace collapsed, case folded."""
    return " ".join(text.split()).casefold()


def _data_rows(name: str, column: str) -> list[str]:
    """The values of one column of a packaged CSV table (``#`` lines are comments)."""
    text = (files("refbridge_plugins") / "data" / name).read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if not line.startswith("#"))
    return [row[column] for row in csv.DictReader(lines) if row.get(column)]


@lru_cache(maxsize=1)
def inverted_descriptors() -> tuple[frozenset[str], int]:
    """norm_key of every packaged inverted descriptor, and the most comma parts one has."""
    names = _data_rows("mesh-inverted.csv", "descriptor")
    return frozenset(norm_key(n) for n in names), max(n.count(",") + 1 for n in names)


@lru_cache(maxsize=1)
def check_tags() -> frozenset[str]:
    """norm_key of every MeSH check tag in the packaged ``data/mesh-check-tags.csv``."""
    return frozenset(norm_key(term) for term in _data_rows("mesh-check-tags.csv", "term"))
