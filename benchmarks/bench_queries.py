"""state and diff from the read model at each size, against replaying the log; the state
of one actor (every relationship) and every change in a month.

Stores: TIMELINE_BENCH_SIZES events (see conftest). Each call asks about another
relationship and date; the replay baseline reads and folds the whole log, as an event store
without an index must.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import FIGURES, SIZES, record
from stores import BuiltStore, queries

from timeline.app import Timeline
from timeline.testing import snapshot
from timeline.testing.replay import replay_log_state


@pytest.fixture(scope="module", params=SIZES, ids=[f"{n}" for n in SIZES])
def sized(request: pytest.FixtureRequest, store_of: Any) -> Iterator[tuple[int, BuiltStore,
                                                                          Timeline]]:
    built: BuiltStore = store_of(request.param)
    app = Timeline.open(built.path)
    yield request.param, built, app
    app.close()


def test_state(benchmark: Any, sized: tuple[int, BuiltStore, Timeline]) -> None:
    n, built, app = sized
    q = queries(built)

    def call() -> Any:
        a, b, _, day = next(q)
        return app.state(a, b, day)

    benchmark.pedantic(call, rounds=500, iterations=1, warmup_rounds=20)
    record(f"state as-of {n}", benchmark)


def test_diff(benchmark: Any, sized: tuple[int, BuiltStore, Timeline]) -> None:
    n, built, app = sized
    q = queries(built)

    def call() -> Any:
        a, b, start, end = next(q)
        return app.diff(a, b, start, end)

    benchmark.pedantic(call, rounds=500, iterations=1, warmup_rounds=20)
    record(f"diff as-of {n}", benchmark)


def test_actor_state(benchmark: Any, sized: tuple[int, BuiltStore, Timeline]) -> None:
    """Every relationship of one actor (target: < 20 ms at 1,000,000 events)."""
    n, built, app = sized
    q = queries(built)

    def call() -> Any:
        a, _, _, day = next(q)
        return app.actor_state(a, day)

    benchmark.pedantic(call, rounds=200, iterations=1, warmup_rounds=10)
    median = record(f"state of one actor {n}", benchmark)
    FIGURES[f"state of one actor {n}"] = f"{median * 1000:.1f} ms median (target < 20 ms)"


def test_changes_in_a_month(benchmark: Any, sized: tuple[int, BuiltStore, Timeline]) -> None:
    """Every change of every relationship in one month (target: < 50 ms at 1,000,000)."""
    n, built, app = sized
    q = queries(built)

    def call() -> Any:
        _, _, _, day = next(q)
        first = day.replace(day=1)
        return app.changes(first, first + dt.timedelta(days=30))

    benchmark.pedantic(call, rounds=100, iterations=1, warmup_rounds=5)
    median = record(f"changes in a month {n}", benchmark)
    FIGURES[f"changes in a month {n}"] = f"{median * 1000:.1f} ms median (target < 50 ms)"


def test_replaying_the_log(benchmark: Any, sized: tuple[int, BuiltStore, Timeline]) -> None:
    n, built, app = sized
    q = queries(built)
    a, b, _, day = next(q)
    facts = benchmark.pedantic(replay_log_state, args=(app, a, b, day),
                               rounds=3 if n < 10**6 else 1, iterations=1)
    assert facts == app.state(a, b, day).facts, "the baseline gives the same answer"
    record(f"replay log {n}", benchmark)


def test_rebuild(benchmark: Any, sized: tuple[int, BuiltStore, Timeline]) -> None:
    n, _, app = sized
    before = snapshot.read_model(app) if n <= 10_000 else None
    applied = benchmark.pedantic(app.rebuild, rounds=1, iterations=1)
    seconds = record(f"rebuild {n}", benchmark)
    if before is not None:
        assert snapshot.read_model(app) == before
    FIGURES[f"rebuild rate {n}"] = f"{applied / seconds:,.0f} events/s"
