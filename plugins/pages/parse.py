"""Reading page text into the model's canonical ``pages`` (or an e-locator, or a page count).

Canonical pages: an ASCII hyphen between first and last page (``2984-2992``), the
last page written in full (``2984-92`` → ``2984-2992``), a letter prefix repeated
on the last page (``S12-9`` → ``S12-S19``), discontiguous parts joined by ``", "``
(``1-3, 5-7``), an open range as ``12+``. When a page itself contains a hyphen
(``C3-32``) the range separator is ``--`` so the value stays unambiguous:
``C3-32--C3-35``. A first and last page that are the same collapse to one page
(``14-14`` → ``14``), as ``refbridge.pagespan.join_pages`` does.

Nothing here reports diagnostics: ``parse_pages`` returns what it found and the
transform decides what to report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

#: Hyphen-like characters, read as a plain hyphen (a range separator or a hyphen inside a page).
HYPHENS = str.maketrans(dict.fromkeys("\u2010\u2011\u2212\ufe63\uff0d", "-"))
#: Dash characters that only ever separate a range (figure, en, em and horizontal-bar dashes).
DASH_CLASS = "\u2012\u2013\u2014\u2015\ufe58"

# A "long" separator: two or more hyphens, a dash character, or a hyphen with space on
# either side. Pages around a long separator may themselves contain a hyphen (C3-32).
_LONG_SEP = re.compile(rf"\s*(?:-{{2,}}|[{DASH_CLASS}]+-*)\s*|\s+-\s*|\s*-\s+")
_PART_SEP = re.compile(r"(?<!\s)\s*[,;]\s*")
_OPEN = re.compile(r"^(?P<page>.+?)\s*(?:\+|ff\.?)$")
_LABEL = re.compile(r"(?i)^(?:(?:pp|p|pgs?|pages?)(?:\.\s*|:\s*|\s+)(?=\S))+")
_ELOC_LABEL = re.compile(
    r"(?i)^(?:e-?locator|e-?location(?:[- ]id)?|article(?:\s+(?:no\.?|number|id))?|art\.?\s*no\.?)"
    r"\s*[:#.]?\s*(?P<value>[^\s,;]+)$"
)
_COUNT = re.compile(r"(?i)^(?P<count>\d{1,6})\s*(?:pp|p|pages?|pgs?)\.?$")
_ARABIC = re.compile(
    r"^(?P<prefix>[A-Za-z]{1,3}\d{0,3}-|\d{1,3}-|[A-Za-z]{1,3})?(?P<num>\d{1,9})(?P<suffix>[A-Za-z]?)$"
)
_SECTION = re.compile(r"^[A-Za-z]{1,3}\d{0,3}$")
_ROMAN = re.compile(
    r"^(?=.)(?:M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
    r"|m{0,4}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3}))$"
)
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_DIGITS = re.compile(r"\d+")

Kind = Literal["pages", "elocation", "count", "reversed", "junk", "empty"]


@dataclass(frozen=True, slots=True)
class PageRules:
    """How page text is read; built once per run from the transform's options."""

    expand_abbreviated: bool = True
    min_first_to_expand: int = 100
    elocator_min_digits: int = 4
    article_number_min_digits: int = 6


@dataclass(frozen=True, slots=True)
class ParsedPages:
    """What page text turned out to be.

    ``kind`` is ``pages`` (``value`` is canonical pages), ``elocation`` (``value`` is
    the e-locator), ``count`` (``value`` is a number of pages), ``empty`` (blank
    text), or ``reversed``/``junk`` (``value`` is None and ``reason`` says why; the
    caller leaves the text as found).
    """

    kind: Kind
    value: str | None
    reason: str = ""


class _Rejected(Exception):
    """A part of the page text that cannot be made canonical without guessing."""

    def __init__(self, kind: Kind, reason: str) -> None:
        super().__init__(reason)
        self.kind: Kind = kind
        self.reason = reason


def parse_pages(text: str, rules: PageRules) -> ParsedPages:
    """Read page text as found in a source; see the module docstring for the canonical form."""
    text = text.translate(HYPHENS).strip()
    if not text:
        return ParsedPages("empty", None)
    if _ELOC_LABEL.match(text):
        return ParsedPages("elocation", clean_elocation(text))
    text = _LABEL.sub("", text, count=1)
    if text.endswith(".") and not text.endswith("ff."):
        text = text[:-1].rstrip()
    count = _COUNT.match(text)
    if count:
        return ParsedPages("count", count.group("count"))
    if is_elocator(text, rules):
        return ParsedPages("elocation", text)
    try:
        parts = [_part(part, rules) for part in _PART_SEP.split(text)]
    except _Rejected as rejected:
        return ParsedPages(rejected.kind, None, rejected.reason)
    if len(parts) == 1 and is_elocator(parts[0], rules):
        return ParsedPages("elocation", parts[0])  # e0247812-e0247812 is one e-locator
    return ParsedPages("pages", ", ".join(parts))


def clean_elocation(text: str) -> str:
    """An e-locator without labels such as ``ELocator:`` or ``Article no.``, stripped."""
    text = text.strip()
    while True:
        labelled = _ELOC_LABEL.match(text)
        if labelled is None:
            return text
        text = labelled.group("value").strip()


def is_elocator(text: str, rules: PageRules) -> bool:
    """True for an electronic locator given as pages: ``e`` + digits, or a long bare number."""
    if not text.isascii():
        return False
    if text[:1] == "e" and text[1:].isdigit():
        return len(text) - 1 >= rules.elocator_min_digits
    return (
        rules.article_number_min_digits > 0
        and text.isdigit()
        and len(text) >= rules.article_number_min_digits
    )


def _part(part: str, rules: PageRules) -> str:
    """One comma-separated part: a page, a range or an open range, made canonical."""
    if not part:
        raise _Rejected("junk", "empty part between separators")
    opened = _OPEN.match(part)
    if opened:
        return _single(opened.group("page")) + "+"
    pieces = _LONG_SEP.split(part)
    if len(pieces) == 2:
        return _range(pieces[0], pieces[1], rules)
    if len(pieces) > 2:
        raise _Rejected("junk", "more than one range separator")
    bits = part.split("-")
    if len(bits) == 1:
        return _single(part)
    if len(bits) == 2:
        return _range(bits[0], bits[1], rules)
    # A source that joined "C3-32" and "C3-35" with one hyphen: split in the middle only
    # when both halves name the same section, so nothing is guessed.
    if len(bits) == 4 and bits[0] == bits[2] and _SECTION.match(bits[0]):
        return _range(f"{bits[0]}-{bits[1]}", f"{bits[2]}-{bits[3]}", rules)
    raise _Rejected("junk", "more than one range separator")


def _single(token: str) -> str:
    if _ARABIC.match(token) or _ROMAN.match(token):
        return token
    raise _Rejected("junk", f"{token!r} is not a page number")


def _roman_value(token: str) -> int:
    total = 0
    previous = 0
    for char in reversed(token.lower()):
        value = _ROMAN_VALUES[char]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total


def _range(first: str, last: str, rules: PageRules) -> str:
    if not first or not last:
        raise _Rejected("junk", "a range with a missing end")
    roman_first, roman_last = _ROMAN.match(first), _ROMAN.match(last)
    if roman_first or roman_last:
        if not (roman_first and roman_last) or first.islower() != last.islower():
            raise _Rejected("junk", "a range mixing roman and other page numbers")
        a, b = _roman_value(first), _roman_value(last)
        if b < a:
            raise _Rejected("reversed", "the last page comes before the first")
        return first if a == b else f"{first}-{last}"
    head, tail = _ARABIC.match(first), _ARABIC.match(last)
    if head is None or tail is None:
        bad = first if head is None else last
        raise _Rejected("junk", f"{bad!r} is not a page number")
    prefix, num, suffix = head.group("prefix") or "", head.group("num"), head.group("suffix")
    tail_prefix, tail_num, tail_suffix = tail.group("prefix") or "", tail.group("num"), tail.group("suffix")
    # The last page may leave out the prefix (S12-9, C3-32--5): that is an abbreviation
    # too, and proves it is one (a reversed range would repeat the prefix).
    abbreviated = bool(prefix) and not tail_prefix
    if tail_prefix and tail_prefix != prefix:
        raise _Rejected("junk", "the first and last page have different prefixes")
    full = tail_num
    if len(tail_num) < len(num):
        abbreviated = True
        if not prefix and int(num) < rules.min_first_to_expand:
            # Page numbers under 100 are written in full by every style guide, so
            # "10-9" is as likely a reversed range as an abbreviated 10-19.
            raise _Rejected(
                "reversed",
                f"the last page comes before the first (if it means {num}-"
                f"{num[: len(num) - len(tail_num)]}{tail_num}, write the range in full)",
            )
        full = num[: len(num) - len(tail_num)] + tail_num
    if (int(full), tail_suffix.lower()) < (int(num), suffix.lower()):
        raise _Rejected("reversed", "the last page comes before the first")
    if abbreviated and not rules.expand_abbreviated:
        return f"{first}{_separator(first, last)}{last}"
    if int(full) == int(num) and tail_suffix.lower() == suffix.lower() and "-" not in first:
        # One page (14-14 -> 14); not for C3-3--C3-3, which as one page would read as C3-C3.
        return first
    last_full = f"{prefix}{full}{tail_suffix}"
    return f"{first}{_separator(first, last_full)}{last_full}"


def _separator(first: str, last: str) -> str:
    """``-``, or ``--`` when a page itself contains a hyphen (``C3-32--C3-35``)."""
    return "--" if "-" in first or "-" in last else "-"


def digit_runs(text: str | None) -> list[str]:
    """The maximal runs of ASCII digits in ``text`` (used by tests and by callers checking values)."""
    return _DIGITS.findall(text) if text else []
