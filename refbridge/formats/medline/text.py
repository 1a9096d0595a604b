"""Text values: structured abstracts in PubMed's notation, and line wrapping.

PubMed writes a structured abstract as one paragraph, each section opened by its
label in capitals and a colon: ``BACKGROUND: … METHODS: … RESULTS: …``.
"""

from __future__ import annotations

import re

from refbridge.abstracts import normal_label
from refbridge.model import AbstractSection

#: A section label: capitals (digits, spaces and ``,&/()'-`` inside) and a colon, at the
#: start of the abstract or after the end of a sentence. At most 60 characters, so a
#: run of capitals is scanned once from each sentence start, never quadratically.
_LABEL = re.compile(r"(?:^|(?<=[.!?)\]] ))([A-Z][A-Z0-9 ,&/()'-]{1,58}[A-Z)]):\s")


def split_abstract(text: str) -> list[AbstractSection]:
    """The sections of a PubMed abstract, or [] when it is not structured (it must start
    with a label and have at least two)."""
    matches = list(_LABEL.finditer(text))
    if len(matches) < 2 or matches[0].start() != 0:
        return []
    sections = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        body = text[match.end() : end].strip()
        label = match.group(1)
        if sum(c.isalpha() for c in label) < 2:
            return []
        sections.append(AbstractSection(normal_label(label), body))
    return sections


def join_abstract(sections: list[AbstractSection]) -> str:
    """The ``AB`` text of structured sections: ``LABEL: text`` one after the other."""
    parts = []
    for section in sections:
        body = " ".join(section.text.split())
        label = " ".join(section.label.split()).upper()
        parts.append(f"{label}: {body}" if label else body)
    return " ".join(p for p in parts if p)


def wrap(tag: str, value: str, width: int) -> list[str]:
    """The lines of one tag: ``TAG - value`` then six-space continuation lines, each at
    most ``width`` characters (a word longer than a line is not broken)."""
    head = f"{tag:<4}- "
    room = max(width - len(head), 10)
    words = value.split()
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > room:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return [head + lines[0], *("      " + line for line in lines[1:])]
