"""Zotero's agreement for the formats refbridge reads from databases and reference managers:
MEDLINE (.nbib), PubMed XML, CSL-JSON, EndNote XML and tagged EndNote, each converted to RIS
and to BibTeX (benchmarks/zotero_agreement.py, benchmarks/agreement_sources.py).

A is Zotero's own import of the original (its MEDLINE, PubMed XML, CSL JSON, EndNote XML or
Refer translator), B its RIS or BibTeX import of refbridge's conversion. The floors hold the
agreement measured on the real corpus and the realistic exports the tests are built on, with
the transforms off; the kinds of difference these formats add are checked value by value,
and so is that a real loss gets no kind.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import agreement_sources
import zotero_agreement as agreement
import zotero_differences

#: Direction → (lowest agreement, lowest agreement-or-explained), percent of field values.
FLOORS: dict[str, tuple[float, float]] = {
    "medline → ris": (74.5, 98.5),
    "medline → bibtex": (75.5, 98.5),
    "pubmed-xml → ris": (56.0, 92.0),
    "pubmed-xml → bibtex": (54.5, 89.5),
    "csl-json → ris": (72.0, 79.0),
    "csl-json → bibtex": (66.5, 74.0),
    "endnote-xml → ris": (77.0, 92.0),
    "endnote-xml → bibtex": (75.0, 89.5),
    "endnote → ris": (59.5, 76.0),
    "endnote → bibtex": (59.5, 80.0),
}


@pytest.fixture(scope="module")
def tallies() -> dict[str, agreement.Tally]:
    inputs = [
        (fmt, path)
        for fmt in agreement_sources.READ_ONLY_SOURCES
        for path in agreement_sources.source_files(fmt)
    ]
    return agreement.measure(inputs, list(FLOORS))


def test_every_source_has_real_and_built_files() -> None:
    for fmt in agreement_sources.READ_ONLY_SOURCES:
        real = agreement_sources.source_files(fmt, built=False)
        assert real, fmt
        assert all(path.is_relative_to(agreement_sources.REAL) for path in real)
        assert len(agreement_sources.source_files(fmt)) > len(real), fmt


@pytest.mark.slow
@pytest.mark.parametrize("direction", list(FLOORS))
def test_zotero_receives_what_its_own_import_of_the_original_gives(
    direction: str, tallies: dict[str, agreement.Tally]
) -> None:
    tally = tallies[direction]
    agree, explained = FLOORS[direction]
    assert tally.lost == 0
    assert tally.items >= 7
    assert tally.percent >= agree, agreement.report({direction: tally}, details=True)
    assert tally.explained_percent >= explained, agreement.report({direction: tally}, details=True)


def _kind(direction: str, name: str, a: dict[str, Any], b: dict[str, Any], original: str = "") -> str | None:
    return zotero_differences.classify(direction, name, a, b, original)


def _people(*names: tuple[str, str, str]) -> dict[str, Any]:
    return {
        "creators": [{"creatorType": t, "lastName": last, "firstName": first} for t, last, first in names]
    }


#: (direction, Zotero field, item A, item B, original file text, kind).
KIND_CASES: list[tuple[str, str, dict[str, Any], dict[str, Any], str, str]] = [
    ("medline → ris", "language", {"language": "eng"}, {"language": "en"}, "", "language-code"),
    (
        "medline → ris",
        "abstractNote",
        {"abstractNote": "BACKGROUND: Why. DESIGN, SETTING, AND PARTICIPANTS: Who."},
        {"abstractNote": "Background: Why.\nDesign, setting, and participants: Who."},
        "",
        "abstract-labels",
    ),
    (
        "medline → ris",
        "creators",
        _people(
            ("editor", "Adam", "Margaret P."), ("author", "Raaij", "M. J."), ("author", "Smith", "R. J. Jr")
        ),
        _people(("author", "Raaij", "MJ"), ("author", "Smith", "R J, Jr"), ("editor", "Adam", "Margaret P")),
        "",
        "name-form",
    ),
    (  # a group author (CN) Zotero's MEDLINE import drops; the file names it
        "medline → ris",
        "creators",
        _people(("author", "Shruthi", "B. S.")),
        {
            "creators": [
                {"creatorType": "author", "lastName": "Shruthi", "firstName": "BS"},
                {"creatorType": "author", "lastName": "corporater", "fieldMode": 1},
            ]
        },
        "AU  - Shruthi BS\nCN  - corporater",
        "import-missed",
    ),
    (
        "medline → bibtex",
        "tags",
        {"tags": [{"tag": "Humans"}, {"tag": "Employment/psychology"}]},
        {
            "tags": [
                {"tag": t}
                for t in ("Humans", "Employment/psychology*", "Research Support", "Journal Article")
            ]
        },
        "",
        "mesh-detail",
    ),
    (
        "pubmed-xml → ris",
        "tags",
        {"tags": [{"tag": "Kidney Diseases"}]},
        {"tags": [{"tag": "Kidney Diseases*"}, {"tag": "Kidney Diseases/diagnosis"}]},
        "",
        "mesh-detail",
    ),
    (
        "pubmed-xml → ris",
        "title",
        {"title": "Inhaled budesonide"},
        {"title": "Inhaled budesonide."},
        "",
        "pubmed-title-form",
    ),
    (
        "pubmed-xml → bibtex",
        "publicationTitle",
        {"publicationTitle": "Lancet"},
        {"publicationTitle": "Lancet (London, England)"},
        "",
        "pubmed-title-form",
    ),
    ("pubmed-xml → ris", "PMID", {"PMID": "29768149"}, {"extra": "PMID: 29768149"}, "", "extra-to-field"),
    ("pubmed-xml → ris", "extra", {"PMCID": "PMC97"}, {"extra": "PMCID: PMC97"}, "", "extra-to-field"),
    ("medline → ris", "pages", {"pages": "454-481"}, {"pages": "454-81"}, "", "pages-transform"),
    (
        "medline → ris",
        "itemType",
        {"itemType": "preprint"},
        {"itemType": "journalArticle"},
        "",
        "type-no-place",
    ),
    ("csl-json → bibtex", "itemType", {"itemType": "dataset"}, {"itemType": "document"}, "", "type-no-place"),
    (
        "medline → ris",
        "DOI",
        {},
        {"DOI": "10.1016/j.cpr.2005.02.002"},
        "AID - doi:10.1016/j.cpr.2005.02.002",
        "import-missed",
    ),
]


@pytest.mark.parametrize("case", KIND_CASES)
def test_kinds(case: tuple[str, str, dict[str, Any], dict[str, Any], str, str]) -> None:
    direction, name, a, b, original, kind = case
    assert _kind(direction, name, a, b, original) == kind


#: (direction, Zotero field, item A, item B, original file text) of real losses: a language,
#: a PMCID, an abstract's word, an initial, a heading, a DOI's digit, a title's punctuation.
LOSS_CASES: list[tuple[str, str, dict[str, Any], dict[str, Any], str]] = [
    ("pubmed-xml → ris", "language", {"language": "spa, eng"}, {"language": "spa"}, ""),
    ("pubmed-xml → ris", "PMCID", {"PMCID": "PMC9770781"}, {"extra": "PMID: 1"}, ""),
    ("medline → ris", "extra", {"extra": "PMID: 1\nPMCID: PMC2"}, {"extra": "PMID: 1"}, ""),
    (
        "medline → ris",
        "abstractNote",
        {"abstractNote": "BACKGROUND: Why."},
        {"abstractNote": "Background: How."},
        "",
    ),
    (
        "medline → ris",
        "creators",
        _people(("author", "Raaij", "M. J.")),
        _people(("author", "Raaij", "M. K.")),
        "",
    ),
    (
        "medline → ris",
        "tags",
        {"tags": [{"tag": "Humans"}, {"tag": "Mice"}]},
        {"tags": [{"tag": "Humans"}, {"tag": "Journal Article"}]},
        "",
    ),
    ("medline → ris", "DOI", {}, {"DOI": "10.1016/j.cpr.2005.02.003"}, "AID - doi:10.1016/j.cpr.2005.02.002"),
    ("pubmed-xml → ris", "title", {"title": "Asthma"}, {"title": "Asthma?"}, ""),
    # Zotero's RIS import gives datasets (TY DATA) and blog posts (TY BLOG).
    ("csl-json → ris", "itemType", {"itemType": "dataset"}, {"itemType": "document"}, ""),
    ("csl-json → ris", "itemType", {"itemType": "blogPost"}, {"itemType": "journalArticle"}, ""),
]


@pytest.mark.parametrize("case", LOSS_CASES)
def test_a_real_loss_has_no_kind(case: tuple[str, str, dict[str, Any], dict[str, Any], str]) -> None:
    assert _kind(*case) is None
