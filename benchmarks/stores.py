"""Builds large synthetic stores for the benchmarks (through the library, as a user would)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timeline.app import Timeline
from timeline.domain.dates import now
from timeline.domain.records import ImportResult, Record
from timeline.interchange import expand_paths, iter_records
from timeline.testing import synthetic

CHUNK = 10_000
# The raw baselines' one table: the import's fields, as text, keyed by id.
RAW_COLUMNS = ("id", "type", "actor", "target", "on_date", "announced", "fields", "sources",
               "note")
# One relationship's long history: effects (cooperation toggled) between plain statements.
ONE_RELATIONSHIP_TYPES = ("statement", "cooperation_suspended", "statement",
                          "cooperation_resumed")
ONE_RELATIONSHIP_START = dt.date(1880, 1, 1)  # one event a day: 50,000 days end in 2016


@dataclass
class BuiltStore:
    path: str
    events: int
    pairs: list[tuple[str, str]]
    before_corrections: dt.datetime | None = None
    corrected: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def build(path: Path | str, n_events: int, corrected: float = 0.0, seed: int = 7,
          uncertain: float = 0.0) -> BuiltStore:
    """A store of ``n_events`` synthetic events at ``path``: a SQLite file, or a store's
    URL (an empty PostgreSQL database)."""
    app = Timeline.open(str(path))
    try:
        started = time.perf_counter()
        app.import_records(
            [Record("", a) for a in synthetic.actors(synthetic.n_actors_for(n_events))], [])
        batch: list[Record] = []
        pairs: set[tuple[str, str]] = set()
        ids: list[str] = []
        for event in synthetic.events(n_events, seed=seed, uncertain=uncertain):
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
                    action = app.store.log.action(event_id)
                    assert action is not None
                    content = dict(action.content)
                    shifted = dt.date.fromisoformat(_full(content["on"])) + dt.timedelta(
                        days=rng.randint(-400, 400))
                    content["on"] = shifted.isoformat()
                    content["announced"] = None
                    action.correct(content, "benchmark correction", recorded_at=now())
                    actions.append(action)
                app.store.log.append(actions)
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


@dataclass
class ImportRun:
    """One in-process import: the store, its result, and each stored batch as (events,
    seconds since the previous progress report: the end of validation, or the batch
    before)."""

    spec: str
    result: ImportResult
    batches: list[tuple[int, float]]
    seconds: float


def import_with_batches(spec: str, path: Path) -> ImportRun:
    """Imports a file as `timeline import FILE` does (the same reader, through
    ``import_stream``), timing each batch (``TIMELINE_IMPORT_BATCH`` events) as stored."""
    reports: list[tuple[str, int, float]] = []

    def progress(phase: str, count: int) -> None:
        reports.append((phase, count, time.perf_counter()))

    files = expand_paths([str(path)])
    app = Timeline.open(spec)
    try:
        started = time.perf_counter()
        result = app.import_stream(lambda: iter_records(files), progress=progress)
        seconds = time.perf_counter() - started
    finally:
        app.close()
    batches = [(count, at - reports[i - 1][2])
               for i, (phase, count, at) in enumerate(reports) if phase == "storing" and i]
    return ImportRun(spec, result, batches, seconds)


def raw_rows(path: Path) -> list[tuple[Any, ...]]:
    """The events of a JSON Lines file, parsed, as rows of RAW_COLUMNS."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record_ = json.loads(line)
        if "id" in record_:
            rows.append((record_["id"], record_["type"], record_["actor"], record_["target"],
                         record_["on"], record_.get("announced"), json.dumps(record_["fields"]),
                         json.dumps(record_["sources"]), record_.get("note")))
    return rows


@dataclass
class OneRelationship:
    path: str
    a: str
    b: str
    first: dt.date
    last: dt.date
    events: int
    seconds: float


def build_one_relationship(path: Path, n_events: int) -> OneRelationship:
    """Two actors and ``n_events`` events between them, one a day, through the library."""
    a, b = "alpha", "beta"
    app = Timeline.open(str(path))
    try:
        started = time.perf_counter()
        app.import_records([Record("", {"id": a, "name": "Alpha", "kind": "state"}),
                            Record("", {"id": b, "name": "Beta", "kind": "state"})], [])
        for start in range(0, n_events, CHUNK):
            batch = []
            for i in range(start, min(start + CHUNK, n_events)):
                actor, target = (a, b) if i % 2 == 0 else (b, a)
                batch.append(Record("", {
                    "id": f"one-{i}",
                    "type": ONE_RELATIONSHIP_TYPES[i % len(ONE_RELATIONSHIP_TYPES)],
                    "actor": actor,
                    "target": target,
                    "on": (ONE_RELATIONSHIP_START + dt.timedelta(days=i)).isoformat(),
                    "fields": {},
                    "sources": [f"https://example.org/one/{i}"],
                }))
            app.import_records([], batch)
        seconds = time.perf_counter() - started
    finally:
        app.close()
    last = ONE_RELATIONSHIP_START + dt.timedelta(days=max(n_events - 1, 0))
    return OneRelationship(str(path), a, b, ONE_RELATIONSHIP_START, last, n_events, seconds)
