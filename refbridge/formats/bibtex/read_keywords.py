"""Reading a BibTeX ``keywords`` field (and refbridge's vocabulary carrier) into keywords.

Separators: BibTeX tools write ``keywords = {a, b, c}``; Web of Science, Scopus and
PubMed-derived files write ``;``-separated lists whose items hold commas
(``Cohort Studies; Diabetes Mellitus, Type 2/epidemiology; Neoplasms/drug therapy*``).
A list with a ``;`` outside braces is split on ``;`` only; otherwise on commas
outside braces (braces protect an item's own commas).

Heading notation (``Neoplasms/drug therapy*``) is read as MeSH when every part after
a ``/`` is a MeSH qualifier. A star alone (PsycINFO's and MEDLINE's major
descriptor ``*Major Depression``) marks the keyword major but does not make it MeSH:
PsycINFO's terms are APA Thesaurus terms. ``HIV/AIDS`` stays one term.
"""

from __future__ import annotations

from functools import lru_cache

from refbridge.context import Context
from refbridge.formats.bibtex.latex import latex_to_text
from refbridge.formats.bibtex.tables import VOCABULARY_FIELD, VOCABULARY_PREFIX
from refbridge.mesh import looks_like_heading, looks_like_mesh_heading, parse_heading
from refbridge.model import Keyword

#: The vocabulary argument of ``keyword_items`` when the entry has no carrier.
NO_CARRIER = "\x00"


def _split_outside_braces(value: str, separator: str) -> list[str] | None:
    """The parts of ``value`` between ``separator``s outside braces; None when there is none."""
    if "{" not in value:
        return value.split(separator) if separator in value else None
    parts: list[str] = []
    depth = start = 0
    for index, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == separator and depth == 0:
            parts.append(value[start:index])
            start = index + 1
    if not parts:
        return None
    parts.append(value[start:])
    return parts


def split_keywords(value: str) -> list[str]:
    """Split a keywords value on ``;`` outside braces when it has one (then its commas
    belong to the items), else on commas outside braces."""
    for separator in (";", ","):
        parts = _split_outside_braces(value, separator)
        if parts is not None:
            return [p.strip() for p in parts if p.strip()]
    return [value.strip()] if value.strip() else []


def read_keywords(fields: dict[str, str], context: Context, line: int, key: str | None) -> list[Keyword]:
    """The keywords of an entry's fields (``keywords`` and its carrier are removed from them)."""
    raw = fields.pop("keywords", None)
    if raw is None:
        return []
    parts = split_keywords(raw)
    vocabularies: list[str | None] | None = None
    carrier = fields.get(VOCABULARY_FIELD, "")
    if carrier.startswith(VOCABULARY_PREFIX):
        vocabularies = parse_vocabularies(latex_to_text(carrier), len(parts))
        if vocabularies is None:
            context.warning(
                f"{VOCABULARY_FIELD} does not fit the keywords (count differs); vocabularies ignored",
                code="RB212",
                line=line,
                key=key,
            )
        else:
            del fields[VOCABULARY_FIELD]
    keywords: list[Keyword] = []
    for index, part in enumerate(parts):
        vocabulary = vocabularies[index] if vocabularies is not None else NO_CARRIER
        keywords.extend(keyword_items(latex_to_text(part), vocabulary))
    return keywords


@lru_cache(maxsize=4096)
def keyword_items(term: str, vocabulary: str | None) -> tuple[Keyword, ...]:
    """The keyword(s) of one written keyword, decoded (cached: terms repeat a lot).

    ``vocabulary`` is the carrier's entry for it: a name, None for a free keyword,
    or ``NO_CARRIER`` when there is no carrier (MeSH heading notation then means
    MeSH; a star alone means major, in no vocabulary).
    """
    if vocabulary == NO_CARRIER:
        if "/" in term:
            return tuple(parse_heading(term)) if looks_like_mesh_heading(term) else (Keyword(term),)
        if looks_like_heading(term):
            return tuple(parse_heading(term, None)) or (Keyword(term),)
        return (Keyword(term),)
    if vocabulary is None:
        return (Keyword(term),)
    return tuple(parse_heading(term, vocabulary) or [Keyword(term, vocabulary=vocabulary)])


def parse_vocabularies(value: str, count: int) -> list[str | None] | None:
    """Read ``keywords: MeSH`` (all keywords) or ``keywords: MeSH; -; Emtree`` (one per
    keyword, ``-`` for none); None when the list does not fit ``count`` keywords."""
    items = [item.strip() for item in value[len(VOCABULARY_PREFIX) :].split(";")]
    names: list[str | None] = [None if item in ("-", "") else item for item in items]
    if len(names) == 1:
        return names * count
    return names if len(names) == count else None
