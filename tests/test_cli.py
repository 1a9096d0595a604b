"""The command line, through click's CliRunner and once as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from refbridge.cli import cli


def _write_json(path: Path, records: list[dict[str, object]]) -> None:
    path.write_text(json.dumps(records), encoding="utf-8")


def test_convert_json_to_json_reproduces_every_field(tmp_path: Path, cli_runner: CliRunner) -> None:
    records = [
        {
            "type": "book",
            "key": "k",
            "title": "Title",
            "authors": [{"family": "Wang", "given": "Siyu"}],
            "issued": {"year": 2025, "month": 11},
            "keywords": [{"term": "COVID-19", "qualifier": "therapy", "major": True, "vocabulary": "MeSH"}],
            "extra": {"unmapped": "kept", "many": ["a", "b"]},
        }
    ]
    src, dst = tmp_path / "a.json", tmp_path / "b.json"
    _write_json(src, records)
    result = cli_runner.invoke(cli, ["convert", str(src), "-o", str(dst), "-D", "journal-abbreviation"])
    assert result.exit_code == 0, result.output
    out = json.loads(dst.read_text(encoding="utf-8"))
    out[0].pop("source")
    assert out == records
    assert "1 record read, 1 written, 0 errors, 0 warnings" in result.stderr


def test_missing_input_is_one_line_and_no_output(tmp_path: Path, cli_runner: CliRunner) -> None:
    result = cli_runner.invoke(
        cli, ["convert", str(tmp_path / "missing.ris"), "-o", str(tmp_path / "x.json")]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"refbridge: error: {tmp_path / 'missing.ris'}: no such file"
    ]
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.json").exists()


def test_unknown_output_format_lists_formats(tmp_path: Path, cli_runner: CliRunner) -> None:
    src = tmp_path / "a.json"
    _write_json(src, [])
    result = cli_runner.invoke(cli, ["convert", str(src), "-t", "nope"])
    assert result.exit_code == 2
    assert "unknown format 'nope'; known formats:" in result.stderr
    assert "json" in result.stderr


def test_stdin_to_stdout(cli_runner: CliRunner) -> None:
    result = cli_runner.invoke(
        cli, ["convert", "-", "-f", "json", "-t", "json", "-q"], input='[{"title": "from stdin"}]'
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["title"] == "from stdin"


def test_bad_option_is_a_usage_error(tmp_path: Path, cli_runner: CliRunner) -> None:
    src = tmp_path / "a.json"
    _write_json(src, [])
    result = cli_runner.invoke(cli, ["convert", str(src), "-t", "json", "-O", "json.nonsense=1"])
    assert result.exit_code == 2
    assert "unknown option json.nonsense (valid options: indent)" in result.stderr
    result = cli_runner.invoke(cli, ["convert", str(src), "-t", "json", "-O", "json.indent=maybe"])
    assert result.exit_code == 2
    assert result.stderr == "refbridge: error: -O json.indent=maybe: expected true or false\n"


def test_errors_give_exit_status_1_but_output_is_written(tmp_path: Path, cli_runner: CliRunner) -> None:
    src, dst = tmp_path / "a.json", tmp_path / "b.json"
    src.write_text('[\n{"title": "ok"},\n{"title": ["not", "a", "string"]}\n]', encoding="utf-8")
    result = cli_runner.invoke(cli, ["convert", str(src), "-o", str(dst)])
    assert result.exit_code == 1
    assert f"{src}:3: error: record 2 skipped: title: expected a string, got list [RB031]" in result.stderr
    assert [r["title"] for r in json.loads(dst.read_text(encoding="utf-8"))] == ["ok"]


def test_formats_and_plugins_commands(cli_runner: CliRunner) -> None:
    formats = cli_runner.invoke(cli, ["formats", "--json"])
    assert formats.exit_code == 0
    by_name = {row["name"]: row for row in json.loads(formats.stdout)}
    assert by_name["json"] == {
        "name": "json",
        "read": True,
        "write": True,
        "extensions": [".json"],
        "plugin": "json",
        "description": "refbridge's lossless JSON of the record model",
    }
    plugins = cli_runner.invoke(cli, ["plugins", "--json"])
    assert plugins.exit_code == 0
    rows = {row["name"]: row for row in json.loads(plugins.stdout)}
    assert rows["json"]["builtin"] is True
    assert rows["json"]["hooks"] == ["refbridge_register_formats"]
    assert rows["json"]["distribution"] == "refbridge"


def test_config_file_applies_and_unknown_key_is_an_error(tmp_path: Path, cli_runner: CliRunner) -> None:
    src, dst = tmp_path / "a.json", tmp_path / "b.json"
    _write_json(src, [{"title": "x"}])
    config = tmp_path / "refbridge.toml"
    config.write_text("[json]\nindent = false\n", encoding="utf-8")
    result = cli_runner.invoke(cli, ["convert", str(src), "-o", str(dst), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert dst.read_text(encoding="utf-8").splitlines()[1].startswith('{"type": "article-journal"')
    config.write_text("colour = 'blue'\n", encoding="utf-8")
    result = cli_runner.invoke(cli, ["convert", str(src), "-o", str(dst), "--config", str(config)])
    assert result.exit_code == 2
    assert "unknown key 'colour'" in result.stderr


def test_real_subprocess_version_and_module_entry(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "refbridge", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert result.stdout.startswith("refbridge, version ")
    missing = subprocess.run(
        [sys.executable, "-m", "refbridge", "convert", "missing.ris", "-o", "x.json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert missing.returncode == 2
    assert missing.stderr.strip().endswith("refbridge: error: missing.ris: no such file")
    assert "Traceback" not in missing.stderr
    assert not (tmp_path / "x.json").exists()
