"""Batch mode: many inputs, one output file per input (``convert DIR_OR_GLOB... --output-dir OUT``).

Each input becomes ``OUT/<stem><extension of the output format>`` (``pubmed24n0001.xml.gz``
→ ``pubmed24n0001.ris``). An output newer than its input is skipped unless ``force``.
A file that fails is reported and the others go on; the run's exit status is 1 if any
failed. The per-file work is ``convert_file(FileJob)``: a plain, importable function of
picklable arguments that returns a picklable ``FileResult``, so that the serial loop, the
Dask executor (``refbridge.dask_executor``) and a Spark ``map`` all run the same code
and write the same bytes. Diagnostics of every file come back in its result and are
replayed into the caller's session, in input order.
"""

from __future__ import annotations

import contextlib
import glob
import importlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from refbridge.diagnostics import Diagnostic, DiagnosticSink
from refbridge.errors import RefbridgeError, UsageError

#: Suffixes of compressed inputs, dropped before the format's suffix when naming outputs.
_COMPRESSED = (".gz",)


@dataclass(frozen=True)
class Settings:
    """What every file of a batch is converted with (the CLI's session, in picklable form)."""

    to_format: str
    from_format: str | None = None
    config: Any = None
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    strict: bool = False
    encoding: str | None = None
    jobs: int = 1


@dataclass(frozen=True)
class FileJob:
    """One input file and the output path or fsspec URL (``s3://bucket/out/x.ris``) it becomes."""

    source: str
    dest: str
    settings: Settings


@dataclass
class FileResult:
    """What converting one file did: ``status`` is converted, skipped or failed."""

    source: str
    dest: str
    status: str
    read: int = 0
    written: int = 0
    dropped: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unkept: dict[str, int] = field(default_factory=dict)
    message: str | None = None


def is_url(path: str) -> bool:
    """True for an fsspec URL (``s3://…``, ``gs://…``), false for a local path."""
    return "://" in path and not path.startswith("file://")


def convert_file(job: FileJob) -> FileResult:
    """Convert one input into its output; never raises for a problem with the file.

    Importable and free of global state: a Dask task, a Spark ``rdd.map`` or a plain loop
    can call it. A remote ``dest`` (an fsspec URL) is written to a local temporary file
    first and uploaded once complete, so that no half-written output is ever visible.
    """
    from refbridge.api import convert
    from refbridge.session import Session

    settings = job.settings
    sink = DiagnosticSink(strict=settings.strict)
    result = FileResult(job.source, job.dest, "converted")
    try:
        session = Session(
            config=settings.config,
            options=settings.options,
            enable=settings.enable,
            disable=settings.disable,
            strict=settings.strict,
            sink=sink,
        )
        with _local_target(job.dest) as target:
            counts = convert(
                job.source,
                target,
                settings.from_format,
                settings.to_format,
                session=session,
                encoding=settings.encoding,
                jobs=settings.jobs,
            )
        result.read, result.written, result.dropped = counts.read, counts.written, counts.dropped
        if counts.not_written is not None:
            result.status, result.message = "failed", f"output not written: {counts.not_written}"
    except RefbridgeError as exc:
        result.status, result.message = "failed", str(exc)
    result.diagnostics, result.unkept = sink.take()
    return result


@contextlib.contextmanager
def _local_target(dest: str) -> Iterator[str]:
    """The path to write: ``dest`` itself, or a temporary file uploaded to ``dest`` on success."""
    if not is_url(dest):
        yield dest
        return
    with tempfile.TemporaryDirectory(prefix="refbridge-") as folder:
        local = os.path.join(folder, dest.rsplit("/", 1)[-1])
        yield local
        if os.path.exists(local):
            fsspec: Any = importlib.import_module("fsspec")  # comes with refbridge[dask]
            with open(local, "rb") as source, fsspec.open(dest, "wb") as target:
                target.write(source.read())


# -- planning ---------------------------------------------------------------------------


def expand_inputs(patterns: Iterable[str]) -> tuple[list[str], list[str]]:
    """Input files of folders (their files, not recursing), glob patterns and paths, in
    order, each once; and the patterns that matched nothing."""
    found: list[str] = []
    empty: list[str] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            matches = sorted(str(p) for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        elif glob.has_magic(pattern):
            matches = sorted(p for p in glob.glob(pattern, recursive=True) if Path(p).is_file())
        else:
            matches = [pattern] if path.is_file() else []
        if not matches:
            empty.append(pattern)
        found.extend(m for m in matches if m not in found)
    return found, empty


def output_name(source: str, extension: str) -> str:
    """``pubmed24n0001.xml.gz`` → ``pubmed24n0001`` + extension."""
    name = Path(source).name
    for suffix in _COMPRESSED:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    stem = Path(name).stem or name
    return stem + extension


def _join(folder: str, name: str) -> str:
    return f"{folder.rstrip('/')}/{name}" if is_url(folder) else str(Path(folder) / name)


def _up_to_date(source: str, dest: str) -> bool:
    """True when ``dest`` exists and is newer than ``source``."""
    source_time = os.stat(source).st_mtime
    if not is_url(dest):
        return os.path.exists(dest) and os.stat(dest).st_mtime >= source_time
    fsspec: Any = importlib.import_module("fsspec")
    fs, path = fsspec.core.url_to_fs(dest)
    try:
        return bool(fs.exists(path)) and fs.modified(path).timestamp() >= source_time
    except (NotImplementedError, OSError):
        return False


def plan(
    sources: Sequence[str], output_dir: str, extension: str, settings: Settings, *, force: bool
) -> tuple[list[FileJob], list[FileResult]]:
    """The jobs to run, and the results already known (up-to-date or clashing outputs)."""
    jobs: list[FileJob] = []
    known: list[FileResult] = []
    taken: dict[str, str] = {}
    for source in sources:
        dest = _join(output_dir, output_name(source, extension))
        if dest in taken:
            message = f"{source}: its output {dest} is also the output of {taken[dest]}; not converted"
            known.append(FileResult(source, dest, "failed", message=message))
            continue
        taken[dest] = source
        if not force and _up_to_date(source, dest):
            known.append(FileResult(source, dest, "skipped"))
            continue
        jobs.append(FileJob(source, dest, settings))
    return jobs, known


def run_serial(jobs: Sequence[FileJob]) -> Iterator[FileResult]:
    """Convert the files one after the other in this process."""
    for job in jobs:
        yield convert_file(job)


Executor = Callable[[Sequence[FileJob]], Iterator[FileResult]]


# -- running ----------------------------------------------------------------------------


@dataclass
class BatchSummary:
    """The results of every file, in input order, and their totals."""

    results: list[FileResult]

    def count(self, status: str) -> int:
        """Files with this status."""
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> bool:
        """True when a file failed (the exit status is then 1)."""
        return self.count("failed") > 0

    def line(self, sink: DiagnosticSink) -> str:
        """The one summary line printed at the end."""
        files = len(self.results)
        read = sum(r.read for r in self.results)
        written = sum(r.written for r in self.results)
        errors, warnings = sink.count("error"), sink.count("warning")
        return (
            f"refbridge: {files} file{'s' if files != 1 else ''}: {self.count('converted')} converted, "
            f"{self.count('skipped')} up to date, {self.count('failed')} failed; {read} records read, "
            f"{written} written, {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}"
        )


def run_batch(
    patterns: Sequence[str],
    output_dir: str,
    settings: Settings,
    sink: DiagnosticSink,
    *,
    extension: str,
    force: bool = False,
    executor: Executor = run_serial,
    progress: bool = False,
) -> BatchSummary:
    """Convert every input of ``patterns`` into ``output_dir``; diagnostics go to ``sink``.

    Raises UsageError when no input is found at all or the output folder is missing.
    """
    sources, empty = expand_inputs(patterns)
    for pattern in empty:
        sink.add(Diagnostic("error", f"{pattern}: no input file here", "RB861", file=pattern))
    if not sources:
        raise UsageError("no input file found in " + ", ".join(patterns))
    if not is_url(output_dir) and not Path(output_dir).is_dir():
        raise UsageError(f"{output_dir}: the output folder does not exist")
    jobs, known = plan(sources, output_dir, extension, settings, force=force)
    results = {id(r): r for r in known}
    bar = _progress(len(sources), progress)
    for result in known:
        _report(result, sink)
        bar.update(1)
    for result in executor(jobs):
        results[id(result)] = result
        _report(result, sink)
        bar.update(1)
    bar.close()
    order = {source: index for index, source in enumerate(sources)}
    return BatchSummary(sorted(results.values(), key=lambda r: order.get(r.source, len(order))))


def _report(result: FileResult, sink: DiagnosticSink) -> None:
    """Replay one file's diagnostics into the caller's sink, then its outcome."""
    strict = sink.strict
    sink.strict = False  # a worker already stopped that file; the caller goes on with the rest
    try:
        for diagnostic in result.diagnostics:
            sink.add(diagnostic)
        sink.count_unkept(result.unkept)
        if result.status == "failed":
            sink.add(Diagnostic("error", result.message or "failed", "RB862", file=result.source))
        elif result.status == "skipped":
            message = f"{result.dest} is newer than its input: skipped (--force to convert again)"
            sink.add(Diagnostic("info", message, "RB860", file=result.source))
    finally:
        sink.strict = strict


class _NoBar:
    def update(self, n: int) -> None:
        """Nothing to show."""

    def close(self) -> None:
        """Nothing to close."""


def _progress(total: int, show: bool) -> Any:
    """One progress bar over all files (tqdm), or one that shows nothing."""
    if not show:
        return _NoBar()
    import sys

    from tqdm import tqdm

    tqdm.monitor_interval = 0
    return tqdm(total=total, unit=" file", file=sys.stderr, mininterval=0.5, leave=False)
