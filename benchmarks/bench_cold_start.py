"""A whole `timeline` process from cold: --help and a query, against a bare `python -c pass`
and `python -c "import sqlite3"` (the target: `timeline state` within 3x of the latter)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from conftest import FIGURES, RESULTS, SIZES, record
from stores import BuiltStore


def run(*args: str) -> None:
    subprocess.run([sys.executable, *args], check=True, capture_output=True)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("python -c pass", ("-c", "pass")),
        ("python -c import sqlite3", ("-c", "import sqlite3")),
        ("timeline --help", ("-m", "timeline", "--help")),
    ],
)
def test_start(benchmark: Any, name: str, args: tuple[str, ...]) -> None:
    benchmark.pedantic(run, args=args, rounds=15, iterations=1, warmup_rounds=2)
    record(f"process: {name}", benchmark)


def test_query_process(benchmark: Any, store_of: Any) -> None:
    built: BuiltStore = store_of(min(SIZES))
    a, b = built.pairs[0]
    benchmark.pedantic(run, args=("-m", "timeline", "--db", built.path, "state", a, b,
                                  "--as-of", "2000-01-01"), rounds=15, iterations=1,
                       warmup_rounds=2)
    seconds = record("process: timeline state", benchmark)
    bare = RESULTS.get("process: python -c pass")
    if bare:
        FIGURES["cold start: timeline state / python -c pass"] = f"{seconds / bare:.1f}x"
    sqlite = RESULTS.get("process: python -c import sqlite3")
    if sqlite:
        FIGURES["cold start: timeline state / python -c import sqlite3"] = (
            f"{seconds / sqlite:.1f}x (target <= 3x)")
