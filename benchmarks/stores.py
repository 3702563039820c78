"""Builds large synthetic stores for the benchmarks (through the library, as a user would)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from timeline.app import Timeline
from timeline.domain.aggregates import Action
from timeline.domain.dates import now
from timeline.domain.values import Record
from timeline.testing import synthetic

CHUNK = 10_000


@dataclass
class BuiltStore:
    path: str
    events: int
    pairs: list[tuple[str, str]]
    before_corrections: dt.datetime | None = None
    corrected: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def build(path: Path, n_events: int, corrected: float = 0.0, seed: int = 7) -> BuiltStore:
    app = Timeline.open(str(path))
    try:
        started = time.perf_counter()
        app.import_records(
            [Record("", a) for a in synthetic.actors(synthetic.n_actors_for(n_events))], [])
        batch: list[Record] = []
        pairs: set[tuple[str, str]] = set()
        ids: list[str] = []
        for event in synthetic.events(n_events, seed=seed):
            batch.append(Record("", event))
            ids.append(event["id"])
            pairs.add(tuple(sorted((event["actor"], event["target"]))))  # type: ignore[arg-type]
            if len(batch) == CHUNK:
                app.import_records([], batch)
                batch = []
        if batch:
            app.import_records([], batch)
        built = BuiltStore(str(path), n_events, sorted(pairs))
        built.seconds["import"] = time.perf_counter() - started
        if corrected:
            time.sleep(0.01)
            built.before_corrections = now()
            time.sleep(0.01)
            started = time.perf_counter()
            rng = random.Random(seed)
            chosen = rng.sample(ids, int(len(ids) * corrected))
            for start in range(0, len(chosen), 1000):
                actions = []
                for event_id in chosen[start:start + 1000]:
                    action: Action = app.repository.get(Action.create_id(event_id))
                    content = dict(action.content)
                    shifted = dt.date.fromisoformat(_full(content["on"])) + dt.timedelta(
                        days=rng.randint(-400, 400))
                    content["on"] = shifted.isoformat()
                    content["announced"] = None
                    action.correct(content, "benchmark correction", recorded_at=now())
                    actions.append(action)
                app.save(*actions)
                app.catch_up()
            built.corrected = len(chosen)
            built.seconds["corrections"] = time.perf_counter() - started
        return built
    finally:
        app.close()


def _full(on: str) -> str:
    return {4: on + "-01-01", 7: on + "-01"}.get(len(on), on)


def queries(store: BuiltStore) -> Iterator[tuple[str, str, dt.date, dt.date]]:
    """The same 500 (relationship, from, to) questions, round and round."""
    rng = random.Random(3)
    cases = []
    for _ in range(500):
        a, b = rng.choice(store.pairs)
        day = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 75 * 365))
        cases.append((a, b, day - dt.timedelta(days=rng.randint(30, 3000)), day))
    return itertools.cycle(cases)
