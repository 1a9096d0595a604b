"""Author names as WPRIM prints them: given names as written, the family name in capitals.

``Siyu WANG`` → family ``Wang``, given ``Siyu``; ``Kyung Hee PARK`` → ``Park``,
``Kyung Hee``; ``NGUYEN Van Anh`` → ``Nguyen``, ``Van Anh``; a name with no token
in capitals (``Sa Lü``) is given-then-family. The capitals only mark the family
name, so it is stored in normal case (``O'BRIEN`` → ``O'Brien``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from refbridge.model import Person

#: Lower-case particles kept apart from the family name (``Ludwig van BEETHOVEN``).
PARTICLES: frozenset[str] = frozenset(
    {
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "dos",
        "das",
        "du",
        "la",
        "le",
        "ter",
        "ten",
        "zu",
    }
)
#: Generational suffixes; ``II``/``III`` are capitals but never a family name.
SUFFIXES: dict[str, str] = {
    "jr": "Jr.",
    "jr.": "Jr.",
    "sr": "Sr.",
    "sr.": "Sr.",
    "ii": "II",
    "iii": "III",
    "iv": "IV",
}
#: Words that make a name corporate (kept whole as ``literal``).
CORPORATE_WORDS: frozenset[str] = frozenset(
    {
        "group",
        "committee",
        "consortium",
        "collaboration",
        "collaborative",
        "network",
        "association",
        "society",
        "team",
        "investigators",
        "organization",
        "organisation",
        "department",
        "hospital",
        "university",
        "center",
        "centre",
        "institute",
        "council",
        "working",
        "task",
        "force",
        "board",
    }
)

# Affiliation marks sometimes copied with a name: "WANG1", "WANG*", "WANG†".
_MARK_CHARS = frozenset("0123456789*†‡§#,")
_MARKS = re.compile(r"[\d*†‡§#,]+$")
# First letter of the name and every letter after a hyphen or apostrophe.
_WORD_START = re.compile(r"(^|[-'’\s])(\w)")


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A parsed author name and whether it was a guess worth reporting."""

    person: Person
    guessed: bool = False


def normal_case(text: str) -> str:
    """Return a name written in capitals in normal case: ``FU-SHENG`` → ``Fu-Sheng``,
    ``O'BRIEN`` → ``O'Brien``, ``NGUYEN VAN`` → ``Nguyen Van``, ``LÜ`` → ``Lü``."""
    if text.isalpha():
        return text.capitalize()
    return _WORD_START.sub(lambda m: m.group(1) + m.group(2).upper(), text.lower())


def is_capitals(token: str) -> bool:
    """A family-name token: written in capitals with at least two letters (not an initial)."""
    if len(token) < 2 or not token.isupper() or "." in token:
        return False
    return token.isalpha() or sum(1 for c in token if c.isalpha()) >= 2


def split_author_line(line: str) -> list[str]:
    """The names of an author line (`` ; `` between names), marks and blanks removed."""
    names = []
    for part in line.split(";"):
        name = part.strip()
        if name and name[-1] in _MARK_CHARS:
            name = _MARKS.sub("", name).strip()
        if name:
            names.append(name)
    return names


@lru_cache(maxsize=4096)
def parse_name(text: str) -> ParsedName:
    """Parse one WPRIM author name into a Person (see the module docstring).

    Cached: the same authors recur across a result list, and the result is immutable.
    """
    text = " ".join(text.split())
    if "," in text:
        # "WANG, Siyu": the comma form of other Index Medicus pages.
        head, _, tail = text.partition(",")
        head, tail = head.strip(), tail.strip()
        if head and tail and len(head.split()) <= 3:
            return ParsedName(Person(family=normal_case(head) if head.isupper() else head, given=tail))
    tokens = text.split(" ")
    if len(tokens) > 6 or not CORPORATE_WORDS.isdisjoint(text.lower().replace(".", "").split(" ")):
        return ParsedName(Person(literal=text))
    suffix = None
    if len(tokens) > 1 and tokens[-1].lower() in SUFFIXES:
        suffix = SUFFIXES[tokens[-1].lower()]
        tokens = tokens[:-1]
    caps = [i for i, t in enumerate(tokens) if is_capitals(t)]
    if not caps or len(caps) == len(tokens):
        return _given_then_family(tokens, suffix, guessed=bool(caps) and len(tokens) > 1)
    # The last contiguous run of capitals is the family name.
    end = caps[-1] + 1
    start = caps[-1]
    while start > 0 and start - 1 in caps:
        start -= 1
    family = normal_case(" ".join(tokens[start:end]))
    before = tokens[:start]
    after = tokens[end:]
    particle_words: list[str] = []
    while before and len(before) > 1 and before[-1] in PARTICLES:
        particle_words.insert(0, before.pop())
    given = " ".join(before + after) or None
    particle = " ".join(particle_words) or None
    return ParsedName(Person(family=family, given=given, particle=particle, suffix=suffix))


def _given_then_family(tokens: list[str], suffix: str | None, *, guessed: bool) -> ParsedName:
    """No capitals (``Sa Lü``), or only capitals (``SIYU WANG``): the last word is the family name."""
    family = normal_case(tokens[-1]) if is_capitals(tokens[-1]) else tokens[-1]
    given_words = tokens[:-1]
    if guessed:
        # Initials (``JH SMITH``) stay in capitals; whole words get normal case.
        given_words = [t if len(t) <= 2 else normal_case(t) for t in given_words]
    particle_words: list[str] = []
    while len(given_words) > 1 and given_words[-1] in PARTICLES:
        particle_words.insert(0, given_words.pop())
    return ParsedName(
        Person(
            family=family,
            given=" ".join(given_words) or None,
            particle=" ".join(particle_words) or None,
            suffix=suffix,
        ),
        guessed=guessed,
    )
