"""Keywords survive every readable and writable format (issue 9, "Done when").

The acceptance test for the format writers and readers: record 1 of the WPRIM
sample has 12 MeSH keywords (qualifiers, major marks, vocabulary MeSH); written
to each format and read back they must be the same, and so through the chain
RIS → BibLaTeX → jats-article → RIS. Harder keywords (commas and ``&`` inside
terms, several qualifiers with their own major marks, author keywords with no
vocabulary) must survive too.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest

import refbridge
from refbridge.model import Keyword, Record
from refbridge.session import Session

M = "MeSH"
FORMATS = ["ris", "bibtex", "biblatex", "jats-article", "json"]

WPRIM_RECORD_1_KEYWORDS = [
    Keyword("Humans", None, False, M),
    Keyword("COVID-19", "therapy", True, M),
    Keyword("Female", None, False, M),
    Keyword("Male", None, False, M),
    Keyword("Mesenchymal Stem Cell Transplantation", "adverse effects", True, M),
    Keyword("Middle Aged", None, False, M),
    Keyword("Adult", None, False, M),
    Keyword("Umbilical Cord", "cytology", True, M),
    Keyword("Mesenchymal Stem Cells", "cytology", True, M),
    Keyword("SARS-CoV-2", None, False, M),
    Keyword("Aged", None, False, M),
    Keyword("Treatment Outcome", None, False, M),
]

HARD_KEYWORDS = [
    Keyword("Neoplasms, Glandular and Epithelial", "drug therapy", True, M),
    Keyword("Antineoplastic Agents", "administration & dosage", False, M),
    Keyword("Kidney Diseases", "diagnosis", True, M),
    Keyword("Kidney Diseases", "therapy", False, M),
    Keyword("Aged, 80 and over", None, False, M),
    Keyword("Drug Therapy, Combination", None, True, M),
    Keyword("quality of life", None, False, None),
    Keyword("cancer, breast", None, False, None),
]


@pytest.fixture(scope="module")
def record_1(wprim_sample: Path) -> Record:
    """Record 1 of the WPRIM sample, as the wprim reader gives it."""
    records = list(refbridge.read(wprim_sample, format="wprim", session=Session()))
    assert records[0].keywords == WPRIM_RECORD_1_KEYWORDS
    return records[0]


def through(record: Record, fmt: str) -> tuple[Record, str]:
    """Write one record in ``fmt`` and read it back; returns the record and the text."""
    buffer = io.StringIO()
    refbridge.write([record], buffer, fmt, session=Session())
    text = buffer.getvalue()
    back = list(refbridge.read(io.StringIO(text), format=fmt, session=Session()))
    assert len(back) == 1, f"{fmt}: wrote 1 record, read back {len(back)}:\n{text}"
    return back[0], text


def shape(keywords: list[Keyword]) -> list[tuple[str, str | None, bool]]:
    return [(k.term, k.qualifier, k.major) for k in keywords]


def assert_same_keywords(got: list[Keyword], expected: list[Keyword], where: str) -> None:
    assert shape(got) == shape(expected), f"{where}: terms, qualifiers or major marks differ"
    assert [k.vocabulary for k in got] == [k.vocabulary for k in expected], f"{where}: vocabulary lost"


@pytest.mark.parametrize("fmt", FORMATS)
def test_wprim_record_1_keywords_survive(record_1: Record, fmt: str) -> None:
    back, text = through(record_1, fmt)
    assert_same_keywords(back.keywords, WPRIM_RECORD_1_KEYWORDS, f"{fmt}\n{text}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_hard_keywords_survive(record_1: Record, fmt: str) -> None:
    back, text = through(replace(record_1, keywords=HARD_KEYWORDS), fmt)
    assert_same_keywords(back.keywords, HARD_KEYWORDS, f"{fmt}\n{text}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_keywords_transform_leaves_the_round_trip_alone(record_1: Record, fmt: str, tmp_path: Path) -> None:
    # Through files and the whole pipeline (every default transform), as `refbridge convert` does.
    source = tmp_path / "record.json"
    refbridge.write([replace(record_1, keywords=WPRIM_RECORD_1_KEYWORDS + HARD_KEYWORDS)], source, "json")
    target = tmp_path / f"record.{fmt}"
    refbridge.convert(source, target, "json", fmt, session=Session())
    back = list(refbridge.read(target, format=fmt, session=Session(), transform=True))
    assert_same_keywords(back[0].keywords, WPRIM_RECORD_1_KEYWORDS + HARD_KEYWORDS, fmt)


def kw_lines(ris: str) -> list[str]:
    return re.findall(r"^KW  - .*$", ris, flags=re.MULTILINE)


@pytest.mark.parametrize("keywords", [WPRIM_RECORD_1_KEYWORDS, HARD_KEYWORDS], ids=["wprim", "hard"])
def test_ris_biblatex_jats_ris_chain(record_1: Record, keywords: list[Keyword]) -> None:
    start = replace(record_1, keywords=keywords)
    from_ris, first_ris = through(start, "ris")
    assert_same_keywords(from_ris.keywords, keywords, f"RIS\n{first_ris}")
    from_biblatex, biblatex = through(from_ris, "biblatex")
    assert_same_keywords(from_biblatex.keywords, keywords, f"RIS → BibLaTeX\n{biblatex}")
    from_jats, jats = through(from_biblatex, "jats-article")
    assert_same_keywords(from_jats.keywords, keywords, f"RIS → BibLaTeX → jats-article\n{jats}")
    final, last_ris = through(from_jats, "ris")
    assert_same_keywords(final.keywords, keywords, f"RIS → BibLaTeX → jats-article → RIS\n{last_ris}")
    assert kw_lines(last_ris) == kw_lines(first_ris)
    assert len(kw_lines(first_ris)) == len(keywords)  # one KW line per keyword


#: Author keywords with a "/" that is not a MeSH qualifier, and one in heading notation.
SLASH_KEYWORDS = [
    Keyword("HIV/AIDS", None, False, None),
    Keyword("input/output", None, False, None),
    Keyword("COVID-19", "therapy", True, M),
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_author_keywords_with_a_slash_survive(record_1: Record, fmt: str) -> None:
    # "HIV/AIDS" is not term HIV with MeSH qualifier AIDS: a reader must not parse it as a heading.
    back, text = through(replace(record_1, keywords=SLASH_KEYWORDS), fmt)
    assert_same_keywords(back.keywords, SLASH_KEYWORDS, f"{fmt}\n{text}")
