"""How the BibTeX writer spells keywords: heading notation, and the vocabulary carrier.

A keyword with a MeSH qualifier or a major mark is written in heading notation
(``COVID-19/therapy*``); a major term of no vocabulary keeps its star before it
(``*Major Depression``, PsycINFO's form) unless its record writes qualified headings.
When the keywords would not read back as they are (a vocabulary the text cannot show),
``usera`` carries their vocabularies (``vocabulary_carrier``).
"""

from __future__ import annotations

from refbridge.formats.bibtex.read_keywords import NO_CARRIER, keyword_items
from refbridge.formats.bibtex.tables import VOCABULARY_PREFIX
from refbridge.mesh import format_heading
from refbridge.model import Keyword


def suffix_stars(keywords: list[Keyword]) -> bool:
    """True when the keywords hold a qualified heading: stars then go after the terms."""
    return any(k.qualifier is not None for k in keywords)


def keyword_text(keyword: Keyword, suffix: bool = True) -> str:
    """A keyword as written: heading notation when it has a qualifier or mark; a major term
    of no vocabulary as ``*Term`` unless ``suffix`` (its record writes ``Term/qual*``)."""
    if keyword.qualifier is None and keyword.major and keyword.vocabulary is None and not suffix:
        return format_heading(keyword, "prefix")
    if keyword.qualifier is not None or keyword.major:
        return format_heading(keyword)
    return keyword.term


def vocabulary_carrier(keywords: list[Keyword]) -> str | None:
    """The ``usera`` value naming each keyword's vocabulary, or None when the
    keywords read back right without it (no vocabulary, nothing heading-like)."""
    vocabularies = [k.vocabulary for k in keywords]
    suffix = suffix_stars(keywords)
    if all(_reads_back(k, suffix) for k in keywords):
        return None
    if len(set(vocabularies)) == 1:
        return f"{VOCABULARY_PREFIX} {vocabularies[0] or '-'}"
    return f"{VOCABULARY_PREFIX} " + "; ".join(v if v is not None else "-" for v in vocabularies)


def _reads_back(keyword: Keyword, suffix: bool) -> bool:
    """True when the reader gives ``keyword`` back from its text with no carrier."""
    return keyword_items(keyword_text(keyword, suffix), NO_CARRIER) == (keyword,)
