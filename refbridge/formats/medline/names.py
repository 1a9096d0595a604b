"""MEDLINE names: ``FAU - Wang, Siyu`` (full) and ``AU  - Wang S`` (initials).

PubMed writes each person as a full name (``FAU``/``FED``/``FIR``: ``Family, Given
Suffix``) followed by the initials form (``AU``/``ED``/``IR``: ``Family GI Suffix``);
records from before 2002 have only the initials form.
"""

from __future__ import annotations

import re

from refbridge.model import ETAL_LITERAL, Person

#: Name suffixes as PubMed writes them after the given names / initials.
SUFFIXES = frozenset({"Jr", "Sr", "2nd", "3rd", "4th", "5th", "II", "III", "IV"})
#: The initials form: upper-case letters only (``MJ``), as PubMed's ``AU`` writes them.
_INITIALS = re.compile(r"[A-Z]{1,6}")
_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])", re.IGNORECASE)
_ETAL = {"et al", "et al."}


def split_particle(family: str) -> tuple[str | None, str]:
    """``van Raaij`` → (``van``, ``Raaij``): leading lower-case words are the particle."""
    words = family.split(" ")
    count = 0
    while count < len(words) - 1 and words[count][:1].islower():
        count += 1
    if count == 0:
        return None, family
    return " ".join(words[:count]), " ".join(words[count:])


def full_name(value: str) -> Person:
    """A ``FAU``/``FED``/``FIR`` value: ``Family, Given[ Suffix]``; no comma: a family name alone."""
    family, comma, given = value.partition(",")
    family, given = family.strip(), given.strip()
    suffix = None
    if comma and " " in given and given.rsplit(" ", 1)[1] in SUFFIXES:
        given, suffix = given.rsplit(" ", 1)
    particle, family = split_particle(family)
    return Person(family=family, given=given or None, particle=particle, suffix=suffix)


def short_name(value: str) -> Person:
    """An ``AU``/``ED``/``IR`` value: ``Family INITIALS[ Suffix]`` (``et al.`` is the et-al marker)."""
    if value.strip().casefold() in _ETAL:
        return Person(literal=ETAL_LITERAL)
    words = value.split()
    suffix = None
    if len(words) >= 3 and words[-1] in SUFFIXES:
        suffix = words.pop()
    given = None
    if len(words) >= 2 and _INITIALS.fullmatch(words[-1]):
        given = words.pop()
    particle, family = split_particle(" ".join(words))
    return Person(family=family, given=given, particle=particle, suffix=suffix)


def orcid_of(value: str) -> str | None:
    """The ORCID iD of an ``AUID`` value (``ORCID: 0000-0002-1825-0097``, or its URL form)."""
    if not value.strip().upper().startswith(("ORCID", "HTTP")):
        return None
    match = _ORCID.search(value)
    return match.group(1).upper() if match else None


def initials(given: str) -> str:
    """``Siyu`` → ``S``, ``Louis M.`` → ``LM``, ``Jean-Pierre`` → ``JP``; ``MJ`` stays ``MJ``."""
    if _INITIALS.fullmatch(given):
        return given
    letters = [part[0] for part in re.split(r"[\s.\-]+", given) if part and part[0].isalpha()]
    return "".join(letters).upper()


def family_of(person: Person) -> str:
    """The family name with its particle, as MEDLINE writes it (``van Raaij``)."""
    family = person.family or ""
    return f"{person.particle} {family}".strip() if person.particle else family


def is_initials_only(person: Person) -> bool:
    """True for a person read from an initials form alone (given ``MJ``): no full name to write."""
    return person.given is not None and len(person.given) > 1 and bool(_INITIALS.fullmatch(person.given))


def format_full(person: Person) -> str:
    """The ``FAU`` value of a person: ``Family, Given[ Suffix]`` (a family name alone without comma)."""
    family = family_of(person)
    if not person.given:
        return family
    given = f"{person.given} {person.suffix}" if person.suffix else person.given
    return f"{family}, {given}"


def format_short(person: Person) -> str:
    """The ``AU`` value of a person: ``Family INITIALS[ Suffix]``."""
    if person.is_etal:
        return "et al."
    parts = [family_of(person)]
    if person.given:
        parts.append(initials(person.given))
    if person.suffix:
        parts.append(person.suffix)
    return " ".join(p for p in parts if p)
