"""The wheel, installed into a fresh virtual environment, lists every plugin; the sample
third-party plugin, installed there too, is listed and applied.

No network: wheels are built without build isolation and installed with --no-deps; the fresh
environment sees the test environment's dependencies through a .pth file.
"""

from __future__ import annotations

import json
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE_PLUGIN = REPO / "samples" / "refbridge-example-plugin"


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd, check=False)


def _build_wheel(project: Path, out: Path) -> Path:
    result = _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "-w",
        out,
        project,
        cwd=out,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    name = "refbridge-" if project == REPO else "refbridge_titlecase-"
    [wheel] = [p for p in out.glob("*.whl") if p.name.startswith(name)]
    return wheel


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with refbridge installed from its wheel."""
    root = tmp_path_factory.mktemp("fresh")
    wheels = root / "wheels"
    wheels.mkdir()
    wheel = _build_wheel(REPO, wheels)
    env = root / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    env_site = Path(
        _run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=root
        ).stdout.strip()
    )
    # Dependencies (pybtex, lxml, ...) come from the test environment, appended after the
    # fresh environment's own site-packages so its refbridge wins.
    (env_site / "zz_test_deps.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    result = _run(python, "-m", "pip", "install", "--no-deps", "--no-index", wheel, cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return env


def _refbridge(env: Path, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return _run(env / "bin" / "refbridge", *args, cwd=cwd)


def test_wheel_lists_every_builtin_and_first_party_plugin(fresh_env: Path, tmp_path: Path) -> None:
    where = _run(
        fresh_env / "bin" / "python",
        "-c",
        "import refbridge, refbridge_plugins; print(refbridge.__file__); print(refbridge_plugins.__file__)",
        cwd=tmp_path,
    )
    assert where.returncode == 0, where.stderr
    for line in where.stdout.splitlines():
        assert str(fresh_env) in line, f"imported from outside the fresh environment: {line}"
    result = _refbridge(fresh_env, "plugins", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no plugin failed to load
    # The fresh environment sees the test environment's packages (zz_test_deps.pth), where a
    # third-party plugin such as the sample one may be installed: count the built-in ones.
    rows = {row["name"]: row for row in json.loads(result.stdout) if row["builtin"]}
    assert set(rows) == {
        "json",
        "wprim",
        "bibtex",
        "ris",
        "jats",
        "medline",
        "pubmed-xml",
        "csl-json",
        "endnote",
        "pages",
        "journal-abbreviation",
        "keywords",
    }
    assert all(row["builtin"] and row["status"] == "loaded" for row in rows.values())


def test_sample_third_party_plugin_is_listed_and_applied(fresh_env: Path, tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    wheel = _build_wheel(SAMPLE_PLUGIN, wheels)
    result = _run(
        fresh_env / "bin" / "python", "-m", "pip", "install", "--no-deps", "--no-index", wheel, cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    try:
        listing = _refbridge(fresh_env, "plugins", "--json", cwd=tmp_path)
        rows = {row["name"]: row for row in json.loads(listing.stdout)}
        assert rows["titlecase"]["builtin"] is False
        assert rows["titlecase"]["distribution"] == "refbridge-titlecase"
        assert rows["titlecase"]["hooks"] == ["refbridge_register_transforms"]
        src = tmp_path / "in.json"
        src.write_text(json.dumps([{"title": "SAFETY OF UC-MSC IN COVID-19 PATIENTS"}]), encoding="utf-8")
        converted = _refbridge(fresh_env, "convert", src, "-t", "json", "-q", cwd=tmp_path)
        assert converted.returncode == 0, converted.stderr
        assert json.loads(converted.stdout)[0]["title"] == "Safety of UC-MSC in COVID-19 Patients"
        disabled = _refbridge(fresh_env, "convert", src, "-t", "json", "-q", "-D", "titlecase", cwd=tmp_path)
        assert json.loads(disabled.stdout)[0]["title"] == "SAFETY OF UC-MSC IN COVID-19 PATIENTS"
    finally:
        _run(
            fresh_env / "bin" / "python", "-m", "pip", "uninstall", "-y", "refbridge-titlecase", cwd=tmp_path
        )


def test_sample_plugin_own_tests_pass(fresh_env: Path, tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    wheel = _build_wheel(SAMPLE_PLUGIN, wheels)
    _run(fresh_env / "bin" / "python", "-m", "pip", "install", "--no-deps", "--no-index", wheel, cwd=tmp_path)
    try:
        result = _run(
            fresh_env / "bin" / "python",
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            SAMPLE_PLUGIN / "tests",
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "3 passed" in result.stdout
    finally:
        _run(
            fresh_env / "bin" / "python", "-m", "pip", "uninstall", "-y", "refbridge-titlecase", cwd=tmp_path
        )
