"""The engine: one transform loop for both runners, inputs below them, imports one way.

``tests/test_parallel.py`` compares the two runners' outputs on real files; this module
checks the pieces they share (``inputs``, ``transforms``), that both runners run the
transforms the same way, and that the engine's modules import one way only.
"""

from __future__ import annotations

import ast
import io
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from refbridge._internal import jobs as processes
from refbridge._internal.inputs import Counts, Input, RecordsInput, open_inputs, read_all
from refbridge._internal.pipeline import run_conversion
from refbridge._internal.transforms import apply_steps, apply_transforms, transformed
from refbridge.chunks import ChunkedWriting, Parallel
from refbridge.context import Context
from refbridge.errors import ParseError, UsageError
from refbridge.hookspecs import hookimpl
from refbridge.model import Record
from refbridge.registry import Registry, Transform
from refbridge.session import Session

ENGINE = Path(__file__).resolve().parents[1] / "refbridge" / "_internal"
needs_fork = pytest.mark.skipif(not processes.available(), reason="no fork on this platform")


def _records(count: int) -> Iterator[Record]:
    for n in range(count):
        yield Record(title=f"Title {n}", key=f"k{n}")


def _marking(mark: str) -> Callable[[Record], Record]:
    return lambda record: replace(record, title=f"{record.title}{mark}")


def _drop_odd(record: Record) -> Record | None:
    return None if int((record.key or "k0")[1:]) % 2 else record


def _steps(*steps: Callable[[Record], Record | None]) -> list[tuple[Transform, Any]]:
    """``Session.transform_steps``'s shape for plain step functions."""

    def entry(number: int, step: Callable[[Record], Record | None]) -> tuple[Transform, Any]:
        return Transform(f"t{number}", "test step", lambda _context: step), step

    return [entry(number, step) for number, step in enumerate(steps)]


# -- the transform loop ---------------------------------------------------------------


def test_transformed_runs_the_steps_in_order_and_stops_at_a_drop() -> None:
    seen: list[str] = []

    def after(record: Record) -> Record:
        seen.append(record.key or "")
        return record

    results = list(transformed(_steps(_marking("+a"), _drop_odd, _marking("+b"), after), _records(4)))
    assert [r.title if r else None for r in results] == ["Title 0+a+b", None, "Title 2+a+b", None]
    assert seen == ["k0", "k2"]  # the steps after a drop do not run


def test_transformed_without_steps_gives_the_records_as_they_are() -> None:
    records = list(_records(3))
    assert list(transformed([], records)) == records


def test_apply_steps_counts_records_read_and_dropped() -> None:
    counts = Counts()
    kept = list(apply_steps(_steps(_drop_odd), _records(5), counts))
    assert [r.key for r in kept] == ["k0", "k2", "k4"]
    assert (counts.read, counts.dropped, counts.written) == (5, 2, 0)


def test_apply_transforms_instantiates_the_steps_when_the_first_record_is_asked_for(
    make_session: Callable[..., Session],
) -> None:
    made: list[str] = []
    session = make_session(extra_plugins=[("counting", _CountingPlugin(made))])
    records = apply_transforms(session, _records(2), Counts())
    assert made == []  # nothing happens before the records are read
    assert [r.title for r in records] == ["Title 0!", "Title 1!"]
    assert made == ["factory"]


class _CountingPlugin:
    """A transform that adds "!" to titles and notes each time its factory is called."""

    def __init__(self, made: list[str]) -> None:
        self.made = made

    @hookimpl
    def refbridge_register_transforms(self, registry: Registry[Transform]) -> None:
        def factory(_context: Context) -> Callable[[Record], Record]:
            self.made.append("factory")
            return _marking("!")

        registry.add(Transform("counting", "adds ! (test)", factory, order=900))


# -- both runners run the same loop ---------------------------------------------------


@needs_fork
@pytest.mark.parametrize("jobs", [1, 2])
def test_each_runner_makes_the_steps_once_per_run(
    make_session: Callable[..., Session], tmp_path: Path, jobs: int
) -> None:
    """With --jobs, inputs read in the main process (records in hand, a format without
    chunked reading) go through the run's steps, not a second set: a factory's own
    remarks (a journal list's bad rows, say) come once, as with one process."""
    made: list[str] = []
    session = make_session(
        extra_plugins=[("counting", _CountingPlugin(made))],
        disable=["pages", "keywords", "journal-abbreviation"],
    )
    out = tmp_path / "out.json"
    counts = run_conversion(session, [_records(10), _records(5)], str(out), to_format="json", jobs=jobs)
    assert made == ["factory"]
    assert (counts.read, counts.written) == (15, 15)
    assert out.read_text(encoding="utf-8").count("!") == 15


@needs_fork
@pytest.mark.parametrize("to", ["json", "bibtex"])  # records to the writer, and pieces rendered
def test_serial_and_parallel_runners_drop_and_change_the_same_records(
    make_session: Callable[..., Session], tmp_path: Path, to: str
) -> None:
    source = tmp_path / "in.ris"
    source.write_text(
        "".join(f"TY  - JOUR\r\nTI  - Title {n}\r\nID  - k{n}\r\nER  - \r\n\r\n" for n in range(40)),
        encoding="utf-8",
    )

    class Dropping:
        @hookimpl
        def refbridge_register_transforms(self, registry: Registry[Transform]) -> None:
            registry.add(Transform("drop-odd", "drops odd titles (test)", lambda _c: _drop_odd_title, 900))

    outputs = []
    for jobs in (1, 2):
        session = make_session(extra_plugins=[("dropping", Dropping())])
        out = tmp_path / f"out-{jobs}.{to}"
        counts = run_conversion(session, [str(source)], str(out), to_format=to, jobs=jobs, chunk_chars=64)
        outputs.append((out.read_bytes(), counts.read, counts.dropped, counts.written))
    assert outputs[0] == outputs[1]
    assert outputs[0][1:] == (40, 20, 20)


def _drop_odd_title(record: Record) -> Record | None:
    return None if int((record.title or "0").split()[-1]) % 2 else record


# -- inputs ---------------------------------------------------------------------------


def test_read_text_reads_the_whole_text_through_the_guard(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text("@article{a, title={Été}}\n", encoding="utf-8")
    item = Input(session, path)
    assert item.read_text() == "@article{a, title={Été}}\n"
    assert item.opened.stream.closed


def test_read_text_reports_an_undecodable_byte_with_its_line(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes(b"@article{a,\n  title={ok},\n  note={\xff}\n}\n")
    item = Input(session, path, encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        item.read_text()
    assert (caught.value.code, caught.value.line) == ("RB021", 3)


def test_open_inputs_closes_what_it_opened_when_one_input_fails(session: Session, tmp_path: Path) -> None:
    first = tmp_path / "a.bib"
    first.write_text("@article{a, title={A}}\n", encoding="utf-8")
    opened: list[Input] = []
    original = Input.__init__

    def keep(self: Input, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        opened.append(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Input, "__init__", keep)
        with pytest.raises(UsageError):
            open_inputs(session, [str(first), str(first)], "no-such-format", None)
        assert opened == []  # the format is decided as the input opens
        with pytest.raises(UsageError):
            open_inputs(session, [str(first), str(tmp_path / "unknown.zzz")], None, None)
    assert len(opened) == 1 and opened[0].opened.stream.closed


def test_read_all_reports_an_input_the_reader_gives_up_on_and_goes_on(session: Session) -> None:
    bad = Input(session, io.StringIO("[ not json"), "json")
    counts = Counts()
    records = list(read_all(session, [bad, RecordsInput(_records(2))], counts))
    assert [r.key for r in records] == ["k0", "k1"]
    assert counts.failed_inputs == [bad.name]
    assert session.sink.count("error") == 1


# -- Format.parallel -------------------------------------------------------------------


def test_parallel_needs_reading_or_writing() -> None:
    with pytest.raises(ValueError, match="reading"):
        Parallel()
    writing = ChunkedWriting(lambda records, _c: list(records), lambda pieces, stream, _c: None)
    assert Parallel(writing=writing).reading is None


def test_builtin_formats_declare_their_parallel_support(session: Session) -> None:
    def support(name: str) -> tuple[bool, bool]:
        parallel = session.format_named(name, need="read" if name == "wprim" else "write").parallel
        return (parallel is not None and parallel.reading is not None, bool(parallel and parallel.writing))

    assert support("bibtex") == (True, True)
    assert support("biblatex") == (True, True)
    assert support("ris") == (True, False)  # the Zotero line-break rule keeps the writer whole
    assert support("wprim") == (True, False)
    assert support("jats") == (False, True)
    assert session.format_named("json", need="write").parallel is None


# -- imports run one way ---------------------------------------------------------------

#: The engine's modules from the bottom up: each may import only those before it.
LAYERS = ["account", "textio", "jobs", "inputs", "transforms", "workers", "held", "parallel", "pipeline"]


def _engine_imports(module: str) -> set[str]:
    """The engine modules ``module`` imports, at the top or inside a function."""
    tree = ast.parse((ENGINE / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("refbridge._internal."):
                found.add(node.module.rpartition(".")[2])
            elif node.module == "refbridge._internal":
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(
                a.name.rpartition(".")[2] for a in node.names if a.name.startswith("refbridge._internal.")
            )
    return found


@pytest.mark.parametrize("module", LAYERS)
def test_engine_modules_import_only_the_layers_below(module: str) -> None:
    below = set(LAYERS[: LAYERS.index(module)])
    engine = {path.stem for path in ENGINE.glob("*.py")}
    assert _engine_imports(module) & engine <= below
