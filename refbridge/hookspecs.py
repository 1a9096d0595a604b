"""Every refbridge hook, in one module.

Hooks *register* things (formats, transforms, commands); they do not process
records. A plugin is any module or object with functions decorated by
``refbridge.hookimpl`` and named like these specifications, found through the
``refbridge`` entry-point group. Each hook is documented in ``docs/plugins.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import click

    from refbridge.registry import Format, Registry, Transform

PROJECT_NAME = "refbridge"
hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def refbridge_register_formats(registry: Registry[Format]) -> None:
    """Add file formats by calling ``registry.add(Format(...))``.

    Called once when the plugin manager is built, for every plugin that is not
    disabled. A format has a name, extensions, a ``sniff(head) -> score`` function,
    and a reader ``read(stream, context) -> Iterator[Record]`` and/or a writer
    ``write(records, stream, context)``. Returns nothing.
    """


@hookspec
def refbridge_register_transforms(registry: Registry[Transform]) -> None:
    """Add record transforms by calling ``registry.add(Transform(...))``.

    Called once when the plugin manager is built. Each transform has a name, an
    explicit ``order`` (the pipeline sorts by it: 100s normalise, 200s enrich,
    300s map, 500 third parties), whether it is on by default, its options, and a
    ``factory(context)`` returning the per-record step. Returns nothing.
    """


@hookspec
def refbridge_register_commands(cli: click.Group) -> None:
    """Add subcommands to the ``refbridge`` command line with ``@cli.command()``.

    Called when the CLI is asked for a command that is not built in (or lists its
    commands), so plugins that add none cost nothing at start-up. Returns nothing.
    """
