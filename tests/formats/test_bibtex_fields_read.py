"""BibTeX fields as real exports write them, read into the right place of the record.

Scopus names every source title ``journal`` (also of a ``@conference``), ACM writes the
conference's place as ``location`` beside the publisher's ``address``, biblatex writes date
ranges (``date = {1984/1986}``), a ``@techreport``'s ``number`` is its report number, and
PsycINFO-style keywords mark a major term with a leading star. Zotero's importers judge
where the values land after conversion.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import refbridge
from refbridge.model import PartialDate
from refbridge.session import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from zotero import zotero_import

OFF = ["pages", "keywords", "journal-abbreviation"]


def read(text: str, fmt: str = "bibtex") -> list[refbridge.Record]:
    return list(refbridge.read(io.StringIO(text), fmt, session=Session(disable=OFF)))


def write(records: list[refbridge.Record], fmt: str) -> str:
    out = io.StringIO()
    refbridge.write(records, out, fmt, session=Session(disable=OFF))
    return out.getvalue()


SCOPUS = """@CONFERENCE{Kim2022,
author={Kim, J. and Park, S.},
title={Federated learning for chest radiograph triage},
journal={Proceedings - IEEE International Symposium on Biomedical Imaging},
year={2022},
volume={2022-March},
doi={10.1109/ISBI52829.2022.9761432},
art_number={9761432},
document_type={Conference Paper},
source={Scopus},
}
"""


def test_scopus_journal_of_a_conference_paper_is_its_proceedings() -> None:
    (record,) = read(SCOPUS)
    assert (record.type, record.container_title) == (
        "paper-conference",
        "Proceedings - IEEE International Symposium on Biomedical Imaging",
    )
    ris = write([record], "ris")
    assert "C3  - Proceedings - IEEE International Symposium on Biomedical Imaging" in ris
    (item,) = zotero_import("ris", ris)
    assert item["proceedingsTitle"] == zotero_import("bibtex", SCOPUS)[0]["proceedingsTitle"]


def test_a_date_range_is_read_whole_and_written_back() -> None:
    text = "@proceedings{p,\n  title = {ICML},\n  date = {2020-08-04/2020-08-08},\n}\n"
    (record,) = read(text, "biblatex")
    assert (record.issued, record.issued_end) == (PartialDate(2020, 8, 4), PartialDate(2020, 8, 8))
    assert "date         = {2020-08-04/2020-08-08}," in write([record], "biblatex")
    bib = write([record], "bibtex")
    assert "year         = {2020}," in bib and "date         = {2020-08-04/2020-08-08}," in bib
    assert read(bib)[0].issued_end == PartialDate(2020, 8, 8)
    (item,) = zotero_import("bibtex", bib)
    assert item["date"] == "2020-08-04/2020-08-08"


def test_a_year_range() -> None:
    (record,) = read("@book{b,\n  title = {Collected Works},\n  date = {1984/1986},\n}\n", "biblatex")
    assert (record.issued, record.issued_end) == (PartialDate(1984), PartialDate(1986))
    (record,) = read("@book{b,\n  title = {Collected Works},\n  date = {1984/soon},\n}\n", "biblatex")
    assert (record.issued, record.extra["date"]) == (None, "1984/soon")  # no range: kept as written


def test_techreport_number_is_the_report_number() -> None:
    text = (
        "@techreport{who2022,\n  title = {Global report on infection prevention and control},\n"
        "  institution = {World Health Organization},\n  number = {WHO/UHL/IHS/2022.1},\n"
        "  year = {2022},\n}\n"
    )
    (record,) = read(text)
    assert (record.number, record.issue) == ("WHO/UHL/IHS/2022.1", None)
    ris = write([record], "ris")
    assert "SN  - WHO/UHL/IHS/2022.1" in ris
    assert zotero_import("ris", ris)[0]["reportNumber"] == zotero_import("bibtex", text)[0]["reportNumber"]


def test_acm_location_beside_address_is_the_event_place() -> None:
    text = (
        "@inproceedings{Bostrom2006,\n  title = {Extending XP practices},\n  booktitle = {Proc. SESS '06},\n"
        "  year = {2006},\n  publisher = {ACM},\n  address = {New York, NY, USA},\n"
        "  location = {Shanghai, China},\n}\n"
    )
    (record,) = read(text)
    assert (record.place, record.event_place) == ("New York, NY, USA", "Shanghai, China")
    bib = write([record], "bibtex")
    assert "address      = {New York, NY, USA}," in bib and "location     = {Shanghai, China}," in bib
    assert zotero_import("bibtex", bib)[0]["extra"] == zotero_import("bibtex", text)[0]["extra"]
    # biblatex: location is the publisher's place, venue the event's.
    biblatex = write([record], "biblatex")
    assert (
        "location     = {New York, NY, USA}," in biblatex and "venue        = {Shanghai, China}," in biblatex
    )


def test_a_lone_major_term_keeps_its_leading_star() -> None:
    ris = "TY  - JOUR\r\nTI  - Knee injuries in runners\r\nKW  - *athlete\r\nKW  - knee\r\nER  - \r\n"
    (record,) = read(ris, "ris")
    bib = write([record], "bibtex")
    assert "keywords     = {*athlete, knee}," in bib
    assert read(bib)[0].keywords == record.keywords
    tags = {t["tag"] for t in zotero_import("bibtex", bib)[0]["tags"]}
    assert tags == {t["tag"] for t in zotero_import("ris", ris)[0]["tags"]}
