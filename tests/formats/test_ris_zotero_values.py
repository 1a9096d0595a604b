"""What Zotero keeps from a PubMed, CSL-JSON or EndNote record reaches it through refbridge's RIS.

Zotero's own importers (tests/zotero.py) read the original and refbridge's RIS of it; the
values must agree, in both flavours where EndNote's conventions differ, and refbridge's
reader must give the record back:

* the PMCID: Zotero's RIS import ignores ``C2`` (EndNote's PMCID field of a journal
  article), its MEDLINE import keeps ``PMCID: PMC…`` in Extra, so the Zotero flavour writes
  that Extra line (``M2``); the EndNote flavour writes EndNote's field of the type (C2 of
  JOUR, C3 of EJOUR, C7 of EBOOK) or a note where the type has none;
* a single page or article number (``e112``) is ``SP`` alone (``SP`` = ``EP`` gave Zotero
  "e112-e112"), with refbridge's own ``XP`` where its reader would take ``SP`` for the
  e-locator;
* the CSL types Zotero's RIS import can represent arrive as the item type Zotero's CSL
  import makes of them (a blog post as ``BLOG``, a document as ``GRNT``).
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import refbridge
from refbridge.model import Keyword, Person, Record
from refbridge.session import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from zotero import zotero_import

DATA = Path(__file__).resolve().parents[1] / "data"

NBIB = """\
PMID- 36599290
OWN - NLM
STAT- MEDLINE
IS  - 2213-0276 (Electronic)
IS  - 0755-4982 (Linking)
VI  - 52
IP  - 1
DP  - 2023 Mar
TI  - Prise en charge de l'insuffisance cardiaque aiguë du sujet âgé : étude
      multicentrique.
PG  - 104155
LID - 104155 [pii]
LID - 10.1016/j.lpm.2022.104155 [doi]
AB  - L'insuffisance cardiaque aiguë est la première cause d'hospitalisation des
      patients de plus de 65 ans. Sa prise en charge repose sur les mêmes principes que
      chez le sujet jeune, avec une attention particulière aux comorbidités, à la
      polymédication et à l'autonomie fonctionnelle, qui conditionnent le pronostic.
FAU - Lefèvre, Chloé
AU  - Lefèvre C
FAU - de la Cruz, José Luis
AU  - de la Cruz JL
LA  - fre
PT  - Journal Article
TA  - Presse Med
JT  - Presse medicale (Paris, France : 1983)
PMC - PMC9838421
OID - NLM: PMC9838421
MH  - Aged
MH  - Heart Failure/*therapy
EDAT- 2023/01/05 06:00
SO  - Presse Med. 2023 Mar;52(1):104155. doi: 10.1016/j.lpm.2022.104155.

PMID- 36512346
OWN - NLM
STAT- MEDLINE
IS  - 1932-6203 (Electronic)
VI  - 18
IP  - 4
DP  - 2023
TI  - Gait speed after stroke in Łódź and Zürich: a cohort study.
PG  - e0284112
LID - e0284112 [pii]
LID - 10.1371/journal.pone.0284112 [doi]
FAU - Żółkowska, Agnieszka
AU  - Żółkowska A
FAU - Müller, Jürgen
AU  - Müller J
LA  - eng
PT  - Journal Article
TA  - PLoS One
JT  - PloS one
PMC - PMC10101010
EDAT- 2023/04/12 06:00
SO  - PLoS One. 2023;18(4):e0284112. doi: 10.1371/journal.pone.0284112.
"""

OFF = ["pages", "keywords", "journal-abbreviation"]


def session(**ris: str) -> Session:
    return Session(options={"ris": ris} if ris else {}, disable=OFF)


def read(text: str, fmt: str) -> list[Record]:
    return list(refbridge.read(io.StringIO(text), fmt, session=session()))


def write(records: list[Record], **ris: str) -> str:
    out = io.StringIO()
    refbridge.write(records, out, "ris", session=session(**ris))
    return out.getvalue()


def core(records: list[Record]) -> list[tuple[Any, ...]]:
    """The fields RIS holds of a PubMed record (its ``medline:`` extra keys it does not)."""
    names = ("type", "title", "authors", "container_title", "volume", "issue", "pages", "elocation")
    names += ("issued", "doi", "issn", "pmid", "pmcid", "abstract", "keywords", "language")
    return [tuple(getattr(r, name) for name in names) for r in records]


def values(item: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: item.get(name) for name in names}


# -- PMCID ------------------------------------------------------------------------------


def test_pmcid_reaches_zotero_extra_as_its_medline_import_puts_it() -> None:
    records = read(NBIB, "medline")
    assert [r.pmcid for r in records] == ["PMC9838421", "PMC10101010"]
    ris = write(records)
    assert "\r\nM2  - PMID: 36599290\r\nM2  - PMCID: PMC9838421\r\n" in ris
    assert "\r\nC2  - " not in ris
    from_ris, from_nbib = zotero_import("ris", ris), zotero_import("medline", NBIB)
    lines = [sorted(line.strip() for line in str(i.get("extra", "")).splitlines()) for i in from_ris]
    assert lines == [["PMCID: PMC9838421", "PMID: 36599290"], ["PMCID: PMC10101010", "PMID: 36512346"]]
    assert lines == [sorted(line.strip() for line in str(i["extra"]).splitlines()) for i in from_nbib]
    assert core(read(ris, "ris")) == core(records)


def test_pmcid_in_the_endnote_flavour_goes_to_endnotes_field_of_the_type() -> None:
    article = Record(
        title="Antibiotic tolerance of Escherichia coli biofilms",
        authors=[Person("Müller", "Jürgen")],
        container_title="Nature Communications",
        pmid="33664243",
        pmcid="PMC7933251",
    )
    chapter = Record(
        type="chapter",
        title="Alpha-1 Antitrypsin Deficiency",
        container_title="GeneReviews®",
        pmid="20301295",
        pmcid="PMC1234567",
    )
    ejour = Record(title="Online first", pmcid="PMC7654321", extra={"TY": "EJOUR"})
    ebook = Record(type="book", title="An e-book", pmcid="PMC2222222", extra={"TY": "EBOOK"})
    records = [article, chapter, ejour, ebook]
    ris = write(records, flavour="endnote")
    blocks = ris.split("ER  - ")
    assert "\r\nC2  - PMC7933251\r\n" in blocks[0]
    assert "\r\nN1  - PMCID: PMC1234567\r\n" in blocks[1] and "C2  - " not in blocks[1]
    assert "\r\nC3  - PMC7654321\r\n" in blocks[2]
    assert "\r\nC7  - PMC2222222\r\n" in blocks[3]
    assert "M2  - " not in ris
    back = read(ris, "ris")
    assert [r.pmcid for r in back] == [r.pmcid for r in records]
    assert back == records
    # Zotero's flavour: the Extra line for every type; Zotero keeps it in Extra.
    zotero = write(records)
    assert zotero.count("M2  - PMCID: PMC") == 4 and "C2  - " not in zotero and "C3  - " not in zotero
    items = zotero_import("ris", zotero)
    assert all(f"PMCID: {r.pmcid}" in str(i.get("extra")) for r, i in zip(records, items, strict=True))
    assert read(zotero, "ris") == records


def test_pmcid_read_from_old_c2_and_from_an_extra_line() -> None:
    text = (
        "TY  - CHAP\r\nTI  - A chapter\r\nC2  - PMC1111111\r\nER  - \r\n\r\n"
        "TY  - JOUR\r\nTI  - An article\r\nM2  - PMID: 123\r\nM2  - PMCID: PMC2222222\r\nER  - \r\n\r\n"
        "TY  - JOUR\r\nTI  - Not a PMCID\r\nM2  - PMCID: 2222222\r\nER  - \r\n"
    )
    first, second, third = read(text, "ris")
    assert (first.pmcid, first.extra) == ("PMC1111111", {})
    assert (second.pmid, second.pmcid, second.extra) == ("123", "PMC2222222", {})
    assert (third.pmcid, third.extra) == (None, {"M2": "PMCID: 2222222"})


# -- pages ------------------------------------------------------------------------------


def test_article_number_pages_reach_zotero_as_its_pubmed_import_gives_them() -> None:
    xml = (DATA / "pubmed_xml" / "articleset.xml").read_text(encoding="utf-8")
    records = list(refbridge.read(io.StringIO(xml), "pubmed-xml", session=session()))
    ris = write(records)
    assert "\r\nSP  - e112\r\n" in ris and "EP  - e112" not in ris
    from_ris, from_xml = zotero_import("ris", ris), zotero_import("pubmedxml", xml)
    assert from_ris[1]["pages"] == from_xml[1]["pages"] == "e112"
    assert [i.get("pages") for i in from_ris][:2] == ["281-93", "e112"]
    for flavour in ("zotero", "endnote"):
        back = read(write(records, flavour=flavour), "ris")
        assert [(r.pages, r.elocation) for r in back] == [(r.pages, r.elocation) for r in records]


def test_single_pages_and_e_locators_reach_zotero_as_its_medline_import_gives_them() -> None:
    records = read(NBIB, "medline")
    assert [(r.pages, r.elocation) for r in records] == [("104155", "104155"), ("e0284112", "e0284112")]
    ris = write(records)
    assert "\r\nSP  - 104155\r\nC7  - 104155\r\nXP  - 104155\r\n" in ris
    assert "\r\nSP  - e0284112\r\nC7  - e0284112\r\nXP  - e0284112\r\n" in ris
    assert "EP  - " not in ris
    from_ris, from_nbib = zotero_import("ris", ris), zotero_import("medline", NBIB)
    assert [i["pages"] for i in from_ris] == [i["pages"] for i in from_nbib] == ["104155", "e0284112"]
    endnote = write(records, flavour="endnote")
    assert "EP  - " not in endnote
    assert core(read(ris, "ris")) == core(read(endnote, "ris")) == core(records)


@pytest.mark.parametrize(
    ("record_type", "pages", "elocation", "zotero_pages"),
    [
        ("article-journal", "e5", None, "e5"),
        ("article-journal", None, "e5", "e5"),
        ("article-journal", "e5", "e5", "e5"),
        ("article-journal", "12", "e5", "12"),
        ("article-journal", "E13", None, "E13"),
        ("chapter", "S12", None, "S12"),
        ("paper-conference", "e17", "e17", "e17"),
    ],
)
def test_single_page_forms(
    record_type: str, pages: str | None, elocation: str | None, zotero_pages: str
) -> None:
    record = Record(type=record_type, title="Ein Titel über Käse", pages=pages, elocation=elocation)
    for flavour in ("zotero", "endnote"):
        ris = write([record], flavour=flavour)
        assert "EP  - " not in ris
        assert read(ris, "ris") == [record]
        if flavour == "zotero":
            assert zotero_import("ris", ris)[0]["pages"] == zotero_pages


# -- record types -----------------------------------------------------------------------

#: CSL items whose types Zotero's RIS import can represent, as Zotero's CSL import reads them.
CSL_ITEMS: list[dict[str, Any]] = [
    {
        "id": "author2018blog",
        "type": "post-weblog",
        "title": "Why the Ångström is not an SI unit",
        "container-title": "Units and Measures Blog",
        "genre": "Opinion",
        "author": [{"family": "Ødegård", "given": "Siri"}],
        "issued": {"date-parts": [[2018, 5, 4]]},
        "URL": "https://blog.example.org/angstrom",
    },
    {
        "id": "who2023memo",
        "type": "document",
        "title": "Internal memorandum on tuberculosis screening in prisons",
        "author": [{"literal": "World Health Organization"}],
        "publisher": "WHO",
        "publisher-place": "Genève",
        "issued": {"date-parts": [[2023]]},
    },
    {
        "id": "oed2020",
        "type": "entry-dictionary",
        "title": "Schadenfreude",
        "container-title": "Oxford English Dictionary",
        "publisher": "Oxford University Press",
        "issued": {"date-parts": [[2020]]},
    },
    {
        "id": "hokusai1831",
        "type": "graphic",
        "title": "The Great Wave off Kanagawa",
        "author": [{"family": "Hokusai", "given": "Katsushika"}],
        "issued": {"date-parts": [[1831]]},
    },
    {
        "id": "senate2019",
        "type": "hearing",
        "title": "Oversight of the Food and Drug Administration",
        "issued": {"date-parts": [[2019, 3, 12]]},
    },
    {
        "id": "gdpr2016",
        "type": "legislation",
        "title": "General Data Protection Regulation",
        "issued": {"date-parts": [[2016, 4, 27]]},
    },
    {
        "id": "bjork1997",
        "type": "song",
        "title": "Jóga",
        "author": [{"family": "Guðmundsdóttir", "given": "Björk"}],
        "issued": {"date-parts": [[1997]]},
    },
    {
        "id": "collection2001",
        "type": "collection",
        "title": "Papers of the Łódź ghetto administration",
        "issued": {"date-parts": [[2001]]},
    },
]

#: The TYs written, by flavour.
TYS = {
    "zotero": ["BLOG", "GRNT", "DICT", "ART", "HEAR", "STAT", "SOUND", "GRNT"],
    "endnote": ["BLOG", "GEN", "DICT", "ART", "HEAR", "STAT", "MUSIC", "GEN"],
}


def test_csl_types_arrive_as_zoteros_csl_import_makes_them() -> None:
    text = json.dumps(CSL_ITEMS, ensure_ascii=False)
    records = read(text, "csl-json")
    ris = write(records)
    assert [line[6:] for line in ris.splitlines() if line.startswith("TY  - ")] == TYS["zotero"]
    from_ris, from_csl = zotero_import("ris", ris), zotero_import("csljson", text)
    types = [i["itemType"] for i in from_csl]
    assert types == [
        "blogPost", "document", "dictionaryEntry", "artwork", "hearing", "statute", "audioRecording",
        "document",
    ]  # fmt: skip
    assert [i["itemType"] for i in from_ris] == types
    blog = from_ris[0]
    assert values(blog, "blogTitle", "websiteType", "url") == values(
        from_csl[0], "blogTitle", "websiteType", "url"
    )
    assert values(from_ris[1], "publisher", "place", "date") == {
        "publisher": "WHO",
        "place": "Genève",
        "date": "2023",
    }
    assert from_ris[2]["dictionaryTitle"] == from_csl[2]["dictionaryTitle"] == "Oxford English Dictionary"


@pytest.mark.parametrize("flavour", ["zotero", "endnote"])
def test_csl_types_read_back(flavour: str) -> None:
    records = read(json.dumps(CSL_ITEMS, ensure_ascii=False), "csl-json")
    ris = write(records, flavour=flavour)
    assert [line[6:] for line in ris.splitlines() if line.startswith("TY  - ")] == TYS[flavour]
    back = read(ris, "ris")
    assert [r.type for r in back] == [item["type"] for item in CSL_ITEMS]
    assert all("TY" not in r.extra for r in back)


def test_types_zotero_has_no_ris_type_for() -> None:
    # An interview and a collection: Zotero's CSL import makes a Document of the collection,
    # an Interview (which no TY gives) of the other; a Document is nearer than a journal
    # article. A preprint (CSL article, Zotero's Preprint) stays a journal article, which
    # keeps its server's name and article number as fields.
    records = [
        Record(type="interview", title="Ein Gespräch", authors=[Person("Bär", "Jörg")]),
        Record(type="collection", title="Papers of the Łódź ghetto administration"),
        Record(type="article", title="A preprint", container_title="Res Sq", pages="rs.3.rs-4871234"),
        Record(type="review", title="Review of Ágnes", container_title="Books", keywords=[Keyword("a")]),
    ]
    ris = write(records)
    assert [line for line in ris.splitlines() if line[:2] in ("TY", "XT")] == [
        "TY  - GRNT", "XT  - interview", "TY  - GRNT", "XT  - collection", "TY  - GEN", "XT  - article",
        "TY  - JOUR", "XT  - review",
    ]  # fmt: skip
    items = zotero_import("ris", ris)
    assert [i["itemType"] for i in items] == ["document", "document", "journalArticle", "journalArticle"]
    assert values(items[2], "publicationTitle", "pages") == {
        "publicationTitle": "Res Sq",
        "pages": "rs.3.rs-4871234",
    }
    assert read(ris, "ris") == read(write(records, flavour="endnote"), "ris") == records
