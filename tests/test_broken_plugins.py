"""Deliberately broken plugins: each is one line naming it, and everything else works.

Broken plugins come in through fake entry points (with a fake distribution, so the
warning names it as for an installed package) or, for the run-time failures, as
in-test plugins; once, a real broken distribution on sys.path with the CLI run as a
subprocess. Covered: a misspelt hook, a hook asking for an argument the hook does not
give, a command hook that raises (``--help`` and ``plugins`` still work), and a
third-party reader, writer or transform raising during a run (one line with plugin
and place, exit 1, the output file left as it was; the traceback with ``--debug``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import click
import pytest
from click.testing import CliRunner, Result

import refbridge._internal.plugins as plugins_module
from refbridge import Format, Record, Transform, hookimpl
from refbridge._internal.entrypoints import entry_points
from refbridge._internal.guard import PluginError
from refbridge._internal.plugins import build_plugin_set
from refbridge.cli import LazyGroup, cli
from refbridge.context import Context
from refbridge.model import SourceLocation
from refbridge.registry import Registry

# -- fake entry points ------------------------------------------------------------------


class _FakeDist:
    """The part of importlib.metadata.Distribution that refbridge reads."""

    def __init__(self, name: str, version: str) -> None:
        self.metadata = {"Name": name}
        self.version = version


class FakeEntryPoint:
    """An entry point of a fake installed distribution ``<name>-refs 1.0``."""

    def __init__(self, name: str, plugin: object) -> None:
        self.name = name
        self.value = f"{name.replace('-', '_')}_refs"
        self.group = "refbridge"
        self.dist = _FakeDist(f"{name}-refs", "1.0")
        self._plugin = plugin

    def load(self) -> object:
        return self._plugin


@pytest.fixture
def install(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """``install(FakeEntryPoint(...), ...)``: add plugins to the installed ones for this test."""
    real = list(entry_points("refbridge"))

    def add(*fakes: FakeEntryPoint) -> None:
        monkeypatch.setattr(plugins_module, "entry_points", lambda group: [*real, *fakes])

    return add


def fresh_cli() -> LazyGroup:
    """A copy of the ``refbridge`` group that has not yet asked plugins for commands."""
    return LazyGroup(name="refbridge", callback=cli.callback, params=cli.params, help=cli.help)


def run(args: list[str], group: click.Group | None = None) -> Result:
    return CliRunner().invoke(group or fresh_cli(), args, catch_exceptions=False)


# -- plugins that fail at start-up ------------------------------------------------------


class Misspelt:
    """A plugin whose hook name has a typo."""

    @hookimpl
    def refbridge_register_formatz(self, registry: Registry[Format]) -> None:
        raise AssertionError("never called")


class WrongArgument:
    """A plugin whose hook asks for an argument the hook does not give."""

    @hookimpl
    def refbridge_register_formats(self, registy: Registry[Format]) -> None:
        raise AssertionError("never called")


class GoodCommand:
    """A plugin adding a command that works."""

    @hookimpl
    def refbridge_register_commands(self, cli: click.Group) -> None:
        @cli.command()
        def hello() -> None:
            """Say hello."""
            click.echo("hello from a plugin")


class RaisingCommand:
    """A plugin whose command hook adds a command, then raises."""

    @hookimpl
    def refbridge_register_commands(self, cli: click.Group) -> None:
        @cli.command()
        def half() -> None:
            """Added before the hook failed: must not be listed."""

        raise RuntimeError("no commands today")


MISSPELT_LINE = (
    "refbridge: warning: plugin 'typo' (typo-refs 1.0) skipped: unknown hook 'refbridge_register_formatz'"
)
WRONG_ARGUMENT_LINE = (
    "refbridge: warning: plugin 'wrongarg' (wrongarg-refs 1.0) skipped: "
    "wrong arguments for hook 'refbridge_register_formats': 'registy' (the hook gives: registry)"
)
RAISING_COMMAND_LINE = (
    "refbridge: warning: plugin 'badcmd' (badcmd-refs 1.0) commands skipped: "
    "refbridge_register_commands raised RuntimeError: no commands today"
)


def test_misspelt_hook_is_one_line_and_the_plugin_is_listed_as_failed(install: Callable[..., None]) -> None:
    install(FakeEntryPoint("typo", Misspelt()))
    result = run(["plugins"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [MISSPELT_LINE]
    rows = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert rows["typo"].endswith("[failed: unknown hook 'refbridge_register_formatz']")
    assert "[" not in rows["bibtex"]  # the others are loaded as before
    formats = run(["formats"])
    assert formats.exit_code == 0
    assert formats.stderr.splitlines() == [MISSPELT_LINE]
    assert any(line.startswith("bibtex ") for line in formats.stdout.splitlines())


def test_debug_shows_why_a_plugin_was_skipped(install: Callable[..., None]) -> None:
    install(FakeEntryPoint("typo", Misspelt()))
    result = run(["--debug", "plugins"])
    assert result.exit_code == 0
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert "pluggy._manager.PluginValidationError: unknown hook 'refbridge_register_formatz'" in result.stderr
    assert result.stderr.splitlines()[-1] == MISSPELT_LINE


def test_hook_with_a_wrong_argument_name_is_one_line_and_formats_still_lists(
    install: Callable[..., None],
) -> None:
    install(FakeEntryPoint("wrongarg", WrongArgument()))
    result = run(["formats"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [WRONG_ARGUMENT_LINE]
    names = {line.split()[0] for line in result.stdout.splitlines()[1:]}
    assert {"bibtex", "ris", "json"} <= names
    plugin_set = build_plugin_set(warn=lambda message: None)
    [info] = [p for p in plugin_set.plugins if p.name == "wrongarg"]
    assert info.status.startswith("failed: wrong arguments for hook 'refbridge_register_formats'")
    assert plugin_set.manager.get_plugin("wrongarg") is None


def test_raising_command_hook_leaves_help_and_the_other_commands(install: Callable[..., None]) -> None:
    install(FakeEntryPoint("badcmd", RaisingCommand()), FakeEntryPoint("goodcmd", GoodCommand()))
    result = run(["--help"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [RAISING_COMMAND_LINE]
    listed = result.stdout.partition("Commands:")[2].split()
    for command in ("check", "convert", "format", "formats", "plugins", "sync", "hello"):
        assert command in listed
    assert "half" not in listed  # what the failing hook added before it raised is taken back
    hello = run(["hello"])
    assert (hello.exit_code, hello.stdout) == (0, "hello from a plugin\n")
    plugins = run(["plugins"])
    assert plugins.exit_code == 0
    assert {"badcmd", "goodcmd", "bibtex"} <= {line.split()[0] for line in plugins.stdout.splitlines()}


def test_plugin_calling_sys_exit_on_import_leaves_help_working(install: Callable[..., None]) -> None:
    class Quitter(FakeEntryPoint):
        def load(self) -> object:
            sys.exit(3)

    install(Quitter("quitter", None))
    result = run(["--help"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "refbridge: warning: plugin 'quitter' (quitter_refs) failed to load and is skipped: SystemExit: 3"
    ]
    assert "convert" in result.stdout.partition("Commands:")[2].split()


def test_raising_registration_hook_keeps_nothing_of_the_plugin(install: Callable[..., None]) -> None:
    class HalfRegistered:
        @hookimpl
        def refbridge_register_formats(self, registry: Registry[Format]) -> None:
            registry.add(Format("half", "registered before the transform hook failed", (".half",)))

        @hookimpl
        def refbridge_register_transforms(self, registry: Registry[Transform]) -> None:
            raise RuntimeError("boom")

    install(FakeEntryPoint("half", HalfRegistered()))
    warnings: list[str] = []
    plugin_set = build_plugin_set(warn=warnings.append)
    assert warnings == [
        "plugin 'half' (half-refs 1.0) skipped: refbridge_register_transforms raised RuntimeError: boom"
    ]
    assert plugin_set.formats.get("half") is None
    assert plugin_set.formats.get("bibtex") is not None


# -- a real broken distribution, the CLI as a subprocess ---------------------------------

BROKEN_MODULE = """
from refbridge import hookimpl

@hookimpl
def refbridge_register_formatz(registry):
    pass
"""

RAISING_COMMANDS_MODULE = """
from refbridge import hookimpl

@hookimpl
def refbridge_register_commands(cli):
    raise RuntimeError("no commands today")
"""


def _distribution(site: Path, name: str, module: str, source: str) -> None:
    (site / f"{module}.py").write_text(source, encoding="utf-8")
    info = site / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        f"[refbridge]\n{name.partition('-')[0]} = {module}\n", encoding="utf-8"
    )


def test_installed_broken_plugins_leave_help_working_in_a_real_process(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    _distribution(site, "typo-refs", "typo_refs", BROKEN_MODULE)
    _distribution(site, "badcmd-refs", "badcmd_refs", RAISING_COMMANDS_MODULE)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run(
        [sys.executable, "-m", "refbridge", "--help"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert sorted(proc.stderr.splitlines()) == [RAISING_COMMAND_LINE, MISSPELT_LINE]
    assert "convert" in proc.stdout.partition("Commands:")[2].split()


# -- third-party code raising during a run ---------------------------------------------

#: The second entry starts on line 12.
REFS_BIB = """@article{first,
  author = {Zhou, M{\\'o}nica},
  title = {A good title},
  journal = {Journal of Tests},
  year = {2013},
  volume = {39},
  pages = {1--9},
}

% The next entry breaks the title-case plugin.

@article{second,
  author = {Lu, Ji},
  title = {BAD},
  journal = {Journal of Tests},
  year = {2014},
}
"""

OLD_OUTPUT = "the previous output\n"


class Titlecase:
    """A transform that raises on one record (``in_format``: run by ``format`` too).

    Registered as ``fake-titlecase``: the sample plugin (samples/refbridge-example-plugin)
    is named ``titlecase``, and the suite must pass with it installed.
    """

    def __init__(self, *, in_format: bool = False) -> None:
        self.in_format = in_format

    @hookimpl
    def refbridge_register_transforms(self, registry: Registry[Transform]) -> None:
        def factory(context: Context) -> Callable[[Record], Record | None]:
            def step(record: Record) -> Record | None:
                if record.title == "BAD":
                    raise ValueError("cannot title-case 'BAD'")
                return record

            return step

        registry.add(
            Transform("fake-titlecase", "Title-case titles", factory, order=500, in_format=self.in_format)
        )


class Acme:
    """A format whose reader raises after one record, and whose writer raises on the second."""

    @hookimpl
    def refbridge_register_formats(self, registry: Registry[Format]) -> None:
        def read(stream: IO[str], context: Context) -> Iterator[Record]:
            for number, line in enumerate(stream, 1):
                if line.startswith("boom"):
                    raise KeyError(line.strip())
                yield Record(title=line.strip(), source=SourceLocation(context.filename, number))

        def write(records: Iterable[Record], stream: IO[str], context: Context) -> None:
            for count, record in enumerate(records, 1):
                if count == 2:
                    raise RuntimeError("disk of the plugin is full")
                stream.write(f"{record.title}\n")

        registry.add(Format("acme", "Acme lines", (".acme",), read=read, write=write))


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working folder of a run: refs.bib, and out.ris from an earlier run."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(REFS_BIB, encoding="utf-8")
    (tmp_path / "out.ris").write_text(OLD_OUTPUT, encoding="utf-8")
    return tmp_path


def _left_as_it_was(folder: Path, *inputs: str) -> None:
    assert (folder / "out.ris").read_text(encoding="utf-8") == OLD_OUTPUT
    assert sorted(p.name for p in folder.iterdir()) == sorted({"out.ris", *inputs})  # no temporary file


TRANSFORM_LINE = (
    "refbridge: error: plugin 'fake-titlecase' failed on refs.bib:12: ValueError: cannot title-case 'BAD'"
)


def test_raising_transform_is_one_line_exit_1_and_the_output_kept(
    install: Callable[..., None], workdir: Path
) -> None:
    install(FakeEntryPoint("fake-titlecase", Titlecase()))
    result = run(["convert", "refs.bib", "-o", "out.ris"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [TRANSFORM_LINE]
    _left_as_it_was(workdir, "refs.bib")
    # Everything else works: the same run without the plugin.
    again = run(["convert", "refs.bib", "-o", "out.ris", "-D", "fake-titlecase", "-q"])
    assert (again.exit_code, again.stderr) == (0, "")
    assert (workdir / "out.ris").read_text(encoding="utf-8").count("TY  - JOUR") == 2


def test_debug_adds_the_plugins_traceback(install: Callable[..., None], workdir: Path) -> None:
    install(FakeEntryPoint("fake-titlecase", Titlecase()))
    result = run(["--debug", "convert", "refs.bib", "-o", "out.ris"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert "raise ValueError(\"cannot title-case 'BAD'\")" in result.stderr  # the plugin's own line
    assert lines[-2:] == ["ValueError: cannot title-case 'BAD'", TRANSFORM_LINE]
    _left_as_it_was(workdir, "refs.bib")
    # --debug lasts for its run only.
    assert run(["convert", "refs.bib", "-o", "out.ris"]).stderr.splitlines() == [TRANSFORM_LINE]


def test_format_command_reports_the_plugin_and_leaves_the_file(
    install: Callable[..., None], workdir: Path
) -> None:
    install(FakeEntryPoint("fake-titlecase", Titlecase(in_format=True)))
    result = run(["format", "refs.bib"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == TRANSFORM_LINE
    assert (workdir / "refs.bib").read_text(encoding="utf-8") == REFS_BIB


def test_raising_reader_is_one_line_with_the_file_and_the_last_record(
    install: Callable[..., None], workdir: Path
) -> None:
    install(FakeEntryPoint("acme", Acme()))
    (workdir / "in.acme").write_text("one\nboom here\n", encoding="utf-8")
    result = run(["convert", "in.acme", "-o", "out.ris"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "refbridge: error: plugin 'acme' failed reading in.acme after the record at line 1: "
        "KeyError: 'boom here'"
    ]
    _left_as_it_was(workdir, "refs.bib", "in.acme")


def test_raising_writer_is_one_line_with_the_output_and_the_record(
    install: Callable[..., None], workdir: Path
) -> None:
    install(FakeEntryPoint("acme", Acme()))
    (workdir / "out.acme").write_text(OLD_OUTPUT, encoding="utf-8")
    result = run(["convert", "refs.bib", "-o", "out.acme"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "refbridge: error: plugin 'acme' failed writing out.acme on refs.bib:12: "
        "RuntimeError: disk of the plugin is full"
    ]
    assert (workdir / "out.acme").read_text(encoding="utf-8") == OLD_OUTPUT


def test_a_transform_failing_under_a_third_party_writer_is_the_transforms(
    install: Callable[..., None], workdir: Path
) -> None:
    install(FakeEntryPoint("acme", Acme()), FakeEntryPoint("fake-titlecase", Titlecase()))
    result = run(["convert", "refs.bib", "-o", "out.acme"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [TRANSFORM_LINE]


def test_library_callers_get_a_plugin_error_with_the_cause(
    make_session: Callable[..., Any], workdir: Path
) -> None:
    import refbridge

    session = make_session(extra_plugins=[("fake-titlecase", Titlecase())])
    with pytest.raises(PluginError) as caught:
        refbridge.convert("refs.bib", "out.ris", session=session)
    assert str(caught.value) == TRANSFORM_LINE.removeprefix("refbridge: error: ")
    assert isinstance(caught.value.__cause__, ValueError)
    assert caught.value.plugin == "fake-titlecase"
    _left_as_it_was(workdir, "refs.bib")


def test_builtin_plugins_are_not_wrapped() -> None:
    plugin_set = build_plugin_set(extra_plugins=[("fake-titlecase", Titlecase())], warn=pytest.fail)
    bibtex = plugin_set.formats.get("bibtex")
    assert bibtex is not None and bibtex.read is not None
    assert bibtex.read.__module__.startswith("refbridge.formats.bibtex")
    titlecase = plugin_set.transforms.get("fake-titlecase")
    assert titlecase is not None and titlecase.factory.__module__ == "refbridge._internal.guard"
