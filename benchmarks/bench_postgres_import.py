"""Bulk import into PostgreSQL (event log + read model) as a whole `timeline import`
process, against raw psycopg executemany of the same records into one table with a primary
key, on the same server, in one transaction; and the import's peak memory.

Each run gets a fresh database on the server TIMELINE_TEST_POSTGRES_URL names (skipped
without it), dropped afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import psycopg
import pytest
from conftest import FIGURES, SIZES, fresh_postgres_db, record
from processes import megabytes, run_timeline
from stores import RAW_COLUMNS, raw_rows


@pytest.fixture(scope="module", params=SIZES, ids=[f"{n}" for n in SIZES])
def jsonl(request: pytest.FixtureRequest, jsonl_of: Callable[[int], Path],
          postgres_url: str) -> tuple[int, Path]:
    return request.param, jsonl_of(request.param)


def test_import_postgres(benchmark: Any, jsonl: tuple[int, Path], postgres_url: str) -> None:
    n, path = jsonl
    peak: list[int] = []
    with fresh_postgres_db(postgres_url) as url:

        def run() -> None:
            out, kilobytes = run_timeline("--db", url, "import", str(path))
            assert f"and {n} event(s)" in out, out
            peak.append(kilobytes)

        benchmark.pedantic(run, rounds=1, iterations=1)
    seconds = record(f"postgres import {n}", benchmark)
    FIGURES[f"postgres import rate {n}"] = f"{n / seconds:,.0f} events/s"
    FIGURES[f"postgres import peak memory {n}"] = f"{megabytes(max(peak))} (target < 300 MB)"


def test_raw_psycopg_executemany(benchmark: Any, jsonl: tuple[int, Path],
                                 postgres_url: str) -> None:
    """The floor: the same records, already parsed, into one table keyed by id, one commit."""
    n, path = jsonl
    rows = raw_rows(path)
    create = f"CREATE TABLE events ({', '.join(f'{c} text' for c in RAW_COLUMNS)}, " \
             "PRIMARY KEY (id))"
    insert = f"INSERT INTO events VALUES ({', '.join('%s' for _ in RAW_COLUMNS)})"

    urls: list[str] = []
    with ExitStack() as databases:

        def fresh() -> tuple[tuple[str], dict[str, Any]]:  # untimed: a new empty database
            urls.append(databases.enter_context(fresh_postgres_db(postgres_url)))
            return (urls[-1],), {}

        def run(url: str) -> None:
            with psycopg.connect(url) as conn:  # one transaction, committed on leaving
                conn.execute(create.encode())
                with conn.cursor() as cursor:
                    cursor.executemany(insert.encode(), rows)

        benchmark.pedantic(run, setup=fresh, rounds=3, iterations=1)
        for url in urls:
            with psycopg.connect(url) as conn:
                stored = conn.execute(b"SELECT count(*) FROM events").fetchone()
            assert stored == (n,), stored
    seconds = record(f"raw psycopg executemany {n}", benchmark)
    FIGURES[f"raw psycopg executemany rate {n}"] = f"{n / seconds:,.0f} rows/s"
