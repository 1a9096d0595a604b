"""Options and helpers shared by the commands that run a pipeline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from refbridge.config import load_config, parse_cli_options
from refbridge.diagnostics import Diagnostic, DiagnosticSink
from refbridge.session import Session

F = TypeVar("F", bound=Callable[..., Any])


def session_options(func: F) -> F:
    """Add the options every pipeline command shares (config, plugins, strictness)."""
    decorators = [
        click.option(
            "--config",
            "config_path",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Read the configuration from this file (default: the nearest pyproject.toml with "
            "[tool.refbridge], or refbridge.toml).",
        ),
        click.option(
            "-O",
            "--option",
            "option_pairs",
            multiple=True,
            metavar="NAME.OPTION=VALUE",
            help="Set an option of a format or transform; `refbridge plugins -v` lists them with "
            "their types and defaults.",
        ),
        click.option(
            "-E",
            "--enable",
            multiple=True,
            metavar="TRANSFORM",
            help="Turn on a transform that is off by default; `refbridge plugins -v` lists them.",
        ),
        click.option(
            "-D",
            "--disable",
            multiple=True,
            metavar="NAME",
            help="Turn off a transform, or a whole plugin, by name (as `refbridge plugins` lists them).",
        ),
        click.option(
            "--strict",
            is_flag=True,
            default=None,
            help="Stop with exit status 1 at the first warning or error.",
        ),
        click.option(
            "--encoding",
            default=None,
            metavar="NAME",
            help="Read the inputs in this encoding, any Python codec name such as utf-8, cp1252 or "
            "latin-1 (default: detected from a byte order mark, else UTF-8, else cp1252 with a warning).",
        ),
        click.option(
            "-q", "--quiet", is_flag=True, help="Print errors only: no warnings, no summary, no progress."
        ),
        click.option(
            "-v",
            "--verbose",
            is_flag=True,
            help="Also print informational diagnostics, and every repeated diagnostic (by default a "
            "code repeated in one file is printed four times, then counted).",
        ),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


class DiagnosticPrinter:
    """Prints diagnostics to stderr as they arrive, filtered by verbosity.

    A code that repeats in one file is printed ``repeat_limit`` times, then counted:
    a 10,000-record RIS file without ``ER`` lines must not bury everything else under
    10,000 identical lines. ``finish`` prints what was counted
    (``… and 9,996 more RB302 in refs.ris``); ``-v`` prints every one.
    """

    def __init__(self, *, quiet: bool, verbose: bool, strict: bool = False, repeat_limit: int = 4) -> None:
        self.quiet = quiet
        self.verbose = verbose
        # In strict mode a warning stops the run: it is shown even with -q, or the user
        # would not know what stopped it.
        self.strict = strict
        self.repeat_limit = repeat_limit
        self._seen: dict[tuple[str | None, str], int] = {}

    def __call__(self, diagnostic: Diagnostic) -> None:
        if diagnostic.severity == "info" and not self.verbose:
            return
        if diagnostic.severity == "warning" and self.quiet and not self.strict:
            return
        if not self.verbose:
            where = (diagnostic.file, diagnostic.code)
            seen = self._seen[where] = self._seen.get(where, 0) + 1
            if seen > self.repeat_limit:
                return
        click.echo(str(diagnostic), err=True)

    def finish(self) -> None:
        """Print how many of each repeated code were not printed (once; idempotent)."""
        for (file, code), seen in self._seen.items():
            more = seen - self.repeat_limit
            if more > 0:
                click.echo(f"refbridge: … and {more:,} more {code} in {file or '<input>'}", err=True)
        self._seen.clear()


def finish_diagnostics(session: Session) -> None:
    """Print the counts of repeated diagnostics (before a command's summary line)."""
    listener = session.sink.listener
    if isinstance(listener, DiagnosticPrinter):
        listener.finish()


def make_session(
    *,
    config_path: Path | None,
    option_pairs: tuple[str, ...],
    enable: tuple[str, ...],
    disable: tuple[str, ...],
    strict: bool | None,
    quiet: bool,
    verbose: bool,
    **_: Any,
) -> Session:
    """Build the run's session from config file and CLI flags (flags win)."""
    config = load_config(config_path)
    is_strict = bool(strict) if strict is not None else bool(config.run.get("strict", False))
    printer = DiagnosticPrinter(quiet=quiet, verbose=verbose, strict=is_strict)
    sink = DiagnosticSink(strict=is_strict, listener=printer)
    context = click.get_current_context(silent=True)
    if context is not None:
        # A run that stops early (an error, --strict) still says what it left unprinted.
        context.call_on_close(printer.finish)
    return Session(
        config=config,
        options=parse_cli_options(option_pairs),
        options_from_cli=True,  # a bad value is reported as the -O flag the user typed
        enable=enable,
        disable=disable,
        strict=sink.strict,
        sink=sink,
    )


def summary_line(session: Session, *, read: int, written: int, dropped: int = 0, fields: str = "") -> str:
    """One line saying what happened, for stderr at the end of a run; ``fields`` is the
    account of the fields not written (``12 fields not written: series ×10, …``)."""
    sink = session.sink
    parts = [f"{read} record{'s' if read != 1 else ''} read", f"{written} written"]
    if dropped:
        parts.append(f"{dropped} dropped")
    parts.append(f"{sink.count('error')} error{'s' if sink.count('error') != 1 else ''}")
    parts.append(f"{sink.count('warning')} warning{'s' if sink.count('warning') != 1 else ''}")
    if fields:
        parts.append(fields)
    return "refbridge: " + ", ".join(parts)
