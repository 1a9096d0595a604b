"""Structured abstracts as WPRIM pages show them, in three styles.

1. Labels on their own line: ``BACKGROUND:`` then the text on the next line(s).
2. Inline labels: ``Objective:To investigate ...cancer.Methods:A cross-sectional ...``.
3. Labels run together with the text: ``ObjectiveTo evaluate ...ascites.MethodsFifty-four ...``
   or with a space, ``Conclusion UC-MSC ...``.

A label inside a line counts only at the start of the line or right after the end
of a sentence (``.``, ``)``, ``?`` ...); without a colon it must also start with a
capital and be followed by a capital or a digit, so "The results ..." or
"... trial. Results were ..." are never split. An abstract is structured only when
it starts with a label and has at least two; otherwise it is kept plain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refbridge.abstracts import KNOWN_LABELS, join_sections, normal_label
from refbridge.model import AbstractSection

# Lower-case label → label in normal case (the shared list through normal_label).
_NAMES: dict[str, str] = {
    **{label.lower(): normal_label(label) for label in KNOWN_LABELS},
}
# Labels by their first three letters, longest first ("Results" before "Result"):
# a dict look-up is much faster than a regular expression with ~70 alternatives.
_BY_PREFIX: dict[str, list[tuple[str, str]]] = {}
for _low, _name in sorted(_NAMES.items(), key=lambda item: -len(item[0])):
    _BY_PREFIX.setdefault(_low[:3], []).append((_low, _name))
# What may follow a label: a colon, or (run together) a capital or digit, or spaces and one.
_SEPARATOR = re.compile(r"[ \t]*[:：][ \t]*|(?=[A-Z0-9])|[ \t]+(?=[A-Z0-9])")
#: Characters that end a sentence: a label inside a line must follow one of them.
SENTENCE_ENDS = '.)]?!;。”"'
# One pattern per sentence end, matching a capital that starts a known label's first
# three letters: a regular expression starting with a literal is searched fast, one
# starting with a character class is not, and few candidates remain to check.
_PREFIXES = "|".join(sorted(re.escape(prefix) for prefix in _BY_PREFIX))
_AFTER_END = tuple(
    (end, re.compile(re.escape(end) + rf"[ \t]*(?=[A-Z])(?i:{_PREFIXES})")) for end in SENTENCE_ENDS
)


@dataclass(frozen=True, slots=True)
class _Label:
    """A label found in a line: its normal-case name and where it and its separator lie."""

    name: str
    start: int
    end: int


def whole_line_label(line: str) -> str | None:
    """The label if the line holds nothing but a section label (``METHODS:``), else None."""
    if len(line) > 60:
        return None
    return _NAMES.get(" ".join(line.rstrip(" \t:：").split()).lower())


def _label_at(line: str, pos: int, *, colon: bool) -> _Label | None:
    """A label starting at ``pos`` and followed by a separator.

    Without a colon (``ObjectiveTo ...``) the label must start with a capital;
    ``colon=True`` demands the colon.
    """
    candidates = _BY_PREFIX.get(line[pos : pos + 3].lower())
    if candidates is None:
        return None
    for low, name in candidates:
        end = pos + len(low)
        if line[pos:end].lower() != low:
            continue
        sep = _SEPARATOR.match(line, end)
        if sep is None:
            continue
        if sep.group().strip() or (not colon and line[pos].isupper()):
            return _Label(name, pos, sep.end())
    return None


def _sentence_starts(line: str) -> list[int]:
    """Positions after a sentence end (and optional spaces) where a label may start."""
    starts: list[int] = []
    for end, pattern in _AFTER_END:
        if end in line:
            starts.extend(match.end() - 3 for match in pattern.finditer(line))
    starts.sort()
    return starts


def _labels_in(line: str, *, scan: bool) -> list[_Label]:
    """Labels at the start of ``line`` and, with ``scan``, after each sentence end."""
    first = _label_at(line, 0, colon=not scan)
    found = [first] if first is not None else []
    if scan:
        for pos in _sentence_starts(line):
            if found and pos < found[-1].end:
                continue
            label = _label_at(line, pos, colon=False)
            if label is not None:
                found.append(label)
    return found


def _segments(lines: list[str]) -> list[tuple[str, list[str]]] | None:
    """Cut the lines into (label, text pieces), or None when the abstract does not start with a label.

    With labels on their own line, a text line may only start with a ``Label:``;
    with inline labels, labels are also looked for after each sentence end.
    """
    own_line = whole_line_label(lines[0]) is not None
    if not own_line and _label_at(lines[0], 0, colon=False) is None:
        return None
    segments: list[tuple[str, list[str]]] = []
    for line in lines:
        label = whole_line_label(line)
        if label is not None:
            segments.append((label, []))
            continue
        pos = 0
        for match in _labels_in(line, scan=not own_line):
            before = line[pos : match.start].strip()
            if before and segments:
                segments[-1][1].append(before)
            segments.append((match.name, []))
            pos = match.end
        rest = line[pos:].strip()
        if rest and segments:
            segments[-1][1].append(rest)
    return segments


def parse_abstract(lines: list[str]) -> tuple[str | None, list[AbstractSection]]:
    """Return the plain abstract and its sections (empty when it is not structured).

    When structured, the abstract is ``join_sections(sections)``; otherwise it is
    the lines as they were, one paragraph per line.
    """
    lines = [line for line in map(str.strip, lines) if line]
    if not lines:
        return None, []
    segments = _segments(lines)
    if segments is None or len(segments) < 2:
        return "\n".join(lines), []
    sections = [AbstractSection(label, " ".join(pieces)) for label, pieces in segments]
    return join_sections(sections), sections
