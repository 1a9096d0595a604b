"""Long fuzz campaign over every refbridge reader.

    python fuzz/campaign.py --inputs 100000 [--formats ris,bibtex] [--jobs 2]

Seeds are the real files in ../shared/corpus/real/, the samples and tests/data/; each input
is a seed mutated by fuzz/mutate.py. Property: a reader yields records or raises
refbridge.ParseError — never another exception, never a hang (per-input time limit), never
memory beyond a bound (RLIMIT_AS in each worker). Crashes are saved under fuzz/crashes/ with
the traceback, so that each becomes a regression test. Prints a summary table (and JSON).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import multiprocessing
import random
import resource
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mutate import mutate

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CRASHES = REPO / "fuzz" / "crashes"
TIME_LIMIT_S = 5
MEMORY_LIMIT = 2 * 1024**3
#: Linear time: an input may take at most this long per kilobyte (after a fixed allowance
#: for start-up), so that a quadratic reader is found on inputs well under the time limit.
MS_PER_KB = 5.0
ALLOWANCE_S = 0.25

_READER: Any = None


class Hang(Exception):
    """Raised by the alarm when one input takes longer than the time limit."""


def seeds() -> list[str]:
    """Every seed text: real corpus files, samples, test data."""
    paths = [
        *SHARED.glob("corpus/real/*/*"),
        *(REPO / "samples").glob("*.txt"),
        *(REPO / "tests" / "data").rglob("*"),
    ]
    texts = []
    for path in sorted(p for p in paths if p.is_file() and p.stat().st_size < 2_000_000):
        texts.append(path.read_bytes().decode("utf-8", errors="replace"))
    return texts


def _init_worker(format_name: str) -> None:
    global _READER  # noqa: PLW0603 - per-process state of a multiprocessing worker
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    from refbridge.session import Session

    session = Session()
    fmt = session.format_named(format_name, need="read")
    _READER = (session, fmt)


def _on_alarm(signum: int, frame: object) -> None:
    raise Hang()


def run_one(text: str) -> tuple[str, int, str]:
    """Read one input; return (outcome, records, detail)."""
    from refbridge.context import Context
    from refbridge.errors import ParseError

    session, fmt = _READER
    session.sink.items.clear()
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(TIME_LIMIT_S)
    started = time.perf_counter()
    try:
        context = Context(fmt.name, "fuzz-input", session.options_for(fmt.name), session.sink)
        count = sum(1 for _ in fmt.read(io.StringIO(text), context))
        return _timed("ok", count, text, started)
    except ParseError as exc:
        if not exc.message:
            return "crash", 0, "ParseError without a message"
        return _timed("parse-error", 0, text, started)
    except Hang:
        return "hang", 0, f"over {TIME_LIMIT_S}s"
    except MemoryError:
        return "memory", 0, "MemoryError"
    except Exception:
        return "crash", 0, traceback.format_exc(limit=8)
    finally:
        signal.alarm(0)


def _timed(outcome: str, count: int, text: str, started: float) -> tuple[str, int, str]:
    """The outcome, or "slow" when reading took longer than the per-kilobyte bound."""
    seconds = time.perf_counter() - started
    kilobytes = len(text.encode("utf-8", "surrogatepass")) / 1024
    if seconds > ALLOWANCE_S + kilobytes * MS_PER_KB / 1000:
        return (
            "slow",
            count,
            f"{seconds:.2f}s for {kilobytes:.0f} KB ({1000 * seconds / max(kilobytes, 1):.1f} ms/KB)",
        )
    return outcome, count, f"{1000 * seconds / max(kilobytes, 1):.3f}"


#: Readers with few seeds of their own among all the seeds: half of their inputs are mutated
#: from the seeds holding this marker, so that the fuzzing gets past the format check.
OWN_SEEDS = {"pubmed-xml": "<PubmedArticle"}


def campaign(format_name: str, count: int, jobs: int, seed: int) -> dict[str, Any]:
    """Run ``count`` mutated inputs through one reader."""
    rng = random.Random(seed)
    base = seeds()
    marker = OWN_SEEDS.get(format_name)
    own = [text for text in base if marker in text] if marker else []
    outcomes: dict[str, int] = {}
    failures: list[dict[str, str]] = []
    worst = 0.0  # ms per kilobyte, over inputs of 16 KB or more
    started = time.perf_counter()
    with multiprocessing.Pool(jobs, initializer=_init_worker, initargs=(format_name,)) as pool:
        done = 0
        while done < count:
            # rng.random() only for readers with own seeds: the others' inputs stay as they were.
            batch = [
                mutate(rng.choice(own if own and rng.random() < 0.5 else base), rng)
                for _ in range(min(1000, count - done))
            ]
            done += len(batch)
            for text, (outcome, _records, detail) in zip(
                batch, pool.map(run_one, batch, chunksize=25), strict=True
            ):
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
                if outcome in {"ok", "parse-error"} and len(text) >= 16_384:
                    worst = max(worst, float(detail))
                if outcome in {"crash", "hang", "memory", "slow"}:
                    failures.append(_save_failure(format_name, text, outcome, detail))
    return {
        "format": format_name,
        "inputs": count,
        "seconds": round(time.perf_counter() - started, 1),
        "outcomes": outcomes,
        "worst_ms_per_kb": round(worst, 3),
        "failures": failures[:20],
    }


def _save_failure(format_name: str, text: str, outcome: str, detail: str) -> dict[str, str]:
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    CRASHES.mkdir(parents=True, exist_ok=True)
    (CRASHES / f"{format_name}-{digest}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
    (CRASHES / f"{format_name}-{digest}.log").write_text(detail, encoding="utf-8")
    return {"file": f"{format_name}-{digest}.txt", "outcome": outcome, "detail": detail[-300:]}


def main() -> None:
    """Parse arguments and run the campaign for each readable format."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs per reader")
    parser.add_argument("--formats", default="", help="comma-separated formats (default: every readable one)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--json", type=Path, help="also write the summary as JSON here")
    args = parser.parse_args()
    from refbridge.session import Session

    readable = sorted(f.name for f in Session().plugins.formats if f.readable)
    names = [n for n in args.formats.split(",") if n] or readable
    results = []
    for name in names:
        result = campaign(name, args.inputs, args.jobs, args.seed)
        results.append(result)
        print(json.dumps(result), flush=True)
    print(
        "\n| reader | inputs | records read ok | parse errors | crashes | hangs | memory | slow "
        f"(> {MS_PER_KB:g} ms/KB) | worst ms/KB (inputs ≥ 16 KB) | seconds |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        o = r["outcomes"]
        print(
            f"| {r['format']} | {r['inputs']:,} | {o.get('ok', 0):,} | {o.get('parse-error', 0):,} | "
            f"{o.get('crash', 0)} | {o.get('hang', 0)} | {o.get('memory', 0)} | {o.get('slow', 0)} | "
            f"{r['worst_ms_per_kb']} | {r['seconds']} |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if any(r["outcomes"].get(k) for r in results for k in ("crash", "hang", "memory", "slow")):
        sys.exit(1)


if __name__ == "__main__":
    main()
