"""What Zotero reads from refbridge's output agrees with what it reads from the original.

benchmarks/zotero_agreement.py imports each real corpus file with Zotero's own import
translator (A) and refbridge's conversion of it (B) and compares every Zotero field of
every item. These floors are the agreement measured on the real corpus with the
transforms off; a change that loses fields for Zotero fails here. The goals of issue 18
(97 % BibTeX → RIS, 95 % RIS → BibTeX, 98 % round trips) are reported by the script, with
every difference classified by kind (benchmarks/zotero_differences.py); the tests below hold
the unexplained ones to a known list and check that a real loss has no kind.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import zotero_agreement as agreement
import zotero_differences

#: Direction → lowest agreement (percent of field values) accepted on the real corpus.
FLOORS = {
    "bibtex → ris": 90.5,
    "ris → bibtex": 87.0,
    "bib → ris → bib": 90.0,
    "ris → bib → ris": 90.0,
}


@pytest.fixture(scope="module")
def tallies() -> dict[str, agreement.Tally]:
    inputs = [("bibtex", p) for p in agreement.corpus("bibtex")]
    inputs += [("ris", p) for p in agreement.corpus("ris")]
    return agreement.measure(inputs)


@pytest.mark.slow
@pytest.mark.parametrize("direction", list(FLOORS))
def test_zotero_receives_what_the_original_gives_it(
    direction: str, tallies: dict[str, agreement.Tally]
) -> None:
    tally = tallies[direction]
    assert tally.lost == 0
    assert tally.items >= 12
    assert tally.percent >= FLOORS[direction], agreement.report({direction: tally}, details=True)


def test_the_comparison_sees_a_difference() -> None:
    tally = agreement.Tally()
    original = [{"itemType": "journalArticle", "title": "T", "pages": "1--2", "volume": "3"}]
    converted = [{"itemType": "journalArticle", "title": "T", "pages": "1-2"}]
    agreement.compare(original, converted, tally, "x")
    assert (tally.agree, tally.total, tally.missed["volume"]) == (2, 4, 1)
    agreement.compare(original, [], tally, "y")
    assert tally.lost == 1


# -- every difference is explained ------------------------------------------------------

#: The differences no kind of ``zotero_differences`` explains (direction, field, file): a
#: JabRef test file's ``booktitle`` on an article (Zotero reads it as the publication and the
#: journal as the abbreviation) and its unparsable ``date = {Mar 3}``; the italics of a title
#: (RIS holds plain text, Zotero keeps ``<i>``). A new difference fails here until it is fixed
#: or explained by a kind of its own.
KNOWN_UNEXPLAINED = {
    ("bibtex → ris", "title", "jabref-complex.bib"),
    ("bibtex → ris", "date", "jabref-EndnoteXmlImporterTestArticle.jabref-expected.bib"),
    ("bibtex → ris", "journalAbbreviation", "jabref-NbibImporterTest.jabref-expected.bib"),
    ("bibtex → ris", "publicationTitle", "jabref-NbibImporterTest.jabref-expected.bib"),
}


@pytest.fixture(scope="module")
def with_generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, agreement.Tally]:
    folder = tmp_path_factory.mktemp("generated")
    inputs = [("bibtex", p) for p in agreement.corpus("bibtex")] + [
        ("ris", p) for p in agreement.corpus("ris")
    ]
    inputs += [("bibtex", p) for p in agreement.generated("bibtex", folder)]
    inputs += [("ris", p) for p in agreement.generated("ris", folder)]
    return agreement.measure(inputs, ["bibtex → ris", "ris → bibtex"])


@pytest.mark.slow
def test_every_difference_has_a_kind(with_generated: dict[str, agreement.Tally]) -> None:
    unexplained = {
        (direction, name, where.partition("#")[0])
        for direction, tally in with_generated.items()
        for name, examples in tally.examples.items()
        for where, _a, _b in examples
    }
    assert unexplained <= KNOWN_UNEXPLAINED, agreement.report(with_generated, details=True)
    for direction, tally in with_generated.items():
        assert sum(tally.unexplained.values()) <= 4, direction
        assert tally.explained_percent >= 99.5, direction


def _kind(direction: str, name: str, a: dict[str, Any], b: dict[str, Any]) -> str | None:
    return zotero_differences.classify(direction, name, a, b)


@pytest.mark.parametrize(
    ("direction", "name", "a", "b", "kind"),
    [
        # Zotero's BibTeX import: \geq undecoded, \leq read as ł + eq, a $ pair stripped.
        ("bibtex → ris", "abstractNote", {"abstractNote": "age \\geq 65, p łeq 0.01"},
         {"abstractNote": "age ≥ 65, p ≤ 0.01"}, "bibtex-latex"),
        ("ris → bibtex", "title", {"title": "US$ 5 and $50"}, {"title": "US} 5 and \\50"}, "bibtex-latex"),
        ("bibtex → ris", "tags", {"tags": [{"tag": "Aged"}, {"tag": "80 and over"}]},
         {"tags": [{"tag": "Aged, 80 and over"}]}, "bibtex-keyword-split"),
        ("bibtex → ris", "DOI", {"DOI": "https://doi.org/10.1000/x1"}, {"DOI": "10.1000/x1"}, "doi-bare"),
        ("bibtex → ris", "extra", {"extra": "PMID: 123"}, {"archive": "PubMed", "archiveLocation": "123"},
         "pmid-place"),
        ("bibtex → ris", "creators",
         {"creators": [{"firstName": "A", "lastName": "B", "creatorType": "author"},
                       {"lastName": "others", "creatorType": "author", "fieldMode": 1}]},
         {"creators": [{"firstName": "A", "lastName": "B", "creatorType": "author"}]}, "et-al"),
        ("ris → bibtex", "date", {"date": "Mar. 2017"}, {"date": "2017-03"}, "date-form"),
        ("bibtex → ris", "pages", {"pages": "2984-92"}, {"pages": "2984-2992"}, "pages-transform"),
    ],
)  # fmt: skip
def test_kinds(direction: str, name: str, a: dict[str, Any], b: dict[str, Any], kind: str) -> None:
    assert _kind(direction, name, a, b) == kind


@pytest.mark.parametrize(
    ("direction", "name", "a", "b"),
    [
        # A lost word, a changed number, another DOI, a changed page, another person: no kind.
        ("bibtex → ris", "title", {"title": "Heart failure in \\emph{mice}"}, {"title": "Heart in mice"}),
        ("ris → bibtex", "abstractNote", {"abstractNote": "n = 120 ± 3"}, {"abstractNote": "n = 12 ± 3"}),
        ("bibtex → ris", "DOI", {"DOI": "https://doi.org/10.1000/x1"}, {"DOI": "10.1000/x2"}),
        ("bibtex → ris", "pages", {"pages": "2984-92"}, {"pages": "2984-2999"}),
        ("bibtex → ris", "creators",
         {"creators": [{"firstName": "A", "lastName": "B", "creatorType": "author"}]},
         {"creators": [{"firstName": "A", "lastName": "C", "creatorType": "author"}]}),
        ("bibtex → ris", "volume", {"volume": "12"}, {"volume": "13"}),
    ],
)  # fmt: skip
def test_a_real_loss_has_no_kind(direction: str, name: str, a: dict[str, Any], b: dict[str, Any]) -> None:
    assert _kind(direction, name, a, b) is None
