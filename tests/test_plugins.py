"""The plugin manager: entry points, in-test plugins, disabling, failures, hooks."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import refbridge._internal.plugins as plugins_module
from refbridge import Format, Option, Record, hookimpl
from refbridge._internal.plugins import build_plugin_set
from refbridge.cli import LazyGroup
from refbridge.errors import UsageError
from refbridge.registry import Registry
from refbridge.session import Session


def _builtin_entry_points() -> dict[str, str]:
    dist = importlib.metadata.distribution("refbridge")
    return {ep.name: ep.value for ep in dist.entry_points if ep.group == "refbridge"}


def test_builtin_plugins_equal_the_distribution_entry_points() -> None:
    plugin_set = build_plugin_set(warn=pytest.fail)
    builtins = {p.name: p for p in plugin_set.plugins if p.builtin}
    assert {name: p.module for name, p in builtins.items()} == _builtin_entry_points()
    assert all(p.status == "loaded" for p in builtins.values())


def test_entry_points_cover_formats_and_first_party_plugins() -> None:
    plugin_set = build_plugin_set(warn=pytest.fail)
    # Only the built-in ones: a third-party plugin (the sample one) may be installed too.
    builtin = {p.name for p in plugin_set.plugins if p.builtin}
    formats = {f.name: f.plugin for f in plugin_set.formats if f.plugin in builtin}
    assert formats == {
        "json": "json",
        "wprim": "wprim",
        "bibtex": "bibtex",
        "biblatex": "bibtex",
        "ris": "ris",
        "jats": "jats",
        "jats-article": "jats",
        "medline": "medline",
        "pubmed-xml": "pubmed-xml",
        "csl-json": "csl-json",
        "endnote-xml": "endnote",
        "endnote": "endnote",
    }
    transforms = {t.name: t.plugin for t in plugin_set.transforms if t.plugin in builtin}
    assert transforms == {
        "pages": "pages",
        "journal-abbreviation": "journal-abbreviation",
        "keywords": "keywords",
    }


class UpperFormat:
    """An in-test plugin adding a write-only format."""

    @hookimpl
    def refbridge_register_formats(self, registry: Registry[Format]) -> None:
        def write(records, stream, context):  # type: ignore[no-untyped-def]
            for record in records:
                stream.write((record.title or "").upper() + context.options["end"])

        registry.add(
            Format(
                "upper",
                "titles in capitals",
                (".up",),
                write=write,
                options=(Option("end", str, "\n", "line end"),),
            )
        )


def test_in_test_plugin_registers_a_format(tmp_path: Path, make_session: Callable[..., Session]) -> None:
    import refbridge

    session = make_session(extra_plugins=[("upper", UpperFormat())], options={"upper": {"end": ";"}})
    assert session.plugins.formats.get("upper") is not None
    refbridge.write([Record(title="a"), Record(title="b")], tmp_path / "x.up", session=session)
    assert (tmp_path / "x.up").read_text(encoding="utf-8") == "A;B;"
    # A fresh session does not see it: plugins live in their own manager.
    assert make_session().plugins.formats.get("upper") is None


def test_disable_a_plugin_by_name(make_session: Callable[..., Session]) -> None:
    session = make_session(disable=["json"])
    assert session.plugins.formats.get("json") is None
    assert [p.status for p in session.plugins.plugins if p.name == "json"] == ["disabled"]
    with pytest.raises(UsageError, match="cannot disable 'nosuch'"):
        make_session(disable=["nosuch"])


class _BrokenEntryPoint:
    name = "broken"
    value = "does_not_exist.module"
    dist = None

    def load(self) -> object:
        raise ModuleNotFoundError("No module named 'does_not_exist'")


def test_plugin_that_fails_to_import_warns_once_and_the_rest_works(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.metadata.entry_points(group="refbridge")
    monkeypatch.setattr(plugins_module, "entry_points", lambda group: [_BrokenEntryPoint(), *real])
    warnings: list[str] = []
    plugin_set = build_plugin_set(warn=warnings.append)
    assert warnings == [
        "plugin 'broken' (does_not_exist.module) failed to load and is skipped: "
        "ModuleNotFoundError: No module named 'does_not_exist'"
    ]
    assert plugin_set.formats.get("json") is not None


def test_plugin_whose_hook_raises_is_skipped_with_a_warning() -> None:
    class Faulty:
        @hookimpl
        def refbridge_register_formats(self, registry: Registry[Format]) -> None:
            raise RuntimeError("boom")

    warnings: list[str] = []
    plugin_set = build_plugin_set(extra_plugins=[("faulty", Faulty())], warn=warnings.append)
    assert warnings == ["plugin 'faulty' skipped: refbridge_register_formats raised RuntimeError: boom"]
    assert [p.status for p in plugin_set.plugins if p.name == "faulty"] == [
        "failed: refbridge_register_formats raised RuntimeError: boom"
    ]
    assert plugin_set.formats.get("json") is not None


def test_plugin_commands_are_added_through_the_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    class Commands:
        @hookimpl
        def refbridge_register_commands(self, cli: click.Group) -> None:
            @cli.command()
            def hello() -> None:
                """Say hello."""
                click.echo("hello from a plugin")

    real_build = plugins_module.build_plugin_set

    def build_with_commands(**kwargs):  # type: ignore[no-untyped-def]
        return real_build(extra_plugins=[("commands", Commands())], **kwargs)

    monkeypatch.setattr(plugins_module, "build_plugin_set", build_with_commands)

    @click.group(cls=LazyGroup)
    def group() -> None:
        """Test group."""

    result = CliRunner().invoke(group, ["hello"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "hello from a plugin\n"
    assert "hello" in group.list_commands(click.Context(group))
