"""A diff's events are read from the log only as they are looked at, and are what the
diff's snapshot held: the same events as the log lists, in the same order, even when the
record changes after the diff was asked."""

from __future__ import annotations

import datetime as dt

from timeline.app import Timeline
from timeline.domain.records import Record
from timeline.storage.queries import EventList

PERIOD = (dt.date(2000, 1, 1), dt.date(2000, 12, 31))


def _history(app: Timeline, n: int) -> None:
    app.import_records(
        [Record("", {"id": "a", "name": "A", "kind": "state"}),
         Record("", {"id": "b", "name": "B", "kind": "state"})],
        [Record("", {"id": f"s{i}", "type": "statement", "actor": "a", "target": "b",
                     "on": (dt.date(2000, 1, 1) + dt.timedelta(days=i)).isoformat(),
                     "sources": [f"https://example.org/{i}"], "note": f"note {i}"})
         for i in range(n)])


def test_a_diffs_events_are_the_logs_events_of_the_period(app: Timeline) -> None:
    _history(app, 1203)  # more than two chunks of 500
    diff = app.diff("a", "b", *PERIOD)
    listed = app.list_events(("a", "b"), *PERIOD)
    assert isinstance(diff.events, EventList)
    assert len(diff.events) == len(listed) == 366
    assert list(diff.events) == listed and diff.events == listed
    assert diff.events[0] == listed[0] and diff.events[-1] == listed[-1]
    assert diff.events[498:503] == listed[498:503]
    assert diff.events[0].note == "note 0" and diff.events[0].sources == [
        "https://example.org/0"]
    assert diff.events != listed[:-1] and diff.events != "not a list"
    assert repr(diff.events) == "EventList(366 events)"


def test_a_diffs_events_stay_those_of_its_snapshot(app: Timeline) -> None:
    _history(app, 20)
    diff = app.diff("a", "b", *PERIOD)
    before = [e.id for e in app.list_events(("a", "b"), *PERIOD)]
    app.retract("s3", "recorded by mistake")
    app.correct("s4", "wrong day", on="2000-02-01")
    app.add_event({"id": "late", "type": "statement", "actor": "b", "target": "a",
                   "on": "2000-01-02", "sources": ["x"]})
    assert [e.id for e in diff.events] == before
    assert diff.events[4].on == "2000-01-05"  # as the diff saw it, not as corrected
    assert [e.id for e in app.diff("a", "b", *PERIOD).events] != before
