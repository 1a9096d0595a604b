"""The command line does what the README says (issue 24): usage errors, quiet, diagnostics,
outputs, progress, listings and help texts."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from refbridge.cli import BUILTIN_COMMANDS, cli

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "wprim-search-results.txt"


def run(runner: CliRunner, *args: str) -> Result:
    """Run refbridge with ``args`` (strings, paths already made strings)."""
    return runner.invoke(cli, list(args), catch_exceptions=False)


def stderr_lines(result: Result) -> list[str]:
    """The non-empty lines refbridge printed on stderr."""
    return [line for line in result.stderr.splitlines() if line.strip()]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with the WPRIM sample as results.txt and as refs.ris."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(SAMPLE, tmp_path / "results.txt")
    assert run(CliRunner(), "convert", "results.txt", "-o", "refs.ris", "-q").exit_code == 0
    return tmp_path


USAGE_ERRORS: list[tuple[str, ...]] = [
    ("convert",),
    ("convert", "results.txt", "--jobs", "x"),
    ("convert", "results.txt", "--executor", "nowhere"),
    ("convert", "results.txt", "--bogus"),
    ("convert", "missing.bib", "other-missing.bib", "-t", "ris"),
    ("convert", "results.txt", "-t", "nosuchformat"),
    ("convert", "results.txt", "-o", "."),
    ("convert", "results.txt", "-o", "nofolder/out.ris"),
    ("convert", "results.txt", "-t", "ris", "-O", "ris.nosuchoption=1"),
    ("convert", "results.txt", "-t", "ris", "-D", "nosuchplugin"),
    ("format",),
    ("format", "--bogus", "refs.ris"),
    ("format", "-q", "missing.bib", "refs.ris"),
    ("check",),
    ("check", "-q", "missing.bib", "refs.ris"),
    ("check", "refs.ris", "-f", "nosuchformat", "-q"),
    ("sync",),
    ("sync", "--bogus"),
    ("formats", "--bogus"),
    ("plugins", "--bogus"),
    ("nosuchcommand",),
    ("--bogus",),
]


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=" ".join)
def test_a_usage_error_is_one_line_and_exit_status_2(folder: Path, args: tuple[str, ...]) -> None:
    result = run(CliRunner(), *args)
    lines = stderr_lines(result)
    assert result.exit_code == 2, result.stderr
    assert len(lines) == 1, lines
    assert lines[0].startswith("refbridge: error: "), lines
    assert "Usage:" not in result.output and "Traceback" not in result.stderr


def test_every_command_is_driven_through_its_usage_errors() -> None:
    assert {args[0] for args in USAGE_ERRORS} >= set(BUILTIN_COMMANDS)


def test_check_and_format_handle_every_file_before_exiting(folder: Path) -> None:
    (folder / "messy.ris").write_text("TY  - JOUR\nTI  - A\nSP  - 2984-92\nER  - \n", encoding="utf-8")
    checked = run(CliRunner(), "check", "missing.bib", "messy.ris")
    assert checked.exit_code == 2
    assert "2 file(s), 1 records checked" in checked.stderr
    formatted = run(CliRunner(), "format", "missing.bib", "messy.ris")
    assert formatted.exit_code == 2
    assert "2992" in (folder / "messy.ris").read_text(encoding="utf-8")  # formatted all the same


def test_convert_names_every_missing_input(folder: Path) -> None:
    result = run(CliRunner(), "convert", "a.bib", "results.txt", "b.bib", "-t", "ris")
    assert stderr_lines(result) == ["refbridge: error: a.bib, b.bib: no such files"]


def test_a_missing_output_folder_and_a_folder_as_output_say_so(folder: Path) -> None:
    missing = run(CliRunner(), "convert", "results.txt", "-o", "nofolder/out.ris")
    assert "folder nofolder does not exist" in missing.stderr
    directory = run(CliRunner(), "convert", "results.txt", "-o", str(folder))
    assert "is a directory" in directory.stderr and "cannot tell the format" not in directory.stderr


def test_sync_configuration_errors_exit_2_after_the_other_pairs(folder: Path) -> None:
    (folder / "pyproject.toml").write_text(
        '[tool.refbridge.sync]\n"paper/refs.xml" = { source = "refs.ris", format = "jats" }\n'
        '"x.bib" = { source = "nosuch.ris" }\n',
        encoding="utf-8",
    )
    result = run(CliRunner(), "sync", "-q")
    assert result.exit_code == 2
    assert (folder / "paper" / "refs.xml").is_file()
    assert stderr_lines(result) == [
        "refbridge: error: [tool.refbridge.sync] 'x.bib': nosuch.ris: no such file"
    ]


@pytest.mark.parametrize("command", [None, *BUILTIN_COMMANDS])
def test_dash_h_is_help(command: str | None) -> None:
    args = [command, "-h"] if command else ["-h"]
    result = run(CliRunner(), *args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: ")


def test_quiet_is_quiet(folder: Path) -> None:
    (folder / "pyproject.toml").write_text(
        '[tool.refbridge.sync]\n"out/refs.bib" = "refs.ris"\n', encoding="utf-8"
    )
    synced = run(CliRunner(), "sync", "-q")
    assert synced.exit_code == 1 and synced.stderr == ""  # created, silently
    (folder / "messy.ris").write_text("TY  - JOUR\nTI  - A\nSP  - 2984-92\nER  - \n", encoding="utf-8")
    formatted = run(CliRunner(), "format", "-q", "messy.ris")
    assert formatted.exit_code == 1 and formatted.stderr == ""
    converted = run(CliRunner(), "convert", "-q", "results.txt", "-o", "x.ris")
    assert converted.exit_code == 0 and converted.stderr == ""


def _ris_without_er(path: Path, count: int) -> None:
    path.write_text("".join(f"TY  - JOUR\nTI  - Title {n}\n" for n in range(count)), encoding="utf-8")


def test_repeated_diagnostics_are_counted_and_all_printed_with_v(folder: Path) -> None:
    _ris_without_er(folder / "refs.ris", 30)
    verbose = run(CliRunner(), "convert", "refs.ris", "-t", "json", "-o", "out.json", "-v")
    codes = re.findall(r"\[(RB\d+)\]$", verbose.stderr, flags=re.MULTILINE)
    repeated = max(set(codes), key=codes.count)
    total = codes.count(repeated)
    assert total > 5
    default = run(CliRunner(), "convert", "refs.ris", "-t", "json", "-o", "out.json")
    printed = [line for line in stderr_lines(default) if line.endswith(f"[{repeated}]")]
    assert len(printed) == 4
    assert f"refbridge: … and {total - 4} more {repeated} in refs.ris" in default.stderr
    # The count comes before the summary line.
    assert stderr_lines(default)[-1].startswith("refbridge: 30 records read")


def test_strict_prints_the_stopping_diagnostic_once(folder: Path) -> None:
    _ris_without_er(folder / "refs.ris", 3)
    for command in (["convert", "refs.ris", "-t", "json"], ["check", "refs.ris"]):
        result = run(CliRunner(), *command, "--strict")
        lines = stderr_lines(result)
        assert result.exit_code == 1
        diagnostics = [line for line in lines if line.startswith("refs.ris:")]
        assert len(diagnostics) == 1, lines
        assert not any(diagnostics[0] in line for line in lines if line.startswith("refbridge:")), lines
        assert lines[-1] == "refbridge: stopped at the first warning (--strict)"


def test_diagnostics_of_a_one_line_xml_file_name_the_reference(folder: Path) -> None:
    (folder / "a.nxml").write_text(
        '<article><back><ref-list><ref id="pntd.0002065-Murphy1"><mixed-citation>Murphy. A book.'
        '</mixed-citation></ref><ref id="pntd.0002065-Other2"><element-citation/></ref>'
        "</ref-list></back></article>",
        encoding="utf-8",
    )
    result = run(CliRunner(), "convert", "a.nxml", "-f", "jats", "-t", "ris")
    assert 'a.nxml:1: warning: <ref id="pntd.0002065-Murphy1">: citation has no tagged parts' in result.stderr
    assert '<ref id="pntd.0002065-Other2">: empty citation skipped' in result.stderr


def test_writing_over_an_input_warns(folder: Path) -> None:
    result = run(CliRunner(), "convert", "refs.ris", "-o", "refs.ris")
    assert result.exit_code == 0
    assert "refbridge: warning: refs.ris is also an input" in result.stderr


def test_a_symlinked_output_stays_a_symlink(folder: Path) -> None:
    (folder / "real").mkdir()
    (folder / "real" / "out.ris").write_text("old\n", encoding="utf-8")
    (folder / "out.ris").symlink_to(Path("real") / "out.ris")
    result = run(CliRunner(), "convert", "results.txt", "-o", "out.ris")
    assert result.exit_code == 0
    assert (folder / "out.ris").is_symlink()
    assert (folder / "real" / "out.ris").read_text(encoding="utf-8").startswith("TY  - ")
    assert not list((folder / "real").glob(".*.tmp")) and not list(folder.glob(".*.tmp"))


def test_the_progress_bar_shows_bytes_of_a_total_and_a_percentage(folder: Path) -> None:
    result = run(CliRunner(), "convert", "results.txt", "-t", "ris", "-o", "x.ris", "--progress")
    size = (folder / "results.txt").stat().st_size
    assert re.search(r"\d+%\|", result.stderr), result.stderr
    assert f"/{size / 1000:.2f}k " in result.stderr, result.stderr  # bytes read of the total


def test_no_transforms_shows_what_the_reader_produced(folder: Path) -> None:
    (folder / "p.ris").write_text("TY  - JOUR\nTI  - A\nSP  - 2984\nEP  - 92\nER  - \n", encoding="utf-8")
    transformed = run(CliRunner(), "convert", "p.ris", "-t", "json", "-q")
    raw = run(CliRunner(), "convert", "p.ris", "-t", "json", "-q", "--no-transforms")
    assert '"2984-2992"' in transformed.stdout
    assert '"2984-92"' in raw.stdout


def test_plugins_has_a_header_row_and_aligned_columns() -> None:
    lines = run(CliRunner(), "plugins").stdout.splitlines()
    header = lines[0]
    assert header.split() == ["name", "distribution", "kind", "hooks"]
    for column in ("distribution", "kind", "hooks"):
        start = header.index(column)
        assert all(line[start - 1] == " " and line[start] != " " for line in lines[1:]), column


def _options(command: click.Command) -> list[click.Option]:
    return [p for p in command.params if isinstance(p, click.Option) and p.help]


@pytest.mark.parametrize("name", sorted(BUILTIN_COMMANDS))
def test_help_texts_are_sentences_and_list_allowed_values(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    for option in _options(command):
        text = (option.help or "").strip()
        assert text[:1].isupper() and text.endswith((".", ")")), f"{name} {option.name}: {text!r}"
        if isinstance(option.type, click.Choice):
            assert all(choice in text for choice in option.type.choices), f"{name} {option.name}"


def test_convert_help_has_exit_status_as_its_own_paragraph() -> None:
    text = run(CliRunner(), "convert", "--help").output
    before, _, _ = text.partition("Exit status:")
    assert before.endswith("\n\n  "), before[-80:]


def _ordered_input(path: Path) -> None:
    """A RIS file whose diagnostics come from the chunk cutter (no ER), the reader and a
    transform (a reversed page range), spread over many records."""
    parts = []
    for n in range(600):
        if n % 50 == 0:
            parts.append(f"TY  - JOUR\nTI  - No ER {n}\n")
        elif n % 33 == 0:
            parts.append(f"TY  - JOUR\nTI  - T{n}\nSP  - 92\nEP  - 12\nER  - \n")
        else:
            parts.append(f"TY  - JOUR\nTI  - T{n}\nER  - \n")
    path.write_text("".join(parts), encoding="utf-8")


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="--jobs needs fork")
def test_diagnostics_come_in_input_order_with_jobs(tmp_path: Path) -> None:
    import io

    from refbridge._internal.pipeline import run_conversion
    from refbridge.diagnostics import DiagnosticSink
    from refbridge.session import Session

    source = tmp_path / "refs.ris"
    _ordered_input(source)
    shown: dict[int, list[str]] = {}
    for jobs in (1, 2):
        printed: list[str] = []
        session = Session(sink=DiagnosticSink(listener=lambda d, out=printed: out.append(str(d))))
        run_conversion(session, [str(source)], io.StringIO(), to_format="json", jobs=jobs, chunk_chars=1500)
        shown[jobs] = printed
    assert len(shown[1]) > 20
    assert shown[2] == shown[1]


def test_help_texts_are_not_cut_off() -> None:
    listing = run(CliRunner(), "--help").output
    assert "..." not in listing.replace("INPUT...", "").replace("[ARGS]...", "")
    for name in BUILTIN_COMMANDS:
        text = run(CliRunner(), name, "--help").output
        assert "..." not in text.replace("INPUT...", "").replace("[FILES]...", "").replace("FILES...", ""), (
            name
        )
