"""Splitting keyword strings and reading MeSH heading notation in them.

The rules (also in docs/keywords.md):

1. ``;`` and line breaks always separate keywords.
2. A piece in heading notation whose part after each ``/`` is a MeSH qualifier
   (``Women, Working/*history/psychology``) is one heading: commas in it are
   part of the descriptor.
3. Otherwise a comma separates keywords only when commas are separators here (the
   ``commas`` argument; the step decides it from option ``split_commas``), except that:
   - a comma inside a known inverted MeSH descriptor (``Neoplasms, Glandular and
     Epithelial``, packaged list) is kept;
   - a lower-case MeSH qualifier after a comma is the qualifier of the term before
     it (``Lung Neoplasms, drug therapy`` = ``Lung Neoplasms/drug therapy``);
   - a comma right after a qualifier always separates (qualifiers hold no commas).
4. Heading notation (``COVID-19/therapy*``, ``*Kidney Diseases/diagnosis/therapy``)
   is parsed with ``refbridge.mesh.parse_heading``, vocabulary MeSH (a star alone,
   ``*Major Depression``, marks a major term of no vocabulary), qualifiers in
   their canonical MeSH spelling. A ``/`` not followed by a MeSH qualifier
   (``HIV/AIDS``) is part of the term. When a string split into several keywords
   holds headings with qualifiers, its plain terms (``Humans``) get vocabulary MeSH too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import lru_cache

from refbridge.mesh import MESH, QUALIFIERS, parse_heading, qualifier_key
from refbridge.model import Keyword

from .vocab import inverted_descriptors, norm_key

#: Characters that may need splitting or heading parsing; terms without them take the fast path.
NEEDS_WORK = re.compile(r"[;,/*\n\r]")
_SPACES = re.compile(r"^\s|\s$|\s\s|[^\S ]")
_NEEDS_WORK_OR_SPACES = re.compile(r"[;,/*\n\r]|^\s|\s$|\s\s|[^\S ]")
_SEPARATORS = re.compile(r"[;\n\r]")


@dataclass
class Changes:
    """What the transform changed in one record's keywords, for the diagnostics."""

    split: list[tuple[str, int]] = field(default_factory=list)  # (original, pieces)
    headings: list[str] = field(default_factory=list)
    slash_terms: list[str] = field(default_factory=list)
    empty: int = 0
    mapped: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    check_tags: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    def merge(self, other: Changes) -> None:
        """Add what another pass over the same record changed."""
        for item in fields(self):
            mine, theirs = getattr(self, item.name), getattr(other, item.name)
            setattr(self, item.name, mine + theirs)


def is_qualifier(text: str) -> bool:
    """True when ``text`` (``*`` marks allowed) is a MeSH qualifier."""
    return qualifier_key(text) in QUALIFIERS


def _is_lower_qualifier(part: str) -> bool:
    core = part.replace("*", "").strip()
    return bool(core) and core == core.lower() and is_qualifier(core)


def is_heading(text: str) -> bool:
    """True when ``text`` is MeSH heading notation this plugin accepts.

    Stricter than ``refbridge.mesh.looks_like_heading``: every part after a ``/``
    must be a MeSH qualifier, so ``HIV/AIDS`` is a term, not term ``HIV`` with
    qualifier ``AIDS``. Without a ``/``, a leading or trailing ``*`` makes a heading.
    """
    stripped = text.strip()
    if "/" not in stripped:
        return len(stripped) > 1 and (stripped.startswith("*") or stripped.endswith("*"))
    descriptor, *qualifiers = stripped.split("/")
    given = [q for q in qualifiers if q.strip(" *")]
    if not descriptor.strip(" *,") or not given:
        return False
    return all(is_qualifier(q) for q in given)


def _ends_with_qualifier(group: str) -> bool:
    return "/" in group and is_qualifier(group.rsplit("/", 1)[1])


def _descriptor_key(parts: list[str]) -> str | None:
    """Key of the descriptor that ``parts`` joined by commas would be, if it can be one."""
    if any("/" in p for p in parts[:-1]):
        return None
    text = ", ".join(parts).split("/", 1)[0]
    return norm_key(text.strip().strip("*"))


def _inverted_end(parts: list[str], start: int) -> int:
    """End (exclusive) of the longest known inverted descriptor starting at ``parts[start]``."""
    known, longest = inverted_descriptors()
    for end in range(min(len(parts), start + longest), start + 1, -1):
        if _descriptor_key(parts[start:end]) in known:
            return end
    return start + 1


def split_commas(piece: str, commas: bool) -> list[str]:
    """Split one ``;``-free piece at its commas by the rules in this module's docstring."""
    # Empty parts ("Humans, , drug therapy") go first: left in, they hid the comma notation
    # of a qualifier from the first run but not from the second (not idempotent).
    parts = [p.strip() for p in piece.split(",") if p.strip()]
    groups: list[str] = []
    i = 0
    while i < len(parts):
        end = _inverted_end(parts, i)
        group = ", ".join(parts[i:end])
        # "Lung Neoplasms, drug therapy": the comma notation of Term/qualifier.
        while (
            end < len(parts)
            and "/" not in group
            and group.lstrip("* ")[:1].isupper()  # a leading major mark: "*Humans, drug therapy"
            and _is_lower_qualifier(parts[end])
        ):
            group = f"{group}/{parts[end]}"
            end += 1
        groups.append(group)
        i = end
    if commas:
        return [g for g in groups if g]
    merged: list[str] = []
    for group in groups:
        if not group:
            continue
        if merged and not _ends_with_qualifier(merged[-1]):
            merged[-1] = f"{merged[-1]}, {group}"
        else:
            merged.append(group)
    return [g for g in merged if g]


def split_text(text: str, commas: bool) -> list[str]:
    """Split a keyword string into keyword texts (headings not parsed yet).

    ``commas``: whether a comma is a separator here at all (rule 3).
    """
    pieces = _SEPARATORS.split(text)
    result: list[str] = []
    for raw in pieces:
        piece = " ".join(raw.split()).strip(" ,")
        if not piece:
            continue
        if "," not in piece or ("/" in piece and is_heading(piece)):
            result.append(piece)
        else:
            result.extend(split_commas(piece, commas))
    return result


def _parse(text: str, major: bool, vocabulary: str | None) -> list[Keyword]:
    result = []
    # A star alone (``*Major Depression``, PsycINFO's major descriptor) is a major mark,
    # not MeSH: only a MeSH qualifier says the heading is MeSH.
    for kw in parse_heading(text, vocabulary or (MESH if "/" in text else None)):
        if not kw.term.strip(" *,"):
            continue
        qualifier = kw.qualifier
        if qualifier is not None:
            qualifier = QUALIFIERS.get(qualifier_key(qualifier), qualifier)
        # parse_heading strips "*" then spaces once; "Humans*, *" needs both repeatedly.
        term = " ".join(kw.term.split()).strip(" *,")
        result.append(Keyword(term, qualifier, kw.major or major, kw.vocabulary))
    return result


def is_clean(keyword: Keyword) -> bool:
    """True when a keyword needs no work at all (the common case: checked with two regexes)."""
    term, qualifier = keyword.term, keyword.qualifier
    if qualifier is None:
        return bool(term) and not _NEEDS_WORK_OR_SPACES.search(term)
    return bool(term) and bool(qualifier) and not _SPACES.search(term) and not _SPACES.search(qualifier)


def expand_keyword(keyword: Keyword, commas: bool, notes: Changes) -> list[Keyword]:
    """Return the keywords one input keyword stands for (often just itself).

    Never changes a keyword that already has a qualifier (a reader structured it)
    beyond collapsing runs of whitespace; an empty qualifier becomes None. Results
    are cached: the same few thousand terms recur across a whole file.
    """
    result, split, headings, slash_terms, empty = _expand(keyword, commas)
    if split:
        notes.split.append((keyword.term, split))
    notes.headings.extend(headings)
    notes.slash_terms.extend(slash_terms)
    notes.empty += empty
    return list(result)


_Expanded = tuple[tuple[Keyword, ...], int, tuple[str, ...], tuple[str, ...], int]


@lru_cache(maxsize=2048)  # only keywords that need work come here
def _expand(keyword: Keyword, commas: bool) -> _Expanded:
    """(keywords, pieces if split else 0, heading texts, slash terms, empties)."""
    term = keyword.term
    qualifier = keyword.qualifier
    if qualifier is not None:
        qualifier = " ".join(qualifier.split()) or None
    if qualifier is not None or not NEEDS_WORK.search(term):
        clean = " ".join(term.split())
        if not clean:
            return (), 0, (), (), 1
        if clean == term and qualifier == keyword.qualifier:
            return (keyword,), 0, (), (), 0
        return (Keyword(clean, qualifier, keyword.major, keyword.vocabulary),), 0, (), (), 0
    texts = [t for t in split_text(term, commas) if any(c.isalnum() for c in t)]
    is_heading_text = [is_heading(text) for text in texts]
    # A string holding several keywords, some in heading notation, is a list of MeSH
    # headings: its plain terms ("Humans") are MeSH descriptors too.
    several = len(texts) > 1
    mesh_list = any(heading and "/" in text for text, heading in zip(texts, is_heading_text, strict=True))
    plain_vocabulary = keyword.vocabulary or (MESH if several and mesh_list else None)
    result: list[Keyword] = []
    headings: list[str] = []
    slash_terms: list[str] = []
    for text, heading in zip(texts, is_heading_text, strict=True):
        if heading:
            parsed = _parse(text, keyword.major, keyword.vocabulary)
            if parsed != [Keyword(text, None, keyword.major, keyword.vocabulary)]:
                headings.append(text)
            result.extend(parsed)
            continue
        if "/" in text:
            slash_terms.append(text)
        if text.startswith("*") or text.endswith("*"):  # HIV/AIDS* : a starred non-heading term
            headings.append(text)
            result.append(Keyword(text.strip(" *,"), None, True, keyword.vocabulary))
        else:
            result.append(Keyword(text, None, keyword.major, plain_vocabulary))
    if result == [keyword]:
        return (keyword,), 0, (), (), 0
    return tuple(result), len(texts) if several else 0, tuple(headings), tuple(slash_terms), int(not texts)
