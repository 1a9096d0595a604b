"""Reading a BibTeX entry's date: biblatex ``date`` (ISO) or ``year``/``month``/``day``.

What does not parse stays in the entry's fields (``extra``) as written. Web of
Science writes ``month = {MAR 1}`` (month and day in one field) and
``month = {SEP-OCT}`` (a range): the first is read as month and day, the second
keeps its first month and stays in ``extra`` as written.
"""

from __future__ import annotations

import re

from refbridge.context import Context
from refbridge.formats.bibtex.latex import latex_to_text
from refbridge.model import MONTHS, PartialDate

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
#: ``MAR 1``, ``Mar. 15``, ``1 March``: a month name and a day in one ``month`` field.
_MONTH_DAY = re.compile(r"([a-z]+)\.?\s+(\d{1,2})|(\d{1,2})\s+([a-z]+)\.?")


def number(text: str | None, low: int, high: int) -> int | None:
    """``text`` as an integer in [low, high], or None."""
    if text is None or not text.isdigit():
        return None
    value = int(text)
    return value if low <= value <= high else None


def date_range(fields: dict[str, str]) -> tuple[PartialDate, PartialDate] | None:
    """biblatex's date range (``date = {1984/1986}``, ``{2020-08-04/2020-08-08}``): its start
    and end, removing ``date`` and the ``year``/``month``/``day`` that repeat the start;
    None (nothing removed) when ``date`` is no range of two ISO dates."""
    start_text, slash, end_text = fields.get("date", "").strip().partition("/")
    if not slash:
        return None
    start, end = _iso_date(start_text), _iso_date(end_text)
    if start is None or end is None:
        return None
    del fields["date"]
    for name, part in (("year", start.year), ("month", start.month), ("day", start.day)):
        if name in fields and date_part(name, fields[name]) == part:
            del fields[name]
    return start, end


def _iso_date(text: str) -> PartialDate | None:
    match = _DATE.fullmatch(text.strip())
    if match is None:
        return None
    month, day = number(match.group(2), 1, 12), number(match.group(3), 1, 31)
    if (match.group(2) is not None and month is None) or (match.group(3) is not None and day is None):
        return None
    return PartialDate(int(match.group(1)), month, day)


def issued(fields: dict[str, str], context: Context, line: int, key: str | None) -> PartialDate | None:
    """The date from ``date`` (ISO) or ``year``/``month``/``day``, removing the fields
    it came from; what does not parse stays in ``fields`` as written."""
    raw_date = fields.get("date")
    if raw_date is not None:
        match = _DATE.fullmatch(raw_date.strip())
        if match:
            month, day = number(match.group(2), 1, 12), number(match.group(3), 1, 31)
            if (match.group(2) is None or month) and (match.group(3) is None or day):
                del fields["date"]
                result = PartialDate(int(match.group(1)), month, day)
                for name, part in (("year", result.year), ("month", result.month), ("day", result.day)):
                    if name in fields and date_part(name, fields[name]) == part:
                        del fields[name]
                return result
    year = month = day = None
    if "year" in fields:
        year = date_part("year", fields["year"])
        if year is not None:
            del fields["year"]
        else:
            context.info(
                f"year {fields['year']!r} is not a number; kept as written", code="RB210", line=line, key=key
            )
    if "month" in fields:
        month = date_part("month", fields["month"])
        if month is not None:
            del fields["month"]
        else:
            month, day = month_and_day(fields["month"])
            if month is not None:
                del fields["month"]
                if "day" in fields and date_part("day", fields["day"]) == day:
                    del fields["day"]
            else:
                context.warning(
                    f"month {fields['month']!r} not understood; kept as written",
                    code="RB210",
                    line=line,
                    key=key,
                )
    if "day" in fields and month is not None and day is None:
        day = date_part("day", fields["day"])
        if day is not None:
            del fields["day"]
    if year is None and month is None:
        return None
    return PartialDate(year, month, day)


def date_part(name: str, raw: str) -> int | None:
    """One of ``year``, ``month`` (name, abbreviation or number) and ``day`` as a number."""
    text = latex_to_text(raw).strip().rstrip(".").lower()
    if name == "year":
        return int(text) if text.isascii() and text.isdigit() else None
    if name == "month":
        return MONTHS.get(text) or number(text, 1, 12)
    return number(text, 1, 31)


def month_and_day(raw: str) -> tuple[int | None, int | None]:
    """Web of Science's ``MAR 1`` (or ``1 March``): (month, day), or (None, None)."""
    match = _MONTH_DAY.fullmatch(latex_to_text(raw).strip().lower())
    if match is None:
        return None, None
    name, digits = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
    month = MONTHS.get(name)
    day = number(digits, 1, 31)
    if month is None or day is None:
        return None, None
    return month, day
