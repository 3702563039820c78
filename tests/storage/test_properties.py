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

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.app import Timeline
from timeline.domain.dates import PartialDate
from timeline.domain.values import EventData, Record
from timeline.domain.vocabulary import effects_of
from timeline.testing import snapshot
from timeline.testing.replay import ordered, replay_state

BASE = dt.date(2020, 1, 1)
ROLES = ("a", "b", "c")
TYPES = {
    "relations_established": {},
    "relations_suspended": {},
    "relations_severed": {},
    "cooperation_suspended": {},
    "cooperation_resumed": {},
    "post_opened": {"post": "posts", "kind": "kind"},
    "post_reopened": {"post": "posts"},
    "staff_cap": {"post": "posts", "cap": "cap"},
    "expulsion": {"count": "count", "post": "maybe_post"},
    "mission_recall": {"post": "posts"},
    "office_closure": {"post": "posts"},
    "agreement_signed": {"agreement": "agreements"},
    "agreement_terminated": {"agreement": "agreements"},
    "channel_opened": {"channel": "channels"},
    "channel_closed": {"channel": "channels"},
    "meeting": {"channel": "channels"},
    "statement": {},
}
FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "posts": st.sampled_from(["p1", "p2"]),
    "maybe_post": st.sampled_from(["p1", "p2", None]),
    "kind": st.just("mission"),
    "cap": st.integers(0, 30),
    "count": st.integers(1, 5),
    "agreements": st.sampled_from(["g1", "g2"]),
    "channels": st.just("c1"),
}
counter = itertools.count()


@st.composite
def histories(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Raw events over three actors, on few enough days that many share a date."""
    events = []
    for i in range(draw(st.integers(1, 24))):
        etype = draw(st.sampled_from(sorted(TYPES)))
        actor, target = draw(st.permutations(ROLES))[:2]
        day = BASE + dt.timedelta(days=draw(st.integers(0, 40)) * 9)
        precision = draw(st.sampled_from(["day", "day", "day", "month", "year"]))
        on = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[
            precision]
        fields = {k: draw(FIELD_VALUES[s]) for k, s in TYPES[etype].items()}
        event: dict[str, Any] = {
            "id": f"e{i}", "type": etype, "actor": actor, "target": target, "on": on,
            "fields": {k: v for k, v in fields.items() if v is not None},
            "sources": [f"https://example.org/{i}"],
        }
        if draw(st.booleans()):
            start = PartialDate.parse(on).start
            event["announced"] = (start - dt.timedelta(days=draw(st.integers(0, 30)))).isoformat()
        events.append(event)
    return events


def materialize(events: list[dict[str, Any]], prefix: str) -> list[dict[str, Any]]:
    """The same history under actor and event ids of its own."""
    out = []
    for e in events:
        copy = dict(e, id=f"{prefix}{e['id']}", actor=f"{prefix}{e['actor']}",
                    target=f"{prefix}{e['target']}")
        out.append(copy)
    return out


def record(app: Timeline, events: list[dict[str, Any]], prefix: str, cuts: list[int]) -> None:
    """Record actors, then events in the given order, in several imports (several record times)."""
    actors = [Record("", {"id": f"{prefix}{r}", "name": r.upper(), "kind": "state"})
              for r in ROLES]
    app.import_records(actors, [])
    bounds = sorted({0, len(events), *[c % (len(events) + 1) for c in cuts]})
    for lo, hi in itertools.pairwise(bounds):
        app.import_records([], [Record("", e) for e in events[lo:hi]])


def stored(events: list[dict[str, Any]]) -> list[EventData]:
    return [EventData.from_content(e["id"], {
        "type": e["type"], "actor": e["actor"], "target": e["target"], "on": e["on"],
        "announced": e.get("announced"), "fields": e["fields"], "sources": e["sources"],
        "note": None,
    }) for e in events]


def tie_preserving(events: list[dict[str, Any]], order: list[int]) -> list[dict[str, Any]]:
    """Reorder events by ``order``, but keep events of the same day in their first order.

    Events on the same date apply in recording order (by specification), so only that
    relative order has to survive; everything else may arrive in any order.
    """
    start = [PartialDate.parse(e["on"]).start for e in events]
    shuffled = [order.index(i) for i in range(len(events))]  # new position of each event
    slots: dict[dt.date, list[int]] = {}
    for i in range(len(events)):
        slots.setdefault(start[i], []).append(shuffled[i])
    result: list[dict[str, Any]] = [{}] * len(events)
    for day, positions in slots.items():
        members = [i for i in range(len(events)) if start[i] == day]
        for i, position in zip(members, sorted(positions), strict=True):
            result[position] = events[i]
    return result


def strip(value: Any, prefix: str) -> Any:
    if isinstance(value, str):
        return value.replace(prefix, "")
    if isinstance(value, dict):
        return {k: strip(v, prefix) for k, v in value.items() if k != "recorded_at"}
    if isinstance(value, list):
        return [strip(v, prefix) for v in value]
    return value


query_days = st.lists(st.integers(-10, 400), min_size=2, max_size=5)


PROPERTY = settings(
    max_examples=100, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


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
        announced_pending = sorted(
            e.id for e in expected_events
            if {e.actor, e.target} == {a, b} and e.announced
            and PartialDate.parse(e.announced).start <= as_of < PartialDate.parse(e.on).start
        )
        assert sorted(e.id for e in state.pending) == announced_pending
    lo, hi = sorted(BASE + dt.timedelta(days=d) for d in days[:2])
    a, b = f"{prefix}a", f"{prefix}b"
    diff = app.diff(a, b, lo, hi)
    # The period's days are lo to hi, both included: the state before lo against hi's.
    day_before = lo - dt.timedelta(days=1)
    before = {(f.subject, f.attribute): f.value
              for f in replay_state(expected_events, a, b, day_before)}
    after = {(f.subject, f.attribute): f.value for f in replay_state(expected_events, a, b, hi)}
    assert {(c.subject, c.attribute): (c.before, c.after) for c in diff.changes} == {
        k: (before.get(k), after.get(k)) for k in before.keys() | after.keys()
        if before.get(k) != after.get(k)
    }
    in_window = [e for e in expected_events if {e.actor, e.target} == {a, b}
                 and lo <= PartialDate.parse(e.on).start <= hi]
    assert sorted(e.id for e in diff.events) == sorted(e.id for e in in_window)
    window = ordered(in_window)
    for change in diff.changes:
        touching = [e.id for e in window if any(
            (eff.subject, eff.attribute) == (change.subject, change.attribute)
            for eff in effects_of(e))]
        assert change.events == touching, "each change names the events that made it"


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
