"""CSL date objects ↔ ``PartialDate``.

A CSL date is ``{"date-parts": [[y, m, d]]}`` (a second part for a range), maybe with
``season``, ``circa``, ``literal`` or ``raw`` (text to parse). Reading returns the start,
the end (a range) and a problem message; writing is the inverse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...model import MONTHS, PartialDate

_ISO = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]+)\.?,?\s+(?:(\d{1,2}),?\s+)?(-?\d{4})$")
_SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}


@dataclass(frozen=True, slots=True)
class ReadDate:
    """What a CSL date object says: start, end of a range, whether the end is open, a problem."""

    start: PartialDate | None
    end: PartialDate | None = None
    open_end: bool = False
    problem: str | None = None


def _number(value: Any) -> int | None:
    """A date part as an int (CSL allows ``"2018"`` as well as ``2018``); None if not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,6}\s*", value):
        return int(value)
    return None


def _part(parts: Any) -> PartialDate | str | None:
    """One ``[y, m, d]`` list → a date; a message when it is malformed; None when empty."""
    if not isinstance(parts, list) or not 1 <= len(parts) <= 3:
        return "a date part is not a list of one to three numbers"
    numbers = [_number(p) for p in parts]
    if any(n is None for n in numbers):
        if all(p in ("", None, 0, "0") for p in parts):
            return None
        return f"date part {parts!r} is not numeric"
    year, month, day = [*numbers, None, None][:3]
    if year == 0 and not month:
        return None
    if month is not None and month > 12:
        if 13 <= month <= 16 and day is None:  # CSL's seasons as months 13-16 (citeproc-js)
            return PartialDate(year=year, season=month - 12)
        return f"month {month} out of range"
    if day is not None and not 1 <= day <= 31:
        return f"day {day} out of range"
    return PartialDate(year=year, month=month or None, day=day if month else None)


def read_date(value: Any) -> ReadDate:
    """Read a CSL date variable (an object, or a bare string as some exporters write)."""
    if isinstance(value, str):
        value = {"raw": value}
    if not isinstance(value, dict):
        return ReadDate(None, problem=f"a date must be an object, got {type(value).__name__}")
    season = _season(value.get("season"))
    circa = bool(value.get("circa")) and value.get("circa") not in ("0", "false")
    literal = value.get("literal") if isinstance(value.get("literal"), str) else None
    result: ReadDate
    if "date-parts" in value:
        result = _from_parts(value["date-parts"])
    elif isinstance(value.get("raw"), str):
        result = parse_raw(value["raw"])
    else:
        result = ReadDate(None)
    start = result.start
    if start is None and (literal or season or circa):
        start = PartialDate()
    if start is not None:
        start = PartialDate(
            start.year,
            start.month,
            start.day,
            season=season or start.season,
            circa=start.circa or circa,
            literal=literal or start.literal,
        )
    return ReadDate(start, result.end, result.open_end, result.problem)


def _season(value: Any) -> int | None:
    """CSL ``season``: 1-4 or a season's name."""
    number = _number(value)
    if number is not None:
        return number if 1 <= number <= 4 else None
    return _SEASONS.get(str(value).strip().lower()) if isinstance(value, str) else None


def _from_parts(date_parts: Any) -> ReadDate:
    if not isinstance(date_parts, list) or not 1 <= len(date_parts) <= 2:
        return ReadDate(None, problem="date-parts must hold one or two date parts")
    start = _part(date_parts[0])
    if isinstance(start, str):
        return ReadDate(None, problem=start)
    if len(date_parts) == 1:
        return ReadDate(start)
    end = _part(date_parts[1])
    if isinstance(end, str):
        return ReadDate(start, problem=end)
    if end is None:
        return ReadDate(start, open_end=True)
    if end == start:
        return ReadDate(start)
    return ReadDate(start, end)


def parse_raw(text: str) -> ReadDate:
    """Parse a ``raw`` date: ISO (``2020-03-15``), EDTF ranges (``2020/2021``, ``2020/..``),
    ``March 2020``, ``15 March 2020``, ``March 15, 2020``, ``Spring 2020``; else literal."""
    text = text.strip()
    if "/" in text:
        first, _, second = text.partition("/")
        start = _single(first)
        if start is not None:
            if second.strip() in ("..", ""):
                return ReadDate(start, open_end=True)
            end = _single(second)
            if end is not None:
                return ReadDate(start, end)
    single = _single(text)
    if single is not None:
        return ReadDate(single)
    return ReadDate(PartialDate(literal=text), problem=f"date {text!r} not understood; kept as written")


def _single(text: str) -> PartialDate | None:
    text = text.strip()
    circa = text.endswith("~") or text.endswith("?")
    text = text.rstrip("~?")
    match = _ISO.match(text)
    if match is not None:
        year, month, day = (int(g) if g else None for g in match.groups())
        if month is not None and not 1 <= month <= 12:
            if 21 <= month <= 24 and day is None:  # EDTF seasons
                return PartialDate(year=year, season=month - 20, circa=circa)
            return None
        if day is not None and not 1 <= day <= 31:
            return None
        return PartialDate(year=year, month=month, day=day, circa=circa)
    words = text.split()
    if len(words) == 2 and words[0].lower() in _SEASONS and _number(words[1]) is not None:
        return PartialDate(year=_number(words[1]), season=_SEASONS[words[0].lower()], circa=circa)
    match = _WORDS.match(text)
    if match is not None:
        day_before, month_name, day_after, year_text = match.groups()
        month = MONTHS.get(month_name.lower())
        day_text = day_before or day_after
        if month is not None and not (day_before and day_after):
            day_number = int(day_text) if day_text else None
            return PartialDate(year=int(year_text), month=month, day=day_number, circa=circa)
    return None


def _parts(date: PartialDate) -> list[int]:
    parts = [date.year if date.year is not None else 0]
    if date.month is not None:
        parts.append(date.month)
        if date.day is not None:
            parts.append(date.day)
    return parts


def write_date(
    start: PartialDate, end: PartialDate | None = None, *, open_end: bool = False
) -> dict[str, Any]:
    """A CSL date object: ``date-parts`` when the year is known, ``literal`` for text."""
    result: dict[str, Any] = {}
    if start.year is not None:
        parts: list[list[Any]] = [_parts(start)]
        if end is not None and end.year is not None:
            parts.append(_parts(end))
        elif open_end:
            parts.append([0])
        result["date-parts"] = parts
    if start.season is not None:
        result["season"] = start.season
    if start.circa:
        result["circa"] = True
    if start.literal is not None:
        result["literal"] = start.literal
    return result


def date_text(start: PartialDate, end: PartialDate | None = None) -> str:
    """ISO / EDTF-like text of a date (for ``extra`` and ``note`` lines): ``1930/1952``."""
    text = start.iso() or (start.literal or "")
    if end is not None and end.year is not None:
        text += "/" + end.iso()
    return text
