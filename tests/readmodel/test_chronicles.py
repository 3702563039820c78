"""What charts and reports read: a chronicle's corrected and retracted events with their
every version, and one actor's every relationship over time, on both backends."""

from __future__ import annotations

import datetime as dt

from timeline.app import Timeline
from timeline.domain.records import Record
from timeline.domain.vocabulary import RELATIONSHIP


def _seed(app: Timeline) -> None:
    actors = [Record("", {"id": i, "name": n, "kind": "state"})
              for i, n in (("a", "Aland"), ("b", "Bland"), ("c", "Cland"), ("d", "Dland"))]
    events = [
        {"id": "ab-est", "type": "relations_established", "actor": "a", "target": "b",
         "on": "2000-01-01"},
        {"id": "ab-cut", "type": "relations_suspended", "actor": "a", "target": "b",
         "on": "2021-11-01", "announced": "2021-10-18"},
        {"id": "ab-say", "type": "statement", "actor": "a", "target": "b", "on": "2021-10-18"},
        {"id": "ac-post", "type": "post_opened", "actor": "c", "target": "a", "on": "2010",
         "fields": {"post": "c-in-a", "kind": "embassy", "staff_cap": 30}},
        {"id": "bd-est", "type": "relations_established", "actor": "b", "target": "d",
         "on": "2001-01-01"},
    ]
    app.import_records(actors, [Record("", e) for e in events])


def test_a_chronicle_carries_every_version_of_revised_events(app: Timeline) -> None:
    _seed(app)
    before = dt.datetime.now(dt.UTC)
    app.correct("ab-cut", "in force a day later", on="2021-11-02")
    app.retract("ab-say", "never said")
    chronicle = app.chronicle("b", "a")
    assert [e.id for e in chronicle.events] == ["ab-est", "ab-cut"]  # what counts
    assert sorted(chronicle.revisions) == ["ab-cut", "ab-say"]
    cut = chronicle.revisions["ab-cut"]
    assert [(v.version, v.status, v.reason, v.event.on) for v in cut] == [
        (1, "recorded", None, "2021-11-01"), (2, "corrected", "in force a day later",
                                              "2021-11-02")]
    said = chronicle.revisions["ab-say"]
    assert [(v.status, v.reason) for v in said] == [("recorded", None),
                                                    ("retracted", "never said")]
    assert said[-1].event.type == "statement"  # what it said is still there to show
    # As the record stood before either: nothing revised yet.
    assert app.chronicle("a", "b", known_at=before).revisions == {}
    assert "revisions" in chronicle.to_json()


def test_a_network_is_every_relationship_of_an_actor(app: Timeline) -> None:
    _seed(app)
    found = app.network("a")
    assert found.counterparts == ["b", "c"]
    assert found.names == {"a": "Aland", "b": "Bland", "c": "Cland"}
    relations = [(i.value, i.start, i.end) for i in found.intervals["b"]
                 if (i.subject, i.attribute) == (RELATIONSHIP, "relations")]
    assert relations == [("established", "2000-01-01", "2021-11-01"),
                         ("suspended", "2021-11-01", None)]
    assert {(i.subject, i.attribute) for i in found.intervals["c"]} == {
        ("post:c-in-a", "status"), ("post:c-in-a", "staff_cap"), ("post:c-in-a", "sender"),
        ("post:c-in-a", "host")}
    assert [e.id for e in found.announced] == ["ab-cut"]
    assert app.network("d").counterparts == ["b"]


def test_a_counterpart_whose_events_are_all_retracted_is_gone(app: Timeline) -> None:
    _seed(app)
    before = dt.datetime.now(dt.UTC)
    app.retract("ac-post", "a mistake")
    assert app.network("a").counterparts == ["b"]
    assert app.network("a", known_at=before).counterparts == ["b", "c"]
