"""The peer tools of ``zotero_agreement.py --peers``: bibutils and citation-js as converters.

Each peer is a function ``convert(text, source, target)`` (formats ``bibtex`` and ``ris``)
that returns the converted text or raises ``PeerFailure`` — a non-zero exit, a timeout,
empty output. ``peers()`` lists them with their versions; a peer that is not installed is
listed with the reason and how to install it, never raises.

- bibutils (Debian package ``bibutils``): ``bib2xml -i utf8 | xml2ris -o utf8`` and
  ``ris2xml -i utf8 | xml2bib -o utf8``, through MODS XML, as its documentation shows.
- citation-js (``benchmarks/package.json``, ``npm install --prefix benchmarks``):
  ``@citation-js/core`` with its BibTeX and RIS plugins, through ``citation_js_convert.js``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CITATION_JS_SCRIPT = HERE / "citation_js_convert.js"
NODE_MODULES = HERE / "node_modules"
#: Seconds one conversion of one file may take before the peer counts as failed on it.
TIMEOUT = 300

#: (source, target) → the bibutils programs to MODS XML and from it.
BIBUTILS = {("bibtex", "ris"): ("bib2xml", "xml2ris"), ("ris", "bibtex"): ("ris2xml", "xml2bib")}
CITATION_JS_PACKAGES = ("@citation-js/core", "@citation-js/plugin-bibtex", "@citation-js/plugin-ris")

Converter = Callable[[str, str, str], str]


class PeerFailure(Exception):
    """A peer failed on one file: its message says how (exit status and stderr, timeout, no output)."""


@dataclass(frozen=True, slots=True)
class Peer:
    """A peer tool: its name, version, and converter; ``missing`` says why it cannot run."""

    name: str
    version: str
    convert: Converter
    missing: str | None = None

    @property
    def label(self) -> str:
        """The name and version as the report shows them ("bibutils 7.2")."""
        return f"{self.name} {self.version}".strip()


def run_filter(argv: list[str], text: str, tool: str = "") -> str:
    """``text`` piped through the program ``argv`` (UTF-8 both ways); ``PeerFailure`` (naming
    ``tool``, by default the program) unless it exits 0 within ``TIMEOUT`` seconds."""
    tool = tool or Path(argv[0]).name
    try:
        result = subprocess.run(
            argv, input=text.encode("utf-8"), capture_output=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise PeerFailure(f"{tool} timed out after {TIMEOUT} s") from error
    except OSError as error:
        raise PeerFailure(f"{tool}: {error}") from error
    if result.returncode != 0:
        stderr = result.stderr.decode("utf-8", errors="replace").strip()
        first = stderr.splitlines()[0] if stderr else ""  # the message; a stack trace follows
        raise PeerFailure(f"{tool} exited with {result.returncode}: {first}".rstrip(": "))
    return result.stdout.decode("utf-8", errors="replace")


def non_empty(output: str, tool: str) -> str:
    """``output`` unless it holds nothing but a byte order mark and white space."""
    if not output.lstrip("\ufeff").strip():
        raise PeerFailure(f"{tool} wrote nothing")
    return output


def bibutils_convert(text: str, source: str, target: str) -> str:
    """bibutils' conversion of ``text`` from ``source`` to ``target`` through MODS XML."""
    to_mods, from_mods = BIBUTILS[(source, target)]
    mods = run_filter([to_mods, "-i", "utf8"], text)
    return non_empty(run_filter([from_mods, "-o", "utf8"], mods), "bibutils")


def citation_js_convert(text: str, source: str, target: str) -> str:
    """citation-js's conversion of ``text`` (``citation_js_convert.js`` under node)."""
    output = run_filter(["node", str(CITATION_JS_SCRIPT), source, target], text, "citation-js")
    return non_empty(output, "citation-js")


def bibutils() -> Peer:
    """bibutils with its version from ``bib2xml --version``, or why it is missing."""
    if not all(shutil.which(program) for pair in BIBUTILS.values() for program in pair):
        return Peer("bibutils", "", bibutils_convert, "not installed (apt-get install bibutils)")
    banner = subprocess.run(["bib2xml", "--version"], capture_output=True, text=True, check=False)
    # "bib2xml, bibutils suite version 7.2 date 2021-11-11" (on stderr or stdout)
    words = (banner.stdout + banner.stderr).split("version", 1)[-1].split()
    return Peer("bibutils", words[0] if words else "", bibutils_convert)


def citation_js_version() -> str:
    """The installed ``@citation-js/core`` version as ``package-lock.json`` pins it."""
    lock = json.loads((HERE / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock.get("packages", {}).get("node_modules/@citation-js/core", {})
    return str(entry.get("version", ""))


def citation_js() -> Peer:
    """citation-js with its version from ``package-lock.json``, or why it is missing."""
    if shutil.which("node") is None:
        return Peer("citation-js", "", citation_js_convert, "not installed (node is not on the PATH)")
    if not all((NODE_MODULES / package).is_dir() for package in CITATION_JS_PACKAGES):
        return Peer("citation-js", "", citation_js_convert, "not installed (npm install --prefix benchmarks)")
    return Peer("citation-js", citation_js_version(), citation_js_convert)


def peers() -> list[Peer]:
    """Every peer of the measurement, installed or not."""
    return [bibutils(), citation_js()]
