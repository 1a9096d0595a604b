"""A sample third-party refbridge plugin: title-case titles written in ALL CAPS.

Old catalogues and some databases export titles in capitals
(``SAFETY OF STEM CELLS IN COVID-19``). This transform rewrites such a title in
title case while leaving acronyms with digits or hyphens (``COVID-19``) and short
all-capital words it knows are acronyms (``DNA``, ``MRI``) alone. Titles that are
not all capitals are never touched.
"""

from __future__ import annotations

import re
from dataclasses import replace

from refbridge import Context, Option, Record, Transform, hookimpl
from refbridge.registry import RecordStep

#: Words kept lower case inside a title (English articles, conjunctions, prepositions).
SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "en", "for", "from", "if", "in", "into"}
    | {"nor", "of", "on", "or", "over", "per", "the", "to", "via", "vs", "with"}
)
_WORD = re.compile(r"[^\s]+")


def is_all_caps(title: str) -> bool:
    """True when the title has letters and none of them is lower case."""
    letters = [c for c in title if c.isalpha()]
    return len(letters) >= 4 and not any(c.islower() for c in letters)


def _looks_like_code(word: str) -> bool:
    """Digits (``COVID-19``) or short hyphenated capitals (``UC-MSC``) mark an acronym."""
    if any(ch.isdigit() for ch in word):
        return True
    parts = word.split("-")
    return len(parts) > 1 and all(0 < len(part) <= 3 for part in parts)


def title_case(title: str, acronyms: frozenset[str]) -> str:
    """Title-case an all-capitals title, keeping acronyms and code-like words."""
    words = _WORD.findall(title)
    result = []
    for index, word in enumerate(words):
        core = word.strip("()[]{}\"'.,:;!?")
        if core.upper() in acronyms or _looks_like_code(core):
            result.append(word)
            continue
        lowered = word.lower()
        if index > 0 and core.lower() in SMALL_WORDS and not result[-1].endswith(":"):
            result.append(lowered)
        else:
            result.append(re.sub(r"[a-z]", lambda m: m.group(0).upper(), lowered, count=1))
    return " ".join(result)


def make_step(context: Context) -> RecordStep:
    """Build the per-record step with the configured acronym list."""
    acronyms = frozenset(a.upper() for a in context.options["acronyms"])

    def step(record: Record) -> Record:
        if record.title and is_all_caps(record.title):
            new_title = title_case(record.title, acronyms)
            context.info(f"title-cased an ALL CAPS title: {new_title!r}", code="TC001", record=record)
            return replace(record, title=new_title)
        return record

    return step


TITLECASE = Transform(
    name="titlecase",
    description="Title-case titles written in ALL CAPS (keeps acronyms such as COVID-19, DNA)",
    factory=make_step,
    order=500,
    enabled_by_default=True,
    options=(
        Option(
            "acronyms",
            list,
            ["DNA", "RNA", "MRI", "HIV", "AIDS", "USA", "UK", "WHO", "COVID", "SARS"],
            "words kept in capitals",
        ),
    ),
    # It only normalises a value the record has (never adds one): `refbridge format` may run it.
    in_format=True,
)


@hookimpl
def refbridge_register_transforms(registry):  # type: ignore[no-untyped-def]
    """Register the titlecase transform."""
    registry.add(TITLECASE)
