"""refbridge as a pre-commit hook, run by the real `pre-commit` in a temporary git repository.

The hooks are taken from the project's own .pre-commit-hooks.yaml; only their `entry` is
pointed at this test environment's interpreter (a `repo: local` hook with `language: system`),
so no network is needed to build pre-commit's own environment.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]

MESSY_BIB = """\
@article{wang2025safety,
  title={Safety and efficacy of human umbilical cord-derived mesenchymal stem cells in COVID-19 patients},
  author={WANG, Siyu and YANG, Tao},
  journal={Chinese Medical Journal},
  year=2025, volume={138}, number={22},
  pages={2984-92},
}
"""

BROKEN_BIB = """\
@article{good1,
  title = {A fine entry},
  author = {Doe, Jane},
  year = {2020},
}

@article{broken,
  title = {Missing its closing brace,
  author = {Roe, Richard},
  year = {2021},

@article{good2,
  title = {Another fine entry},
  author = {Poe, Edgar},
  year = {2022},
}
"""


def _local_hooks_config() -> str:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    local = []
    for hook in hooks:
        command = hook["entry"].split()[1:]  # "refbridge format" -> ["format"]
        local.append(
            {**hook, "entry": " ".join([sys.executable, "-m", "refbridge", *command]), "language": "system"}
        )
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": local}]}, sort_keys=False)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)


def _pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home")}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.fail("git is required for the pre-commit test")
    repo = tmp_path / "project"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "test@example.org")
    _git(repo, "config", "user.name", "Test")
    (repo / ".pre-commit-config.yaml").write_text(_local_hooks_config(), encoding="utf-8")
    (repo / "pyproject.toml").write_text('[tool.refbridge.sync]\n"refs.ris" = "refs.bib"\n', encoding="utf-8")
    (repo / "refs.bib").write_text(MESSY_BIB, encoding="utf-8")
    _git(repo, "add", ".")
    return repo


def test_first_run_fixes_second_run_passes_and_derived_file_is_synced(git_repo: Path) -> None:
    first = _pre_commit(git_repo)
    assert first.returncode == 1, first.stdout + first.stderr
    formatted = (git_repo / "refs.bib").read_text(encoding="utf-8")
    assert re.search(r"^  pages +=\s*\{2984--2992\},$", formatted, flags=re.MULTILINE), formatted
    ris = (git_repo / "refs.ris").read_text(encoding="utf-8")
    assert "SP  - 2984" in ris and "EP  - 2992" in ris
    assert "AU  - Wang, Siyu" in ris or "AU  - WANG, Siyu" in ris

    second = _pre_commit(git_repo)
    assert second.returncode == 0, second.stdout + second.stderr
    assert (git_repo / "refs.bib").read_text(encoding="utf-8") == formatted
    assert (git_repo / "refs.ris").read_text(encoding="utf-8") == ris

    # Editing the source makes the derived file stale: the hook regenerates it and fails once.
    (git_repo / "refs.bib").write_text(
        formatted.replace("Chinese Medical Journal", "Chin Med J"), encoding="utf-8"
    )
    third = _pre_commit(git_repo)
    assert third.returncode == 1
    assert "Chin Med J" in (git_repo / "refs.ris").read_text(encoding="utf-8")
    assert _pre_commit(git_repo).returncode == 0


def test_file_with_syntax_error_fails_with_file_and_line_and_is_not_modified(git_repo: Path) -> None:
    assert _pre_commit(git_repo).returncode == 1  # settle the good files first
    broken = git_repo / "broken.bib"
    broken.write_text(BROKEN_BIB, encoding="utf-8")
    _git(git_repo, "add", "broken.bib")
    result = _pre_commit(git_repo)
    assert result.returncode == 1
    assert "broken.bib:" in result.stdout
    line_numbers = [
        int(part.split(":")[1])
        for part in result.stdout.split()
        if part.startswith("broken.bib:") and part.count(":") >= 2 and part.split(":")[1].isdigit()
    ]
    assert line_numbers and all(7 <= n <= 12 for n in line_numbers), result.stdout
    assert broken.read_text(encoding="utf-8") == BROKEN_BIB
