"""The csl-json writer: schema-valid, deterministic, lossless round trips through the model,
and the Zotero profile's differences."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import refbridge
from refbridge.model import Keyword, PartialDate, Person, Record
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data" / "csl_json"
SHARED = Path(__file__).resolve().parents[3] / "shared"
SCHEMA = json.loads((SHARED / "schemas" / "csl" / "csl-data.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
CSL_CORPUS = sorted((SHARED / "corpus" / "real" / "csl").glob("*.json"))
BIB_CORPUS = sorted((SHARED / "corpus" / "real").glob("*/*.bib"))
RIS_CORPUS = sorted((SHARED / "corpus" / "real").glob("*/*.ris"))
TAG = re.compile(r"</?(?:i|b|sup|sub|span)(?: [^>]*)?>")


def write(records: list[Record], profile: str = "standard", session: Session | None = None) -> str:
    session = session or Session(options={"csl-json": {"profile": profile}})
    out = io.StringIO()
    refbridge.write(records, out, "csl-json", session=session)
    return out.getvalue()


def read(text: str, fmt: str = "csl-json") -> list[Record]:
    return list(refbridge.read(io.StringIO(text), fmt, session=Session()))


def valid(text: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(text)
    errors = [f"{list(e.path)}: {e.message}" for e in VALIDATOR.iter_errors(data)]
    assert errors == []
    return data


def test_every_variable_round_trips_byte_for_byte() -> None:
    text = (DATA / "every-variable.csl.json").read_text(encoding="utf-8")
    records = read(text)
    assert write(records) == text
    assert read(write(records)) == records
    valid(text)


def _expected_after_round_trip(item: dict[str, Any]) -> dict[str, Any]:
    """What the model keeps of a real item: numbers for date parts, plain text, and the
    variables CSL 1.0.2 lacks (``license``, ``part-number``) as ``note`` lines."""
    known = set(SCHEMA["items"]["properties"])
    result: dict[str, Any] = {}
    lines = []
    for key, value in item.items():
        if key not in known:
            lines.append(f"{key}: {value}")
        elif isinstance(value, dict) and "date-parts" in value:
            result[key] = {"date-parts": [[int(p) for p in part] for part in value["date-parts"]]}
        elif isinstance(value, str):
            result[key] = TAG.sub("", value)
        else:
            result[key] = value
    if lines:
        result["note"] = "\n".join(sorted(lines))
    return result


@pytest.mark.parametrize("path", CSL_CORPUS, ids=lambda p: p.name)
def test_real_exports_round_trip_through_the_model(path: Path) -> None:
    items = json.loads(path.read_text(encoding="utf-8"))
    written = valid(write(list(refbridge.read(path, "csl-json", session=Session()))))
    assert written == [_expected_after_round_trip(item) for item in items]


def _same_records(before: list[Record], after: list[Record]) -> None:
    """Every field equal; a record without a key gets the id made for it as its key."""
    assert len(before) == len(after)
    for old, new in zip(before, after, strict=True):
        assert new.key == old.key if old.key else new.key
        for name in old.__dataclass_fields__:
            if name not in ("key", "source"):
                assert getattr(old, name) == getattr(new, name), (old.label, name)


@pytest.mark.parametrize("path", BIB_CORPUS, ids=lambda p: p.name)
def test_bibtex_to_csl_json_to_bibtex_keeps_every_field(path: Path) -> None:
    records = list(refbridge.read(path, "bibtex", session=Session()))
    text = write(records)
    valid(text)
    again = read(text)
    _same_records(records, again)
    keyed = [r for r in records if r.key]
    assert [r.key for r in again if r.key in {k.key for k in keyed}] == [r.key for r in keyed]


@pytest.mark.parametrize("path", RIS_CORPUS, ids=lambda p: p.name)
def test_ris_to_csl_json_to_ris_keeps_every_field(path: Path) -> None:
    records = list(refbridge.read(path, "ris", session=Session()))
    text = write(records)
    valid(text)
    _same_records(records, read(text))


def test_cli_conversion_of_a_bib_is_schema_valid(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from refbridge.cli import cli

    source = SHARED / "corpus" / "real" / "bib" / "jabref-complex.bib"
    target = tmp_path / "refs.json"
    result = CliRunner().invoke(cli, ["convert", str(source), "-o", str(target), "-t", "csl-json", "-q"])
    assert result.exit_code == 0, result.output
    data = valid(target.read_text(encoding="utf-8"))
    assert len(data) == 20 and data[0]["id"] == "deBraga2001"


def test_ids_note_lines_and_custom() -> None:
    session = Session()
    records = [
        Record(key="a b", title="Spaces in the key", extra={"howpublished": "Online", "tex.x": "1"}),
        Record(key="a b", title="Same key again", elocation="e0247812"),
        Record(key="c", pages="5-9", elocation="e12", unstructured="Doe J.\nA title. 2001."),
        Record(
            authors=[Person("Doe", "Jane"), Person(literal="others")],
            issued=PartialDate(2020),
            extra={"multi": "line one\nline two"},
            notes=["First note.", "Second note."],
            keywords=[Keyword("COVID-19", "therapy", True, "MeSH")],
        ),
    ]
    data = valid(write(records, session=session))
    assert [d["id"] for d in data] == ["a_b", "a_ba", "c", "doe2020"]
    assert data[0]["note"] == "howpublished: Online\ntex.x: 1"
    assert (data[1]["page"], data[1]["note"]) == ("e0247812", "elocation: e0247812")
    assert (data[2]["page"], data[2]["note"]) == ("5-9", "elocation: e12")
    assert data[2]["custom"] == {"refbridge": {"fields": {"unstructured": "Doe J.\nA title. 2001."}}}
    data.pop(2)
    assert data[2]["author"] == [{"family": "Doe", "given": "Jane"}]
    assert data[2]["note"] == "et-al: author\nFirst note.\nSecond note."
    assert data[2]["keyword"] == "COVID-19/therapy*"
    assert data[2]["custom"] == {
        "refbridge": {
            "keywords": [{"term": "COVID-19", "qualifier": "therapy", "major": True, "vocabulary": "MeSH"}],
            "extra": {"multi": "line one\nline two"},
            "notes": ["First note.", "Second note."],
        }
    }
    assert [d.code for d in session.sink] == ["RB961", "RB960"]
    back = read(write(records))
    # the second "a b" keeps the id it was written with, which differs from its cite key
    assert back[:3] == [records[0], replace(records[1], extra={"id": "a_ba"}), records[2]]
    assert back[0].extra == records[0].extra and back[0].key == "a b"
    back.pop(2)
    records.pop(2)
    assert back[2].authors == records[2].authors and back[2].notes == records[2].notes
    assert back[2].keywords == records[2].keywords and back[2].extra == records[2].extra


def test_output_is_deterministic() -> None:
    records = read((DATA / "zotero-wild.json").read_text(encoding="utf-8"))
    first = write(records)
    assert first == write(records)
    # the item without an id gets one, read back as its key: from there on a fixed point
    second = write(read(first))
    assert second == write(read(second))
    assert second.replace('    "citation-key": "item2018",\n', "") == first
    data = valid(first)
    assert all(list(item)[:2] == ["id", "type"] for item in data)
    assert all(list(item)[2:] == sorted(list(item)[2:]) for item in data)


def test_zotero_profile() -> None:
    records = read((DATA / "every-variable.csl.json").read_text(encoding="utf-8"))
    records += read((DATA / "zotero-wild.json").read_text(encoding="utf-8"))
    session = Session(options={"csl-json": {"profile": "zotero"}})
    data = valid(write(records, session=session))
    book = data[0]
    assert book["author"][:5] == [
        {"family": "van Gogh", "given": "Vincent"},
        {"family": "Beethoven", "given": "Ludwig van"},
        {"family": "la Fontaine", "given": "Jean de"},
        {"family": "King", "given": "Martin Luther, Jr."},
        {"family": "Mao", "given": "Zedong"},
    ]
    assert book["journalAbbreviation"] == "Van Gogh Mus. J." and "container-title-short" not in book
    assert book["issued"] == {"raw": "1888-03/1890-07-29"}
    assert "original-date" not in book and "original-date: 1888" in book["note"]
    assert data[1]["issued"] == {"raw": "Summer 2020"}
    assert data[4]["author"][0] == {"literal": "RECOVERY Collaborative Group"}
    assert [(d["id"], d["type"]) for d in data if d["id"] == "caesar-gallic"] == [("caesar-gallic", "book")]
    assert [d.code for d in session.sink if d.code == "RB962"] == ["RB962"]


# -- properties on arbitrary items ---------------------------------------------------------

_VARIABLES = [*sorted(SCHEMA["items"]["properties"]), "license", "part-number", "x"]
_scalars = st.one_of(st.none(), st.booleans(), st.integers(-3000, 3000), st.text(max_size=12))
_json = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
_names = st.lists(
    st.dictionaries(
        st.sampled_from(["family", "given", "literal", "non-dropping-particle", "dropping-particle",
                         "suffix", "comma-suffix", "static-ordering"]),
        st.one_of(st.text(max_size=8), st.booleans()),
    ),
    max_size=3,
)  # fmt: skip
_dates = st.fixed_dictionaries(
    {},
    optional={
        "date-parts": st.lists(st.lists(st.one_of(st.integers(-500, 2500), st.text("0123456789", max_size=4)),
                                        min_size=1, max_size=3), min_size=1, max_size=2),
        "season": st.integers(0, 5),
        "circa": st.booleans(),
        "literal": st.text(max_size=10),
        "raw": st.text("0123456789-/ MarchSpring", max_size=14),
    },
)  # fmt: skip


@st.composite
def _items(draw: st.DrawFn) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": draw(st.text(min_size=1, max_size=6)),
        "type": draw(st.sampled_from(["book", "article-journal", "review", "x"])),
    }
    for variable in draw(st.lists(st.sampled_from(_VARIABLES), max_size=8, unique=True)):
        if variable in ("author", "editor", "translator"):
            item[variable] = draw(_names)
        elif variable in ("issued", "accessed", "original-date", "submitted"):
            item[variable] = draw(_dates)
        elif variable == "note":
            item[variable] = draw(st.text("abc: \nPMID12", max_size=30))
        else:
            item[variable] = draw(_json)
    return item


@given(items=st.lists(_items(), max_size=3), profile=st.sampled_from(["standard", "zotero"]))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_item_is_read_and_written_schema_valid(items: list[dict[str, Any]], profile: str) -> None:
    records = read(json.dumps(items))
    assert len(records) == len(items)
    text = write(records, profile)
    valid(text)
    if profile == "standard":  # a fixed point after one round (ids made, text normalised)
        once = read(text)
        assert read(write(once)) == once
