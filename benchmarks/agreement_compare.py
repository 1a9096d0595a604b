"""Comparing Zotero's items of an original file (A) with its items of a conversion (B).

Items are paired in order (aligned on titles when a tool writes more or fewer items than
Zotero read from the original); every Zotero field of every pair is compared (creators as
ordered (type, last, first) triples, tags as a set, ``extra`` as a set of lines, other
fields as whitespace-normalised text). Agreement = equal field values / field values
in A or B. An item of A without a partner in B is "lost" and all its fields count
as disagreeing. Used by ``zotero_agreement.py``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from zotero_differences import classify

#: Zotero item members that are not bibliographic fields.
IGNORED = {"notes", "attachments", "_droppedOnSave", "_movedToExtraOnSave", "seeAlso", "itemID", "id"}


@dataclass
class Tally:
    """Agreement counts of one direction: totals, per field, lost items."""

    agree: int = 0
    total: int = 0
    items: int = 0
    lost: int = 0
    by_field: Counter[str] = field(default_factory=Counter)
    missed: Counter[str] = field(default_factory=Counter)
    #: Differences by kind (``zotero_differences.KINDS``); the rest are unexplained.
    explained: Counter[str] = field(default_factory=Counter)
    unexplained: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[tuple[str, Any, Any]]] = field(default_factory=dict)
    #: Input files measured, and (file, reason) of those the tool failed on.
    files: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def percent(self) -> float:
        """Agreeing field values in percent."""
        return 100.0 * self.agree / self.total if self.total else 100.0

    @property
    def explained_percent(self) -> float:
        """Agreeing or explained field values in percent."""
        explained = self.agree + sum(self.explained.values())
        return 100.0 * explained / self.total if self.total else 100.0


def normalise(name: str, value: Any) -> Any:
    """A field value in a form that compares what Zotero stores, not how it is spelled."""
    if name == "creators":
        return tuple(
            (c.get("creatorType"), (c.get("lastName") or "").strip(), (c.get("firstName") or "").strip())
            for c in value
        )
    if name == "tags":
        return frozenset(t["tag"].strip() if isinstance(t, dict) else str(t).strip() for t in value)
    if name == "extra":
        return frozenset(line.strip() for line in str(value).splitlines() if line.strip())
    if name in ("pages", "numPages"):
        # Zotero's BibTeX import turns ``--`` into an en dash, its RIS import keeps a hyphen:
        # the same range either way.
        return " ".join(str(value).replace("\u2013", "-").split())
    return " ".join(str(value).split())


def _title_key(item: dict[str, Any]) -> str:
    return " ".join(str(item.get("title", "")).lower().split())


def partners(a_items: list[dict[str, Any]], b_items: list[dict[str, Any]]) -> list[dict[str, Any] | None]:
    """For each item of A its partner in B (None: lost). In order when both lists are as long;
    otherwise aligned on titles, so that one item a tool adds (bibutils makes an item of a
    ``@preamble``) or drops does not shift every later pair; unmatched stretches pair in order."""
    if len(a_items) == len(b_items):
        return list(b_items)
    paired: list[dict[str, Any] | None] = [None] * len(a_items)
    matcher = SequenceMatcher(
        None, [_title_key(a) for a in a_items], [_title_key(b) for b in b_items], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            for offset in range(min(i2 - i1, j2 - j1)):
                paired[i1 + offset] = b_items[j1 + offset]
    return paired


def compare(
    a_items: list[dict[str, Any]],
    b_items: list[dict[str, Any]],
    tally: Tally,
    where: str,
    direction: str = "",
    *,
    original: str = "",
) -> None:
    """Add the comparison of two item lists (paired by ``partners``) to ``tally``; a difference
    is explained when ``zotero_differences.classify`` names its kind for ``direction`` (some
    kinds look at the ``original`` file's text)."""
    for index, (a, b) in enumerate(zip(a_items, partners(a_items, b_items), strict=True)):
        tally.items += 1
        if b is None:
            tally.lost += 1
        names = {n for n in a if n not in IGNORED and a[n] not in ("", [], None)}
        if b is not None:
            names |= {n for n in b if n not in IGNORED and b[n] not in ("", [], None)}
        for name in sorted(names):
            tally.total += 1
            left = normalise(name, a[name]) if name in a else None
            right = normalise(name, b[name]) if b is not None and name in b else None
            if left == right:
                tally.agree += 1
                tally.by_field[name] += 1
            else:
                tally.missed[name] += 1
                kind = classify(direction, name, a, b, original) if direction else None
                if kind is not None:
                    tally.explained[kind] += 1
                    continue
                tally.unexplained[name] += 1
                tally.examples.setdefault(name, [])
                if len(tally.examples[name]) < 3:
                    tally.examples[name].append((f"{where}#{index + 1}", a.get(name), b and b.get(name)))
