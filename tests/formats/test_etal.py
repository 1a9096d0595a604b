"""The et-al marker (issue 19): BibTeX ``and others`` and JATS ``<etal/>`` are
``Person(literal="others")`` in the model, written back as such; RIS has none."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import refbridge
from refbridge.model import ETAL_LITERAL, Person, Record
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
ETAL = Person(literal=ETAL_LITERAL)
#: Reading options: a reference list's records, an article's own.
SELECT = {"jats": {"jats": {"select": "references"}}, "jats-article": {"jats": {"select": "article"}}}


def written(records: list[Record], fmt: str) -> tuple[str, list[str]]:
    session = Session()
    stream = io.StringIO()
    refbridge.write(records, stream, fmt, session=session)
    return stream.getvalue(), session.sink.codes()


def test_bibtex_and_others_is_the_marker() -> None:
    records = list(refbridge.read(DATA / "bibtex" / "physics-chemistry.bib", "bibtex"))
    assert [sum(p.is_etal for p in r.authors) for r in records] == [1, 1, 0, 1, 0, 1, 0]
    aps = records[0]
    assert aps.authors == [
        Person(family="Arute", given="Frank"),
        Person(family="Arya", given="Kunal"),
        Person(family="Babbush", given="Ryan"),
        ETAL,
    ]
    text, _ = written([aps], "bibtex")
    assert "  author       = {Arute, Frank and Arya, Kunal and Babbush, Ryan and others},\n" in text
    assert next(refbridge.read(io.StringIO(text), "bibtex")) == aps


def test_bibtex_to_jats_writes_etal_and_reads_it_back() -> None:
    records = list(refbridge.read(DATA / "bibtex" / "physics-chemistry.bib", "bibtex"))
    for fmt in ("jats", "jats-article"):
        text, _ = written(records, fmt)
        assert "others" not in text
        assert text.count("<etal/>") == 4
        back = list(refbridge.read(io.StringIO(text), "jats", session=Session(options=SELECT[fmt])))
        assert [r.authors for r in back] == [r.authors for r in records]


def test_jats_etal_in_every_place_reads_as_the_marker_and_writes_back() -> None:
    records = list(refbridge.read(DATA / "jats" / "doi-etal.xml", "jats"))
    article, element, mixed, book = records
    assert article.authors[-1] == ETAL and article.authors[0] == Person(family="Kim", given="Seung")
    assert element.authors == [Person(family="Arute", given="F."), Person(family="Arya", given="K."), ETAL]
    assert mixed.authors == [Person(family="Novoselov", given="K. S."), ETAL]
    assert book.editors == [Person(family="Barthe", given="G."), ETAL] and book.authors == []
    assert not any("jats:etal" in r.extra for r in records)
    bib, _ = written(records[1:], "bibtex")
    assert "author       = {Arute, F. and Arya, K. and others}" in bib
    assert "editor       = {Barthe, G. and others}" in bib
    jats, _ = written(records[1:], "jats")
    again = list(refbridge.read(io.StringIO(jats), "jats", session=Session(options=SELECT["jats"])))
    assert [(r.authors, r.editors) for r in again] == [(r.authors, r.editors) for r in records[1:]]
    front, _ = written(records[:1], "jats-article")
    assert next(refbridge.read(io.StringIO(front), "jats")).authors == article.authors


def test_ris_does_not_write_the_marker_and_says_so() -> None:
    record = Record(title="T", authors=[Person(family="Smith", given="John"), ETAL], editors=[ETAL])
    text, codes = written([record], "ris")
    assert [line for line in text.splitlines() if line[:2] in ("AU", "A2", "ED")] == ["AU  - Smith, John"]
    assert "others" not in text and "et al" not in text
    assert codes == ["RB326", "RB326"]


def test_an_older_records_extra_note_still_writes_etal() -> None:
    """Records saved as JSON before the marker existed keep ``extra["jats:etal"]``."""
    record = Record(title="T", authors=[Person(family="Smith", given="J")], extra={"jats:etal": "author"})
    text, _ = written([record], "jats")
    assert text.count("<etal/>") == 1


@pytest.mark.slow
def test_zotero_gets_no_author_named_others_or_et_al() -> None:
    from zotero import zotero_import

    records = list(refbridge.read(DATA / "bibtex" / "physics-chemistry.bib", "bibtex"))
    text, _ = written(records, "ris")
    items = zotero_import("ris", text)
    names = [c.get("lastName") for item in items for c in item["creators"]]
    assert names == [p.family for r in records for p in r.authors if not p.is_etal]


@pytest.mark.parametrize("fmt", ["jats", "jats-article"])
def test_etal_output_is_valid_jats(shared_dir: Path, fmt: str) -> None:
    from lxml import etree  # type: ignore[import-untyped]
    from test_jats import ARCHIVING, dtd_errors

    records = list(refbridge.read(DATA / "jats" / "doi-etal.xml", "jats"))
    records += list(refbridge.read(DATA / "bibtex" / "physics-chemistry.bib", "bibtex"))
    text, _ = written(records, fmt)
    assert "<etal/>" in text
    assert dtd_errors(text, etree.DTD(str(shared_dir / ARCHIVING))) == []
