"""``refbridge format`` and ``refbridge check``: normalise files in place, or only report.

Both read each file with its own format, run the enabled transforms and write it
back in the same format. ``format`` replaces a file only when that changes it (so
a second run changes no byte) and never touches a file with errors; ``check``
changes nothing. The file's line-ending convention (LF or CRLF) is kept.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ..errors import ParseError, RefbridgeError
from ..pipeline import Counts, Input, apply_transforms, parse_error_diagnostic
from ..session import Session
from ..textio import atomic_write_bytes
from .common import make_session, session_options


@dataclass
class FormatResult:
    """What formatting one file gave: its new text, and whether errors forbid writing it."""

    path: Path
    original: bytes
    formatted: bytes | None
    errors: int
    records: int

    @property
    def changed(self) -> bool:
        """True when the formatted text differs from the file's bytes."""
        return self.formatted is not None and self.formatted != self.original


def format_file(session: Session, path: Path, from_format: str | None = None) -> FormatResult:
    """Read ``path``, transform and re-write it in memory in its own format.

    ``formatted`` is None when the file could not be read at all or the format
    has no writer. Errors reported while reading count against the file.
    """
    errors_before = session.sink.count("error")
    original = path.read_bytes() if path.is_file() else b""
    item = Input(session, path, from_format)
    fmt = item.format
    if fmt.write is None or not fmt.formattable:
        item.close()
        raise RefbridgeError(
            f"{path}: format {fmt.name!r} cannot be formatted in place: writing it back would not "
            "reproduce the whole file (convert it to another file instead)"
        )
    counts = Counts()
    buffer = io.StringIO()
    try:
        records = apply_transforms(session, item.records(), counts)
        fmt.write(records, buffer, session.context(fmt.name, str(path)))
    except ParseError as exc:
        session.sink.add(parse_error_diagnostic(exc, str(path)))
        return FormatResult(path, original, None, session.sink.count("error") - errors_before, counts.read)
    text = _keep_line_ends(buffer.getvalue(), original)
    bom = original.startswith(b"\xef\xbb\xbf")
    formatted = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    return FormatResult(path, original, formatted, session.sink.count("error") - errors_before, counts.read)


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


@click.command(name="format")
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
    changed = failed = 0
    for path in files:
        try:
            result = format_file(session, path, from_format)
        except RefbridgeError as exc:
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
        if show_diff:
            click.echo(_diff(result), nl=False)
        if check_only or show_diff:
            click.echo(f"would reformat {path}", err=True)
        else:
            atomic_write_bytes(path, formatted)
            click.echo(f"reformatted {path}", err=True)
    if not kwargs.get("quiet"):
        verb = "would be reformatted" if (check_only or show_diff) else "reformatted"
        click.echo(
            f"refbridge: {len(files)} file(s) checked, {changed} {verb}, {failed} with errors", err=True
        )
    sys.exit(1 if changed or failed else 0)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-f", "--from", "from_format", metavar="FORMAT", help="Input format (default: detected).")
@session_options
def check(files: tuple[Path, ...], from_format: str | None, **kwargs: Any) -> None:
    """Report problems in bibliography FILES; change nothing.

    Runs the readers and the enabled transforms and prints every diagnostic.
    Exit status 1 when any error was reported (warnings alone exit 0; use
    --strict to fail on warnings too).
    """
    session = make_session(**kwargs)
    records = 0
    for path in files:
        try:
            item = Input(session, path, from_format)
            counts = Counts()
            for _record in apply_transforms(session, item.records(), counts):
                pass
            records += counts.read
        except ParseError as exc:
            session.sink.add(parse_error_diagnostic(exc, str(path)))
    errors, warnings = session.sink.count("error"), session.sink.count("warning")
    if not kwargs.get("quiet"):
        totals = f"{records} records checked, {errors} error(s), {warnings} warning(s)"
        click.echo(f"refbridge: {len(files)} file(s), {totals}", err=True)
    sys.exit(1 if errors else 0)
