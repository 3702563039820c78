"""The answers, read from the read model's tables with indexed lookups.

Each function takes an open connection, so that an answer made of several queries is read
in one transaction, from one snapshot (see ``Database.reading``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Select, select

from timeline.domain.histories import Interval
from timeline.domain.values import EventData, canonical, pair_key
from timeline.storage import schema, sql
from timeline.storage.diffs import EventList as EventList
from timeline.storage.diffs import diff as diff
from timeline.storage.listing import actors as actors
from timeline.storage.listing import formed, log_entries
from timeline.storage.states import (
    day_text,
    stored_event,
)


def intervals(conn: Connection, a: str, b: str, known_at: dt.datetime | None = None
              ) -> list[Interval]:
    """Every fact interval of the relationship as recorded at ``known_at`` (or now)."""
    rec = sql.record_time(known_at)
    f, k = schema.facts, schema.keys
    rows = conn.execute(
        select(k.c.subject, k.c.attribute, f.c.value, f.c.valid_from, f.c.valid_to,
               f.c.since, f.c.event_id).join_from(k, f, f.c.key_id == k.c.id)
        .where(k.c.pair == pair_key(a, b), sql.seen_at(f, rec))
        .order_by(k.c.subject, k.c.attribute, f.c.valid_from)
    ).all()
    found = (interval(r.subject, r.attribute, r.value, r.valid_from, r.valid_to, r.since,
                      r.event_id) for r in rows)
    return [i for i in found if i is not None]


def interval(subject: str, attribute: str, value: str, start: int, end: int, since: str,
             event_id: str) -> Interval | None:
    """A fact row as an interval of days. What an open-ended span (D/..) would set is known
    on no day: its row, which begins past the calendar, is no interval (None), and the one
    before it runs on until further notice."""
    if start >= sql.NEVER_DAY:
        return None
    return Interval(subject, attribute, json.loads(value), day_text(start),
                    None if end >= sql.NEVER_DAY else day_text(end), since, event_id)


def log(conn: Connection, *args: Any, **kwargs: Any) -> Iterator[EventData]:
    """The events of ``log_entries``."""
    return formed(stored_event, log_entries(conn, *args, **kwargs))


def event(conn: Connection, event_id: str) -> EventData | None:
    """The event as the record now holds it (retracted ones too), or None."""
    return events_by_id(conn, [event_id]).get(event_id)


def events_by_id(conn: Connection, event_ids: Sequence[str]) -> dict[str, EventData]:
    """The events as the record now holds them (retracted ones too), by id."""
    v = schema.versions
    out: dict[str, EventData] = {}
    for start in range(0, len(event_ids), 500):
        for row in conn.execute(
            visible_versions(sql.NOW, include_retracted=True)
            .where(v.c.event_id.in_(event_ids[start:start + 500]))
        ):
            out[row.event_id] = stored_event(row)
    return out


@dataclass
class Stored:
    """What the store holds under one event id: every version's content, canonical."""

    contents: set[str] = field(default_factory=set)
    current: str = ""
    status: str = ""


# What a log entry (originator id, version, topic, state) says an event says: the log's
# reader (``EventLog.content_of``), or None where it cannot be read.
ContentOf = Callable[[str, int, str, bytes], Any]
# Every version of some events, with the log entry holding its content ({log}: the
# dialect's log table).
_VERSIONS = ("SELECT v.event_id, v.status, v.rec_to, l.originator_id, l.originator_version, "
             "l.topic, l.state FROM tl_versions v LEFT JOIN {log} l "
             "ON l.originator_id = 'event:' || v.event_id "
             "AND l.originator_version = v.content_version WHERE {ids}")


def versions_of(conn: Connection, event_ids: Iterable[str], content_of: ContentOf
                ) -> dict[str, Stored]:
    """For each of these ids the store holds, every version it has held, each's content
    as the log holds it (read by ``content_of``): what is recorded is compared with what
    the log says, not with the read model's form of it."""
    dialect = sql.dialect_of(conn)
    statement = _VERSIONS.format(log=dialect.log_table, ids=dialect.one_of("v.event_id", "ids"))
    ids = list(event_ids)
    out: dict[str, Stored] = {}
    for start in range(0, len(ids), 500):
        rows = sql.rows(conn, statement, {"ids": dialect.listed(ids[start:start + 500])})
        for event_id, status, rec_to, originator_id, version, topic, state in rows:
            stored = out.setdefault(event_id, Stored())
            content = None if state is None else content_of(originator_id, version, topic,
                                                            bytes(state))
            text = canonical(content) if isinstance(content, dict) else ""
            stored.contents.add(text)
            if rec_to == sql.REC_OPEN:
                stored.current, stored.status = text, status
    return out


def unreadable(conn: Connection) -> list[str]:
    """Events whose current version the projection could not read."""
    v = schema.versions
    return list(conn.execute(
        select(v.c.event_id).where(v.c.rec_to == sql.REC_OPEN, v.c.status == sql.UNREADABLE)
        .order_by(v.c.seq)
    ).scalars())


def event_ids_like(conn: Connection, event_id: str, limit: int = 5000) -> list[str]:
    """Current event ids that start as this one does (to suggest one for a typo): the first
    ``limit`` of them by id, not as the rows happen to lie (which a rebuild changes)."""
    v = schema.versions
    return list(conn.execute(
        select(v.c.event_id).where(v.c.rec_to == sql.REC_OPEN)
        .where(v.c.event_id.like(f"{event_id[:3]}%")).order_by(v.c.event_id).limit(limit)
    ).scalars())


def visible_versions(rec: int, include_retracted: bool = False) -> Select[Any]:
    """The versions visible at record time ``rec`` (those that count, unless
    ``include_retracted``), in the order of their days, then of recording: the columns of
    ``Entry``."""
    v = schema.versions
    query = (
        select(v.c.event_id, v.c.status, v.c.recorded_at, v.c.recorded_by, v.c.content)
        .where(sql.seen_at(v, rec))
        .order_by(v.c.on_start, v.c.seq)
    )
    if not include_retracted:
        query = query.where(v.c.status.in_(sql.LIVE))
    return query
