"""Property tests: answers never depend on the order things were typed in, and equal a naive
replay of the events in order of ``on``.

Every example records its events under fresh actor ids, so one store per test (on each
backend) serves all examples, and earlier examples' events are there as bystanders.
"""

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
    ROLES,
    assert_uncertainty_is_true,
    counter,
    histories,
    materialize,
    query_days,
    record,
    stored,
    strip,
    tie_preserving,
)

from timeline.app import Timeline
from timeline.domain.dates import PartialDate
from timeline.domain.values import pair_key
from timeline.testing import snapshot
from timeline.testing.replay import replay_changes, replay_outcomes, replay_state


@PROPERTY
@given(history=histories(), cuts=st.lists(st.integers(0, 30), max_size=3), days=query_days)
def test_state_and_diff_equal_a_naive_replay(
    app: Timeline, history: list[dict[str, Any]], cuts: list[int], days: list[int]
) -> None:
    prefix = f"r{next(counter)}-"
    events = materialize(history, prefix)
    record(app, events, prefix, cuts)
    expected_events = stored(events)
    for (x, y), day in itertools.product(itertools.combinations(ROLES, 2), days):
        a, b = f"{prefix}{x}", f"{prefix}{y}"
        as_of = BASE + dt.timedelta(days=day)
        state = app.state(a, b, as_of)
        assert state.facts == replay_state(expected_events, a, b, as_of)
        assert_uncertainty_is_true(state.facts, replay_outcomes(expected_events, pair_key(a, b),
                                                                as_of))
        announced_pending = sorted(
            e.id for e in expected_events
            if {e.actor, e.target} == {a, b} and e.announced
            and PartialDate.parse(e.announced).start <= as_of < PartialDate.parse(e.on).sort_day
        )
        assert sorted(e.id for e in state.pending) == announced_pending
    lo, hi = sorted(BASE + dt.timedelta(days=d) for d in days[:2])
    a, b = f"{prefix}a", f"{prefix}b"
    diff = app.diff(a, b, lo, hi)
    # The period's days are lo to hi, both included: the state before lo against hi's.
    assert {(c.subject, c.attribute): (c.before, c.after, c.events, c.certainty)
            for c in diff.changes} == replay_changes(expected_events, pair_key(a, b), lo, hi)
    in_window = [e for e in expected_events if {e.actor, e.target} == {a, b}
                 and lo <= PartialDate.parse(e.on).sort_day <= hi]
    assert sorted(e.id for e in diff.events) == sorted(e.id for e in in_window)


@PROPERTY
@given(history=histories(), data=st.data(), days=query_days)
def test_answers_do_not_depend_on_recording_order(
    app: Timeline, history: list[dict[str, Any]], data: st.DataObject, days: list[int]
) -> None:
    order = data.draw(st.permutations(range(len(history))))
    cuts_1 = data.draw(st.lists(st.integers(0, 30), max_size=3))
    cuts_2 = data.draw(st.lists(st.integers(0, 30), max_size=3))
    n = next(counter)
    first, second = f"o{n}x-", f"o{n}y-"
    record(app, materialize(history, first), first, cuts_1)
    record(app, materialize(tie_preserving(history, list(order)), second), second, cuts_2)
    for (x, y), day in itertools.product(itertools.combinations(ROLES, 2), days):
        as_of = BASE + dt.timedelta(days=day)
        one = app.state(f"{first}{x}", f"{first}{y}", as_of).to_json()
        two = app.state(f"{second}{x}", f"{second}{y}", as_of).to_json()
        assert strip(one, first) == strip(two, second)
    lo, hi = sorted(BASE + dt.timedelta(days=d) for d in days[:2])
    one_diff = app.diff(f"{first}a", f"{first}b", lo, hi).to_json()
    two_diff = app.diff(f"{second}a", f"{second}b", lo, hi).to_json()
    one_diff["events"] = sorted(one_diff["events"], key=lambda e: e["id"])
    two_diff["events"] = sorted(two_diff["events"], key=lambda e: e["id"])
    assert strip(one_diff, first) == strip(two_diff, second)


@settings(max_examples=25, deadline=None)
@given(history=histories(), cuts=st.lists(st.integers(0, 30), max_size=4))
def test_rebuild_reproduces_the_read_model_exactly(
    history: list[dict[str, Any]], cuts: list[int]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = Timeline.open(str(Path(folder) / "t.db"))
        try:
            record(app, history, "", cuts)
            before = snapshot.read_model(app)
            assert app.rebuild() == app.log_length()
            assert snapshot.read_model(app) == before
        finally:
            app.close()
