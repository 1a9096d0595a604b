"""Configuration discovery, validation and path options."""

from __future__ import annotations

from pathlib import Path

import pytest

from refbridge.config import find_config_file, load_config, parse_cli_options
from refbridge.errors import ConfigError
from refbridge.session import Session


def test_nearest_pyproject_with_a_refbridge_table_is_found(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.refbridge]\nstrict = true\n", encoding="utf-8")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config_file(nested) == tmp_path / "pyproject.toml"
    config = load_config(start=nested)
    assert config.run == {"strict": True}


def test_refbridge_toml_wins_in_its_folder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.refbridge]\nstrict = true\n", encoding="utf-8")
    (tmp_path / "refbridge.toml").write_text("strict = false\n", encoding="utf-8")
    assert load_config(start=tmp_path).run == {"strict": False}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour = 1\n", "unknown key 'colour'"),
        ("strict = 'yes'\n", "strict: expected bool"),
        ("strict = \n", "invalid TOML"),
    ],
)
def test_bad_config_is_an_error_naming_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "refbridge.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_unknown_plugin_table_and_option_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "refbridge.toml"
    path.write_text("[nosuchplugin]\nx = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no format or transform named 'nosuchplugin'"):
        Session(config=load_config(path))
    path.write_text("[pages]\nnonsense = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown option pages\.nonsense"):
        Session(config=load_config(path))


def test_cli_options_parse_and_reject_bad_forms() -> None:
    assert parse_cli_options(["ris.newline=lf", "journal-abbreviation.style=nlm"]) == {
        "ris": {"newline": "lf"},
        "journal-abbreviation": {"style": "nlm"},
    }
    with pytest.raises(ConfigError, match=r"PLUGIN\.OPTION=VALUE"):
        parse_cli_options(["newline=lf"])


def test_path_options_in_a_config_file_are_relative_to_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    config = folder / "refbridge.toml"
    config.write_text('[journal-abbreviation]\nlists = ["lists/mine.csv"]\n', encoding="utf-8")
    session = Session(config=load_config(config))
    assert session.options_for("journal-abbreviation")["lists"] == [str(folder / "lists" / "mine.csv")]
    cli_given = Session(options={"journal-abbreviation": {"lists": "mine.csv"}})
    assert cli_given.options_for("journal-abbreviation")["lists"] == ["mine.csv"]
