"""Structured abstracts: the shared label list and the plain-text convention.

When a record has ``abstract_sections``, its ``abstract`` is the sections joined
one per line as ``Label: text`` (``join_sections``). Formats with only a plain
abstract slot (RIS ``AB``, BibTeX ``abstract``) write that text, and their readers
recover the sections with ``split_sections`` — so sections survive a round trip.
"""

from __future__ import annotations

import re

from refbridge.model import AbstractSection

#: Section labels of structured abstracts (PubMed/NLM and the usual journal variants),
#: in their normal-case form. Matching is case-insensitive.
KNOWN_LABELS: tuple[str, ...] = (
    "Background",
    "Backgrounds",
    "Introduction",
    "Context",
    "Rationale",
    "Objective",
    "Objectives",
    "Aim",
    "Aims",
    "Aims and objectives",
    "Purpose",
    "Purposes",
    "Goal",
    "Goals",
    "Hypothesis",
    "Design",
    "Study design",
    "Setting",
    "Settings",
    "Participants",
    "Patients",
    "Subjects",
    "Population",
    "Interventions",
    "Intervention",
    "Methods",
    "Method",
    "Materials and methods",
    "Material and methods",
    "Methods and materials",
    "Methodology",
    "Main outcome measures",
    "Measurements",
    "Outcomes",
    "Results",
    "Result",
    "Findings",
    "Discussion",
    "Conclusions",
    "Conclusion",
    "Conclusions and relevance",
    "Interpretation",
    "Limitations",
    "Significance",
    "Implications",
    "Clinical relevance",
    "Trial registration",
    "Trial registration number",
    "Clinical trial registration",
    "Registration",
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
    "Funding",
    "Summary",
    "Abstract",
)

_LABEL_ALTERNATION = "|".join(re.escape(label) for label in sorted(KNOWN_LABELS, key=len, reverse=True))
_LABELLED_LINE = re.compile(rf"^({_LABEL_ALTERNATION})\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL)
_CANONICAL = {label.lower(): label for label in KNOWN_LABELS}


def normal_label(label: str) -> str:
    """Return a label in normal case (``BACKGROUND`` → ``Background``, ``TRIAL REGISTRATION`` →
    ``Trial registration``); unknown labels get their first letter capitalised."""
    cleaned = " ".join(label.strip().rstrip(":").split())
    known = _CANONICAL.get(cleaned.lower())
    if known is not None:
        return known
    return cleaned[:1].upper() + cleaned[1:].lower() if cleaned.isupper() else cleaned


def is_known_label(label: str) -> bool:
    """True when ``label`` is a recognised section label (any case, optional colon)."""
    return " ".join(label.strip().rstrip(":").split()).lower() in _CANONICAL


def join_sections(sections: list[AbstractSection]) -> str:
    """The plain abstract for structured sections: one ``Label: text`` line each."""
    return "\n".join(f"{s.label}: {s.text}" if s.label else s.text for s in sections)


def split_sections(text: str) -> list[AbstractSection]:
    """Recover sections from a plain abstract written by ``join_sections``.

    Only when every non-empty line starts with a known label and a colon, and
    there are at least two such lines, is the text structured; otherwise an empty
    list is returned and the abstract stays plain.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return []
    sections = []
    for line in lines:
        match = _LABELLED_LINE.match(line)
        if match is None:
            return []
        sections.append(AbstractSection(normal_label(match.group(1)), match.group(2).strip()))
    return sections
