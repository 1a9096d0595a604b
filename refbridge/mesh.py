"""MeSH-style heading notation shared by readers and writers.

``COVID-19/therapy*`` (WPRIM, MEDLINE display) and ``*COVID-19/therapy`` (PubMed
MEDLINE ``MH`` lines) both mean: descriptor ``COVID-19``, qualifier ``therapy``,
major topic. Several qualifiers (``*Kidney Diseases/diagnosis/*therapy``) give one
keyword per qualifier, each with its own major mark. The keyword-mapping plugin
builds on these two functions; formats use them to read and write keywords.
"""

from __future__ import annotations

from refbridge.model import Keyword

MESH = "MeSH"

#: MeSH qualifiers, canonical spelling (current ones, plus a few retired in 2016
#: such as ``radiography`` that older records still carry).
_QUALIFIER_NAMES = (
    "abnormalities",
    "administration & dosage",
    "adverse effects",
    "agonists",
    "analogs & derivatives",
    "analysis",
    "anatomy & histology",
    "antagonists & inhibitors",
    "biosynthesis",
    "blood",
    "blood supply",
    "cerebrospinal fluid",
    "chemical synthesis",
    "chemically induced",
    "chemistry",
    "classification",
    "complications",
    "congenital",
    "contraindications",
    "cytology",
    "deficiency",
    "diagnosis",
    "diagnostic imaging",
    "diet therapy",
    "drug effects",
    "drug therapy",
    "economics",
    "education",
    "embryology",
    "enzymology",
    "epidemiology",
    "ethics",
    "ethnology",
    "etiology",
    "genetics",
    "growth & development",
    "history",
    "immunology",
    "injuries",
    "innervation",
    "instrumentation",
    "isolation & purification",
    "legislation & jurisprudence",
    "manpower",
    "metabolism",
    "methods",
    "microbiology",
    "mortality",
    "nursing",
    "organization & administration",
    "parasitology",
    "pathogenicity",
    "pathology",
    "pharmacokinetics",
    "pharmacology",
    "physiology",
    "physiopathology",
    "poisoning",
    "prevention & control",
    "psychology",
    "radiation effects",
    "radiography",
    "radionuclide imaging",
    "radiotherapy",
    "rehabilitation",
    "secondary",
    "standards",
    "statistics & numerical data",
    "supply & distribution",
    "surgery",
    "therapeutic use",
    "therapy",
    "toxicity",
    "transmission",
    "transplantation",
    "trends",
    "ultrasonography",
    "ultrastructure",
    "urine",
    "utilization",
    "veterinary",
    "virology",
)


def qualifier_key(text: str) -> str:
    """Key of a qualifier: case and spaces folded, ``and``/``&amp;`` spelled ``&``, no ``*``."""
    key = " ".join(text.replace("*", "").replace("&amp;", "&").split()).casefold()
    return key.replace(" and ", " & ")


#: qualifier_key(name) → canonical MeSH spelling.
QUALIFIERS: dict[str, str] = {qualifier_key(name): name for name in _QUALIFIER_NAMES}


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
    descriptor = descriptor.strip(" *")
    if not descriptor:
        return []
    qualifiers = [q for q in parts[1:] if q.strip(" *")]
    if not qualifiers:
        return [Keyword(descriptor, None, descriptor_major, vocabulary)]
    result = []
    for qualifier in qualifiers:
        major = descriptor_major or qualifier.startswith("*") or qualifier.endswith("*")
        result.append(Keyword(descriptor, qualifier.strip(" *"), major, vocabulary))
    return result


def format_heading(keyword: Keyword, style: str = "suffix") -> str:
    """Write a keyword in heading notation: ``Term/qualifier*`` (style ``suffix``,
    WPRIM) or ``*Term/qualifier`` (style ``prefix``, PubMed MEDLINE)."""
    text = keyword.term if keyword.qualifier is None else f"{keyword.term}/{keyword.qualifier}"
    if not keyword.major:
        return text
    return f"*{text}" if style == "prefix" else f"{text}*"


def looks_like_heading(text: str) -> bool:
    """True when a keyword string uses heading notation (a ``/`` qualifier or a ``*`` mark).

    Permissive: writers put any qualifier after a ``/``, so their readers must take
    any back. For free text where ``HIV/AIDS`` must stay one keyword, use
    ``looks_like_mesh_heading``."""
    stripped = text.strip()
    return "/" in stripped or stripped.startswith("*") or stripped.endswith("*")


def looks_like_mesh_heading(text: str) -> bool:
    """Strict heading test for hand-written keywords: every part after a ``/`` is a MeSH
    qualifier (``COVID-19/therapy*``, not ``HIV/AIDS`` or ``input/output``), or a ``*``
    major mark starts or ends it."""
    stripped = text.strip()
    if "/" in stripped:
        qualifiers = [q for q in stripped.split("/")[1:] if q.strip(" *")]
        return bool(qualifiers) and all(qualifier_key(q) in QUALIFIERS for q in qualifiers)
    return len(stripped) > 1 and (stripped.startswith("*") or stripped.endswith("*"))
