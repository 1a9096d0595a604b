"""Shared fixtures: the shared/ folder beside the checkout, sessions, the CLI runner, and
record 1 of the WPRIM sample built by hand."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import settings

from refbridge.abstracts import join_sections
from refbridge.model import AbstractSection, Keyword, PartialDate, Person, Record
from refbridge.session import Session

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "samples"
WPRIM_SAMPLE = SAMPLES / "wprim-search-results.txt"


# Property tests draw the same examples on every run (derandomize), so CI passes or fails on the
# code, not on the draw; REFBRIDGE_HYPOTHESIS=explore draws fresh random examples to hunt for new
# failures (add what it finds as an @example).
settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False, database=None)
settings.load_profile(os.environ.get("REFBRIDGE_HYPOTHESIS", "deterministic"))


def pytest_configure(config: pytest.Config) -> None:
    # Tests must not read or fill the user's real LTWA cache (plugins/journals/cache.py).
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


_WPRIM_AUTHORS = [
    ("Wang", "Siyu"), ("Yang", "Tao"), ("Li", "Tiantian"), ("Shi", "Lei"), ("Xu", "Ruonan"),
    ("Zhang", "Chao"), ("Wang", "Zerui"), ("Zhang", "Ziying"), ("Shi", "Ming"), ("Xu", "Zhe"),
    ("Wang", "Fu-Sheng"),
]  # fmt: skip
_WPRIM_SECTIONS = [
    (
        "Background",
        "The effects of human umbilical cord-derived mesenchymal stem cell (UC-MSC) treatment on "
        "coronavirus disease 2019 (COVID-19) patients have been preliminarily characterized. However, "
        "real-world data on the safety and efficacy of intravenous transfusions of MSCs in hospitalized "
        "COVID-19 patients at the convalescent stage remain to be reported.",
    ),
    (
        "Methods",
        "This was a single-arm, multicenter, real-word study in which a contemporaneous external control "
        "was included as the control group. Besides, severe and critical COVID-19 patients were considered "
        "together as the severe group, given the small number of critical patients. For a total of 110 "
        "patients, 21 moderate patients and 31 severe patients were enrolled in the MSC treatment group, "
        "while 26 moderate patients and 32 severe patients were enrolled in the control group. All patients "
        "received standard treatment. The MSC treatment patients additionally received intravenous infusions "
        "of MSCs at a dose of 4 × 10 7 cells on days 0, 3, and 6, respectively. The clinical outcomes, "
        "including adverse events (AEs), lung lesion proportion on chest computed tomography, pulmonary "
        "function, 6-min walking distance (6-MWD), clinical symptoms, and laboratory parameters, were "
        "measured on days 28, 90, 180, 270, and 360 during the follow-up visits.",
    ),
    (
        "Results",
        "In patients with moderate COVID-19, MSC treatment improved pulmonary function parameters, "
        "including forced expiratory volume in the first second (FEV1) and maximum forced vital capacity "
        "(VCmax) on days 28 (FEV1, 2.75 [2.35, 3.23] vs . 2.11 [1.96, 2.35], P = 0.008; VCmax, 2.92 "
        "[2.55, 3.60] vs . 2.47 [2.18, 2.68], P = 0.041), 90 (FEV1, 2.93 [2.63, 3.27] vs . 2.38 [2.24, "
        "2.63], P = 0.017; VCmax, 3.52 [3.02, 3.80] vs . 2.59 [2.45, 3.15], P = 0.017), and 360 (FEV1, "
        "2.91 [2.75, 3.18] vs . 2.30 [2.16, 2.70], P = 0.019; VCmax,3.61 [3.35, 3.97] vs . 2.69 [2.56, "
        "3.23], P = 0.036) compared with the controls. In addition, in severe patients, MSC treatment "
        "notably reduced the proportion of ground-glass lesions in the whole lung volume on day 90 ( P = "
        "0.045) compared with the controls. No difference in the incidence of AEs was observed between the "
        "two groups. Similarly, no significant differences were found in the 6-MWD, D-dimer levels, or "
        "interleukin-6 concentrations between the MSC and control groups.",
    ),
    (
        "Conclusions",
        "Our results demonstrate the safety and potential of MSC treatment for improved lung lesions and "
        "pulmonary function in convalescent COVID-19 patients. However, comprehensive and long-term studies "
        "are required to confirm the efficacy of MSC treatment.",
    ),
    ("Trial registration", "Chinese Clinical Trial Registry, ChiCTR2000031430."),
]
#: (term, qualifier, major) of record 1's 12 MeSH headings, as WPRIM lists them.
_WPRIM_HEADINGS = [
    ("Humans", None, False),
    ("COVID-19", "therapy", True),
    ("Female", None, False),
    ("Male", None, False),
    ("Mesenchymal Stem Cell Transplantation", "adverse effects", True),
    ("Middle Aged", None, False),
    ("Adult", None, False),
    ("Umbilical Cord", "cytology", True),
    ("Mesenchymal Stem Cells", "cytology", True),
    ("SARS-CoV-2", None, False),
    ("Aged", None, False),
    ("Treatment Outcome", None, False),
]


def _wprim_record_1() -> Record:
    sections = [AbstractSection(label, text) for label, text in _WPRIM_SECTIONS]
    return Record(
        type="article-journal",
        title="Safety and efficacy of human umbilical cord-derived mesenchymal stem cells in COVID-19 "
        "patients: A real-world observation",
        authors=[Person(family=family, given=given) for family, given in _WPRIM_AUTHORS],
        container_title="Chinese Medical Journal",
        volume="138",
        issue="22",
        pages="2984-2992",
        issued=PartialDate(2025),
        abstract=join_sections(sections),
        abstract_sections=sections,
        keywords=[Keyword(term, qualifier, major, "MeSH") for term, qualifier, major in _WPRIM_HEADINGS],
    )


@pytest.fixture
def wprim_record_1() -> Record:
    """Record 1 of samples/wprim-search-results.txt, built by hand (independent of the wprim
    reader, which tests/formats/test_wprim.py checks gives exactly this, but for ``source``):
    11 authors, five abstract sections, 12 MeSH keywords with qualifiers and major marks.

    A fresh record for each test, so no test sees another's changes to its lists. Derive
    variants with ``dataclasses.replace`` rather than building another by hand.
    """
    return _wprim_record_1()


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
