"""``DP`` publication dates: ``2025 Nov 20``, ``2024 Spring``, ``2023 Jan-Feb``,
``2010 Dec 15-31``, ``2002 Dec-2003 Jan``, ``1998-1999``.

A range becomes ``issued`` (its start) and ``issued_end``; a season becomes
``PartialDate.season``. When the date written from those parts would not be the
text as read (``2021 Autumn``, ``2019 Nov/Dec``), the text is kept in ``literal`` too,
and the writer puts it back as it was.
"""

from __future__ import annotations

from refbridge.model import MONTHS, PartialDate

from .tags import MONTH_NAMES, SEASON_NAMES, SEASONS

_Parts = tuple[int | None, int | None, int | None, int | None]  # year, month, day, season


def _parts(text: str, inherit_year: int | None) -> _Parts | None:
    """Year, month, day and season of ``2023 Jan 5`` / ``Jan 5`` / ``5`` / ``Spring``; None if not a date."""
    year = month = day = season = None
    words = text.split()
    if not words or len(words) > 3:
        return None
    if len(words[0]) == 4 and words[0].isascii() and words[0].isdigit():
        year = int(words.pop(0))
    elif inherit_year is None:
        return None
    for word in words:
        key = word.rstrip(".").casefold()
        if month is None and season is None and day is None and key in MONTHS:
            month = MONTHS[key]
        elif month is None and season is None and day is None and key in SEASONS:
            season = SEASONS[key]
        elif day is None and word.isascii() and word.isdigit() and 1 <= int(word) <= 31:
            day = int(word)
        else:
            return None
    return year, month, day, season


def parse_dp(text: str) -> tuple[PartialDate, PartialDate | None] | None:
    """``issued`` and ``issued_end`` of a ``DP`` value; None when it has no four-digit year."""
    value = " ".join(text.split())
    start_text, dash, end_text = value.partition("-")
    start = _parts(start_text, None)
    end = _parts(end_text, start[0]) if start is not None and dash else None
    if start is None or (dash and end is None):
        return _literal(value)
    issued = PartialDate(start[0], start[1], start[2] if start[1] else None, start[3])
    issued_end = None
    if end is not None:
        year, month, day, season = end
        # "2010 Dec 15-31": an end with only a day is in the start's month.
        if month is None and season is None and day is not None:
            month, season = start[1], start[3]
        issued_end = PartialDate(year or start[0], month, day if month else None, season)
    if format_dp(issued, issued_end) != value:
        issued = PartialDate(issued.year, issued.month, issued.day, issued.season, literal=value)
    return issued, issued_end


def _literal(value: str) -> tuple[PartialDate, None] | None:
    for word in value.replace("-", " ").replace("/", " ").split():
        if len(word) == 4 and word.isascii() and word.isdigit():
            return PartialDate(int(word), literal=value), None
    return None


def _text(date: PartialDate, *, year: bool, month: bool) -> str:
    words = []
    if year and date.year is not None:
        words.append(f"{date.year:04d}")
    if month and date.month is not None and 1 <= date.month <= 12:
        words.append(MONTH_NAMES[date.month - 1])
    elif month and date.month is None and date.season in SEASON_NAMES:
        words.append(SEASON_NAMES[date.season])
    if date.day is not None and date.month is not None:
        words.append(str(date.day))
    return " ".join(words)


def format_dp(issued: PartialDate, end: PartialDate | None = None) -> str:
    """The ``DP`` text of a date or range, in PubMed's notation (``literal`` wins when set)."""
    if issued.literal:
        return issued.literal
    start = _text(issued, year=True, month=True)
    if end is None or end.year is None:
        return start
    new_year = end.year != issued.year
    new_month = new_year or end.month != issued.month or end.season != issued.season
    rest = _text(end, year=new_year, month=new_month)
    return f"{start}-{rest}" if rest else start
