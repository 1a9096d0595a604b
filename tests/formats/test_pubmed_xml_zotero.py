"""Zotero's own PubMed XML import (translator ``pubmedxml``) of the same files agrees with
refbridge's reading on every field Zotero keeps.

Where Zotero rewrites a value on purpose, the comparison applies the same rewriting, named
here: a title loses its final period; a journal title's trailing ``(Place)`` moves to
``place`` and the title is title-cased; page ranges are expanded (refbridge's pages
transform does the same); initials get a period (``A.``) and a suffix is dropped; several
``Language`` elements, ISBNs and a book's abstract paragraphs are joined with ``, ``; a
``MedlineDate`` is kept as printed (refbridge keeps it in ``extra["pubmed-medline-date"]``
and parses it). Two Zotero bugs are stepped around and not counted as disagreement: an author
with only ``Initials`` gets the first name ``"null"``, and the journal-abbreviation fallback
reads every ``MedlineTA`` of the document (``Lancet, Phys Ther``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from zotero import zotero_import

import refbridge
from refbridge.model import Record
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data" / "pubmed_xml"
REAL = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real" / "pubmed-xml"
FILES = [
    DATA / "articleset.xml",
    DATA / "update.xml",
    DATA / "books-and-languages.xml",
    *sorted(REAL.glob("*.xml")),
]


def _plain(value: str | None) -> str:
    return " ".join((value or "").replace(".", "").split()).casefold()


def _date(record: Record) -> str:
    printed = record.extra.get("pubmed-medline-date")
    if printed:
        return str(printed)
    return record.issued.iso() if record.issued else ""


def _journal_fields(ours: Record, pages: str | None, theirs: dict[str, Any]) -> None:
    title = ours.container_title or ""
    if theirs.get("place"):
        assert title.endswith(f" ({theirs['place']})")
        title = title[: -len(theirs["place"]) - 3]
    assert _plain(theirs.get("publicationTitle")) == _plain(title)
    abbreviations = theirs.get("journalAbbreviation", "").split(", ")
    assert (ours.container_title_short or "") in abbreviations
    assert theirs.get("ISSN") == (ours.issn[0] if ours.issn else None)
    assert (theirs.get("volume"), theirs.get("issue")) == (ours.volume, ours.issue)
    assert theirs.get("DOI") == ours.doi
    assert theirs.get("PMID") == ours.pmid
    assert theirs.get("PMCID") == ours.pmcid
    assert theirs.get("date") == _date(ours)
    assert theirs.get("pages") == (pages or ours.elocation)
    tags = [t["tag"] for t in theirs.get("tags", [])]
    assert tags == list(dict.fromkeys(k.term for k in ours.keywords))
    expected_abstract = "\n".join(
        f"{s.label}: {s.text}" if s.label else s.text for s in ours.abstract_sections
    ) or (ours.abstract or "")
    assert _plain(theirs.get("abstractNote")) == _plain(expected_abstract)


def _book_fields(ours: Record, theirs: dict[str, Any]) -> None:
    assert theirs["itemType"] == {"chapter": "bookSection", "book": "book"}[ours.type]
    if ours.type == "chapter":
        assert theirs.get("bookTitle") == ours.container_title
    assert (theirs.get("publisher"), theirs.get("place")) == (ours.publisher, ours.place)
    assert theirs.get("series") == ours.collection_title
    assert (theirs.get("callNumber"), theirs.get("url")) == (ours.call_number, ours.url)
    assert theirs.get("extra") == f"PMID: {ours.pmid}"
    assert theirs.get("date") == (str(ours.issued.year) if ours.issued else None)
    isbns = ours.extra.get("pubmed-isbns") or ([ours.isbn] if ours.isbn else [])
    assert theirs.get("ISBN") == (", ".join(isbns) or None)
    assert theirs.get("rights") == ours.license
    # Zotero joins the paragraphs of a book's abstract with ", ", labelled or not.
    paragraphs = [s.text for s in ours.abstract_sections] or (ours.abstract or "").splitlines()
    assert theirs.get("abstractNote") == (", ".join(paragraphs) or None)


def _creators(ours: Record, theirs: dict[str, Any]) -> None:
    people = [(p, "author") for p in ours.authors] + [(p, "editor") for p in ours.editors]
    # Zotero takes a book's AuthorLists in document order (editors may come first).
    creators = sorted(theirs["creators"], key=lambda c: c["creatorType"] != "author")
    assert len(creators) == len(people)
    for creator, (person, role) in zip(creators, people, strict=True):
        assert creator["creatorType"] == role
        if person.literal is not None:
            assert (creator["lastName"], creator.get("fieldMode")) == (person.literal, 1)
            continue
        assert creator["lastName"] == person.family
        if creator["firstName"] != "null":  # Zotero's bug for an author with only Initials
            assert _plain(creator["firstName"]) == _plain(person.given)


@pytest.mark.slow
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_zotero_agrees(path: Path) -> None:
    records = list(refbridge.read(path, session=Session()))
    # Zotero expands page ranges as refbridge's pages transform does.
    transformed = list(refbridge.read(path, session=Session(), transform=True))
    items = zotero_import("pubmedxml", path.read_bytes())
    assert len(items) == len(records)
    for ours, pages, theirs in zip(records, transformed, items, strict=True):
        assert _plain(theirs["title"]) == _plain(ours.title)
        languages = ours.extra.get("pubmed-languages") or [ours.language]
        assert theirs.get("language") == ", ".join(languages)
        _creators(ours, theirs)
        if theirs["itemType"] == "journalArticle":
            _journal_fields(ours, pages.pages, theirs)
        else:
            _book_fields(ours, theirs)
