"""Values RIS has no tag for reach Zotero as its Extra lines (``M2  - PMID: …``), and come back.

Built like the real inputs: a JabRef MEDLINE-derived BibTeX entry with ``pmid``, an ACM
conference paper with ``address`` and ``location`` (ACM's export), a biblatex entry with
``origdate``; Zotero's own RIS and BibTeX importers (tests/zotero.py) judge where each
value lands. The EndNote flavour keeps the PMID in ``AN``/``DB`` and the rest as notes.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import refbridge
from refbridge.model import PartialDate, Record
from refbridge.session import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from zotero import zotero_import

BIB = r"""@article{Siddiqui2010,
  author   = {Siddiqui, Mohammed K and Smith, Jane},
  title    = {Serum biomarkers of acute kidney injury after cardiac surgery},
  journal  = {Nephrology Dialysis Transplantation},
  year     = {2010},
  volume   = {25},
  number   = {6},
  pages    = {1872--1879},
  doi      = {10.1093/ndt/gfq026},
  pmid     = {20481061},
  keywords = {Acute Kidney Injury/*diagnosis, Biomarkers/blood},
}

@inproceedings{Bostrom2006,
  author    = {Bostr\"{o}m, Gustav and W\"{a}yrynen, Jaana},
  title     = {Extending XP practices to support security requirements engineering},
  booktitle = {Proceedings of the 2006 International Workshop on Software Engineering for Secure Systems},
  series    = {SESS '06},
  year      = {2006},
  pages     = {11--18},
  publisher = {ACM},
  address   = {New York, NY, USA},
  location  = {Shanghai, China},
  isbn      = {1-59593-411-1},
  doi       = {10.1145/1137627.1137631},
}
"""


def convert(text: str, source: str, target: str, **options: str) -> str:
    """refbridge's conversion of ``text`` with the transforms off (the formats alone)."""
    session = Session(
        options={target: options} if options else {}, disable=["pages", "keywords", "journal-abbreviation"]
    )
    records = list(refbridge.read(io.StringIO(text), source, session=session))
    out = io.StringIO()
    refbridge.write(records, out, target, session=session)
    return out.getvalue()


def extra_lines(item: dict[str, object]) -> list[str]:
    return str(item.get("extra") or "").splitlines()


def test_zotero_flavour_writes_extra_lines_where_zotero_bibtex_import_puts_them() -> None:
    ris = convert(BIB, "bibtex", "ris")
    assert "\r\nM2  - PMID: 20481061\r\n" in ris
    assert "\r\nM2  - event-place: Shanghai, China\r\n" in ris
    assert "\r\nAN  - " not in ris and "\r\nDB  - " not in ris
    from_ris = zotero_import("ris", ris)
    from_bib = zotero_import("bibtex", BIB)
    assert [extra_lines(i) for i in from_ris] == [["PMID: 20481061"], ["event-place: Shanghai, China"]]
    assert [extra_lines(i) for i in from_ris] == [extra_lines(i) for i in from_bib]
    assert "archive" not in from_ris[0] and "archiveLocation" not in from_ris[0]
    assert from_ris[1]["place"] == from_bib[1]["place"] == "New York, NY, USA"


def test_extra_lines_read_back() -> None:
    records = list(refbridge.read(io.StringIO(convert(BIB, "bibtex", "ris")), "ris", session=Session()))
    assert records[0].pmid == "20481061"
    assert (records[1].place, records[1].event_place) == ("New York, NY, USA", "Shanghai, China")
    assert all("M2" not in r.extra for r in records)


def test_other_m2_text_stays_in_extra_beside_the_lines() -> None:
    text = "TY  - PAT\r\nTI  - Method\r\nM2  - 435/5 424/3\r\nM2  - PMID: 123\r\nER  - \r\n"
    (record,) = refbridge.read(io.StringIO(text), "ris", session=Session())
    assert record.pmid == "123"
    assert record.extra["M2"] == "435/5 424/3"
    assert "M2  - 435/5 424/3" in convert(text, "ris", "ris")


def test_a_pmid_line_repeating_an_an_pmid_is_not_kept_twice() -> None:
    text = "TY  - JOUR\r\nTI  - T\r\nAN  - 123\r\nDB  - PubMed\r\nM2  - PMID: 123\r\nER  - \r\n"
    (record,) = refbridge.read(io.StringIO(text), "ris", session=Session())
    assert record.pmid == "123" and "M2" not in record.extra


def test_endnote_flavour_keeps_an_db_and_writes_notes() -> None:
    ris = convert(BIB, "bibtex", "ris", flavour="endnote")
    assert "\r\nAN  - 20481061\r\nDB  - PubMed\r\n" in ris
    assert "\r\nN1  - event-place: Shanghai, China\r\n" in ris
    assert "M2  - " not in ris
    records = list(refbridge.read(io.StringIO(ris), "ris", session=Session()))
    assert records[0].pmid == "20481061"
    assert (records[1].event_place, records[1].notes) == ("Shanghai, China", [])


def test_original_date_and_notes_that_are_not_extra_lines() -> None:
    record = Record(
        type="book",
        title="The Origin of Species",
        issued=PartialDate(2008),
        original_date=PartialDate(1859, 11, 24),
        notes=["Reprint of the first edition.\nevent-place: London", "original-date: sometime in 1859"],
    )
    out = io.StringIO()
    refbridge.write([record], out, "ris", session=Session())
    assert "\r\nM2  - original-date: 1859-11-24\r\n" in out.getvalue()
    (item,) = zotero_import("ris", out.getvalue())
    assert extra_lines(item) == ["original-date: 1859-11-24"]
    back = next(refbridge.read(io.StringIO(out.getvalue()), "ris", session=Session()))
    assert back.original_date == PartialDate(1859, 11, 24)
    # A note is a note unless the whole note is one such line with a value of the field's shape.
    assert back.notes == record.notes
    assert back.event_place is None


@pytest.mark.parametrize("flavour", ["zotero", "endnote"])
def test_round_trip_through_each_flavour(flavour: str) -> None:
    records = list(refbridge.read(io.StringIO(BIB), "bibtex", session=Session()))
    ris = convert(BIB, "bibtex", "ris", flavour=flavour)
    back = list(refbridge.read(io.StringIO(ris), "ris", session=Session()))
    for before, after in zip(records, back, strict=True):
        assert (after.pmid, after.place, after.event_place) == (before.pmid, before.place, before.event_place)
