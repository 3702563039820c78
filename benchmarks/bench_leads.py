"""Leads over stores of coded evidence: `leads` of everything, of one pair and of one day,
on a synthetic ICEWS-shaped file (bench_coded_import.write_icews) imported once a size.
Sizes: TIMELINE_BENCH_SIZES (default 10,000 and 100,000 records).

Leads are kept in the read model (storage.leads: tl_leads ranked by an index, tl_lead_rows
by lead): `leads` reads the best corroborated first through the index (a page of 100, as
the command lists by default), then the rows and records of those leads only, so its cost
does not grow with the store. `every` lists every lead (--limit 0), which does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from bench_coded_import import write_icews
from conftest import FIGURES, record, sizes
from processes import run_timeline

from timeline.app.timeline import Timeline


@pytest.fixture(scope="module", params=sizes(), ids=lambda n: f"{n}")
def coded_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                ) -> tuple[int, str]:
    n = request.param
    folder = tmp_path_factory.mktemp("leads")
    path = folder / f"icews-{n}.tab"
    write_icews(path, n)
    db = str(folder / "leads.db")
    run_timeline("--db", db, "import", "--format", "icews", str(path), "--create-actors")
    return n, db


@pytest.mark.parametrize("scope", ["all", "pair", "day", "every"])
def test_leads(benchmark: Any, coded_store: tuple[int, str], scope: str) -> None:
    n, db = coded_store
    app = Timeline.open(db)
    try:
        args: dict[str, Any] = {
            "all": {"limit": 100}, "pair": {"actors": ("russia", "united-states")},
            "day": {"first": dt.date(2014, 6, 6), "last": dt.date(2014, 6, 6)},
            "every": {}}[scope]
        found = benchmark.pedantic(lambda: app.desk.leads(**args), rounds=3, iterations=1)
        record(f"leads {scope} {n} records", benchmark)
        FIGURES[f"leads {scope} {n} records"] = f"{len(found.leads):,} lead(s)"
    finally:
        app.close()
