"""The BibTeX name fast path gives pybtex's answer, and takes the common shapes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pybtex.database import Person as PybtexPerson

from refbridge.formats.bibtex import names as bibtex_names
from refbridge.formats.bibtex.scan import MONTH_MACROS, Entry, read_items

NAMES = [
    "Oliveira, {\\c C}a{\\u g}la",
    "Oliveira, {\\c{C}}a{\\u{g}}la",
    "Doe, {Jean Paul}",
    "Doe, Jr, {\\'E}mile {de la} Rue",
    "Smith, {\\v r} {\\'\\i}",
    "de la Fontaine, Jean",
    "Lü, Jiří",
    "Jean de la Fontaine",
    "L{\\\"u}, Ji{\\v r}{\\'\\i}",
]
NEEDS_PYBTEX = ["{\\c C}a{\\u g}la Oliveira", "van {der Berg}, {A B}", "Doe, {A, B}", "Jean~de~Fontaine"]


def _pybtex(raw: str) -> object:
    parsed = PybtexPerson(raw)
    given = parsed.first_names + parsed.middle_names
    return bibtex_names._person(given, parsed.prelast_names, parsed.last_names, parsed.lineage_names)[0]


@pytest.mark.parametrize("raw", NAMES)
def test_fast_path_taken_and_equal_to_pybtex(raw: str) -> None:
    fast = bibtex_names._fast_parse(raw)
    assert fast is not None
    assert fast == _pybtex(raw)


@pytest.mark.parametrize("raw", NEEDS_PYBTEX)
def test_shapes_left_to_pybtex(raw: str) -> None:
    assert bibtex_names._fast_parse(raw) is None
    assert bibtex_names.parse_name(raw)[0] == _pybtex(raw)


def test_every_name_of_the_real_and_test_files(shared_dir: Path) -> None:
    files = sorted((shared_dir / "corpus" / "real").glob("*/*.bib"))
    files += sorted(Path(__file__).parents[1].joinpath("data", "bibtex").glob("*.bib"))
    fast = 0
    for path in files:
        with path.open(encoding="utf-8", errors="replace") as stream:
            for item in read_items(stream, dict(MONTH_MACROS)):
                if not isinstance(item, Entry):
                    continue
                for name, value, _ in item.fields:
                    if name not in ("author", "editor"):
                        continue
                    for raw in bibtex_names.split_names(value):
                        found = bibtex_names._fast_parse(raw.strip())
                        if found is not None:
                            fast += 1
                            assert found == _pybtex(raw.strip()), raw
    assert fast > 100
