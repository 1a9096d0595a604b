"""Meta-tests: hooks, commands, diagnostic codes and packaging are documented and consistent."""

from __future__ import annotations

import inspect
import re
import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib
from pathlib import Path

import click

from refbridge import hookspecs
from refbridge.cli import BUILTIN_COMMANDS, cli

REPO = Path(__file__).resolve().parents[1]


def _hookspecs() -> dict[str, object]:
    return {name: fn for name, fn in vars(hookspecs).items() if name.startswith("refbridge_")}


def test_every_hookspec_has_a_docstring_and_is_documented_with_its_signature() -> None:
    docs = (REPO / "docs" / "plugins.md").read_text(encoding="utf-8")
    specs = _hookspecs()
    assert set(specs) == {
        "refbridge_register_formats",
        "refbridge_register_transforms",
        "refbridge_register_commands",
    }
    for name, function in specs.items():
        assert inspect.getdoc(function), f"hookspec {name} has no docstring"
        params = ", ".join(inspect.signature(function).parameters)  # type: ignore[arg-type]
        assert f"### `{name}({params})`" in docs, f"docs/plugins.md does not document {name}({params})"


def test_every_command_has_help_and_a_readme_mention() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in BUILTIN_COMMANDS:
        command = cli.get_command(click.Context(cli), name)
        assert command is not None
        assert command.help and command.help.strip(), f"command {name} has no help"
        assert f"refbridge {name}" in readme, f"README does not mention `refbridge {name}`"


def test_every_diagnostic_code_in_the_source_is_in_the_catalogue() -> None:
    catalogue = (REPO / "docs" / "errors.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| (RB\d{3}) \|", catalogue, flags=re.MULTILINE))
    used: dict[str, str] = {}
    for path in [*(REPO / "refbridge").rglob("*.py"), *(REPO / "plugins").rglob("*.py")]:
        for code in re.findall(r"\bRB\d{3}\b", path.read_text(encoding="utf-8")):
            used.setdefault(code, str(path.relative_to(REPO)))
    missing = {code: where for code, where in used.items() if code not in documented}
    assert not missing, f"codes used but not in docs/errors.md: {missing}"


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^```sh\n(.*?)\n```", quick_start, flags=re.MULTILINE | re.DOTALL)
    assert len(commands) == 2, commands
    assert commands[0].startswith("pip install . && refbridge convert samples/")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()


def test_packaging_lists_every_package_and_builtin_entry_point() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools_cfg = pyproject["tool"]["setuptools"]
    package_dir = setuptools_cfg["package-dir"]
    expected = set()
    for top, folder in package_dir.items():
        for init in (REPO / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(REPO / folder)
            expected.add(".".join([top, *relative.parts]))
    assert set(setuptools_cfg["packages"]) == expected
    entry_points = pyproject["project"]["entry-points"]["refbridge"]
    for name, target in entry_points.items():
        module = target.replace("refbridge_plugins", "plugins").replace(".", "/")
        # A module or a package (the built-in formats are packages: formats/json/__init__.py).
        found = (REPO / f"{module}.py").is_file() or (REPO / module / "__init__.py").is_file()
        assert found, f"entry point {name} points at missing {module}(.py or /__init__.py)"


def test_public_names_resolve_lazily() -> None:
    import refbridge

    assert set(refbridge.__all__) == {*refbridge._EXPORTS, "__version__"}
    for name in refbridge.__all__:
        assert getattr(refbridge, name) is not None
