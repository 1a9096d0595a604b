"""Every example in README.md and docs/*.md runs, so the documentation cannot drift.

The convention (written down in the README's Development section): a fenced block says
what it is. ```sh blocks run line by line in a temporary folder holding ``samples/`` and
``results.txt`` (a copy of the WPRIM sample); a line must exit 0, or the status its
``# exit N`` comment names. ``pip install …`` steps and ``python -m pytest`` are what the
test environment has already done, so they are skipped. ```python blocks are executed in
such a folder. ```toml blocks are parsed, and one holding ``[tool.refbridge]`` is loaded as
a configuration (unknown keys are errors); ```yaml blocks are parsed. A block whose info
string has ``no-run`` after the language (it needs a cluster, the network, the development
tools or a package install), and ```text, ```csv and ```mermaid blocks, are illustrations.
Each document's blocks share one folder and run in order, as a reader would follow them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
RUN = {"sh", "python"}
PARSED = {"toml", "yaml"}
ILLUSTRATIONS = {"text", "csv", "mermaid"}
_FENCE = re.compile(r"^( *)```(.*)$")
_EXIT = re.compile(r"#\s*exit\s+(\d+)\s*$")
#: Steps the test environment has already taken (installing refbridge, running this suite).
_DONE = re.compile(r"^\s*(pip install\b|python -m pytest\b)")


@dataclass(frozen=True)
class Block:
    """One fenced block: where it is, its info string and its text (indent removed)."""

    document: Path
    line: int
    info: str
    text: str

    @property
    def language(self) -> str:
        """The first word of the info string ("" for a bare fence)."""
        return self.info.split()[0] if self.info.split() else ""

    @property
    def runs(self) -> bool:
        """True for a block the test runs (sh, python) that is not marked no-run."""
        return self.language in RUN and "no-run" not in self.info.split()[1:]

    def __str__(self) -> str:
        return f"{self.document.relative_to(REPO)}:{self.line}"


def blocks_of(document: Path) -> list[Block]:
    """The fenced blocks of a Markdown document, fences inside list items included."""
    lines = document.read_text(encoding="utf-8").split("\n")
    found: list[Block] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if match is None:
            index += 1
            continue
        indent, info = len(match.group(1)), match.group(2).strip()
        end = index + 1
        while end < len(lines) and not lines[end].strip().startswith("```"):
            end += 1
        body = "\n".join(
            line[indent:] if line[:indent].strip() == "" else line for line in lines[index + 1 : end]
        )
        found.append(Block(document, index + 1, info, textwrap.dedent(body)))
        index = end + 1
    return found


def indented_code(document: Path) -> list[int]:
    """Lines that start an indented (four-space) code block outside fences and lists: such a
    block cannot say what it is, so the convention forbids it."""
    lines = document.read_text(encoding="utf-8").split("\n")
    starts = []
    in_fence = False
    previous = ""  # the last non-blank line outside a fence
    for number, line in enumerate(lines, start=1):
        if line.strip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        blank_before = number > 1 and not lines[number - 2].strip()
        top_level = (
            previous and not previous.startswith((" ", "-", "*", "|")) and not re.match(r"\d+\.", previous)
        )
        if line.startswith("    ") and line.strip() and blank_before and top_level:
            starts.append(number)
        if line.strip():
            previous = line
    return starts


ALL_BLOCKS = [block for document in DOCUMENTS for block in blocks_of(document)]


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """One working folder per document (made on first use), shared by its blocks."""
    return {}


def _folder(folders: dict[Path, Path], document: Path, factory: pytest.TempPathFactory) -> Path:
    if document not in folders:
        folder = factory.mktemp(document.stem)
        shutil.copytree(
            REPO / "samples", folder / "samples", ignore=shutil.ignore_patterns("build", "*.egg-info")
        )
        shutil.copy(REPO / "samples" / "wprim-search-results.txt", folder / "results.txt")
        folders[document] = folder
    return folders[document]


def test_every_block_says_what_it_is() -> None:
    known = RUN | PARSED | ILLUSTRATIONS
    unmarked = [f"{b} ```{b.info}" for b in ALL_BLOCKS if b.language not in known]
    assert not unmarked, (
        f"fenced blocks without a known kind (sh, python, toml, yaml, text, csv, mermaid): {unmarked}"
    )
    indented = [f"{d.relative_to(REPO)}:{n}" for d in DOCUMENTS for n in indented_code(d)]
    assert not indented, f"indented code blocks (use a fence that names the kind): {indented}"


def test_the_docs_have_examples_that_run() -> None:
    assert sum(b.runs for b in ALL_BLOCKS) >= 8
    assert {b.language for b in ALL_BLOCKS if b.runs} == {"sh", "python"}


@pytest.mark.parametrize("block", [b for b in ALL_BLOCKS if b.runs or b.language in PARSED], ids=str)
def test_example(
    block: Block,
    folders: dict[Path, Path],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if block.language == "toml":
        _check_toml(block, tmp_path_factory.mktemp("toml"))
        return
    if block.language == "yaml":
        yaml = pytest.importorskip("yaml")
        assert yaml.safe_load(block.text) is not None, f"{block}: empty YAML"
        return
    folder = _folder(folders, block.document, tmp_path_factory)
    if block.language == "python":
        monkeypatch.chdir(folder)
        exec(compile(block.text, str(block), "exec"), {"__name__": "__doc_example__"})
        capsys.readouterr()
        return
    for number, line in enumerate(block.text.splitlines()):
        _run_line(block, number, line, folder)


def _run_line(block: Block, number: int, line: str, folder: Path) -> None:
    """Run one shell line of a ```sh block, its done steps left out; check its exit status."""
    if not line.strip() or line.lstrip().startswith("#"):
        return
    wanted = _EXIT.search(line)
    steps = [step for step in line.split("&&") if not _DONE.match(step)]
    if not steps:
        return
    command = "&&".join(steps)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        ["bash", "-c", command], cwd=folder, capture_output=True, text=True, env=env, timeout=300, check=False
    )
    expected = int(wanted.group(1)) if wanted else 0
    assert result.returncode == expected, (
        f"{block} line {number + 1}: `{command.strip()}` exited {result.returncode}, expected {expected}\n"
        f"{result.stderr[-2000:]}"
    )


def _check_toml(block: Block, folder: Path) -> None:
    """Parse a TOML block; load one holding [tool.refbridge] as refbridge's configuration."""
    data = tomllib.loads(block.text)
    if "tool" in data and "refbridge" in data["tool"]:
        from refbridge.config import load_config

        path = folder / "pyproject.toml"
        path.write_text(block.text, encoding="utf-8")
        load_config(path)  # raises ConfigError on an unknown key or a wrong type
