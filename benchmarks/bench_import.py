"""Bulk import into SQLite (event log + read model) as a whole `timeline import` process,
against raw sqlite3 executemany of the same records into one table; and its peak memory.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIGURES, RESULTS, SIZES, record

from timeline.testing import synthetic

# Runs `timeline ARGS...` and prints its own peak resident memory (KB) on stderr last.
REPORTING_PEAK = """
import resource, runpy, sys
sys.argv = ["timeline", *sys.argv[1:]]
try:
    runpy.run_module("timeline", run_name="__main__")
finally:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""
COLUMNS = ("id", "type", "actor", "target", "on_date", "announced", "fields", "sources", "note")


@pytest.fixture(scope="module", params=SIZES, ids=[f"{n}" for n in SIZES])
def jsonl(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> tuple[int, Path]:
    path = tmp_path_factory.mktemp("jsonl") / f"events-{request.param}.jsonl"
    synthetic.write_jsonl(str(path), request.param)
    return request.param, path


def test_import(benchmark: Any, jsonl: tuple[int, Path], tmp_path: Path) -> None:
    n, path = jsonl
    peak: list[int] = []

    def run() -> None:
        db = tmp_path / f"import-{len(peak)}.db"
        done = subprocess.run(
            [sys.executable, "-c", REPORTING_PEAK, "--db", str(db), "import", str(path)],
            capture_output=True, text=True, check=False,
        )
        assert done.returncode == 0, done.stderr
        assert f"and {n} event(s)" in done.stdout, done.stdout
        peak.append(int(done.stderr.strip().splitlines()[-1]))  # kilobytes on Linux

    benchmark.pedantic(run, rounds=1, iterations=1)
    seconds = record(f"import {n}", benchmark)
    FIGURES[f"import rate {n}"] = f"{n / seconds:,.0f} events/s"
    FIGURES[f"import peak memory {n}"] = f"{max(peak) / 1024:,.0f} MB (target < 300 MB)"


def test_raw_executemany(benchmark: Any, jsonl: tuple[int, Path], tmp_path: Path) -> None:
    """The floor: the same records, already parsed, into one indexed table, one commit."""
    n, path = jsonl
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record_ = json.loads(line)
        if "id" in record_:
            rows.append((record_["id"], record_["type"], record_["actor"], record_["target"],
                         record_["on"], record_.get("announced"), json.dumps(record_["fields"]),
                         json.dumps(record_["sources"]), record_.get("note")))
    counter = iter(range(10**6))

    def run() -> None:
        conn = sqlite3.connect(tmp_path / f"raw-{next(counter)}.db")
        conn.execute(f"CREATE TABLE events ({', '.join(COLUMNS)}, PRIMARY KEY (id))")
        conn.executemany(f"INSERT INTO events VALUES ({', '.join('?' for _ in COLUMNS)})", rows)
        conn.commit()
        conn.close()

    benchmark.pedantic(run, rounds=3, iterations=1)
    seconds = record(f"raw executemany {n}", benchmark)
    FIGURES[f"raw executemany rate {n}"] = f"{n / seconds:,.0f} rows/s"
    if f"import {n}" in RESULTS:
        slower = RESULTS[f"import {n}"] / seconds
        FIGURES[f"import rate / raw rate {n}"] = f"1/{slower:,.0f} (target: at least 1/10)"
