"""The WPRIM source line: ``Journal Name YEAR;VOLUME(ISSUE):PAGES``.

Issue and pages may be missing, the issue may be a supplement (``Suppl 1``), the
pages a range (``2984-2992``), supplement pages (``S12-S19``) or an electronic
locator (``e0247812``, which goes to ``elocation``). Pages are kept as written
except that any dash or tilde between first and last page becomes an ASCII hyphen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from refbridge.identifiers import bare_doi
from refbridge.model import MONTHS

#: A complete source line: journal, year (optionally a month and day), ``;`` and the rest.
SOURCE = re.compile(
    r"^(?P<journal>[^;]{0,300}?)[\s,.]+(?P<year>(?:1[5-9]|20)\d\d)"
    r"(?:\s+(?P<month>[A-Za-z]{3,9})\.?(?:\s+(?P<day>\d{1,2}))?)?\s*;\s*(?P<rest>.*)$"
)
# Something with a volume/issue/pages shape but no year: "Journal ;138(22):2984-2992".
_SOURCE_SHAPE = re.compile(r";\s*\w*\d|\d\s*\([^)]{1,20}\)|\)\s*:\s*\S|\d\s*:\s*[eS]?\d")
_NO_YEAR = re.compile(r"^(?P<journal>[^;]*?)\s*(?:;\s*|\s+(?=\d))(?P<rest>[^;]*)$")
_REST = re.compile(
    r"^(?P<volume>[^():;]*?)\s*(?:\((?P<issue>[^()]*)\))?\s*(?::\s*(?P<pages>[^():;]*?))?[\s.]*$"
)
_VOLUME_SUPPL = re.compile(
    r"^(?P<volume>\S+)\s+(?P<issue>(?:suppl|supplement|spec|special|pt|part)\b.*)$", re.I
)
# ``doi:10.…`` or ``DOI: https://doi.org/10.…`` at the end of the source line.
_DOI = re.compile(
    r"[\s.;,]*\bdoi\s*:?\s*(?P<doi>(?:https?://(?:dx\.|www\.)?doi\.org/)?10\.\d{3,9}/\S+?)[.\s]*$", re.I
)
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−~～〜", "-"))
_HYPHENS = re.compile(r"(?<!\s)\s*-+\s*")
_ELOCATION = re.compile(r"^[eE]\d+[A-Za-z]?$")


@dataclass(slots=True)
class Source:
    """What a source line holds; ``complete`` is False when part of it was not understood."""

    journal: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    elocation: str | None = None
    doi: str | None = None
    complete: bool = True


@lru_cache(maxsize=64)
def is_source(line: str) -> bool:
    """True for a complete source line with a year (used to find records).

    Cached because the lookahead asks about a line before it is read.
    """
    return len(line) < 400 and ";" in line and SOURCE.match(line) is not None


def looks_like_source(line: str) -> bool:
    """True for a line shaped like a source line, with or without a year."""
    return len(line) < 400 and _SOURCE_SHAPE.search(line) is not None


def parse_source(line: str) -> Source:
    """Parse a source line; a line with no year gives ``year=None`` and what else was understood."""
    match = SOURCE.match(line)
    if match is not None:
        source = Source(journal=match.group("journal").strip() or None, year=int(match.group("year")))
        month = match.group("month")
        if month is not None:
            source.month = MONTHS.get(month.lower())
            if source.month is None:
                source.complete = False
            elif match.group("day"):
                source.day = int(match.group("day"))
        _parse_rest(match.group("rest"), source)
        return source
    source = Source(complete=False)
    loose = _NO_YEAR.match(line)
    if loose is None:
        source.journal = line.strip() or None
        return source
    source.journal = loose.group("journal").strip(" ,.") or None
    _parse_rest(loose.group("rest"), source)
    return source


def _parse_rest(rest: str, source: Source) -> None:
    """Fill volume, issue, pages (or elocation) and doi from ``VOLUME(ISSUE):PAGES``."""
    doi = _DOI.search(rest) if "doi" in rest.lower() else None
    if doi is not None:
        source.doi = bare_doi(doi.group("doi"))
        rest = rest[: doi.start()]
    rest = rest.strip()
    if not rest:
        return
    match = _REST.match(rest)
    if match is None:
        source.complete = False
        return
    volume = match.group("volume").strip() or None
    issue = match.group("issue")
    if volume is not None and issue is None:
        suppl = _VOLUME_SUPPL.match(volume)
        if suppl is not None:
            volume, issue = suppl.group("volume"), suppl.group("issue")
    source.volume = volume
    if issue is not None:
        source.issue = " ".join(issue.split()) or None
    pages = match.group("pages")
    if pages:
        pages = canonical_pages(pages)
        if _ELOCATION.match(pages):
            source.elocation = pages
        elif pages:
            source.pages = pages


def canonical_pages(pages: str) -> str:
    """Pages as written, with an ASCII hyphen for any dash or tilde: ``S12–S19`` → ``S12-S19``."""
    return _HYPHENS.sub("-", pages.translate(_DASHES).strip())
