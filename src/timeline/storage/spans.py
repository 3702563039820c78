"""What events dated by a span (``D1/D2``, ``../D``, ``D/..``) leave uncertain.

The fact intervals hold what is known: an event counts from the last day of its span (an
open-ended one never does). On a day within an event's span it may or may not have taken
effect yet; such an event is *in flight*. A fact with one in flight whose value would
differ is uncertain: its value is what is known, its possible value what it would be had
every event in flight already taken effect (the last of them, in order of their first
possible day, then of the day known by, for a value; their sum, for a count). Effects in
flight are found through a partial index of the few effects dated by a span
(tl_effects_span).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

from timeline.domain.dates import OBSERVED
from timeline.domain.values import Change, Fact, fact_order
from timeline.storage import sql
from timeline.storage.sql import NEVER_DAY, NO_EARLIEST

_COLUMNS = "SELECT k.pair, k.subject, k.attribute, e.op, e.value, e.event_id, e.on_text"
# In flight on :day as recorded at :rec: begun by the day (on_lo), known by a later one.
_IN_FLIGHT = (
    _COLUMNS + " FROM tl_keys k JOIN tl_effects e ON e.key_id = k.id "
    "WHERE {facts} AND e.on_lo < e.on_start AND e.on_lo <= :day AND e.on_start > :day "
    f"AND {sql.visible('e')} ORDER BY e.on_lo, e.on_start, e.seq")
_OF_PAIR = "k.pair = :pair"
_OF_ACTOR = "k.pair IN (SELECT pair FROM tl_pairs WHERE actor = :actor)"
# Every fact's, in three parts each led by a partial index of spans (tl_effects_span_*):
# no start, known by a later day; no end, begun by the day; and bounded, begun at most the
# longest bounded span before the day (so the scan is of days, not of the whole record).
# The sentinels are written as literals: a partial index is used only where the query's
# own terms imply its WHERE. A unary plus (+e.on_start, +e.rec_to) keeps SQLite from
# leading with another index of effects (by day, tl_effects_on) that would scan every
# effect after the day: the span index named in each part leads.
_FLIGHT = (_COLUMNS + ", e.on_lo, e.on_start, e.seq FROM tl_effects e "
           "JOIN tl_keys k ON k.id = e.key_id WHERE e.on_lo < e.on_start AND ")
_SEEN = " AND " + sql.visible("e", by_index=False)
_IN_FLIGHT_EVERYWHERE = (
    # no first day (../D), by tl_effects_span_on (on_lo, on_start)
    _FLIGHT + f"e.on_lo = {NO_EARLIEST} AND e.on_start > :day" + _SEEN + " UNION ALL "
    # no last day (D/..), by tl_effects_span_end (on_start, on_lo)
    + _FLIGHT + f"e.on_start = {NEVER_DAY} AND e.on_lo > {NO_EARLIEST} AND e.on_lo <= :day"
    + _SEEN + " UNION ALL "
    # both days, by tl_effects_span_on from :since (the longest span before the day)
    + _FLIGHT + f"e.on_lo > {NO_EARLIEST} AND e.on_lo >= :since AND e.on_lo <= :day "
    f"AND +e.on_start > :day AND +e.on_start < {NEVER_DAY}" + _SEEN + " ORDER BY 8, 9, 10")
# The longest bounded span, by tl_effects_span_len (an index of lengths).
_LONGEST = ("SELECT max(on_start - on_lo) FROM tl_effects WHERE on_lo < on_start "
            f"AND on_lo > {NO_EARLIEST} AND on_start < {NEVER_DAY}")

Key = tuple[str, str, str]  # (pair, subject, attribute)
# (op, value as JSON, event id, date as written), in order of first possible day, then of
# the day known by (recording order decides only between events of the same span, as it
# does between events of the same day)
Flight = tuple[str, str, str, str]


def in_flight(conn: Connection, day: int, rec: int, *, pair: str | None = None,
              actor: str | None = None) -> dict[Key, list[Flight]]:
    """The effects in flight on a day as recorded at ``rec``, by fact: of one relationship
    (``pair``), of every relationship of ``actor``, or of every fact (neither)."""
    if pair is not None:
        rows = sql.rows(conn, _IN_FLIGHT.format(facts=_OF_PAIR),
                        {"day": day, "rec": rec, "pair": pair})
    elif actor is not None:
        rows = sql.rows(conn, _IN_FLIGHT.format(facts=_OF_ACTOR),
                        {"day": day, "rec": rec, "actor": actor})
    else:
        ((longest,),) = sql.rows(conn, _LONGEST)
        rows = [row[:7] for row in sql.rows(conn, _IN_FLIGHT_EVERYWHERE, {
            "day": day, "rec": rec, "since": day - (longest or 0)})]
    found: dict[Key, list[Flight]] = {}
    for owner, subject, attribute, op, value, event_id, on_text in rows:
        found.setdefault((owner, subject, attribute), []).append((op, value, event_id, on_text))
    return found


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
        out.append(_uncertain(fact, flights.get((pair, fact.subject, fact.attribute), [])))
    for (owner, subject, attribute), found in flights.items():
        if owner == pair and (subject, attribute) not in seen:
            fact = _uncertain(Fact(subject, attribute, None, None, None), found)
            if fact.certainty != "certain":
                out.append(fact)
    return sorted(out, key=lambda f: fact_order(f.subject, f.attribute))


def _uncertain(fact: Fact, flights: Sequence[Flight]) -> Fact:
    could = possible(fact.value, flights)
    if could is None:
        return fact
    return Fact(fact.subject, fact.attribute, fact.value, fact.since, fact.event,
                "uncertain", could[0], could[1])


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
