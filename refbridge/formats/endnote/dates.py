"""EndNote's Date field (``<pub-dates><date>``, tagged ``%8``): free text beside the Year.

EndNote takes whatever the user or the database typed there: ``Mar 3``, ``March 3, 2015``,
``3 Mar 2015``, ``2021/03/04``, ``Spring``, ranges such as ``December 4-9, 2017``,
``27-30 June 2016``, ``Mar-Apr`` or ``Dec 2017-Jan 2018``, and text that is no date at all
(``In press``). ``read_date`` makes of it the record's ``issued`` (the start of a range)
and ``issued_end``; what it does not understand is kept whole as ``PartialDate.literal``
(with the record's Year), never dropped.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from refbridge.model import MONTHS, PartialDate

#: CSL's season numbers.
SEASONS: dict[str, int] = {"spring": 1, "summer": 2, "fall": 3, "autumn": 3, "winter": 4}

_ISO = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?/*")
_ISO_DASHED = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
#: A range's dash: a hyphen, en or em dash, or "to" between two parts.
_RANGE = re.compile(r"\s*[-\u2010-\u2015]\s*|\s+to\s+", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W\d_]+\.?|\d+|[,./\s]+|.", re.UNICODE)


class DateRange(NamedTuple):
    """A Date field read: ``issued`` and, for a range, ``issued_end``."""

    issued: PartialDate | None
    issued_end: PartialDate | None = None

    @property
    def understood(self) -> bool:
        """True when the text was read into date parts (not kept as a literal)."""
        return self.issued is not None and self.issued.literal is None


class _Part(NamedTuple):
    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: int | None = None


def read_date(text: str | None, year: int | None) -> DateRange:
    """Read a Date field with the record's Year; text that is no date (or a date of another
    year than ``year``, which a range must include) becomes ``PartialDate(year, literal=text)``."""
    value = " ".join((text or "").split())
    if not value:
        return DateRange(PartialDate(year=year) if year is not None else None)
    read = _iso(value) or _iso_range(value) or _words(value, year)
    if read is None or read.issued is None:
        return DateRange(PartialDate(year=year, literal=value))
    first = read.issued.year
    last = read.issued_end.year if read.issued_end is not None else first
    if year is not None and first is not None and not first <= year <= (last or first):
        return DateRange(PartialDate(year=year, literal=value))  # the Year field says otherwise
    return read


def format_range(issued: PartialDate, end: PartialDate | None) -> str:
    """The Date field refbridge writes for a date it has no text of: ISO (``2015-03-03``),
    ``start/end`` for a range (which ``read_date`` reads back), a literal as it is; "" for
    a year alone (the Year field holds it)."""
    if issued.literal is not None:
        return issued.literal
    if end is not None and end.year is not None and issued.year is not None:
        return f"{issued.iso()}/{end.iso()}"
    return issued.iso() if issued.month is not None else ""


def _date(
    year: int | None, month: int | None, day: int | None, season: int | None = None
) -> PartialDate | None:
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and (month is None or not 1 <= day <= 31):
        return None
    return PartialDate(year, month, day, season)


def _iso(value: str) -> DateRange | None:
    match = _ISO.fullmatch(value)
    if match is None:
        return None
    month, day = (int(g) if g else None for g in match.group(2, 3))
    date = _date(int(match.group(1)), month, day)
    return DateRange(date) if date is not None else None


def _iso_range(value: str) -> DateRange | None:
    """``2017-12-04/2017-12-09``, ``1984/1986`` (as refbridge writes a range)."""
    first, slash, second = value.partition("/")
    start_match, end_match = _ISO_DASHED.fullmatch(first.strip()), _ISO_DASHED.fullmatch(second.strip())
    if not slash or start_match is None or end_match is None:
        return None
    start, end = (_date(*(int(g) if g else None for g in m.group(1, 2, 3))) for m in (start_match, end_match))
    return DateRange(start, end) if start is not None and end is not None else None


def _words(value: str, year: int | None) -> DateRange | None:
    """``Mar 3``, ``3 March 2015``, ``Spring``, and ranges of them."""
    pieces = _RANGE.split(value)
    if len(pieces) == 1:
        part = _part(value)
        if part is None or (part.month is None and part.season is None):
            return None  # a year alone, or a day with no month, says nothing the Year does not
        return DateRange(
            _date(part.year if part.year is not None else year, part.month, part.day, part.season)
        )
    if len(pieces) != 2:
        return None
    start, end = _part(pieces[0]), _part(pieces[1])
    if start is None or end is None:
        return None
    # "December 4-9, 2017": the end's month is the start's; "27-30 June 2016": the start's
    # month is the end's; a year written on one side only holds for both.
    if end.month is None and end.season is None:
        end = end._replace(month=start.month, season=start.season)
    if start.month is None and start.season is None:
        start = start._replace(month=end.month, season=end.season)
    if start.year is None:
        start = start._replace(year=end.year if end.year is not None else year)
    if end.year is None:
        end = end._replace(year=start.year)
    if start.month is None and start.season is None and (start.day is not None or end.day is not None):
        return None
    if start.month is None and start.season is None and start.year == end.year:
        return None
    first, last = _date(*start), _date(*end)
    if first is None or last is None or _key(last) < _key(first):
        return None
    return DateRange(first, last if last != first else None)


def _key(date: PartialDate) -> tuple[int, int, int]:
    return (date.year or 0, date.month or date.season or 0, date.day or 0)


def _part(text: str) -> _Part | None:
    """Year, month or season, and day of one side (``December 4``, ``9, 2017``, ``Spring``)."""
    part = _Part()
    seen = False
    for token in _TOKEN.findall(text):
        if not token.strip(",./ "):
            continue  # separators
        word = token.rstrip(".").casefold()
        if token.isdigit() and token.isascii() and len(token) == 4 and part.year is None:
            part = part._replace(year=int(token))
        elif token.isdigit() and token.isascii() and len(token) <= 2 and part.day is None:
            part = part._replace(day=int(token))
        elif word in MONTHS and part.month is None and part.season is None:
            part = part._replace(month=MONTHS[word])
        elif word in SEASONS and part.month is None and part.season is None:
            part = part._replace(season=SEASONS[word])
        else:
            return None
        seen = True
    if part.season is not None and part.day is not None:
        return None
    return part if seen else None
