"""Benchmark fixtures, and a summary of the figures and ratios measured in this same run.

Sizes: TIMELINE_BENCH_SIZES (default "10000,100000"); TIMELINE_BENCH_LARGE=1 adds 1,000,000.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Iterator
from typing import Any

import pytest
from stores import BuiltStore, build

RESULTS: dict[str, float] = {}  # name -> median seconds
FIGURES: dict[str, str] = {}  # name -> a figure that is not a time (a rate, a size)
LARGE = 1_000_000


def sizes() -> list[int]:
    raw = os.environ.get("TIMELINE_BENCH_SIZES", "10000,100000")
    chosen = [int(s) for s in raw.split(",") if s.strip()]
    if os.environ.get("TIMELINE_BENCH_LARGE") and LARGE not in chosen:
        chosen.append(LARGE)
    return chosen


SIZES = sizes()
_stores: dict[tuple[int, float], BuiltStore] = {}


@pytest.fixture(scope="session")
def store_of(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Builds (once per session) a store of n events, optionally 10% corrected."""

    def get(n: int, corrected: float = 0.0) -> BuiltStore:
        key = (n, corrected)
        if key not in _stores:
            path = tmp_path_factory.mktemp(f"store{n}") / "bench.db"
            _stores[key] = build(path, n, corrected=corrected)
            label = f"build {n} events" + (" (10% corrected)" if corrected else "")
            FIGURES[label] = ", ".join(
                f"{k} {v:.1f} s" for k, v in _stores[key].seconds.items())
        return _stores[key]

    yield get


def record(name: str, benchmark: Any) -> float:
    median = float(benchmark.stats.stats.median)
    RESULTS[name] = median
    return median


RATIOS = [
    # (label, numerator, denominator)
    ("known-at / as-of, state (10% corrected)", "state known-at", "state as-of corrected"),
    ("known-at now / as-of, state", "state known-at-now", "state as-of corrected"),
    ("known-at / as-of, diff", "diff known-at", "diff as-of corrected"),
]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not RESULTS and not FIGURES:
        return
    write = terminalreporter.write_line
    write("")
    write(f"timeline benchmark summary: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {platform.platform()}")
    for name, median in sorted(RESULTS.items()):
        write(f"  {name:<44} median {median * 1000:10.3f} ms")
    for name, figure in sorted(FIGURES.items()):
        write(f"  {name:<44} {figure}")
    for label, top, bottom in RATIOS:
        if top in RESULTS and bottom in RESULTS:
            write(f"  ratio {label}: {RESULTS[top] / RESULTS[bottom]:.2f}")
    for kind in ("state", "diff"):
        small, large = f"{kind} as-of {min(SIZES)}", f"{kind} as-of {max(SIZES)}"
        if small in RESULTS and large in RESULTS and small != large:
            write(f"  ratio {kind} {max(SIZES)} / {min(SIZES)} events: "
                  f"{RESULTS[large] / RESULTS[small]:.2f} (target <= 2)")
        for n in SIZES:
            replay, fast = f"replay log {n}", f"{kind} as-of {n}"
            if replay in RESULTS and fast in RESULTS and kind == "state":
                write(f"  ratio replaying the log / state, {n} events: "
                      f"{RESULTS[replay] / RESULTS[fast]:.0f}x (target >= 1000)")
