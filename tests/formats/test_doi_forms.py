"""DOIs in URL and prefixed forms, read by every reader and written bare (issue 19).

Inputs built like real exports: ScienceDirect's RIS (``DO  - https://doi.org/…``), ACM's
old ``http://doi.acm.org/…``, JSTOR's ``doi:``, a BibTeX converter's ``\\_``, publisher
JATS and .bib files from APS, ACS, Wiley, IEEE, MathSciNet and Web of Science.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import refbridge
from refbridge.model import Record
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def read(path: Path, fmt: str) -> list[Record]:
    return list(refbridge.read(path, fmt))


def written(records: list[Record], fmt: str) -> tuple[str, list[str]]:
    session = Session()
    stream = io.StringIO()
    refbridge.write(records, stream, fmt, session=session)
    return stream.getvalue(), session.sink.codes()


def test_bibtex_exports_give_bare_dois_and_a_publisher_resolver_url_as_url() -> None:
    records = read(DATA / "bibtex" / "physics-chemistry.bib", "bibtex")
    assert [(r.doi, r.url) for r in records] == [
        ("10.1103/PhysRevLett.124.010501", "https://link.aps.org/doi/10.1103/PhysRevLett.124.010501"),
        ("10.1021/jacs.9b12345", None),  # doi.org's URL holds nothing but the DOI
        ("10.1002/anie.201915678", "https://onlinelibrary.wiley.com/doi/abs/10.1002/anie.201915678"),
        ("10.1109/TCSI.2019.2931234", None),
        ("10.2307/2118559", "https://doi.org/10.2307/2118559"),  # the entry's own url
        ("10.1056/NEJMoa2007764", None),
        (
            "10.1103/PhysRevB.101.045123",
            "https://www.scopus.com/inward/record.uri?eid=2-s2.0-85078901234"
            "&doi=10.1103%2fPhysRevB.101.045123&partnerID=40&md5=0123456789abcdef",
        ),
    ]


def test_web_of_science_backslash_is_not_part_of_the_doi() -> None:
    text = (
        "@incollection{ WOS:1,\nTitle = {{T}},\nYear = {{2007}},\n"
        "DOI = {{10.1007/978-3-540-74958-5\\_3}},\n}\n"
    )
    record = next(refbridge.read(io.StringIO(text), "bibtex"))
    assert record.doi == "10.1007/978-3-540-74958-5_3"
    for fmt, line in (
        ("ris", "DO  - 10.1007/978-3-540-74958-5_3"),
        ("jats", '<pub-id pub-id-type="doi">10.1007/978-3-540-74958-5_3</pub-id>'),
        ("bibtex", "doi          = {10.1007/978-3-540-74958-5_3},"),
    ):
        assert line in written([record], fmt)[0]


def test_ris_doi_forms() -> None:
    records = read(DATA / "ris" / "doi-forms.ris", "ris")
    assert [(r.doi, r.url) for r in records] == [
        ("10.1016/j.cell.2020.01.001", "https://www.sciencedirect.com/science/article/pii/S0092867420300015"),
        ("10.1145/1327452.1327492", "http://doi.acm.org/10.1145/1327452.1327492"),
        ("10.1038/s41562-021-01079-8", "http://www.jstor.org/stable/00000000"),
        ("10.1007/978-3-540-74958-5_3", None),
        ("10.1021/jacs.9b12345", None),
    ]


def test_jats_doi_forms_and_url() -> None:
    records = read(DATA / "jats" / "doi-etal.xml", "jats")
    assert [(r.doi, r.url) for r in records] == [
        ("10.1103/PhysRevB.101.045123", None),
        ("10.1038/s41586-019-1666-5", None),
        ("10.1126/science.1102896", None),
        ("10.1007/978-3-540-74958-5_3", "https://link.springer.com/chapter/10.1007/978-3-540-74958-5_3"),
    ]


def test_medline_wprim_and_pubmed_xml_give_bare_dois() -> None:
    nbib = "PMID- 1\nTI  - T.\nLID - https://doi.org/10.1000/abc [doi]\nAID - 10.1000/abc [doi]\n\n"
    record = next(refbridge.read(io.StringIO(nbib), "medline"))
    assert record.doi == "10.1000/abc"
    wprim = (
        "1.A title\nKyung Hee PARK ; Ji-Won KIM\n"
        "Journal of Korean Medical Science 2019;34(2):12-19. doi: https://doi.org/10.3346/jkms.2019.34.e12\n"
    )
    record = next(refbridge.read(io.StringIO(wprim), "wprim"))
    assert (record.doi, record.pages) == ("10.3346/jkms.2019.34.e12", "12-19")


@pytest.mark.parametrize("fmt", ["ris", "jats", "jats-article", "bibtex", "biblatex"])
def test_writers_write_the_bare_doi_of_a_url_form(fmt: str) -> None:
    """A record made by a program (JSON, the API) may hold a URL form: written bare."""
    record = Record(title="T", doi="https://doi.org/10.1103/PhysRevLett.124.010501")
    text, codes = written([record], fmt)
    assert "10.1103/PhysRevLett.124.010501" in text
    assert "doi.org" not in text
    assert "RB321" not in codes


def test_rb321_only_for_what_holds_no_doi() -> None:
    _, codes = written([Record(title="T", doi="10.1/ABC")], "ris")
    assert codes == ["RB321"]


@pytest.mark.slow
def test_zotero_imports_every_doi_of_our_ris() -> None:
    """Through Zotero's own RIS translator: each DOI arrives bare, none is dropped."""
    from zotero import zotero_import

    records = read(DATA / "ris" / "doi-forms.ris", "ris")
    records += read(DATA / "bibtex" / "physics-chemistry.bib", "bibtex")
    text, codes = written(records, "ris")
    assert "RB321" not in codes
    items = zotero_import("ris", text)
    assert [item.get("DOI") for item in items] == [r.doi for r in records]
    assert all("\\" not in (item.get("DOI") or "") for item in items)
