"""``refbridge sync``: regenerate derived files from their sources, per config.

``[tool.refbridge.sync]`` maps a derived file to its source, e.g.
``"refs.ris" = "refs.bib"``; the derived file's format comes from its extension
or from a table ``"refs.xml" = { source = "refs.bib", format = "jats" }``. Paths
are relative to the config file's folder. Following pre-commit's convention, the
command exits 1 when it had to (re)write a derived file, so the commit stops and
the second run passes.
"""

from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from refbridge._internal.pipeline import parse_error_diagnostic, run_conversion
from refbridge._internal.textio import atomic_write_bytes
from refbridge.cli import CONTEXT_SETTINGS
from refbridge.cli.common import finish_diagnostics, make_session, session_options
from refbridge.errors import ConfigError, ParseError, RefbridgeError, StrictModeError, UsageError
from refbridge.session import Session


@dataclass(frozen=True)
class SyncPair:
    """One derived file and the source it is generated from."""

    derived: Path
    source: Path
    format: str | None


def sync_pairs(session: Session) -> list[SyncPair]:
    """Read ``[tool.refbridge.sync]`` from the session's config."""
    table = session.config.tables.get("sync", {})
    base = session.config.path.parent if session.config.path else Path.cwd()
    pairs = []
    for derived, spec in table.items():
        if isinstance(spec, str):
            source, fmt = spec, None
        elif isinstance(spec, dict) and isinstance(spec.get("source"), str):
            unknown = set(spec) - {"source", "format"}
            if unknown:
                raise ConfigError(
                    f"[tool.refbridge.sync] {derived!r}: unknown key(s) {', '.join(sorted(unknown))}"
                )
            source, fmt = spec["source"], spec.get("format")
        else:
            expected = "a source path or { source = ..., format = ... }"
            raise ConfigError(f"[tool.refbridge.sync] {derived!r}: expected {expected}")
        pairs.append(SyncPair(base / derived, base / source, fmt))
    return pairs


def derived_pair(session: Session, path: Path) -> SyncPair | None:
    """The sync pair that derives ``path``, if ``[tool.refbridge.sync]`` has one."""
    if not session.config.tables.get("sync"):
        return None
    target = path.resolve()
    return next((pair for pair in sync_pairs(session) if pair.derived.resolve() == target), None)


def render(session: Session, pair: SyncPair) -> bytes:
    """The derived file's content as it should be, generated from its source."""
    buffer = io.StringIO()
    buffer.name = str(pair.derived)
    fmt = pair.format or session.guess_format(str(pair.derived), None, need="write").name
    # A relative source path keeps derived files identical wherever the repository lives.
    run_conversion(session, [os.path.relpath(pair.source)], buffer, to_format=fmt)
    return buffer.getvalue().encode("utf-8")


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--check", "check_only", is_flag=True, help="Change nothing; exit 1 if a derived file is out of date."
)
@session_options
def sync(files: tuple[Path, ...], check_only: bool, **kwargs: Any) -> None:
    """Regenerate derived files listed in [tool.refbridge.sync] from their sources.

    FILES (as pre-commit passes them) are ignored: every configured pair is
    checked. A derived file is rewritten (atomically) only when its content
    would change; the exit status is then 1, as pre-commit expects of a hook
    that modified files. A source with errors leaves its derived file untouched.
    """
    session = make_session(**kwargs)
    pairs = sync_pairs(session)
    if not pairs:
        raise ConfigError('nothing to sync: add a [tool.refbridge.sync] table, e.g. "refs.ris" = "refs.bib"')
    changed = failed = usage = 0
    quiet = bool(kwargs.get("quiet"))
    for pair in pairs:
        errors_before = session.sink.count("error")
        try:
            content = render(session, pair)
        except ParseError as exc:
            session.sink.add(parse_error_diagnostic(exc, str(pair.source)))
            content = None
        except StrictModeError:
            raise
        except UsageError as exc:
            # A pair naming a missing source or an unknown format is a configuration
            # error: exit status 2, after the other pairs were synced.
            click.echo(
                f"refbridge: error: [tool.refbridge.sync] {os.path.relpath(pair.derived)!r}: {exc}", err=True
            )
            usage += 1
            continue
        except RefbridgeError as exc:
            click.echo(f"refbridge: error: {exc}", err=True)
            failed += 1
            continue
        if content is None or session.sink.count("error") > errors_before:
            click.echo(f"{pair.derived}: not updated: {pair.source} has errors", err=True)
            failed += 1
            continue
        current = pair.derived.read_bytes() if pair.derived.is_file() else None
        if current == content:
            continue
        changed += 1
        if check_only:
            click.echo(f"{pair.derived} is out of date with {pair.source}", err=True)
        else:
            # A derived file may live in a folder of its own (paper/refs.xml): make it.
            pair.derived.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(pair.derived, content)
            if not quiet:
                click.echo(
                    f"{'updated' if current is not None else 'created'} {pair.derived} from {pair.source}",
                    err=True,
                )
    finish_diagnostics(session)
    sys.exit(2 if usage else 1 if changed or failed else 0)
