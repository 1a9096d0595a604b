"""JATS names and dates ↔ the record model, shared by the citation and front-matter code.

Reading: ``<name>`` (surname, given-names, suffix), ``<string-name>`` (tagged parts or
plain text), ``<collab>``, ``<anonymous>`` and their ``-alternatives`` wrappers. A
JATS surname carries the particle ("van Gogh"); leading lower-case words become
``Person.particle`` (BibTeX's "von" rule), and the writer joins them back.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from refbridge.formats.jats.tables import EXTRA, PARTICLE_WORD
from refbridge.formats.jats.xmlin import collapse, text_of
from refbridge.model import ETAL_LITERAL, MONTHS, PartialDate, Person

if TYPE_CHECKING:
    from lxml import etree  # type: ignore[import-untyped]

_NAME_PARTS = frozenset({"surname", "given-names", "prefix", "suffix"})
#: ``<etal/>`` in an author or editor list: the model's et-al marker (``Person.is_etal``),
#: the same as BibTeX's ``and others``; written back as ``<etal/>`` where it stands.
ETAL = Person(literal=ETAL_LITERAL)
PERSON_TAGS = frozenset(
    {"name", "string-name", "collab", "anonymous", "name-alternatives", "collab-alternatives"}
)


def split_surname(surname: str) -> tuple[str | None, str]:
    """Split leading particle words off a JATS surname: ``de la Cruz`` → (``de la``, ``Cruz``)."""
    words = surname.split(" ")
    count = 0
    while count < len(words) - 1 and PARTICLE_WORD.match(words[count]):
        count += 1
    if count == 0:
        return None, surname
    return " ".join(words[:count]), " ".join(words[count:])


def person_of(element: etree._Element, dropped: list[str]) -> Person | None:
    """The Person for a name-like element, or None for an empty one.

    ``dropped`` collects name parts with no slot in the model (honorific prefixes).
    """
    tag = element.tag
    if tag in ("name-alternatives", "collab-alternatives"):
        for child in element:
            if isinstance(child.tag, str) and child.tag in PERSON_TAGS:
                return person_of(child, dropped)
        return None
    if tag == "anonymous":
        return Person(literal=text_of(element) or "Anonymous")
    if tag == "collab":
        nested = [c for c in element if isinstance(c.tag, str) and c.tag == "contrib-group"]
        if nested:
            parts = [element.text or ""] + [c.tail or "" for c in element if isinstance(c.tag, str)]
            literal = collapse("".join(parts))
        else:
            literal = text_of(element)
        return Person(literal=literal) if literal else None
    found: dict[str, str] = {}
    for child in element:
        if isinstance(child.tag, str) and child.tag in _NAME_PARTS and child.tag not in found:
            found[child.tag] = text_of(child)
    surname = found.get("surname") or None
    given = found.get("given-names") or None
    if tag == "string-name" and surname is None and given is None:
        literal = text_of(element)
        return Person(literal=literal) if literal else None
    prefix = found.get("prefix")
    if prefix:
        dropped.append(f"prefix {prefix!r}")
    particle, family = split_surname(surname) if surname else (None, None)
    if family is None and given is None:
        return None
    return Person(family=family, given=given, particle=particle, suffix=found.get("suffix") or None)


def surname_of(person: Person) -> str | None:
    """The JATS surname of a person: particle and family name."""
    if person.particle and person.family:
        return f"{person.particle} {person.family}"
    return person.family or person.particle


def display_name(person: Person) -> str:
    """``Family, Given`` (or the literal) for extra lists of other contributor roles."""
    if person.literal is not None:
        return person.literal
    family = surname_of(person) or ""
    given = person.given or ""
    text = f"{family}, {given}" if family and given else family or given
    return f"{text}, {person.suffix}" if person.suffix else text


def parse_month(text: str) -> int | None:
    """A month number from ``03``, ``3``, ``Mar`` or ``March``; None otherwise."""
    stripped = text.strip().rstrip(".").lower()
    if stripped.isdigit():
        number = int(stripped)
        return number if 1 <= number <= 12 else None
    return MONTHS.get(stripped)


def parse_day(text: str) -> int | None:
    """A day number 1..31, or None."""
    stripped = text.strip()
    if stripped.isdigit() and 1 <= int(stripped) <= 31:
        return int(stripped)
    return None


def parse_year(text: str) -> int | None:
    """The four-digit year in a JATS ``<year>`` (``2006a`` → 2006), or None."""
    digits = ""
    for char in text:
        if char.isdigit() and char.isascii():
            digits += char
            if len(digits) == 4:
                return int(digits)
        else:
            digits = ""
    return None


def date_from_parts(
    year_text: str | None, month_text: str | None, day_text: str | None, extra: dict[str, Any]
) -> PartialDate | None:
    """``issued`` from year/month/day texts; what does not parse is kept in ``extra``."""
    year = parse_year(year_text) if year_text else None
    if year_text and (year is None or year_text != str(year)):
        extra[EXTRA + "year"] = year_text
    month = parse_month(month_text) if month_text else None
    if month_text and (month is None or year is None):
        extra[EXTRA + "month"] = month_text
        month = None
    day = parse_day(day_text) if day_text else None
    if day_text and (day is None or month is None):
        extra[EXTRA + "day"] = day_text
        day = None
    if year is None:
        return None
    return PartialDate(year, month, day)


def date_texts(issued: PartialDate | None, extra: dict[str, Any]) -> list[tuple[str, str]]:
    """``(tag, text)`` for year, month and day: the date's parts, else the kept texts."""
    result: list[tuple[str, str]] = []
    kept_year = extra.get(EXTRA + "year")
    if issued is not None and issued.year is not None:
        if isinstance(kept_year, str) and parse_year(kept_year) == issued.year:
            result.append(("year", kept_year))
        else:
            result.append(("year", str(issued.year)))
    elif isinstance(kept_year, str):
        result.append(("year", kept_year))
    for tag, value in (("month", issued.month if issued else None), ("day", issued.day if issued else None)):
        kept = extra.get(EXTRA + tag)
        if value is not None:
            result.append((tag, f"{value:02d}"))
        elif isinstance(kept, str):
            result.append((tag, kept))
    return result


_ISO_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


def iso_date(text: str | None) -> PartialDate | None:
    """The date in an ISO 8601 ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` text; None otherwise."""
    match = _ISO_DATE.match(text.strip()) if text else None
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        return None
    return PartialDate(year, month, day)


def date_in_citation(element: etree._Element) -> PartialDate | None:
    """The date a ``<date-in-citation>`` holds: its ``iso-8601-date``, its ISO text, its
    ``year``/``month``/``day`` children, or else its text as a literal date."""
    parsed = iso_date(element.get("iso-8601-date")) or iso_date(text_of(element))
    if parsed is not None:
        return parsed
    parts = {
        c.tag: text_of(c) for c in element if isinstance(c.tag, str) and c.tag in ("year", "month", "day")
    }
    year = parse_year(parts["year"]) if "year" in parts else None
    if year is not None:
        month = parse_month(parts["month"]) if "month" in parts else None
        day = parse_day(parts["day"]) if month is not None and "day" in parts else None
        return PartialDate(year, month, day)
    text = text_of(element)
    return PartialDate(literal=text) if text else None


def date_in_citation_parts(date: PartialDate) -> tuple[str | None, str]:
    """``(iso-8601-date, text)`` of a ``<date-in-citation>`` for ``date`` (no attribute
    for a date without a year, whose text is its literal)."""
    if date.year is None:
        return None, date.literal or ""
    return date.iso(), date.iso()
