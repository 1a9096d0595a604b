"""CSL's HTML-like rich text → the model's plain text.

CSL processors read ``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<span
style="font-variant:small-caps;">`` and ``<span class="nocase">`` in text variables. The
model holds plain text (as the BibTeX reader drops ``\\textit``), so the tags are removed,
their text kept, and the caller reports which tags went.
"""

from __future__ import annotations

import re

_TAG = re.compile(
    r"<(/?)(i|b|sup|sub|span)(\s+(?:style|class)\s*=\s*\"[^\"<>]{0,80}\")?\s*>",
    re.IGNORECASE,
)


def strip_markup(text: str) -> tuple[str, list[str]]:
    """Return the text without CSL markup tags, and the names of the tags removed."""
    if "<" not in text:
        return text, []
    found: list[str] = []

    def drop(match: re.Match[str]) -> str:
        name = match.group(2).lower()
        attribute = (match.group(3) or "").strip()
        if name == "span" and not match.group(1):
            name = f"span {attribute}" if attribute else "span"
        if not match.group(1):
            found.append(name)
        return ""

    return _TAG.sub(drop, text), found
