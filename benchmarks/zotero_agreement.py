"""How much of what Zotero reads from a file survives refbridge's conversion (issue 18).

For each real corpus file (and generated records of every type), Zotero's own import
translators (tests/zotero.py, ../shared/zotero-oracle) read:

- A: the original file, with Zotero's import for its format (agreement_sources.py: BibTeX,
  RIS, MEDLINE, PubMed XML, CSL JSON, EndNote XML, Refer for tagged EndNote);
- B: refbridge's conversion of it (BibTeX → RIS, RIS → BibTeX, and each of the others to
  both), or its round trip (bib → ris → bib, ris → bib → ris), with the transforms off.

The comparison (agreement_compare.py) pairs the items and compares every Zotero field;
agreement = equal field values / field values in A or B, and a difference is explained when
zotero_differences.py names its kind.

With ``--peers`` the one-way BibTeX/RIS directions are also measured for bibutils and
citation-js (benchmarks/peers_zotero.py) on the same inputs, with the same comparison and
kinds. A peer that fails on a file (non-zero exit, no output, an exception, output Zotero
cannot read) loses every item of that file; the run goes on and counts the failed files.

    python benchmarks/zotero_agreement.py [--json out.json] [--details] [--peers]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "tests"))

from agreement_compare import IGNORED, Tally, compare, normalise, partners  # noqa: E402, F401
from agreement_sources import READ_ONLY_SOURCES, SUFFIX, TRANSLATOR, source_files  # noqa: E402
from peers_zotero import Peer, PeerFailure, peers  # noqa: E402
from zotero import zotero_import  # noqa: E402  (the tests' oracle helper)
from zotero_differences import KINDS  # noqa: E402

import refbridge  # noqa: E402
from refbridge.session import Session  # noqa: E402

#: Transforms switched off for the measurement: it judges what the formats carry, not the
#: clean-up (which changes pages and adds journal abbreviations on purpose); ``--transforms``
#: measures with the defaults on.
OFF: list[str] = ["pages", "keywords", "journal-abbreviation"]


def convert_text(text: str, source: str, target: str) -> str:
    """refbridge's conversion of ``text`` (one process; transforms as ``OFF`` says)."""
    with tempfile.TemporaryDirectory() as folder:
        src = Path(folder) / f"in{SUFFIX[source]}"
        src.write_text(text, encoding="utf-8")
        dest = Path(folder) / f"out{SUFFIX[target]}"
        refbridge.convert(src, dest, from_format=source, to_format=target, session=Session(disable=OFF))
        return dest.read_text(encoding="utf-8")


def corpus(kind: str) -> list[Path]:
    """Real files of one format: ``.bib`` anywhere in the corpus, ``.ris`` in ris/."""
    return source_files(kind, built=False)


def generated(kind: str, folder: Path) -> list[Path]:
    """Generated records of every type (benchmarks/generate.py), 200 of them."""
    import subprocess

    fmt = "bibtex" if kind == "bibtex" else "ris"
    script = str(REPO / "benchmarks" / "generate.py")
    subprocess.run(
        [sys.executable, script, "200", "--out", str(folder), "--formats", fmt],
        check=True,
        capture_output=True,
    )
    return sorted(folder.glob(f"gen-200{SUFFIX[kind]}"))


def _one_way(source: str, target: str) -> tuple[str, Callable[[str], str], str]:
    return (source, lambda t: convert_text(t, source, target), target)


DIRECTIONS: dict[str, tuple[str, Callable[[str], str], str]] = {
    "bibtex → ris": _one_way("bibtex", "ris"),
    "ris → bibtex": _one_way("ris", "bibtex"),
    "bib → ris → bib": (
        "bibtex",
        lambda t: convert_text(convert_text(t, "bibtex", "ris"), "ris", "bibtex"),
        "bibtex",
    ),
    "ris → bib → ris": (
        "ris",
        lambda t: convert_text(convert_text(t, "ris", "bibtex"), "bibtex", "ris"),
        "ris",
    ),
}
#: The formats refbridge reads from databases and reference managers, to RIS and to BibTeX.
DIRECTIONS |= {
    f"{source} → {target}": _one_way(source, target)
    for source in READ_ONLY_SOURCES
    for target in ("ris", "bibtex")
}


#: The directions ``--peers`` measures the peers in (the round trips are refbridge's alone).
PEER_DIRECTIONS = ("bibtex → ris", "ris → bibtex")


@lru_cache(maxsize=64)
def original_items(translator: str, text: str) -> list[dict[str, Any]]:
    """Zotero's import of an original file (A), read once for every direction and tool."""
    return zotero_import(translator, text)


def converted_items(
    run: Callable[[str], str], text: str, target: str, tally: Tally, where: str
) -> list[dict[str, Any]]:
    """Zotero's import of a tool's conversion (B), or no items when the tool fails on the
    file or Zotero cannot read what it wrote; the failure goes to ``tally.failures``."""
    try:
        output = run(text)
        if not output.lstrip("\ufeff").strip():
            raise PeerFailure("no output")
        return zotero_import(TRANSLATOR[target], output)
    except Exception as error:  # any failure loses this file's items, never the run
        reason = str(error) if isinstance(error, PeerFailure) else f"{type(error).__name__}: {error}"
        tally.failures.append((where, reason))
        return []


def measure_direction(
    direction: str,
    run: Callable[[str], str],
    files: Iterable[tuple[str, Path]],
    tolerant: bool = False,
) -> Tally:
    """The tally of converting each input of the direction's source format with ``run``;
    ``tolerant`` counts a failing file as lost instead of raising (for the peers)."""
    source, _, target = DIRECTIONS[direction]
    tally = Tally()
    for kind, path in files:
        if kind != source:
            continue
        tally.files += 1
        text = path.read_text(encoding="utf-8", errors="replace")
        original = original_items(TRANSLATOR[source], text)
        if tolerant:
            converted = converted_items(run, text, target, tally, path.name)
        else:
            converted = zotero_import(TRANSLATOR[target], run(text))
        compare(original, converted, tally, path.name, direction, original=text)
    return tally


def measure(files: Iterable[tuple[str, Path]], directions: Iterable[str] = DIRECTIONS) -> dict[str, Tally]:
    """refbridge's tallies of each direction over the given (kind, file) inputs; a
    refbridge crash is raised, not counted, since it is a bug to see with its traceback."""
    files = list(files)
    return {d: measure_direction(d, DIRECTIONS[d][1], files) for d in directions}


def peer_runner(peer: Peer, direction: str) -> Callable[[str], str]:
    """The peer's conversion of one text in ``direction``."""
    source, _, target = DIRECTIONS[direction]
    return lambda text: peer.convert(text, source, target)


PeerTallies = list[tuple[Peer, dict[str, Tally]]]


def measure_peer(peer: Peer, files: list[tuple[str, Path]]) -> dict[str, Tally]:
    """A peer's tallies of the one-way directions; none when it is not installed."""
    if peer.missing:
        return {}
    return {d: measure_direction(d, peer_runner(peer, d), files, tolerant=True) for d in PEER_DIRECTIONS}


def measure_peers(files: Iterable[tuple[str, Path]], tools: Iterable[Peer]) -> PeerTallies:
    """Each peer with its tallies (``measure_peer``)."""
    files = list(files)
    return [(peer, measure_peer(peer, files)) for peer in tools]


def row(label: str, t: Tally) -> str:
    """One line of the agreement table."""
    return f"| {label} | {t.items} | {t.lost} | {t.total} | {t.percent:.1f} % | {t.explained_percent:.1f} % |"


def peer_rows(peer_tallies: PeerTallies) -> list[str]:
    """The peers' lines of the agreement table, "not installed" for a missing peer."""
    lines = []
    for peer, tallies in peer_tallies:
        for direction in PEER_DIRECTIONS:
            if peer.missing:
                lines.append(f"| {peer.name}: {direction} | {peer.missing} | — | — | — | — |")
            else:
                lines.append(row(f"{peer.label}: {direction}", tallies[direction]))
    return lines


def peer_notes(peer_tallies: PeerTallies, details: bool) -> list[str]:
    """Per peer and direction: the files it failed on (with ``details``, why) and its five
    most frequent unexplained fields."""
    lines = ["", "Peers (the same inputs, comparison and kinds; a failed file loses all its items):", ""]
    for peer, tallies in peer_tallies:
        if peer.missing:
            lines.append(f"- {peer.name}: {peer.missing}")
        for direction, t in tallies.items():
            worst = ", ".join(f"{name} ×{count}" for name, count in t.unexplained.most_common(5))
            failed = ", ".join(where for where, _ in t.failures)
            lines.append(
                f"- {peer.label}, {direction}: failed on {len(t.failures)} of {t.files} files"
                + (f" ({failed})" if failed else "")
                + f"; unexplained, top 5: {worst or 'none'}"
            )
            if details:
                lines += [f"    - {where}: {reason[:200]}" for where, reason in t.failures]
    return lines


def report(tallies: dict[str, Tally], details: bool, peer_tallies: PeerTallies | None = None) -> str:
    """The agreement table as Markdown; with ``peer_tallies``, the peers' rows and notes too
    (the kinds and the per-field listing stay refbridge's)."""
    lines = [
        "| direction | items | lost | field values | agree | agree or explained |",
        "|---|---|---|---|---|---|",
    ]
    lines += [row(direction, t) for direction, t in tallies.items()]
    lines += peer_rows(peer_tallies or [])
    lines += ["", "Explained differences (benchmarks/zotero_differences.py):", ""]
    kinds = Counter[str]()
    for t in tallies.values():
        kinds.update(t.explained)
    for kind, _ in kinds.most_common():
        counts = ", ".join(f"{d} ×{t.explained[kind]}" for d, t in tallies.items() if t.explained[kind])
        lines.append(f"- {kind} ({counts}): {KINDS[kind]}")
    lines += ["", "Unexplained differences by Zotero field:", ""]
    for direction, t in tallies.items():
        worst = ", ".join(f"{name} ×{count}" for name, count in t.unexplained.most_common())
        lines.append(f"- {direction}: {worst or 'none'}")
        if details:
            for name, examples in t.examples.items():
                for where, a, b in examples:
                    lines.append(f"    - {name} {where}: {a!r} → {b!r}")
    if peer_tallies:
        lines += peer_notes(peer_tallies, details)
    return "\n".join(lines)


def numbers(t: Tally) -> dict[str, Any]:
    """A tally as JSON data."""
    return {"items": t.items, "lost": t.lost, "total": t.total, "agree": t.agree} | {
        "files": t.files,
        "failed_files": [where for where, _ in t.failures],
        "missed": dict(t.missed),
        "explained": dict(t.explained),
        "unexplained": dict(t.unexplained),
    }


def as_json(tallies: dict[str, Tally], peer_tallies: PeerTallies | None) -> dict[str, Any]:
    """refbridge's numbers by direction, and under ``peers`` each peer's (or why it is missing)."""
    data: dict[str, Any] = {d: numbers(t) for d, t in tallies.items()}
    if peer_tallies is not None:
        data["peers"] = {
            peer.name: {"version": peer.version, "missing": peer.missing}
            | {d: numbers(t) for d, t in peer_tally.items()}
            for peer, peer_tally in peer_tallies
        }
    return data


def main() -> int:
    """Print the agreement table of every direction on the corpus and generated records."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the numbers as JSON")
    parser.add_argument("--details", action="store_true", help="show up to 3 examples per field")
    parser.add_argument("--transforms", action="store_true", help="with the default transforms on")
    parser.add_argument(
        "--peers", action="store_true", help="also measure bibutils and citation-js (one-way directions)"
    )
    args = parser.parse_args()
    if args.transforms:
        OFF[:] = []
    with tempfile.TemporaryDirectory() as folder:
        inputs = [("bibtex", p) for p in corpus("bibtex")] + [("ris", p) for p in corpus("ris")]
        inputs += [(fmt, p) for fmt in READ_ONLY_SOURCES for p in source_files(fmt)]
        inputs += [("bibtex", p) for p in generated("bibtex", Path(folder))]
        inputs += [("ris", p) for p in generated("ris", Path(folder))]
        tallies = measure(inputs)
        peer_tallies = measure_peers(inputs, peers()) if args.peers else None
    print(report(tallies, args.details, peer_tallies))
    if args.json:
        data = as_json(tallies, peer_tallies)
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
