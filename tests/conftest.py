"""Shared fixtures: the shared/ folder beside the checkout, sessions, the CLI runner."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from refbridge.session import Session

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "samples"
WPRIM_SAMPLE = SAMPLES / "wprim-search-results.txt"


def pytest_configure(config: pytest.Config) -> None:
    # Tests must not read or fill the user's real LTWA cache (plugins/journals/cache.py).
    import os
    import tempfile

    os.environ["REFBRIDGE_CACHE_DIR"] = tempfile.mkdtemp(prefix="refbridge-test-cache-")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite golden expected files from the current output."
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite golden files."""
    return bool(request.config.getoption("--update-golden"))


def _generate_records(out: Path, count: int, *formats: str) -> None:
    import subprocess
    import sys

    command = [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(count), "--out", str(out)]
    if formats:
        command += ["--formats", ",".join(formats)]
    subprocess.run(command, check=True, capture_output=True)


@pytest.fixture(scope="session")
def generate_records() -> Callable[..., None]:
    """``generate_records(out, count, *formats)``: write ``count`` benchmark records
    (benchmarks/generate.py, deterministic) to ``out`` as ``gen-COUNT.<ext>``, in the
    given formats (all when none is given)."""
    return _generate_records


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's shared/ folder (schemas, real-world corpus, journal lists)."""
    if not SHARED.is_dir():
        pytest.fail(f"shared/ folder not found beside the checkout at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def wprim_sample() -> Path:
    """The bundled WPRIM search-result sample."""
    return WPRIM_SAMPLE


@pytest.fixture
def make_session() -> Iterator[Callable[..., Session]]:
    """A factory of sessions with a fresh plugin manager each (no module-global manager).

    ``make_session(extra_plugins=[("name", plugin)], options={...})``; in-test
    plugins live only in that session's manager, so nothing needs unregistering.
    """

    def factory(**kwargs: Any) -> Session:
        return Session(**kwargs)

    yield factory


@pytest.fixture
def session(make_session: Callable[..., Session]) -> Session:
    """A default session with every installed plugin."""
    return make_session()


@pytest.fixture
def cli_runner() -> CliRunner:
    """A click test runner for the refbridge CLI."""
    return CliRunner()
