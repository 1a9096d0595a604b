"""The DOI normaliser every format uses (refbridge/identifiers.py, issue 19)."""

from __future__ import annotations

import pytest

from refbridge.identifiers import DoiText, bare_doi, is_valid_doi, parse_doi


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.1103/PhysRevLett.124.010501", DoiText("10.1103/PhysRevLett.124.010501")),
        (
            "https://doi.org/10.1103/PhysRevLett.124.010501",
            DoiText("10.1103/PhysRevLett.124.010501"),  # doi.org's URL holds nothing but the DOI,
        ),
        (
            "http://dx.doi.org/10.1021/ja00001a001",
            DoiText("10.1021/ja00001a001"),  # doi.org's URL holds nothing but the DOI,
        ),
        (
            "https://www.doi.org/10.1000/182",
            DoiText("10.1000/182"),  # doi.org's URL holds nothing but the DOI,
        ),
        (
            "http://doi.acm.org/10.1145/1327452.1327492",
            DoiText("10.1145/1327452.1327492", "http://doi.acm.org/10.1145/1327452.1327492"),
        ),
        (
            "https://doi.org/10.1002%2Fanie.201915678",
            DoiText("10.1002/anie.201915678"),  # doi.org's URL holds nothing but the DOI,
        ),
        ("doi.org/10.1000/182", DoiText("10.1000/182")),
        ("doi:10.1145/3292500.3330701", DoiText("10.1145/3292500.3330701")),
        ("DOI: 10.1145/3292500.3330701.", DoiText("10.1145/3292500.3330701")),
        ("DOI 10.1016/j.cell.2020.01.001", DoiText("10.1016/j.cell.2020.01.001")),
        ("info:doi/10.1000/182", DoiText("10.1000/182")),
        # Web of Science's BibTeX escapes the underscore; braces protect the value.
        ("10.1007/978-3-540-74958-5\\_3", DoiText("10.1007/978-3-540-74958-5_3")),
        ("{10.1007/978-3-540-74958-5\\_3}", DoiText("10.1007/978-3-540-74958-5_3")),
        ("10.1007/978-3-540-74958-5{\\_}3", DoiText("10.1007/978-3-540-74958-5_3")),
        (
            "10.1002/(SICI)1097-4636(199703)34:3<273::AID-JBM2>3.0.CO;2-O",
            DoiText("10.1002/(SICI)1097-4636(199703)34:3<273::AID-JBM2>3.0.CO;2-O"),
        ),
        ("  10.5555/12345678  ", DoiText("10.5555/12345678")),
        # A bare DOI may end in punctuation (DOI syntax allows it); after a prefix it is the sentence's.
        ("10.0000/0;", DoiText("10.0000/0;")),
        ("doi: 10.0000/0;", DoiText("10.0000/0")),
    ],
)
def test_doi_forms(text: str, expected: DoiText) -> None:
    assert parse_doi(text) == expected
    assert bare_doi(text) == expected.doi
    assert is_valid_doi(text)


@pytest.mark.parametrize(
    "text",
    ["see 10.1000/1 and 10.1000/2", "https://www.example.com/10.1000/1", "ISBN 978-3-540-74958-5", "", "n/a"],
)
def test_not_a_doi_form_is_kept_as_written(text: str) -> None:
    assert parse_doi(text) is None
    assert bare_doi(text) == text.strip()
    assert not is_valid_doi(text)


def test_zotero_shape_of_a_valid_doi() -> None:
    assert not is_valid_doi("10.1/ABC")  # a registrant code has four digits or more
    assert is_valid_doi("https://doi.org/10.1234/ABC")
