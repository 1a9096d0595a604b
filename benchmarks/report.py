"""Issue 11's targets computed from one run's results, and the Markdown report.

``results`` is the dict run.py writes as JSON: ``cases`` (each with ``results`` by size),
``startup``, ``machine``. Targets are ratios within that one run, at the reference size
(10,000 records when it was run, else the largest size); the memory target compares the
100,000-record run with the 10,000-record run.
"""

from __future__ import annotations

from typing import Any

Result = dict[str, Any]

MEMORY_LIMIT_MB = 150.0
MEMORY_GROWTH = 1.25
STARTUP_LIMIT_S = 0.25
JOBS_SPEEDUP = 1.5


def _case(results: Result, case_id: str) -> Result | None:
    return next((c for c in results["cases"] if c["id"] == case_id), None)


def rate(results: Result, case_id: str, size: int) -> float | None:
    """Records per second of a case at a size (None: not run, failed or timed out)."""
    case = _case(results, case_id)
    if case is None or case.get("unavailable"):
        return None
    run = case["results"].get(str(size))
    if not run or run.get("timed_out") or run.get("records_per_s") is None:
        return None
    return float(run["records_per_s"])


def cpu_rate(results: Result, case_id: str, size: int) -> float | None:
    """Records per CPU second of a case at a size."""
    case = _case(results, case_id)
    run = case["results"].get(str(size)) if case and not case.get("unavailable") else None
    return run.get("records_per_cpu_s") if run and not run.get("timed_out") else None


def rss(results: Result, case_id: str, size: int) -> float | None:
    """Peak RSS (MB) of a case at a size."""
    case = _case(results, case_id)
    run = case["results"].get(str(size)) if case and not case.get("unavailable") else None
    return float(run["peak_rss_mb"]) if run and not run.get("timed_out") else None


def _why_missing(results: Result, *case_ids: str) -> str:
    for case_id in case_ids:
        case = _case(results, case_id)
        if case is None:
            return f"{case_id}: not run"
        if case.get("unavailable"):
            return f"{case_id}: not available ({case['unavailable']})"
    return "not measured at this size (failed, timed out or size not run)"


def _ratio_target(  # noqa: PLR0917 -- one call per target row reads best positionally
    results: Result, size: int, label: str, ours: str, peer: str, factor: float
) -> Result:
    a, b = rate(results, ours, size), rate(results, peer, size)
    if a is None or b is None:
        return {"target": label, "measured": _why_missing(results, ours, peer), "met": None}
    ratio = a / b
    cpu_a, cpu_b = cpu_rate(results, ours, size), cpu_rate(results, peer, size)
    cpu = f"; per CPU second {cpu_a / cpu_b:.2f}×" if cpu_a and cpu_b else ""
    single = rate(results, f"{ours} (one process)", size)
    one = f"; with --jobs 1: {single / b:.2f}× ({single:,.0f} records/s)" if single else ""
    return {
        "target": label,
        "measured": f"{ratio:.2f}× ({a:,.0f} vs {b:,.0f} records/s{cpu}{one})",
        "value": ratio,
        "met": ratio >= factor,
    }


def _rate_target(results: Result, size: int, label: str, case_id: str, floor: float) -> Result:
    a = rate(results, case_id, size)
    if a is None:
        return {"target": label, "measured": _why_missing(results, case_id), "met": None}
    cpu = cpu_rate(results, case_id, size)
    extra = f" ({cpu:,.0f} per CPU second)" if cpu else ""
    single = rate(results, f"{case_id} (one process)", size)
    if single:
        extra += f"; with --jobs 1: {single:,.0f} records/s"
    return {"target": label, "measured": f"{a:,.0f} records/s{extra}", "value": a, "met": a >= floor}


def compute_targets(results: Result) -> list[Result]:
    """Every target of issue 11 with its measured value and met (True/False, None: not measured)."""
    sizes = [int(s) for s in results["sizes"]]
    ref = 10_000 if 10_000 in sizes else max(sizes)
    at = f" (at {ref:,} records)"
    targets = [
        _ratio_target(
            results,
            ref,
            "bibtex→ris ≥ 1.1× citation-js, default plugins on" + at,
            "refbridge bibtex→ris",
            "citation-js bibtex→ris",
            1.1,
        ),
        _ratio_target(
            results,
            ref,
            "bibtex→ris ≥ 3× bibutils, default plugins on" + at,
            "refbridge bibtex→ris",
            "bibutils bib2xml | xml2ris",
            3.0,
        ),
        _ratio_target(
            results,
            ref,
            "ris→bibtex ≥ 1.5× citation-js, default plugins on" + at,
            "refbridge ris→bibtex",
            "citation-js ris→bibtex",
            1.5,
        ),
        _ratio_target(
            results,
            ref,
            "ris→bibtex faster than bibutils (≥ 1×), default plugins on" + at,
            "refbridge ris→bibtex",
            "bibutils ris2xml | xml2bib",
            1.0,
        ),
        _rate_target(results, ref, "ris→jats ≥ 5,000 records/s" + at, "refbridge ris→jats", 5000),
        _rate_target(results, ref, "wprim→ris ≥ 5,000 records/s" + at, "refbridge wprim→ris", 5000),
    ]
    for case in results["cases"]:
        if case["group"] not in ("refbridge", "refbridge, one process", "refbridge, plugins off"):
            continue
        label = (
            f"memory flat (peak RSS at 100,000 ≤ {MEMORY_LIMIT_MB:.0f} MB and ≤ {MEMORY_GROWTH}× "
            f"the peak at 10,000): {case['id']}"
        )
        big, small = rss(results, case["id"], 100_000), rss(results, case["id"], 10_000)
        if big is None or small is None:
            missing = [f"{n:,}" for n in (10_000, 100_000) if n not in sizes]
            why = f"size {' and '.join(missing)} not run" if missing else _why_missing(results, case["id"])
            targets.append({"target": label, "measured": why, "met": None})
            continue
        growth = big / small
        targets.append(
            {
                "target": label,
                "measured": f"{big:.0f} MB at 100,000, {small:.0f} MB at 10,000 ({growth:.2f}×)",
                "value": big,
                "met": big <= MEMORY_LIMIT_MB and growth <= MEMORY_GROWTH,
            }
        )
    startup = next((s for s in results["startup"] if s["id"].startswith("refbridge format --check")), None)
    label = f"`refbridge format --check` on a 1-record file ≤ {STARTUP_LIMIT_S} s wall (median)"
    if startup is None or startup.get("unavailable") or startup.get("median_wall") is None:
        reason = startup.get("unavailable") if startup else "not run"
        targets.append({"target": label, "measured": f"not available ({reason})", "met": None})
    else:
        wall = startup["median_wall"]
        targets.append(
            {"target": label, "measured": f"{wall:.3f} s", "value": wall, "met": wall <= STARTUP_LIMIT_S}
        )
    jobs = next(
        (
            c["id"].rsplit(" ", 1)[-1]
            for c in results["cases"]
            if c["group"] == "jobs" and not c["id"].endswith(" 1")
        ),
        "N",
    )
    for what, one, many in (
        ("one large file", "refbridge bibtex→ris --jobs 1", f"refbridge bibtex→ris --jobs {jobs}"),
        (
            "two files",
            "refbridge bibtex→ris, 2 files, --jobs 1",
            f"refbridge bibtex→ris, 2 files, --jobs {jobs}",
        ),
    ):
        targets.append(
            _ratio_target(
                results,
                ref,
                f"--jobs {jobs} uses the cores, {what}: ≥ {JOBS_SPEEDUP}× --jobs 1" + at,
                many,
                one,
                JOBS_SPEEDUP,
            )
        )
    return targets


# -- Markdown ------------------------------------------------------------------------------


def _fmt_rate(run: Result | None) -> str:
    if not run:
        return "—"
    if run.get("timed_out"):
        return "timed out"
    value = run.get("records_per_s")
    return f"{value:,.0f}" if value is not None else "failed"


def _notes(case: Result, sizes: list[int]) -> str:
    if case.get("unavailable"):
        return f"not available: {case['unavailable']}"
    notes = []
    for size in sizes:
        run = case["results"].get(str(size))
        if not run:
            continue
        if run.get("skipped"):
            notes.append(f"skipped at {size:,}: {run['skipped']}")
            continue
        expected = size * case.get("inputs", 1)
        if run.get("exit_code"):
            notes.append(f"exit {run['exit_code']} at {size:,}")
        if case["output_kind"] and run.get("records_out") not in (None, expected):
            notes.append(f"{run['records_out']:,} of {expected:,} records out at {size:,}")
        elif run.get("records_out") is None and not run.get("timed_out"):
            notes.append(f"output not countable at {size:,}")
        if run.get("timed_out"):
            notes.append(f"timed out at {size:,}")
    return "; ".join(notes)


def _cell(text: str) -> str:
    """Table cell text: a pipe would end the cell."""
    return text.replace("|", "\\|")


def markdown(results: Result) -> str:
    """The whole report as Markdown (what README's performance section quotes)."""
    m = results["machine"]
    sizes = [int(s) for s in results["sizes"]]
    lines = [
        "# refbridge benchmark results",
        "",
        f"- date: {results['date']}",
        f"- machine: {m['nproc']} cores, {m['cpu']}, {m['memory_gb']:.0f} GB RAM, {m['os']}",
        f"- Python {m['python']}; refbridge {results['versions'].get('refbridge', '?')} "
        f"(commit {results['versions'].get('commit', '?')})",
        f"- load average before / after the run: {m['load_before']} / {m.get('load_after', '?')}"
        " (other work on the machine slows wall times; CPU seconds are in the JSON)",
        f"- records: `benchmarks/generate.py` seed {results['seed']}; whole processes, best of "
        f"{results['repeat']} run(s); peak RSS of the largest process (with `--jobs`, the main "
        "process or one worker); Python's bytecode cache on, as for an installed copy",
        f"- command: `{results['command']}`",
        "",
        "## Conversions",
        "",
        "| case | tool | direction | "
        + " | ".join(f"records/s @{s:,} | per CPU-s @{s:,} | peak RSS MB @{s:,}" for s in sizes)
        + " | notes |",
        "|---|---|---|" + "---:|---:|---:|" * len(sizes) + "---|",
    ]
    for case in results["cases"]:
        cells = []
        for size in sizes:
            run = None if case.get("unavailable") else case["results"].get(str(size))
            cells.append(_fmt_rate(run) if not (run and run.get("skipped")) else "skipped")
            per_cpu = run.get("records_per_cpu_s") if run else None
            cells.append(f"{per_cpu:,.0f}" if per_cpu else "—")
            cells.append(f"{run['peak_rss_mb']:.0f}" if run and "peak_rss_mb" in run else "—")
        lines.append(
            f"| {_cell(case['id'])} | {_cell(case['tool'])} | {case['direction']} | "
            + " | ".join(cells)
            + f" | {_cell(_notes(case, sizes))} |"
        )
    lines += [
        "",
        "## Start-up",
        "",
        "| command | median wall s | min wall s | peak RSS MB | notes |",
        "|---|---:|---:|---:|---|",
    ]
    for s in results["startup"]:
        if s.get("unavailable"):
            lines.append(f"| {s['id']} | — | — | — | not available: {s['unavailable']} |")
        else:
            note = f"exit {s['exit_code']}" if s.get("exit_code") else ""
            lines.append(
                f"| {s['id']} | {s['median_wall']:.3f} | {s['min_wall']:.3f} | "
                f"{s['peak_rss_mb']:.0f} | {note} |"
            )
    lines += ["", "## Targets (issue 11)", "", "| target | measured | met |", "|---|---|---|"]
    for t in results["targets"]:
        met = {True: "met", False: "**not met**", None: "not measured"}[t["met"]]
        lines.append(f"| {_cell(t['target'])} | {_cell(t['measured'])} | {met} |")
    if results.get("notes"):
        lines += ["", "## Notes", ""] + [f"- {n}" for n in results["notes"]]
    return "\n".join(lines) + "\n"
