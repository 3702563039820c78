"""Benchmark fixtures, and a summary of ratios measured in this same run."""

from __future__ import annotations

import os
import platform
from collections.abc import Iterator
from typing import Any

import pytest
from stores import BuiltStore, build

RESULTS: dict[str, float] = {}  # benchmark name -> median seconds
SIZE = int(os.environ.get("TIMELINE_BENCH_EVENTS", "100000"))


@pytest.fixture(scope="session")
def corrected_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltStore]:
    """SIZE events over many relationships, 10% of them corrected after the import."""
    path = tmp_path_factory.mktemp("bench") / "corrected.db"
    yield build(path, SIZE, corrected=0.10)


def record(name: str, benchmark: Any) -> None:
    stats = getattr(benchmark, "stats", None)
    if stats is not None:
        RESULTS[name] = stats.stats.median


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not RESULTS:
        return
    write = terminalreporter.write_line
    write("")
    write(f"timeline benchmark summary ({platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {SIZE} events)")
    for name, median in sorted(RESULTS.items()):
        write(f"  {name:<40} median {median * 1000:9.3f} ms")
    pairs = [("state known-at (before corrections)", "state as-of"),
             ("state known-at (now)", "state as-of"),
             ("diff known-at (before corrections)", "diff as-of")]
    for slow, fast in pairs:
        if slow in RESULTS and fast in RESULTS:
            write(f"  ratio {slow} / {fast}: {RESULTS[slow] / RESULTS[fast]:.2f}")
