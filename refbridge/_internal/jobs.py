"""How many processes a conversion uses (``--jobs``); kept light to import, since
every ``convert`` asks even when the answer is one."""

from __future__ import annotations

import os

#: Below this many bytes of input, ``--jobs auto`` stays in one process: starting
#: workers would cost more than it saves.
AUTO_MIN_BYTES = 4 << 20


def available() -> bool:
    """True when worker processes can be forked here (not on Windows)."""
    return hasattr(os, "fork")


def cpu_count() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def resolve_jobs(jobs: int | None, input_bytes: int) -> int:
    """The number of processes to use: ``jobs`` as given, or for 0/None (auto) every
    CPU when the inputs are large enough to gain from it, else 1."""
    if jobs is None or jobs <= 0:
        return cpu_count() if input_bytes >= AUTO_MIN_BYTES else 1
    return jobs
