"""The ``refbridge`` command line.

Built-in commands are imported only when used and plugin commands only when a
name is not built in, so ``refbridge --version`` and the pre-commit path start fast.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from refbridge.errors import RefbridgeError, StrictModeError, UsageError

#: ``-h`` works as ``--help``: given to the group and to every built-in command (click keeps
#: a command's help option from the first context it met, which may not be the group's).
CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}

#: Built-in commands: name → "module:attribute" (relative to this package).
BUILTIN_COMMANDS: dict[str, str] = {
    "convert": ".convert:convert",
    "format": ".format:format_command",
    "check": ".format:check",
    "sync": ".sync:sync",
    "formats": ".info:formats",
    "plugins": ".info:plugins",
}


class OneLineUsageError(click.ClickException):
    """A usage error click found (bad option value, missing argument, unknown option),
    shown as refbridge shows its own: one ``refbridge: error: …`` line, exit status 2.

    click's own three lines (``Usage: …``, ``Try … --help``, ``Error: …``) differ from
    every other error refbridge prints, and pre-commit logs and scripts look for one form.
    """

    exit_code = 2

    def show(self, file: Any = None) -> None:
        """Print the one line on stderr."""
        click.echo(f"refbridge: error: {self.format_message()}", err=True)


def _one_line(exc: click.UsageError) -> OneLineUsageError:
    message = exc.format_message()
    # "Missing argument 'INPUT...'." and the like: name the command the user typed.
    if exc.ctx is not None and exc.ctx.parent is not None:
        message = f"{exc.ctx.info_name}: {message}"
    return OneLineUsageError(message)


class LazyGroup(click.Group):
    """A click group that imports built-in commands on demand and asks plugins for more."""

    _plugins_loaded = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        return sorted(set(BUILTIN_COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = BUILTIN_COMMANDS.get(cmd_name)
        if target is not None:
            module_name, _, attr = target.partition(":")
            command: click.Command = getattr(importlib.import_module(module_name, __name__), attr)
            return command
        if cmd_name not in self.commands:
            self._load_plugin_commands()
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands with their whole first sentence (click cuts it at 45 characters
        with "...", which leaves half a sentence)."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=200)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def _load_plugin_commands(self) -> None:
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        from refbridge._internal.plugins import add_plugin_commands, build_plugin_set

        def warn(message: str) -> None:
            click.echo(f"refbridge: warning: {message}", err=True)

        # Whatever a plugin does here, --help and the built-in commands must still work:
        # a failing plugin is one warning line, its commands left out.
        add_plugin_commands(build_plugin_set(warn=warn), self, warn)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line; ``--debug`` lasts for this run only (tests run many in one process)."""
        try:
            return super().main(*args, **kwargs)
        finally:
            guard = sys.modules.get("refbridge._internal.guard")  # imported only if plugins were loaded
            if guard is not None:
                guard.set_debug(False)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        """Parse the group's own options; a click usage error becomes one line."""
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            # Raised while parsing a command's arguments (inside the group's invoke).
            raise _one_line(exc) from None
        except StrictModeError as exc:
            # The diagnostic that stopped the run was printed as it arrived: say only why
            # the run stopped, so that no line appears twice.
            severity = getattr(exc.diagnostic, "severity", "problem")
            click.echo(f"refbridge: stopped at the first {severity} (--strict)", err=True)
            ctx.exit(1)
        except RefbridgeError as exc:
            click.echo(f"refbridge: error: {exc}", err=True)
            ctx.exit(2 if isinstance(exc, UsageError) else 1)
        except BrokenPipeError:
            # The reader of our stdout went away (e.g. `| head`): not an error of ours.
            sys.stderr.close()
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("refbridge: interrupted", err=True)
            ctx.exit(130)


def _debug_callback(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        from refbridge._internal.guard import set_debug

        set_debug(True)


@click.group(cls=LazyGroup, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--debug",
    is_flag=True,
    is_eager=True,  # before --help, which loads the plugins' commands
    expose_value=False,
    callback=_debug_callback,
    help="Show the full traceback when a plugin fails (otherwise one line names it).",
)
@click.version_option(package_name="refbridge", prog_name="refbridge")  # looked up only when asked
def cli() -> None:
    """Move bibliographic records between BibTeX/BibLaTeX, RIS, JATS XML, CSL-JSON, MEDLINE and
    EndNote, read PubMed XML and WPRIM search results, and clean them on the way."""


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="refbridge")
