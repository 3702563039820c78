"""--known-at answers cost what plain as-of answers cost: both are indexed lookups.

The store holds TIMELINE_BENCH_KNOWN_AT events (default 100,000) over many relationships,
10% of them corrected after the import. Each call asks about another relationship and date.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from conftest import record
from stores import BuiltStore, queries

from timeline.app import Timeline

SIZE = int(os.environ.get("TIMELINE_BENCH_KNOWN_AT", "100000"))


@pytest.fixture(scope="module")
def corrected_store(store_of: Any) -> BuiltStore:
    built: BuiltStore = store_of(SIZE, 0.10)
    return built


@pytest.fixture(scope="module")
def app(corrected_store: BuiltStore) -> Iterator[Timeline]:
    timeline = Timeline.open(corrected_store.path)
    yield timeline
    timeline.close()


def bench(benchmark: Any, name: str, call: Callable[[], Any]) -> None:
    benchmark.pedantic(call, rounds=300, iterations=1, warmup_rounds=20)
    record(name, benchmark)


def test_state_as_of(benchmark: Any, app: Timeline, corrected_store: BuiltStore) -> None:
    q = queries(corrected_store)

    def call() -> Any:
        a, b, _, day = next(q)
        return app.state(a, b, day)

    bench(benchmark, "state as-of corrected", call)


def test_state_known_at_before_corrections(
    benchmark: Any, app: Timeline, corrected_store: BuiltStore
) -> None:
    q = queries(corrected_store)
    known = corrected_store.before_corrections

    def call() -> Any:
        a, b, _, day = next(q)
        return app.state(a, b, day, known)

    bench(benchmark, "state known-at", call)


def test_state_known_at_now(benchmark: Any, app: Timeline, corrected_store: BuiltStore) -> None:
    q = queries(corrected_store)
    known = dt.datetime.now(dt.UTC)

    def call() -> Any:
        a, b, _, day = next(q)
        return app.state(a, b, day, known)

    bench(benchmark, "state known-at-now", call)


def test_diff_as_of(benchmark: Any, app: Timeline, corrected_store: BuiltStore) -> None:
    q = queries(corrected_store)

    def call() -> Any:
        a, b, start, end = next(q)
        return app.diff(a, b, start, end)

    bench(benchmark, "diff as-of corrected", call)


def test_diff_known_at_before_corrections(
    benchmark: Any, app: Timeline, corrected_store: BuiltStore
) -> None:
    q = queries(corrected_store)
    known = corrected_store.before_corrections

    def call() -> Any:
        a, b, start, end = next(q)
        return app.diff(a, b, start, end, known)

    bench(benchmark, "diff known-at", call)


def test_corrections_changed_answers(app: Timeline, corrected_store: BuiltStore) -> None:
    """Not a timing: the store really differs between the two record times."""
    differing = 0
    for a, b, _, day in itertools.islice(queries(corrected_store), 200):
        if app.state(a, b, day).facts != app.state(a, b, day,
                                                    corrected_store.before_corrections).facts:
            differing += 1
    assert differing > 0
