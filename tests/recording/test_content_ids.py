"""Events without an id get one made from 64 bits of their content's hash; stores made
by earlier versions hold 32-bit ones, which re-imports and adds still recognise."""

from __future__ import annotations

from timeline.app import Timeline
from timeline.domain.aggregates import Action
from timeline.domain.dates import now
from timeline.domain.records import Record
from timeline.domain.validation import content_id, legacy_content_id, validate_event

RAW = {"type": "statement", "actor": "x", "target": "y", "on": "2020-05-05",
       "note": "said so"}


def _actors(app: Timeline) -> None:
    app.import_records([Record("", {"id": "x", "name": "X"}),
                        Record("", {"id": "y", "name": "Y"})], [])


def test_ids_made_from_content_carry_64_bits(app: Timeline) -> None:
    _actors(app)
    event, created = app.add_event(dict(RAW))
    assert created and event.id == content_id(event)
    assert len(event.id.rsplit("-", 1)[1]) == 16
    again, created = app.add_event(dict(RAW))
    assert not created and again.id == event.id


def test_an_event_stored_under_its_legacy_id_is_not_stored_twice(app: Timeline) -> None:
    _actors(app)
    event = validate_event(RAW, None)
    legacy = legacy_content_id(event)
    app.store.log.append([Action(legacy, event.content(), recorded_at=now())])  # as before
    app.catch_up()
    result = app.import_records([], [Record("f:1", dict(RAW))])
    assert (result.events_added, result.unchanged) == (0, 1)
    stored, created = app.add_event(dict(RAW))
    assert not created and stored.id == legacy
    assert [e.id for e in app.list_events()] == [legacy]
