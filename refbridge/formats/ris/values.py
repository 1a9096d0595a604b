"""Reading and writing single RIS values: names, dates, keywords, identifiers.

Shared by ``ris_read`` and ``ris_write`` so that each value is written in exactly
the form the reader reads back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from refbridge.mesh import MESH, format_heading, looks_like_heading, parse_heading
from refbridge.model import MONTHS, Keyword, PartialDate, Person

# -- names -------------------------------------------------------------------------


# Cache sizes: each cache fills within the first few thousand records of a large
# file and then stays that size (memory flat however long the file); beyond that,
# more entries bought little speed and cost up to a few MB each.


@lru_cache(maxsize=4096)
def parse_name(text: str) -> Person:
    """Read ``Family, Given`` or ``Family, Given, Suffix``; a name without a comma is
    kept whole as a literal (corporate) name. Leading lower-case words of the family
    part are the particle (``van der Berg, Jan``), as BibTeX reads them.

    Cached: names repeat across a library, and Person is immutable."""
    family, comma, rest = text.partition(",")
    if not comma:
        return _family_initials(text) or Person(literal=text)
    given, comma, suffix = rest.partition(",")
    family = family.strip()
    particle = None
    if family[:1].islower() and " " in family:
        words = family.split()
        start = 0
        while start < len(words) - 1 and words[start][:1].islower():
            start += 1
        particle = " ".join(words[:start]) or None
        family = " ".join(words[start:])
    if comma:
        suffix = ", ".join(p for p in (part.strip() for part in suffix.split(",")) if p)
    return Person(
        family=family or None,
        given=given.strip() or None,
        particle=particle,
        suffix=suffix or None,
    )


#: ``Yang Z``, ``van der Berg JH``, ``Fanning E.``, ``Åberg G``, ``Zhang Y.-L.``: a family
#: name and initials without a comma, as PubMed-derived files, Embase and screening tools
#: (Rayyan, Covidence) write authors. At most three capitalised family words (lower-case
#: particles aside), so a corporate name ending in an acronym stays whole.
_INITIALS = re.compile(r"(?:[^\W\d_]\.?-?){1,3}")
#: Acronyms that end corporate names (``Cancer Research UK``), never initials.
_ACRONYMS = frozenset({"UK", "US", "USA", "EU", "UN", "NHS", "WHO", "CDC", "NIH"})
_NAME_MARKS = frozenset("'’-")


def _family_word(word: str) -> bool:
    """A capitalised family-name word with a lower-case letter (``O'Brien``, ``Smith-Jones``)."""
    return (
        word[0].isupper()
        and any(c.islower() for c in word)
        and all(c.isalpha() or c in _NAME_MARKS for c in word)
    )


def _family_initials(text: str) -> Person | None:
    """``Yang Z`` as family ``Yang``, given ``Z``; None for any other shape."""
    words = text.split()
    if len(words) < 2:
        return None
    given = words[-1]
    letters = [c for c in given if c.isalpha()]
    if not _INITIALS.fullmatch(given) or not all(c.isupper() for c in letters) or given in _ACRONYMS:
        return None
    family = words[:-1]
    start = 0
    while start < len(family) - 1 and family[start].islower() and family[start].isalpha():
        start += 1
    core = family[start:]
    if not 1 <= len(core) <= 3 or not all(_family_word(word) for word in core):
        return None
    return Person(family=" ".join(core), given=given, particle=" ".join(family[:start]) or None)


def format_name(person: Person) -> str:
    """Write a name as Zotero and EndNote read it: ``Family, Given[, Suffix]``; a
    literal name as it is (Zotero makes it a single-field name)."""
    if person.literal is not None:
        return person.literal
    family = " ".join(p for p in (person.particle, person.family) if p)
    if person.suffix:
        return f"{family}, {person.given or ''}, {person.suffix}"
    return f"{family}, {person.given}" if person.given else f"{family},"


# -- dates -------------------------------------------------------------------------

_SLASH_DATE = re.compile(r"(\d{4})?/(\d{1,2})?(?:/(\d{1,2})?(?:/(.*))?)?")
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_YEAR = re.compile(r"(?<!\d)([12]\d{3})(?!\d)")
_MONTH_WORD = re.compile(r"(?<![A-Za-z])([A-Za-z]{3,9})\.?")


def _part(text: str | None, top: int) -> int | None:
    if not text:
        return None
    value = int(text)
    return value if 1 <= value <= top else None


@lru_cache(maxsize=1024)
def parse_date(text: str) -> tuple[PartialDate | None, bool]:
    """Read a RIS date: ``2025``, ``2025///``, ``2025/11/24/``, ``2025-11-24`` exactly;
    free text (``Nov 20``, ``4-8 Aug. 2020``) as well as it goes.

    Returns the date (None when nothing was found) and whether the text said no more
    than the date does (False: the caller keeps the text too). Cached: dates repeat.
    """
    text = text.strip()
    match = _SLASH_DATE.fullmatch(text) if "/" in text else _ISO_DATE.fullmatch(text)
    if match:
        groups = match.groups()
        year = int(groups[0]) if groups[0] else None
        month = _part(groups[1], 12)
        day = _part(groups[2], 31) if month else None
        exact = (month is not None or not groups[1]) and (day is not None or not groups[2])
        if len(groups) > 3 and groups[3]:
            exact = False
        if year is None and month is None:
            return None, False
        return PartialDate(year, month, day), exact and year is not None
    return _parse_free_date(text), False


def _parse_free_date(text: str) -> PartialDate | None:
    year_match = _YEAR.search(text)
    year = int(year_match.group(1)) if year_match else None
    month = day = None
    for match in _MONTH_WORD.finditer(text):
        number = MONTHS.get(match.group(1).lower())
        if number is None:
            continue
        month = number
        # A day stands right before or after the month name, and is not part of a range.
        before = re.search(r"(?<![\d-])(\d{1,2})\s+$", text[: match.start()])
        after = re.match(r"\s+(\d{1,2})(?![\d-])", text[match.end() :])
        near = before or after
        day = _part(near.group(1), 31) if near else None
        break
    if year is None and month is None:
        return None
    return PartialDate(year, month, day)


def format_date(date: PartialDate) -> str:
    """``YYYY/MM/DD/`` with empty parts for what is unknown (``2025///``)."""
    year = f"{date.year:04d}" if date.year is not None else ""
    month = f"{date.month:02d}" if date.month is not None else ""
    day = f"{date.day:02d}" if date.day is not None and date.month is not None else ""
    return f"{year}/{month}/{day}/"


def date_agrees(date: PartialDate, other: PartialDate) -> bool:
    """True when ``date`` says nothing that ``other`` contradicts or lacks."""
    return (
        date.year == other.year
        and (date.month is None or date.month == other.month)
        and (date.day is None or date.day == other.day)
    )


# -- keywords ----------------------------------------------------------------------

# No "\s*" after the class: spaces are in it already, and the overlap backtracked
# exponentially on long space runs (found by fuzzing). Callers strip the text.
_QUALIFIER = re.compile(r"\*?\s*[a-z][a-z ,&-]*\*?")
_KW_SPLIT = re.compile(r"(?<!\s)\s*[;\n]\s*")
LITERAL_MARK = "="
VOCABULARY_SEPARATOR = "|"
NO_VOCABULARY = "-"


def split_keyword_value(value: str) -> list[str]:
    """One KW value may hold several keywords separated by ``;`` or line breaks
    (Zotero splits them the same way)."""
    if ";" not in value and "\n" not in value:
        return [value]
    return [part for part in _KW_SPLIT.split(value) if part]


def _mesh_like(text: str) -> bool:
    """Heading notation whose qualifiers look like MeSH subheadings (lower case), so
    that an author keyword like ``HIV/AIDS`` stays one keyword."""
    if not looks_like_heading(text):
        return False
    return all(_QUALIFIER.fullmatch(q.strip()) for q in text.split("/")[1:] if q.strip())


#: Ovid's MEDLINE subheading: ``/dt [Drug Therapy]`` (abbreviation, then the name).
_OVID_QUALIFIER = re.compile(r"/(\*?)[a-z]{2} \[([A-Za-z ,&-]+)\]")


def _ovid_qualifier(match: re.Match[str]) -> str:
    """``/dt [Drug Therapy]`` as the MeSH qualifier ``/drug therapy`` (star kept)."""
    return f"/{match.group(1)}{match.group(2).lower()}"


def read_keyword(text: str, token: str | None) -> list[Keyword]:
    """Keywords of one KW item. ``token`` is its ``XK`` entry (vocabulary, ``=`` for
    a literal term, ``""`` for none) or None when the record has no ``XK``."""
    return list(keyword_items(text, token))


@lru_cache(maxsize=4096)
def keyword_items(text: str, token: str | None) -> tuple[Keyword, ...]:
    """``read_keyword`` as a tuple, cached: keyword strings repeat across a library,
    and Keyword is immutable."""
    if token is None:
        if "[" in text:
            text = _OVID_QUALIFIER.sub(_ovid_qualifier, text)
        if not _mesh_like(text):
            return (Keyword(text),)
        # A star alone (PsycINFO's and MEDLINE's major descriptor ``*Major Depression``)
        # marks the term major; only a MeSH qualifier makes it a MeSH heading.
        return tuple(parse_heading(text, MESH if "/" in text else None))
    literal = token.startswith(LITERAL_MARK)
    vocabulary = token[1:] if literal else token
    if not literal and looks_like_heading(text):
        return tuple(parse_heading(text, vocabulary or None))
    return (Keyword(text, vocabulary=vocabulary or None),)


def keyword_text(keyword: Keyword, suffix_stars: bool = False) -> str:
    """The KW value for a keyword: heading notation when it has a qualifier or mark.

    A major term of no vocabulary is written ``*Term`` (PsycINFO's and MEDLINE's form),
    or ``Term*`` when ``suffix_stars``: its record writes headings in that notation
    (``COVID-19/therapy*``, as WPRIM and MeSH-style exports do), so the star stays
    where the source put it. Both read back alike.
    """
    if keyword.qualifier is None and not keyword.major:
        return keyword.term
    if keyword.qualifier is None and keyword.vocabulary is None and not suffix_stars:
        return format_heading(keyword, "prefix")
    return format_heading(keyword, "suffix")


def uses_suffix_stars(keywords: Sequence[Keyword]) -> bool:
    """True when some keyword is a heading with a qualifier (written ``Term/qualifier*``):
    the record's stars then go after their terms."""
    return any(k.qualifier is not None for k in keywords)


def vocabulary_tokens(keywords: Sequence[Keyword]) -> list[str] | None:
    """The ``XK`` tokens needed to read ``keywords`` back exactly (vocabulary, ``""``
    for none, ``=`` before it for a term not to be parsed as a heading), or None when
    the KW lines alone suffice."""
    # RIS has no place for vocabulary identifiers (MeSH D…/Q… UIs from PubMed XML): a
    # keyword reads back right when all but its identifiers come back.
    keywords = [_without_ids(k) for k in keywords]
    if all(_reads_back_alone(k) for k in keywords):
        return None
    tokens = []
    suffix_stars = uses_suffix_stars(keywords)
    for keyword in keywords:
        vocabulary = keyword.vocabulary or ""
        text = keyword_text(keyword, suffix_stars)
        if read_keyword(text, vocabulary) == [keyword]:
            tokens.append(vocabulary)
        else:
            tokens.append(LITERAL_MARK + vocabulary)
    return tokens


def _without_ids(keyword: Keyword) -> Keyword:
    if keyword.id is None and keyword.qualifier_id is None:
        return keyword
    return Keyword(keyword.term, keyword.qualifier, keyword.major, keyword.vocabulary)


@lru_cache(maxsize=4096)
def _reads_back_alone(keyword: Keyword) -> bool:
    # Cached: the same keywords come back record after record.
    return keyword_items(keyword_text(keyword), None) == (keyword,)


def encode_vocabularies(tokens: list[str]) -> str:
    """The ``XK`` value: one token when all agree, else one per KW line joined by
    ``|``; ``-`` stands for no vocabulary (an empty value would be dropped)."""
    if len(set(tokens)) == 1 and not tokens[0].startswith(LITERAL_MARK):
        return tokens[0] or NO_VOCABULARY
    return VOCABULARY_SEPARATOR.join(token or NO_VOCABULARY for token in tokens)


def decode_vocabularies(value: str, count: int) -> list[str] | None:
    """Tokens for ``count`` KW lines from an ``XK`` value, or None if they do not fit."""
    tokens = [token.strip() for token in value.split(VOCABULARY_SEPARATOR)]
    tokens = ["" if token == NO_VOCABULARY else token for token in tokens]
    if len(tokens) == 1 and not tokens[0].startswith(LITERAL_MARK):
        return tokens * count
    return tokens if len(tokens) == count else None


def carriable(vocabulary: str | None) -> bool:
    """True when a vocabulary name can be written in ``XK``."""
    return vocabulary is None or (
        bool(vocabulary)
        and vocabulary != NO_VOCABULARY
        and VOCABULARY_SEPARATOR not in vocabulary
        and not vocabulary.startswith(LITERAL_MARK)
        and "\n" not in vocabulary
        and vocabulary == vocabulary.strip()
    )


# -- identifiers (DOIs: refbridge/identifiers.py, shared by every format) -----------

_ISSN = re.compile(r"\d{4}-?\d{3}[\dXx]")
_ISBN = re.compile(r"(?:\d[- ]?){9}[\dXx]|(?:\d[- ]?){12}\d")
#: ``;`` and ``,`` separate numbers; so does a space (a line break joined as one) before
#: a hyphenated ISSN: EndNote puts a second ISSN on an untagged line.
_SN_SPLIT = re.compile(r"(?<!\s)\s*[;,]\s*|(?<=[\dXx)])\s+(?=\d{4}-\d{3}[\dXx](?![\w-]))")
ELOCATION = re.compile(r"e\d+", re.IGNORECASE)


def _without_qualifier(item: str) -> str:
    """``2325-9671 (electronic)`` → ``2325-9671``; the item itself when it has no final
    parenthesised qualifier. (A regular expression here backtracked quadratically.)"""
    if not item.endswith(")"):
        return item
    opening = item.rfind("(")
    if opening <= 0 or ")" in item[opening:-1]:
        return item
    number = item[:opening].rstrip()
    return number or item


@lru_cache(maxsize=1024)
def split_standard_numbers(text: str, bookish: bool) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """Split an ``SN`` value into (ISSNs, ISBNs, exact). ``exact`` is False when the
    value said more than the lists hold (``(electronic)`` qualifiers, odd items).
    Cached: a library holds the same journals' ISSNs over and over."""
    issns: list[str] = []
    isbns: list[str] = []
    exact = True
    for item in _SN_SPLIT.split(text.strip()):
        if not item:
            continue
        number = _without_qualifier(item)
        exact = exact and number is item
        if _ISSN.fullmatch(number):
            issns.append(number)
        elif _ISBN.fullmatch(number) or bookish:
            isbns.append(number)
        else:
            issns.append(number)
    return tuple(issns), tuple(isbns), exact
