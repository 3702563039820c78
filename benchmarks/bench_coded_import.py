"""Importing machine-coded data: a whole `timeline import --format icews --create-actors`
process on a synthetic ICEWS-shaped file (rows/s and peak memory), against the same rows
read by `csv` alone. Sizes: TIMELINE_BENCH_CODED (default "100000"; with
TIMELINE_BENCH_LARGE=1, 1,000,000 too).
"""

from __future__ import annotations

import csv
import os
import random
from pathlib import Path
from typing import Any

import pytest
from conftest import FIGURES, LARGE, RESULTS, record
from processes import megabytes, run_timeline

HEADER = ("Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
          "Event Text", "CAMEO Code", "Intensity", "Target Name", "Target Sectors",
          "Target Country", "Story ID", "Sentence Number", "Publisher", "City", "District",
          "Province", "Country", "Latitude", "Longitude")
COUNTRIES = ("Russian Federation", "United States", "China", "India", "Germany", "France",
             "Ukraine", "Israel", "Iran", "Japan", "South Korea", "North Korea", "Turkey",
             "United Kingdom", "Brazil", "Nigeria", "Georgia", "Syria", "Poland", "Canada")
CODES = ("010", "020", "036", "040", "042", "043", "051", "057", "054", "061", "111",
         "112", "161", "163", "173", "174", "190", "0231", "0331", "1041")
PEOPLE = ("Foreign Affairs", "Government", "Head of Government", "Military Personnel",
          "Citizen", "Lawmaker")


def sizes() -> list[int]:
    chosen = [int(s) for s in os.environ.get("TIMELINE_BENCH_CODED", "100000").split(",")
              if s.strip()]
    if os.environ.get("TIMELINE_BENCH_LARGE") and LARGE not in chosen:
        chosen.append(LARGE)
    return chosen


def write_icews(path: Path, n: int, seed: int = 5) -> None:
    """Rows as ICEWS writes them: the state itself on a third of the sides, officials and
    citizens on the rest, ``NA`` where a value is missing, stories reported both ways."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("\t".join(HEADER) + "\n")
        for i in range(n):
            a, b = rng.sample(COUNTRIES, 2)
            sides = []
            for country in (a, b):
                if rng.random() < 0.35:
                    sides += [country.replace("Russian Federation", "Russia"), "NA", country]
                else:
                    who = rng.choice(PEOPLE)
                    sides += [f"{who} ({country})", "Government,Executive", country]
            day = f"20{10 + i * 9 // n:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            row = (str(10_000_000 + i), day, *sides[:3], "Coded text", rng.choice(CODES),
                   "1", *sides[3:], str(40_000_000 + i // 2), "1", "Agence", "NA", "NA",
                   "NA", b, "0.0", "0.0")
            handle.write("\t".join(row) + "\n")


@pytest.fixture(scope="module", params=sizes(), ids=[f"{n}" for n in sizes()])
def icews_file(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
               ) -> tuple[int, Path]:
    path = tmp_path_factory.mktemp("coded") / f"icews-{request.param}.tab"
    write_icews(path, request.param)
    return request.param, path


def test_icews_import(benchmark: Any, icews_file: tuple[int, Path], tmp_path: Path) -> None:
    n, path = icews_file
    peaks: list[int] = []

    def run() -> None:
        db = tmp_path / f"coded-{len(peaks)}.db"
        printed, peak = run_timeline("--db", str(db), "import", "--format", "icews",
                                     str(path), "--create-actors")
        assert "coded_event x" in printed, printed
        peaks.append(peak)

    benchmark.pedantic(run, rounds=1, iterations=1)
    seconds = record(f"icews import {n} rows", benchmark)
    FIGURES[f"icews import rate {n}"] = f"{n / seconds:,.0f} rows/s"
    FIGURES[f"icews import peak memory {n}"] = f"{megabytes(max(peaks))} (target < 300 MB)"


def test_icews_read_by_csv(benchmark: Any, icews_file: tuple[int, Path]) -> None:
    """The floor: the same rows read by csv.DictReader, and nothing else."""
    n, path = icews_file

    def run() -> None:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = sum(1 for _ in csv.DictReader(handle, delimiter="\t",
                                                 quoting=csv.QUOTE_NONE))
        assert rows == n

    benchmark.pedantic(run, rounds=3, iterations=1)
    seconds = record(f"icews csv read {n} rows", benchmark)
    imported = RESULTS.get(f"icews import {n} rows")
    if imported:
        FIGURES[f"icews import / csv read {n}"] = f"1/{imported / seconds:,.0f}"
