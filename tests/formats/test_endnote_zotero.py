"""Zotero as the judge: its own importers (``Endnote XML.js``, ``ReferBibIX.js``) read refbridge's
EndNote output of the corpus with the same fields as its RIS importer reads refbridge's RIS of the
same records, and never move a field into Extra.

Where Zotero's EndNote importers cannot hold what EndNote's formats carry, the comparison
says so (docs/formats.md, "endnote-xml and endnote: what Zotero does on import"):

- EndNote XML's URL (``related-urls``, as EndNote writes it) becomes a link attachment in
  Zotero, not its URL field: the attachment's path is compared with RIS's URL;
- Zotero's EndNote XML importer drops a name's suffix (``Reagle, Joseph M., Jr.``), spaces
  initials (``I.I.`` → ``I. I.``) and a one-field name's final period;
- titles and abstracts keep EndNote's italics and superscripts as HTML in Zotero.
"""

from __future__ import annotations

import io
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import refbridge
from refbridge.formats.endnote.dates import read_date
from refbridge.mesh import parse_heading
from refbridge.session import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from zotero import zotero_import

TESTS = Path(__file__).resolve().parents[1]
CORPUS = TESTS.parents[1] / "shared" / "corpus" / "real"
BIB = [*sorted(CORPUS.glob("*/*.bib")), TESTS / "data" / "bibtex" / "features.bib"]
RIS = [*sorted(CORPUS.glob("ris/*.ris")), *sorted((TESTS / "data" / "ris").glob("*.ris"))]
ENDNOTE = sorted((TESTS / "data" / "endnote").glob("*.*"))

#: Fields of Zotero items compared between the RIS import and the EndNote imports.
COMPARED = (
    "itemType", "title", "creators", "publicationTitle", "journalAbbreviation", "volume", "issue", "pages",
    "date", "DOI", "ISSN", "ISBN", "abstractNote", "tags", "language", "publisher", "place", "url",
    "bookTitle", "proceedingsTitle", "conferenceName", "university", "institution", "websiteTitle",
)  # fmt: skip
#: The creator types Zotero's Refer importer knows (``%A``, ``%E``, ``%Y``).
REFER_ROLES = frozenset({"author", "editor", "translator"})
#: What Zotero's Refer importer can hold at all (it has no DOI, ISSN, abbreviation...).
REFER_COMPARED = ("title", "creators", "volume", "issue", "pages", "date", "abstractNote", "tags", "language",
                  "publisher", "url")  # fmt: skip


def convert(path: Path, fmt: str, **options: str) -> str:
    out = io.StringIO()
    session = Session(options={fmt: options} if options else None)
    refbridge.convert(path, out, to_format=fmt, session=session)
    return out.getvalue()


def _name(creator: dict[str, Any]) -> tuple[str, str, str]:
    # Zotero's EndNote XML importer keeps only "Last, First" of "Last, First, Suffix", spaces
    # initials and drops a one-field name's final period.
    first = creator.get("firstName", "").split(",")[0]
    return (creator["lastName"].rstrip("."), re.sub(r"[.\s]", "", first), creator["creatorType"])


def _date(text: str) -> tuple[int | None, int | None, int | None]:
    # A range (``December 4-9, 2017``) is compared by its start, as RIS's DA holds it.
    parsed = read_date(text, None).issued
    if parsed is not None and parsed.literal is None and parsed.year is not None:
        return (parsed.year, parsed.month, parsed.day)
    year = re.search(r"\b\d{4}\b", text)  # a free-text date (``In press 2017``)
    return (int(year.group(0)) if year else None, None, None)


def _tags(tags: list[dict[str, str]]) -> list[tuple[str, str, bool]]:
    # EndNote's own notation (``Neoplasms/*epidemiology``) is written back as read: the same
    # headings as RIS's ``Neoplasms/epidemiology*``.
    return sorted((k.term, k.qualifier or "", k.major) for t in tags for k in parse_heading(t["tag"], None))


def view(item: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """The compared fields of a Zotero item, as a Zotero user sees them."""
    result: dict[str, Any] = {}
    for field in fields:
        value = item.get(field)
        if field == "url" and value is None:
            links = [a["path"] for a in item.get("attachments", []) if a.get("mimeType") == "text/html"]
            value = links[0] if links else None
        elif field == "creators":
            value = [_name(c) for c in value or []]
        elif field == "tags":
            value = _tags(value or [])
        elif field == "date" and value:
            value = _date(value)
        elif field == "ISSN" and value:
            value = sorted(set(re.findall(r"\d{4}-?\d{3}[\dX]", value)))
        elif field == "abstractNote" and value:
            value = re.sub(r"\n+", "\n", re.sub(r"</?(i|b|sup|sub|u)>", "", value))
        elif isinstance(value, str):
            value = " ".join(re.sub(r"</?(i|b|sup|sub|u)>", "", value).split())
        if value not in (None, [], ""):
            result[field] = value
    return result


def _same_roles(ris: list[tuple[str, str, str]], endnote: list[tuple[str, str, str]]) -> bool:
    """Every role RIS's import has holds the same names in the EndNote import (which may hold
    more roles: series editors, translators; the order of the roles does not matter)."""
    return all([c for c in endnote if c[2] == role] == [c for c in ris if c[2] == role] for _, _, role in ris)


def compare(
    endnote: list[dict[str, Any]],
    ris: list[dict[str, Any]],
    fields: tuple[str, ...],
    roles: frozenset[str] | None = None,
) -> list[tuple[int, str]]:
    """(record, field) where RIS's import has a field that the EndNote import lacks or holds
    otherwise, or (record, "extra") when Zotero moved a field into Extra. EndNote may hold
    more (series editors, edition...)."""
    problems = []
    assert len(endnote) == len(ris)
    for index, (mine, theirs) in enumerate(zip(endnote, ris, strict=True)):
        if mine.get("_movedToExtraOnSave"):
            problems.append((index, "extra"))
        a, b = view(mine, fields), view(theirs, fields)
        if roles is not None and "creators" in b:
            b["creators"] = [c for c in b["creators"] if c[2] in roles]
        for field in sorted(b):
            if field == "creators" and _same_roles(b[field], a.get(field, [])):
                continue
            if a.get(field) != b[field]:
                problems.append((index, field))
    return problems


#: Differences that may appear, by file, and why: the RIS writer writes a single page ``e124``
#: as ``SP``/``EP`` ``e124``, which Zotero reads as ``e124-e124``; Zotero's EndNote XML importer
#: has no field for a thesis's Tertiary Author (EndNote's Advisor), which refbridge's RIS
#: gives as a contributor.
KNOWN: dict[str, list[tuple[int, str]]] = {
    "mendeley-style.xml": [(1, "pages")],
    "endnote21-export.xml": [(4, "creators")],
    "endnote20-dates.xml": [(4, "creators")],
}


PATHS = [*BIB, *RIS, *ENDNOTE]
_FORMATS = {
    "endnotexml": ("endnote-xml", {}),
    "refer": ("endnote", {"flavour": "zotero"}),
    "ris": ("ris", {}),
}


@cache
def imported(translator: str) -> list[dict[str, Any]]:
    """What Zotero's ``translator`` imports from refbridge's output for every file of PATHS
    (one conversion and one import for all: starting Zotero's runner takes a second)."""
    fmt, options = _FORMATS[translator]
    out = io.StringIO()
    refbridge.convert(PATHS, out, to_format=fmt, session=Session(options={fmt: options} if options else None))
    return zotero_import(translator, out.getvalue())


@cache
def slices() -> dict[Path, slice]:
    """Each file's items among the imported ones."""
    result, start = {}, 0
    for path in PATHS:
        count = sum(1 for _ in refbridge.read(path, session=Session()))
        result[path] = slice(start, start + count)
        start += count
    return result


@pytest.mark.slow
@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_zotero_reads_endnote_xml_as_it_reads_ris(path: Path) -> None:
    part = slices()[path]
    problems = compare(imported("endnotexml")[part], imported("ris")[part], COMPARED)
    assert set(problems) <= set(KNOWN.get(path.name, []))


@pytest.mark.slow
@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_zotero_reads_tagged_endnote_as_it_reads_ris(path: Path) -> None:
    part = slices()[path]
    problems = compare(imported("refer")[part], imported("ris")[part], REFER_COMPARED, REFER_ROLES)
    assert set(problems) <= set(KNOWN.get(path.name, []))


def test_every_record_is_compared() -> None:
    total = slices()[PATHS[-1]].stop
    assert total >= 60
    assert len(imported("endnotexml")) == len(imported("refer")) == len(imported("ris")) == total


@pytest.mark.slow
def test_endnote_flavour_tags_that_zotero_moves_to_extra() -> None:
    """What the EndNote flavour writes and Zotero's Refer importer misplaces: the reason for
    the zotero flavour (the default)."""
    (item, *_rest) = zotero_import(
        "refer", convert(TESTS / "data" / "endnote" / "pubmed-like.enw", "endnote", flavour="endnote")
    )
    assert item["_movedToExtraOnSave"] == {
        "ISBN": "1873-2518",
        "type": "10.1016/j.vaccine.2023.02.034",
        "accessionNumber": "36801062",
    }
    assert "DOI" not in item
