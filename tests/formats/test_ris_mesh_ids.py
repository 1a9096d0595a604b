"""MeSH headings read from PubMed XML (with descriptor and qualifier UIs) cross RIS whole:
RIS has no place for the UIs, but every heading, qualifier and major mark comes back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import refbridge
from refbridge.session import Session

SHARED = Path(__file__).resolve().parents[3] / "shared"
PUBMED = SHARED / "corpus" / "real" / "pubmed-xml"


def _without_ids(record: refbridge.Record) -> list[refbridge.Keyword]:
    return [dataclasses.replace(k, id=None, qualifier_id=None) for k in record.keywords]


def test_pubmed_xml_mesh_headings_survive_ris(tmp_path: Path) -> None:
    checked: list[str] = []
    for source in sorted(PUBMED.glob("*.xml")):
        records = list(refbridge.read(source, "pubmed-xml", session=Session()))
        mesh = [k for r in records for k in r.keywords if k.vocabulary == "MeSH"]
        if not mesh:
            continue  # JabRef's ArticleID sample has no MeSH list
        assert any(k.id for k in mesh), source.name  # the XML carries the UIs
        checked.append(source.name)
        out = tmp_path / f"{source.stem}.ris"
        refbridge.write(records, out, "ris", session=Session())
        text = out.read_text(encoding="utf-8")
        assert "=MeSH" not in text  # no heading forced to a literal term
        back = list(refbridge.read(out, "ris", session=Session()))
        assert [_without_ids(r) for r in back] == [_without_ids(r) for r in records]
    assert len(checked) >= 2, checked


def test_a_major_term_keeps_its_star_where_the_record_puts_stars(tmp_path: Path) -> None:
    """``Aged*`` beside ``COVID-19/therapy*`` (WPRIM, MeSH-style exports) stays ``Aged*``;
    PsycINFO's ``*Major Depression`` among plain terms stays ``*Major Depression``."""
    source = tmp_path / "in.ris"
    source.write_text(
        "TY  - JOUR\nTI  - A\nKW  - COVID-19/therapy*\nKW  - Aged*\nKW  - Humans\nER  - \n"
        "TY  - JOUR\nTI  - B\nKW  - *Major Depression\nKW  - Adolescence\nER  - \n",
        encoding="utf-8",
    )
    out = tmp_path / "out.ris"
    refbridge.convert(source, out, "ris", "ris", session=Session(disable=["keywords"]))
    lines = [line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("KW")]
    assert lines == [
        "KW  - COVID-19/therapy*",
        "KW  - Aged*",
        "KW  - Humans",
        "KW  - *Major Depression",
        "KW  - Adolescence",
    ]
