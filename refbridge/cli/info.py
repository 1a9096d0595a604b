"""``refbridge formats`` and ``refbridge plugins``: what this installation can do."""

from __future__ import annotations

import json
from typing import Any

import click

from refbridge._internal.plugins import build_plugin_set
from refbridge.cli import CONTEXT_SETTINGS
from refbridge.registry import Option


def _warn(message: str) -> None:
    click.echo(f"refbridge: warning: {message}", err=True)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a list of objects) instead of a table.")
def formats(as_json: bool) -> None:
    """List the formats: name, whether each is read and written, its extensions and the
    plugin that provides it."""
    plugin_set = build_plugin_set(warn=_warn)
    rows: list[dict[str, Any]] = [
        {
            "name": f.name,
            "read": f.readable,
            "write": f.writable,
            "extensions": list(f.extensions),
            "plugin": f.plugin,
            "description": f.description,
        }
        for f in sorted(plugin_set.formats, key=lambda f: f.name)
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(f"{'name':<14} {'read':<5} {'write':<6} {'extensions':<18} {'plugin':<20} description")
    for row in rows:
        click.echo(
            f"{row['name']:<14} {'yes' if row['read'] else '-':<5} {'yes' if row['write'] else '-':<6} "
            f"{' '.join(row['extensions']) or '-':<18} {row['plugin']:<20} {row['description']}"
        )


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a list of objects) instead of a table.")
@click.option(
    "-v", "--verbose", is_flag=True, help="Also list each plugin's formats, transforms and options."
)
def plugins(as_json: bool, verbose: bool) -> None:
    """List the installed plugins: name, distribution and version, built-in or
    third-party, and the hooks each implements."""
    plugin_set = build_plugin_set(warn=_warn)
    rows: list[dict[str, Any]] = []
    for info in sorted(plugin_set.plugins, key=lambda p: p.name):
        fmts = [f for f in plugin_set.formats if f.plugin == info.name]
        transforms = [t for t in plugin_set.transforms if t.plugin == info.name]
        rows.append(
            {
                "name": info.name,
                "distribution": info.distribution,
                "version": info.version,
                "hooks": list(info.hooks),
                "builtin": info.builtin,
                "status": info.status,
                "formats": [{"name": f.name, "options": _options(f.options)} for f in fmts],
                "transforms": [
                    {
                        "name": t.name,
                        "order": t.order,
                        "enabled_by_default": t.enabled_by_default,
                        "description": t.description,
                        "options": _options(t.options),
                    }
                    for t in sorted(transforms, key=lambda t: t.order)
                ],
            }
        )
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    cells = [
        [
            row["name"],
            f"{row['distribution']} {row['version']}" if row["distribution"] else "(not installed)",
            "built-in" if row["builtin"] else "third-party",
            ", ".join(row["hooks"]) + ("" if row["status"] == "loaded" else f"  [{row['status']}]"),
        ]
        for row in rows
    ]
    header = ["name", "distribution", "kind", "hooks"]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(header) - 1)]
    click.echo(_aligned(header, widths))
    for row, line in zip(rows, cells, strict=True):
        click.echo(_aligned(line, widths))
        if verbose:
            for fmt in row["formats"]:
                click.echo(f"    format {fmt['name']}")
                _echo_options(fmt["name"], fmt["options"])
            for t in row["transforms"]:
                state = "on" if t["enabled_by_default"] else "off"
                click.echo(
                    f"    transform {t['name']} (order {t['order']}, {state} by default): {t['description']}"
                )
                _echo_options(t["name"], t["options"])


def _aligned(cells: list[str], widths: list[int]) -> str:
    """One row of a table: every column but the last padded to its width (as ``formats`` does)."""
    return " ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=False)) + " " + cells[-1]


def _options(options: tuple[Option, ...]) -> list[dict[str, Any]]:
    return [{"name": o.name, "type": o.type.__name__, "default": o.default, "help": o.help} for o in options]


def _echo_options(owner: str, options: list[dict[str, Any]]) -> None:
    for o in options:
        click.echo(f"        -O {owner}.{o['name']}=… ({o['type']}, default {o['default']!r}): {o['help']}")
