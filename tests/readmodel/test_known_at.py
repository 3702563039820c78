"""Corrections, retractions and "as known at", in the library: property tests against a naive
replay of only what was recorded by K (state, the log, a pair's diff and everyone's changes),
and rebuilds after corrections and retractions.
(The same through the CLI, and the 18 October 2021 story: tests/recording/test_corrections.py.)"""

from __future__ import annotations

import datetime as dt
import itertools
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import (
    BASE,
    PROPERTY,
    PROPERTY_EXAMPLES,
    ROLES,
    Op,
    apply_change,
    counter,
    histories,
    known_by,
    materialize,
    record,
    stored,
)

from timeline.app import Timeline
from timeline.domain.values import pair_key
from timeline.testing import snapshot
from timeline.testing.replay import replay_changes, replay_state


@st.composite
def changes(draw: st.DrawFn) -> list[tuple[str, int, dict[str, Any]]]:
    """Corrections and retractions, each aimed at the i-th event (modulo how many exist)."""
    out = []
    for _ in range(draw(st.integers(0, 10))):
        kind = draw(st.sampled_from(["correct", "correct", "retract"]))
        target = draw(st.integers(0, 100))
        payload: dict[str, Any] = {}
        if kind == "correct":
            if draw(st.booleans()):
                day = BASE + dt.timedelta(days=draw(st.integers(0, 40)) * 9)
                payload["on"] = draw(st.sampled_from([day.isoformat(), day.isoformat()[:7]]))
                payload["announced"] = ""
            move = draw(st.sampled_from(["", "", "swap", "retarget"]))
            if move:
                payload[move] = True
            payload["count"] = draw(st.integers(1, 6))
        out.append((kind, target, payload))
    return out


def run_history(app: Timeline, history: list[dict[str, Any]], prefix: str,
                script: list[tuple[str, int, dict[str, Any]]]) -> list[Op]:
    events = materialize(history, prefix)
    ops: list[Op] = []
    half = len(events) // 2
    for chunk, edits in ((events[:half], script[: len(script) // 2]),
                         (events[half:], script[len(script) // 2:])):
        record(app, chunk, prefix, [])
        for event in stored(chunk):
            stamp = app.event(event.id)
            assert stamp is not None and stamp.recorded_at is not None
            ops.append(Op(stamp.recorded_at, event.id, event.content()))
        known_ids = list(dict.fromkeys(op.event_id for op in ops))
        for kind, target, payload in edits:
            if not known_ids:
                break
            result = apply_change(app, known_ids[target % len(known_ids)], kind, payload,
                                  prefix)
            if result is not None:
                assert result.recorded_at is not None
                content = None if kind == "retract" else result.content()
                ops.append(Op(result.recorded_at, result.id, content))
    return ops


# Each example asks state, the log, diffs and changes at up to eight moments: 60 examples
# keep it near a minute a backend.
@settings(PROPERTY, max_examples=max(1, PROPERTY_EXAMPLES * 3 // 5))
@given(history=histories(), script=changes(),
       days=st.lists(st.integers(-10, 400), min_size=1, max_size=3), data=st.data())
def test_known_at_equals_a_replay_of_what_was_recorded_by_then(
    app: Timeline, history: list[dict[str, Any]],
    script: list[tuple[str, int, dict[str, Any]]], days: list[int], data: st.DataObject,
) -> None:
    prefix = f"k{next(counter)}-"
    ops = run_history(app, history, prefix, script)
    moments = sorted({op.recorded_at for op in ops})
    picks = data.draw(st.lists(st.sampled_from(moments), min_size=1, max_size=3))
    tick = dt.timedelta(microseconds=1)
    checkpoints = [None, moments[0] - tick, *picks, *(m - tick for m in picks)]
    for known_at, day, (x, y) in itertools.product(
        checkpoints, days, itertools.combinations(ROLES, 2)
    ):
        a, b = f"{prefix}{x}", f"{prefix}{y}"
        as_of = BASE + dt.timedelta(days=day)
        expected = known_by(ops, known_at or dt.datetime.max.replace(tzinfo=dt.UTC))
        state = app.state(a, b, as_of, known_at)
        assert state.facts == replay_state(expected, a, b, as_of), (known_at, as_of, a, b)
    lo, hi = sorted(BASE + dt.timedelta(days=d) for d in (days[0], days[-1]))
    actors = [f"{prefix}{x}" for x in ROLES]
    owners = [*itertools.combinations(sorted(actors), 2), *((x,) for x in actors)]
    for known_at in checkpoints:
        expected = known_by(ops, known_at or dt.datetime.max.replace(tzinfo=dt.UTC))
        logged = app.list_events(known_at=known_at)
        assert {e.id: e.content() for e in logged if e.id.startswith(prefix)} == {
            e.id: e.content() for e in expected
        }
        # What changed in a period, as known then: of each pair, and of everyone at once.
        for a, b in itertools.combinations(actors, 2):
            diff = app.diff(a, b, lo, hi, known_at)
            assert {(c.subject, c.attribute): (c.before, c.after, c.events, c.certainty)
                    for c in diff.changes} == replay_changes(expected, pair_key(a, b), lo, hi
                                                             ), (known_at, a, b)
        found = app.changes(lo, hi, known_at=known_at)
        assert {(c.actors, c.subject, c.attribute): (c.before, c.after, c.events, c.certainty)
                for c in found.changes if c.actors[0].startswith(prefix)} == {
            (owner, *key): change for owner in owners
            for key, change in replay_changes(expected, "|".join(owner), lo, hi).items()
        }, known_at


@PROPERTY
@given(history=histories(), script=changes())
def test_rebuild_reproduces_corrections_and_retractions_exactly(
    history: list[dict[str, Any]], script: list[tuple[str, int, dict[str, Any]]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = Timeline.open(str(Path(folder) / "t.db"))
        try:
            run_history(app, history, "", script)
            before = snapshot.read_model(app)
            app.rebuild()
            assert snapshot.read_model(app) == before
        finally:
            app.close()
