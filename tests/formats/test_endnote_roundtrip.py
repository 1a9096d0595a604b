"""Round trips: EndNote XML → model → EndNote XML, tagged → model → tagged, and BibTeX/RIS →
EndNote → BibTeX/RIS keeping every field both sides hold (MeSH headings and journal
abbreviations included). Tagged files are written in the EndNote flavour, which writes every
EndNote tag (the default, zotero, leaves out what Zotero's Refer import cannot hold:
tests/formats/test_endnote_zotero_default.py)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

import refbridge
from refbridge.model import Keyword, Record
from refbridge.session import Session

TESTS = Path(__file__).resolve().parents[1]
DATA = TESTS / "data" / "endnote"
CORPUS = TESTS.parents[1] / "shared" / "corpus" / "real"
XML_FILES = [
    DATA / "endnote21-export.xml",
    DATA / "endnote20-dates.xml",
    DATA / "mendeley-style.xml",
    *sorted(CORPUS.glob("endnote/*.xml")),
]
TAGGED_FILES = [
    DATA / "pubmed-like.enw",
    DATA / "publisher-like.enw",
    *sorted(CORPUS.glob("endnote/*.enw")),
    *sorted(CORPUS.glob("endnote/*.ref")),
]
#: Files of the formats refbridge converts from most: tests' exports and the real corpus.
RIS_FILES = [*sorted((TESTS / "data" / "ris").glob("*.ris")), *sorted(CORPUS.glob("ris/*.ris"))]
#: Options of every session here: the tagged format's EndNote flavour.
OPTIONS = {"endnote": {"flavour": "endnote"}}
BIB_FILES = [
    TESTS / "data" / "bibtex" / "features.bib",
    TESTS / "data" / "bibtex" / "wprim-record1.bibtex.bib",
    *sorted(CORPUS.glob("bib/*.bib")),
]


def read(source: Path | str, fmt: str | None = None) -> list[Record]:
    stream = io.StringIO(source) if isinstance(source, str) else source
    return list(refbridge.read(stream, fmt, session=Session()))


def write(records: list[Record], fmt: str) -> str:
    out = io.StringIO()
    refbridge.write(records, out, fmt, session=Session(options=OPTIONS))
    return out.getvalue()


@pytest.mark.parametrize("path", XML_FILES, ids=lambda p: p.name)
def test_xml_round_trip(path: Path) -> None:
    records = read(path)
    text = write(records, "endnote-xml")
    assert read(text, "endnote-xml") == records
    assert write(read(text, "endnote-xml"), "endnote-xml") == text


@pytest.mark.parametrize("path", TAGGED_FILES, ids=lambda p: p.name)
def test_tagged_round_trip(path: Path) -> None:
    records = read(path)
    text = write(records, "endnote")
    assert read(text, "endnote") == records
    assert write(read(text, "endnote"), "endnote") == text


def test_tagged_export_written_back_as_it_was() -> None:
    """A Direct Export file that refbridge reads is written back line for line (tags in the
    writer's order), ``%8 Mar 17`` and PubMed's ``Term/*qualifier`` notation included."""
    original = (DATA / "pubmed-like.enw").read_bytes().decode("utf-8")
    written = write(read(DATA / "pubmed-like.enw"), "endnote")
    assert [sorted(r.split("\r\n")) for r in written.split("\r\n\r\n")] == [
        sorted(r.split("\r\n")) for r in original.split("\r\n\r\n")
    ]


def test_xml_to_tagged_keeps_what_tagged_holds() -> None:
    records = read(DATA / "endnote21-export.xml")
    back = read(write(records, "endnote"), "endnote")
    for before, after in zip(records, back, strict=True):
        assert shared(after) == shared(before)


# -- through other formats ---------------------------------------------------------------------


def _keyword(keyword: Keyword) -> tuple[Any, ...]:
    # EndNote has no vocabulary field: a heading with a qualifier reads back as MeSH, the
    # vocabulary of a plain or starred term (``Humans``, ``*Humans``) is not kept.
    mesh = keyword.vocabulary == "MeSH" and keyword.qualifier is not None
    return (keyword.term, keyword.qualifier, keyword.major, "MeSH" if mesh else None)


def shared(record: Record) -> dict[str, Any]:
    """The fields EndNote (XML and tagged) and BibTeX/RIS all hold."""
    return {
        "title": record.title,
        "authors": [
            (p.family, p.given, p.particle, p.suffix, p.literal) for p in record.authors if not p.is_etal
        ],
        "editors": [
            (p.family, p.given, p.particle, p.suffix, p.literal) for p in record.editors if not p.is_etal
        ],
        "container_title": record.container_title,
        "container_title_short": record.container_title_short,
        "volume": record.volume,
        "issue": record.issue,
        "pages": record.pages,
        "issued": record.issued and (record.issued.year, record.issued.month, record.issued.day),
        "doi": record.doi and re.sub(r"^(doi:|https?://[^/]*doi[^/]*/)", "", record.doi),
        "issn": record.issn,
        "isbn": record.isbn,
        "pmid": record.pmid,
        "url": record.url,
        "publisher": record.publisher,
        "place": record.place,
        "language": record.language,
        "abstract": record.abstract,
        "keywords": [_keyword(k) for k in record.keywords],
        "edition": record.edition,
    }


def _convert(path: Path, middle: str, back: str, tmp_path: Path) -> tuple[list[Record], list[Record]]:
    between = tmp_path / f"between.{'xml' if middle == 'endnote-xml' else 'enw'}"
    out = tmp_path / f"back.{'ris' if back == 'ris' else 'bib'}"
    refbridge.convert(path, between, to_format=middle, session=Session(options=OPTIONS))
    refbridge.convert(between, out, from_format=middle, to_format=back, session=Session())
    direct = tmp_path / f"direct.{'ris' if back == 'ris' else 'bib'}"
    refbridge.convert(path, direct, to_format=back, session=Session())
    return read(direct, back), read(out, back)


@pytest.mark.parametrize("middle", ["endnote-xml", "endnote"])
@pytest.mark.parametrize("path", RIS_FILES, ids=lambda p: p.name)
def test_ris_through_endnote_keeps_shared_fields(path: Path, middle: str, tmp_path: Path) -> None:
    direct, back = _convert(path, middle, "ris", tmp_path)
    assert [shared(r) for r in back] == [shared(r) for r in direct]
    assert [r.type for r in back] == [r.type for r in direct]


@pytest.mark.parametrize("middle", ["endnote-xml", "endnote"])
@pytest.mark.parametrize("path", BIB_FILES, ids=lambda p: p.name)
def test_bibtex_through_endnote_keeps_shared_fields(path: Path, middle: str, tmp_path: Path) -> None:
    direct, back = _convert(path, middle, "bibtex", tmp_path)
    assert [shared(r) for r in back] == [shared(r) for r in direct]


def test_mesh_and_abbreviation_survive_ris_to_endnote_xml_and_back(tmp_path: Path) -> None:
    direct, back = _convert(TESTS / "data" / "ris" / "pubmed-export.ris", "endnote-xml", "ris", tmp_path)
    assert back[0].container_title_short == direct[0].container_title_short
    assert back[0].container_title_short
    assert any(k.qualifier and k.vocabulary == "MeSH" for k in back[0].keywords)
    assert back[0].keywords == direct[0].keywords
