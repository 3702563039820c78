"""Bulk import into SQLite (event log + read model) as a whole `timeline import` process,
against raw sqlite3 executemany of the same records into one table; and its peak memory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import FIGURES, RESULTS, SIZES, record
from processes import megabytes, run_timeline
from stores import RAW_COLUMNS, raw_rows


@pytest.fixture(scope="module", params=SIZES, ids=[f"{n}" for n in SIZES])
def jsonl(request: pytest.FixtureRequest, jsonl_of: Callable[[int], Path]) -> tuple[int, Path]:
    return request.param, jsonl_of(request.param)


def test_import(benchmark: Any, jsonl: tuple[int, Path], tmp_path: Path) -> None:
    n, path = jsonl
    peak: list[int] = []

    def run() -> None:
        db = tmp_path / f"import-{len(peak)}.db"
        out, kilobytes = run_timeline("--db", str(db), "import", str(path))
        assert f"and {n} event(s)" in out, out
        peak.append(kilobytes)

    benchmark.pedantic(run, rounds=1, iterations=1)
    seconds = record(f"import {n}", benchmark)
    FIGURES[f"import rate {n}"] = f"{n / seconds:,.0f} events/s"
    FIGURES[f"import peak memory {n}"] = f"{megabytes(max(peak))} (target < 300 MB)"


def test_raw_executemany(benchmark: Any, jsonl: tuple[int, Path], tmp_path: Path) -> None:
    """The floor: the same records, already parsed, into one indexed table, one commit."""
    n, path = jsonl
    rows = raw_rows(path)
    counter = iter(range(10**6))

    def run() -> None:
        conn = sqlite3.connect(tmp_path / f"raw-{next(counter)}.db")
        conn.execute(f"CREATE TABLE events ({', '.join(RAW_COLUMNS)}, PRIMARY KEY (id))")
        conn.executemany(
            f"INSERT INTO events VALUES ({', '.join('?' for _ in RAW_COLUMNS)})", rows)
        conn.commit()
        conn.close()

    benchmark.pedantic(run, rounds=3, iterations=1)
    seconds = record(f"raw executemany {n}", benchmark)
    FIGURES[f"raw executemany rate {n}"] = f"{n / seconds:,.0f} rows/s"
    if f"import {n}" in RESULTS:
        slower = RESULTS[f"import {n}"] / seconds
        FIGURES[f"import rate / raw rate {n}"] = f"1/{slower:,.0f} (target: at least 1/10)"
