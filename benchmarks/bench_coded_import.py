"""Importing machine-coded data: a whole `timeline import --format icews|gdelt
--create-actors` process on a synthetic ICEWS-shaped (20 columns, a header) or GDELT-shaped
(GDELT 1.0 daily layout, 58 columns, no header) file, rows/s and peak memory, against the
same rows read by `csv` alone. Sizes: TIMELINE_BENCH_CODED (default "100000"; with
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


GDELT_STATES = (("RUS", "RUSSIA"), ("USA", "UNITED STATES"), ("CHN", "CHINA"),
                ("IND", "INDIA"), ("DEU", "GERMANY"), ("FRA", "FRANCE"), ("UKR", "UKRAINE"),
                ("ISR", "ISRAEL"), ("IRN", "IRAN"), ("JPN", "JAPAN"), ("TUR", "TURKEY"),
                ("GBR", "UNITED KINGDOM"), ("BRA", "BRAZIL"), ("NGA", "NIGERIA"),
                ("POL", "POLAND"), ("CAN", "CANADA"))


def write_gdelt(path: Path, n: int, seed: int = 6) -> None:
    """GDELT 1.0 daily rows (58 columns): the state's code alone on a third of the sides, a
    government or media role on the rest, empty columns where GDELT leaves them empty."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        for i in range(n):
            sides: list[str] = []
            for code, name in rng.sample(GDELT_STATES, 2):
                role = "" if rng.random() < 0.35 else rng.choice(("GOV", "MED", "MIL"))
                sides += [code + role, name, code, "", "", "", "", role, "", ""]
            day = f"20{10 + i * 9 // n:02d}{1 + i % 12:02d}{1 + i % 28:02d}"
            event = rng.choice(CODES)
            geo = ["1", "Somewhere", "XX", "XX00", "0.0", "0.0", "0"]
            row = [str(500_000_000 + i), day, day[:6], day[:4], "2015.5", *sides, "1", event,
                   event[:3], event[:2], "1", "1.0", "2", "1", "2", "0.5", *geo, *geo, *geo,
                   "20160728", f"https://example.org/{i}"]
            handle.write("\t".join(row) + "\n")


WRITERS = {"icews": (write_icews, "tab"), "gdelt": (write_gdelt, "tsv")}


@pytest.fixture(scope="module", params=[(fmt, n) for fmt in WRITERS for n in sizes()],
                ids=[f"{fmt}-{n}" for fmt in WRITERS for n in sizes()])
def coded_file(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
               ) -> tuple[str, int, Path]:
    fmt, n = request.param
    writer, extension = WRITERS[fmt]
    path = tmp_path_factory.mktemp("coded") / f"{fmt}-{n}.{extension}"
    writer(path, n)
    return fmt, n, path


def test_coded_import(benchmark: Any, coded_file: tuple[str, int, Path], tmp_path: Path
                      ) -> None:
    fmt, n, path = coded_file
    peaks: list[int] = []

    def run() -> None:
        db = tmp_path / f"coded-{len(peaks)}.db"
        printed, peak = run_timeline("--db", str(db), "import", "--format", fmt,
                                     str(path), "--create-actors")
        assert "coded_event x" in printed, printed
        peaks.append(peak)

    benchmark.pedantic(run, rounds=1, iterations=1)
    seconds = record(f"{fmt} import {n} rows", benchmark)
    FIGURES[f"{fmt} import rate {n}"] = f"{n / seconds:,.0f} rows/s"
    FIGURES[f"{fmt} import peak memory {n}"] = f"{megabytes(max(peaks))} (target < 300 MB)"


def test_coded_read_by_csv(benchmark: Any, coded_file: tuple[str, int, Path]) -> None:
    """The floor: the same rows read by csv, and nothing else."""
    fmt, n, path = coded_file

    def run() -> None:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = (csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
                    if fmt == "icews" else csv.reader(handle, delimiter="\t",
                                                      quoting=csv.QUOTE_NONE))
            assert sum(1 for _ in rows) == n

    benchmark.pedantic(run, rounds=3, iterations=1)
    seconds = record(f"{fmt} csv read {n} rows", benchmark)
    imported = RESULTS.get(f"{fmt} import {n} rows")
    if imported:
        FIGURES[f"{fmt} import / csv read {n}"] = f"1/{imported / seconds:,.0f}"
