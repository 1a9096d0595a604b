"""``refbridge convert``: read inputs, run the transforms, write one output."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from refbridge._internal.pipeline import Source, run_conversion
from refbridge.cli.common import make_session, session_options, summary_line
from refbridge.model import Record


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", default="-", show_default=True, help="Output file, or - for standard output.")
@click.option(
    "-f", "--from", "from_format", metavar="FORMAT", help="Input format (default: from extension or content)."
)
@click.option(
    "-t", "--to", "to_format", metavar="FORMAT", help="Output format (default: from the output's extension)."
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr (default: when stderr is a terminal).",
)
@click.option(
    "-j",
    "--jobs",
    default="auto",
    show_default=True,
    metavar="N|auto",
    callback=lambda _ctx, _param, value: _parse_jobs(value),
    help="Processes that read and transform (auto: every CPU when the inputs are 4 MB or more; "
    "the output is the same as with 1).",
)
@click.option(
    "--output-dir",
    metavar="DIR|URL",
    help="Batch mode: one output per INPUT (a file, folder or glob) in this folder or fsspec URL; needs -t.",
)
@click.option("--force", is_flag=True, help="Batch mode: also convert inputs whose output is newer.")
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Batch mode: run the files here, or as Dask tasks (pip install 'refbridge[dask]').",
)
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler (default: a local cluster).")
@session_options
def convert(  # noqa: PLR0917 — click passes every option by name
    inputs: tuple[str, ...],
    output: str,
    from_format: str | None,
    to_format: str | None,
    progress: bool | None,
    jobs: int,
    **kwargs: Any,
) -> None:
    """Convert INPUT files (- for standard input) to one output.

    \b
    Examples:
      refbridge convert results.txt -o results.ris
      refbridge convert refs.bib -t ris > refs.ris
      refbridge convert refs.ris -o refs.xml -t jats
      refbridge convert baseline/ --output-dir out/ -t ris
    Exit status: 0 on success, 1 when errors were reported (the output still holds
    every record that could be converted), 2 for a usage error. An output file is
    not written at all (a previous one is left as it was) when an input could not
    be read, or when nothing was read and errors were reported.
    """
    session = make_session(**kwargs)
    show_progress = progress if progress is not None else sys.stderr.isatty()
    if kwargs.get("output_dir") is not None:
        from refbridge.batch import batch_command

        batch = {name: kwargs[name] for name in ("force", "executor", "scheduler")}
        sys.exit(
            batch_command(
                session,
                inputs,
                kwargs["output_dir"],
                to_format=to_format,
                from_format=from_format,
                cli=kwargs,
                jobs=jobs,
                progress=show_progress,
                **batch,
            )
        )
    sources: list[Source] = list(inputs)
    counts = run_conversion(
        session,
        sources,
        output,
        from_format=from_format,
        to_format=to_format,
        encoding=kwargs.get("encoding"),
        progress=_progress_bar if show_progress else None,
        jobs=jobs,
    )
    if counts.not_written is not None:
        # Printed even with -q: the user must know the output file is not the new one.
        left = f"{output} is left as it was" if Path(output).exists() else f"{output} was not created"
        click.echo(f"refbridge: output not written: {counts.not_written}; {left}", err=True)
    if not kwargs.get("quiet"):
        click.echo(
            summary_line(session, read=counts.read, written=counts.written, dropped=counts.dropped), err=True
        )
    if session.sink.count("error") or counts.not_written is not None:
        sys.exit(1)


def _parse_jobs(value: str | int) -> int:
    """``--jobs``: a positive number, or ``auto`` (0)."""
    text = str(value).strip().lower()
    if text == "auto":
        return 0
    if text.isdigit() and int(text) > 0:
        return int(text)
    raise click.BadParameter(f"expected a positive number or 'auto', got {value!r}")


def _progress_bar(records: Iterator[Record]) -> Iterator[Record]:
    # tqdm: a maintained, dependency-free progress bar that copes with unknown totals.
    from tqdm import tqdm

    # No monitor thread: worker processes (--jobs) are forked, and forking a
    # process that runs threads can deadlock.
    tqdm.monitor_interval = 0
    yield from tqdm(records, unit=" rec", file=sys.stderr, mininterval=0.5, leave=False)
