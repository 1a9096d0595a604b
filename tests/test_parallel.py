"""``--jobs``: worker processes give the same output, counts and diagnostics as one process.

Every comparison runs the same conversion twice — ``jobs=1`` and ``jobs=2`` with
tiny chunks, so that a file is cut at nearly every record — and compares the output
bytes, the record counts and the diagnostics.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from refbridge._internal import jobs as processes
from refbridge._internal.pipeline import Counts, run_conversion
from refbridge.hookspecs import hookimpl
from refbridge.model import Record
from refbridge.registry import Registry, Transform
from refbridge.session import Session

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"

pytestmark = pytest.mark.skipif(not processes.available(), reason="no fork on this platform")

Outcome = tuple[bytes, list[str], tuple[int, int, int], tuple[int, int, int]]


def _convert(  # noqa: PLR0917
    make_session: Callable[..., Session],
    tmp_path: Path,
    sources: list[Path],
    to: str,
    jobs: int,
    chunk_chars: int = 1 << 20,
    **session_options: Any,
) -> Outcome:
    session = make_session(**session_options)
    out = tmp_path / f"out-{jobs}-{chunk_chars}.{to}"
    counts: Counts = run_conversion(
        session, [str(p) for p in sources], str(out), to_format=to, jobs=jobs, chunk_chars=chunk_chars
    )
    sink = session.sink
    kept = list(sink)
    if sum(d.severity == "info" for d in kept) < sink.count("info"):
        # Only the first 1,000 remarks are kept; which ones depends on the order they came in.
        kept = [d for d in kept if d.severity != "info"]
    return (
        out.read_bytes(),
        sorted(str(d).replace(str(out), "OUT") for d in kept),
        (counts.read, counts.dropped, counts.written),
        (sink.count("error"), sink.count("warning"), sink.count("info")),
    )


def _same(
    make_session: Callable[..., Session],
    tmp_path: Path,
    sources: list[Path],
    to: str,
    chunk_chars: int,
    **session_options: Any,
) -> Outcome:
    serial = _convert(make_session, tmp_path, sources, to, 1, **session_options)
    shared = _convert(make_session, tmp_path, sources, to, 2, chunk_chars, **session_options)
    assert shared[0] == serial[0]
    assert shared[1] == serial[1]
    assert shared[2] == serial[2]
    assert shared[3] == serial[3]
    return serial


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, generate_records: Callable[..., None]) -> Path:
    """400 benchmark records (benchmarks/generate.py, deterministic) as .bib, .ris, .wprim, .json."""
    folder = tmp_path_factory.mktemp("generated")
    generate_records(folder, 400)
    return folder


@pytest.mark.parametrize(
    ("source", "to"),
    [
        ("bib", "ris"),
        ("bib", "json"),
        ("bib", "bibtex"),
        ("bib", "jats"),
        ("ris", "bibtex"),
        ("ris", "json"),
        ("ris", "jats"),
    ],
)
def test_generated_records_convert_identically(
    make_session: Callable[..., Session], tmp_path: Path, generated: Path, source: str, to: str
) -> None:
    out, _diagnostics, counts, _severities = _same(
        make_session, tmp_path, [generated / f"gen-400.{source}"], to, chunk_chars=20_000
    )
    assert counts == (400, 0, 400)
    assert len(out) > 400 * 500


def _corpus(shared_dir: Path, kind: str) -> list[Path]:
    files = sorted((shared_dir / "corpus" / "real" / kind).glob(f"*.{kind}"))
    files += sorted((REPO / "tests" / "data" / ("bibtex" if kind == "bib" else kind)).glob(f"*.{kind}"))
    assert files
    return files


@pytest.mark.parametrize("kind", ["bib", "ris"])
def test_real_files_convert_identically_when_cut_at_every_record(
    make_session: Callable[..., Session], tmp_path: Path, shared_dir: Path, kind: str
) -> None:
    for path in _corpus(shared_dir, kind):
        for to in ("json", "bibtex" if kind == "bib" else "ris", "jats"):
            _same(make_session, tmp_path, [path], to, chunk_chars=1)


BIB_WITH_STATE = """\
% a comment before everything
@string{jn = "Journal of Tests"}

@article{a1, author = {Doe, Jane}, title = {One}, journal = jn, year = 2020}
Free text between entries, which the reader keeps with the next entry.
@comment{jabref-meta: a comment entry}
@article{a2, title = {Two}, journal = jn, year = 2021}
@string{pub = "Pub House"}
@book{b1, title = {Three}, publisher = pub, year = 2019}
@article{A1, title = {Same key, other case}, year = 2022}
@article{a3, title = {Four {unbalanced}, year = 2023}
@article{a4, title = {Five}, journal = jn # { Letters}, year = 2024}
Text after the last entry.
"""


def _dropper(keys: set[str]) -> object:
    """A plugin with a transform that drops the records with the given keys."""

    class Plugin:
        @hookimpl
        def refbridge_register_transforms(self, registry: Registry[Transform]) -> None:
            def factory(_context: object) -> Callable[[Record], Record | None]:
                return lambda record: None if record.key in keys else record

            registry.add(Transform("drop-some", "drops records by key (test)", factory, order=50))

    return Plugin()


@pytest.mark.parametrize("chunk_chars", [1, 60, 200])
@pytest.mark.parametrize("drop", [set(), {"a1"}, {"a2"}, {"a4"}, {"a1", "a2", "b1", "A1", "a3", "a4"}])
def test_bib_state_across_cuts(
    make_session: Callable[..., Session], tmp_path: Path, chunk_chars: int, drop: set[str]
) -> None:
    """Macros, duplicate keys and the text between entries survive every cut, also
    when a transform drops the records the text belongs to."""
    source = tmp_path / "state.bib"
    source.write_text(BIB_WITH_STATE, encoding="utf-8")
    plugins = [("dropper", _dropper(drop))]
    for to in ("json", "bibtex"):
        out, diagnostics, counts, _ = _same(
            make_session, tmp_path, [source], to, chunk_chars, extra_plugins=plugins
        )
        assert counts == (6, len(drop), 6 - len(drop))
    assert any("[RB203]" in line and "'A1'" in line for line in diagnostics)
    if not drop:
        assert b"Journal of Tests Letters" in out
        assert b"Pub House" in out


def test_bib_state_values_in_parallel(make_session: Callable[..., Session], tmp_path: Path) -> None:
    """The values the serial reader gives, checked directly on the parallel output."""
    import json

    source = tmp_path / "state.bib"
    source.write_text(BIB_WITH_STATE, encoding="utf-8")
    out, diagnostics, _, _ = _convert(make_session, tmp_path, [source], "json", 2, chunk_chars=1)
    records = json.loads(out)
    assert [r["key"] for r in records] == ["a1", "a2", "b1", "A1", "a3", "a4"]
    assert records[1]["extra"]["bibtex-text-before"] == (
        "Free text between entries, which the reader keeps with the next entry.\n"
        "@comment{jabref-meta: a comment entry}"
    )
    assert records[1]["container_title"] == "Journal of Tests"
    assert records[2]["publisher"] == "Pub House"
    assert records[5]["container_title"] == "Journal of Tests Letters"
    assert records[5]["extra"]["bibtex-text-after"] == "Text after the last entry."
    assert f"{source}:10: warning: duplicate cite key 'A1' (first at line 4); both entries kept [RB203]" in (
        diagnostics
    )


RIS_WITH_UNKNOWN_TAGS = "".join(
    f"TY  - JOUR\nTI  - Title {n}\nZZ  - unknown tag value {n}\nQQ  - other {n}\nER  - \n\n"
    for n in range(12)
)


def test_ris_once_per_input_remarks_stay_once(make_session: Callable[..., Session], tmp_path: Path) -> None:
    source = tmp_path / "tags.ris"
    source.write_text(RIS_WITH_UNKNOWN_TAGS, encoding="utf-8")
    _out, diagnostics, counts, _ = _same(make_session, tmp_path, [source], "json", chunk_chars=1)
    assert counts == (12, 0, 12)
    assert [line for line in diagnostics if "[RB308]" in line] == [
        f"{source}:3: info: tag ZZ is not a RIS tag; kept in extra [RB308]",
        f"{source}:4: info: tag QQ is not a RIS tag; kept in extra [RB308]",
    ]


def test_ris_mixed_encodings_repaired_in_workers(
    make_session: Callable[..., Session], tmp_path: Path
) -> None:
    """A UTF-8 file with cp1252 bytes appended (old EndNote export): repaired alike."""
    source = tmp_path / "mixed.ris"
    # Enough UTF-8 first that the encoding detection (on the file's head) sees only UTF-8.
    good = "".join(f"TY  - JOUR\nTI  - Caf\u00e9 {n}\nER  - \n" for n in range(4000)).encode("utf-8")
    old = "".join(f"TY  - JOUR\nTI  - Na\u00efve {n}\nER  - \n" for n in range(6)).encode("cp1252")
    source.write_bytes(good + old)
    out, diagnostics, counts, _ = _same(make_session, tmp_path, [source], "json", chunk_chars=5_000)
    assert counts == (4006, 0, 4006)
    assert "Na\u00efve 5" in out.decode("utf-8")
    assert sum("[RB311]" in line for line in diagnostics) == 6


def test_wprim_text_cut_at_every_certain_record_start(
    make_session: Callable[..., Session], tmp_path: Path, generated: Path, wprim_sample: Path
) -> None:
    files = [wprim_sample, REPO / "tests" / "data" / "wprim" / "variants.txt", generated / "gen-400.wprim"]
    for path in files:
        for chunk_chars in (1, 3_000):
            _same(make_session, tmp_path, [path], "json", chunk_chars, options={"wprim": {}})
    _out, _, counts, _ = _same(make_session, tmp_path, [generated / "gen-400.wprim"], "ris", 1)
    assert counts == (400, 0, 400)


def test_several_inputs_of_every_kind(
    make_session: Callable[..., Session], tmp_path: Path, generated: Path, wprim_sample: Path
) -> None:
    """Chunked inputs, whole files handed to workers (json) and their order."""
    sources = [wprim_sample, generated / "gen-400.ris", generated / "gen-400.json", generated / "gen-400.bib"]
    _out, _, counts, _ = _same(make_session, tmp_path, sources, "json", chunk_chars=50_000)
    assert counts == (1203, 0, 1203)
    # BibTeX output: the workers render entries, the main process makes the keys unique.
    out, diagnostics, counts, _ = _same(make_session, tmp_path, sources, "bibtex", chunk_chars=50_000)
    assert counts == (1203, 0, 1203)
    assert out.count(b"\n@") + 1 == 1203
    # gen-400.ris, .json and .bib hold the same records: their keys are made unique across files.
    assert sum("[RB221]" in line for line in diagnostics) >= 400


def test_undecodable_byte_stops_the_input_and_keeps_the_previous_output(
    make_session: Callable[..., Session], tmp_path: Path
) -> None:
    source = tmp_path / "bad.bib"
    entries = "".join(f"@article{{k{n}, title = {{Title {n}}}, year = 2020}}\n" for n in range(3000))
    source.write_bytes(entries.encode("ascii") + b"@article{bad, title = {\xff\xfe}}\n")
    out = tmp_path / "out.json"
    out.write_text("[]\n", encoding="utf-8")
    session = make_session()
    counts = run_conversion(session, [str(source)], str(out), to_format="json", jobs=2, chunk_chars=2_000)
    assert [str(d) for d in session.sink] == [
        f"{source}:3001: error: cannot decode byte 0xff as utf-8 (invalid start byte); records before it "
        "were read; give the right encoding with --encoding [RB021]"
    ]
    # Decoding stops at the block that holds the bad byte; the records before it were read, but
    # an output without the rest of the input must not replace the previous one.
    assert 2500 <= counts.read < 3000
    assert (counts.written, counts.failed_inputs) == (0, [str(source)])
    assert counts.not_written == f"{source} could not be read"
    assert out.read_text(encoding="utf-8") == "[]\n"


def test_cli_jobs_option(cli_runner: Any, tmp_path: Path) -> None:
    from refbridge.cli import cli

    out = tmp_path / "out.ris"
    result = cli_runner.invoke(
        cli, ["convert", str(SAMPLES / "wprim-search-results.txt"), "-o", str(out), "-j", "2"]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count("ER  - ") == 3
    for bad in ("0", "-1", "many"):
        result = cli_runner.invoke(cli, ["convert", "x.ris", "-o", str(out), "--jobs", bad])
        assert result.exit_code == 2
        assert "expected a positive number or 'auto'" in result.output


def test_auto_jobs_uses_workers_only_for_large_inputs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(processes, "cpu_count", lambda: 4)
    assert processes.resolve_jobs(0, processes.AUTO_MIN_BYTES - 1) == 1
    assert processes.resolve_jobs(0, processes.AUTO_MIN_BYTES) == 4
    assert processes.resolve_jobs(None, 10 * processes.AUTO_MIN_BYTES) == 4
    assert processes.resolve_jobs(3, 0) == 3


def _records_of(count: int) -> Iterator[Record]:
    for n in range(count):
        yield Record(title=f"Title {n}", key=f"k{n}")


def test_records_in_hand_stay_in_the_main_process(
    make_session: Callable[..., Session], tmp_path: Path
) -> None:
    session = make_session()
    out = tmp_path / "out.json"
    counts = run_conversion(session, [_records_of(50)], str(out), to_format="json", jobs=2)
    assert (counts.read, counts.written) == (50, 50)


def test_writer_failure_stops_the_workers_and_leaves_no_output(
    make_session: Callable[..., Session], tmp_path: Path, generated: Path
) -> None:
    """An output error part-way (disk full, say): the error comes out, the workers are
    stopped, nothing is left at the output path."""
    from refbridge.errors import OutputError
    from refbridge.registry import Format

    class Plugin:
        @hookimpl
        def refbridge_register_formats(self, registry: Registry[Format]) -> None:
            def write(records: Any, stream: Any, _context: Any) -> None:
                for number, _record in enumerate(records):
                    if number == 50:
                        raise OutputError("disk full (test)")

            registry.add(Format("failing", "fails after 50 records (test)", (".fail",), write=write))

    session = make_session(extra_plugins=[("failing", Plugin())])
    out = tmp_path / "out.fail"
    with pytest.raises(OutputError, match="disk full"):
        run_conversion(session, [str(generated / "gen-400.bib")], str(out), jobs=2, chunk_chars=2_000)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
