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
            help="Config file (default: nearest pyproject.toml with [tool.refbridge], or refbridge.toml).",
        ),
        click.option(
            "-O",
            "--option",
            "option_pairs",
            multiple=True,
            metavar="NAME.OPTION=VALUE",
            help="Set an option of a format or transform (see `refbridge plugins -v`).",
        ),
        click.option(
            "-E",
            "--enable",
            multiple=True,
            metavar="TRANSFORM",
            help="Turn on a transform that is off by default.",
        ),
        click.option(
            "-D",
            "--disable",
            multiple=True,
            metavar="NAME",
            help="Turn off a transform, or a whole plugin, by name.",
        ),
        click.option("--strict", is_flag=True, default=None, help="Stop with an error at the first problem."),
        click.option("--encoding", default=None, help="Input encoding (default: detected)."),
        click.option("-q", "--quiet", is_flag=True, help="Print errors only."),
        click.option("-v", "--verbose", is_flag=True, help="Also print informational diagnostics."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


class DiagnosticPrinter:
    """Prints diagnostics to stderr as they arrive, filtered by verbosity."""

    def __init__(self, *, quiet: bool, verbose: bool) -> None:
        self.quiet = quiet
        self.verbose = verbose

    def __call__(self, diagnostic: Diagnostic) -> None:
        if diagnostic.severity == "info" and not self.verbose:
            return
        if diagnostic.severity == "warning" and self.quiet:
            return
        click.echo(str(diagnostic), err=True)


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
    sink = DiagnosticSink(
        strict=bool(strict) if strict is not None else bool(config.run.get("strict", False)),
        listener=DiagnosticPrinter(quiet=quiet, verbose=verbose),
    )
    return Session(
        config=config,
        options=parse_cli_options(option_pairs),
        options_from_cli=True,  # a bad value is reported as the -O flag the user typed
        enable=enable,
        disable=disable,
        strict=sink.strict,
        sink=sink,
    )


def summary_line(session: Session, *, read: int, written: int, dropped: int = 0) -> str:
    """One line saying what happened, for stderr at the end of a run."""
    sink = session.sink
    parts = [f"{read} record{'s' if read != 1 else ''} read", f"{written} written"]
    if dropped:
        parts.append(f"{dropped} dropped")
    parts.append(f"{sink.count('error')} error{'s' if sink.count('error') != 1 else ''}")
    parts.append(f"{sink.count('warning')} warning{'s' if sink.count('warning') != 1 else ''}")
    return "refbridge: " + ", ".join(parts)
