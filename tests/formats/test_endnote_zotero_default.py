"""``-t endnote`` writes for Zotero by default (issue 22): Zotero's own Refer importer
(``ReferBibIX.js``) reads what the zotero flavour writes with nothing moved to Extra, for
every .bib of the corpus; every value the flavour leaves out is reported by its field's name,
once: by the engine for every record (RB040) where the flavour's field table gives the field
no place, else by the writer (RB981, once per field and output); a DOI travels as a doi.org
``%U`` when the record has no URL, and refbridge's reader gets it back as the DOI;
``-O endnote.flavour=endnote`` still
writes every EndNote tag (``%R`` DOI, ``%@``, ``%M``), for EndNote's own import.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import refbridge
from refbridge._internal.pipeline import run_conversion
from refbridge.cli import cli
from refbridge.diagnostics import Diagnostic
from refbridge.fieldmap import FIELDS, display_name
from refbridge.formats.endnote.field_map import TAGGED_FIELD_MAP, ZOTERO_FIELD_MAP
from refbridge.formats.endnote.zotero_flavour import doi_url
from refbridge.model import Person, Record, SourceLocation
from refbridge.session import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fieldmap_cases import needle, record_with
from test_fieldmap_property import PARTNER, TYPES, _without, full_records
from zotero import zotero_import

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
CORPUS_BIB = sorted(SHARED.glob("corpus/real/*/*.bib"))

#: A realistic library: every kind of record the brief names, non-ASCII names, a long abstract.
LIBRARY = r"""
@article{nguyen2021,
  author   = {Nguyễn, Thị Minh and Müller, Jürgen and O'Brien, Seán},
  title    = {Antibiotic tolerance of biofilms grown under low oxygen},
  journal  = {Journal of Microbial Ecology},
  shortjournal = {J. Microb. Ecol.},
  year     = {2021},
  month    = mar,
  volume   = {12},
  number   = {3},
  pages    = {101--118},
  doi      = {10.1234/jme.2021.0042},
  issn     = {1234-5678},
  abstract = {Bacterial biofilms tolerate antibiotics at concentrations far above those that kill
    planktonic cells. We grew Escherichia coli biofilms in flow cells at three oxygen tensions and
    exposed them to ciprofloxacin, gentamicin and colistin for up to 48 hours. Tolerance rose
    steeply as oxygen fell: at 1\% oxygen, survival after ciprofloxacin was two orders of magnitude
    higher than under air, and the surviving fraction was enriched for cells with low membrane
    potential. Transcriptome profiles showed that the stringent response and the SOS response were
    both induced in the hypoxic biofilm core. Deleting relA and spoT abolished most of the
    difference between oxygen tensions, whereas a lexA mutant that cannot induce the SOS response
    kept it. We conclude that low oxygen in the depth of a biofilm is enough to explain much of its
    antibiotic tolerance, through the stringent response rather than through slower growth alone.},
  keywords = {biofilm, antibiotic tolerance, hypoxia},
  language = {english},
}

@article{sato2019,
  author  = {Satō, Haruki and Łukasiewicz, Agnieszka},
  title   = {Measuring the reach of open peer review},
  journal = {Scientometrics},
  year    = {2019},
  volume  = {118},
  number  = {2},
  pages   = {523--540},
  doi     = {10.1007/s11192-019-03001-9},
  url     = {https://link.example.org/article/s11192-019-03001-9},
}

@book{garcia1967,
  author    = {García Márquez, Gabriel},
  title     = {Cien años de soledad},
  publisher = {Editorial Sudamericana},
  address   = {Buenos Aires},
  year      = {1967},
  edition   = {2},
  isbn      = {978-84-376-0494-7},
}

@inproceedings{zhang2020,
  author    = {Zhang, Wei and Ødegård, Åse},
  title     = {Fast approximate matching of bibliographic records},
  booktitle = {Proceedings of the 12th International Conference on Digital Libraries},
  editor    = {Björk, Lena},
  pages     = {45--52},
  year      = {2020},
  publisher = {ACM},
  address   = {New York, NY, USA},
  doi       = {10.1145/3383583.3398512},
}

@phdthesis{kowalski2018,
  author  = {Kowalski, Zofia},
  title   = {Modelowanie przepływów w sieciach rzecznych},
  school  = {Uniwersytet Warszawski},
  address = {Warszawa},
  year    = {2018},
}

@techreport{who2022,
  author      = {{World Health Organization}},
  title       = {Global report on infection prevention and control},
  institution = {World Health Organization},
  address     = {Geneva},
  number      = {WHO/UHL/IHS/2022.1},
  year        = {2022},
}
"""


def convert(source: Path | str, **options: str) -> tuple[str, list[Diagnostic]]:
    """``source`` as tagged EndNote (the default flavour unless ``options`` say otherwise),
    and the diagnostics of the conversion."""
    session = Session(options={"endnote": dict(options)} if options else None)
    out = io.StringIO()
    stream = io.StringIO(source) if isinstance(source, str) else source
    refbridge.convert(stream, out, from_format="bibtex", to_format="endnote", session=session)
    return out.getvalue(), list(session.sink.items)


def write(records: list[Record], **options: str) -> tuple[str, list[Diagnostic]]:
    session = Session(options={"endnote": dict(options)} if options else None)
    out = io.StringIO()
    refbridge.write(records, out, "endnote", session=session)
    return out.getvalue(), list(session.sink.items)


def read_back(text: str) -> list[Record]:
    return list(refbridge.read(io.StringIO(text), "endnote", session=Session()))


def not_written(diagnostics: list[Diagnostic]) -> dict[str, str]:
    """Field name → message of every RB981 warning."""
    found = {}
    for d in diagnostics:
        if d.code == "RB981":
            assert d.severity == "warning"
            found[d.message.split(" not written: ")[0]] = d.message
    return found


# -- every .bib of the corpus, through Zotero's Refer import -------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("path", CORPUS_BIB, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_zotero_moves_nothing_to_extra(path: Path) -> None:
    text, _diagnostics = convert(path)
    items = zotero_import("refer", text)
    assert len(items) == sum(1 for _ in refbridge.read(path, session=Session()))
    for item in items:
        assert not item.get("_movedToExtraOnSave"), item
        assert not item.get("extra"), item


def test_the_corpus_has_bib_files() -> None:
    assert len(CORPUS_BIB) >= 10


def test_default_flavour_is_zotero() -> None:
    fmt = Session().format_named("endnote", need="write")
    (flavour,) = [option for option in fmt.options if option.name == "flavour"]
    assert flavour.default == "zotero"
    assert set(flavour.choices) == {"zotero", "endnote"}
    assert "endnote" in flavour.help and "zotero" in flavour.help


# -- a hand-made library: exact Zotero values, and the fields left out by name -------------------


def _creators(item: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(c["lastName"], c.get("firstName", ""), c["creatorType"]) for c in item["creators"]]


def test_zotero_reads_the_library_field_by_field() -> None:
    text, _diagnostics = convert(LIBRARY)
    items = zotero_import("refer", text)
    assert len(items) == 6
    for item in items:
        assert not item.get("_movedToExtraOnSave") and not item.get("extra"), item
    article, article_url, book, paper, thesis, report = items

    assert article["itemType"] == "journalArticle"
    assert _creators(article) == [
        ("Nguyễn", "Thị Minh", "author"), ("Müller", "Jürgen", "author"), ("O'Brien", "Seán", "author"),
    ]  # fmt: skip
    assert {k: article[k] for k in ("title", "publicationTitle", "volume", "issue", "pages", "date")} == {
        "title": "Antibiotic tolerance of biofilms grown under low oxygen",
        "publicationTitle": "Journal of Microbial Ecology",
        "volume": "12",
        "issue": "3",
        "pages": "101-118",
        "date": "2021-03",
    }
    assert article["url"] == "https://doi.org/10.1234/jme.2021.0042"  # the DOI, with no URL of its own
    assert "DOI" not in article and "ISSN" not in article and "journalAbbreviation" not in article
    assert article["abstractNote"].startswith("Bacterial biofilms tolerate antibiotics at concentrations")
    assert article["abstractNote"].endswith("rather than through slower growth alone.")
    assert "at 1% oxygen" in article["abstractNote"]
    assert [t["tag"] for t in article["tags"]] == ["biofilm", "antibiotic tolerance", "hypoxia"]
    assert article["language"] == "english"

    assert article_url["url"] == "https://link.example.org/article/s11192-019-03001-9"
    assert _creators(article_url) == [("Satō", "Haruki", "author"), ("Łukasiewicz", "Agnieszka", "author")]
    assert "DOI" not in article_url

    assert book["itemType"] == "book"
    assert _creators(book) == [("García Márquez", "Gabriel", "author")]
    assert {k: book.get(k) for k in ("title", "publisher", "place", "date", "edition", "ISBN")} == {
        "title": "Cien años de soledad",
        "publisher": "Editorial Sudamericana",
        "place": "Buenos Aires",
        "date": "1967",
        "edition": "2",
        "ISBN": "978-84-376-0494-7",
    }

    assert paper["itemType"] == "conferencePaper"
    assert _creators(paper) == [
        ("Zhang", "Wei", "author"),
        ("Ødegård", "Åse", "author"),
        ("Björk", "Lena", "editor"),
    ]
    assert {k: paper.get(k) for k in ("proceedingsTitle", "publisher", "place", "pages", "date", "url")} == {
        "proceedingsTitle": "Proceedings of the 12th International Conference on Digital Libraries",
        "publisher": "ACM",
        "place": "New York, NY, USA",
        "pages": "45-52",
        "date": "2020",
        "url": "https://doi.org/10.1145/3383583.3398512",
    }

    assert thesis["itemType"] == "thesis"
    assert _creators(thesis) == [("Kowalski", "Zofia", "author")]
    assert {k: thesis.get(k) for k in ("title", "university", "place", "date")} == {
        "title": "Modelowanie przepływów w sieciach rzecznych",
        "university": "Uniwersytet Warszawski",
        "place": "Warszawa",
        "date": "2018",
    }

    assert report["itemType"] == "report"
    assert _creators(report) == [("World Health Organization", "", "author")]
    assert {k: report.get(k) for k in ("title", "institution", "place", "date")} == {
        "title": "Global report on infection prevention and control",
        "institution": "World Health Organization",
        "place": "Geneva",
        "date": "2022",
    }


def engine_not_written(diagnostics: list[Diagnostic]) -> list[tuple[str, int | None]]:
    """(field name, line) of every RB040 warning: what the zotero flavour's table gives no place."""
    found = []
    for d in diagnostics:
        if d.code == "RB040":
            assert d.severity == "warning"
            name, _, why = d.message.partition(" not written: ")
            assert why == "endnote (flavour=zotero) has no place for it"
            found.append((name, d.line))
    return found


def test_every_field_left_out_is_reported_by_name() -> None:
    text, diagnostics = convert(LIBRARY)
    # What the flavour's table gives no place (ZOTERO_FIELD_MAP): the engine, record by record.
    # (sato2019's abbreviation, line 28, is the journal transform's: "Scientometrics".)
    assert engine_not_written(diagnostics) == [
        ("container-title-short", 2), ("issn", 2), ("container-title-short", 28), ("number", 70),
    ]  # fmt: skip
    # What it leaves out of a record beyond the table: the writer, once per output.
    assert not_written(diagnostics) == {
        "doi": "doi not written: Zotero's Refer import has no DOI tag (%R is its Type) and %U holds the "
        "record's URL; -O endnote.flavour=endnote writes it",
    }
    assert [d.line for d in diagnostics if d.code == "RB981"] == [28]
    # None of them is in the output; BibTeX's report number is EndNote's %@ (Report Number),
    # which Zotero's Refer import reads as the ISBN: left out.
    for value in ("J. Microb. Ecol.", "1234-5678", "10.1007/s11192-019-03001-9", "WHO/UHL"):
        assert value not in text


def test_cli_shows_the_warnings_and_counts_them(tmp_path: Path) -> None:
    source = tmp_path / "library.bib"
    source.write_text(LIBRARY, encoding="utf-8")
    target = tmp_path / "library.enw"
    result = CliRunner().invoke(cli, ["convert", str(source), "-t", "endnote", "-o", str(target)])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    for name in ("container-title-short", "issn", "number"):
        assert any(
            f"warning: {name} not written: endnote (flavour=zotero) has no place for it [RB040]" in line
            for line in lines
        )
    assert any(
        "warning: doi not written: Zotero's Refer import" in line and "[RB981]" in line for line in lines
    )
    assert lines[-1] == (
        "refbridge: 6 records read, 6 written, 0 errors, 5 warnings, "
        "4 fields not written: container-title-short ×2, issn ×1, number ×1"
    )
    assert "%U https://doi.org/10.1234/jme.2021.0042\r\n" in target.read_bytes().decode("utf-8")


def test_each_field_reported_once_per_record_or_output() -> None:
    """What the table gives no place is reported for every record that has it (RB040, as for
    every format); what the flavour leaves out beyond it, once per output (RB981)."""
    records = [
        Record(
            title=f"T{i}",
            container_title="J",
            issn=["1234-5678"],
            pmid=str(100 + i),
            doi=f"10.1000/x{i}",
            url=f"https://example.org/{i}",
            source=SourceLocation("refs.bib", 1 + i),
        )
        for i in range(3)
    ]
    session = Session(disable=[t.name for t in Session().plugins.transforms])
    out = io.StringIO()
    run_conversion(session, [records], out, to_format="endnote")
    diagnostics = list(session.sink.items)
    assert engine_not_written(diagnostics) == [
        (name, line) for line in (1, 2, 3) for name in ("issn", "pmid")
    ]
    assert [d.message.split(" not written")[0] for d in diagnostics if d.code == "RB981"] == ["doi"]
    text = out.getvalue()
    assert "%M" not in text and "%@" not in text and "%R" not in text
    assert "%W" not in text and "%~" not in text  # PubMed's name says what %M is: nothing without it


def test_direct_write_reports_only_what_the_table_cannot_say() -> None:
    """``refbridge.write`` runs the writer alone, which accounts for no table (as for every
    format): the flavour reports what it leaves out beyond its table, and nothing twice."""
    record = Record(
        title="T", container_title="J", issn=["1234-5678"], doi="10.1000/x", url="https://e.org/x"
    )
    _text, diagnostics = write([record])
    assert list(not_written(diagnostics)) == ["doi"]


def test_every_placed_field_is_written_or_reported() -> None:
    """A record holding only one field, of every type either flavour's table names, converted
    with the default flavour: the value is in the output, or reported by its name once, by
    the engine (RB040) or by the writer (RB981)."""
    silent: list[str] = []
    twice: list[str] = []
    keys = [*FIELDS, *(key for key in {**TAGGED_FIELD_MAP, **ZOTERO_FIELD_MAP} if "@" in key)]
    for key in keys:
        field, _, record_type = key.partition("@")
        if field in {"extra", "unstructured"}:
            continue
        text, named = _render_counted(record_with(field, record_type or "article-journal"))
        shown = display_name(field)
        if named.get(shown, 0) > 1:
            twice.append(key)
        if needle(field) not in text and not named.get(shown):
            silent.append(key)
    assert not silent, f"left out without a word: {silent}"
    assert not twice, f"reported twice: {twice}"


#: No transform runs: the records reach the writer as built (default options: zotero flavour).
_SESSION = Session(disable=[t.name for t in Session().plugins.transforms])


def _render_counted(record: Record) -> tuple[str, dict[str, int]]:
    """The zotero flavour's output for ``record`` alone, and how often each field was reported
    as not written (by the engine, RB040, or the writer, RB981)."""
    before = len(_SESSION.sink.items)
    out = io.StringIO()
    run_conversion(_SESSION, [[record]], out, to_format="endnote")
    named: dict[str, int] = {}
    for d in _SESSION.sink.items[before:]:
        if d.code in {"RB040", "RB981"}:
            name = d.message.partition(" not written")[0]
            named[name] = named.get(name, 0) + 1
    del _SESSION.sink.items[before:]
    return out.getvalue(), named


def _render(record: Record) -> tuple[str, set[str]]:
    """The zotero flavour's output for ``record`` alone, and the fields reported as not
    written (by the engine, RB040, or the writer, RB981)."""
    before = len(_SESSION.sink.items)
    out = io.StringIO()
    run_conversion(_SESSION, [[record]], out, to_format="endnote")
    reported = {
        d.message.partition(" not written")[0]
        for d in _SESSION.sink.items[before:]
        if d.code in {"RB040", "RB981"}
    }
    del _SESSION.sink.items[before:]
    return out.getvalue(), reported


@pytest.mark.parametrize("record_type", TYPES)
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_nothing_disappears_silently(record_type: str, data: st.DataObject) -> None:
    """tests/test_fieldmap_property.py's property for the zotero flavour, counting what the
    flavour itself reports (RB981) too: with every field filled, each field makes a difference
    to the output or is reported as not written, by its name."""
    record = data.draw(full_records(record_type))
    _text, reported = _render(record)
    outputs: dict[str | None, str] = {}
    silent = set()
    for field in FIELDS:
        partner = PARTNER.get(field)
        base = _without(record, partner) if partner else record
        if partner not in outputs:
            outputs[partner] = _render(base)[0]
        if field == "extra" or display_name(field) in reported:
            continue  # extra: a key of another format is reported by the mapping (RB980)
        if _render(_without(base, field))[0] == outputs[partner]:
            silent.add(field)
    assert not silent, f"{record_type}: fields neither written nor reported: {silent}"


# -- the DOI as a doi.org URL, and back -----------------------------------------------------------


@pytest.mark.parametrize(
    "doi",
    [
        "10.1234/jme.2021.0042",
        "10.1002/(SICI)1097-4636(199712)37:4<520::AID-JBM11>3.0.CO;2-K",
        "10.1000/a#b?c%d",
        "10.5555/ünïcödé",
    ],
)
def test_doi_without_url_reads_back_as_the_doi(doi: str) -> None:
    record = Record(type="article-journal", title="T", container_title="J", doi=doi)
    text, diagnostics = write([record])
    assert f"%U {doi_url(doi)}\r\n" in text
    assert "%R" not in text
    assert not not_written(diagnostics)
    (back,) = read_back(text)
    assert (back.doi, back.url) == (doi, None)


def test_doi_url_escapes_what_a_url_cannot_hold() -> None:
    assert doi_url("10.1000/a#b?c%d") == "https://doi.org/10.1000/a%23b%3Fc%25d"
    assert doi_url("10.1000/x;") is None  # a final ";" would be read as the sentence's


def test_doi_that_a_url_cannot_carry_is_reported() -> None:
    text, diagnostics = write([Record(type="article-journal", title="T", doi="10.1000/x;")])
    assert "doi" in not_written(diagnostics)
    assert "10.1000/x" not in text


def test_url_that_is_the_dois_own_carries_it() -> None:
    for url in ("https://doi.org/10.1145/1137627.1137631", "http://doi.acm.org/10.1145/1137627.1137631"):
        record = Record(type="paper-conference", title="T", doi="10.1145/1137627.1137631", url=url)
        text, diagnostics = write([record])
        assert f"%U {url}\r\n" in text
        assert not not_written(diagnostics)
        (back,) = read_back(text)
        assert back.doi == "10.1145/1137627.1137631"
        # doi.org's URL holds nothing but the DOI; a publisher resolver's stays the URL.
        assert back.url == (None if "doi.org" in url else url)


def test_reader_keeps_a_doi_of_its_own() -> None:
    text = "%0 Journal Article\n%T T\n%R 10.1000/own\n%U https://doi.org/10.2000/other\n"
    (record,) = read_back(text)
    assert (record.doi, record.url) == ("10.1000/own", "https://doi.org/10.2000/other")


def test_library_round_trip_keeps_the_dois_zotero_can_hold() -> None:
    text, _diagnostics = convert(LIBRARY)
    dois = [r.doi for r in read_back(text)]
    assert dois == ["10.1234/jme.2021.0042", None, None, "10.1145/3383583.3398512", None, None]


# -- the EndNote flavour: every tag, as before ----------------------------------------------------


def test_endnote_flavour_writes_every_endnote_tag() -> None:
    record = Record(
        type="article-journal",
        title="T",
        authors=[Person("Doe", "Jane")],
        container_title="Journal",
        container_title_short="J.",
        issn=["1234-5678"],
        pmid="36801062",
        doi="10.1016/j.vaccine.2023.02.034",
        url="https://example.org/x",
    )
    text, diagnostics = write([record], flavour="endnote")
    assert text == (
        "%0 Journal Article\r\n%A Doe, Jane\r\n%T T\r\n%J Journal\r\n%O J.\r\n%@ 1234-5678\r\n"
        "%R 10.1016/j.vaccine.2023.02.034\r\n%M 36801062\r\n%U https://example.org/x\r\n"
        "%W NLM\r\n%~ PubMed\r\n\r\n"
    )
    assert not not_written(diagnostics)


def test_endnote_flavour_of_the_library_keeps_dois_issns_and_isbns() -> None:
    text, diagnostics = convert(LIBRARY, flavour="endnote")
    assert not not_written(diagnostics)
    for line in (
        "%R 10.1234/jme.2021.0042",
        "%R 10.1007/s11192-019-03001-9",
        "%@ 1234-5678",
        "%@ 978-84-376-0494-7",
        "%O J. Microb. Ecol.",
    ):
        assert f"{line}\r\n" in text
    assert "https://doi.org/" not in text
