"""``refbridge format`` and ``refbridge check``: normalise files in place, or only report.

Both read each file with its own format, run the enabled transforms and write it
back in the same format. ``format`` replaces a file only when that changes it (so
a second run changes no byte) and never touches a file with errors; ``check``
changes nothing. The file's line-ending convention (LF or CRLF) is kept.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from refbridge._internal.inputs import Counts, Input, parse_error_diagnostic
from refbridge._internal.textio import atomic_write_bytes
from refbridge._internal.transforms import apply_transforms
from refbridge.cli import CONTEXT_SETTINGS
from refbridge.cli.common import finish_diagnostics, make_session, session_options
from refbridge.cli.sync import derived_pair, render
from refbridge.diagnostics import Diagnostic
from refbridge.errors import ParseError, RefbridgeError, StrictModeError, UsageError
from refbridge.model import Record
from refbridge.rewrite import FieldChange, RecordStep
from refbridge.session import Session


@dataclass
class FormatResult:
    """What formatting one file gave: its new bytes, whether errors forbid writing them,
    and each value a transform changed (``format -v`` lists them)."""

    path: Path
    original: bytes
    formatted: bytes | None
    errors: int
    records: int
    changes: list[FieldChange] = field(default_factory=list)
    derived_from: Path | None = None

    @property
    def changed(self) -> bool:
        """True when the formatted text differs from the file's bytes."""
        return self.formatted is not None and self.formatted != self.original


def format_file(
    session: Session, path: Path, from_format: str | None = None, *, regenerate_derived: bool = True
) -> FormatResult:
    """Format ``path`` in memory: nothing is written here.

    A file that ``[tool.refbridge.sync]`` derives from a source gets exactly the bytes
    ``sync`` writes (one writer path for both hooks, so they agree). Any other file
    goes through its format's lossless ``rewrite`` with the format-time transforms,
    or, for a format without one that is ``formattable``, through its reader and
    writer. ``formatted`` is None when the file could not be read at all.
    ``regenerate_derived=False`` (``check``) reads a derived file as it is.
    """
    errors_before = session.sink.count("error")
    if not path.is_file():
        raise UsageError(f"{path}: {'is a directory, not a file' if path.is_dir() else 'no such file'}")
    original = path.read_bytes()

    def result(formatted: bytes | None, records: int, **more: Any) -> FormatResult:
        errors = session.sink.count("error") - errors_before
        return FormatResult(path, original, formatted, errors, records, **more)

    pair = derived_pair(session, path) if regenerate_derived else None
    if pair is not None:
        try:
            content = render(session, pair)
        except ParseError as exc:
            session.sink.add(parse_error_diagnostic(exc, str(pair.source)))
            return result(None, 0, derived_from=pair.source)
        return result(content, 0, derived_from=pair.source)
    from_format = from_format or session.config.run.get("from")
    item = Input(session, path, from_format)
    fmt = item.format
    if fmt.rewrite is None:
        return _format_through_writer(session, item, original, result)
    try:
        text = item.read_text()
    except ParseError as exc:
        session.sink.add(parse_error_diagnostic(exc, str(path)))
        return result(None, 0)
    if not from_format:
        # The whole file decides (a JabRef declaration at its end, a biblatex type anywhere).
        whole = session.guess_format(str(path), text, need="read")
        fmt = whole if whole.rewrite is not None else fmt
    assert fmt.rewrite is not None
    step = format_step(session, str(path))
    try:
        rewrite = fmt.rewrite(text, session.context(fmt.name, str(path)), step)
    except ParseError as exc:
        session.sink.add(parse_error_diagnostic(exc, str(path)))
        return result(None, 0)
    encoding = item.opened.encoding.name
    try:
        formatted = _keep_line_ends(rewrite.text, original).encode(encoding)
    except UnicodeEncodeError as exc:
        session.sink.add(
            Diagnostic(
                "error",
                f"a changed value holds {exc.object[exc.start]!r}, which the file's encoding "
                f"{encoding} cannot hold; file not formatted",
                "RB023",
                str(path),
                None,
            )
        )
        return result(None, rewrite.records)
    return result(formatted, rewrite.records, changes=rewrite.changes)


def format_step(session: Session, filename: str) -> RecordStep:
    """One step running the format-time transforms in order (None: a transform dropped
    the record, which ``format`` then leaves as written)."""
    steps = [step for _transform, step in session.transform_steps(filename, purpose="format")]

    def run(record: Record) -> Record | None:
        current: Record | None = record
        for step in steps:
            if current is None:
                return None
            current = step(current)
        return current

    return run


def _format_through_writer(
    session: Session, item: Input, original: bytes, result: Callable[..., FormatResult]
) -> FormatResult:
    """Read and write back a ``formattable`` format without a rewrite (refbridge's json)."""
    fmt = item.format
    path = item.name
    if fmt.write is None or not fmt.formattable:
        item.close()
        raise RefbridgeError(
            f"{path}: format {fmt.name!r} cannot be formatted in place: writing it back would not "
            "reproduce the whole file (convert it to another file instead)"
        )
    counts = Counts()
    buffer = io.StringIO()
    try:
        steps = session.transform_steps(path, purpose="format")
        records: Iterable[Record] = item.records()
        for _transform, step in steps:
            records = (r for r in map(step, records) if r is not None)
        fmt.write(_counted(records, counts), buffer, session.context(fmt.name, path))
    except ParseError as exc:
        session.sink.add(parse_error_diagnostic(exc, path))
        return result(None, counts.read)
    text = _keep_line_ends(buffer.getvalue(), original)
    bom = original.startswith(b"\xef\xbb\xbf")
    formatted = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    return result(formatted, counts.read)


def _counted(records: Iterable[Record], counts: Counts) -> Iterator[Record]:
    for record in records:
        counts.read += 1
        yield record


def _keep_line_ends(text: str, original: bytes) -> str:
    """Use the original file's line ends (CRLF if its first line end is CRLF)."""
    normalised = text.replace("\r\n", "\n")
    first_newline = original.find(b"\n")
    if first_newline > 0 and original[first_newline - 1 : first_newline] == b"\r":
        return normalised.replace("\n", "\r\n")
    if first_newline == -1 and "\r\n" in text:
        return text  # a new or one-line file: keep the writer's own convention
    return normalised


def _diff(result: FormatResult) -> str:
    import difflib  # only --diff needs it

    old = result.original.decode("utf-8", errors="replace").splitlines(keepends=True)
    new = (result.formatted or b"").decode("utf-8", errors="replace").splitlines(keepends=True)
    name = str(result.path)
    return "".join(difflib.unified_diff(old, new, f"{name} (original)", f"{name} (formatted)"))


@click.command(name="format", context_settings=CONTEXT_SETTINGS)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--check", "check_only", is_flag=True, help="Change nothing; exit 1 if any file would change.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of what would change.")
@click.option("-f", "--from", "from_format", metavar="FORMAT", help="Input format (default: detected).")
@session_options
def format_command(
    files: tuple[Path, ...], check_only: bool, show_diff: bool, from_format: str | None, **kwargs: Any
) -> None:
    """Normalise bibliography FILES in place, each in its own format.

    \b
    Idempotent: a formatted file is left byte for byte as it is. A file with
    errors is left untouched and its errors are printed with file and line.
    Exit status: 0 nothing to change, 1 files changed (or would change with
    --check) or had errors, 2 usage error. With --diff and without --check,
    files are not changed either.
    """
    session = make_session(**kwargs)
    changed = failed = usage = 0
    for path in files:
        try:
            result = format_file(session, path, from_format)
        except StrictModeError:
            raise
        except UsageError as exc:
            # A missing file or unknown format: said once, the other files still formatted,
            # and the exit status (2) says it was a usage error.
            click.echo(f"refbridge: error: {exc}", err=True)
            usage += 1
            continue
        except (RefbridgeError, OSError) as exc:
            click.echo(f"refbridge: error: {exc}", err=True)
            failed += 1
            continue
        formatted = result.formatted
        if result.errors or formatted is None:
            click.echo(f"{path}: not formatted: {result.errors} error(s)", err=True)
            failed += 1
            continue
        if not result.changed:
            continue
        changed += 1
        if kwargs.get("verbose"):
            if result.derived_from is not None:
                click.echo(
                    f"{path}: regenerated from {result.derived_from} (as refbridge sync writes it)", err=True
                )
            for change in result.changes:
                click.echo(change.describe(str(path)), err=True)
        if show_diff:
            click.echo(_diff(result), nl=False)
        if check_only or show_diff:
            click.echo(f"would reformat {path}", err=True)
        else:
            atomic_write_bytes(path, formatted)
            if not kwargs.get("quiet"):
                click.echo(f"reformatted {path}", err=True)
    finish_diagnostics(session)
    if not kwargs.get("quiet"):
        verb = "would be reformatted" if (check_only or show_diff) else "reformatted"
        click.echo(
            f"refbridge: {len(files)} file(s) checked, {changed} {verb}, {failed + usage} with errors",
            err=True,
        )
    sys.exit(2 if usage else 1 if changed or failed else 0)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-f", "--from", "from_format", metavar="FORMAT", help="Input format (default: detected).")
@session_options
def check(files: tuple[Path, ...], from_format: str | None, **kwargs: Any) -> None:
    """Report problems in bibliography FILES; change nothing.

    \b
    Reads each file as `format` does and runs the same transforms (the
    normalising ones, and those [tool.refbridge.format] enables), so the two
    hooks agree: a file of @string macros only is fine, text that is not
    BibTeX is an error. Prints every diagnostic. Exit status 1 when any error
    was reported (warnings alone exit 0; use --strict to fail on warnings too).
    """
    session = make_session(**kwargs)
    records = usage = 0
    for path in files:
        try:
            records += _check_file(session, path, from_format)
        except StrictModeError:
            raise  # the diagnostic was printed as it arrived; the group says why we stop
        except UsageError as exc:
            # Said once (not also as a diagnostic); the other files are still checked.
            click.echo(f"refbridge: error: {exc}", err=True)
            usage += 1
        except RefbridgeError as exc:
            click.echo(f"refbridge: error: {exc}", err=True)
            session.sink.count_unkept({"error": 1})
    finish_diagnostics(session)
    errors, warnings = session.sink.count("error") + usage, session.sink.count("warning")
    if not kwargs.get("quiet"):
        totals = f"{records} records checked, {errors} error(s), {warnings} warning(s)"
        click.echo(f"refbridge: {len(files)} file(s), {totals}", err=True)
    sys.exit(2 if usage else 1 if errors else 0)


def _check_file(session: Session, path: Path, from_format: str | None) -> int:
    """Check one file; return the number of records read."""
    item = Input(session, path, from_format or session.config.run.get("from"))
    if item.format.rewrite is not None:
        item.close()
        return format_file(session, path, from_format, regenerate_derived=False).records
    counts = Counts()
    try:
        for _record in apply_transforms(session, item.records(), counts):
            pass
    except ParseError as exc:
        session.sink.add(parse_error_diagnostic(exc, str(path)))
    return counts.read
