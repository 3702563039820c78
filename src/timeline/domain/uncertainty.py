"""What events dated by a span (``D1/D2``, ``../D``, ``D/..``) leave uncertain: the rules.

An event counts from the last day of its span (an open-ended one never does). On a day
within an event's span it may or may not have taken effect yet; such an event is *in
flight*. A fact with one in flight whose value would differ is uncertain: its value is what
is known, its possible value what it would be had every event in flight already taken
effect (the last of them, in order of their first possible day, then of the day known by,
for a value; their sum, for a count). The read model finds events in flight
(``storage.spans``); these rules say what they leave uncertain, for the queries and the
report page alike.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from timeline.domain.dates import OBSERVED
from timeline.domain.values import Fact, fact_order

if TYPE_CHECKING:
    from timeline.domain.diffs import Change

Key = tuple[str, str, str]  # (pair, subject, attribute)
# (op, value as JSON, event id, date as written), in order of first possible day, then of
# the day known by (recording order decides only between events of the same span, as it
# does between events of the same day)
Flight = tuple[str, str, str, str]



def possible(known: Any, flights: Sequence[Flight]) -> tuple[Any, str] | None:
    """The value a fact would have had every event in flight taken effect, and the event
    that gives it, where that differs from what is known; otherwise None."""
    adds = [(json.loads(value), event_id) for op, value, event_id, _ in flights if op == "add"]
    if adds:
        return (known or 0) + sum(value for value, _ in adds), adds[-1][1]
    differing = [(value, event_id) for value, event_id in
                 ((json.loads(v), e) for _, v, e, _ in flights) if value != known]
    return differing[-1] if differing else None


def with_possible(pair: str, facts: list[Fact], flights: dict[Key, list[Flight]]
                  ) -> list[Fact]:
    """The facts of one relationship (or one actor's own) with what events in flight
    leave uncertain, in the order facts are listed."""
    if not flights:
        return facts
    out: list[Fact] = []
    seen: set[tuple[str, str]] = set()
    for fact in facts:
        seen.add((fact.subject, fact.attribute))
        out.append(uncertain(fact, flights.get((pair, fact.subject, fact.attribute), [])))
    for (owner, subject, attribute), found in flights.items():
        if owner == pair and (subject, attribute) not in seen:
            fact = uncertain(Fact(subject, attribute, None, None, None), found)
            if fact.certainty != "certain":
                out.append(fact)
    return sorted(out, key=lambda f: fact_order(f.subject, f.attribute))


def uncertain(fact: Fact, flights: Sequence[Flight]) -> Fact:
    """The fact with its possible value, where events in flight may change it."""
    could = possible(fact.value, flights)
    if could is None:
        return fact
    return Fact(fact.subject, fact.attribute, fact.value, fact.since, fact.event,
                "uncertain", could[0], could[1], possible_values(fact.value, flights))


def possible_values(known: Any, flights: Sequence[Flight]) -> tuple[Any, ...]:
    """Every value a fact may have with these events in flight, the known one first: any
    of them may be the last to have taken effect (a count runs from the known to the sum
    of them all)."""
    if any(op == "add" for op, _, _, _ in flights):
        most = possible(known, flights)
        return (known or 0, most[0] if most else known)
    return tuple(dict.fromkeys([known, *(json.loads(value) for _, value, _, _ in flights)]))


def first_seen(before: object, dates: Sequence[str]) -> bool:
    """A fact that had no value and was only seen to hold by a day (``../D``) did not change
    on that day: when it began is not known."""
    return before is None and bool(dates) and all(d.startswith(OBSERVED) for d in dates)


def certainty(first: int, earliest: Sequence[int]) -> str:
    """A change in a period from ``first`` on (its end is met by how causes are found) is
    certain when none of its causes may have taken effect before the period."""
    return "certain" if all(day >= first for day in earliest) else "possible"


def possible_changes(pair: str, before: dict[tuple[str, str], Any],
                     after: dict[tuple[str, str], Any], flights: dict[Key, list[Flight]]
                     ) -> list[Change]:
    """The changes of a relationship (or one actor's own facts) that events in flight at
    the end of a period may have made in it: from the value before the period to what it
    would be had they taken effect."""
    from timeline.domain.diffs import Change  # here: a state, which has none, loads no diff

    found = []
    for (owner, subject, attribute), flying in flights.items():
        key = (subject, attribute)
        could = possible(after.get(key), flying)
        if owner != pair or could is None:
            continue
        if first_seen(before.get(key), [on_text for _, _, _, on_text in flying]):
            continue
        found.append(Change(subject, attribute, before.get(key), could[0],
                            list(dict.fromkeys(e for _, _, e, _ in flying)), "possible"))
    return found
