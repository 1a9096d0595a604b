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

from ..abstracts import KNOWN_LABELS, is_known_label, join_sections, normal_label
from ..model import AbstractSection

#: Labels seen in WPRIM abstracts that the shared list lacks, in normal case.
LOCAL_LABELS: tuple[str, ...] = (
    "Case presentation",
    "Case report",
    "Case summary",
    "Importance",
    "Observations",
    "Data sources",
    "Study selection",
    "Data extraction",
    "Data synthesis",
    "Evidence acquisition",
    "Evidence synthesis",
    "Exposures",
    "Main outcomes and measures",
    "Methods and results",
    "Clinical trial registration",
    "Trial registration number",
)
_LOCAL = {label.lower(): label for label in LOCAL_LABELS}
_ALL_LABELS = sorted({*KNOWN_LABELS, *LOCAL_LABELS}, key=len, reverse=True)
# Longest first so that "Results" wins over "Result" and "Methods" over "Method".
_ALT = "|".join(re.escape(label).replace(r"\ ", r"\s+") for label in _ALL_LABELS)

_WHOLE_LINE = re.compile(rf"^\s*(?P<label>(?i:{_ALT}))\s*[:：]?\s*$")
# The case-insensitive part is scoped to the label so that [A-Z0-9] stays upper case.
_INLINE = re.compile(
    rf"(?:^|(?<=[.)\]?!;。”\"]))[ \t]*(?P<label>(?i:{_ALT}))"
    r"(?P<sep>[ \t]*[:：][ \t]*|(?=[A-Z0-9])|[ \t]+(?=[A-Z0-9]))"
)


def label_name(label: str) -> str:
    """The normal-case form of a recognised label (``TRIAL REGISTRATION`` → ``Trial registration``)."""
    cleaned = " ".join(label.split())
    if is_known_label(cleaned):
        return normal_label(cleaned)
    return _LOCAL.get(cleaned.lower(), normal_label(cleaned))


def whole_line_label(line: str) -> str | None:
    """The label if the line holds nothing but a section label (``METHODS:``), else None."""
    if len(line) > 60:
        return None
    match = _WHOLE_LINE.match(line)
    return label_name(match.group("label")) if match else None


def _segments(lines: list[str]) -> list[tuple[str | None, list[str]]]:
    """Cut the lines into (label, text pieces); the first label may be None (preamble)."""
    segments: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in lines:
        label = whole_line_label(line)
        if label is not None:
            segments.append((label, []))
            continue
        pos = 0
        for match in _INLINE.finditer(line):
            raw = match.group("label")
            if not match.group("sep").strip() and not raw[0].isupper():
                continue
            before = line[pos : match.start("label")].strip()
            if before:
                segments[-1][1].append(before)
            segments.append((label_name(raw), []))
            pos = match.end()
        rest = line[pos:].strip()
        if rest:
            segments[-1][1].append(rest)
    return segments


def parse_abstract(lines: list[str]) -> tuple[str | None, list[AbstractSection]]:
    """Return the plain abstract and its sections (empty when it is not structured).

    When structured, the abstract is ``join_sections(sections)``; otherwise it is
    the lines as they were, one paragraph per line.
    """
    lines = [line.strip() for line in lines if line.strip()]
    if not lines:
        return None, []
    segments = _segments(lines)
    preamble = segments[0][1]
    labelled = segments[1:]
    if preamble or len(labelled) < 2:
        return "\n".join(lines), []
    sections = [AbstractSection(label or "", " ".join(pieces)) for label, pieces in labelled]
    return join_sections(sections), sections
