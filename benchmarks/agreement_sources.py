"""The formats Zotero's agreement is measured between: for each, Zotero's own import
translator (``../shared/zotero-oracle``), the suffix refbridge's files of it get, and the
files of it that are measured.

BibTeX and RIS are measured on the real corpus only (``../shared/corpus/real``), the
others on the real corpus and the realistic exports the tests are built on
(``tests/data/<format>/``: a 50-record PubMed download, EndNote 21 and Mendeley XML, CSL-JSON
as Zotero writes it...), since the corpus holds only a few files of each.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REAL = REPO.parent / "shared" / "corpus" / "real"
BUILT = REPO / "tests" / "data"


@dataclass(frozen=True)
class Source:
    """One format: Zotero's translator for it, its suffix, and where its files are."""

    translator: str
    suffix: str
    real: tuple[str, ...]
    built: tuple[str, ...] = ()


SOURCES: dict[str, Source] = {
    "bibtex": Source("bibtex", ".bib", ("*/*.bib",)),
    "ris": Source("ris", ".ris", ("ris/*.ris",)),
    "medline": Source("medline", ".nbib", ("nbib/*.nbib",), ("medline/*.nbib",)),
    "pubmed-xml": Source("pubmedxml", ".xml", ("pubmed-xml/*.xml",), ("pubmed_xml/*.xml",)),
    "csl-json": Source("csljson", ".json", ("csl/*.json",), ("csl_json/*.json",)),
    "endnote-xml": Source("endnotexml", ".xml", ("endnote/*.xml",), ("endnote/*.xml",)),
    "endnote": Source("refer", ".enw", ("endnote/*.enw", "endnote/*.ref"), ("endnote/*.enw",)),
}

#: Format → Zotero's import translator for it.
TRANSLATOR: dict[str, str] = {name: source.translator for name, source in SOURCES.items()}
#: Format → the suffix of a file of it.
SUFFIX: dict[str, str] = {name: source.suffix for name, source in SOURCES.items()}
#: The formats that are only read (converted to BibTeX and RIS), not written and read back.
READ_ONLY_SOURCES: tuple[str, ...] = ("medline", "pubmed-xml", "csl-json", "endnote-xml", "endnote")


def source_files(fmt: str, *, built: bool = True) -> list[Path]:
    """The files of ``fmt`` measured: real ones, then (unless ``built`` is False) built ones."""
    source = SOURCES[fmt]
    paths = [path for pattern in source.real for path in sorted(REAL.glob(pattern))]
    if built:
        paths += [path for pattern in source.built for path in sorted(BUILT.glob(pattern))]
    return paths
