"""What Zotero reads from refbridge's output agrees with what it reads from the original.

benchmarks/zotero_agreement.py imports each real corpus file with Zotero's own import
translator (A) and refbridge's conversion of it (B) and compares every Zotero field of
every item. These floors are the agreement measured on the real corpus with the
transforms off; a change that loses fields for Zotero fails here. The goals of issue 18
(97 % BibTeX → RIS, 95 % RIS → BibTeX, 98 % round trips) are reported by the script.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import zotero_agreement as agreement

#: Direction → lowest agreement (percent of field values) accepted on the real corpus.
FLOORS = {
    "bibtex → ris": 82.0,
    "ris → bibtex": 84.0,
    "bib → ris → bib": 86.0,
    "ris → bib → ris": 88.0,
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
