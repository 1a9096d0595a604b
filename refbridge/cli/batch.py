"""``refbridge convert ... --output-dir``: batch mode on the command line.

It chooses the executor (this process, or Dask through ``refbridge.dask_executor``),
runs ``refbridge.batch.run_batch`` and prints the summary. Kept apart from
``refbridge.batch`` so that the per-file machinery, which Dask and Spark import on
their workers, never imports an executor (no import cycle).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from refbridge.batch import Executor, Settings, run_batch, run_serial
from refbridge.errors import UsageError


def executor_for(name: str, scheduler: str | None) -> Executor:
    """The executor called ``name``: ``local`` (this process) or ``dask``."""
    if name == "local":
        if scheduler:
            raise UsageError("--scheduler needs --executor dask")
        return run_serial
    if name == "dask":
        from refbridge.dask_executor import dask_executor

        return dask_executor(scheduler)
    raise UsageError(f"unknown executor {name!r} (local or dask)")


def batch_command(
    session: Any,
    inputs: Sequence[str],
    output_dir: str,
    *,
    to_format: str | None,
    from_format: str | None,
    cli: dict[str, Any],
    jobs: int,
    force: bool,
    executor: str,
    scheduler: str | None,
    progress: bool,
) -> int:
    """``refbridge convert ... --output-dir``: run the batch, print the summary, return the exit status."""
    import click

    from refbridge.config import parse_cli_options

    if not to_format:
        raise UsageError("--output-dir needs the output format: give it with -t")
    fmt = session.format_named(to_format, need="write")
    settings = Settings(
        to_format=fmt.name,
        from_format=from_format,
        config=session.config,
        options=parse_cli_options(cli.get("option_pairs", ())),
        enable=tuple(cli.get("enable", ())),
        disable=tuple(cli.get("disable", ())),
        strict=session.sink.strict,
        encoding=cli.get("encoding"),
        # On Dask each file is one task: no process pool inside a worker.
        jobs=jobs if executor == "local" else 1,
    )
    extension = fmt.extensions[0] if fmt.extensions else f".{fmt.name}"
    summary = run_batch(
        inputs,
        output_dir,
        settings,
        session.sink,
        extension=extension,
        force=force,
        executor=executor_for(executor, scheduler),
        progress=progress,
    )
    finish = getattr(session.sink.listener, "finish", None)
    if callable(finish):
        finish()  # the CLI printer's "… and N more RB040 in FILE", before the summary line
    if not cli.get("quiet"):
        click.echo(summary.line(session.sink), err=True)
    return 1 if summary.failed or session.sink.count("error") else 0
