"""Nothing silently dropped: for every real-world corpus file (and the samples), the records
counted by an independent method equal the records read plus the records reported as skipped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

import refbridge
from refbridge.session import Session

SHARED = Path(__file__).resolve().parents[2] / "shared"
REPO = Path(__file__).resolve().parents[1]

#: Diagnostic codes that mean "this record was not produced".
SKIPPED_RECORD_CODES = {"RB031", "RB405", "RB991", "RB978"}

_BIB_ENTRY = re.compile(
    r"^\s*@\s*(?!string\b|comment\b|preamble\b)[A-Za-z]+\s*[{(]", re.IGNORECASE | re.MULTILINE
)
_RIS_RECORD = re.compile(r"^TY  -", re.MULTILINE)
_WPRIM_RECORD = re.compile(r"^\d+\.\S", re.MULTILINE)
_MEDLINE_TAG = re.compile(r"^[A-Z][A-Z0-9]{1,3} *-", re.MULTILINE)
_CITATION_TAGS = ("element-citation", "mixed-citation", "citation", "nlm-citation")


def _count_jats(path: Path) -> int:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(path), parser).getroot()
    articles = len(root.xpath("//*[local-name()='article-meta']"))
    refs = len(
        [
            ref
            for ref in root.xpath("//*[local-name()='ref']")
            if next(ref.iter(*_CITATION_TAGS), None) is not None
        ]
    )
    return articles + refs


def _count_pubmed(path: Path) -> int:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(path), parser).getroot()
    return len(root.xpath("//PubmedArticle | //PubmedBookArticle"))


def _count_endnote_xml(path: Path) -> int:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return len(etree.parse(str(path), parser).getroot().xpath("/xml/records/record"))


def _count_endnote_tagged(text: str) -> int:
    """Blocks between blank lines that hold a %-tag line; a block with several ``%0`` lines
    (files without blank lines) holds one record per ``%0`` line."""
    blocks = [b for b in re.split(r"\n\s*\n", text) if re.search(r"^%\S", b, re.MULTILINE)]
    return sum(max(1, len(re.findall(r"^%0(?: |$)", b, re.MULTILINE))) for b in blocks)


def _independent_count(path: Path) -> int:
    text = path.read_bytes().decode("utf-8", errors="replace")
    if path.parent.name == "endnote" and path.suffix == ".xml":
        return _count_endnote_xml(path)
    if path.suffix in {".enw", ".ref"}:
        return _count_endnote_tagged(text)
    if path.parent.name == "pubmed-xml" and path.suffix == ".xml":
        return _count_pubmed(path)
    if path.suffix == ".bib":
        return len(_BIB_ENTRY.findall(text))
    if path.suffix == ".ris":
        return len(_RIS_RECORD.findall(text))
    if path.suffix in {".xml", ".nxml"}:
        return _count_jats(path)
    if path.suffix == ".txt":
        return len(_WPRIM_RECORD.findall(text))
    if path.suffix == ".json":  # CSL-JSON: an array of items
        return len(json.loads(text))
    if path.suffix == ".nbib":  # MEDLINE: blocks between blank lines that hold a tag line
        return sum(1 for block in re.split(r"\n\s*\n", text) if _MEDLINE_TAG.search(block))
    raise AssertionError(f"no independent count for {path}")


#: Corpus folders of formats refbridge reads: every one (their JabRef ``*.jabref-expected.bib``
#: files are BibTeX and are read too).
READ_FOLDERS = {"bib", "ris", "jats", "pubmed-xml", "csl", "nbib", "endnote"}
SUFFIXES = {".bib", ".ris", ".xml", ".nxml", ".txt", ".json", ".nbib", ".enw", ".ref"}
CORPUS = sorted(
    p
    for p in [*SHARED.glob("corpus/real/*/*"), REPO / "samples" / "wprim-search-results.txt"]
    if p.suffix in SUFFIXES
    and (p.parent.name in READ_FOLDERS or p.suffix == ".bib" or p.parent == REPO / "samples")
)


def test_the_corpus_is_all_here() -> None:
    assert len(CORPUS) >= 20
    assert {p.suffix for p in CORPUS} == SUFFIXES
    unread = {p.name for p in SHARED.glob("corpus/real/*/*")} - {p.name for p in CORPUS}
    assert unread == set()


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_records_read_plus_skipped_equal_the_independent_count(path: Path) -> None:
    session = Session()
    records = list(refbridge.read(path, session=session))
    skipped = sum(1 for d in session.sink if d.code in SKIPPED_RECORD_CODES)
    expected = _independent_count(path)
    assert expected > 0
    assert len(records) + skipped == expected, [str(d) for d in session.sink]
