"""Uncertain dates at the speed of exact ones: state, diff, one actor's state and a month's
changes on a store of 100,000 events of which 20% are dated by an EDTF span (D1/D2, ../D),
against the same store with exact dates only, in the same run (the ratio is the figure).

Size: TIMELINE_BENCH_UNCERTAIN (default 100000) events.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIGURES, RESULTS, record
from stores import BuiltStore, build, queries

from timeline.app import Timeline

N = int(os.environ.get("TIMELINE_BENCH_UNCERTAIN", "100000"))
SHARE = 0.20
_built: dict[float, BuiltStore] = {}


@pytest.fixture(scope="module", params=[0.0, SHARE], ids=["exact", "20pct-uncertain"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[tuple[str, BuiltStore, Timeline]]:
    share = float(request.param)
    if share not in _built:
        path = Path(tmp_path_factory.mktemp(f"uncertain{share}")) / "bench.db"
        _built[share] = build(path, N, uncertain=share)
    app = Timeline.open(_built[share].path)
    yield ("uncertain" if share else "exact"), _built[share], app
    app.close()


def _ask(benchmark: Any, name: str, store: tuple[str, BuiltStore, Timeline],
         question: Callable[[Timeline, str, str, dt.date, dt.date], Any], rounds: int) -> None:
    kind, built, app = store
    q = queries(built)

    def call() -> Any:
        a, b, start, end = next(q)
        return question(app, a, b, start, end)

    benchmark.pedantic(call, rounds=rounds, iterations=1, warmup_rounds=10)
    record(f"{name} {kind} {N}", benchmark)
    exact, uncertain = (RESULTS.get(f"{name} {k} {N}") for k in ("exact", "uncertain"))
    if exact and uncertain:
        FIGURES[f"{name}, 20% uncertain / exact, {N}"] = f"{uncertain / exact:.2f}x"


def test_state(benchmark: Any, store: tuple[str, BuiltStore, Timeline]) -> None:
    _ask(benchmark, "state", store, lambda app, a, b, _, day: app.state(a, b, day), 300)


def test_diff(benchmark: Any, store: tuple[str, BuiltStore, Timeline]) -> None:
    _ask(benchmark, "diff", store,
         lambda app, a, b, start, end: app.diff(a, b, start, end), 300)


def test_actor_state(benchmark: Any, store: tuple[str, BuiltStore, Timeline]) -> None:
    _ask(benchmark, "state of one actor", store,
         lambda app, a, _, __, day: app.actor_state(a, day), 200)


def test_changes_in_a_month(benchmark: Any, store: tuple[str, BuiltStore, Timeline]) -> None:
    def month(app: Timeline, _: str, __: str, ___: dt.date, day: dt.date) -> Any:
        first = day.replace(day=1)
        return app.changes(first, first + dt.timedelta(days=30))

    _ask(benchmark, "changes in a month", store, month, 100)
