"""Whole histories, for charts and reports: the versions of a relationship's corrected and
retracted events, and every relationship of one actor over time."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Connection, select

from timeline.domain.overview import Network
from timeline.domain.values import EventData, Interval, Version, pair_key
from timeline.storage import queries, schema
from timeline.storage.queries import (
    LIVE,
    _day_text,
    _decoded,
    _event,
    _known,
    _rec,
    _time,
    _visible_versions,
    _with_content,
)
from timeline.storage.schema import CONTENT_READER, VALID_OPEN


def revisions(conn: Connection, a: str, b: str, known_at: dt.datetime | None = None
              ) -> dict[str, list[Version]]:
    """Every version, as recorded by ``known_at``, of each event of the relationship that
    was corrected or retracted by then, oldest first."""
    rec = _rec(known_at)
    v = schema.versions
    revised = (select(v.c.event_id).where(v.c.pair == pair_key(a, b), v.c.version > 1,
                                          v.c.rec_from <= rec).distinct())
    rows = conn.execute(
        _with_content(conn, select(v.c.event_id, v.c.version, v.c.status, v.c.reason,
                                   v.c.recorded_at, v.c.content_version))
        .where(v.c.event_id.in_(revised), v.c.rec_from <= rec)
        .order_by(v.c.event_id, v.c.version)
    ).all()
    found: dict[str, list[Version]] = {}
    reader = conn.info[CONTENT_READER]
    for row in rows:
        at = _time(row.recorded_at)
        found.setdefault(row.event_id, []).append(Version(
            row.version, row.status, at, row.reason,
            EventData.from_stored(row.event_id, _decoded(reader, row), at, row.status)))
    return found


# Each fact interval of each of the actor's relationships visible at the record time.
_INTERVALS = (
    "SELECT p.other, k.subject, k.attribute, f.value, f.valid_from, f.valid_to, f.since, "
    "f.event_id FROM tl_pairs p JOIN tl_keys k ON k.pair = p.pair "
    "JOIN tl_facts f ON f.key_id = k.id WHERE p.actor = {p} AND f.rec_from <= {p} "
    "AND f.rec_to > {p} ORDER BY p.other, k.subject, k.attribute, f.valid_from")
# The actors it has a relationship with: one with an event that counts at the record time.
_COUNTERPARTS = (
    "SELECT p.other FROM tl_pairs p WHERE p.actor = {p} AND EXISTS (SELECT 1 FROM "
    "tl_versions v WHERE v.pair = p.pair AND v.rec_from <= {p} AND v.rec_to > {p} "
    "AND v.status IN (" + ", ".join(f"'{s}'" for s in LIVE) + ")) ORDER BY p.other")


def network(conn: Connection, actor: str, known_at: dt.datetime | None = None) -> Network:
    """Every relationship of ``actor``, as recorded at ``known_at``: its counterparts, their
    fact intervals, and the events announced in them before they took effect."""
    rec = _rec(known_at)
    counterparts = [other for (other,) in queries._plain(conn, _COUNTERPARTS,
                                                          (actor, rec, rec))]
    # The actor's own facts (filed under itself) are not a relationship: no node, no lane.
    intervals: dict[str, list[Interval]] = {other: [] for other in counterparts
                                            if other != actor}
    for other, subject, attribute, value, start, end, since, event_id in queries._plain(
            conn, _INTERVALS, (actor, rec, rec)):
        if other == actor:
            continue
        intervals.setdefault(other, []).append(Interval(
            subject, attribute, json.loads(value), _day_text(start),
            None if end >= VALID_OPEN else _day_text(end), since, event_id))
    v, p = schema.versions, schema.pairs
    announced = conn.execute(
        _with_content(conn, _visible_versions(rec)).join(p, p.c.pair == v.c.pair)
        .where(p.c.actor == actor, v.c.announced_start.is_not(None),
               v.c.announced_start < v.c.on_start)
    ).all()
    return Network(
        actor=actor,
        names={x.id: x.name for x in queries.actors(conn, [actor, *intervals])},
        counterparts=sorted(intervals),
        intervals=intervals,
        announced=[_event(conn, row) for row in announced],
        known_at=_known(known_at),
    )
