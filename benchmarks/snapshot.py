"""Snapshot every conversion output, to prove a refactoring changed no byte.

    python benchmarks/snapshot.py OUT_DIR            # write the outputs
    python benchmarks/snapshot.py OUT_DIR --compare BEFORE_DIR

Inputs: the real corpus files refbridge reads (../shared/corpus/real/{bib,ris,jats} and
the JabRef ``.bib`` files beside the other formats), the WPRIM sample, the test data,
and 10,000 generated records in each generated format (benchmarks/generate.py).
Each input is converted with its format given explicitly (``-f``) to every writable
built-in format, with the default transforms and with every transform off, with
``--jobs 1`` and ``--jobs 2``. The diagnostics (stderr) are kept beside each output.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TARGETS = ("bibtex", "biblatex", "ris", "jats", "jats-article", "json")
FORMAT_OF = {
    ".bib": "bibtex",
    ".ris": "ris",
    ".nxml": "jats",
    ".xml": "jats",
    ".txt": "wprim",
    ".wprim": "wprim",
    ".json": "json",
}
OFF = ("-D", "pages", "-D", "keywords", "-D", "journal-abbreviation")


def inputs(generated: Path) -> list[Path]:
    """Every input the snapshot converts."""
    real = [
        p
        for p in sorted(SHARED.glob("corpus/real/*/*"))
        if (p.parent.name in {"bib", "ris", "jats"} and p.suffix in FORMAT_OF) or p.suffix == ".bib"
    ]
    tests = sorted(p for p in (REPO / "tests" / "data").rglob("*") if p.suffix in FORMAT_OF)
    return [*real, REPO / "samples" / "wprim-search-results.txt", *tests, *sorted(generated.glob("gen-*"))]


def run(source: Path, target: str, plugins: bool, jobs: int, out: Path) -> None:
    """One conversion into ``out`` (output file + ``.stderr``)."""
    name = f"{source.parent.name}--{source.name}--{target}--{'on' if plugins else 'off'}--j{jobs}"
    dest = out / name
    command = [sys.executable, "-m", "refbridge", "convert", str(source), "-f", FORMAT_OF[source.suffix]]
    command += ["-t", target, "-o", str(dest), "--jobs", str(jobs), "--no-progress"]
    if not plugins:
        command += OFF
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
    (out / (name + ".stderr")).write_text(f"exit {result.returncode}\n{result.stderr}", encoding="utf-8")


def snapshot(out: Path) -> None:
    """Write every output of every input into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    generated = out / "_generated"
    generated.mkdir(exist_ok=True)
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), "10000", "--out", str(generated)],
        check=True,
    )
    jobs = [
        (source, target, plugins, n)
        for source in inputs(generated)
        for target in TARGETS
        for plugins in (True, False)
        for n in (1, 2)
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda job: run(*job, out), jobs))
    print(f"{len(jobs)} conversions written to {out}")


def compare(after: Path, before: Path) -> int:
    """Print the files that differ; return how many. The snapshot folders' own paths
    (which generated inputs and messages name) are not a difference."""
    names = sorted(p.name for p in before.iterdir() if p.is_file())
    different = []
    for name in names:
        if not (after / name).exists():
            different.append(name)
            continue
        old = (before / name).read_bytes().replace(str(before).encode(), b"<snapshot>")
        new = (after / name).read_bytes().replace(str(after).encode(), b"<snapshot>")
        if old != new:
            different.append(name)
    for name in different:
        print(f"differs: {name}")
    print(f"{len(names) - len(different)} of {len(names)} files identical")
    return len(different)


def main() -> int:
    """Command line: snapshot, optionally compared with an earlier one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--compare", type=Path, help="an earlier snapshot to compare with")
    parser.add_argument("--no-run", action="store_true", help="only compare")
    args = parser.parse_args()
    if not args.no_run:
        snapshot(args.out)
    return 1 if args.compare and compare(args.out, args.compare) else 0


if __name__ == "__main__":
    sys.exit(main())
