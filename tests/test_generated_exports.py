"""The benchmark's generated records (benchmarks/generate.py) look like real exports (issue
19: Web of Science ';' keyword lists with commas, LaTeX math in abstracts, PubMed-style
authors, DOI URLs, ``and others``, type names) and refbridge reads them as the canonical
JSON says, field by field."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import refbridge
from refbridge.serialize import record_to_dict
from refbridge.session import Session

COUNT = 200
FIELDS = (
    "title",
    "authors",
    "abstract",
    "doi",
    "url",
    "issued",
    "container_title",
    "keywords",
    "pmid",
    "issn",
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, generate_records: Callable[..., None]) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    generate_records(folder, COUNT, "bibtex", "ris", "json")
    return folder


def _comparable(name: str, value: Any) -> Any:
    if name == "keywords":
        return [(k["term"], k.get("qualifier"), bool(k.get("major"))) for k in value or []]
    if name == "authors":
        return [{k: v for k, v in a.items() if v} for a in value or []]
    return value


def differences(path: Path, canonical: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Field → keys of the records whose value differs from the canonical one."""
    records = list(refbridge.read(path, session=Session()))
    assert len(records) == len(canonical)
    found: dict[str, list[str]] = {}
    for expected, record in zip(canonical, records, strict=True):
        got = record_to_dict(record)
        for name in FIELDS:
            if _comparable(name, expected.get(name)) != _comparable(name, got.get(name)):
                found.setdefault(name, []).append(expected["key"])
    return found


def test_the_generated_files_hold_real_export_shapes(generated: Path) -> None:
    bib = (generated / f"gen-{COUNT}.bib").read_text(encoding="utf-8")
    ris = (generated / f"gen-{COUNT}.ris").read_text(encoding="utf-8")
    assert "journal-iso = " in bib and "fjournal = " in bib and "month = {" in bib
    assert " and others" in bib and "doi = {https://doi.org/" in bib
    assert "$\\beta$" in bib or "{$\\Sigma$}" in bib
    assert any(";" in line and "," in line for line in bib.splitlines() if line.startswith("  keywords"))
    assert "TY  - Journal Article" in ris and "DO  - https://doi.org/" in ris
    assert any(line.startswith("AU  - ") and "," not in line for line in ris.splitlines())


def test_bib_reads_as_the_canonical_records(generated: Path) -> None:
    canonical = json.loads((generated / f"gen-{COUNT}.json").read_text(encoding="utf-8"))
    assert differences(generated / f"gen-{COUNT}.bib", canonical) == {}


def test_ris_reads_as_the_canonical_records_but_for_et_al(generated: Path) -> None:
    """RIS has no et-al marker (refbridge and Zotero's exports write none)."""
    canonical = json.loads((generated / f"gen-{COUNT}.json").read_text(encoding="utf-8"))
    for record in canonical:
        record["authors"] = [a for a in record["authors"] if a != {"literal": "others"}]
    assert differences(generated / f"gen-{COUNT}.ris", canonical) == {}
