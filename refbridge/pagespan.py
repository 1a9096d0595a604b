"""Splitting the model's canonical ``pages`` text into first and last page.

The pages plugin makes ``pages`` canonical (``2984-2992``, ``S12-S19``,
``1-3, 5-7``); writers with separate first/last slots (RIS ``SP``/``EP``, JATS
``fpage``/``lpage``) use ``split_pages``.
"""

from __future__ import annotations

import re

_SIMPLE_RANGE = re.compile(r"^\s*([^\s,;–—-]+)\s*(?:-+|–|—)\s*([^\s,;–—-]+)\s*$")


def split_pages(pages: str | None) -> tuple[str | None, str | None]:
    """Return (first, last) for a single page or a simple range; ``last`` is None
    for a single page. A discontiguous value (``1-3, 5-7``) returns its first page
    and None for last: callers keep the whole text elsewhere (e.g. JATS ``page-range``).
    """
    if not pages or not pages.strip():
        return None, None
    if pages.count("--") == 1 and "," not in pages:
        # Pages that contain a hyphen themselves are ranged with "--": "C3-32--C3-35".
        first, _, last = pages.partition("--")
        return first.strip() or None, last.strip() or None
    match = _SIMPLE_RANGE.match(pages)
    if match:
        return match.group(1), match.group(2)
    first = re.split(r"\s*[,;–—-]\s*|\s+", pages.strip(), maxsplit=1)[0]
    return first or None, None


def join_pages(first: str | None, last: str | None) -> str | None:
    """The canonical ``pages`` text for a first and last page."""
    if first and last and "-" in first + last:
        # "C3-3" alone would read as the range C3 to 3: hyphenated pages keep "--", even when equal.
        return f"{first}--{last}"
    if first and last and first != last:
        return f"{first}-{last}"
    return first or last or None


def is_simple(pages: str) -> bool:
    """True when ``pages`` is a single page or one ``first-last`` range (``C3-32--C3-35`` too)."""
    stripped = pages.strip()
    if stripped.count("--") == 1 and "," not in stripped:
        return all(part.strip() and " " not in part.strip() for part in stripped.split("--"))
    return bool(_SIMPLE_RANGE.match(stripped)) or bool(re.fullmatch(r"[^\s,;–—-]+", stripped))
