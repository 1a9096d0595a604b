"""BibTeX cross-references: an entry's ``crossref`` parent lends it the fields it lacks.

Used by the reader with the ``resolve_crossref`` option, which holds all entries of a
file (BibTeX puts the parent after its children). Kept apart from read.py, which
maps one entry onto the model.
"""

from __future__ import annotations

from refbridge.context import Context
from refbridge.formats.bibtex.scan import Entry


def resolve_crossrefs(items: list[Entry | str], context: Context) -> list[Entry | str]:
    """Copy missing fields from each entry's ``crossref`` parent (BibTeX's rule, plus
    biblatex's parent ``title`` → child ``booktitle``)."""
    entries = [item for item in items if isinstance(item, Entry)]
    by_key = {parsed.key.lower(): parsed for parsed in entries if parsed.key}
    for parsed in entries:
        names = {name for name, _, _ in parsed.fields}
        target = next((value for name, value, _ in parsed.fields if name == "crossref"), None)
        if target is None:
            continue
        parent = by_key.get(target.lower())
        if parent is None:
            context.warning(
                f"crossref {target!r} not found in this file", code="RB207", line=parsed.line, key=parsed.key
            )
            continue
        inherited = [
            (n, v, -1) for n, v, _ in parent.fields if n not in names and n not in ("crossref", "ids")
        ]
        if "booktitle" not in names and "booktitle" not in {n for n, _, _ in inherited}:
            inherited += [("booktitle", v, -1) for n, v, _ in parent.fields if n == "title"]
        parsed.fields.extend(inherited)
    return items
