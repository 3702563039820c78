"""The whole picture: every relationship of one actor, and every change in a period, each
read in one indexed query over all the relationships concerned, not a loop over them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from timeline.domain.actor_state import Membership
from timeline.domain.overview import Changes, Members, PairChange
from timeline.domain.uncertainty import (
    Flight,
    Key,
    certainty,
    first_seen,
    possible_changes,
    uncertain,
    with_possible,
)
from timeline.domain.values import EventData, Fact, actors_of, fact_order
from timeline.domain.vocabulary import MEMBER, MEMBERSHIP
from timeline.storage import sql
from timeline.storage.spans import in_flight
from timeline.storage.states import (
    OF_ACTOR,
    day_text,
    entries,
    known_text,
    other_of,
    with_entries,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection

# A fact's values at the end of the day before the period (:before) and at its end (:hi).
_VALUES = f"{sql.value_on('k.id', 'before')}, {sql.value_on('k.id', 'hi')}"
# Every fact an effect dated in the period touches, with its value before and after it.
_TOUCHED = (
    f"SELECT k.id, k.pair, k.subject, k.attribute, {_VALUES} FROM tl_keys k "
    "WHERE k.id IN (SELECT e.key_id FROM tl_effects e "
    f"WHERE {sql.dated_in('e')} AND {sql.visible('e')})")
_OF_ACTOR = " AND k.pair IN (SELECT pair FROM tl_pairs WHERE actor = :actor)"
# The effects in the period of the facts that changed, in the order they apply (their ids
# written into the text: small integers, a few hundred at a time, each an index seek).
_CAUSES = (
    "SELECT e.key_id, e.event_id, v.type, e.on_text, e.on_lo FROM tl_effects e JOIN tl_versions v "
    "ON v.event_id = e.event_id AND v.version = e.version "
    f"WHERE e.key_id IN ({{ids}}) AND {sql.dated_in('e')} AND {sql.visible('e')} "
    "ORDER BY e.on_start, e.seq")


# Every fact of every relationship that holds on :day as recorded at :rec.
_ALL_FACTS = ("SELECT k.pair, k.subject, k.attribute, f.value, f.since, f.event_id "
              f"FROM tl_keys k JOIN tl_facts f ON {sql.holds('f', 'k.id')}")


def every_fact(conn: Connection, day: int, known_at: dt.datetime | None = None
               ) -> dict[str, list[Fact]]:
    """Every fact as of a day (an ordinal), by pair, with what events in flight leave
    uncertain: the network of the whole record."""
    rec = sql.record_time(known_at)
    facts: dict[str, list[Fact]] = {}
    for pair, subject, attribute, value, since, event_id in sql.rows(
            conn, _ALL_FACTS, {"day": day, "rec": rec}):
        facts.setdefault(pair, []).append(Fact(subject, attribute, json.loads(value), since,
                                               event_id))
    by_pair: dict[str, dict[Key, list[Flight]]] = {}
    for key, found in in_flight(conn, day, rec).items():
        by_pair.setdefault(key[0], {})[key] = found
        facts.setdefault(key[0], [])
    return {pair: with_possible(pair, found, by_pair.get(pair, {}))
            for pair, found in facts.items()}


# The members of a group: the actors whose relationship with it has the fact
# membership:GROUP.status = member on the day (one row per fact, as in _ACTOR_STATE).
_MEMBERS = (
    "SELECT p.other, p.pair, f.value, f.since, f.event_id "
    "FROM tl_pairs p JOIN tl_keys k ON k.pair = p.pair AND k.subject = :subject "
    "AND k.attribute = 'status' "
    f"JOIN tl_facts f ON {sql.holds('f', 'k.id')} WHERE p.actor = :group "
    "ORDER BY p.other")


def members(conn: Connection, group: str, day: int, known_at: dt.datetime | None = None
            ) -> Members:
    """The members of ``group`` at the end of a day (an ordinal): those known to be, and
    those who may be (a joining or a leaving dated by a span that holds the day)."""
    subject, rec = f"{MEMBERSHIP}:{group}", sql.record_time(known_at)
    known = {pair: (other, Fact(subject, "status", json.loads(value), since, event_id))
             for other, pair, value, since, event_id in sql.rows(conn, _MEMBERS, {
                 "subject": subject, "group": group, "day": day, "rec": rec})}
    flights = {key: found for key, found in in_flight(conn, day, rec, actor=group).items()
               if key[1:] == (subject, "status")}
    for pair, _, _ in flights:
        known.setdefault(pair, (other_of(pair, group), Fact(subject, "status", None, None, None)))
    found = []
    for pair, (other, fact) in sorted(known.items(), key=lambda item: item[1][0]):
        flying = flights.get((pair, subject, "status"), [])
        fact = uncertain(fact, flying)
        if fact.certainty == "certain" and fact.value == MEMBER:
            found.append(Membership(other, fact.since or "", fact.event or ""))
        elif fact.certainty != "certain" and MEMBER in fact.possible_values:
            # the event that may make it a member: its joining, or (a member known) the
            # leaving that may have ended it
            joins = [e for _, value, e, _ in flying if json.loads(value) == MEMBER]
            found.append(Membership(other, fact.since, fact.event, "possible",
                                    joins[-1] if fact.value != MEMBER and joins
                                    else fact.possible_event))
    return Members(group, day_text(day), found, known_text(known_at))


def changes(conn: Connection, first: dt.date, last: dt.date, actor: str | None = None,
            types: Sequence[str] = (), known_at: dt.datetime | None = None) -> Changes:
    """What changed on the days from ``first`` to ``last`` (both included) in every
    relationship (or ``actor``'s): each fact's value at the end of the day before ``first``
    against the end of ``last``, with the events that touched it in the period; with
    ``types``, only the changes that events of those types took part in."""
    lo, hi = first.toordinal(), last.toordinal()
    rec = sql.record_time(known_at)
    period = {"before": lo - 1, "lo": lo, "hi": hi, "rec": rec}
    query = _TOUCHED + (_OF_ACTOR if actor is not None else "")
    changed = {
        key_id: (pair, subject, attribute, before, after)
        for key_id, pair, subject, attribute, before, after in sql.rows(
            conn, query, {**period, "actor": actor} if actor is not None else period)
        if before != after
    }
    causes: dict[int, list[tuple[str, str, str, int]]] = {}
    ids = sorted(changed)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        statement = _CAUSES.format(ids=", ".join(str(int(i)) for i in chunk))
        for key_id, event_id, type_name, on_text, on_lo in sql.rows(conn, statement, period):
            causes.setdefault(key_id, []).append((event_id, type_name, on_text, on_lo))
    found = []
    for key_id, (pair, subject, attribute, before, after) in changed.items():
        made_by = causes.get(key_id, [])
        if types and not any(t in types for _, t, _, _ in made_by):
            continue
        if first_seen(before, [on_text for _, _, on_text, _ in made_by]):
            continue
        found.append(PairChange(
            actors_of(pair), subject, attribute, None if before is None else json.loads(before),
            None if after is None else json.loads(after),
            list(dict.fromkeys(event_id for event_id, _, _, _ in made_by)),
            certainty(lo, [on_lo for _, _, _, on_lo in made_by])))
    found += _possible(conn, lo, hi, rec, actor, types,
                       {(c.actors, c.subject, c.attribute) for c in found})
    found.sort(key=lambda c: (c.actors, *fact_order(c.subject, c.attribute)))
    return Changes(
        from_=first.isoformat(), to=last.isoformat(), changes=found,
        announced=_announced(conn, lo, hi, rec, actor), actor=actor,
        known_at=known_text(known_at))


# A fact's value at the end of the day before a period and at its end.
_BOUNDS = (f"SELECT {_VALUES} FROM tl_keys k "
           "WHERE k.pair = :pair AND k.subject = :subject AND k.attribute = :attribute")


def _possible(conn: Connection, lo: int, hi: int, rec: int, actor: str | None,
              types: Sequence[str], listed: set[tuple[tuple[str, ...], str, str]]
              ) -> list[PairChange]:
    """The changes that events in flight at the end of the period may have made."""
    flights = in_flight(conn, hi, rec, actor=actor or None)
    by_pair: dict[str, dict[tuple[str, str, str], Any]] = {}
    for key, flying in flights.items():  # grouped once: not one pass over all per pair
        by_pair.setdefault(key[0], {})[key] = flying
    found = []
    for pair, mine in sorted(by_pair.items()):
        before: dict[tuple[str, str], Any] = {}
        after: dict[tuple[str, str], Any] = {}
        for _, subject, attribute in mine:
            (was, now), = sql.rows(conn, _BOUNDS, {
                "before": lo - 1, "hi": hi, "rec": rec,
                "pair": pair, "subject": subject, "attribute": attribute})
            for values, value in ((before, was), (after, now)):
                if value is not None:
                    values[(subject, attribute)] = json.loads(value)
        for change in possible_changes(pair, before, after, mine):
            if (actors_of(pair), change.subject, change.attribute) in listed:
                continue
            if types and not _of_types(conn, change.events, types, rec):
                continue
            found.append(PairChange(actors_of(pair), change.subject, change.attribute,
                                    change.before, change.after, change.events, "possible"))
    return found


# Whether any of some events, as recorded at :rec, is of one of some types.
_OF_TYPES = ("SELECT 1 FROM tl_versions v WHERE {ids} AND {types} AND "
             f"{sql.visible('v')} LIMIT 1")


def _of_types(conn: Connection, event_ids: Sequence[str], types: Sequence[str], rec: int
              ) -> bool:
    dialect = sql.dialect_of(conn)
    statement = _OF_TYPES.format(ids=dialect.one_of("v.event_id", "ids"),
                                 types=dialect.one_of("v.type", "types"))
    return bool(sql.rows(conn, statement, {"ids": dialect.listed(event_ids),
                                           "types": dialect.listed(types), "rec": rec}))


# The events announced in a period that take effect after it, in the order of their days:
# every one, and those of one actor's relationships (as ``states``' pending events are read).
_ANNOUNCED_IN = ("v.announced_start IS NOT NULL AND v.announced_start >= :lo "
                 "AND v.announced_start <= :hi AND v.on_start > :hi")
_ANNOUNCED = with_entries(_ANNOUNCED_IN)
_ANNOUNCED_OF_ACTOR = with_entries(f"p.actor = :actor AND {_ANNOUNCED_IN}", OF_ACTOR)


def _announced(conn: Connection, lo: int, hi: int, rec: int, actor: str | None
               ) -> list[EventData]:
    """Events announced in the period that take effect after it."""
    statement = _ANNOUNCED if actor is None else _ANNOUNCED_OF_ACTOR
    params = {"lo": lo, "hi": hi, "rec": rec, "actor": actor}
    return entries(conn, statement, params)
