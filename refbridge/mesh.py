"""MeSH-style heading notation shared by readers and writers.

``COVID-19/therapy*`` (WPRIM, MEDLINE display) and ``*COVID-19/therapy`` (PubMed
MEDLINE ``MH`` lines) both mean: descriptor ``COVID-19``, qualifier ``therapy``,
major topic. Several qualifiers (``*Kidney Diseases/diagnosis/*therapy``) give one
keyword per qualifier, each with its own major mark. The keyword-mapping plugin
builds on these two functions; formats use them to read and write keywords.
"""

from __future__ import annotations

from .model import Keyword

MESH = "MeSH"


def parse_heading(text: str, vocabulary: str | None = MESH) -> list[Keyword]:
    """Parse one MeSH-style heading into keywords (one per qualifier).

    A ``*`` before or after the descriptor marks it major when it has no
    qualifier; a ``*`` on a qualifier marks that descriptor/qualifier pair major.
    Commas, ``&`` and hyphens inside terms are kept as they are.
    """
    text = text.strip()
    if not text:
        return []
    parts = [p.strip() for p in text.split("/")]
    descriptor = parts[0]
    descriptor_major = descriptor.startswith("*") or descriptor.endswith("*")
    descriptor = descriptor.strip("*").strip()
    qualifiers = [q for q in parts[1:] if q.strip("*").strip()]
    if not qualifiers:
        return [Keyword(descriptor, None, descriptor_major, vocabulary)]
    result = []
    for qualifier in qualifiers:
        major = descriptor_major or qualifier.startswith("*") or qualifier.endswith("*")
        result.append(Keyword(descriptor, qualifier.strip("*").strip(), major, vocabulary))
    return result


def format_heading(keyword: Keyword, style: str = "suffix") -> str:
    """Write a keyword in heading notation: ``Term/qualifier*`` (style ``suffix``,
    WPRIM) or ``*Term/qualifier`` (style ``prefix``, PubMed MEDLINE)."""
    text = keyword.term if keyword.qualifier is None else f"{keyword.term}/{keyword.qualifier}"
    if not keyword.major:
        return text
    return f"*{text}" if style == "prefix" else f"{text}*"


def looks_like_heading(text: str) -> bool:
    """True when a keyword string uses heading notation (a ``/`` qualifier or a ``*`` mark)."""
    stripped = text.strip()
    return "/" in stripped or stripped.startswith("*") or stripped.endswith("*")
