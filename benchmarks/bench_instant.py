"""Issue 23's figures, whole processes as a user meets them, each as a ratio to its baseline
measured in the same run (the machine is shared and noisy):

- cold ``timeline state A B`` on the seed, and on the store of the largest size, against
  ``python -c "import sqlite3"`` (targets <= 3x, <= 4x); ``timeline --help`` (<= 2x);
- ``timeline diff`` of one pair over a period of 50,000 events, text and JSON, against
  ``json.dumps(indent=2)`` writing the same answer from memory plus a cold ``state``
  (target <= 2x);
- ``timeline log --json`` and ``timeline export`` of the store of the largest size: MB/s of
  output (target >= 50 MB/s) and peak memory.

The import's ratios to raw ``executemany`` are bench_import.py's (SQLite) and
bench_postgres_import.py's; its batches', bench_import_batches.py's. All of issue 23 in one
go (TIMELINE_BENCH_LARGE=1 for the 1,000,000-event figures):

    pytest benchmarks/bench_instant.py benchmarks/bench_import.py \
        benchmarks/bench_postgres_import.py benchmarks/bench_import_batches.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import FIGURES, SIZES, record
from processes import megabytes, run_timeline
from stores import BuiltStore, OneRelationship, build_one_relationship

from timeline.app import Timeline
from timeline.domain.jsonable import written

ROOT = Path(__file__).resolve().parent.parent
DIFF_EVENTS = int(os.environ.get("TIMELINE_BENCH_ONE_RELATIONSHIP", "50000"))
SQLITE3 = "process: python -c import sqlite3"
WARMUP = 2  # rounds run, the baseline's too, before any is timed


def process(*args: str) -> None:
    subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE, cwd=ROOT)


def timeline(*args: str) -> None:
    process("-m", "timeline", *args)


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("seed") / "seed.db")
    timeline("--db", db, "import", "events/")
    return db


def test_sqlite3(benchmark: Any) -> None:
    # The baseline on its own, for the summary's figures (each ratio has its own: started).
    benchmark.pedantic(process, args=("-c", "import sqlite3"), rounds=20, iterations=1,
                       warmup_rounds=WARMUP)
    record(SQLITE3, benchmark)


def started(benchmark: Any, name: str, args: tuple[str, ...], target: str,
            rounds: int = 20) -> None:
    """Times ``timeline ARGS`` as a whole process, each round just after a round of the
    baseline (timed here, untimed by the benchmark); the ratio is the median of each
    round's against the baseline's just before it, which the machine's drift between two
    tests' runs does not skew."""
    baseline: list[float] = []

    def sqlite3_first() -> None:
        begun = time.perf_counter()
        process("-c", "import sqlite3")
        baseline.append(time.perf_counter() - begun)

    benchmark.pedantic(timeline, args=args, setup=sqlite3_first, rounds=rounds,
                       iterations=1, warmup_rounds=WARMUP)
    record(f"process: {name}", benchmark)
    timed = baseline[WARMUP:]  # setup runs before the warm-up rounds too
    paired = [seconds / before for seconds, before
              in zip(benchmark.stats.stats.data, timed, strict=True)]
    FIGURES[f"{name} / python -c import sqlite3, side by side"] = (
        f"{statistics.median(paired):.1f}x (target {target}; baseline "
        f"{statistics.median(timed) * 1000:.1f} ms)")


def test_help(benchmark: Any) -> None:
    started(benchmark, "timeline --help", ("--help",), "<= 2x")


def test_state_of_the_seed(benchmark: Any, seed: str) -> None:
    started(benchmark, "timeline state (seed)", ("--db", seed, "state", "russia", "nato"),
            "<= 3x")


def test_state_of_the_largest_store(benchmark: Any, store_of: Any) -> None:
    n = max(SIZES)
    built: BuiltStore = store_of(n)
    a, b = built.pairs[0]
    timeline("--db", built.path, "state", a, b)  # the read model caught up, as a user's is
    started(benchmark, f"timeline state ({n:,} events)", ("--db", built.path, "state", a, b),
            "<= 4x", rounds=15)


@pytest.fixture(scope="module")
def one(tmp_path_factory: pytest.TempPathFactory) -> OneRelationship:
    return build_one_relationship(tmp_path_factory.mktemp("one") / "one.db", DIFF_EVENTS)


@pytest.mark.parametrize("form", ["text", "json"])
def test_diff_of_one_pair(benchmark: Any, one: OneRelationship, form: str) -> None:
    span = ("--from", one.first.isoformat(), "--to", one.last.isoformat())
    flags = ("--json",) if form == "json" else ()
    benchmark.pedantic(timeline, args=("--db", one.path, "diff", one.a, one.b, *span, *flags),
                       rounds=3, iterations=1)
    seconds = record(f"process: diff of {DIFF_EVENTS:,} events ({form})", benchmark)
    # The baseline: json.dumps writing the same answer from memory, plus a cold state.
    app = Timeline.open(one.path, create=False)
    try:
        answer = written(app.diff(one.a, one.b, one.first, one.last))
    finally:
        app.close()
    started = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as null:
        null.write(json.dumps(answer, indent=2, ensure_ascii=False))
    dumps = time.perf_counter() - started
    started = time.perf_counter()
    timeline("--db", one.path, "state", one.a, one.b)
    state = time.perf_counter() - started
    FIGURES[f"diff of {DIFF_EVENTS:,} events ({form}) / (json.dumps + cold state)"] = (
        f"{seconds / (dumps + state):.2f}x (target <= 2x; json.dumps {dumps:.2f} s, "
        f"state {state:.2f} s)")


@pytest.mark.parametrize("command", [("log", "--json"), ("export",)])
def test_listing_throughput(benchmark: Any, store_of: Any, tmp_path: Path,
                            command: tuple[str, ...]) -> None:
    n = max(SIZES)
    built: BuiltStore = store_of(n)
    out = tmp_path / "out"
    peak: list[int] = []

    def run() -> None:
        with out.open("w") as file:
            peak.append(run_timeline("--db", built.path, *command, stdout=file)[1])

    benchmark.pedantic(run, rounds=2, iterations=1)
    seconds = record(f"process: {' '.join(command)} ({n:,} events)", benchmark)
    size = out.stat().st_size
    FIGURES[f"{' '.join(command)} of {n:,} events"] = (
        f"{size / seconds / 1e6:.1f} MB/s of output (target >= 50 MB/s), "
        f"{size / 1e6:,.0f} MB, peak {megabytes(max(peak))}")
