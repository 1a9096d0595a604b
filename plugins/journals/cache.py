"""A persistent cache of LTWA-rule abbreviations, so later runs skip loading the LTWA.

Building pyiso4's LTWA table costs about a second of CPU per process, which would
dominate a pre-commit run or a small conversion. Results are appended, one JSON line
per new title, to ``$REFBRIDGE_CACHE_DIR`` (default ``$XDG_CACHE_HOME/refbridge`` or
``~/.cache/refbridge``); an empty ``REFBRIDGE_CACHE_DIR`` switches the cache off. The
file name carries the pyiso4 version and ``RULES_VERSION``, so a change of either
starts a fresh cache. A cache that cannot be read or written is silently ignored:
it only ever saves time.
"""

from __future__ import annotations

import json
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

#: Bump when refbridge's corrections of pyiso4 (journals_ltwa.py) change results.
RULES_VERSION = 1


def cache_file() -> Path | None:
    """Where the cache lives, or None when it is switched off."""
    configured = os.environ.get("REFBRIDGE_CACHE_DIR")
    if configured is not None:
        if not configured:
            return None
        folder = Path(configured)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(base) / "refbridge"
    try:
        pyiso4_version = version("pyiso4")
    except PackageNotFoundError:
        pyiso4_version = "unknown"
    return folder / f"ltwa-{pyiso4_version}-r{RULES_VERSION}.jsonl"


class LtwaCache:
    """Title → abbreviation, loaded once, appended to as new titles are abbreviated."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, str] = {}
        if path is None:
            return
        try:
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    try:
                        title, abbreviation = json.loads(line)
                    except (ValueError, TypeError):
                        continue  # a line cut short by a killed process
                    if isinstance(title, str) and isinstance(abbreviation, str):
                        self.entries[title] = abbreviation
        except OSError:
            pass

    def get(self, title: str) -> str | None:
        """The cached abbreviation of ``title``, if any."""
        return self.entries.get(title)

    def add(self, title: str, abbreviation: str) -> None:
        """Remember a new result, in memory and on disk."""
        self.entries[title] = abbreviation
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # One short append per new title: concurrent runs interleave whole lines.
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps([title, abbreviation], ensure_ascii=False) + "\n")
        except OSError:
            self.path = None
