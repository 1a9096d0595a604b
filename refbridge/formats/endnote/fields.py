"""One EndNote record as EndNote's own generic fields, and the values inside them.

Both EndNote formats carry the same fields — the XML names them by element
(``secondary-title``), the tagged format by letter (``%B``/``%J``) — so both readers
collect a ``Fields`` and share one mapping to the record model (``mapping_read``),
and both writers format the ``Fields`` that ``mapping_write`` makes of a record.
Keys are the XML element names; nested elements are flattened: ``titles/title`` is
``title``, ``periodical/full-title`` is ``full-title``, ``dates/pub-dates/date`` is
``date``, ``urls/related-urls/url`` is ``url``, other URL lists keep their list name
(``pdf-urls``), ``alt-periodical/x`` is ``alt-periodical/x``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from refbridge.identifiers import DoiText, parse_doi
from refbridge.model import MONTHS, PartialDate, Person

#: The extra-key prefix of everything refbridge keeps from an EndNote record without a slot.
PREFIX = "endnote:"


@dataclass
class Fields:
    """Generic EndNote fields of one record: name → values in file order.

    ``markup`` holds, for a field whose text carried italics, bold, superscript or
    subscript, the text with those runs as ``<i>``/``<b>``/``<sup>``/``<sub>`` tags.
    """

    ref_type: str | None = None
    ref_number: str | None = None
    values: dict[str, list[str]] = field(default_factory=dict)
    markup: dict[str, str] = field(default_factory=dict)
    line: int | None = None

    def add(self, name: str, value: str) -> None:
        """Append a value (empty values are not kept)."""
        if value:
            self.values.setdefault(name, []).append(value)

    def first(self, name: str) -> str | None:
        """The first value of a field, or None."""
        values = self.values.get(name)
        return values[0] if values else None

    def pop(self, name: str) -> list[str]:
        """Remove and return all values of a field."""
        return self.values.pop(name, [])


# -- names -------------------------------------------------------------------------

_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "2nd", "3rd"})


def parse_name(text: str) -> Person:
    """Read an EndNote name: ``Family, Given[, Suffix]``, ``Given Family``, or a
    corporate name written with a trailing comma (``Acme Corporation,``), as EndNote
    asks for names that must not be split."""
    text = " ".join(text.split())
    if "," not in text:
        words = text.split(" ")
        if len(words) == 1:
            return Person(literal=text)
        family_at = len(words) - 1
        while family_at > 1 and words[family_at - 1][:1].islower():
            family_at -= 1  # "Ludwig van Beethoven": particle before the family name
        given = " ".join(w for w in words[:family_at] if not w[:1].islower()) or None
        particle = " ".join(w for w in words[1:family_at] if w[:1].islower()) or None
        return Person(family=" ".join(words[family_at:]), given=given, particle=particle)
    family_part, _, rest = text.partition(",")
    family_part, rest = family_part.strip(), rest.strip()
    if not rest:
        return Person(literal=family_part)
    given, _, suffix = rest.partition(",")
    suffix = suffix.strip()
    if not suffix and given.strip().lower() in _SUFFIXES:
        suffix, given = given.strip(), ""
    words = family_part.split(" ")
    lead = 0
    while lead < len(words) - 1 and words[lead][:1].islower():
        lead += 1
    return Person(
        family=" ".join(words[lead:]),
        given=given.strip() or None,
        particle=" ".join(words[:lead]) or None,
        suffix=suffix or None,
    )


def format_name(person: Person) -> str:
    """Write a name as EndNote stores it: ``Family, Given[, Suffix]``; a corporate name
    gets EndNote's trailing comma so that it is never split."""
    if person.literal is not None:
        return f"{person.literal},"
    family = " ".join(p for p in (person.particle, person.family) if p)
    text = f"{family}, {person.given}" if person.given else f"{family},"
    return f"{text}, {person.suffix}" if person.suffix else text


# -- dates -------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?/*$")
_TOKEN = re.compile(r"[A-Za-z]+\.?|\d+")


def parse_date(text: str | None, year: int | None) -> PartialDate | None:
    """Read an EndNote Date field (``Mar 3``, ``March 3, 2015``, ``2015-03-03``,
    ``2015/03/03/``, ``3 Mar 2015``) with the record's Year; None when not understood."""
    if not text:
        return PartialDate(year=year) if year is not None else None
    iso = _ISO.match(text.strip())
    if iso:
        month = int(iso.group(2)) if iso.group(2) else None
        day = int(iso.group(3)) if iso.group(3) else None
        if (month is None or 1 <= month <= 12) and (day is None or 1 <= day <= 31):
            return PartialDate(int(iso.group(1)), month, day)
        return None
    month = day = None
    found_year = None
    for token in _TOKEN.findall(text):
        if token[0].isdigit():
            number = int(token)
            if len(token) == 4 and found_year is None:
                found_year = number
            elif 1 <= number <= 31 and day is None and len(token) <= 2:
                day = number
            else:
                return None
        elif token.rstrip(".").lower() in MONTHS and month is None:
            month = MONTHS[token.rstrip(".").lower()]
        else:
            return None
    if month is None or (found_year is not None and year is not None and found_year != year):
        return None
    return PartialDate(found_year if found_year is not None else year, month, day if month else None)


# -- identifiers -------------------------------------------------------------------

_ISSN = re.compile(r"\b(\d{4}-?\d{3}[\dXx])\b")
_DOI = re.compile(r"10\.\d{4,9}/\S+")


def split_isbn_issn(text: str) -> tuple[list[str], list[str]] | None:
    """ISSNs and ISBNs in an ``isbn`` field (``1532-1827 (Electronic)\\r0007-0920
    (Linking)``), by shape; None when a part is neither."""
    issns: list[str] = []
    isbns: list[str] = []
    for part in re.split(r"[\s;,]+", re.sub(r"\([^)]*\)", " ", text)):
        if not part:
            continue
        compact = part.replace("-", "")
        if len(compact) == 8 and _ISSN.fullmatch(part.upper()):
            issns.append(part.upper())
        elif len(compact) in {10, 13} and compact[:-1].isdigit() and compact[-1] in "0123456789Xx":
            isbns.append(part)
        else:
            return None
    return issns, isbns


def clean_doi(text: str) -> str | None:
    """The bare DOI in an Electronic Resource Number (``doi:``, ``https://doi.org/``,
    ``http://doi.acm.org/`` forms), or None."""
    match = _DOI.search(text)
    if match is None:
        return None
    prefix = text[: match.start()].strip().lower()
    if prefix and not re.fullmatch(r"(doi:?|https?://[^/\s]*doi[^/\s]*/)\s*", prefix):
        return None
    return match.group(0).rstrip(".")


def url_doi(url: str) -> DoiText | None:
    """The DOI of a DOI resolver's URL (``https://doi.org/10.…``: ``url`` None, it holds
    nothing but the DOI; ``http://doi.acm.org/10.…``: ``url`` the publisher's), else None."""
    return parse_doi(url) if url.lower().startswith(("http://", "https://")) else None
