"""Identifiers as every format meets them: one DOI normaliser for all readers and writers.

Formats may not import each other, so the DOI rules live here. Exports write a DOI in
many forms; the model holds the bare DOI (``10.1103/PhysRevLett.124.010501``):

- resolver URLs: ``https://doi.org/…``, ``http://dx.doi.org/…``, ``https://www.doi.org/…``,
  ``doi.org/…`` without a scheme, ACM's old ``http://doi.acm.org/…`` and IEEE Computer
  Society's ``http://doi.ieeecomputersociety.org/…``; percent-escapes in a URL are decoded
  (``10.1002%2Fanie`` → ``10.1002/anie``);
- prefixes: ``doi:10.…``, ``DOI: 10.…``, ``DOI 10.…``, OpenURL's ``info:doi/10.…``;
- LaTeX escapes that BibTeX exports put in a DOI (Web of Science:
  ``10.1007/978-3-540-74958-5\\_3``; also ``{\\_}``, ``\\%``, ``\\#``, ``\\&``) and
  protective braces: no DOI holds a backslash or a brace pair;
- a final ``.``, ``,`` or ``;`` after a prefix or in a URL (sentence punctuation; Zotero
  drops it too). A bare DOI is kept whole: ``10.1000/x;`` is a valid DOI.

A value with anything else in it (two DOIs, a DOI inside prose) is not a DOI form: the
readers keep it as written. ``VALID_DOI`` is the shape Zotero's ``cleanDOI`` accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

#: A bare DOI as Zotero's import accepts it (``cleanDOI``): ``10.`` registrant ``/`` suffix,
#: not ending in ``.`` or ``,``.
VALID_DOI = re.compile(r"10\.\d{4,9}/\S*[^\s.,]")

_RESOLVER = r"(?:(?:dx\.|www\.)?doi\.org|doi\.acm\.org|doi\.ieeecomputersociety\.org|dx\.crossref\.org)"
_FORM = re.compile(
    rf"""(?P<url>(?:https?://)?{_RESOLVER}/)?
         (?(url)|(?P<prefix>(?:info:)?doi\s*[:/]?\s*)?)
         (?P<doi>10\.[0-9]+/\S+)""",
    re.IGNORECASE | re.VERBOSE,
)
_LATEX_ESCAPE = re.compile(r"\{\\([_%#&$])\}|\\([_%#&$])|\\textunderscore(?:\{\}|\b\s*)")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_URL_START = re.compile(rf"(?:https?://)?{_RESOLVER}/", re.IGNORECASE)


#: The DOI system's own resolvers: a URL on them holds nothing but the DOI, so it does
#: not become the record's URL (Zotero's importers never make one of it either).
_DOI_SYSTEM = re.compile(r"(?:https?://)?(?:(?:dx\.|www\.)?doi\.org|dx\.crossref\.org)/", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DoiText:
    """What a written DOI holds: the bare ``doi`` and, when it was the URL of a
    publisher's resolver (``http://doi.acm.org/…``, not doi.org's), that ``url``
    (cleaned of LaTeX escapes) for a record that has no URL of its own."""

    doi: str
    url: str | None = None


@lru_cache(maxsize=4096)
def parse_doi(text: str) -> DoiText | None:
    """The DOI in ``text`` when ``text`` is one of the forms of the module docstring,
    else None (cached: a library repeats nothing, but a chunked run re-reads)."""
    value = text.strip()
    if "\\" in value or "{" in value:
        value = _LATEX_ESCAPE.sub(lambda m: m.group(1) or m.group(2) or "_", value)
        value = value.replace("{", "").replace("}", "").strip()
    if "%" in value and _PERCENT.search(value) and _URL_START.match(value):
        value = unquote(value)  # a resolver URL may escape the DOI's own ``/``
    match = _FORM.fullmatch(value)
    if match is None:
        return None
    doi = match.group("doi")
    if match.group("url") is None and match.group("prefix") is None:
        return DoiText(doi)  # a bare DOI may end in any character: kept whole
    # After ``doi:`` or in a URL, a final ``.``/``,``/``;`` is the sentence's (Zotero drops it too).
    doi = doi.rstrip(".,;")
    if match.group("url") is None:
        return DoiText(doi)
    url = value.rstrip(".,;")
    if _DOI_SYSTEM.match(url) or not url.lower().startswith(("http://", "https://")):
        return DoiText(doi)
    return DoiText(doi, url)


def doi_and_url(doi: str | None, url: str | None) -> tuple[str | None, str | None]:
    """A reader's DOI and URL fields → the record's: the bare DOI (or the value as
    written, stripped, when it is no DOI form) and the URL, which is a publisher
    resolver's URL of the DOI when the record has no URL of its own."""
    if not doi:
        return doi or None, url
    parsed = parse_doi(doi)
    if parsed is None:
        return doi.strip() or None, url
    return parsed.doi, url or parsed.url


def bare_doi(text: str) -> str:
    """The bare DOI of ``text`` (``https://doi.org/10.1/x`` → ``10.1/x``), or ``text``
    stripped when it is not a DOI form (kept as written, for the user to see)."""
    parsed = parse_doi(text)
    return parsed.doi if parsed is not None else text.strip()


def is_valid_doi(text: str) -> bool:
    """True when ``text`` is a DOI that Zotero's import keeps: a bare DOI of the shape
    ``VALID_DOI`` or any form above (its ``cleanDOI`` finds the DOI in a URL or after
    ``doi:``). A value holding more than one DOI form is not valid."""
    return VALID_DOI.fullmatch(bare_doi(text)) is not None


def pmcid_with_prefix(pmcid: str) -> str:
    """A PubMed Central id as Zotero and PubMed write it: ``2329613`` → ``PMC2329613``.

    JATS files from PMC often give the bare number (``<pub-id pub-id-type="pmc">``); a
    reader of RIS ``C2`` or MEDLINE ``PMC`` recognises the id only with its prefix.
    """
    text = pmcid.strip()
    return f"PMC{text}" if text.isdigit() else text


def bookshelf_url(accession: str) -> str:
    """The NCBI Bookshelf page of a PubMed book accession (``NBK1116``), spelled as Zotero's
    PubMed XML importer makes it (``http://www.ncbi.nlm.nih.gov/books/NBK1116/``), so that the
    URL a user gets through refbridge is the one Zotero's own import of the record gives. Both
    PubMed readers use it (formats may not import each other)."""
    return f"http://www.ncbi.nlm.nih.gov/books/{accession}/"
