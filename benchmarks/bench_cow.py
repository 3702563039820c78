"""Two centuries of diplomatic representation at full size: a synthetic COW Diplomatic
Exchange file of the published one's shape (every ordered pair of the state system's members
in each of the 38 observation years, about 311,000 rows; ``timeline.testing.cow_synthetic``)
imported by a whole `timeline import` process (rows/s, peak memory) against the same rows
read by `csv`; then, on that store, the state of one actor as of a year, `changes` of every
pair over a decade, and the network as of a year exported. Two sizes: the states of the
first 70% of COW numbers (about half the rows), and all of them.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIGURES, RESULTS, record
from processes import megabytes, run_timeline

from timeline.app import Timeline
from timeline.interchange import graph
from timeline.testing import cow_synthetic

SCALES = (0.7, 1.0)
_built: dict[float, tuple[int, Path, Path]] = {}


@pytest.fixture(scope="module", params=SCALES, ids=[f"scale-{s}" for s in SCALES])
def cow(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
        ) -> tuple[int, Path, Path]:
    """(rows, the file, a store it was imported into), made once per scale."""
    scale = request.param
    if scale not in _built:
        folder = tmp_path_factory.mktemp(f"cow{scale}")
        path = folder / "dipex.csv"
        rows = cow_synthetic.write(path, scale)
        db = folder / "cow.db"
        printed, peak = run_timeline("--db", str(db), "import", "--create-actors", str(path))
        assert "representation x" in printed, printed
        FIGURES[f"cow import peak memory {rows} rows"] = megabytes(peak)
        _built[scale] = (rows, path, db)
    return _built[scale]


@pytest.fixture
def app(cow: tuple[int, Path, Path]) -> Iterator[Timeline]:
    found = Timeline.open(str(cow[2]))
    yield found
    found.close()


def test_cow_import(benchmark: Any, cow: tuple[int, Path, Path], tmp_path: Path) -> None:
    rows, path, _ = cow
    runs = iter(range(100))

    def run() -> None:
        printed, _ = run_timeline("--db", str(tmp_path / f"i{next(runs)}.db"), "import",
                                  "--create-actors", str(path))
        assert "representation x" in printed

    benchmark.pedantic(run, rounds=1, iterations=1)
    seconds = record(f"cow import {rows} rows", benchmark)
    FIGURES[f"cow import rate {rows} rows"] = f"{rows / seconds:,.0f} rows/s"


def test_cow_read_by_csv(benchmark: Any, cow: tuple[int, Path, Path]) -> None:
    """The floor: the same rows read by csv, and nothing else."""
    rows, path, _ = cow

    def run() -> None:
        with path.open(encoding="utf-8", newline="") as handle:
            assert sum(1 for _ in csv.DictReader(handle)) == rows

    benchmark.pedantic(run, rounds=3, iterations=1)
    seconds = record(f"cow csv read {rows} rows", benchmark)
    imported = RESULTS.get(f"cow import {rows} rows")
    if imported:
        FIGURES[f"cow import / csv read {rows} rows"] = f"{imported / seconds:,.0f}x"


def test_cow_state_of_one_actor(benchmark: Any, cow: tuple[int, Path, Path],
                                app: Timeline) -> None:
    found = benchmark(app.actor_state, "united-states", dt.date(1975, 1, 1))
    assert found.relationships
    record(f"cow state of one actor {cow[0]} rows", benchmark)


def test_cow_changes_over_a_decade(benchmark: Any, cow: tuple[int, Path, Path],
                                   app: Timeline) -> None:
    found = benchmark(app.changes, dt.date(1960, 1, 1), dt.date(1969, 12, 31))
    assert found.changes
    record(f"cow changes 1960s {cow[0]} rows", benchmark)


@pytest.mark.parametrize("fmt", ["csv-edges", "graphml"])
def test_cow_network_export(benchmark: Any, cow: tuple[int, Path, Path], app: Timeline,
                            fmt: str) -> None:
    def run() -> int:
        return sum(len(piece) for piece in graph.write(fmt, app.graph(dt.date(1975, 1, 1))))

    assert benchmark.pedantic(run, rounds=3, iterations=1) > 0
    record(f"cow export {fmt} 1975 {cow[0]} rows", benchmark)
