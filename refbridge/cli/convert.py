"""``refbridge convert``: read inputs, run the transforms, write one output."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from refbridge._internal.account import FieldAccount
from refbridge._internal.pipeline import Source, run_conversion
from refbridge._internal.textio import bytes_read
from refbridge.cli import CONTEXT_SETTINGS
from refbridge.cli.common import finish_diagnostics, make_session, session_options, summary_line
from refbridge.errors import UsageError

#: What ``run_conversion`` passes what goes to the writer through (one item per record).
Progress = Callable[[Iterator[Any]], Iterator[Any]]


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o", "--output", default="-", show_default=True, help="Write to this file, or - for standard output."
)
@click.option(
    "-f",
    "--from",
    "from_format",
    metavar="FORMAT",
    help="Read the inputs in this format, one of the readable formats `refbridge formats` lists "
    "(default: from each input's extension, else its content).",
)
@click.option(
    "-t",
    "--to",
    "to_format",
    metavar="FORMAT",
    help="Write this format, one of the writable formats `refbridge formats` lists "
    "(default: from the output's extension).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar on stderr: bytes read of the inputs' total, percentage and time left "
    "(default: when stderr is a terminal).",
)
@click.option(
    "--no-transforms",
    is_flag=True,
    help="Run no transform: write the records as the readers produced them "
    "(with -t json, to see what a reader made of an input).",
)
@click.option(
    "-j",
    "--jobs",
    default="auto",
    show_default=True,
    metavar="N|auto",
    callback=lambda _ctx, _param, value: _parse_jobs(value),
    help="Read and transform in N processes, or auto: every CPU when the inputs add up to 4 MB "
    "or more, else one (the output is the same as with 1).",
)
@click.option(
    "--output-dir",
    metavar="DIR|URL",
    help="Batch mode: write one output per INPUT (a file, folder or glob) into this folder or "
    "fsspec URL; needs -t.",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the account of every record to this JSON file: the fields written, those the "
    "output format has no place for, and those a transform changed.",
)
@click.option("--force", is_flag=True, help="Batch mode: also convert the inputs whose output is newer.")
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Batch mode: local runs the files on this machine, dask runs each as a Dask task "
    "(pip install 'refbridge[dask]').",
)
@click.option(
    "--scheduler", metavar="ADDRESS", help="Send the Dask tasks to this scheduler (default: a local cluster)."
)
@session_options
def convert(  # noqa: PLR0917 — click passes every option by name
    inputs: tuple[str, ...],
    output: str,
    from_format: str | None,
    to_format: str | None,
    progress: bool | None,
    jobs: int,
    no_transforms: bool,
    report_path: Path | None,
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
    if no_transforms:
        names = tuple(t.name for t in session.plugins.transforms)
        session.disable |= set(names)
        kwargs["disable"] = (*kwargs.get("disable", ()), *names)  # batch mode builds its own sessions
    quiet = bool(kwargs.get("quiet"))
    show_progress = progress if progress is not None else sys.stderr.isatty() and not quiet
    if kwargs.get("output_dir") is not None:
        from refbridge.cli.batch import batch_command

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
    missing = [name for name in inputs if name != "-" and not Path(name).exists()]
    if missing:
        # Every missing input named at once, before anything is read or written.
        raise UsageError(f"{', '.join(missing)}: no such file{'s' if len(missing) > 1 else ''}")
    _check_output(output, inputs)
    sources: list[Source] = list(inputs)
    counts = run_conversion(
        session,
        sources,
        output,
        from_format=from_format,
        to_format=to_format,
        encoding=kwargs.get("encoding"),
        progress=_progress_bar(inputs) if show_progress else None,
        jobs=jobs,
        report=report_path is not None,
    )
    if report_path is not None and counts.account is not None:
        _write_report(report_path, counts.account)
    if counts.not_written is not None:
        # Printed even with -q: the user must know the output file is not the new one.
        left = f"{output} is left as it was" if Path(output).exists() else f"{output} was not created"
        click.echo(f"refbridge: output not written: {counts.not_written}; {left}", err=True)
    finish_diagnostics(session)
    if not quiet:
        click.echo(
            summary_line(
                session,
                read=counts.read,
                written=counts.written,
                dropped=counts.dropped,
                fields=counts.account.summary() if counts.account is not None else "",
            ),
            err=True,
        )
    if session.sink.count("error") or counts.not_written is not None:
        sys.exit(1)


def _write_report(path: Path, account: FieldAccount) -> None:
    """``--report``: the run's account of every record, as JSON."""
    import json

    data = {"format": account.format_name, "not_written": account.unwritten, "records": account.report}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _parse_jobs(value: str | int) -> int:
    """``--jobs``: a positive number, or ``auto`` (0)."""
    text = str(value).strip().lower()
    if text == "auto":
        return 0
    if text.isdigit() and int(text) > 0:
        return int(text)
    raise click.BadParameter(f"expected a positive number or 'auto', got {value!r}")


def _check_output(output: str, inputs: tuple[str, ...]) -> None:
    """A folder is no output file (said before anything is read); writing over an input
    is allowed (the output replaces it only at the end) but rarely meant: warn."""
    if output == "-":
        return
    path = Path(output)
    if path.is_dir():
        raise UsageError(
            f"{output}: is a directory; give an output file, "
            f"or --output-dir {output} for one output per input"
        )
    target = path.resolve()
    for name in inputs:
        if name != "-" and Path(name).resolve() == target:
            click.echo(
                f"refbridge: warning: {output} is also an input; it is replaced by the output "
                "once every input was read",
                err=True,
            )
            return


def _progress_bar(inputs: tuple[str, ...]) -> Progress:
    """The progress bar for these inputs: bytes read of their total size (so a percentage and
    an ETA) when every input is a file, else a count of records."""
    paths = [Path(name) for name in inputs]
    total = (
        sum(p.stat().st_size for p in paths)
        if all(n != "-" and p.is_file() for n, p in zip(inputs, paths, strict=True))
        else None
    )

    def bar(records: Iterator[Any]) -> Iterator[Any]:
        # tqdm: a maintained, dependency-free progress bar that copes with unknown totals.
        from tqdm import tqdm

        # No monitor thread: worker processes (--jobs) are forked, and forking a
        # process that runs threads can deadlock.
        tqdm.monitor_interval = 0
        if not total:
            yield from tqdm(records, unit=" rec", file=sys.stderr, mininterval=0.5, leave=False)
            return
        start = bytes_read()
        with tqdm(
            total=total, unit="B", unit_scale=True, file=sys.stderr, mininterval=0.5, leave=False
        ) as progress:
            for count, record in enumerate(records, start=1):
                # Bytes read so far by this process (what the readers have consumed, or the
                # main process cut into chunks for the workers), capped at the total.
                progress.update(min(bytes_read() - start, total) - progress.n)
                if count % 1000 == 0:
                    progress.set_postfix_str(f"{count:,} records", refresh=False)
                yield record
            progress.update(total - progress.n)

    return bar
