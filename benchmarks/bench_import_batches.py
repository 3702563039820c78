"""An import's batches take as long at the end as at the start: the same file imported in
process, as `timeline import FILE` reads it, into SQLite and into PostgreSQL, with a progress
callback timing each stored batch (TIMELINE_IMPORT_BATCH events, default 10,000).

A batch's time runs from the previous progress report (the end of validation, for the
first) to its own "storing" report. The ratio compares seconds per event, so that a short
last batch compares fairly; with one batch (n no more than the batch size) it is 1. Two
batches are two samples of a noisy machine, and the cost may rise in the middle and fall
back at the end; so the cost per event of each tenth of the batches is reported too, and
the highest tenth against the first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import AMOUNTS, FIGURES, SIZES, fresh_postgres_db
from stores import ImportRun, import_with_batches


def report(backend: str, n: int, run: ImportRun) -> None:
    assert run.result.events_added == n, run.result
    assert run.batches and sum(events for events, _ in run.batches) == n, run.batches
    (first_events, first), (last_events, last) = run.batches[0], run.batches[-1]
    AMOUNTS[f"batch first {backend} {n}"] = first / max(first_events, 1)
    AMOUNTS[f"batch last {backend} {n}"] = last / max(last_events, 1)
    AMOUNTS[f"batches {backend} {n}"] = len(run.batches)
    FIGURES[f"import batches {backend} {n}"] = (
        f"{len(run.batches)} batch(es): first {first:.2f} s ({first_events:,} events), "
        f"last {last:.2f} s ({last_events:,})")
    FIGURES[f"in-process import rate {backend} {n}"] = f"{n / run.seconds:,.0f} events/s"
    if len(run.batches) >= 10:
        tenth = len(run.batches) // 10
        costs = [sum(seconds for _, seconds in run.batches[i:i + tenth])
                 / sum(events for events, _ in run.batches[i:i + tenth])
                 for i in range(0, tenth * 10, tenth)]
        FIGURES[f"import tenths {backend} {n}"] = (
            "us/event by tenth: " + " ".join(f"{cost * 1e6:.0f}" for cost in costs)
            + f"; highest / first {max(costs) / costs[0]:.2f}")


@pytest.mark.parametrize("n", SIZES, ids=[f"{n}" for n in SIZES])
def test_batches_sqlite(n: int, sqlite_import_of: Callable[[int], ImportRun]) -> None:
    report("sqlite", n, sqlite_import_of(n))


@pytest.mark.parametrize("n", SIZES, ids=[f"{n}" for n in SIZES])
def test_batches_postgres(n: int, postgres_url: str, jsonl_of: Callable[[int], Path]) -> None:
    path = jsonl_of(n)
    with fresh_postgres_db(postgres_url) as url:
        report("postgres", n, import_with_batches(url, path))
