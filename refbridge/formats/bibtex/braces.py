"""Finding the brace that closes a BibTeX group, in time linear in the text.

The common case (no nested group before the closing brace) is one ``str.find``. A nested
group is scanned brace by brace; but a text with unbalanced braces (a broken export, a
fuzzed input) would then be rescanned to its end for every later value, which took 36 s
on a 156 KB entry. After the first scan that found no closing brace, a ``BraceIndex`` of
the text (every brace and the partner of each ``{``, built once in one pass) answers each
later question by jumping over whole groups.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_BRACES = re.compile(r"[{}]")


class BraceIndex:
    """Every brace of a text, and for each ``{`` the index of its partner (-1: none)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.positions = [match.start() for match in _BRACES.finditer(text)]
        self.partner = [-1] * len(self.positions)
        stack: list[int] = []
        for k, position in enumerate(self.positions):
            if text[position] == "{":
                stack.append(k)
            elif stack:
                self.partner[stack.pop()] = k

    def closing(self, start: int, end: int) -> int:
        """The first ``}`` in [start, end) not closing a group opened there, or -1."""
        positions, partner, text = self.positions, self.partner, self.text
        k = bisect_left(positions, start)
        while k < len(positions) and positions[k] < end:
            if text[positions[k]] == "}":
                return positions[k]
            k = partner[k]
            if k < 0:
                return -1
            k += 1
        return -1


#: The index of the last text that needed one (a text is read by one parser at a time).
_LAST: list[BraceIndex] = []


def closing(text: str, start: int, end: int, opener: str) -> int:
    """Index of the delimiter closing a group whose content starts at ``start``, or -1."""
    if opener == "(":
        return text.find(")", start, end)
    close = text.find("}", start, end)
    if close < 0 or text.find("{", start, close) < 0:
        return close  # no nested group: the common case, found without a loop
    if _LAST and _LAST[0].text is text:
        return _LAST[0].closing(start, end)
    depth = 0
    for match in _BRACES.finditer(text, start, end):
        if match.group() == "{":
            depth += 1
        elif depth == 0:
            return match.start()
        else:
            depth -= 1
    # Unbalanced to the end: later values of this text would be scanned to the end again.
    _LAST[:] = [BraceIndex(text)]
    return -1
