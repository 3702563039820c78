"""The whole picture: every relationship of one actor, and every change in a period, each
read in one indexed query over all the relationships concerned, not a loop over them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select

from timeline.domain.overview import ActorState, Changes, Members, Membership, PairChange
from timeline.domain.values import (
    EventData,
    Fact,
    State,
    actors_of,
    fact_order,
    pair_key,
    sorted_pair,
)
from timeline.domain.vocabulary import MEMBERSHIP
from timeline.storage import schema
from timeline.storage.queries import (
    _day_text,
    _event,
    _known,
    _plain,
    _rec,
    _visible_versions,
    _with_content,
)
from timeline.storage.spans import (
    EVERY,
    OF_ACTOR,
    certainty,
    first_seen,
    in_flight,
    possible_changes,
    with_possible,
)

# Each fact of each of the actor's relationships, and of its rows visible at the record time
# the first (in valid_to order) that ends after the day: as in queries._STATE.
_ACTOR_STATE = (
    "SELECT p.other, k.subject, k.attribute, f.value, f.since, f.event_id "
    "FROM tl_pairs p JOIN tl_keys k ON k.pair = p.pair "
    "JOIN tl_facts f ON f.id = (SELECT g.id FROM tl_facts g WHERE g.key_id = k.id "
    "AND g.valid_to > {p} AND g.rec_from <= {p} AND g.rec_to > {p} "
    "ORDER BY g.valid_to LIMIT 1) WHERE p.actor = {p} AND f.valid_from <= {p}")
# A fact's value at the end of a day (NULL when none holds), for the query below.
_VALUE_AT = (
    "(SELECT CASE WHEN g.valid_from <= {p} THEN g.value END FROM tl_facts g "
    "WHERE g.key_id = k.id AND g.valid_to > {p} AND g.rec_from <= {p} AND g.rec_to > {p} "
    "ORDER BY g.valid_to LIMIT 1)")
# Every fact an effect dated in the period touches, with its value before and after it.
_TOUCHED = (
    "SELECT k.id, k.pair, k.subject, k.attribute, " + _VALUE_AT + ", " + _VALUE_AT + " "
    "FROM tl_keys k WHERE k.id IN (SELECT e.key_id FROM tl_effects e WHERE e.on_start >= {p} "
    "AND e.on_start <= {p} AND e.rec_from <= {p} AND e.rec_to > {p})")
_OF_ACTOR = " AND k.pair IN (SELECT pair FROM tl_pairs WHERE actor = {p})"
# The effects in the period of the facts that changed, in the order they apply.
_CAUSES = (
    "SELECT e.key_id, e.event_id, v.type, e.on_text, e.on_lo FROM tl_effects e JOIN tl_versions v "
    "ON v.event_id = e.event_id AND v.version = e.version "
    "WHERE e.key_id IN ({ids}) AND e.on_start >= {p} AND e.on_start <= {p} "
    "AND e.rec_from <= {p} AND e.rec_to > {p} ORDER BY e.on_start, e.seq")


def _other(pair: str, actor: str) -> str:
    """The counterpart a pair names beside ``actor`` (the actor itself for its own)."""
    parties = actors_of(pair)
    return next((x for x in parties if x != actor), actor)


def actor_state(conn: Connection, actor: str, day: int,
                known_at: dt.datetime | None = None) -> ActorState:
    """Every relationship of ``actor`` as of a day (an ordinal), and what is announced in
    them for later."""
    rec = _rec(known_at)
    facts: dict[str, list[Fact]] = {}
    for other, subject, attribute, value, since, event_id in _plain(
            conn, _ACTOR_STATE, (day, rec, rec, actor, day)):
        facts.setdefault(other, []).append(
            Fact(subject, attribute, json.loads(value), since, event_id))
    flights = in_flight(conn, OF_ACTOR, (actor,), day, rec)
    for pair, _, _ in flights:
        facts.setdefault(_other(pair, actor), [])
    facts = {other: with_possible(actor if other == actor else pair_key(actor, other),
                                  found, flights)
             for other, found in facts.items()}
    facts = {other: found for other, found in facts.items() if found}
    own = facts.pop(actor, [])  # the actor's own facts are filed under itself
    groups = [Membership(other, f.since or "", f.event or "")
              for other, found in sorted(facts.items()) for f in found
              if (f.subject, f.attribute, f.value, f.certainty) ==
              (f"{MEMBERSHIP}:{other}", "status", "member", "certain")]
    v, p = schema.versions, schema.pairs
    pending = conn.execute(
        _with_content(conn, _visible_versions(rec)).join(p, p.c.pair == v.c.pair)
        .where(p.c.actor == actor, v.c.announced_start.is_not(None),
               v.c.announced_start <= day, v.c.on_start > day)
    ).all()
    return ActorState(
        actor=actor,
        as_of=_day_text(day),
        relationships=[
            State(sorted_pair(actor, other), _day_text(day),
                  sorted(found, key=lambda f: fact_order(f.subject, f.attribute)), [])
            for other, found in sorted(facts.items())
        ],
        pending=[_event(conn, row) for row in pending],
        known_at=_known(known_at),
        facts=sorted(own, key=lambda f: fact_order(f.subject, f.attribute)),
        groups=groups,
    )


# The members of a group: the actors whose relationship with it has the fact
# membership:GROUP.status = member on the day (one row per fact, as in _ACTOR_STATE).
_MEMBERS = (
    "SELECT p.other, f.since, f.event_id "
    "FROM tl_pairs p JOIN tl_keys k ON k.pair = p.pair AND k.subject = {p} "
    "AND k.attribute = 'status' "
    "JOIN tl_facts f ON f.id = (SELECT g.id FROM tl_facts g WHERE g.key_id = k.id "
    "AND g.valid_to > {p} AND g.rec_from <= {p} AND g.rec_to > {p} "
    "ORDER BY g.valid_to LIMIT 1) WHERE p.actor = {p} AND f.valid_from <= {p} "
    "AND f.value = {p} ORDER BY p.other")


def members(conn: Connection, group: str, day: int, known_at: dt.datetime | None = None
            ) -> Members:
    """The members of ``group`` at the end of a day (an ordinal)."""
    rec = _rec(known_at)
    rows = _plain(conn, _MEMBERS, (f"{MEMBERSHIP}:{group}", day, rec, rec, group, day,
                                   json.dumps("member")))
    return Members(group, _day_text(day),
                   [Membership(other, since, event_id) for other, since, event_id in rows],
                   _known(known_at))


def changes(conn: Connection, first: dt.date, last: dt.date, actor: str | None = None,
            types: Sequence[str] = (), known_at: dt.datetime | None = None) -> Changes:
    """What changed on the days from ``first`` to ``last`` (both included) in every
    relationship (or ``actor``'s): each fact's value at the end of the day before ``first``
    against the end of ``last``, with the events that touched it in the period; with
    ``types``, only the changes that events of those types took part in."""
    lo, hi = first.toordinal(), last.toordinal()
    rec = _rec(known_at)
    query = _TOUCHED + (_OF_ACTOR if actor is not None else "")
    params: tuple[object, ...] = (lo - 1, lo - 1, rec, rec, hi, hi, rec, rec, lo, hi, rec, rec)
    if actor is not None:
        params = (*params, actor)
    changed = {
        key_id: (pair, subject, attribute, before, after)
        for key_id, pair, subject, attribute, before, after in _plain(conn, query, params)
        if before != after
    }
    causes: dict[int, list[tuple[str, str, str, int]]] = {}
    ids = sorted(changed)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        statement = _CAUSES.replace("{ids}", ", ".join(str(i) for i in chunk))
        for key_id, event_id, type_name, on_text, on_lo in _plain(conn, statement,
                                                                  (lo, hi, rec, rec)):
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
        announced=_announced(conn, lo, hi, rec, actor), actor=actor, known_at=_known(known_at))


# A fact's value at the end of the day before a period and at its end.
_BOUNDS = ("SELECT " + _VALUE_AT + ", " + _VALUE_AT + " FROM tl_keys k "
           "WHERE k.pair = {p} AND k.subject = {p} AND k.attribute = {p}")


def _possible(conn: Connection, lo: int, hi: int, rec: int, actor: str | None,
              types: Sequence[str], listed: set[tuple[tuple[str, ...], str, str]]
              ) -> list[PairChange]:
    """The changes that events in flight at the end of the period may have made."""
    flights = in_flight(conn, OF_ACTOR if actor else EVERY, (actor,) if actor else (),
                        hi, rec)
    by_pair: dict[str, dict[tuple[str, str, str], Any]] = {}
    for key, flying in flights.items():  # grouped once: not one pass over all per pair
        by_pair.setdefault(key[0], {})[key] = flying
    found = []
    for pair, mine in sorted(by_pair.items()):
        before: dict[tuple[str, str], Any] = {}
        after: dict[tuple[str, str], Any] = {}
        for _, subject, attribute in mine:
            (was, now), = _plain(conn, _BOUNDS, (lo - 1, lo - 1, rec, rec, hi, hi, rec, rec,
                                                 pair, subject, attribute))
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


def _of_types(conn: Connection, event_ids: Sequence[str], types: Sequence[str], rec: int
              ) -> bool:
    v = schema.versions
    return conn.execute(
        select(v.c.event_id).where(v.c.event_id.in_(list(event_ids)), v.c.rec_from <= rec,
                                   v.c.rec_to > rec, v.c.type.in_(list(types))).limit(1)
    ).first() is not None


def _announced(conn: Connection, lo: int, hi: int, rec: int, actor: str | None
               ) -> list[EventData]:
    """Events announced in the period that take effect after it."""
    v, p = schema.versions, schema.pairs
    query = _with_content(conn, _visible_versions(rec)).where(
        v.c.announced_start.is_not(None), v.c.announced_start >= lo,
        v.c.announced_start <= hi, v.c.on_start > hi)
    if actor is not None:
        query = query.join(p, p.c.pair == v.c.pair).where(p.c.actor == actor)
    return [_event(conn, row) for row in conn.execute(query)]
