"""Faults: unwritable or full output, a killed process, odd inputs, files changing underfoot,
encodings. Each gives a clear message and exit status, and never a partial output file."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import refbridge
from refbridge.cli import cli
from refbridge.session import Session

RECORDS = '[\n{"title": "Früh", "pages": "1-2"},\n{"title": "Zweite"}\n]\n'


@contextlib.contextmanager
def small_filesystem(folder: Path, *, size: str = "64k", read_only: bool = False) -> Iterator[Path]:
    """A real small tmpfs (root), else a chmod-protected folder for the read-only case."""
    folder.mkdir()
    mounted = (
        os.geteuid() == 0
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    if not mounted and not read_only:
        pytest.fail("a full-disk test needs a tmpfs mount (run as root, as CI does)")
    try:
        yield folder
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        else:
            folder.chmod(0o755)


def _make_read_only(folder: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    else:
        folder.chmod(0o555)


def test_output_to_read_only_folder(tmp_path: Path, cli_runner: CliRunner) -> None:
    src = tmp_path / "in.json"
    src.write_text(RECORDS, encoding="utf-8")
    with small_filesystem(tmp_path / "ro", read_only=True) as folder:
        existing = folder / "out.json"
        existing.write_text("previous\n", encoding="utf-8")
        _make_read_only(folder)
        result = cli_runner.invoke(cli, ["convert", str(src), "-o", str(existing)])
        assert result.exit_code == 1
        assert (
            result.stderr.strip().splitlines()[-1].startswith(f"refbridge: error: {existing}: cannot write: ")
        )
        assert "Traceback" not in result.output
        assert existing.read_text(encoding="utf-8") == "previous\n"
        assert sorted(p.name for p in folder.iterdir()) == ["out.json"]


def test_disk_full_keeps_previous_output_and_leaves_no_temporary_file(
    tmp_path: Path, cli_runner: CliRunner
) -> None:
    big = [{"title": f"Record {i}", "abstract": "x" * 1000} for i in range(200)]  # ~200 kB of output
    src = tmp_path / "big.json"
    src.write_text(json.dumps(big), encoding="utf-8")
    with small_filesystem(tmp_path / "small", size="64k") as folder:
        existing = folder / "out.json"
        existing.write_text("previous\n", encoding="utf-8")
        result = cli_runner.invoke(cli, ["convert", str(src), "-o", str(existing)])
        assert result.exit_code == 1
        assert "No space left on device" in result.stderr
        assert existing.read_text(encoding="utf-8") == "previous\n"
        assert sorted(p.name for p in folder.iterdir()) == ["out.json"]


def test_failing_output_stream_is_reported(session: Session) -> None:
    class FailingStream:
        name = "<failing>"

        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

        def flush(self) -> None:
            pass

    with pytest.raises(OSError, match="No space left"):
        refbridge.write([refbridge.Record(title="x")], FailingStream(), "json", session=session)  # type: ignore[arg-type]


KILL_SCRIPT = textwrap.dedent(
    """
    import sys, time
    import refbridge
    from refbridge import Record

    def slow(n):
        for i in range(n):
            if i == 50:
                print("writing", flush=True)
            time.sleep(0.01)
            yield Record(title=f"record {i}", abstract="x" * 2000)

    refbridge.convert(slow(100_000), sys.argv[1], to_format="json")
    """
)


def test_process_killed_mid_write_leaves_previous_output_intact(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("previous complete output\n", encoding="utf-8")
    script = tmp_path / "slow.py"
    script.write_text(KILL_SCRIPT, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(script), str(out)], stdout=subprocess.PIPE, text=True, cwd=tmp_path
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "writing"
    time.sleep(0.3)
    temporary = [p for p in tmp_path.iterdir() if p.name.startswith(".out.json.")]
    assert temporary and temporary[0].stat().st_size > 0  # really mid-write
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert out.read_text(encoding="utf-8") == "previous complete output\n"


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, [], "is a directory, not a file"),
        (b"\x00\x01\x02\x89PNG\x00\x00binary", ["-f", "json"], "looks like a binary file"),
        (b"", [], "cannot tell the format of"),
        (b"\xef\xbb\xbf", [], "cannot tell the format of"),
    ],
    ids=["directory", "binary", "empty", "only-bom"],
)
def test_odd_inputs_give_one_clear_line(
    tmp_path: Path, cli_runner: CliRunner, content: bytes | None, args: list[str], message: str
) -> None:
    src = tmp_path / "input.dat"
    if content is None:
        src.mkdir()
    else:
        src.write_bytes(content)
    out = tmp_path / "out.json"
    result = cli_runner.invoke(cli, ["convert", str(src), "-o", str(out), *args])
    assert result.exit_code == 2, result.output
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("refbridge: error: ") and message in last
    assert not out.exists()


def test_empty_json_with_format_given_is_a_parse_error(tmp_path: Path, cli_runner: CliRunner) -> None:
    src = tmp_path / "empty.json"
    src.write_bytes(b"\xef\xbb\xbf")
    result = cli_runner.invoke(cli, ["convert", str(src), "-t", "json"])
    assert result.exit_code == 1
    assert "invalid JSON" in result.stderr and "[RB030]" in result.stderr


def test_file_changed_while_reading_is_an_error(tmp_path: Path, session: Session) -> None:
    src = tmp_path / "in.json"
    src.write_text(RECORDS, encoding="utf-8")
    records = refbridge.read(src, session=session)
    first = next(records)
    with src.open("a", encoding="utf-8") as handle:
        handle.write("\n")  # another program appends while we read
    rest = list(records)
    assert [first.title, *(r.title for r in rest)] == ["Früh", "Zweite"]
    assert session.sink.codes() == ["RB022"]


@pytest.mark.parametrize(
    ("encoding", "bom", "guessed"),
    [
        ("utf-8", b"", False),
        ("utf-8", b"\xef\xbb\xbf", False),
        ("utf-16-le", b"\xff\xfe", False),
        ("utf-16-be", b"\xfe\xff", False),
        ("cp1252", b"", True),
        ("latin-1", b"", True),
    ],
)
def test_encodings_are_detected(
    tmp_path: Path, session: Session, encoding: str, bom: bytes, guessed: bool
) -> None:
    src = tmp_path / "in.json"
    src.write_bytes(
        bom + '[{"title": "Früh – café"}]'.replace("–", "-" if "latin" in encoding else "–").encode(encoding)
    )
    [record] = list(refbridge.read(src, "json", session=session))
    assert record.title == ("Früh - café" if "latin" in encoding else "Früh – café")
    assert session.sink.codes() == (["RB020"] if guessed else [])


def test_undecodable_byte_names_line_and_encoding(tmp_path: Path, cli_runner: CliRunner) -> None:
    src = tmp_path / "in.json"
    good = "[\n" + ",\n".join(f'{{"title": "é{i}"}}' for i in range(5000)) + ",\n"
    src.write_bytes(good.encode("utf-8") + b'{"title": "bad \xff byte"}\n]\n')
    result = cli_runner.invoke(cli, ["convert", str(src), "-t", "json", "-o", str(tmp_path / "o.json")])
    assert result.exit_code == 1
    assert f"{src}:5002: error: cannot decode byte 0xff as utf-8" in result.stderr
    override = cli_runner.invoke(
        cli, ["convert", str(src), "--encoding", "latin-1", "-o", str(tmp_path / "o.json"), "-q"]
    )
    assert override.exit_code == 0, override.output
    assert json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))[-1]["title"] == "bad ÿ byte"
