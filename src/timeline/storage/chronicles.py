"""Whole histories, for charts and reports: the versions of a relationship's corrected and
retracted events, and every relationship of one actor over time."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select

from timeline.domain.dates import format_time
from timeline.domain.histories import Chronicle, Interval, Version
from timeline.domain.overview import Network
from timeline.domain.values import pair_key, sorted_pair
from timeline.storage import queries, schema, sql
from timeline.storage.queries import interval, visible_versions
from timeline.storage.states import known_text, parse_time, stored_event


def revisions(conn: Connection, a: str, b: str, known_at: dt.datetime | None = None
              ) -> dict[str, list[Version]]:
    """Every version, as recorded by ``known_at``, of each event of the relationship that
    was corrected or retracted by then, oldest first."""
    rec = sql.record_time(known_at)
    v = schema.versions
    revised = (select(v.c.event_id).where(v.c.pair == pair_key(a, b), v.c.version > 1,
                                          v.c.rec_from <= rec).distinct())
    rows = conn.execute(
        select(v.c.event_id, v.c.version, v.c.status, v.c.reason, v.c.recorded_at,
               v.c.recorded_by, v.c.content)
        .where(v.c.event_id.in_(revised), v.c.rec_from <= rec)
        .order_by(v.c.event_id, v.c.version)
    ).all()
    found: dict[str, list[Version]] = {}
    for row in rows:
        at = parse_time(row.recorded_at)
        found.setdefault(row.event_id, []).append(Version(
            row.version, row.status, at, row.reason,
            stored_event((row.event_id, row.status, row.recorded_at, row.recorded_by,
                          row.content)), row.recorded_by))
    return found


# Each fact interval of each of the actor's relationships visible at the record time.
_INTERVALS = (
    "SELECT p.other, k.subject, k.attribute, f.value, f.valid_from, f.valid_to, f.since, "
    "f.event_id FROM tl_pairs p JOIN tl_keys k ON k.pair = p.pair "
    f"JOIN tl_facts f ON f.key_id = k.id WHERE p.actor = :actor AND {sql.visible('f')} "
    "ORDER BY p.other, k.subject, k.attribute, f.valid_from")
# The actors it has a relationship with: one with an event that counts at the record time.
_COUNTERPARTS = (
    "SELECT p.other FROM tl_pairs p WHERE p.actor = :actor AND EXISTS (SELECT 1 FROM "
    f"tl_versions v WHERE v.pair = p.pair AND {sql.visible('v')} AND {sql.live('v')}) "
    "ORDER BY p.other")


def network(conn: Connection, actor: str, known_at: dt.datetime | None = None) -> Network:
    """Every relationship of ``actor``, as recorded at ``known_at``: its counterparts, their
    fact intervals, and the events announced in them before they took effect."""
    rec = sql.record_time(known_at)
    params = {"actor": actor, "rec": rec}
    counterparts = [other for (other,) in sql.rows(conn, _COUNTERPARTS, params)]
    # The actor's own facts (filed under itself) are not a relationship: no node, no lane.
    intervals: dict[str, list[Interval]] = {other: [] for other in counterparts
                                            if other != actor}
    for other, subject, attribute, value, start, end, since, event_id in sql.rows(
            conn, _INTERVALS, params):
        found = interval(subject, attribute, value, start, end, since, event_id)
        if other != actor and found is not None:
            intervals.setdefault(other, []).append(found)
    v, p = schema.versions, schema.pairs
    announced = conn.execute(
        visible_versions(rec).join(p, p.c.pair == v.c.pair)
        .where(p.c.actor == actor, v.c.announced_start.is_not(None),
               v.c.announced_start < v.c.on_start)
    ).all()
    return Network(
        actor=actor,
        names={x.id: x.name for x in queries.actors(conn, [actor, *intervals])},
        counterparts=sorted(intervals),
        intervals=intervals,
        announced=[stored_event(row) for row in announced],
        known_at=known_text(known_at),
    )


def chronicle(conn: Connection, a: str, b: str, known_at: dt.datetime | None) -> Chronicle:
    """A relationship's fact intervals and events, for charts and reports."""
    return Chronicle(
        actors=sorted_pair(a, b),
        names={x.id: x.name for x in queries.actors(conn, (a, b))},
        intervals=queries.intervals(conn, a, b, known_at),
        events=list(queries.log(conn, (a, b), known_at=known_at)),
        known_at=format_time(known_at) if known_at else None,
        revisions=revisions(conn, a, b, known_at),
    )
