"""How much of what Zotero reads from a file survives refbridge's conversion (issue 18).

For each real corpus file (and generated records of every type), Zotero's own import
translators (tests/zotero.py, ../shared/zotero-oracle) read:

- A: the original file (BibTeX with Zotero's BibTeX import, RIS with its RIS import);
- B: refbridge's conversion of it (BibTeX → RIS, RIS → BibTeX), or its round trip
  (bib → ris → bib, ris → bib → ris), with the default transforms.

Items are paired in order; every Zotero field of every pair is compared (creators as
ordered (type, last, first) triples, tags as a set, ``extra`` as a set of lines, other
fields as whitespace-normalised text). Agreement = equal field values / field values
in A or B. An item of A without a partner in B is "lost" and all its fields count
as disagreeing.

    python benchmarks/zotero_agreement.py [--json out.json] [--details]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "tests"))

from zotero import zotero_import  # noqa: E402  (the tests' oracle helper)
from zotero_differences import KINDS, classify  # noqa: E402

import refbridge  # noqa: E402
from refbridge.session import Session  # noqa: E402

#: Zotero item members that are not bibliographic fields.
IGNORED = {"notes", "attachments", "_droppedOnSave", "_movedToExtraOnSave", "seeAlso", "itemID", "id"}
TRANSLATOR = {"bibtex": "bibtex", "ris": "ris"}
SUFFIX = {"bibtex": ".bib", "ris": ".ris"}


@dataclass
class Tally:
    """Agreement counts of one direction: totals, per field, lost items."""

    agree: int = 0
    total: int = 0
    items: int = 0
    lost: int = 0
    by_field: Counter[str] = field(default_factory=Counter)
    missed: Counter[str] = field(default_factory=Counter)
    #: Differences by kind (``zotero_differences.KINDS``); the rest are unexplained.
    explained: Counter[str] = field(default_factory=Counter)
    unexplained: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[tuple[str, Any, Any]]] = field(default_factory=dict)

    @property
    def percent(self) -> float:
        """Agreeing field values in percent."""
        return 100.0 * self.agree / self.total if self.total else 100.0

    @property
    def explained_percent(self) -> float:
        """Agreeing or explained field values in percent."""
        explained = self.agree + sum(self.explained.values())
        return 100.0 * explained / self.total if self.total else 100.0


def normalise(name: str, value: Any) -> Any:
    """A field value in a form that compares what Zotero stores, not how it is spelled."""
    if name == "creators":
        return tuple(
            (c.get("creatorType"), (c.get("lastName") or "").strip(), (c.get("firstName") or "").strip())
            for c in value
        )
    if name == "tags":
        return frozenset(t["tag"].strip() if isinstance(t, dict) else str(t).strip() for t in value)
    if name == "extra":
        return frozenset(line.strip() for line in str(value).splitlines() if line.strip())
    if name in ("pages", "numPages"):
        # Zotero's BibTeX import turns ``--`` into an en dash, its RIS import keeps a hyphen:
        # the same range either way.
        return " ".join(str(value).replace("\u2013", "-").split())
    return " ".join(str(value).split())


def compare(
    a_items: list[dict[str, Any]],
    b_items: list[dict[str, Any]],
    tally: Tally,
    where: str,
    direction: str = "",
) -> None:
    """Add the comparison of two item lists (paired in order) to ``tally``; a difference is
    explained when ``zotero_differences.classify`` names its kind for ``direction``."""
    for index, a in enumerate(a_items):
        tally.items += 1
        b = b_items[index] if index < len(b_items) else None
        if b is None:
            tally.lost += 1
        names = {n for n in a if n not in IGNORED and a[n] not in ("", [], None)}
        if b is not None:
            names |= {n for n in b if n not in IGNORED and b[n] not in ("", [], None)}
        for name in sorted(names):
            tally.total += 1
            left = normalise(name, a[name]) if name in a else None
            right = normalise(name, b[name]) if b is not None and name in b else None
            if left == right:
                tally.agree += 1
                tally.by_field[name] += 1
            else:
                tally.missed[name] += 1
                kind = classify(direction, name, a, b) if direction else None
                if kind is not None:
                    tally.explained[kind] += 1
                    continue
                tally.unexplained[name] += 1
                tally.examples.setdefault(name, [])
                if len(tally.examples[name]) < 3:
                    tally.examples[name].append((f"{where}#{index + 1}", a.get(name), b and b.get(name)))


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
    if kind == "bibtex":
        return sorted(SHARED.glob("corpus/real/*/*.bib"))
    return sorted(SHARED.glob("corpus/real/ris/*.ris"))


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


DIRECTIONS: dict[str, tuple[str, Callable[[str], str], str]] = {
    "bibtex → ris": ("bibtex", lambda t: convert_text(t, "bibtex", "ris"), "ris"),
    "ris → bibtex": ("ris", lambda t: convert_text(t, "ris", "bibtex"), "bibtex"),
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


def measure(files: Iterable[tuple[str, Path]], directions: Iterable[str] = DIRECTIONS) -> dict[str, Tally]:
    """The tallies of each direction over the given (kind, file) inputs."""
    files = list(files)
    tallies: dict[str, Tally] = {}
    for direction in directions:
        source, run, target = DIRECTIONS[direction]
        tally = tallies.setdefault(direction, Tally())
        for kind, path in files:
            if kind != source:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            original = zotero_import(TRANSLATOR[source], text)
            converted = zotero_import(TRANSLATOR[target], run(text))
            compare(original, converted, tally, path.name, direction)
    return tallies


def report(tallies: dict[str, Tally], details: bool) -> str:
    """The agreement table as Markdown."""
    lines = [
        "| direction | items | lost | field values | agree | agree or explained |",
        "|---|---|---|---|---|---|",
    ]
    for direction, t in tallies.items():
        lines.append(
            f"| {direction} | {t.items} | {t.lost} | {t.total} | {t.percent:.1f} % "
            f"| {t.explained_percent:.1f} % |"
        )
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
    return "\n".join(lines)


def main() -> int:
    """Print the agreement table of every direction on the corpus and generated records."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the numbers as JSON")
    parser.add_argument("--details", action="store_true", help="show up to 3 examples per field")
    parser.add_argument("--transforms", action="store_true", help="with the default transforms on")
    args = parser.parse_args()
    if args.transforms:
        OFF[:] = []
    with tempfile.TemporaryDirectory() as folder:
        inputs = [("bibtex", p) for p in corpus("bibtex")] + [("ris", p) for p in corpus("ris")]
        inputs += [("bibtex", p) for p in generated("bibtex", Path(folder))]
        inputs += [("ris", p) for p in generated("ris", Path(folder))]
        tallies = measure(inputs)
    print(report(tallies, args.details))
    if args.json:
        data = {
            d: {"items": t.items, "lost": t.lost, "total": t.total, "agree": t.agree}
            | {"missed": dict(t.missed), "explained": dict(t.explained), "unexplained": dict(t.unexplained)}
            for d, t in tallies.items()
        }
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
