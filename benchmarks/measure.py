"""Timing one whole process (or shell pipeline): wall time, CPU time, peak RSS, exit status.

The command runs as ``/usr/bin/time -f ... /bin/sh -c COMMAND`` in its own session. GNU
time forks the shell from its own small process and reports the shell's rusage, which
on Linux covers every process the shell waited for: ``%M`` is the peak resident set of
the largest single process of a pipeline (a maximum, not a sum) and ``%U + %S`` the CPU
time of all of them. Measuring from Python directly (``os.wait4``) would not do: a child
forked from this runner starts with the runner's own resident set as its peak (Linux
keeps the pre-exec peak), so nothing under ~20 MB could be seen. Without GNU time that
fallback is used and ``rss_floor_mb`` says how much of a figure may be the runner's.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import resource
import signal
import subprocess
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class Measurement:
    """What one run of a command cost, and what it produced."""

    wall: float
    cpu: float
    peak_rss_mb: float
    exit_code: int
    timed_out: bool = False
    records_out: int | None = None
    rss_floor_mb: float | None = None

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return asdict(self)


GNU_TIME = "/usr/bin/time"
_TIME_FORMAT = "%M %U %S"


def gnu_time_available() -> bool:
    """True when /usr/bin/time is GNU time (it knows ``-f`` and ``-o``)."""
    if not os.access(GNU_TIME, os.X_OK):
        return False
    probe = subprocess.run([GNU_TIME, "-f", "%M", "-o", os.devnull, "true"], capture_output=True, check=False)
    return probe.returncode == 0


_USE_GNU_TIME = gnu_time_available()


def run_measured(command: str, *, timeout: float, stderr_path: Path, cwd: Path | None = None) -> Measurement:
    """Run ``command`` with ``sh -c`` and measure it; kill its process group after ``timeout`` s."""
    stats_path = stderr_path.with_suffix(".time")
    stats_path.unlink(missing_ok=True)
    argv = ["/bin/sh", "-c", command]
    if _USE_GNU_TIME:
        argv = [GNU_TIME, "-f", _TIME_FORMAT, "-o", str(stats_path), *argv]
    with stderr_path.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            cwd=cwd,
            start_new_session=True,
        )
        expired = threading.Event()

        def kill() -> None:
            expired.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss_kb, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    floor = None
    if _USE_GNU_TIME:
        # The last line holds the numbers ("Command exited with non-zero status" may precede it).
        lines = stats_path.read_text().split("\n") if stats_path.exists() else []
        fields = next((ln.split() for ln in reversed(lines) if ln.strip()), [])
        if len(fields) == 3:
            rss_kb, cpu = int(fields[0]), float(fields[1]) + float(fields[2])
    else:
        floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Measurement(
        wall=wall,
        cpu=cpu,
        peak_rss_mb=rss_kb / 1024,  # Linux: kilobytes
        exit_code=proc.returncode,
        timed_out=expired.is_set(),
        rss_floor_mb=floor,
    )


# -- counting the records a tool wrote (a tool that drops records must not look fast) -------

_BIB_ENTRY = re.compile(r"^\s*@(?!string\b|preamble\b|comment\b)[A-Za-z]+\s*[{(]", re.IGNORECASE)


def count_records(path: Path, kind: str) -> int | None:
    """Count the records in an output file of ``kind`` (ris, bibtex, jats, csljson, count)."""
    if not path.exists():
        return None
    if kind == "count":
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        return int(text.split()[-1]) if text and text.split()[-1].isdigit() else None
    if kind == "csljson":
        try:
            with path.open(encoding="utf-8") as handle:
                data = json.load(handle)
        except (ValueError, UnicodeDecodeError):
            return None
        return len(data) if isinstance(data, list) else None
    count = 0
    with path.open(encoding="utf-8", errors="replace", newline=None) as handle:
        for raw in handle:
            line = raw.lstrip("\ufeff")
            if kind == "ris":
                count += line.startswith("TY  -")
            elif kind == "bibtex":
                count += _BIB_ENTRY.match(line) is not None
            elif kind == "jats":
                count += line.count("<element-citation") + line.count("<mixed-citation")
            else:
                raise ValueError(f"unknown output kind {kind!r}")
    return count
