"""The model's ``license`` (CSL ``license``, Zotero's Rights) and ``library_catalog`` (CSL
``source``, Zotero's Library Catalog): read from every format that has them, written where
each format's field table says (or reported as not written, RB040), given back by a round
trip, and judged by Zotero: its RIS and BibTeX imports of refbridge's output give the
``rights`` and ``libraryCatalog`` its own import of the original gives.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path
from typing import Any

import pytest

import refbridge
from refbridge.model import Record
from refbridge.session import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from zotero import zotero_import

ELSEVIER = "© 2023 Elsevier Ltd. All rights reserved."

NBIB = f"""\
PMID- 37567890
OWN - NLM
STAT- MEDLINE
DCOM- 20230901
IS  - 1474-547X (Electronic)
IS  - 0140-6736 (Linking)
VI  - 402
IP  - 10401
DP  - 2023 Aug 12
TI  - Nirmatrelvir-ritonavir in adults at high risk of severe COVID-19.
PG  - 512-520
LID - 10.1016/S0140-6736(23)01234-5 [doi]
AB  - BACKGROUND: Early treatment may reduce hospitalisation. METHODS: We did a
      randomised trial. FINDINGS: Hospitalisation fell. INTERPRETATION: Early
      treatment halves hospitalisation.
CI  - {ELSEVIER}
FAU - Wang, Siyu
AU  - Wang S
LA  - eng
PT  - Journal Article
PT  - Randomized Controlled Trial
PL  - England
TA  - Lancet
JT  - Lancet (London, England)
JID - 2985213R
SB  - IM
EDAT- 2023/08/13 06:00
CRDT- 2023/08/12 10:00
AID - S0140-6736(23)01234-5 [pii]
AID - 10.1016/S0140-6736(23)01234-5 [doi]
PST - ppublish
SO  - Lancet. 2023 Aug 12;402(10401):512-520. doi: 10.1016/S0140-6736(23)01234-5.
"""

PUBMED_XML = f"""\
<?xml version="1.0" ?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">
<PubmedArticleSet>
<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM">
    <PMID Version="1">37567890</PMID>
    <Article PubModel="Print">
      <Journal>
        <ISSN IssnType="Electronic">1474-547X</ISSN>
        <JournalIssue CitedMedium="Internet">
          <Volume>402</Volume><Issue>10401</Issue>
          <PubDate><Year>2023</Year><Month>Aug</Month><Day>12</Day></PubDate>
        </JournalIssue>
        <Title>Lancet (London, England)</Title>
        <ISOAbbreviation>Lancet</ISOAbbreviation>
      </Journal>
      <ArticleTitle>Nirmatrelvir-ritonavir in adults at high risk of severe COVID-19.</ArticleTitle>
      <Pagination><MedlinePgn>512-520</MedlinePgn></Pagination>
      <Abstract>
        <AbstractText>Early treatment halves hospitalisation.</AbstractText>
        <CopyrightInformation>{ELSEVIER}</CopyrightInformation>
      </Abstract>
      <AuthorList CompleteYN="Y">
        <Author ValidYN="Y"><LastName>Wang</LastName><ForeName>Siyu</ForeName><Initials>S</Initials></Author>
      </AuthorList>
      <Language>eng</Language>
      <PublicationTypeList>
        <PublicationType UI="D016428">Journal Article</PublicationType>
      </PublicationTypeList>
    </Article>
    <MedlineJournalInfo><Country>England</Country><MedlineTA>Lancet</MedlineTA></MedlineJournalInfo>
  </MedlineCitation>
  <PubmedData>
    <ArticleIdList>
      <ArticleId IdType="pubmed">37567890</ArticleId>
      <ArticleId IdType="doi">10.1016/S0140-6736(23)01234-5</ArticleId>
    </ArticleIdList>
  </PubmedData>
</PubmedArticle>
</PubmedArticleSet>
"""

CSL_JSON = """\
[
  {
    "id": "http://zotero.org/users/local/AbCdEf/items/QWERTY12",
    "type": "article-journal",
    "title": "Dexamethasone in hospitalized patients with COVID-19",
    "container-title": "New England Journal of Medicine",
    "volume": "384",
    "issue": "8",
    "page": "693-704",
    "DOI": "10.1056/NEJMoa2021436",
    "license": "CC BY 4.0",
    "source": "DOI.org (Crossref)",
    "author": [{"family": "Horby", "given": "Peter"}],
    "issued": {"date-parts": [["2021", 2, 25]]}
  }
]
"""

RIS = (
    """\
TY  - JOUR
TI  - Safety and efficacy of umbilical cord mesenchymal stem cells in COVID-19
AU  - Wang, Siyu
T2  - Chinese Medical Journal
J2  - Chin Med J
PY  - 2021
VL  - 134
IS  - 8
SP  - 953
EP  - 960
DO  - 10.1097/CM9.0000000000001456
DB  - Academic Search Complete
DP  - EBSCOhost
AN  - 150123456
CR  - Copyright 2021 The Authors. CC BY-NC-ND 4.0
"""
    + "ER  - \n"
)

BIBTEX = """\
@article{tschechlov2015,
  author = {Tschechlov, Ivan},
  title = {On the Rights of Readers},
  journal = {Journal of Library Science},
  year = {2015},
  volume = {12},
  pages = {1--9},
  copyright = {Creative Commons Attribution 4.0 International},
}
"""

_STYLE = '<style face="normal" font="default" size="100%">{}</style>'
ENDNOTE_XML = (
    '<?xml version="1.0" encoding="UTF-8" ?><xml><records><record>'
    '<database name="My EndNote Library.enl" path="My EndNote Library.enl">My EndNote Library.enl</database>'
    '<source-app name="EndNote" version="20.0">EndNote</source-app><rec-number>12</rec-number>'
    '<ref-type name="Journal Article">17</ref-type>'
    "<contributors><authors><author>" + _STYLE.format("Smith, John") + "</author></authors></contributors>"
    "<titles><title>" + _STYLE.format("A study of things") + "</title>"
    "<secondary-title>" + _STYLE.format("Journal of Things") + "</secondary-title></titles>"
    "<volume>" + _STYLE.format("3") + "</volume>"
    "<dates><year>" + _STYLE.format("2021") + "</year></dates>"
    "<accession-num>" + _STYLE.format("2-s2.0-85100000000") + "</accession-num>"
    "<remote-database-name>" + _STYLE.format("Scopus") + "</remote-database-name>"
    "<remote-database-provider>" + _STYLE.format("Elsevier") + "</remote-database-provider>"
    "</record></records></xml>\n"
)

TAGGED = (
    "%0 Journal Article\n%A Smith, John\n%T A study of things\n%J Journal of Things\n%D 2021\n%~ Scopus\n"
)

#: (format, text, the Zotero translator that imports it or None, license, library catalog)
SOURCES: list[tuple[str, str, str | None, str | None, str | None]] = [
    ("medline", NBIB, "medline", ELSEVIER, None),
    ("pubmed-xml", PUBMED_XML, "pubmedxml", ELSEVIER, None),
    ("csl-json", CSL_JSON, "csljson", "CC BY 4.0", "DOI.org (Crossref)"),
    ("ris", RIS, "ris", "Copyright 2021 The Authors. CC BY-NC-ND 4.0", "EBSCOhost"),
    ("bibtex", BIBTEX, "bibtex", "Creative Commons Attribution 4.0 International", None),
]
#: EndNote's Name of Database is the record's archive (as its RIS DB, refbridge's reading):
#: EndNote has no place for either field (Zotero's EndNote XML import reads the name as the
#: Library Catalog; the agreement benchmark counts that difference).
ENDNOTE_SOURCES = [("endnote-xml", ENDNOTE_XML), ("endnote", TAGGED)]
#: The extra keys these values were kept under before the model had fields for them.
_OLD_KEYS = {"medline:CI", "pubmed-copyright", "license", "source", "CR", "DP", "copyright"}


def read(text: str, fmt: str, session: Session | None = None) -> list[Record]:
    return list(refbridge.read(io.StringIO(text), format=fmt, session=session or Session()))


def write(records: list[Record], fmt: str, session: Session | None = None, **options: str) -> str:
    session = session or Session(options={fmt: options} if options else None)
    out = io.StringIO()
    refbridge.write(records, out, format=fmt, session=session)
    return out.getvalue().replace("\r\n", "\n")


def _one(text: str, fmt: str) -> Record:
    (record,) = read(text, fmt)
    return record


def _norm(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


@pytest.mark.parametrize(("fmt", "text", "_t", "license", "catalog"), SOURCES, ids=[s[0] for s in SOURCES])
def test_read_into_the_fields(fmt: str, text: str, _t: str | None, license: str, catalog: str) -> None:
    session = Session()
    (record,) = read(text, fmt, session)
    assert (record.license, record.library_catalog) == (license, catalog)
    assert not set(record.extra) & _OLD_KEYS, record.extra
    assert not [d for d in session.sink if d.severity != "info"]


def test_the_other_source_values_stay_where_they_were() -> None:
    """RIS DB (Name of Database) stays the archive; EndNote's Database Provider and an
    accession number that is no PMID stay in extra."""
    ris = _one(RIS, "ris")
    assert (ris.archive, ris.archive_location, ris.library_catalog) == (
        "Academic Search Complete",
        "150123456",
        "EBSCOhost",
    )
    for fmt, text in ENDNOTE_SOURCES:
        record = _one(text, fmt)
        assert (record.archive, record.library_catalog, record.license) == ("Scopus", None, None), fmt


# -- where each writer puts them ----------------------------------------------------------

BOTH = Record(
    title="A study of things",
    authors=[],
    container_title="Journal of Things",
    license="CC BY 4.0",
    library_catalog="EBSCOhost",
)

#: format (and options) → (what the output holds for the license, for the catalog); None:
#: no place, reported as not written (RB040).
PLACES: list[tuple[str, dict[str, str], str | None, str | None]] = [
    ("ris", {}, r"^CR  - CC BY 4\.0$", r"^DP  - EBSCOhost$"),
    ("ris", {"flavour": "endnote"}, r"^CR  - CC BY 4\.0$", r"^DP  - EBSCOhost$"),
    ("bibtex", {}, r"^  copyright += \{CC BY 4\.0\},$", None),
    ("biblatex", {}, r"^  copyright += \{CC BY 4\.0\},$", None),
    ("medline", {}, r"^CI  - CC BY 4\.0$", None),
    ("csl-json", {}, r'^    "note": "license: CC BY 4\.0",$', r'^    "source": "EBSCOhost",?$'),
    (
        "csl-json",
        {"profile": "zotero"},
        r'^    "note": "license: CC BY 4\.0",$',
        r'^    "source": "EBSCOhost",?$',
    ),
    ("json", {}, r'"license": "CC BY 4\.0"', r'"library_catalog": "EBSCOhost"'),
    ("endnote-xml", {}, None, None),
    ("endnote", {"flavour": "endnote"}, None, None),
    ("endnote", {"flavour": "zotero"}, None, None),
    ("jats", {}, None, None),
    ("jats-article", {}, None, None),
]


@pytest.mark.parametrize(
    ("fmt", "options", "license", "catalog"),
    PLACES,
    ids=[f"{fmt}-{'-'.join(options.values()) or 'default'}" for fmt, options, _l, _c in PLACES],
)
def test_written_where_the_table_says(
    fmt: str, options: dict[str, str], license: str | None, catalog: str | None
) -> None:
    session = Session(options={fmt: options} if options else None)
    text = write([BOTH], fmt, session)
    unwritten = {d.message.partition(" not written")[0] for d in session.sink if d.code == "RB040"}
    for name, pattern, value in (
        ("license", license, "CC BY 4.0"),
        ("library-catalog", catalog, "EBSCOhost"),
    ):
        if pattern is None:
            assert name in unwritten, f"{name} not reported as not written"
            assert value not in text
        else:
            assert re.search(pattern, text, re.MULTILINE), f"{pattern!r} not in:\n{text}"
            assert name not in unwritten


ROUND_TRIPS = [
    ("ris", {}),
    ("ris", {"flavour": "endnote"}),
    ("bibtex", {}),
    ("biblatex", {}),
    ("medline", {}),
    ("csl-json", {}),
    ("csl-json", {"profile": "zotero"}),
    ("json", {}),
    ("endnote-xml", {}),
    ("endnote", {"flavour": "endnote"}),
]


@pytest.mark.parametrize("case", SOURCES, ids=[s[0] for s in SOURCES])
@pytest.mark.parametrize(
    ("fmt", "options"), ROUND_TRIPS, ids=[f"{f}-{'-'.join(o.values())}" for f, o in ROUND_TRIPS]
)
def test_every_format_with_a_place_gives_them_back(
    case: tuple[str, str, str | None, str | None, str | None], fmt: str, options: dict[str, str]
) -> None:
    source, text, _translator, license, catalog = case
    record = _one(text, source)
    table = Session().format_named(fmt, need="write")
    fields = table.fields
    if table.fields_by_option is not None and options:
        option, tables = table.fields_by_option
        fields = tables[options[option]]
    assert fields is not None
    back = _one(write([record], fmt, **options), "bibtex" if fmt == "biblatex" else fmt)
    assert back.license == (license if fields["license"] else None)
    assert back.library_catalog == (catalog if fields["library_catalog"] else None)


# -- the judge: Zotero --------------------------------------------------------------------

_JUDGED = [s for s in SOURCES if s[2] is not None]
#: Zotero's PubMed XML import reads the ``CopyrightInformation`` of a book only (PubMed
#: XML.js, its BookDocument branch), not an article's; its MEDLINE import of the same record
#: (``CI``) is the judge of the article's.
_JUDGE: dict[str, tuple[str, str]] = {"pubmed-xml": ("medline", NBIB)}


@pytest.mark.parametrize(("source", "text", "translator", "_l", "_c"), _JUDGED, ids=[s[0] for s in _JUDGED])
def test_zotero_reads_our_ris_and_bibtex_as_it_reads_the_original(
    source: str, text: str, translator: str, _l: str | None, _c: str | None
) -> None:
    (theirs,) = zotero_import(*_JUDGE.get(source, (translator, text)))
    record = _one(text, source)
    (from_ris,) = zotero_import("ris", write([record], "ris"))
    (from_endnote_ris,) = zotero_import("ris", write([record], "ris", flavour="endnote"))
    (from_bibtex,) = zotero_import("bibtex", write([record], "bibtex"))
    assert _norm(from_ris.get("rights")) == _norm(theirs.get("rights"))
    assert _norm(from_endnote_ris.get("rights")) == _norm(theirs.get("rights"))
    assert _norm(from_bibtex.get("rights")) == _norm(theirs.get("rights"))
    assert from_ris.get("libraryCatalog") == theirs.get("libraryCatalog")
    assert from_endnote_ris.get("libraryCatalog") == theirs.get("libraryCatalog")
    assert "libraryCatalog" not in from_bibtex  # Zotero's BibTeX import has no field for it


def test_zotero_reads_the_values_as_given() -> None:
    """What Zotero's own importers make of the inputs: the values the model fields hold."""
    for fmt, text, translator, license, catalog in _JUDGED:
        assert translator is not None
        (item,) = zotero_import(translator, text)
        rights = None if fmt == "pubmed-xml" else license  # an article's: see _JUDGE
        assert (item.get("rights"), item.get("libraryCatalog")) == (rights, catalog), translator


def test_zotero_reads_our_csl_json_catalog_and_medline_rights() -> None:
    record = _one(RIS, "ris")
    (from_csl,) = zotero_import("csljson", write([record], "csl-json", profile="zotero"))
    assert from_csl.get("libraryCatalog") == "EBSCOhost"
    # CSL 1.0.2's schema has no license: the note line reaches Zotero's Extra.
    assert "license: Copyright 2021 The Authors. CC BY-NC-ND 4.0" in from_csl.get("extra", "")
    (from_medline,) = zotero_import("medline", write([record], "medline"))
    assert from_medline.get("rights") == record.license
