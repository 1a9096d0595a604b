"""The persistent LTWA cache: results survive the process, a broken line is ignored."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from refbridge_plugins.journals.cache import LtwaCache, cache_file

SCRIPT = (
    "import sys, refbridge_plugins.journals.ltwa as j\n"
    "print(j.ltwa_abbreviate(sys.argv[1]))\n"
    "print('pyiso4 loaded' if j._abbreviator.cache_info().currsize else 'pyiso4 not loaded')\n"
)


def test_second_process_answers_from_the_cache_without_loading_the_ltwa(tmp_path: Path) -> None:
    env = {"REFBRIDGE_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    title = "Chinese Journal of Infectious Diseases"
    first = subprocess.run(
        [sys.executable, "-c", SCRIPT, title], capture_output=True, text=True, env=env, check=True
    )
    assert first.stdout.splitlines() == ["Chin. J. Infect. Dis.", "pyiso4 loaded"]
    second = subprocess.run(
        [sys.executable, "-c", SCRIPT, title], capture_output=True, text=True, env=env, check=True
    )
    assert second.stdout.splitlines() == ["Chin. J. Infect. Dis.", "pyiso4 not loaded"]
    [file] = list(tmp_path.iterdir())
    assert (
        file.read_text(encoding="utf-8")
        == '["Chinese Journal of Infectious Diseases", "Chin. J. Infect. Dis."]\n'
    )


def test_cache_ignores_a_cut_line_and_can_be_switched_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('["A Journal", "A J."]\n["Cut sho', encoding="utf-8")
    cache = LtwaCache(path)
    assert cache.get("A Journal") == "A J."
    assert cache.get("Cut sho") is None
    monkeypatch.setenv("REFBRIDGE_CACHE_DIR", "")
    assert cache_file() is None
    monkeypatch.setenv("REFBRIDGE_CACHE_DIR", str(tmp_path))
    assert cache_file() is not None and cache_file().parent == tmp_path  # type: ignore[union-attr]
