"""Synthetic histories for the property tests, and how to record and compare them.

Each example records its events under fresh actor ids (a prefix drawn from ``counter``), so
one store serves all examples.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from timeline.app import Timeline
from timeline.domain.dates import PartialDate
from timeline.domain.origins import HAND_TYPES
from timeline.domain.records import Record
from timeline.domain.values import EventData, Fact
from timeline.domain.vocabulary import COUNTED, LEVELS, POST_KINDS, Field, FieldKind, get_type
from timeline.domain.vocabulary import TYPES as VOCABULARY
from timeline.errors import TimelineError

BASE = dt.date(2020, 1, 1)
ROLES = ("a", "b", "c")
GROUP = "c"  # the role recorded as a group: it may act alone (see EventType.alone)
TOPIC = "topic-1"  # what an event may be about besides the roles: no actor of the store
# Each type of the vocabulary, drawn by the kinds of its fields: a type added to the
# vocabulary is drawn at once. Few values per field, so that events meet on one subject.
KIND_VALUES: dict[FieldKind, st.SearchStrategy[Any]] = {
    "count": st.integers(1, 5),
    "cap": st.integers(0, 30),
    "post_kind": st.sampled_from(POST_KINDS),
    "text": st.sampled_from(["x", "y"]),
    "party": st.just("party"),  # made one of the event's actors once they are drawn
    "level": st.sampled_from(LEVELS),
}
ID_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "channel": st.just("channel-1"),  # one channel: meetings and closures meet on it
}
counter = itertools.count()


def field_values(field: Field) -> st.SearchStrategy[Any]:
    """A field's values: an id names one of two subjects; an optional field may be absent."""
    if field.kind == "id":
        values = ID_VALUES.get(field.name, st.sampled_from([f"{field.name}-1",
                                                             f"{field.name}-2"]))
    else:
        values = KIND_VALUES[field.kind]
    return values if field.required else st.none() | values


@st.composite
def dates(draw: st.DrawFn) -> str:
    """A date as written: a day (most often), a month or a year, or uncertain as EDTF writes
    it: no later than a day, a span, no earlier than a day, a day qualified by ? or ~."""
    day = BASE + dt.timedelta(days=draw(st.integers(0, 40)) * 9)
    until = day + dt.timedelta(days=draw(st.integers(0, 4)) * 9)
    form = draw(st.sampled_from(["day", "day", "day", "day", "month", "year", "by", "span",
                                 "after", "qualified"]))
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year),
            "by": f"../{day.isoformat()}", "span": f"{day.isoformat()}/{until.isoformat()}",
            "after": f"{day.isoformat()}/..",
            "qualified": day.isoformat() + draw(st.sampled_from(["?", "~"]))}[form]


@st.composite
def events(draw: st.DrawFn, i: int) -> dict[str, Any]:
    """One raw event over the three roles, of any type an analyst types (a decision on a
    lead names its lead, made of its own parties and day: tests/gate/test_origins.py), with
    id ``e{i}``."""
    etype = VOCABULARY[draw(st.sampled_from(HAND_TYPES))]
    actor, target, third = draw(st.permutations(ROLES))
    on = draw(dates())
    fields = {f.name: draw(field_values(f)) for f in etype.fields}
    alone = actor == GROUP and etype.alone  # the group's own
    if (alone or not etype.needs_target) and draw(st.booleans()):
        target, third = None, draw(st.sampled_from([target, third]))
    for field in etype.fields:
        if field.kind == "party" and fields[field.name] is not None:
            fields[field.name] = draw(st.sampled_from([p for p in (actor, target) if p]))
    event: dict[str, Any] = {
        "id": f"e{i}", "type": etype.name, "actor": actor, "target": target, "on": on,
        "fields": {k: v for k, v in fields.items() if v is not None},
        "sources": [f"https://example.org/{i}"],
    }
    if draw(st.booleans()):
        event["about"] = draw(st.lists(st.sampled_from([*ROLES, TOPIC]), max_size=2,
                                       unique=True))
    if draw(st.booleans()):
        event["via"] = third  # a go-between is never a party
    if draw(st.booleans()):
        start = PartialDate.parse(on).sort_day
        event["announced"] = (start - dt.timedelta(days=draw(st.integers(0, 30)))).isoformat()
    return event


@st.composite
def histories(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Raw events over three actors, on few enough days that many share a date."""
    return [draw(events(i)) for i in range(draw(st.integers(1, 24)))]


def assert_uncertainty_is_true(facts: list[Fact], outcomes: dict[tuple[str, str], Any]
                               ) -> None:
    """An answer is certain exactly where every order of the events in flight gives one
    value; where it is not, its value (what is known) and its possible value are each one
    of those orders' values."""
    for fact in facts:
        values = outcomes[(fact.subject, fact.attribute)]
        if fact.certainty == "certain":
            assert values == {fact.value}, (fact, values)
        else:
            assert len(values) > 1 and fact.value in values and fact.possible in values, (
                fact, values)
            assert fact.possible != fact.value
            every = fact.possible_values
            if fact.attribute.partition(":")[0] in COUNTED:  # added up: least and most
                counts = [int(v or 0) for v in values]
                assert every == (min(counts), max(counts)), (fact, values)
            else:  # every value some order gives, and no other
                assert set(every) == values and len(every) == len(values), (fact, values)
    listed = {(f.subject, f.attribute) for f in facts}
    assert all(values == {None} for key, values in outcomes.items() if key not in listed)


def materialize(events: list[dict[str, Any]], prefix: str) -> list[dict[str, Any]]:
    """The same history under actor and event ids of its own."""
    def own(role: str | None) -> str | None:
        return None if role is None else f"{prefix}{role}" if role in ROLES else role

    out = []
    for e in events:
        copy = dict(e, id=f"{prefix}{e['id']}", actor=own(e["actor"]), target=own(e["target"]))
        if "about" in e:
            copy["about"] = [own(x) for x in e["about"]]
        if "via" in e:
            copy["via"] = own(e["via"])
        parties = {f.name for f in get_type(e["type"]).fields if f.kind == "party"}
        if parties & set(e.get("fields") or {}):  # a meeting's host: one of its own actors
            copy["fields"] = {k: own(v) if k in parties else v for k, v in e["fields"].items()}
        out.append(copy)
    return out


def record(app: Timeline, events: list[dict[str, Any]], prefix: str, cuts: list[int]) -> None:
    """Record actors, then events in the given order, in several imports (several record times)."""
    actors = [Record("", {"id": f"{prefix}{r}", "name": r.upper(),
                          "kind": "group" if r == GROUP else "state"}) for r in ROLES]
    app.import_records(actors, [])
    bounds = sorted({0, len(events), *[c % (len(events) + 1) for c in cuts]})
    for lo, hi in itertools.pairwise(bounds):
        app.import_records([], [Record("", e) for e in events[lo:hi]])


def stored(events: list[dict[str, Any]]) -> list[EventData]:
    return [EventData.from_content(e["id"], {
        "type": e["type"], "actor": e["actor"], "target": e["target"], "on": e["on"],
        "announced": e.get("announced"), "fields": e["fields"], "sources": e["sources"],
        "note": None, "about": e.get("about"), "via": e.get("via"),
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


# Each run draws new histories, so runs add up: 35 a run keeps the full suite within CI's
# time; TIMELINE_PROPERTY_EXAMPLES asks more for a longer search.
PROPERTY_EXAMPLES = int(os.environ.get("TIMELINE_PROPERTY_EXAMPLES", "35"))
PROPERTY = settings(
    max_examples=PROPERTY_EXAMPLES, deadline=None, derandomize=False,  # as test_fuzz says
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# -- what the record held when: corrections and retractions against the oracle ---------------

@dataclass
class Op:
    """What happened to the record, and when the store says it happened."""

    recorded_at: dt.datetime
    event_id: str
    content: dict[str, Any] | None  # None: retracted


def apply_change(app: Timeline, event_id: str, kind: str, payload: dict[str, Any],
                 prefix: str = "") -> EventData | None:
    try:
        if kind == "retract":
            return app.retract(event_id, "withdrawn")
        current = app.event(event_id)
        assert current is not None
        kwargs: dict[str, Any] = {}
        if "on" in payload:
            kwargs["on"], kwargs["announced"] = payload["on"], payload["announced"]
        if payload.get("swap") and current.target:
            kwargs["actor"], kwargs["target"] = current.target, current.actor
        if payload.get("retarget") and current.target:
            # Into another relationship, effects and all.
            others = [f"{prefix}{r}" for r in ROLES
                      if f"{prefix}{r}" not in (current.actor, current.target)]
            kwargs["target"] = others[0]
        if "count" in current.fields:
            kwargs["fields"] = {"count": str(payload["count"])}
        return app.correct(event_id, "revised", **kwargs)
    except TimelineError:
        return None  # retracted already, or a correction that changes nothing: refused


def known_by(ops: list[Op], known_at: dt.datetime) -> list[EventData]:
    """The events as recorded by ``known_at``, in order of first recording."""
    latest: dict[str, dict[str, Any] | None] = {}
    for op in ops:
        if op.recorded_at <= known_at:
            latest[op.event_id] = op.content
    return [EventData.from_content(i, c) for i, c in latest.items() if c is not None]
