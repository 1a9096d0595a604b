"""JATS citations: series, series number, edition, number of pages, conference and access
date (issue 18), written where the JATS tag library puts them and read back; and every
reference list valid against the JATS 1.2 Archiving DTD, even for a record with nothing
but an unstructured citation, or with nothing a citation can hold at all."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree  # type: ignore[import-untyped]
from test_jats import ARCHIVING, SAFE, dtd_errors

import refbridge
from refbridge._internal.pipeline import run_conversion
from refbridge.model import PartialDate, Person, Record
from refbridge.session import Session


@pytest.fixture(scope="module")
def dtd(shared_dir: Path) -> etree.DTD:
    """The JATS 1.2 Archiving DTD (MathML 3) the writers' output declares."""
    return etree.DTD(str(shared_dir / ARCHIVING))


def _write(records: list[Record], fmt: str = "jats", session: Session | None = None) -> str:
    out = io.StringIO()
    refbridge.write(records, out, fmt, session=session or Session())
    return out.getvalue()


def _converted(records: list[Record], fmt: str) -> tuple[str, list[str]]:
    """The output of the engine converting ``records`` (no transform) and what it reported
    as not written (RB040)."""
    session = Session(disable=[t.name for t in Session().plugins.transforms])
    out = io.StringIO()
    run_conversion(session, [records], out, to_format=fmt)
    return out.getvalue(), [str(d) for d in session.sink if d.code == "RB040"]


def _read(text: str, session: Session | None = None) -> list[Record]:
    return list(refbridge.read(io.StringIO(text), format="jats", session=session or Session()))


def _citations(text: str) -> list[etree._Element]:
    root = etree.fromstring(text.encode("utf-8"), SAFE)
    return [ref[0] for ref in root.iter("ref")]


def _unsourced(records: list[Record]) -> list[Record]:
    return [replace(record, source=None) for record in records]


#: A chapter in Springer's Lecture Notes in Computer Science, from a conference.
LNCS_CHAPTER = Record(
    type="paper-conference",
    key="ronneberger2015",
    title="U-Net: Convolutional Networks for Biomedical Image Segmentation",
    authors=[Person("Ronneberger", "Olaf"), Person("Fischer", "Philipp"), Person("Brox", "Thomas")],
    editors=[Person("Navab", "Nassir"), Person("Hornegger", "Joachim")],
    container_title="Medical Image Computing and Computer-Assisted Intervention – MICCAI 2015",
    collection_title="Lecture Notes in Computer Science",
    collection_number="9351",
    edition="1",
    event_title="18th International Conference on Medical Image Computing and Computer-Assisted Intervention",
    event_place="Munich, Germany",
    pages="234-241",
    issued=PartialDate(2015),
    publisher="Springer International Publishing",
    place="Cham",
    isbn="978-3-319-24573-7",
    doi="10.1007/978-3-319-24574-4_28",
    accessed=PartialDate(2024, 2, 29),
)

#: A book in a numbered series, in a later edition, with its page count.
SERIES_BOOK = Record(
    type="book",
    key="hartshorne1977",
    title="Algebraic Geometry",
    authors=[Person("Hartshorne", "Robin")],
    collection_title="Graduate Texts in Mathematics",
    collection_number="52",
    edition="8",
    number_of_pages="496",
    issued=PartialDate(1977),
    publisher="Springer",
    place="New York",
    isbn="978-0-387-90244-9",
)

#: A doctoral thesis with its number of pages.
THESIS = Record(
    type="thesis",
    key="smith2019",
    title="Deep learning for the segmentation of cardiac magnetic resonance images",
    authors=[Person("Smith", "Jane")],
    publisher="University of Oxford",
    place="Oxford",
    number_of_pages="212",
    issued=PartialDate(2019, 6),
)

#: A web page cited with the date it was seen.
WEB_PAGE = Record(
    type="webpage",
    key="who2023",
    title="Coronavirus disease (COVID-19) pandemic",
    authors=[Person(literal="World Health Organization")],
    url="https://www.who.int/emergencies/diseases/novel-coronavirus-2019",
    accessed=PartialDate(2023, 5, 4),
)


def test_lncs_chapter_elements_and_round_trip(dtd: etree.DTD) -> None:
    text, reported = _converted([LNCS_CHAPTER], "jats")
    assert dtd_errors(text, dtd) == []
    assert reported == []
    (cite,) = _citations(text)
    assert cite.tag == "element-citation" and cite.get("publication-type") == "confproc"
    assert cite.findtext("article-title") == LNCS_CHAPTER.title
    assert cite.findtext("source") == LNCS_CHAPTER.container_title
    assert [s.text for s in cite.findall("series")] == ["Lecture Notes in Computer Science"]
    assert [(v.get("content-type"), v.text) for v in cite.findall("volume")] == [("series-volume", "9351")]
    assert cite.findtext("edition") == "1"
    assert cite.findtext("conf-name") == LNCS_CHAPTER.event_title
    assert cite.findtext("conf-loc") == "Munich, Germany"
    (accessed,) = cite.findall("date-in-citation")
    assert accessed.attrib == {"content-type": "access-date", "iso-8601-date": "2024-02-29"}
    assert accessed.text == "2024-02-29"
    assert (cite.findtext("fpage"), cite.findtext("lpage")) == ("234", "241")
    assert _unsourced(_read(text)) == [LNCS_CHAPTER]
    # ... and JATS → model → JATS gives the same document.
    assert _write(_read(text)) == text


def test_series_book_with_edition_and_pages(dtd: etree.DTD) -> None:
    text = _write([SERIES_BOOK])
    assert dtd_errors(text, dtd) == []
    (cite,) = _citations(text)
    assert cite.get("publication-type") == "book"
    assert cite.findtext("source") == "Algebraic Geometry"
    assert cite.find("series").attrib == {} and cite.findtext("series") == "Graduate Texts in Mathematics"
    assert cite.findtext('volume[@content-type="series-volume"]') == "52"
    assert cite.xpath("volume[not(@content-type)]") == []
    assert cite.findtext("edition") == "8"
    size = cite.find("size")
    assert (size.get("units"), size.text) == ("pages", "496")
    (record,) = _read(text)
    assert (record.collection_title, record.collection_number, record.edition, record.number_of_pages) == (
        "Graduate Texts in Mathematics",
        "52",
        "8",
        "496",
    )
    assert record.container_title is None and record.volume is None
    assert replace(record, source=None) == SERIES_BOOK


def test_book_volume_container_and_series_stay_apart(dtd: etree.DTD) -> None:
    """A book's own volume, its container (``<series content-type="container-title">``) and
    its series (a plain ``<series>``) are three places."""
    book = replace(SERIES_BOOK, volume="2", container_title="Collected Works of R. Hartshorne")
    text = _write([book])
    assert dtd_errors(text, dtd) == []
    (cite,) = _citations(text)
    assert [(s.get("content-type"), s.text) for s in cite.findall("series")] == [
        ("container-title", "Collected Works of R. Hartshorne"),
        (None, "Graduate Texts in Mathematics"),
    ]
    assert [(v.get("content-type"), v.text) for v in cite.findall("volume")] == [
        (None, "2"),
        ("series-volume", "52"),
    ]
    assert _unsourced(_read(text)) == [book]


def test_thesis_with_page_count(dtd: etree.DTD) -> None:
    thesis = replace(THESIS, genre="PhD thesis")
    text, reported = _converted([thesis], "jats")
    assert dtd_errors(text, dtd) == []
    (cite,) = _citations(text)
    assert cite.get("publication-type") == "thesis" and cite.findtext("source") == thesis.title
    assert [(s.get("units"), s.text) for s in cite.findall("size")] == [("pages", "212")]
    # JATS has no element for the kind of thesis: reported, not written.
    assert reported == ["<input>: warning: genre not written: jats has no place for it [RB040]"]
    assert _unsourced(_read(text)) == [THESIS]


@pytest.mark.parametrize(
    ("accessed", "attributes", "content"),
    [
        (PartialDate(2023, 5, 4), {"iso-8601-date": "2023-05-04"}, "2023-05-04"),
        (PartialDate(2023, 5), {"iso-8601-date": "2023-05"}, "2023-05"),
        (PartialDate(2023), {"iso-8601-date": "2023"}, "2023"),
        (PartialDate(literal="Spring 2023"), {}, "Spring 2023"),
    ],
)
def test_web_page_access_date(
    dtd: etree.DTD, accessed: PartialDate, attributes: dict[str, str], content: str
) -> None:
    page = replace(WEB_PAGE, accessed=accessed)
    text = _write([page])
    assert dtd_errors(text, dtd) == []
    (cite,) = _citations(text)
    assert cite.get("publication-type") == "webpage"
    (date,) = cite.findall("date-in-citation")
    assert date.attrib == {"content-type": "access-date", **attributes} and date.text == content
    assert cite.find("year") is None  # the access date is no publication date
    assert _unsourced(_read(text)) == [page]


@pytest.mark.parametrize("record_type", ["book", "chapter", "paper-conference"])
def test_every_new_field_on_each_type(dtd: etree.DTD, record_type: str) -> None:
    record = replace(LNCS_CHAPTER, type=record_type, number_of_pages="312", volume="3")
    if record_type == "book":
        record = replace(record, container_title=None, pages=None)
    text = _write([record])
    assert dtd_errors(text, dtd) == []
    (cite,) = _citations(text)
    found = {
        "series": cite.findtext("series"),
        "series-volume": cite.findtext('volume[@content-type="series-volume"]'),
        "volume": cite.xpath("string(volume[not(@content-type)])"),
        "edition": cite.findtext("edition"),
        "size": cite.findtext('size[@units="pages"]'),
        "conf-name": cite.findtext("conf-name"),
        "conf-loc": cite.findtext("conf-loc"),
        "access-date": cite.findtext('date-in-citation[@content-type="access-date"]'),
    }
    assert found == {
        "series": "Lecture Notes in Computer Science",
        "series-volume": "9351",
        "volume": "3",
        "edition": "1",
        "size": "312",
        "conf-name": LNCS_CHAPTER.event_title,
        "conf-loc": "Munich, Germany",
        "access-date": "2024-02-29",
    }
    (back,) = _read(text)
    assert replace(back, source=None) == record
    assert _write([back]) == text


def test_jats_article_reports_what_only_a_citation_holds(dtd: etree.DTD) -> None:
    text, reported = _converted([SERIES_BOOK], "jats-article")
    assert dtd_errors(text, dtd) == []
    assert {line.partition(" not written")[0].rpartition(" ")[2] for line in reported} == {
        "collection-title",
        "collection-number",
        "edition",
        "number-of-pages",
    }


# -- reading what other producers write ---------------------------------------------------------


def _citation(body: str, publication_type: str = "book") -> str:
    return (
        '<article><back><ref-list><ref id="r1">'
        f'<element-citation publication-type="{publication_type}">{body}</element-citation>'
        "</ref></ref-list></back></article>"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # The tag library's sample: display text, the date in its attribute.
        (
            '<date-in-citation content-type="access-date" iso-8601-date="2006-11-15">cited 2006 Nov 15'
            "</date-in-citation>",
            PartialDate(2006, 11, 15),
        ),
        # pandoc's and the JATS CSL style's form: date parts inside.
        (
            '<date-in-citation content-type="access-date"><year>2006</year><month>11</month>'
            "<day>15</day></date-in-citation>",
            PartialDate(2006, 11, 15),
        ),
        ('<date-in-citation content-type="Access-Date">2006-11</date-in-citation>', PartialDate(2006, 11)),
        (
            '<date-in-citation content-type="access-date">cited Nov 2006</date-in-citation>',
            PartialDate(literal="cited Nov 2006"),
        ),
    ],
)
def test_access_dates_as_others_tag_them(body: str, expected: PartialDate) -> None:
    (record,) = _read(_citation("<source>Fact sheet</source>" + body, "webpage"))
    assert record.accessed == expected
    assert "jats:date-in-citation" not in record.extra


def test_other_dates_sizes_and_series_as_others_tag_them() -> None:
    body = (
        "<source>Disease and Mortality in Sub-Saharan Africa</source><series>World Bank Studies</series>"
        '<series>Second series</series><volume content-type="series-volume">7</volume>'
        '<volume content-type="series-volume">8</volume><size units="page">416</size>'
        '<size units="screens">about 3 screens</size><edition>2nd</edition>'
        '<date-in-citation content-type="updated">updated 2005 Jul 14</date-in-citation>'
    )
    (record,) = _read(_citation(body))
    assert record.title == "Disease and Mortality in Sub-Saharan Africa"
    assert (record.collection_title, record.collection_number) == ("World Bank Studies", "7")
    assert (record.number_of_pages, record.edition, record.accessed, record.container_title) == (
        "416",
        "2nd",
        None,
        None,
    )
    assert record.extra == {
        "jats:series": "Second series",
        "jats:volume": "8",
        "jats:size": "about 3 screens",
        "jats:date-in-citation": "updated 2005 Jul 14",
    }


# -- every output valid, even with (nearly) nothing in it ---------------------------------------


@pytest.mark.parametrize(
    "record",
    [
        Record(unstructured="Smith J. Heart rate and water intake. J Physiol. 2001;12:34-56."),
        Record(key="only-a-key"),
        Record(extra={"custom-field": "a value no format knows"}),
        Record(abstract="An abstract a reference list cannot hold."),
        Record(),
    ],
    ids=["unstructured-only", "key-only", "unknown-extra-only", "abstract-only", "empty"],
)
def test_records_with_next_to_nothing_give_valid_references(dtd: etree.DTD, record: Record) -> None:
    text = _write([record])
    assert dtd_errors(text, dtd) == []
    (cite,) = _citations(text)
    assert cite.tag == "mixed-citation" and cite.get("publication-type") == "journal"
    assert (cite.text, len(cite)) == (record.unstructured, 0)
    back = _read(text)
    if record.unstructured:
        assert _unsourced(back) == [replace(record, key="ref1")]  # the ref's ID
    else:  # an empty citation reads as no record (RB405), as an empty element-citation did
        assert back == []
    assert dtd_errors(_write([record], "jats-article"), dtd) == []


def test_unstructured_citation_beside_tagged_parts_is_valid(dtd: etree.DTD) -> None:
    record = replace(WEB_PAGE, unstructured="World Health Organization. Coronavirus disease pandemic.")
    text = _write([record])
    assert dtd_errors(text, dtd) == []
    (cite,) = _citations(text)
    assert cite.tag == "mixed-citation" and cite.text == record.unstructured
    assert cite.findtext('date-in-citation[@content-type="access-date"]') == "2023-05-04"
