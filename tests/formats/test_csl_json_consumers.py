"""refbridge's CSL-JSON in the programs that read it: pandoc's citeproc renders every
reference, and Zotero's own CSL JSON importer (the ``zotero`` profile) agrees with its BibTeX
importer on every field both carry."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import refbridge
from refbridge.session import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from zotero import zotero_import

pytestmark = pytest.mark.slow
SHARED = Path(__file__).resolve().parents[3] / "shared"
DATA = Path(__file__).resolve().parents[1] / "data" / "csl_json"
BIB_CORPUS = sorted((SHARED / "corpus" / "real").glob("*/*.bib"))
_ENTRY = re.compile(r'<div id="ref-([^"]+)"\s+class="csl-entry"[^>]*>(.*?)</div>', re.S)


def convert(source: Path, profile: str = "standard", *, transforms: bool = True) -> str:
    out = io.StringIO()
    off = [] if transforms else ["pages", "journal-abbreviation", "keywords"]
    session = Session(options={"csl-json": {"profile": profile}}, disable=off)
    refbridge.convert(source, out, to_format="csl-json", session=session)
    return out.getvalue()


def pandoc_references(csl: str, folder: Path) -> dict[str, str]:
    """Render a one-line document citing every id; return id → rendered reference text."""
    program = shutil.which("pandoc")
    assert program, "pandoc is needed (Debian: apt-get install pandoc; .ci/run installs it)"
    ids = [item["id"] for item in json.loads(csl)]
    (folder / "refs.json").write_text(csl, encoding="utf-8")
    document = "; ".join(f"@{{{i}}}" for i in ids) + "\n"
    result = subprocess.run(
        [program, "--citeproc", "--bibliography", str(folder / "refs.json"), "-f", "markdown", "-t", "html"],
        input=document,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return {html.unescape(k): re.sub(r"<[^>]+>", "", v).strip() for k, v in _ENTRY.findall(result.stdout)}


@pytest.mark.parametrize("path", BIB_CORPUS, ids=lambda p: p.name)
def test_pandoc_renders_every_reference_of_a_converted_bib(path: Path, tmp_path: Path) -> None:
    csl = convert(path)
    items = json.loads(csl)
    rendered = pandoc_references(csl, tmp_path)
    assert set(rendered) == {item["id"] for item in items}
    for item in items:
        title = item.get("title", "")
        assert title.split(" ")[0].lower() in rendered[item["id"]].lower(), (item["id"], rendered[item["id"]])


def test_pandoc_reads_every_variable_and_shape(tmp_path: Path) -> None:
    records = list(refbridge.read(DATA / "every-variable.csl.json", session=Session()))
    records += list(refbridge.read(DATA / "zotero-wild.json", session=Session()))
    out = io.StringIO()
    refbridge.write(records, out, "csl-json", session=Session())
    rendered = pandoc_references(out.getvalue(), tmp_path)
    assert len(rendered) == len(records)
    assert rendered["vangogh1888letters"].startswith("Gogh, Vincent van, Ludwig van Beethoven")
    assert "1888" in rendered["vangogh1888letters"]
    assert "Forthcoming" in rendered["hooks-forthcoming"]


# -- Zotero ---------------------------------------------------------------------------

#: Zotero fields compared between its BibTeX import of a .bib and its CSL JSON import of
#: refbridge's conversion (zotero profile).
FIELDS = (
    "itemType", "title", "date", "volume", "issue", "pages", "DOI", "ISSN", "ISBN", "url",
    "publisher", "place", "language", "abstractNote", "edition", "series", "seriesNumber",
    "numPages", "numberOfVolumes", "shortTitle", "accessDate", "journalAbbreviation",
)  # fmt: skip


#: Where the .bib itself is read two ways: ``year = {2015}`` with ``date = {Mar 3}`` —
#: Zotero's BibTeX import takes the date, refbridge the year (and keeps the date in ``note``).
DIFFERENT_READINGS = {("jabref-EndnoteXmlImporterTestArticle.jabref-expected.bib", "date")}


def _normal(field: str, value: Any) -> Any:
    if field == "pages":  # Zotero's BibTeX import turns "--" into an en dash
        return str(value).replace("\u2013", "-")
    if field == "DOI":  # refbridge's BibTeX reader keeps the DOI, not a resolver URL around it
        return re.sub(r"^https?://[^/]*doi[^/]*/", "", str(value))
    if field == "title":  # ... and LaTeX formatting into rich text; the model has plain text
        return re.sub(r"</?[a-z]+>", "", str(value))
    return value


def _people(item: dict[str, Any]) -> list[tuple[str, str]]:
    """Creators as (type, every name word, sorted): Zotero's BibTeX import puts a "von"
    part into the first name ("Rogério de" / "Paula"), its CSL import where it is given."""
    return [
        (c["creatorType"], " ".join(sorted(f"{c.get('firstName', '')} {c['lastName']}".split())))
        for c in item["creators"]
    ]


@pytest.mark.parametrize("path", BIB_CORPUS, ids=lambda p: p.name)
def test_zotero_imports_the_zotero_profile_as_it_imports_the_bib(path: Path) -> None:
    from_bib = zotero_import("bibtex", path.read_text(encoding="utf-8"))
    # the records as the .bib has them: refbridge's clean-up transforms would rightly differ
    from_csl = zotero_import("csljson", convert(path, "zotero", transforms=False))
    assert len(from_bib) == len(from_csl)
    for bib_item, csl_item in zip(from_bib, from_csl, strict=True):
        assert _people(bib_item) == _people(csl_item)
        for field in FIELDS:
            if field in bib_item and field in csl_item and (path.name, field) not in DIFFERENT_READINGS:
                assert _normal(field, bib_item[field]) == _normal(field, csl_item[field]), field


def _zotero_items(records_path: Path, profile: str) -> list[dict[str, Any]]:
    records = list(refbridge.read(records_path, session=Session()))
    out = io.StringIO()
    refbridge.write(records, out, "csl-json", session=Session(options={"csl-json": {"profile": profile}}))
    return zotero_import("csljson", out.getvalue())


def test_each_zotero_difference_is_what_zotero_does() -> None:
    """What the standard profile loses in Zotero and the zotero profile keeps (docs/formats.md)."""
    standard = _zotero_items(DATA / "every-variable.csl.json", "standard")
    zotero = _zotero_items(DATA / "every-variable.csl.json", "zotero")
    # name particles and suffixes: Zotero reads only family, given and literal
    assert standard[0]["creators"][0] == {"lastName": "Gogh", "firstName": "Vincent", "creatorType": "author"}
    assert zotero[0]["creators"][0] == {
        "lastName": "van Gogh",
        "firstName": "Vincent",
        "creatorType": "author",
    }
    assert zotero[0]["creators"][3]["firstName"] == "Martin Luther, Jr."
    assert standard[0]["creators"][3]["firstName"] == "Martin Luther"
    # the journal abbreviation: journalAbbreviation, not container-title-short (a book has
    # no such field, so the article-magazine item shows it)
    wild_standard = _zotero_items(DATA / "zotero-wild.json", "standard")
    wild_zotero = _zotero_items(DATA / "zotero-wild.json", "zotero")
    assert wild_zotero[0]["journalAbbreviation"] == "N Engl J Med"
    assert "journalAbbreviation" not in wild_standard[0]
    # dates: date-parts are spelled out, a raw ISO date is kept as Zotero's other imports keep it
    assert wild_standard[0]["date"] == "February 25, 2021" and wild_zotero[0]["date"] == "2021-02-25"
    assert standard[1]["date"] == "2 2020" and zotero[1]["date"] == "Summer 2020"
    # keywords: Zotero's CSL import makes no tags of `keyword` in either profile
    assert standard[0]["tags"] == zotero[0]["tags"] == []
    # types Zotero lacks become "document" unless the profile maps them
    assert wild_standard[2]["itemType"] == "document" and wild_zotero[2]["itemType"] == "book"
    # original-date: dropped for most item types, kept as an Extra line in the profile
    assert "original-date: 2020-07-17" in wild_zotero[0]["extra"]
    assert "original-date" not in wild_standard[0].get("extra", "")
