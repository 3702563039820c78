"""The naive answer: replay events in order of ``on`` and fold their effects in memory.

This is what event stores do to answer "state at time T" and what the read model must
equal; tests hold the read model to it, and benchmarks measure against it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from timeline.app.store import Store
from timeline.domain.dates import PartialDate
from timeline.domain.values import EventData, Fact, fact_order, fact_pair, pair_key
from timeline.domain.vocabulary import Value, effects_of


def ordered(events: Sequence[EventData]) -> list[EventData]:
    """Events by ``on`` (start of period); equal dates keep their recording order."""
    indexed = list(enumerate(events))
    indexed.sort(key=lambda item: (PartialDate.parse(item[1].on).start, item[0]))
    return [event for _, event in indexed]


def replay_state(events: Sequence[EventData], a: str, b: str, as_of: dt.date) -> list[Fact]:
    """Facts of the pair as of a date, from events given in recording order."""
    return replay_facts(events, pair_key(a, b), as_of)


def replay_own(events: Sequence[EventData], actor: str, as_of: dt.date) -> list[Fact]:
    """An actor's own facts (a group's channel, a proposal's status) as of a date."""
    return replay_facts(events, actor, as_of)


def replay_facts(events: Sequence[EventData], owner: str, as_of: dt.date) -> list[Fact]:
    """The facts of a relationship (its pair key) or of one actor's own (its id) as of a
    date, from events given in recording order.

    A day's events settle together: a fact whose value ends the day where it began keeps
    its old ``since``; otherwise the day's last event touching it sets it.
    """
    values: dict[tuple[str, str], tuple[Value, str, str]] = {}
    day_events: list[EventData] = []
    day: dt.date | None = None

    def settle() -> None:
        touched: dict[tuple[str, str], tuple[Value, str, str]] = {}
        for event in day_events:
            for effect in effects_of(event):
                if fact_pair(event.actor, event.target, effect) != owner:
                    continue
                key = (effect.subject, effect.attribute)
                prior = touched.get(key) or values.get(key)
                if effect.op == "add":
                    value: Value = (int(prior[0]) if prior else 0) + int(effect.value)
                else:
                    value = effect.value
                touched[key] = (value, event.on, event.id)
        for key, settled in touched.items():
            if key not in values or values[key][0] != settled[0]:
                values[key] = settled

    for event in ordered(events):
        if owner not in (event.actor, event.target) and (
                event.target is None or pair_key(event.actor, event.target) != owner):
            continue  # none of its facts can be the owner's (see fact_pair)
        start = PartialDate.parse(event.on).start
        if start > as_of:
            break
        if start != day:
            settle()
            day_events, day = [], start
        day_events.append(event)
    settle()
    return sorted(
        (Fact(s, attr, v, since, ev) for (s, attr), (v, since, ev) in values.items()),
        key=lambda f: fact_order(f.subject, f.attribute),
    )


Changes = dict[tuple[str, str], tuple[Value | None, Value | None, list[str]]]


def replay_changes(events: Sequence[EventData], owner: str, first: dt.date, last: dt.date
                   ) -> Changes:
    """What changed in a relationship (``owner``: its pair key) or an actor's own facts
    (its id) on the days from ``first`` to ``last``: each fact's value at the end of the
    day before against the end of ``last``, with the events of the period that touched
    it. A fact that had no value and was only seen to hold by a day (``../D``) is no
    change: when it began is not known."""
    before = {(f.subject, f.attribute): f.value
              for f in replay_facts(events, owner, first - dt.timedelta(days=1))}
    after = {(f.subject, f.attribute): f.value for f in replay_facts(events, owner, last)}
    window = ordered([e for e in events if first <= PartialDate.parse(e.on).start <= last])
    found: Changes = {}
    for key in before.keys() | after.keys():
        if before.get(key) == after.get(key):
            continue
        causes = [e for e in window if any(
            (x.subject, x.attribute) == key and fact_pair(e.actor, e.target, x) == owner
            for x in effects_of(e))]
        if key not in before and causes and all(
                PartialDate.parse(e.on).observed for e in causes):
            continue
        found[key] = (before.get(key), after.get(key), [e.id for e in causes])
    return found


def logged_events(store: Store) -> list[EventData]:
    """The events that count now, read from the whole log in recording order, without
    the read model: what an event store without an index has to do."""
    current: dict[str, EventData | None] = {}
    after = 0
    while page := store.read_log(after, 5000):
        for _, entry in page:
            if entry.actor is None:
                current[entry.id] = (None if entry.content is None
                                     else EventData.from_content(entry.id, entry.content))
        after = page[-1][0]
    return [e for e in current.values() if e is not None]


def replay_log_state(store: Store, a: str, b: str, as_of: dt.date) -> list[Fact]:
    """The facts as of a date by replaying the whole event log: the baseline the read
    model is measured against, and a cross-check of it."""
    return replay_state(logged_events(store), a, b, as_of)
