"""Bulk import into SQLite (event log + read model) as a whole `timeline import` process,
against raw sqlite3 executemany of the same records into one table; and its peak memory.

Also the floor under any import that writes what ours writes: SQLite alone copying an
imported store's rows (the log and every read-model table, with their indexes) into an
empty store, one ``INSERT ... SELECT`` a table in the order the import wrote its rows, no
Python between the rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import FIGURES, RESULTS, SIZES, record
from processes import megabytes, run_timeline
from stores import RAW_COLUMNS, ImportRun, raw_rows


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


def test_floor_of_our_rows(benchmark: Any, jsonl: tuple[int, Path], tmp_path: Path,
                           sqlite_import_of: Callable[[int], ImportRun]) -> None:
    """An imported store's rows, copied by SQLite alone into an empty store of the same
    schema, in one transaction: what the writing of those rows costs with no Python at all,
    against which no import of ours can be faster."""
    n, _ = jsonl
    source = sqlite_import_of(n).spec
    with sqlite3.connect(source) as conn:
        schema = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                              "ORDER BY type = 'index'").fetchall()
        rows = sum(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                   for kind, name, _ in schema if kind == "table")
    counter = iter(range(10**6))

    def run() -> None:
        conn = sqlite3.connect(tmp_path / f"floor-{next(counter)}.db", isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")  # as the store's engine opens it
        conn.execute("PRAGMA synchronous=NORMAL")
        for _, _, ddl in schema:
            conn.execute(ddl)
        conn.execute("ATTACH DATABASE ? AS imported", (source,))
        conn.execute("BEGIN")
        for kind, name, _ in schema:
            if kind == "table":
                # In the rows' order, as the import wrote them: also what keeps SQLite from
                # copying the table and its indexes whole (its transfer optimisation),
                # which no import could do.
                conn.execute(f'INSERT INTO main."{name}" SELECT * FROM imported."{name}" '
                             "ORDER BY rowid")
        conn.execute("COMMIT")
        conn.close()

    benchmark.pedantic(run, rounds=3, iterations=1)
    seconds = record(f"floor: our rows by SQLite alone {n}", benchmark)
    FIGURES[f"floor: our rows of {n:,} events"] = f"{rows:,} rows in all (the log, the read model)"
    if f"raw executemany {n}" in RESULTS:
        slower = seconds / RESULTS[f"raw executemany {n}"]
        FIGURES[f"floor / raw executemany {n}"] = (
            f"{slower:.1f}x the time: no import of ours can beat 1/{slower:.1f} of raw")
