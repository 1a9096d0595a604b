"""Benchmark refbridge against its dependency floors and peer tools, as whole processes.

    python benchmarks/run.py --sizes 1000,10000,100000

generates the records (benchmarks/generate.py, cached in benchmarks/out/data), times every
case at every size (wall time, records/s, CPU time, peak RSS), times start-up, computes the
targets of issue 11 and writes ``benchmarks/results/results.json`` and ``results.md``.
A case whose format or tool is missing here is reported as "not available". ``--profile N``
also writes cProfile's top functions of refbridge bibtex→ris and ris→bibtex at N records.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from cases import (  # noqa: E402
    DIRECTIONS,
    Case,
    StartupCase,
    floor_cases,
    peer_cases,
    probe_refbridge,
    refbridge_cases,
    startup_cases,
)
from measure import count_records, run_measured  # noqa: E402
from report import compute_targets, markdown  # noqa: E402

EXTENSIONS = {"bibtex": "bib", "ris": "ris", "wprim": "wprim", "json": "json"}


def machine() -> dict[str, Any]:
    """nproc, CPU model, memory, OS, Python: what the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def ensure_data(sizes: list[int], data_dir: Path, seed: int) -> dict[int, dict[str, Path]]:
    """Generate (or reuse, when the generator and seed are unchanged) the input files."""
    stamp_text = hashlib.sha256(
        (HERE / "generate.py").read_bytes()
        + (HERE / "gen_pools.py").read_bytes()
        + (HERE / "gen_styles.py").read_bytes()
        + str(seed).encode()
    ).hexdigest()
    data_dir.mkdir(parents=True, exist_ok=True)
    files: dict[int, dict[str, Path]] = {}
    for size in sorted(set(sizes) | {1}):
        stamp = data_dir / f"gen-{size}.stamp"
        paths = {fmt: data_dir / f"gen-{size}.{ext}" for fmt, ext in EXTENSIONS.items()}
        if not (
            stamp.exists() and stamp.read_text() == stamp_text and all(p.exists() for p in paths.values())
        ):
            print(f"generating {size:,} records ...", flush=True)
            generate.write_files(size, data_dir, seed)
            stamp.write_text(stamp_text)
        files[size] = paths
    return files


def run_case(
    case: Case, size: int, files: dict[str, Path], work: Path, args: argparse.Namespace
) -> dict[str, Any]:
    """Time one case at one size ``args.repeat`` times; keep the fastest run, the largest RSS."""
    ext = {"csljson": "json", "count": "txt", "bibtex": "bib"}.get(case.output_kind, case.output_kind)
    slug = re.sub(r"[^a-z0-9]+", "-", case.id.lower()).strip("-")
    output = work / f"{slug}-{size}.{ext}"
    best: dict[str, Any] | None = None
    peak = 0.0
    for _ in range(args.repeat):
        output.unlink(missing_ok=True)
        m = run_measured(
            case.render(files[case.input], output),
            timeout=args.timeout,
            stderr_path=work / f"{slug}-{size}.stderr",
        )
        if not m.timed_out:
            m.records_out = count_records(output, case.output_kind)
        peak = max(peak, m.peak_rss_mb)
        if best is None or m.wall < best["wall"]:
            best = m.as_dict()
        if m.timed_out:
            break
    assert best is not None
    best["peak_rss_mb"] = peak
    best["records_per_s"] = None if best["timed_out"] else size * case.inputs / best["wall"]
    # Per CPU second: less sensitive to other work on the machine (but blind to parallelism).
    best["records_per_cpu_s"] = (
        None if best["timed_out"] or best["cpu"] <= 0 else size * case.inputs / best["cpu"]
    )
    if best["exit_code"] and not best["timed_out"]:
        err = (work / f"{slug}-{size}.stderr").read_text(encoding="utf-8", errors="replace")
        best["stderr_tail"] = err.strip().splitlines()[-3:]
    if not args.keep_outputs:
        output.unlink(missing_ok=True)
    return best


def run_startup(case: StartupCase, work: Path, repeat: int) -> dict[str, Any]:
    """Run a start-up command ``repeat`` times (after one warm-up); median and min wall."""
    result: dict[str, Any] = {"id": case.id, "command": case.command, "unavailable": case.unavailable}
    if case.unavailable:
        return result
    stderr = work / "startup.stderr"
    run_measured(case.command, timeout=60, stderr_path=stderr)  # warm the page cache
    runs = [run_measured(case.command, timeout=60, stderr_path=stderr) for _ in range(repeat)]
    walls = [r.wall for r in runs]
    result.update(
        median_wall=statistics.median(walls),
        min_wall=min(walls),
        peak_rss_mb=max(r.peak_rss_mb for r in runs),
        exit_code=runs[-1].exit_code,
        walls=walls,
    )
    return result


def profile(exe_python: str, size: int, files: dict[str, Path], work: Path, results_dir: Path) -> None:
    """cProfile (top 15 by tottime) of refbridge bibtex→ris and ris→bibtex, default plugins."""
    script = (
        "import cProfile, pstats, sys\n"
        "from refbridge.cli import main\n"
        "src, src_fmt, dst_fmt, out, report = sys.argv[1:6]\n"
        "sys.argv = ['refbridge', 'convert', src, '-f', src_fmt, '-t', dst_fmt, '-o', out, '-q']\n"
        "prof = cProfile.Profile()\n"
        "try:\n    prof.runcall(main)\nexcept SystemExit:\n    pass\n"
        "with open(report, 'w') as handle:\n"
        "    stats = pstats.Stats(prof, stream=handle)\n"
        "    stats.sort_stats('tottime').print_stats(15)\n"
        "    stats.sort_stats('cumulative').print_stats(25)\n"
    )
    for label, src, dst, _ in DIRECTIONS[:2]:
        slug = f"profile-{src}-{dst}-{size}"
        target = results_dir / f"{slug}.txt"
        print(f"profiling {label} at {size:,} records -> {target}", flush=True)
        subprocess.run(
            [exe_python, "-c", script, str(files[src]), src, dst, str(work / f"{slug}.out"), str(target)],
            check=False,
        )
        (work / f"{slug}.out").unlink(missing_ok=True)
        text = target.read_text(encoding="utf-8") if target.exists() else ""
        # Paths of this machine's environment say nothing to a reader elsewhere.
        for path, name in (
            (sys.prefix, "<venv>"),
            (sys.base_prefix, "<python>"),
            (str(HERE.parent), "<repo>"),
        ):
            text = text.replace(str(Path(path)), name)
        target.write_text(text, encoding="utf-8")


def merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Fold a later run (e.g. only the refbridge cases at 100,000) into earlier results."""
    fresh = {c["id"]: c for c in new["cases"]}
    for case in old["cases"]:
        later = fresh.pop(case["id"], None)
        if later is not None and not later.get("unavailable"):
            case["results"].update(later["results"])
            case["unavailable"] = None
    old["cases"].extend(fresh.values())
    old["sizes"] = sorted({*old["sizes"], *new["sizes"]})
    if new.get("startup"):
        old["startup"] = new["startup"]
    old["notes"].append(
        f"Merged from a later run ({new['date']}, `{new['command']}`, load average before / after "
        f"{new['machine']['load_before']} / {new['machine'].get('load_after', '?')})."
    )
    return old


def git_commit() -> str:
    """The checkout's short commit (and "+dirty" when refbridge/ or plugins/ have changes)."""
    repo = HERE.parent
    head = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(repo), "status", "--porcelain", "--", "refbridge", "plugins"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return (head or "?") + ("+dirty" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    """Command line; see the module docstring."""
    # Time programs as installed copies run: with Python's bytecode cache (a setting that
    # turns it off would make every start-up recompile refbridge's modules).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated record counts")
    parser.add_argument("--repeat", type=int, default=1, help="runs per case and size (fastest kept)")
    parser.add_argument("--startup-repeat", type=int, default=9, help="runs per start-up command")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a run is killed")
    parser.add_argument("--only", help="regular expression: run only the cases whose id matches")
    parser.add_argument("--peers-max-size", type=int, help="skip peers and floors above this size")
    parser.add_argument("--profile", type=int, metavar="N", help="also profile bibtex→ris, ris→bibtex at N")
    parser.add_argument("--profile-only", action="store_true", help="with --profile N: only the profiles")
    parser.add_argument("--seed", type=int, default=20251126)
    parser.add_argument("--out", type=Path, default=HERE / "out", help="generated data and outputs")
    parser.add_argument("--results", type=Path, default=HERE / "results", help="where results go")
    parser.add_argument("--keep-outputs", action="store_true", help="keep the converted files")
    parser.add_argument("--merge", action="store_true", help="add to the existing results.json")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up timings")
    parser.add_argument("--report-only", action="store_true", help="rewrite results.md from results.json")
    args = parser.parse_args(argv)
    json_path, md_path = args.results / "results.json", args.results / "results.md"
    if args.report_only:
        saved = json.loads(json_path.read_text(encoding="utf-8"))
        saved["targets"] = compute_targets(saved)
        json_path.write_text(json.dumps(saved, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        md_path.write_text(markdown(saved), encoding="utf-8")
        print(f"wrote {md_path}")
        return 0
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s})
    work = args.out / "run"
    work.mkdir(parents=True, exist_ok=True)
    args.results.mkdir(parents=True, exist_ok=True)
    if args.profile and args.profile_only:
        data = ensure_data([args.profile], args.out / "data", args.seed)
        profile(sys.executable, args.profile, data[args.profile], work, args.results)
        return 0

    results: dict[str, Any] = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "command": "python benchmarks/run.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:])),
        "sizes": sizes,
        "seed": args.seed,
        "repeat": args.repeat,
        "notes": [],
    }
    files = ensure_data(sizes + ([args.profile] if args.profile else []), args.out / "data", args.seed)
    info = probe_refbridge()
    results["versions"] = {"refbridge": info.version, "commit": git_commit()}
    cases = refbridge_cases(info) + floor_cases() + peer_cases()
    if args.only:
        cases = [c for c in cases if re.search(args.only, c.id)]
    results["cases"] = []
    for case in cases:
        entry: dict[str, Any] = {
            k: getattr(case, k)
            for k in ("id", "group", "tool", "direction", "input", "output_kind", "inputs")
        }
        entry.update(unavailable=case.unavailable, command=case.command, results={})
        results["cases"].append(entry)
        if case.unavailable:
            print(f"{case.id}: not available ({case.unavailable})", flush=True)
    for size in sizes:
        for case, entry in zip(cases, results["cases"], strict=True):
            if case.unavailable:
                continue
            if args.peers_max_size and case.group in ("peer", "floor") and size > args.peers_max_size:
                entry["results"][str(size)] = {
                    "skipped": f"peers and floors run up to {args.peers_max_size:,}"
                }
                continue
            run = run_case(case, size, files[size], work, args)
            entry["results"][str(size)] = run
            rate = f"{run['records_per_s']:,.0f} rec/s" if run["records_per_s"] else "timed out"
            print(
                f"{size:>7,}  {case.id:<48} {run['wall']:8.2f} s  {rate:>14}  "
                f"{run['peak_rss_mb']:7.0f} MB  out={run['records_out']}  exit={run['exit_code']}",
                flush=True,
            )

    one_record = work / "startup.bib"
    one_record.write_bytes(files[1]["bibtex"].read_bytes())
    if info.exe and info.has_format:
        # The pre-commit path usually meets a file that is already formatted.
        subprocess.run([info.exe, "format", str(one_record)], capture_output=True, check=False)
    results["startup"] = (
        []
        if args.no_startup
        else [run_startup(c, work, args.startup_repeat) for c in startup_cases(info, one_record)]
    )
    for s in results["startup"]:
        print(
            f"start-up  {s['id']:<45} "
            + (
                f"{s['median_wall']:.3f} s median"
                if "median_wall" in s
                else f"not available ({s['unavailable']})"
            ),
            flush=True,
        )
    results["machine"]["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if any(c.unavailable for c in cases):
        results["notes"].append(
            "Cases marked 'not available' were skipped on this machine; install the "
            "tool (see benchmarks/README.md) or wait for the format, then re-run."
        )
    if args.merge and json_path.exists():
        results = merge(json.loads(json_path.read_text(encoding="utf-8")), results)
    results["targets"] = compute_targets(results)
    json_path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(markdown(results), encoding="utf-8")
    print(f"wrote {md_path} and {json_path.name}", flush=True)
    if args.profile:
        profile(sys.executable, args.profile, files[args.profile], work, args.results)
    return 0


if __name__ == "__main__":
    start = time.perf_counter()
    status = main()
    print(f"benchmark finished in {time.perf_counter() - start:,.0f} s")
    sys.exit(status)
