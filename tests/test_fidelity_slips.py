"""Small fidelity slips found while trying the command line as a new user (issue 24)."""

from __future__ import annotations

import io

import pytest

import refbridge
from refbridge.formats.bibtex.latex_write import text_to_latex
from refbridge.identifiers import pmcid_with_prefix
from refbridge.languages import LANGUAGES, language_code, language_name
from refbridge.model import Record
from refbridge.session import Session


def _write(records: list[Record], fmt: str) -> str:
    out = io.StringIO()
    refbridge.write(records, out, fmt, session=Session(disable=("pages", "journal-abbreviation", "keywords")))
    return out.getvalue()


def _read(text: str, fmt: str) -> list[Record]:
    return list(refbridge.read(io.StringIO(text), fmt, session=Session()))


# -- PMCID ---------------------------------------------------------------------------


@pytest.mark.parametrize("given", ["2329613", "PMC2329613"])
def test_a_pmcid_is_written_to_ris_with_its_prefix_and_read_back(given: str) -> None:
    text = _write([Record(type="article-journal", title="T", pmcid=given)], "ris")
    assert "M2  - PMCID: PMC2329613" in text  # Zotero's Extra line (Zotero ignores C2)
    [back] = _read(text, "ris")
    assert back.pmcid == "PMC2329613"


def test_a_bare_pmc_number_from_jats_reaches_ris_with_its_prefix() -> None:
    jats = (
        '<ref-list><ref id="r1"><element-citation publication-type="journal">'
        "<article-title>T</article-title>"
        '<pub-id pub-id-type="pmc">2329613</pub-id></element-citation></ref></ref-list>'
    )
    [record] = _read(jats, "jats")
    assert "M2  - PMCID: PMC2329613" in _write([record], "ris")


def test_pmcid_with_prefix() -> None:
    assert pmcid_with_prefix(" 2329613 ") == "PMC2329613"
    assert pmcid_with_prefix("PMC2329613") == "PMC2329613"
    assert pmcid_with_prefix("not a number") == "not a number"


# -- languages -----------------------------------------------------------------------


@pytest.mark.parametrize("given", ["English", "english", "eng", "en"])
def test_jats_gets_an_iso_639_code_for_a_language_name(given: str) -> None:
    ris = f"TY  - JOUR\nTI  - T\nLA  - {given}\nER  - \n"
    [record] = _read(ris, "ris")
    assert 'xml:lang="en"' in _write([record], "jats")
    assert 'xml:lang="en"' in _write([record], "jats-article")


def test_a_language_the_table_does_not_know_is_written_as_it_is() -> None:
    assert 'xml:lang="en-GB"' in _write([Record(type="article-journal", title="T", language="en-GB")], "jats")


def test_ris_keeps_the_name_it_was_given() -> None:
    ris = "TY  - JOUR\nTI  - T\nLA  - English\nER  - \n"
    assert "LA  - English" in _write(_read(ris, "ris"), "ris")


def test_the_language_table() -> None:
    assert language_code("French") == "fr" and language_code("fre") == "fr" and language_code("fra") == "fr"
    assert language_name("de") == "German" and language_name("ger") == "German"
    assert language_code("Klingon") == "Klingon" and language_name("tlh") == "tlh"
    codes = [row[1] for row in LANGUAGES]
    assert len(codes) == len(set(codes)) and all(len(code) == 2 for code in codes)
    assert all(len(row[2]) == 3 and len(row[3]) in (0, 3) for row in LANGUAGES)


# -- BibTeX → BibLaTeX: address and location -----------------------------------------

BOTH_PLACES = """@inproceedings{k,
  title = {A study},
  booktitle = {Proceedings},
  address = {Berlin},
  location = {Paris},
  year = {2020}
}
"""


def test_bibtex_address_and_location_both_reach_biblatex() -> None:
    records = _read(BOTH_PLACES, "bibtex")
    text = _write(records, "biblatex")
    assert "{Berlin}" in text and "{Paris}" in text
    assert "venue        = {Paris}" in text and "location     = {Berlin}" in text
    [back] = _read(text, "biblatex")
    assert back.place == "Berlin" and back.extra.get("venue") == "Paris"


def test_bibtex_to_bibtex_keeps_address_and_location() -> None:
    text = _write(_read(BOTH_PLACES, "bibtex"), "bibtex")
    assert "address      = {Berlin}" in text and "location     = {Paris}" in text


def test_the_event_place_is_written_as_venue() -> None:
    record = Record(type="paper-conference", title="T", place="Berlin", event_place="Paris")
    assert "venue        = {Paris}" in _write([record], "biblatex")


# -- BibTeX title protection ---------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("T", "T"),
        ("T: a study of things", "T: a study of things"),
        ("A", "A"),
        ("Vitamin D and bones", "Vitamin {D} and bones"),
        ("Part B of it", "Part {B} of it"),
        ("COVID-19 in Wuhan", "{COVID-19} in Wuhan"),
    ],
)
def test_only_words_that_need_it_are_braced(title: str, written: str) -> None:
    assert text_to_latex(title, protect=True) == written


def test_a_one_letter_title_is_not_double_braced() -> None:
    text = _write([Record(type="article-journal", title="T", key="k")], "bibtex")
    assert "title        = {T}," in text
