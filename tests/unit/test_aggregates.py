"""The log's domain events read back as plain values (no store)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from timeline.domain.aggregates import Action, Actor, decode
from timeline.domain.values import ActorData
from timeline.errors import StoreError

T1 = dt.datetime(2021, 11, 1, tzinfo=dt.UTC)
T2 = dt.datetime(2021, 11, 2, tzinfo=dt.UTC)
T3 = dt.datetime(2021, 11, 3, tzinfo=dt.UTC)
CONTENT: dict[str, Any] = {"type": "statement", "actor": "nato", "on": "2021-10-18"}


def test_ids_are_readable_text() -> None:
    assert Actor.create_id("nato") == "actor:nato"
    assert Action.create_id("e-1") == "event:e-1"


def test_a_registered_actor() -> None:
    actor = Actor(actor_id="nato", name="NATO", kind="organization", recorded_at=T1)
    assert actor.id == "actor:nato"
    (registered,) = actor.collect_events()
    logged = decode(registered)
    assert logged.kind == "actor"
    assert logged.id == "nato"
    assert (logged.version, logged.recorded_at) == (1, T1)
    assert logged.actor == ActorData("nato", "NATO", "organization")
    assert (logged.content, logged.reason) == (None, None)


def test_a_recorded_corrected_and_retracted_action() -> None:
    action = Action(event_id="e-1", content=CONTENT, recorded_at=T1)
    assert action.id == "event:e-1"
    assert not action.retracted
    action.correct(content={**CONTENT, "on": "2021-10-19"}, reason="date", recorded_at=T2)
    assert action.content["on"] == "2021-10-19"
    action.retract(reason="never happened", recorded_at=T3)
    assert action.retracted and action.recorded_at == T3
    recorded, corrected, retracted = (decode(e) for e in action.collect_events())
    assert (recorded.kind, recorded.id, recorded.version, recorded.recorded_at) == (
        "recorded", "e-1", 1, T1)
    assert recorded.content == CONTENT and recorded.reason is None
    assert (corrected.kind, corrected.id, corrected.version, corrected.recorded_at) == (
        "corrected", "e-1", 2, T2)
    assert corrected.content == {**CONTENT, "on": "2021-10-19"}
    assert corrected.reason == "date"
    assert (retracted.kind, retracted.id, retracted.version, retracted.recorded_at) == (
        "retracted", "e-1", 3, T3)
    assert retracted.content is None and retracted.reason == "never happened"
    assert recorded.actor is None and retracted.actor is None


@pytest.mark.parametrize("entry", [object(), {"originator_id": "event:x"}, None])
def test_an_unknown_entry_is_a_store_error_naming_its_class(entry: object) -> None:
    with pytest.raises(StoreError) as exc:
        decode(entry)
    message = str(exc.value)
    assert "\n" not in message
    assert message == ("the event log holds an entry this version cannot read: "
                       f"{type(entry).__name__}")
