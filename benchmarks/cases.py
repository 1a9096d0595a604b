"""What the benchmark runs: refbridge in each direction, its dependency floors, and the peers.

Every case is a shell command with ``{input}`` and ``{output}`` placeholders. A case
whose tool or format is missing on this machine is kept with the reason, and the
report shows it as "not available" instead of a number.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
NODE_BIN = HERE / "node_modules" / ".bin"

#: The transforms (plugins) refbridge runs by default, switched off for the "plugins off" rows.
DEFAULT_PLUGINS = ("pages", "journal-abbreviation", "keywords")
#: refbridge directions: (label, input format, output format, output kind).
DIRECTIONS = (
    ("bibtex→ris", "bibtex", "ris", "ris"),
    ("ris→bibtex", "ris", "bibtex", "bibtex"),
    ("ris→jats", "ris", "jats", "jats"),
    ("bibtex→jats", "bibtex", "jats", "jats"),
    ("wprim→ris", "wprim", "ris", "ris"),
)

_PYBTEX_FLOOR = (
    "import sys; from pybtex.database import parse_file; print(len(parse_file(sys.argv[1]).entries))"
)
_RISPY_FLOOR = "import sys, rispy; f = open(sys.argv[1], encoding='utf-8'); print(len(rispy.load(f)))"


@dataclass
class Case:
    """One command to time; ``unavailable`` says why it cannot run here (None: it can)."""

    id: str
    group: str  # refbridge | refbridge, plugins off | floor | peer
    tool: str
    direction: str
    input: str  # generator format of the input file: bibtex | ris | wprim
    output_kind: str  # what count_records looks for: ris | bibtex | jats | csljson | count
    command: str
    unavailable: str | None = None
    inputs: int = 1  # how many copies of the input the command reads (records out = inputs x N)

    def render(self, input_path: Path, output_path: Path) -> str:
        """The shell command for these files."""
        return self.command.format(input=shlex.quote(str(input_path)), output=shlex.quote(str(output_path)))


def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)


def refbridge_executable() -> str | None:
    """The ``refbridge`` script of the running Python's environment, else the one on PATH."""
    beside = Path(sys.executable).parent / "refbridge"
    if beside.exists():
        return str(beside)
    return shutil.which("refbridge")


@dataclass
class RefbridgeInfo:
    """What the installed refbridge can do: readable/writable formats, plugins, options."""

    exe: str | None
    version: str = ""
    readable: frozenset[str] = frozenset()
    writable: frozenset[str] = frozenset()
    plugins: frozenset[str] = frozenset()
    has_jobs: bool = False
    has_format: bool = False
    problem: str | None = None


def probe_refbridge() -> RefbridgeInfo:
    """Ask the installed refbridge what it has (formats --json, plugins, convert --help)."""
    exe = refbridge_executable()
    if exe is None:
        return RefbridgeInfo(None, problem="refbridge is not installed (pip install -e . first)")
    info = RefbridgeInfo(exe)
    words = _run([exe, "--version"]).stdout.split()
    info.version = words[-1] if words else "?"  # "refbridge, version 0.1.0"
    formats = _run([exe, "formats", "--json"])
    try:
        rows = json.loads(formats.stdout)
    except ValueError:
        info.problem = f"`refbridge formats --json` failed: {formats.stderr.strip()[:200]}"
        return info
    info.readable = frozenset(r["name"] for r in rows if r.get("read"))
    info.writable = frozenset(r["name"] for r in rows if r.get("write"))
    plugins = _run([exe, "plugins"]).stdout
    info.plugins = frozenset(
        line.split()[0] for line in plugins.splitlines() if line.strip() and "[failed" not in line
    )
    info.has_jobs = "--jobs" in _run([exe, "convert", "--help"]).stdout
    info.has_format = _run([exe, "format", "--help"]).returncode == 0
    return info


def refbridge_cases(info: RefbridgeInfo) -> list[Case]:
    """refbridge in each direction, default plugins on and off, and --jobs if it exists."""
    exe = shlex.quote(info.exe or "refbridge")
    loaded = [p for p in DEFAULT_PLUGINS if p in info.plugins]
    off = " ".join(f"-D {p}" for p in loaded)
    cases = []
    for label, src, dst, kind in DIRECTIONS:
        missing = [
            f"no {what} for '{fmt}'"
            for fmt, what, names in ((src, "reader", info.readable), (dst, "writer", info.writable))
            if fmt not in names
        ]
        reason = info.problem or ("format not available yet: " + ", ".join(missing) if missing else None)
        base = f"{exe} convert {{input}} -f {src} -t {dst} -o {{output}}"
        cases.append(Case(f"refbridge {label}", "refbridge", "refbridge", label, src, kind, base, reason))
        off_reason = reason or (None if loaded else "none of the default plugins is installed")
        if info.has_jobs:
            cases.append(
                Case(
                    f"refbridge {label} (one process)",
                    "refbridge, one process",
                    "refbridge",
                    label,
                    src,
                    kind,
                    f"{base} --jobs 1",
                    reason,
                )
            )
        cases.append(
            Case(
                f"refbridge {label} (plugins off)",
                "refbridge, plugins off",
                "refbridge",
                label,
                src,
                kind,
                f"{base} {off}",
                off_reason,
            )
        )
    jobs = os.cpu_count() or 1
    reason = cases[0].unavailable or (None if info.has_jobs else "refbridge convert has no --jobs option yet")
    one = f"{exe} convert {{input}} -f bibtex -t ris -o {{output}}"
    two = f"{exe} convert {{input}} {{input}} -f bibtex -t ris -o {{output}}"
    cases += [
        Case(
            "refbridge bibtex→ris --jobs 1",
            "jobs",
            "refbridge",
            "bibtex→ris",
            "bibtex",
            "ris",
            f"{one} --jobs 1",
            reason,
        ),
        Case(
            f"refbridge bibtex→ris --jobs {jobs}",
            "jobs",
            "refbridge",
            "bibtex→ris",
            "bibtex",
            "ris",
            f"{one} --jobs {jobs}",
            reason,
        ),
        Case(
            "refbridge bibtex→ris, 2 files, --jobs 1",
            "jobs",
            "refbridge",
            "bibtex→ris",
            "bibtex",
            "ris",
            f"{two} --jobs 1",
            reason,
            inputs=2,
        ),
        Case(
            f"refbridge bibtex→ris, 2 files, --jobs {jobs}",
            "jobs",
            "refbridge",
            "bibtex→ris",
            "bibtex",
            "ris",
            f"{two} --jobs {jobs}",
            reason,
            inputs=2,
        ),
    ]
    return cases


def floor_cases() -> list[Case]:
    """refbridge's own dependencies alone: the floor its read paths start from."""
    py = shlex.quote(sys.executable)
    cases = []
    for module, direction, src, code in (
        ("pybtex", "bibtex (parse_file)", "bibtex", _PYBTEX_FLOOR),
        ("rispy", "ris (load)", "ris", _RISPY_FLOOR),
    ):
        probe = _run([sys.executable, "-c", f"import {module}; print({module}.__version__)"])
        version = probe.stdout.strip()
        reason = None if probe.returncode == 0 else f"{module} is not importable by {sys.executable}"
        cases.append(
            Case(
                f"{module} alone: {direction}",
                "floor",
                f"{module} {version}".strip(),
                direction,
                src,
                "count",
                f"{py} -c {shlex.quote(code)} {{input}} > {{output}}",
                reason,
            )
        )
    return cases


def _version(argv: list[str]) -> str:
    try:
        result = _run(argv)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    text = (result.stdout or result.stderr).strip().splitlines()
    return text[0] if text else ""


def peer_cases() -> list[Case]:
    """The tools users would otherwise pick; a missing one is kept with how to install it."""
    cases = []
    bibutils = all(shutil.which(t) for t in ("bib2xml", "xml2ris", "ris2xml", "xml2bib"))
    bu_version = _version(["bib2xml", "--version"]) if bibutils else ""
    bu_version = bu_version.split("version ", 1)[-1].split()[0] if "version " in bu_version else ""
    bu_reason = None if bibutils else "bibutils not installed (apt-get install bibutils)"
    bu_tool = f"bibutils {bu_version}".strip()
    cases.append(
        Case(
            "bibutils bib2xml | xml2ris",
            "peer",
            bu_tool,
            "bibtex→ris",
            "bibtex",
            "ris",
            "bib2xml -i utf8 {input} | xml2ris -o utf8 > {output}",
            bu_reason,
        )
    )
    cases.append(
        Case(
            "bibutils ris2xml | xml2bib",
            "peer",
            bu_tool,
            "ris→bibtex",
            "ris",
            "bibtex",
            "ris2xml -i utf8 {input} | xml2bib -o utf8 > {output}",
            bu_reason,
        )
    )
    pandoc = shutil.which("pandoc")
    pd_version = _version(["pandoc", "--version"]) if pandoc else ""
    cases.append(
        Case(
            "pandoc bibtex→csljson",
            "peer",
            pd_version or "pandoc",
            "bibtex→csljson",
            "bibtex",
            "csljson",
            "pandoc -f bibtex -t csljson {input} -o {output}",
            None if pandoc else "pandoc not installed (apt-get install pandoc)",
        )
    )
    cj = NODE_BIN / "citation-js"
    node = shutil.which("node")
    cj_reason = None
    if not node:
        cj_reason = "node not installed (apt-get install nodejs npm)"
    elif not cj.exists():
        cj_reason = "citation-js not installed (cd benchmarks && npm install)"
    cj_version = _version([str(cj), "--version"]) if not cj_reason else ""
    cj_tool = f"citation-js {cj_version}".strip()
    cjq = shlex.quote(str(cj))
    cases.append(
        Case(
            "citation-js bibtex→ris",
            "peer",
            cj_tool,
            "bibtex→ris",
            "bibtex",
            "ris",
            f"{cjq} -i {{input}} -f string -s ris > {{output}}",
            cj_reason,
        )
    )
    cases.append(
        Case(
            "citation-js ris→bibtex",
            "peer",
            cj_tool,
            "ris→bibtex",
            "ris",
            "bibtex",
            f"{cjq} -i {{input}} -f string -s bibtex > {{output}}",
            cj_reason,
        )
    )
    tidy = NODE_BIN / "bibtex-tidy"
    tidy_reason = (
        cj_reason
        if not node
        else (None if tidy.exists() else "bibtex-tidy not installed (cd benchmarks && npm install)")
    )
    tidy_version = ""
    if not tidy_reason:
        package = HERE / "node_modules" / "bibtex-tidy" / "package.json"
        tidy_version = json.loads(package.read_text(encoding="utf-8")).get("version", "")
    cases.append(
        Case(
            "bibtex-tidy (format only)",
            "peer",
            f"bibtex-tidy {tidy_version}".strip(),
            "bibtex→bibtex",
            "bibtex",
            "bibtex",
            f"{shlex.quote(str(tidy))} {{input}} --output {{output}}",
            tidy_reason,
        )
    )
    return cases


@dataclass
class StartupCase:
    """A start-up command timed several times (median wall)."""

    id: str
    command: str
    unavailable: str | None = None


def startup_cases(info: RefbridgeInfo, one_record_bib: Path) -> list[StartupCase]:
    """Interpreter floor, ``refbridge --version`` and the pre-commit path ``format --check``."""
    exe = shlex.quote(info.exe or "refbridge")
    reason = info.problem
    fmt_reason = reason or (None if info.has_format else "`refbridge format --help` fails: no format command")
    if fmt_reason is None and not {"bibtex"} <= info.readable & info.writable:
        fmt_reason = "format not available yet: bibtex reader/writer"
    return [
        StartupCase("python -c pass (interpreter floor)", f"{shlex.quote(sys.executable)} -c pass"),
        StartupCase("refbridge --version", f"{exe} --version", reason),
        StartupCase(
            "refbridge format --check (1-record .bib)",
            f"{exe} format --check {shlex.quote(str(one_record_bib))}",
            fmt_reason,
        ),
    ]
