"""The options contract: declared once, read with ``context.option``, checked when a run starts."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from refbridge import Record, Transform, hookimpl
from refbridge.cli import cli
from refbridge.config import load_config
from refbridge.context import Context, UndeclaredOptionError
from refbridge.errors import ConfigError
from refbridge.registry import Option, Registry
from refbridge.session import Session

REPO = Path(__file__).resolve().parents[1]
BIBTEX_OPTIONS = "ascii, key_pattern, protect_capitals, resolve_crossref"
STYLES = "expected one of iso4, nlm, dotless"


@pytest.fixture
def empty_json(tmp_path: Path) -> Path:
    path = tmp_path / "in.json"
    path.write_text("[]", encoding="utf-8")
    return path


# -- reading an option -------------------------------------------------------------------------


def test_option_is_the_resolved_value_with_the_default_of_each_format(session: Session) -> None:
    bibtex = session.context("bibtex", "out.bib")
    biblatex = session.context("biblatex", "out.bib")
    assert (bibtex.option("ascii"), biblatex.option("ascii")) == (True, False)
    assert bibtex.option("key_pattern") == "{author}{year}{title}"
    assert session.context("medline", None).option("width") == 80


def test_option_given_on_the_cli_and_in_config_arrives_typed(tmp_path: Path) -> None:
    config = tmp_path / "refbridge.toml"
    config.write_text('[medline]\nwidth = 88\nnewline = "crlf"\n[bibtex]\nascii = "no"\n', encoding="utf-8")
    session = Session(config=load_config(config), options={"medline": {"width": "72"}})
    context = session.context("medline", None)
    assert (context.option("width"), context.option("newline")) == (72, "crlf")
    assert session.context("bibtex", None).option("ascii") is False


def test_undeclared_name_is_a_programming_error_naming_the_declared_ones(session: Session) -> None:
    context = session.context("ris", "out.ris")
    with pytest.raises(UndeclaredOptionError) as caught:
        context.option("flavor")
    assert str(caught.value) == (
        "ris: option 'flavor' is not declared (declared: flavour, newline); declare it as an Option "
        "in the format's or transform's registration, and give the Context the options resolved for it"
    )
    assert isinstance(caught.value, LookupError)
    assert (caught.value.owner, caught.value.name) == ("ris", "flavor")


def test_a_context_built_by_hand_without_options_declares_none() -> None:
    with pytest.raises(
        UndeclaredOptionError, match=r"^bibtex: option 'ascii' is not declared \(declared: none\)"
    ):
        Context("bibtex", "x.bib").option("ascii")


def test_a_third_party_transform_reads_its_declared_default_and_given_values(
    make_session: Callable[..., Session],
) -> None:
    seen: list[object] = []

    def factory(context: Context) -> Callable[[Record], Record | None]:
        seen.append(context.option("times"))
        return lambda record: record

    class Plugin:
        @hookimpl
        def refbridge_register_transforms(self, registry: Registry[Transform]) -> None:
            registry.add(
                Transform("repeat", "test", factory, options=(Option("times", int, 2, "how often"),))
            )

    make_session(extra_plugins=[("repeat-plugin", Plugin())]).transform_steps()
    make_session(
        extra_plugins=[("repeat-plugin", Plugin())], options={"repeat": {"times": "5"}}
    ).transform_steps()
    assert seen == [2, 5]


def test_no_read_site_repeats_a_default() -> None:
    """Formats and first-party plugins read ``context.option(name)``, never ``options.get(name, default)``."""
    pattern = re.compile(r"options\.get\(|options\[\"")
    offenders = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for folder in (REPO / "refbridge" / "formats", REPO / "plugins")
        for path in sorted(folder.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


# -- wrong values: usage errors naming the option ----------------------------------------------


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        ("bibtex.ascii=maybe", "-O bibtex.ascii=maybe: expected true or false"),
        ("medline.width=wide", "-O medline.width=wide: expected int"),
        ("medline.width=2.5", "-O medline.width=2.5: expected int"),
        ("ris.flavour=mendeley", "-O ris.flavour=mendeley: expected one of zotero, endnote"),
        ("pages.min_first_page_to_expand=", "-O pages.min_first_page_to_expand=: expected int"),
        ("bibtex.asci=1", f"unknown option bibtex.asci (valid options: {BIBTEX_OPTIONS})"),
    ],
)  # fmt: skip
def test_a_bad_cli_option_is_a_usage_error_naming_the_flag(
    empty_json: Path, cli_runner: CliRunner, flag: str, message: str
) -> None:
    result = cli_runner.invoke(cli, ["convert", str(empty_json), "-t", "bibtex", "-O", flag])
    assert result.exit_code == 2
    assert result.stderr == f"refbridge: error: {message}\n"
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[bibtex]\nascii = "maybe"\n', 'bibtex.ascii = "maybe": expected true or false'),
        ("[bibtex]\nascii = 1\n", "bibtex.ascii = 1: expected true or false"),
        ("[medline]\nwidth = 2.5\n", "medline.width = 2.5: expected int"),
        ("[medline]\nwidth = true\n", "medline.width = true: expected int"),
        ('[ris]\nflavour = ["zotero"]\n', 'ris.flavour = ["zotero"]: expected a string'),
        ('[pages]\nvolume_issue = "sometimes"\n', 'pages.volume_issue = "sometimes": expected true or false'),
        ('[journal-abbreviation]\nstyle = "apa"\n', f'journal-abbreviation.style = "apa": {STYLES}'),
        ("[keywords]\nmappings = [1, 2]\n", "keywords.mappings = [1, 2]: expected a list of strings"),
    ],
)  # fmt: skip
def test_a_bad_config_value_is_a_usage_error_naming_file_and_option(
    empty_json: Path, tmp_path: Path, cli_runner: CliRunner, table: str, message: str
) -> None:
    config = tmp_path / "refbridge.toml"
    config.write_text(table, encoding="utf-8")
    result = cli_runner.invoke(cli, ["convert", str(empty_json), "-t", "bibtex", "--config", str(config)])
    assert result.exit_code == 2
    assert result.stderr == f"refbridge: error: {config}: [tool.refbridge] {message}\n"


def test_the_cli_value_replaces_a_bad_config_value(
    empty_json: Path, tmp_path: Path, cli_runner: CliRunner
) -> None:
    config = tmp_path / "refbridge.toml"
    config.write_text('[json]\nindent = "maybe"\n', encoding="utf-8")
    args = ["convert", str(empty_json), "-t", "json", "--config", str(config), "-q"]
    assert cli_runner.invoke(cli, [*args, "-O", "json.indent=false"]).exit_code == 0
    result = cli_runner.invoke(cli, [*args, "-O", "json.indent=nope"])
    assert result.stderr == "refbridge: error: -O json.indent=nope: expected true or false\n"


def test_a_bad_value_through_the_python_api_names_the_option() -> None:
    with pytest.raises(ConfigError) as caught:
        Session(options={"bibtex": {"ascii": "maybe"}})
    assert str(caught.value) == "bibtex.ascii: expected true or false, got 'maybe'"


def test_a_bad_option_through_a_real_subprocess(empty_json: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "refbridge",
            "convert",
            str(empty_json),
            "-O",
            "bibtex.ascii=maybe",
            "-t",
            "bibtex",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        "refbridge: error: -O bibtex.ascii=maybe: expected true or false\n",
    )
