"""PubMed XML benchmark: a 30,000-record gzipped file → RIS and → JSON, against pubmed_parser.

    python benchmarks/pubmed_bench.py [--records 30000] [--dask-files 20] [--skip-dask]

Each case runs as its own process (``--jobs 1``); the wall time, the CPU time and the peak
resident memory of that process (``os.wait4``) are recorded. The peer is pubmed_parser's
``parse_medline_xml`` (``pip install pubmed_parser``; a benchmark peer only, never a
dependency of refbridge), which builds the list of every record of the file in memory.
Then ``--dask-files`` generated files go through batch mode twice, serially and on a
2-worker Dask ``LocalCluster``, and the outputs are compared byte for byte.
Writes ``benchmarks/results/<name>.md`` and ``.json`` (``--name``, default ``pubmed``).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "pubmed"
RESULTS = HERE / "results"

PEER = """
import sys
import pubmed_parser as pp
records = pp.parse_medline_xml(sys.argv[1], year_info_only=False, nlm_category=True,
                               author_list=True, reference_list=True)
print(sum(1 for _ in records), "records")
"""
DASK = """
import sys
from refbridge.batch import Settings, run_batch
from refbridge.dask_executor import dask_executor
from refbridge.diagnostics import DiagnosticSink
executor = dask_executor(None, n_workers=2, threads_per_worker=1, processes=True)
sink = DiagnosticSink(keep=0, keep_info=0)
summary = run_batch(sys.argv[1:-1], sys.argv[-1], Settings("ris"), sink, extension=".ris", executor=executor)
print(summary.line(sink))
"""


def measure(command: list[str]) -> dict[str, Any]:
    """Run ``command``; its wall and CPU seconds, peak RSS (MB), exit status and last output line."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # wait4 gives this child's own resource usage (not the sum over every child so far).
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    out = (process.stdout.read() if process.stdout else "") + (
        process.stderr.read() if process.stderr else ""
    )
    return {
        "command": " ".join(command),
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_mb": round(usage.ru_maxrss / 1024, 1),
        "status": os.waitstatus_to_exitcode(status),
        "output": out.strip().splitlines()[-1] if out.strip() else "",
    }


def generate(files: int, records: int) -> list[Path]:
    """The generated files, made once per size in out/pubmed/<records>/ (the generator is deterministic)."""
    folder = OUT / str(records)
    paths = [folder / f"pubmed-gen-{i + 1:04d}.xml.gz" for i in range(files)]
    if not all(p.exists() for p in paths):
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate_pubmed.py"),
                "--files",
                str(files),
                "--records",
                str(records),
                "--out",
                str(folder),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=30_000)
    parser.add_argument("--dask-files", type=int, default=20)
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--name", default="pubmed", help="results/<name>.md and .json")
    args = parser.parse_args()
    files = generate(max(1, 0 if args.skip_dask else args.dask_files), args.records)
    one = files[0]
    refbridge = shutil.which("refbridge") or "refbridge"
    cases: dict[str, dict[str, Any]] = {}
    for target in ("ris", "json"):
        dest = one.parent / f"single.{target}"
        cases[f"refbridge gz → {target}"] = measure(
            [refbridge, "convert", str(one), "-o", str(dest), "--jobs", "1"]
        )
    cases["pubmed_parser parse_medline_xml"] = measure([sys.executable, "-c", PEER, str(one)])
    for name, case in cases.items():
        case["records_per_s"] = round(args.records / case["wall_s"])
        case["records_per_cpu_s"] = round(args.records / case["cpu_s"]) if case["cpu_s"] else None
        print(name, json.dumps(case), flush=True)
    batch: dict[str, Any] = {}
    if not args.skip_dask:
        serial, dask = one.parent / "serial", one.parent / "dask"
        for folder in (serial, dask):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
        batch["serial"] = measure(
            [
                refbridge,
                "convert",
                *map(str, files),
                "--output-dir",
                str(serial),
                "-t",
                "ris",
                "--jobs",
                "1",
                "-q",
            ]
        )
        batch["dask"] = measure([sys.executable, "-c", DASK, *map(str, files), str(dask)])
        names = sorted(p.name for p in serial.iterdir())
        match, mismatch, errors = filecmp.cmpfiles(serial, dask, names, shallow=False)
        batch["byte_identical"] = len(match) == len(files) and not mismatch and not errors
        print("batch", json.dumps(batch), flush=True)
    report(args, cases, batch)


def report(args: argparse.Namespace, cases: dict[str, dict[str, Any]], batch: dict[str, Any]) -> None:
    """Write results/pubmed.json and results/pubmed.md."""
    RESULTS.mkdir(exist_ok=True)
    meta = {
        "date_utc": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_before": os.getloadavg(),
        "records": args.records,
        "dask_files": 0 if args.skip_dask else args.dask_files,
    }
    (RESULTS / f"{args.name}.json").write_text(
        json.dumps({"meta": meta, "cases": cases, "batch": batch}, indent=2)
    )
    lines = [
        "# PubMed XML benchmark",
        "",
        f"`python benchmarks/pubmed_bench.py --records {args.records} --dask-files {meta['dask_files']}` on "
        f"{meta['date_utc']} UTC, {meta['cpus']} CPUs, Python {meta['python']}, load average "
        f"{', '.join(f'{x:.1f}' for x in meta['load_before'])} at the end. One generated gzipped file of "
        f"{args.records:,} records (benchmarks/generate_pubmed.py).",
        "",
        "| case | wall s | records/s | CPU s | records/CPU s | peak RSS MB | exit |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, c in cases.items():
        lines.append(
            f"| {name} | {c['wall_s']} | {c['records_per_s']:,} | {c['cpu_s']} | "
            f"{c['records_per_cpu_s']:,} | {c['peak_mb']} | {c['status']} |"
        )
    lines += [
        "",
        "refbridge runs whole conversions (read, the default transforms pages, journal-abbreviation and "
        "keywords, write); pubmed_parser only parses into a list of dicts held in memory, and leaves out "
        "PubmedBookArticle (1% of the generated records; its records/s is counted over all of them). "
        "Wall times on a loaded shared machine are far above the CPU times; records per CPU second is the "
        "steadier figure.",
    ]
    if batch:
        lines += [
            "",
            f"Batch mode, {meta['dask_files']} files of {args.records:,} records → RIS:",
            "",
            "| executor | wall s | CPU s (caller) | peak RSS MB (caller) | exit |",
            "|---|---|---|---|---|",
            *(
                f"| {k} | {v['wall_s']} | {v['cpu_s']} | {v['peak_mb']} | {v['status']} |"
                for k, v in batch.items()
                if isinstance(v, dict)
            ),
            "",
            f"Outputs byte-identical between the serial and the Dask run: {batch['byte_identical']}.",
        ]
    (RESULTS / f"{args.name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
