"""Export styles of the benchmark's generated records (generate.py): what real exports
are full of, drawn deterministically from the record's own ``random.Random``.

- ``zotero``: Zotero's own exports (the generator's original shape);
- ``wos``: Web of Science / PubMed-derived ``.bib``: keywords as one ``;``-separated
  list whose headings hold commas, the ISO abbreviation in ``journal-iso``,
  ``month = {MAR 1}``;
- ``mathscinet``: the abbreviated name in ``journal``, the full one in ``fjournal``;
- ``screening``: Rayyan/Covidence RIS: authors as ``Yang Z`` (family and initials, no
  comma; the record's given names are initials), all keywords on one ``KW`` line
  separated by ``;``, the type written as ``Journal Article``.

Across styles: a DOI sometimes as a ``https://doi.org/`` URL (the canonical record
then has the bare DOI and that URL), long author lists cut to three and ``and others``
(the et-al marker, ``{"literal": "others"}`` in JSON), and abstracts with a sentence of
math and symbols (IL-1β, 5 μg/mL, p < 0.05, 2 × 10⁻³), written as LaTeX math in the
``.bib`` of records with LaTeX accents.
"""

from __future__ import annotations

import random
from typing import Any

from gen_pools import MATH_SENTENCES

STYLES = ("zotero", "wos", "mathscinet", "screening")
_WEIGHTS = (50, 25, 10, 15)
#: The et-al marker of the model (BibTeX ``and others``, JATS ``<etal/>``).
ETAL = "others"
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def initials(given: str) -> str:
    """``Jan Hendrik`` → ``JH``; ``Siyu`` → ``S`` (PubMed's form)."""
    return "".join(part[0] for part in given.replace("-", " ").split() if part[:1].isalpha()).upper()


def apply_style(rng: random.Random, rec: Any, author_type: Any) -> None:
    """Choose the record's export style and make it look like that export (in place)."""
    rec.style = rng.choices(STYLES, _WEIGHTS)[0]
    rec.doi_url = rec.doi is not None and rng.random() < 0.2
    if len(rec.authors) > 6 and rng.random() < 0.3:
        rec.authors = [*rec.authors[:3], author_type(literal=ETAL)]
    if rec.style == "screening":
        for author in rec.authors:
            if not author.literal:
                author.given = initials(author.given) or author.given
                author.suffix = ""
    if not rec.sections and rng.random() < 0.4:
        sentence = rng.choice(MATH_SENTENCES).format(
            a=rng.randint(2, 9),
            b=rng.randint(10, 90),
            c=f"{rng.randint(1, 4)}.{rng.randint(0, 9)}",
            d=f"0.{rng.randint(1, 9)}",
            i="treatment",
        )
        rec.abstract = f"{rec.abstract} {sentence}"


def bib_comma_keywords(headings: list[str]) -> list[str]:
    """Headings for a comma-separated list: those holding a comma are braced."""
    return ["{" + h + "}" if "," in h else h for h in headings]


def wos_month(month: int, day: int | None) -> str:
    """Web of Science's ``month`` value: ``MAR`` or ``MAR 1``."""
    return _MONTHS[month - 1] + (f" {day}" if day else "")


def doi_text(doi: str, as_url: bool) -> str:
    """The DOI as the export writes it."""
    return f"https://doi.org/{doi}" if as_url else doi


def ris_author(family: str, given: str, suffix: str, screening: bool) -> str:
    """An ``AU`` value: ``Family, Given[, Suffix]``, or ``Family GI`` for screening tools."""
    if screening:
        return f"{family} {given}"
    return f"{family}, {given}" + (f", {suffix}" if suffix else "")
