"""The naive answer: replay events in order of ``on`` and fold their effects in memory.

This is what event stores do to answer "state at time T" and what the read model must
equal; tests hold the read model to it, and benchmarks measure against it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import replace

from timeline.app import Timeline
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
    return replay_answer(events, pair_key(a, b), as_of)


def replay_own(events: Sequence[EventData], actor: str, as_of: dt.date) -> list[Fact]:
    """An actor's own facts (a group's channel, a proposal's status) as of a date."""
    return replay_answer(events, actor, as_of)


Key = tuple[str, str]


def _flying(events: Sequence[EventData], owner: str, as_of: dt.date
            ) -> dict[Key, list[tuple[str, Value, str]]]:
    """The effects on the owner's facts of events in flight on a day (dated by a span that
    holds it), by fact, in order of their first possible day, then of the day they are
    known by, then of recording."""
    found: dict[Key, list[tuple[str, Value, str]]] = {}
    flying = [(day.first, day.start, i, e) for i, e in enumerate(events)
              for day in (PartialDate.parse(e.on),) if day.first <= as_of < day.start]
    for _, _, _, event in sorted(flying, key=lambda x: (x[0], x[1], x[2])):
        for effect in effects_of(event):
            if fact_pair(event.actor, event.target, effect) == owner:
                found.setdefault((effect.subject, effect.attribute), []).append(
                    (effect.op, effect.value, event.id))
    return found


def replay_answer(events: Sequence[EventData], owner: str, as_of: dt.date) -> list[Fact]:
    """What is known of the owner's facts as of a day, and what events in flight leave
    uncertain (docs/model.md: the possible value is what the fact would be had they all taken
    effect: their sum for a count, else the last that differs, by first possible day)."""
    known = {(f.subject, f.attribute): f for f in replay_facts(events, owner, as_of)}
    out = dict(known)
    for key, flights in _flying(events, owner, as_of).items():
        fact = known.get(key) or Fact(key[0], key[1], None, None, None)
        adds = [(v, e) for op, v, e in flights if op == "add"]
        differing = [(v, e) for op, v, e in flights if op == "set" and v != fact.value]
        could = ((int(fact.value or 0) + sum(int(v) for v, _ in adds), adds[-1][1]) if adds
                 else differing[-1] if differing else None)
        if could is not None:
            outcomes = replay_outcomes(events, owner, as_of)[key]
            counts = [int(v or 0) for v in outcomes] if adds else []
            every = ((min(counts), max(counts)) if adds else
                     tuple(dict.fromkeys(v for v in [fact.value, *(v for _, v, _ in flights)]
                                         if v in outcomes)))
            out[key] = replace(fact, certainty="uncertain", possible=could[0],
                               possible_event=could[1], possible_values=every)
    return sorted(out.values(), key=lambda f: fact_order(f.subject, f.attribute))


def replay_outcomes(events: Sequence[EventData], owner: str, as_of: dt.date
                    ) -> dict[Key, set[Value | None]]:
    """Every value each of the owner's facts can have on a day, by enumerating which events
    in flight have taken effect and in which order: the naive check of ``replay_answer``.
    Effects on different facts do not interact, so each fact's are enumerated alone."""
    known = {(f.subject, f.attribute): f.value for f in replay_facts(events, owner, as_of)}
    found: dict[Key, set[Value | None]] = {key: {value} for key, value in known.items()}
    for key, flights in _flying(events, owner, as_of).items():
        values: set[Value | None] = set()
        for size in range(len(flights) + 1):
            for chosen in itertools.permutations(flights, size):
                value: Value | None = known.get(key)
                for op, amount, _ in chosen:
                    value = amount if op == "set" else int(value or 0) + int(amount)
                values.add(value)
        found[key] = values
    return found


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


Changes = dict[tuple[str, str], tuple[Value | None, Value | None, list[str], str]]


def replay_changes(events: Sequence[EventData], owner: str, first: dt.date, last: dt.date
                   ) -> Changes:
    """What changed in a relationship (``owner``: its pair key) or an actor's own facts
    (its id) on the days from ``first`` to ``last``: each fact's known value at the end of
    the day before against the end of ``last``, with the events of the period that
    touched it, "certain" when none of them may have taken effect before the period; and,
    "possible", what events in flight at its end may have changed. A fact that had no
    value and was only seen to hold by a day (``../D``) is no change."""
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
        dates = [PartialDate.parse(e.on) for e in causes]
        if key not in before and dates and all(d.observed for d in dates):
            continue
        certain = all(d.first >= first for d in dates)
        found[key] = (before.get(key), after.get(key), [e.id for e in causes],
                      "certain" if certain else "possible")
    answer = {(f.subject, f.attribute): f for f in replay_answer(events, owner, last)}
    for key, flights in _flying(events, owner, last).items():
        fact = answer.get(key)
        if key in found or fact is None or fact.certainty == "certain":
            continue
        ids = list(dict.fromkeys(e for _, _, e in flights))
        by_id = {e.id: e for e in events}
        if key not in before and all(PartialDate.parse(by_id[i].on).observed for i in ids):
            continue
        found[key] = (before.get(key), fact.possible, ids, "possible")
    return found


def logged_events(app: Timeline) -> list[EventData]:
    """The events that count now, read from the whole log in recording order, without
    the read model: what an event store without an index has to do."""
    current: dict[str, EventData | None] = {}
    after = 0
    while page := app.store.read_log(after, 5000):
        for _, entry in page:
            if entry.actor is None:
                current[entry.id] = (None if entry.content is None
                                     else EventData.from_content(entry.id, entry.content))
        after = page[-1][0]
    return [e for e in current.values() if e is not None]


def replay_log_state(app: Timeline, a: str, b: str, as_of: dt.date) -> list[Fact]:
    """The facts as of a date by replaying the whole event log: the baseline the read
    model is measured against, and a cross-check of it."""
    return replay_state(logged_events(app), a, b, as_of)
