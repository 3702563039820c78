"""The record in any order of use: adds, corrections, retractions, imports of small files and
rebuilds, mixed as Hypothesis chooses, and after each step the queries (state, diff, changes,
the log), with and without --known-at, equal the naive replay of what was recorded by then
(timeline.testing.replay). On each backend; slow (many short runs, each on a store)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import Runner
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    multiple,
    rule,
    run_state_machine_as_test,
)
from strategies import (
    BASE,
    ROLES,
    Op,
    apply_change,
    counter,
    events,
    known_by,
    materialize,
    record,
    stored,
)

from timeline.app import Timeline
from timeline.domain.values import pair_key
from timeline.testing.replay import replay_changes, replay_state

pytestmark = pytest.mark.slow

MACHINE = settings(max_examples=8, stateful_step_count=10, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow])
FOREVER = dt.datetime.max.replace(tzinfo=dt.UTC)
TICK = dt.timedelta(microseconds=1)
days = st.integers(-10, 400).map(lambda d: BASE + dt.timedelta(days=d))
payloads = st.fixed_dictionaries({"count": st.integers(1, 6)}, optional={
    "on": days.map(lambda d: d.isoformat()), "swap": st.just(True), "retarget": st.just(True)})


def machine_on(store: str, app: Timeline, folder: Path) -> type[RuleBasedStateMachine]:
    """A machine of its own for each run, on one store: every run records under actor and
    event ids of its own, and earlier runs' events stay in the store as bystanders."""

    class Record(RuleBasedStateMachine):
        ids = Bundle("ids")

        def __init__(self) -> None:
            super().__init__()
            self.prefix = f"s{next(counter)}-"
            self.actors = [f"{self.prefix}{r}" for r in ROLES]
            self.ops: list[Op] = []
            self.serial = itertools.count()

        @initialize()
        def actors_first(self) -> None:
            record(app, [], self.prefix, [])

        def _recorded(self, event_ids: list[str]) -> list[str]:
            for event_id in event_ids:
                stored_now = app.event(event_id)
                assert stored_now.recorded_at is not None
                self.ops.append(Op(stored_now.recorded_at, event_id, stored_now.content()))
            return event_ids

        def _fresh(self, raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
            renamed = [dict(e, id=f"e{next(self.serial)}") for e in raw]
            return materialize(renamed, self.prefix)

        @rule(target=ids, raw=events(0))
        def add(self, raw: dict[str, Any]) -> str:
            (event,) = self._fresh([raw])
            stored_event, new = app.add_event(event)
            assert new
            return self._recorded([stored_event.id])[0]

        @rule(target=ids, raw=st.lists(events(0), min_size=1, max_size=4))
        def import_a_file(self, raw: list[dict[str, Any]]) -> Any:
            fresh = self._fresh(raw)
            path = folder / f"{fresh[0]['id']}.json"
            path.write_text(json.dumps({"events": fresh}), encoding="utf-8")
            Runner(store).ok("import", str(path))
            return multiple(*self._recorded([e.id for e in stored(fresh)]))

        @rule(event_id=ids, payload=payloads)
        def correct(self, event_id: str, payload: dict[str, Any]) -> None:
            if "on" in payload:
                payload = dict(payload, announced="")
            self._apply(event_id, "correct", payload)

        @rule(event_id=consumes(ids))
        def retract(self, event_id: str) -> None:
            self._apply(event_id, "retract", {})

        def _apply(self, event_id: str, kind: str, payload: dict[str, Any]) -> None:
            result = apply_change(app, event_id, kind, payload, self.prefix)
            if result is not None:  # refused: retracted already, or no change
                assert result.recorded_at is not None
                content = None if kind == "retract" else result.content()
                self.ops.append(Op(result.recorded_at, result.id, content))

        @rule()
        def rebuild(self) -> None:
            assert app.rebuild() == app.log_length()

        @rule(first=days, last=days, data=st.data())
        def ask(self, first: dt.date, last: dt.date, data: st.DataObject) -> None:
            first, last = sorted((first, last))
            moments = sorted({op.recorded_at for op in self.ops})
            known_at = data.draw(st.none() | st.sampled_from(
                [m - TICK for m in moments] + moments) if moments else st.none())
            expected = known_by(self.ops, known_at or FOREVER)
            for a, b in itertools.combinations(self.actors, 2):
                assert app.state(a, b, last, known_at).facts == replay_state(
                    expected, a, b, last), (a, b, last, known_at)
                assert {(c.subject, c.attribute): (c.before, c.after, c.events, c.certainty)
                        for c in app.diff(a, b, first, last, known_at).changes} == \
                    replay_changes(expected, pair_key(a, b), first, last), (a, b, known_at)
            owners = [*itertools.combinations(sorted(self.actors), 2),
                      *((x,) for x in self.actors)]
            assert {(c.actors, c.subject, c.attribute): (c.before, c.after, c.events,
                                                         c.certainty)
                    for c in app.changes(first, last, known_at=known_at).changes
                    if c.actors[0].startswith(self.prefix)} == {
                (owner, *key): change for owner in owners
                for key, change in replay_changes(expected, "|".join(owner), first,
                                                  last).items()}, known_at
            assert {e.id: e.content() for e in app.list_events(known_at=known_at)
                    if e.id.startswith(self.prefix)} == {e.id: e.content() for e in expected}

    return Record


def test_any_mix_of_recording_and_rebuilding_answers_as_the_replay(store: str) -> None:
    app = Timeline.open(store)
    try:
        with tempfile.TemporaryDirectory() as folder:
            machine: Callable[[], RuleBasedStateMachine] = machine_on(store, app, Path(folder))
            run_state_machine_as_test(machine, settings=MACHINE)
    finally:
        app.close()
