"""The pipeline through the Python API: json round trip, streaming memory, atomic output."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

import refbridge
from refbridge import Keyword, PartialDate, Person, Record, Transform, hookimpl
from refbridge.errors import StrictModeError, UsageError
from refbridge.model import AbstractSection
from refbridge.registry import Registry
from refbridge.session import Session

FULL_RECORD = Record(
    type="article-journal",
    key="wang2025safety",
    title="Safety and efficacy of UC-MSCs in COVID-19 patients",
    authors=[Person("Wang", "Siyu"), Person("Berg", "Jan", "van der", "Jr."), Person(literal="WHO")],
    editors=[Person("Lü", "Sa")],
    container_title="Chinese Medical Journal",
    container_title_short="Chin. Med. J.",
    volume="138",
    issue="22",
    pages="2984-2992",
    elocation="e0247812",
    issued=PartialDate(2025, 11, 20),
    doi="10.1097/CM9.0000000000003000",
    issn=["0366-6999", "2542-5641"],
    isbn="978-3-16-148410-0",
    pmid="41000000",
    pmcid="PMC1234567",
    url="https://example.org/a",
    publisher="Wolters Kluwer",
    place="Beijing",
    language="en",
    abstract="Background: Why.\nMethods: How.",
    abstract_sections=[AbstractSection("Background", "Why."), AbstractSection("Methods", "How.")],
    keywords=[
        Keyword("COVID-19", "therapy", True, "MeSH"),
        Keyword("Humans", vocabulary="MeSH"),
        Keyword("stem cells"),
    ],
    notes=["first note", "second\nnote"],
    extra={"custom-field": "value", "list-field": ["a", "b"]},
)


def test_json_round_trip_keeps_every_field(tmp_path: Path, session: Session) -> None:
    first = tmp_path / "a.json"
    refbridge.write([FULL_RECORD], first, "json", session=session)
    second = tmp_path / "b.json"
    refbridge.convert(first, second, session=session)
    records = list(refbridge.read(second, session=session))
    assert records == [FULL_RECORD]
    assert records[0].extra == {"custom-field": "value", "list-field": ["a", "b"]}
    data = json.loads(second.read_text(encoding="utf-8"))
    assert data[0]["authors"][1] == {"family": "Berg", "given": "Jan", "particle": "van der", "suffix": "Jr."}
    assert data[0]["source"] == {"file": str(first), "line": 2}


def test_read_stream_and_write_stream(session: Session) -> None:
    out = io.StringIO()
    refbridge.write([FULL_RECORD], out, "json", session=session)
    back = list(refbridge.read(io.StringIO(out.getvalue()), "json", session=session))
    assert back == [FULL_RECORD]


def test_json_reader_reports_bad_record_and_keeps_the_rest(session: Session) -> None:
    text = '[\n{"title": "good"},\n{"title": 5},\n{"title": "also good", "mystery": 1}\n]'
    records = list(refbridge.read(io.StringIO(text), "json", session=session))
    assert [r.title for r in records] == ["good", "also good"]
    assert records[1].extra == {"mystery": 1}
    assert [(d.code, d.line) for d in session.sink] == [("RB031", 3), ("RB032", 4)]


def test_invalid_json_is_a_parse_error_with_line(tmp_path: Path, session: Session) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[\n{"title": "x",\n]\n', encoding="utf-8")
    counts = refbridge.convert(bad, tmp_path / "out.json", session=session)
    assert counts.read == 0
    [diagnostic] = list(session.sink)
    assert (diagnostic.code, diagnostic.file, diagnostic.line) == ("RB030", str(bad), 3)


def test_generator_source_and_transform_order(tmp_path: Path, make_session: Callable[..., Session]) -> None:
    calls: list[str] = []

    def factory(name: str) -> Callable[..., Callable[[Record], Record | None]]:
        def make(context: refbridge.Context) -> Callable[[Record], Record | None]:
            def step(record: Record) -> Record | None:
                calls.append(name)
                if record.title == "drop me":
                    context.warning("dropped on purpose", code="RB000", record=record)
                    return None
                return record

            return step

        return make

    class InTestPlugin:
        @hookimpl
        def refbridge_register_transforms(self, registry: Registry[Transform]) -> None:
            registry.add(Transform("late", "runs second", factory("late"), order=300))
            registry.add(Transform("early", "runs first", factory("early"), order=100))
            registry.add(Transform("off", "off by default", factory("off"), enabled_by_default=False))

    session = make_session(
        extra_plugins=[("in-test", InTestPlugin())], disable=["pages", "keywords", "journal-abbreviation"]
    )
    names = [t.name for t in session.active_transforms()]
    assert names.index("early") < names.index("late")
    assert "off" not in names
    records = (Record(title=t) for t in ["keep", "drop me", "keep too"])
    counts = refbridge.convert(records, tmp_path / "out.json", to_format="json", session=session)
    assert (counts.read, counts.dropped, counts.written) == (3, 1, 2)
    # "drop me" is dropped by "early", so "late" never sees it.
    assert [c for c in calls if c in {"early", "late"}] == ["early", "late", "early", "early", "late"]
    assert session.sink.codes() == ["RB000"]


def test_strict_mode_leaves_existing_output_untouched(
    tmp_path: Path, make_session: Callable[..., Session]
) -> None:
    src = tmp_path / "in.json"
    src.write_text('[{"title": "a"}, {"title": 5}, {"title": "c"}]', encoding="utf-8")
    out = tmp_path / "out.json"
    out.write_text("previous content\n", encoding="utf-8")
    session = make_session(strict=True)
    with pytest.raises(StrictModeError):
        refbridge.convert(src, out, session=session)
    assert out.read_text(encoding="utf-8") == "previous content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json", "out.json"]


def test_unknown_format_lists_the_known_ones(tmp_path: Path, session: Session) -> None:
    src = tmp_path / "in.json"
    src.write_text("[]", encoding="utf-8")
    with pytest.raises(UsageError, match=r"unknown format 'refworks'; known formats: .*json"):
        refbridge.convert(src, tmp_path / "x.out", to_format="refworks", session=session)
    assert not (tmp_path / "x.out").exists()


def test_format_sniffed_when_extension_says_nothing(tmp_path: Path, session: Session) -> None:
    src = tmp_path / "export.dat"
    refbridge.write([Record(title="sniffed")], src, "json", session=session)
    assert [r.title for r in refbridge.read(src, session=session)] == ["sniffed"]


MEMORY_SCRIPT = textwrap.dedent(
    """
    import resource, sys
    import refbridge
    from refbridge import Keyword, PartialDate, Person, Record

    def generate(n):
        for i in range(n):
            yield Record(
                key=f"k{i}", title=f"Record {i} on stem cells in COVID-19",
                authors=[Person("Wang", "Siyu"), Person("Lü", "Sa")],
                container_title="Chinese Medical Journal", volume="138", issue="22", pages="2984-2992",
                issued=PartialDate(2025), abstract="word " * 200,
                keywords=[Keyword("COVID-19", "therapy", True, "MeSH")],
            )

    n = int(sys.argv[1])
    counts = refbridge.convert(generate(n), sys.argv[2], to_format="json")
    assert counts.written == n, counts
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    """
)


def test_memory_does_not_grow_with_record_count(tmp_path: Path) -> None:
    script = tmp_path / "mem.py"
    script.write_text(MEMORY_SCRIPT, encoding="utf-8")
    peaks = {}
    for n in (10_000, 100_000):
        result = subprocess.run(
            [sys.executable, str(script), str(n), str(tmp_path / f"out{n}.json")],
            capture_output=True,
            text=True,
            check=True,
            cwd=tmp_path,
        )
        peaks[n] = int(result.stdout.strip().splitlines()[-1]) / 1024  # ru_maxrss is in KiB on Linux
    print(f"peak RSS: 10,000 records {peaks[10_000]:.1f} MiB; 100,000 records {peaks[100_000]:.1f} MiB")
    assert peaks[100_000] - peaks[10_000] < 5, peaks
    assert (tmp_path / "out100000.json").stat().st_size > 100_000 * 1000


def test_the_write_call_reports_each_field_the_format_has_no_place_for() -> None:
    # The tagged EndNote format's default flavour writes for Zotero's Refer import, which has
    # no ISSN, ISBN (of an article), PMID or journal abbreviation tag: the library call must
    # say so, as `convert` does, instead of dropping them without a word.
    session = Session()
    out = io.StringIO()
    refbridge.write([FULL_RECORD], out, "endnote", session=session)
    assert "%J Chinese Medical Journal" in out.getvalue().splitlines()
    assert sorted((d.message, d.key, d.severity) for d in session.sink if d.code == "RB040") == [
        (f"{name} not written: endnote (flavour=zotero) has no place for it", "wang2025safety", "warning")
        for name in sorted(["abstract-sections", "container-title-short", "isbn", "issn", "pmid"])
    ]
    # The journal's EndNote term-list copy (full-title) is the %J line: nothing to report.
    assert not [d for d in session.sink if "full-title" in d.message]
    # A format that holds every field says nothing.
    json_session = Session()
    refbridge.write([FULL_RECORD], io.StringIO(), "json", session=json_session)
    assert list(json_session.sink) == []
