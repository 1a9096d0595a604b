"""Standard numbers and book accessions as PubMed writes them in MEDLINE records.

PubMed's ``IS`` lines carry an ISSN or, for books, an ISBN, each with its kind:
``IS  - 1234-5678 (Print)``, ``(Electronic)``, ``(Linking)``, ``IS  - 9780309163941 (Print)``;
hand-made and older files also write ``ISBN 978-3-86680-192-9`` (in ``IS`` or ``ISBN``).
Books and chapters from the NCBI Bookshelf have an ``AID - NBK1116 [bookaccession]``.
"""

from __future__ import annotations

import re

ISSN = re.compile(r"\d{4}-?\d{3}[\dXx]")
ISBN = re.compile(r"(?:97[89][- ]?)?(?:\d[- ]?){9}[\dXx]")
#: A name before the number: ``ISBN 978-…``, ``ISBN-13: 978-…``, ``eISSN: 1234-5678``.
_PREFIX = re.compile(r"(?:e|p)?(?:ISBN|ISSN)(?:-1[03])?\s*[:-]?\s*", re.IGNORECASE)
#: The kind PubMed writes after a number: ``(Print)``, ``(Electronic)``, ``(Linking)``.
_KIND = re.compile(r"\s*\([^()]*\)$")
#: An NCBI Bookshelf accession: every PubMed book and book chapter has one.
BOOK_ACCESSION = re.compile(r"NBK\d+")
#: The ``AID`` kind of a Bookshelf accession.
BOOK_ACCESSION_KIND = "bookaccession"


def bare_number(value: str) -> str:
    """The number of an ``IS`` or ``ISBN`` value without its kind and its name:
    ``0027-8424 (Linking)`` → ``0027-8424``, ``ISBN 978-3-86680-192-9`` → ``978-3-86680-192-9``.
    A value that is not such a number comes back without its kind only."""
    number = _KIND.sub("", value.strip()) or value.strip()
    named = _PREFIX.match(number)
    if named is not None and (ISSN.fullmatch(number[named.end() :]) or ISBN.fullmatch(number[named.end() :])):
        return number[named.end() :]
    return number


def is_isbn(number: str) -> bool:
    """True for an ISBN-10 or ISBN-13 (hyphens or spaces between digits allowed)."""
    return ISBN.fullmatch(number) is not None and ISSN.fullmatch(number) is None
